// Source credentials. They never go into the workspace cache, logs or error messages: the
// engine keeps them in memory, and a host may back them with the OS keychain.
export interface SecretStore {
  get(name: SecretName): string | undefined;
  set(name: SecretName, value: string | undefined): void;
  /** Every secret value currently held, for redaction. */
  values(): string[];
}

export type SecretName = 'xendit.secretKey' | 'systeme.apiKey';

export function memorySecretStore(initial: Partial<Record<SecretName, string>> = {}): SecretStore {
  const map = new Map<SecretName, string>(Object.entries(initial) as [SecretName, string][]);
  return {
    get: (name) => map.get(name),
    set: (name, value) => {
      if (value === undefined) map.delete(name);
      else map.set(name, value);
    },
    values: () => [...map.values()],
  };
}

/** Secrets from the environment, for the CLI and headless runs. */
export function secretsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<Record<SecretName, string>> {
  const out: Partial<Record<SecretName, string>> = {};
  if (env.CUTOVER_XENDIT_SECRET_KEY) out['xendit.secretKey'] = env.CUTOVER_XENDIT_SECRET_KEY;
  if (env.CUTOVER_SYSTEME_API_KEY) out['systeme.apiKey'] = env.CUTOVER_SYSTEME_API_KEY;
  return out;
}

/** Replaces every occurrence of a secret (and its Basic-auth encoding) in text. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s.length < 4) continue;
    for (const form of [s, Buffer.from(`${s}:`).toString('base64')]) out = out.split(form).join('[redacted]');
  }
  return out;
}

/** A hint that identifies a key without revealing it: prefix and last four characters. */
export function keyHint(key: string | undefined): string | null {
  if (!key) return null;
  const prefix = /^xnd_(development|production)_/.exec(key)?.[0] ?? '';
  return `${prefix}…${key.slice(-4)}`;
}
