// The envelope every transport carries a call's outcome in, and the web host's wire details.
import type { ApiErrorBody } from './errors.ts';

export type CallOutcome<T = unknown> = { ok: true; result: T } | { ok: false; error: ApiErrorBody };

/** Web host: POST {API_PREFIX}<procedure> with the JSON input, `Authorization: Bearer <token>`. */
export const API_PREFIX = '/api/call/';
/** Web host: server-sent events, `?token=<token>` (EventSource cannot set headers). */
export const EVENTS_PATH = '/api/events';
/** Web host: GET {DOWNLOAD_PREFIX}<export id>?token=<token> streams a finished CSV export as an attachment. */
export const DOWNLOAD_PREFIX = '/api/download/';
/** The page URL carries the per-launch token in its fragment, which browsers never send to servers. */
export const TOKEN_FRAGMENT_KEY = 'token';

/** The reports with a print route of their own (#/print/<report>), which the desktop app prints to PDF. */
export const printReports = ['reports', 'approve', 'launch'] as const;
export type PrintReport = (typeof printReports)[number];

/** A file the user picked in the desktop app's own dialog: csv-import's token for it, and its name to show. */
export interface PickedFile {
  fileToken: string;
  fileName: string;
}

/** What the Electron preload exposes on `window.cutover`. */
export interface BridgeApi {
  call(name: string, input: unknown): Promise<CallOutcome>;
  /** Opens the native dialog to choose a CSV export; null when the user cancels. */
  pickFile(): Promise<CallOutcome<PickedFile | null>>;
  /** Returns an unsubscribe function. */
  onEvent(listener: (event: unknown) => void): () => void;
  /** Offers a finished CSV export (by its id) in a save dialog; resolves with the saved path, or null when cancelled. */
  saveExport(exportId: string, fileName: string): Promise<string | null>;
  /** Prints a report route (e.g. 'reports') to PDF in a hidden window and offers it in a save dialog. */
  printToPdf(route: string): Promise<string | null>;
}
