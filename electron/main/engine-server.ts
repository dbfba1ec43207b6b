// The engine's side of the utility-process link: opens the engine, answers call messages with
// outcomes, forwards engine events, and closes the workspace cleanly on request. Plain Node with
// an injected port, so it is tested without Electron; engine-process.ts wires it to parentPort.
import { toErrorBody, type ApiErrorBody } from '../../shared/api/errors.ts';
import type { CallOutcome } from '../../shared/api/transport.ts';
import type { Engine } from '../engine/engine.ts';
import { isToEngine, type FromEngine, type ToEngine } from './engine-protocol.ts';

/** What the server needs of Electron's `process.parentPort`. */
export interface PortLike {
  on(event: 'message', listener: (messageEvent: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

/** What the server uses of the engine (tests pass stand-ins). */
export type EngineLike = Pick<Engine, 'handle' | 'onEvent' | 'close' | 'grantFile'>;

export interface EngineServer {
  /** Closes the engine once (later calls wait for the same close). */
  close(): Promise<void>;
}

export interface ServeOptions {
  /** The main process's keys for this workspace; it sends them before any call. */
  onSecretsInit?: (message: Extract<ToEngine, { kind: 'secrets-init' }>) => void;
}

export function serveEngine(port: PortLike, openEngine: () => EngineLike, onClosed: () => void = () => {}, opts: ServeOptions = {}): EngineServer {
  // Never throws: the parent may be gone, or a result may not be cloneable.
  const post = (message: FromEngine): boolean => {
    try {
      port.postMessage(message);
      return true;
    } catch {
      return false;
    }
  };
  let engine: EngineLike | null = null;
  let startupError: ApiErrorBody | undefined;
  let closing: Promise<void> | null = null;
  let unsubscribe: (() => void) | undefined;

  try {
    engine = openEngine();
    unsubscribe = engine.onEvent((event) => post({ kind: 'event', event }));
  } catch (err) {
    startupError = toErrorBody(err);
  }

  function answer(id: number, outcome: CallOutcome): void {
    if (post({ kind: 'outcome', id, outcome })) return;
    // A result that cannot be cloned must still answer the call.
    post({ kind: 'outcome', id, outcome: { ok: false, error: { code: 'INTERNAL', message: "The engine's answer could not be sent to the window." } } });
  }

  async function call(id: number, name: string, input: unknown): Promise<void> {
    if (!engine) return answer(id, { ok: false, error: startupError ?? { code: 'INTERNAL', message: 'The engine did not start.' } });
    if (closing) return answer(id, { ok: false, error: { code: 'CANCELLED', message: 'The engine is shutting down.' } });
    let outcome: CallOutcome;
    try {
      // Everything on this port but grant-file comes from the renderer, over IPC.
      outcome = await engine.handle(name, input, 'ipc');
    } catch (err) {
      outcome = { ok: false, error: toErrorBody(err) };
    }
    answer(id, outcome);
  }

  /** A token for a file the main process's dialog gave it, for the renderer's csv-import to name. */
  function grantFile(id: number, path: string): void {
    if (!engine) return answer(id, { ok: false, error: startupError ?? { code: 'INTERNAL', message: 'The engine did not start.' } });
    answer(id, { ok: true, result: { fileToken: engine.grantFile(path, { transport: 'ipc' }) } });
  }

  function close(): Promise<void> {
    closing ??= (async () => {
      unsubscribe?.();
      try {
        await engine?.close();
      } finally {
        onClosed();
      }
    })();
    return closing;
  }

  port.on('message', ({ data }) => {
    if (!isToEngine(data)) return;
    if (data.kind === 'shutdown') void close();
    else if (data.kind === 'grant-file') grantFile(data.id, data.path);
    else if (data.kind === 'secrets-init') opts.onSecretsInit?.(data);
    else void call(data.id, data.name, data.input);
  });

  return { close };
}
