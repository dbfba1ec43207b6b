// Source keys kept between sessions of the desktop app, encrypted with Electron's safeStorage
// (the OS keychain: Keychain on macOS, DPAPI on Windows, libsecret or KWallet on Linux). The
// main process owns it; the engine's utility process only ever sees the decrypted keys through
// the link (engine-secrets.ts). Pure: the cipher and the decision are injected, so the rules and
// the file format are tested without Electron; main.ts passes safeStorage.
import { chmodSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseSecretValues, type Persistence, type SecretValues } from './engine-protocol.ts';

/** The file, in the workspace folder: keys belong to the workspace whose base URLs they go to. */
export const SECRETS_FILE = 'secrets.encrypted.json';

/** The Linux backends that keep safeStorage's key in a real keyring. */
const LINUX_KEYRINGS: ReadonlySet<string> = new Set(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']);

export interface PersistFacts {
  platform: NodeJS.Platform;
  /** safeStorage.isAsyncEncryptionAvailable(). */
  encryptionAvailable: boolean;
  /** safeStorage.getSelectedStorageBackend() on Linux, null elsewhere. */
  linuxBackend: string | null;
}

/** May keys be written to disk here? Only where the OS keychain protects them. */
export function persistDecision(facts: PersistFacts): Persistence {
  const memoryOnly = 'Keys are kept in memory for this session only.';
  if (facts.platform === 'linux') {
    // On Linux safeStorage "encrypts" even without a keyring, with a key built into Chromium:
    // isEncryptionAvailable() is true there, so the backend itself must be checked.
    if (facts.linuxBackend === 'basic_text') {
      return { ok: false, reason: `No keyring (GNOME Keyring/libsecret or KWallet) is available to Cutover, so safeStorage would fall back to a fixed key, which is plain text in effect. ${memoryOnly}` };
    }
    if (!facts.linuxBackend || !LINUX_KEYRINGS.has(facts.linuxBackend)) {
      return { ok: false, reason: `The keyring safeStorage would use is not recognised (${facts.linuxBackend ?? 'none'}). ${memoryOnly}` };
    }
  }
  if (!facts.encryptionAvailable) return { ok: false, reason: `The OS keychain is not available to Cutover. ${memoryOnly}` };
  return { ok: true };
}

/** What the vault needs of safeStorage (its asynchronous API; the synchronous one is deprecated). */
export interface Cipher {
  encrypt(plainText: string): Promise<Buffer>;
  /** `reEncrypt` is safeStorage's shouldReEncrypt: the OS key was rotated. */
  decrypt(data: Buffer): Promise<{ text: string; reEncrypt: boolean }>;
}

const FORMAT = 'cutover-secrets';
const VERSION = 1;

/** The file's text: the keys as one encrypted blob, so not even their names are readable. */
export function encodeVaultFile(encrypted: Buffer): string {
  return `${JSON.stringify({ format: FORMAT, version: VERSION, cipher: 'electron-safeStorage', data: encrypted.toString('base64') })}\n`;
}

/** The encrypted blob of a vault file, or an error saying what is wrong with it. */
export function decodeVaultFile(text: string): Buffer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error('it is not a Cutover secrets file');
  }
  const f = parsed as { format?: unknown; version?: unknown; cipher?: unknown; data?: unknown };
  if (typeof parsed !== 'object' || parsed === null || f.format !== FORMAT) throw new Error('it is not a Cutover secrets file');
  if (f.version !== VERSION) throw new Error(`it has version ${String(f.version)}, and this Cutover reads version ${VERSION}`);
  if (f.cipher !== 'electron-safeStorage' || typeof f.data !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(f.data)) {
    throw new Error('its contents are malformed');
  }
  return Buffer.from(f.data, 'base64');
}

export interface LoadedSecrets {
  secrets: SecretValues;
  persist: Persistence;
  /** Why stored keys could not be read (they are then left on disk, untouched, until the next save). */
  problem?: string;
}

export interface SecretVault {
  load(): Promise<LoadedSecrets>;
  /** Writes the keys (or removes the file when there are none); refused when persisting is not allowed. */
  save(secrets: SecretValues): Promise<void>;
}

export function createSecretVault(opts: { dir: string; cipher: Cipher; persist: Persistence }): SecretVault {
  const file = join(opts.dir, SECRETS_FILE);
  // Saves run one after another, so an older set of keys never lands after a newer one.
  let queue: Promise<void> = Promise.resolve();

  async function write(secrets: SecretValues): Promise<void> {
    if (Object.keys(secrets).length === 0) {
      rmSync(file, { force: true });
      return;
    }
    const text = encodeVaultFile(await opts.cipher.encrypt(JSON.stringify(secrets)));
    // Written beside the file and renamed over it: a crash never leaves half a file. 0600 from
    // the start, so the blob is never readable by other local users, even briefly.
    const temp = join(dirname(file), `.${SECRETS_FILE}.${process.pid}.tmp`);
    writeFileSync(temp, text, { mode: 0o600 });
    chmodSync(temp, 0o600);
    renameSync(temp, file);
  }

  return {
    async load() {
      const persist = opts.persist;
      if (!persist.ok) return { secrets: {}, persist };
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { secrets: {}, persist };
        return { secrets: {}, persist, problem: `The stored keys in ${file} could not be read (${(err as Error).message}).` };
      }
      try {
        const { text: plain, reEncrypt } = await opts.cipher.decrypt(decodeVaultFile(text));
        const secrets = parseSecretValues(JSON.parse(plain));
        if (!secrets) throw new Error('its contents are malformed');
        if (reEncrypt) await this.save(secrets);
        return { secrets, persist };
      } catch (err) {
        // Typically a file from another machine or OS user, whose keychain key is not this one.
        return { secrets: {}, persist, problem: `The stored keys in ${file} could not be decrypted: ${(err as Error).message}. Enter the keys again.` };
      }
    },
    save(secrets) {
      if (!opts.persist.ok) return Promise.reject(new Error(opts.persist.reason));
      const next = queue.then(() => write(secrets));
      queue = next.catch(() => {});
      return next;
    },
  };
}
