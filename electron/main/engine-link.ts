// The main process's side of the utility-process link: numbered calls with their answers,
// engine events, and a clean shutdown. Pure (the child is injected), so it is tested without
// Electron. If the engine process dies, every pending call is answered with INTERNAL.
import type { CallOutcome } from '../../shared/api/transport.ts';
import { isFromEngine, type SecretValues, type ToEngine } from './engine-protocol.ts';

/** What the link needs of Electron's UtilityProcess. */
export interface ChildLike {
  postMessage(message: ToEngine): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

export interface EngineLink {
  call(name: string, input: unknown): Promise<CallOutcome>;
  /** A token for a file the user picked in the main process's dialog (csv-import's fileToken). */
  grantFile(path: string): Promise<CallOutcome>;
  onEvent(listener: (event: unknown) => void): () => void;
  /** Asks the engine to close its workspace; kills the process if it has not exited in time. */
  shutdown(timeoutMs?: number): Promise<void>;
  readonly exited: boolean;
}

export interface EngineLinkOptions {
  /** Called once when the process exits; `expected` is true after shutdown(). */
  onExit?: (code: number, expected: boolean) => void;
  /** A message the engine must get before any call (the keys kept for the workspace); calls wait for it. */
  firstMessage?: Promise<ToEngine>;
  /** The engine's keys changed and main should keep them. */
  onSecretsSave?: (secrets: SecretValues) => void;
}

export function createEngineLink(child: ChildLike, opts: EngineLinkOptions = {}): EngineLink {
  const pending = new Map<number, (outcome: CallOutcome) => void>();
  const listeners = new Set<(event: unknown) => void>();
  let nextId = 1;
  let exited = false;
  let shuttingDown = false;
  let exitCode = 0;
  const exitWaiters: (() => void)[] = [];
  // Calls are sent after the first message: its send is queued on `ready` before any call's.
  const ready: Promise<void> | null =
    opts.firstMessage?.then(
      (message) => {
        try {
          child.postMessage(message);
        } catch {
          // The process is gone; the exit handler answers the calls.
        }
      },
      () => {},
    ) ?? null;

  child.on('message', (message) => {
    if (!isFromEngine(message)) return;
    if (message.kind === 'outcome') {
      const resolve = pending.get(message.id);
      pending.delete(message.id);
      resolve?.(message.outcome);
    } else if (message.kind === 'secrets-save') {
      opts.onSecretsSave?.(message.secrets);
    } else if (message.kind === 'event') {
      for (const l of [...listeners]) {
        try {
          l(message.event);
        } catch {
          // One broken listener must not stop the others.
        }
      }
    }
  });

  child.on('exit', (code) => {
    exited = true;
    exitCode = code;
    const message = shuttingDown ? 'The engine has shut down.' : `The engine process stopped unexpectedly (exit code ${code}).`;
    for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'INTERNAL', message } });
    pending.clear();
    for (const w of exitWaiters.splice(0)) w();
    opts.onExit?.(code, shuttingDown);
  });

  /** Sends a numbered request (after the first message); its outcome message answers it, or INTERNAL if the engine is gone. */
  function send(message: (id: number) => ToEngine): Promise<CallOutcome> {
    if (exited || shuttingDown) {
      const text = exited ? `The engine process is not running (exit code ${exitCode}).` : 'The engine is shutting down.';
      return Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: text } });
    }
    const id = nextId++;
    return new Promise<CallOutcome>((resolve) => {
      pending.set(id, resolve);
      const post = () => {
        if (!pending.has(id)) return; // answered meanwhile (the process exited)
        try {
          child.postMessage(message(id));
        } catch (err) {
          pending.delete(id);
          resolve({ ok: false, error: { code: 'INTERNAL', message: `The call could not be sent to the engine: ${String(err)}` } });
        }
      };
      if (ready) void ready.then(post);
      else post();
    });
  }

  return {
    get exited() {
      return exited;
    },
    call(name, input) {
      return send((id) => ({ kind: 'call', id, name, input }));
    },
    grantFile(path) {
      return send((id) => ({ kind: 'grant-file', id, path }));
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    shutdown(timeoutMs = 5_000) {
      if (exited) return Promise.resolve();
      shuttingDown = true;
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          child.kill();
          resolve();
        }, timeoutMs);
        exitWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
        try {
          child.postMessage({ kind: 'shutdown' });
        } catch {
          child.kill();
        }
      });
    },
  };
}
