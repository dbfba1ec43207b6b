// Source credentials. They never go into the workspace cache, logs or error messages: the
// engine keeps them in memory, and a host may back them with the OS keychain.
//
// Every secret the process has seen — from the environment, Connect, the demo — is remembered
// for the process's lifetime, so text is scrubbed of it even after it was replaced or dropped
// (a key in a record fetched before, an error about the old key). Scrubbing covers the forms a
// source or a log would carry it in: verbatim, JSON-escaped, URL-encoded, hex, and base64 or
// base64url at any alignment (so it is found inside a larger encoded blob such as Basic auth).
export interface SecretStore {
  get(name: SecretName): string | undefined;
  set(name: SecretName, value: string | undefined): void;
  /** Every secret value currently held. */
  values(): string[];
}

export type SecretName = 'xendit.secretKey' | 'systeme.apiKey' | 'target.password';

export function memorySecretStore(initial: Partial<Record<SecretName, string>> = {}): SecretStore {
  const map = new Map<SecretName, string>();
  const store: SecretStore = {
    get: (name) => map.get(name),
    set: (name, value) => {
      if (value === undefined) return void map.delete(name);
      rememberSecret(value);
      map.set(name, value);
    },
    values: () => [...map.values()],
  };
  for (const [name, value] of Object.entries(initial) as [SecretName, string][]) store.set(name, value);
  return store;
}

/** The store with every value it holds or is given remembered for redaction (whatever backs it). */
export function remembering(store: SecretStore): SecretStore {
  for (const value of store.values()) rememberSecret(value);
  return {
    get: (name) => store.get(name),
    set: (name, value) => {
      if (value !== undefined) rememberSecret(value);
      store.set(name, value);
    },
    values: () => store.values(),
  };
}

/** Secrets from the environment, for the CLI and headless runs. */
export function secretsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<Record<SecretName, string>> {
  const out: Partial<Record<SecretName, string>> = {};
  if (env.CUTOVER_XENDIT_SECRET_KEY) out['xendit.secretKey'] = env.CUTOVER_XENDIT_SECRET_KEY;
  if (env.CUTOVER_SYSTEME_API_KEY) out['systeme.apiKey'] = env.CUTOVER_SYSTEME_API_KEY;
  if (env.CUTOVER_TARGET_PASSWORD) out['target.password'] = env.CUTOVER_TARGET_PASSWORD;
  return out;
}

/** Shorter values are not scrubbed: they would match ordinary text. */
const MIN_SECRET_LENGTH = 6;
/** Below this, the derived forms (hex, base64 fragments) are too short to be told from other text. */
const MIN_DERIVED_LENGTH = 8;
const REDACTED = '[redacted]';

const seen = new Set<string>();

/** Remembers a secret for the rest of the process's life. */
export function rememberSecret(value: string): void {
  if (value.length >= MIN_SECRET_LENGTH) seen.add(value);
}

/** Every secret this process has seen (to hand to a worker thread's redactor). */
export function knownSecrets(): string[] {
  return [...seen];
}

/** Replaces every form of every secret the process has seen. */
export function redact(text: string): string {
  return redactorFor(knownSecrets()).redact(text);
}

/** A value with every string in it redacted (job results, checkpoints); the same object when nothing was found. */
export function redactValue<T>(value: T): T {
  const r = redactorFor(knownSecrets());
  const text = JSON.stringify(value);
  return text !== undefined && r.found(text) ? (JSON.parse(r.redact(text)) as T) : value;
}

export interface Redactor {
  /** Whether the text holds any form of a secret. */
  found(text: string): boolean;
  redact(text: string): string;
}

const none: Redactor = { found: () => false, redact: (t) => t };
let cached: { key: string; redactor: Redactor } | null = null;

/** A redactor for these secrets (built once per set: the pattern is compiled once). */
export function redactorFor(secrets: readonly string[]): Redactor {
  if (secrets.length === 0) return none;
  const key = secrets.join('\u0000');
  if (cached?.key !== key) cached = { key, redactor: buildRedactor(secrets) };
  return cached.redactor;
}

function buildRedactor(secrets: readonly string[]): Redactor {
  const forms = new Set<string>();
  for (const s of secrets) if (s.length >= MIN_SECRET_LENGTH) for (const f of secretForms(s)) forms.add(f);
  if (forms.size === 0) return none;
  // Longest first, so a form containing another is replaced whole.
  const source = [...forms].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
  const test = new RegExp(source);
  const all = new RegExp(source, 'g');
  return { found: (text) => test.test(text), redact: (text) => (test.test(text) ? text.replace(all, REDACTED) : text) };
}

/** The texts a secret may appear as. */
export function secretForms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms = [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret), encodeURIComponent(secret).replaceAll('%20', '+')];
  if (secret.length >= MIN_DERIVED_LENGTH) {
    const hex = bytes.toString('hex');
    const pct = hex.replace(/../g, '%$&');
    forms.push(hex, hex.toUpperCase(), pct, pct.toUpperCase());
    for (const encoding of ['base64', 'base64url'] as const) for (let offset = 0; offset < 3; offset++) forms.push(base64Core(bytes, offset, encoding));
  }
  return [...new Set(forms)];
}

/**
 * The base64 characters that depend only on the secret's bytes when it starts `offset` bytes
 * into a 3-byte group: whatever surrounds it, an encoding of text holding the secret at that
 * alignment contains exactly these characters.
 */
function base64Core(bytes: Buffer, offset: number, encoding: 'base64' | 'base64url'): string {
  const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString(encoding);
  const first = Math.ceil((4 * offset) / 3);
  const last = Math.floor((4 * (offset + bytes.length) - 3) / 3);
  return encoded.slice(first, last + 1);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A hint that identifies a key without revealing it: prefix and last four characters. */
export function keyHint(key: string | undefined): string | null {
  if (!key) return null;
  const prefix = /^xnd_(development|production)_/.exec(key)?.[0] ?? '';
  return `${prefix}…${key.slice(-4)}`;
}
