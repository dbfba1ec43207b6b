// The IPC entry point for `cutover:call`, kept pure (no `electron` import) so its checks can be
// tested with hostile senders and inputs. It answers every call with a CallOutcome and never
// throws: the sender is checked first, then the name and input against the contract, and only
// then is the call forwarded to the engine process.
import { CutoverError, type ApiErrorBody, type ErrorCode } from '../../shared/api/index.ts';
import { checkCall } from '../../shared/api/check-call.ts';
import type { CallOutcome } from '../../shared/api/transport.ts';
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

export function createCallHandler<E extends CallEvent>(opts: CallHandlerOptions<E>): (event: E, name: unknown, input: unknown) => Promise<CallOutcome> {
  return async (event, name, input) => {
    let trusted = false;
    try {
      trusted = isAppMainFrame(event) && (opts.isTrustedSender?.(event) ?? true);
    } catch {
      trusted = false;
    }
    if (!trusted) return fail('UNAUTHORIZED', 'This window is not allowed to call the Cutover engine.');

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
