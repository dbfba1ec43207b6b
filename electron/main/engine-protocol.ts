// The messages between the main process and the engine's utility process. Both sides are plain
// data (structured clone), and both sides check what they receive.
import type { CallOutcome } from '../../shared/api/transport.ts';
import type { SecretName } from '../engine/secrets.ts';

/** Every secret the engine keeps; a name added to SecretName must be added here (checked below). */
export const SECRET_NAMES = ['xendit.secretKey', 'systeme.apiKey', 'target.password'] as const satisfies readonly SecretName[];
type Unlisted = Exclude<SecretName, (typeof SECRET_NAMES)[number]>;
const everyNameListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyNameListed;

export type SecretValues = Partial<Record<SecretName, string>>;

/** Whether keys set in this session will be kept on disk, and if not, why. */
export type Persistence = { ok: true } | { ok: false; reason: string };

/** Longer than any real key or connection URL; a bound on what crosses the link. */
const MAX_SECRET_LENGTH = 8_192;

/**
 * `call` carries a renderer's call; `grant-file` is the main process's own request (after the
 * user picked a file in its dialog) for a token a later call can name the file by. The renderer
 * can send neither directly: only the main process holds the engine's port.
 */
export type ToEngine =
  | { kind: 'call'; id: number; name: string; input: unknown }
  | { kind: 'grant-file'; id: number; path: string }
  | { kind: 'shutdown' }
  // Sent before any call: the keys kept for this workspace, and whether new ones will be kept.
  | { kind: 'secrets-init'; secrets: SecretValues; persist: Persistence };

export type FromEngine =
  | { kind: 'outcome'; id: number; outcome: CallOutcome }
  | { kind: 'event'; event: unknown }
  // Sent after the engine's keys changed, only when persisting is allowed: the keys to keep.
  | { kind: 'secrets-save'; secrets: SecretValues };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The value as SecretValues, or null when it has an unknown name or a value that is not a bounded string. */
export function parseSecretValues(value: unknown): SecretValues | null {
  if (!isRecord(value) || Array.isArray(value)) return null;
  const out: SecretValues = {};
  for (const [name, secret] of Object.entries(value)) {
    if (!(SECRET_NAMES as readonly string[]).includes(name)) return null;
    if (typeof secret !== 'string' || secret.length === 0 || secret.length > MAX_SECRET_LENGTH) return null;
    out[name as SecretName] = secret;
  }
  return out;
}

function isPersistence(value: unknown): value is Persistence {
  return isRecord(value) && (value.ok === true || (value.ok === false && typeof value.reason === 'string'));
}

export function isToEngine(value: unknown): value is ToEngine {
  if (!isRecord(value)) return false;
  switch (value.kind) {
    case 'shutdown':
      return true;
    case 'call':
      return Number.isSafeInteger(value.id) && typeof value.name === 'string';
    case 'grant-file':
      return Number.isSafeInteger(value.id) && typeof value.path === 'string' && value.path !== '';
    case 'secrets-init':
      return parseSecretValues(value.secrets) !== null && isPersistence(value.persist);
    default:
      return false;
  }
}

export function isFromEngine(value: unknown): value is FromEngine {
  if (!isRecord(value)) return false;
  switch (value.kind) {
    case 'event':
      return 'event' in value;
    case 'outcome':
      return Number.isSafeInteger(value.id) && isRecord(value.outcome) && typeof value.outcome.ok === 'boolean';
    case 'secrets-save':
      return parseSecretValues(value.secrets) !== null;
    default:
      return false;
  }
}
