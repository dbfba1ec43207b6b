// The preload: exposes exactly the BridgeApi on `window.cutover` and nothing else. It runs
// sandboxed, where only 'electron' and a few built-ins can be required, so it imports nothing
// but types and the channel names (bundled in). ipcRenderer itself is never exposed, and the
// IPC event object (which holds a reference to it) never reaches the page.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { BridgeApi, CallOutcome, PickedFile } from '../../shared/api/transport.ts';
import { CALL_CHANNEL, EVENT_CHANNEL, PICK_FILE_CHANNEL, PRINT_PDF_CHANNEL, SAVE_EXPORT_CHANNEL } from './channels.ts';

const bridge: BridgeApi = {
  call(name: string, input: unknown): Promise<CallOutcome> {
    return ipcRenderer.invoke(CALL_CHANNEL, name, input) as Promise<CallOutcome>;
  },
  pickFile(): Promise<CallOutcome<PickedFile | null>> {
    return ipcRenderer.invoke(PICK_FILE_CHANNEL) as Promise<CallOutcome<PickedFile | null>>;
  },
  onEvent(listener: (event: unknown) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('onEvent needs a function.');
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(EVENT_CHANNEL, wrapped);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
    };
  },
  saveExport(exportId: string, fileName: string): Promise<string | null> {
    return ipcRenderer.invoke(SAVE_EXPORT_CHANNEL, String(exportId), String(fileName)) as Promise<string | null>;
  },
  printToPdf(route: string): Promise<string | null> {
    return ipcRenderer.invoke(PRINT_PDF_CHANNEL, String(route)) as Promise<string | null>;
  },
};

contextBridge.exposeInMainWorld('cutover', bridge);
