// The messages between the main process and the engine's utility process. Both sides are plain
// data (structured clone), and both sides check what they receive.
import type { CallOutcome } from '../../shared/api/transport.ts';

/**
 * `call` carries a renderer's call; `grant-file` is the main process's own request (after the
 * user picked a file in its dialog) for a token a later call can name the file by. The renderer
 * can send neither directly: only the main process holds the engine's port.
 */
export type ToEngine = { kind: 'call'; id: number; name: string; input: unknown } | { kind: 'grant-file'; id: number; path: string } | { kind: 'shutdown' };

export type FromEngine = { kind: 'outcome'; id: number; outcome: CallOutcome } | { kind: 'event'; event: unknown };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function isToEngine(value: unknown): value is ToEngine {
  if (!isRecord(value)) return false;
  if (value.kind === 'shutdown') return true;
  if (value.kind === 'grant-file') return Number.isSafeInteger(value.id) && typeof value.path === 'string' && value.path !== '';
  return value.kind === 'call' && Number.isSafeInteger(value.id) && typeof value.name === 'string';
}

export function isFromEngine(value: unknown): value is FromEngine {
  if (!isRecord(value)) return false;
  switch (value.kind) {
    case 'event':
      return 'event' in value;
    case 'outcome':
      return Number.isSafeInteger(value.id) && isRecord(value.outcome) && typeof value.outcome.ok === 'boolean';
    default:
      return false;
  }
}
