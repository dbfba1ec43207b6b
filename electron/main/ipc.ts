// The IPC entry point for `cutover:call`, kept pure (no `electron` import) so its checks can be
// tested with hostile senders and inputs. It answers every call with a CallOutcome and never
// throws: the sender is checked first, then the name and input against the contract, and only
// then is the call forwarded to the engine process.
import { CutoverError, type ApiErrorBody, type ErrorCode } from '../../shared/api/index.ts';
import { checkCall } from '../../shared/api/check-call.ts';
import type { CallOutcome, PickedFile } from '../../shared/api/transport.ts';
import { isAppUrl } from './trusted-url.ts';

/** The parts of Electron's IpcMainInvokeEvent the checks read. */
export interface CallEvent {
  readonly senderFrame?: { readonly url: string; readonly parent: unknown } | null;
}

export interface CallHandlerOptions<E extends CallEvent> {
  /** An extra check on the sender (e.g. it is the app's window), on top of the frame check, which always applies. */
  isTrustedSender?: (event: E) => boolean;
  /** Hands a validated call to the engine. */
  forward: (name: string, input: unknown) => Promise<CallOutcome>;
}

function fail(code: ErrorCode, message: string, issues?: ApiErrorBody['issues']): CallOutcome {
  return { ok: false, error: new CutoverError(code, message, issues).toBody() };
}

/** The sender is the main frame of a page on the app's own origin. */
function isAppMainFrame(event: CallEvent): boolean {
  let frame: CallEvent['senderFrame'];
  try {
    // Electron's getter can throw (or return null) once the frame has navigated or gone.
    frame = event.senderFrame;
  } catch {
    return false;
  }
  if (!frame) return false;
  if (frame.parent !== null) return false;
  return isAppUrl(frame.url);
}

function isTrusted<E extends CallEvent>(event: E, extra?: (event: E) => boolean): boolean {
  try {
    return isAppMainFrame(event) && (extra?.(event) ?? true);
  } catch {
    return false;
  }
}

export function createCallHandler<E extends CallEvent>(opts: CallHandlerOptions<E>): (event: E, name: unknown, input: unknown) => Promise<CallOutcome> {
  return async (event, name, input) => {
    if (!isTrusted(event, opts.isTrustedSender)) return fail('UNAUTHORIZED', 'This window is not allowed to call the Cutover engine.');

    let call: ReturnType<typeof checkCall>;
    try {
      call = checkCall(name, input);
    } catch (err) {
      return { ok: false, error: (err as CutoverError).toBody() };
    }

    try {
      // The raw input goes on: the engine validates again and applies defaults itself.
      return await opts.forward(call.name, input ?? {});
    } catch (err) {
      return fail('INTERNAL', `The engine did not answer: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
}

export interface PickFileHandlerOptions<E extends CallEvent> {
  isTrustedSender?: (event: E) => boolean;
  /** Shows the native open dialog; the chosen path, or null when cancelled. */
  showDialog: () => Promise<string | null>;
  /** Asks the engine for a token naming the file (engine-link's grantFile). */
  grant: (path: string) => Promise<CallOutcome>;
}

/**
 * `cutover:pick-file`: the user picks a CSV in the main process's own dialog, and the window gets
 * a token for it — never the path, which it could not have sent anyway (csv-import takes none).
 */
export function createPickFileHandler<E extends CallEvent>(opts: PickFileHandlerOptions<E>): (event: E) => Promise<CallOutcome<PickedFile | null>> {
  return async (event) => {
    if (!isTrusted(event, opts.isTrustedSender)) return fail('UNAUTHORIZED', 'This window is not allowed to open files.') as CallOutcome<never>;
    try {
      const path = await opts.showDialog();
      if (path === null) return { ok: true, result: null };
      const granted = await opts.grant(path);
      if (!granted.ok) return granted;
      const { fileToken } = granted.result as { fileToken: string };
      return { ok: true, result: { fileToken, fileName: path.split(/[\\/]/).at(-1) ?? path } };
    } catch (err) {
      return fail('INTERNAL', `The file could not be opened: ${err instanceof Error ? err.message : String(err)}`) as CallOutcome<never>;
    }
  };
}
