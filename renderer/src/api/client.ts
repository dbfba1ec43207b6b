// The one way the renderer reaches the engine. In the desktop app the preload's bridge
// (window.cutover) carries calls over IPC; in a browser the web host carries them over
// HTTP + server-sent events, authorised by the per-launch token.
import { z } from 'zod';
import type { ApiClient, Input, Output, ProcedureName } from '../../../shared/api/index.ts';
import { EngineEvent } from '../../../shared/api/events.ts';
import { isApiErrorBody } from '../../../shared/api/errors.ts';
import { API_PREFIX, DOWNLOAD_PREFIX, EVENTS_PATH, type BridgeApi, type CallOutcome, type PickedFile, type PrintReport } from '../../../shared/api/transport.ts';
import { ApiError } from './ApiError.ts';
import { takeToken } from './token.ts';

// The page's CSP has no 'unsafe-eval': zod must not probe `new Function` (the probe itself is
// reported as a violation), so it validates without its JIT.
z.config({ jitless: true });

type Listener = (event: EngineEvent) => void;

/** The API client, plus word of when events may have been missed. */
export interface RendererApi extends ApiClient {
  /**
   * Calls back when the event stream comes back after dropping (the browser's EventSource
   * reconnects on its own): events sent meanwhile were missed, so what was read may be stale.
   */
  onReconnect(listener: () => void): () => void;
  /** Hands a finished CSV export to the reviewer: a download in a browser, a save dialog in the desktop app. */
  saveExport(exportId: string, fileName: string): Promise<void>;
  /** Prints the given report route to PDF: the browser's print dialog, or the desktop app's printToPDF. */
  printReport(route: PrintReport): Promise<void>;
}

/** Thrown by createApiClient when neither a bridge nor a token is available. */
export class NoAccessError extends Error {
  constructor() {
    super('Open the URL printed by `npm start`, which includes the access token.');
    this.name = 'NoAccessError';
  }
}

function unwrap<T>(outcome: unknown): T {
  if (typeof outcome === 'object' && outcome !== null && 'ok' in outcome) {
    const o = outcome as CallOutcome;
    if (o.ok) return o.result as T;
    if (isApiErrorBody(o.error)) throw ApiError.fromBody(o.error);
  }
  throw new ApiError('INTERNAL', 'The engine sent an answer the app does not understand.');
}

function parseEvent(raw: unknown): EngineEvent | null {
  const parsed = EngineEvent.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

function bridgeClient(bridge: BridgeApi): RendererApi {
  return {
    async call<N extends ProcedureName>(name: N, input: Input<N>): Promise<Output<N>> {
      let outcome: unknown;
      try {
        outcome = await bridge.call(name, input);
      } catch (err) {
        throw new ApiError('INTERNAL', `The engine did not answer: ${(err as Error).message ?? String(err)}`);
      }
      return unwrap<Output<N>>(outcome);
    },
    subscribe(listener: Listener): () => void {
      return bridge.onEvent((raw) => {
        const event = parseEvent(raw);
        if (event) listener(event);
      });
    },
    // IPC to the main process does not drop.
    onReconnect: () => () => {},
    async saveExport(exportId, fileName) {
      await bridge.saveExport(exportId, fileName);
    },
    async printReport(route) {
      await bridge.printToPdf(route);
    },
    async pickFile(): Promise<PickedFile | null> {
      let outcome: unknown;
      try {
        outcome = await bridge.pickFile();
      } catch (err) {
        throw new ApiError('INTERNAL', `The file dialog did not open: ${(err as Error).message ?? String(err)}`);
      }
      return unwrap<PickedFile | null>(outcome);
    },
  };
}

function webClient(token: string): RendererApi {
  const listeners = new Set<Listener>();
  const reconnectListeners = new Set<() => void>();
  let source: EventSource | null = null;

  function open(): void {
    source = new EventSource(`${EVENTS_PATH}?token=${encodeURIComponent(token)}`);
    let opened = false;
    source.onopen = () => {
      if (opened) for (const l of [...reconnectListeners]) l();
      opened = true;
    };
    source.onmessage = (msg: MessageEvent<string>) => {
      let raw: unknown;
      try {
        raw = JSON.parse(msg.data);
      } catch {
        return;
      }
      const event = parseEvent(raw);
      if (event) for (const l of [...listeners]) l(event);
    };
  }

  return {
    async call<N extends ProcedureName>(name: N, input: Input<N>): Promise<Output<N>> {
      let res: Response;
      try {
        res = await fetch(`${API_PREFIX}${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify(input ?? {}),
          credentials: 'omit',
          cache: 'no-store',
        });
      } catch (err) {
        throw new ApiError('INTERNAL', `Cannot reach the Cutover engine (${(err as Error).message}). Is \`npm start\` still running?`);
      }
      const text = await res.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new ApiError('INTERNAL', `The engine answered ${res.status}: ${text.slice(0, 200) || res.statusText}`);
      }
      return unwrap<Output<N>>(body);
    },
    subscribe(listener: Listener): () => void {
      listeners.add(listener);
      if (!source) open();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && source) {
          source.close();
          source = null;
        }
      };
    },
    onReconnect(listener: () => void): () => void {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
    async saveExport(exportId, fileName) {
      const a = document.createElement('a');
      a.href = `${DOWNLOAD_PREFIX}${encodeURIComponent(exportId)}?token=${encodeURIComponent(token)}&name=${encodeURIComponent(fileName)}`;
      a.download = fileName;
      document.body.append(a);
      a.click();
      a.remove();
    },
    async printReport() {
      // The print stylesheet (styles/print.css) makes the page read as a report.
      window.print();
    },
  };
}

/** The client for whichever host this page runs in. Throws NoAccessError if there is none. */
export function createApiClient(): RendererApi {
  const bridge = window.cutover;
  if (bridge && typeof bridge.call === 'function') return bridgeClient(bridge);
  const token = takeToken();
  if (!token) throw new NoAccessError();
  return webClient(token);
}
