import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../engine/testing/engine.ts';
import { SECRETS_FILE, createSecretVault, decodeVaultFile, encodeVaultFile, persistDecision, type Cipher } from './secret-vault.ts';

/** A stand-in for safeStorage: AES-GCM under a key that plays the OS keychain's. */
function keychain(key = randomBytes(32), opts: { reEncrypt?: boolean } = {}): Cipher & { encryptions: number } {
  const k = {
    encryptions: 0,
    async encrypt(plain: string) {
      k.encryptions++;
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    async decrypt(data: Buffer) {
      const d = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      d.setAuthTag(data.subarray(12, 28));
      return { text: Buffer.concat([d.update(data.subarray(28)), d.final()]).toString('utf8'), reEncrypt: opts.reEncrypt ?? false };
    },
  };
  return k;
}

const XENDIT = 'xnd_development_AbCdEf0123456789';
const SYSTEME = 'systeme-key-0123456789';

test('keys are stored only where the OS keychain protects them', () => {
  const linux = (linuxBackend: string | null, encryptionAvailable = true) => persistDecision({ platform: 'linux', encryptionAvailable, linuxBackend });
  for (const backend of ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']) assert.deepEqual(linux(backend), { ok: true }, backend);

  // safeStorage reports encryption as available with basic_text: the backend decides.
  const basic = linux('basic_text', true);
  assert.equal(basic.ok, false);
  assert.match(!basic.ok ? basic.reason : '', /plain text/);
  assert.match(!basic.ok ? basic.reason : '', /memory for this session/);
  for (const backend of ['unknown', 'something_new', null]) assert.equal(linux(backend).ok, false, String(backend));
  assert.equal(linux('gnome_libsecret', false).ok, false);

  assert.deepEqual(persistDecision({ platform: 'darwin', encryptionAvailable: true, linuxBackend: null }), { ok: true });
  assert.deepEqual(persistDecision({ platform: 'win32', encryptionAvailable: true, linuxBackend: null }), { ok: true });
  const noKeychain = persistDecision({ platform: 'darwin', encryptionAvailable: false, linuxBackend: null });
  assert.equal(noKeychain.ok, false);
  assert.match(!noKeychain.ok ? noKeychain.reason : '', /keychain is not available/);
});

test('the file format round-trips the blob and refuses anything else', () => {
  const blob = randomBytes(64);
  assert.deepEqual(decodeVaultFile(encodeVaultFile(blob)), blob);
  const good = JSON.parse(encodeVaultFile(blob)) as Record<string, unknown>;
  const bad: [string, RegExp][] = [
    ['not json', /not a Cutover secrets file/],
    ['[]', /not a Cutover secrets file/],
    [JSON.stringify({ ...good, format: 'other' }), /not a Cutover secrets file/],
    [JSON.stringify({ ...good, version: 2 }), /version 2/],
    [JSON.stringify({ ...good, cipher: 'none' }), /malformed/],
    [JSON.stringify({ ...good, data: 'not base64!' }), /malformed/],
    [JSON.stringify({ ...good, data: 42 }), /malformed/],
  ];
  for (const [text, why] of bad) assert.throws(() => decodeVaultFile(text), why, text);
});

test('saved keys come back in a new session, from a 0600 file that holds no key in the clear', async () => {
  const dir = tempDir('cutover-vault-');
  try {
    const key = randomBytes(32);
    const vault = createSecretVault({ dir: dir.path, cipher: keychain(key), persist: { ok: true } });
    assert.deepEqual(await vault.load(), { secrets: {}, persist: { ok: true } }, 'no file yet: no keys, no problem');
    await vault.save({ 'xendit.secretKey': XENDIT, 'systeme.apiKey': SYSTEME });

    const file = join(dir.path, SECRETS_FILE);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const bytes = readFileSync(file, 'utf8');
    for (const secret of [XENDIT, SYSTEME, 'xendit.secretKey']) {
      for (const form of [secret, Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('hex')]) assert.ok(!bytes.includes(form), form);
    }
    assert.deepEqual(readdirSync(dir.path), [SECRETS_FILE], 'no temporary file is left behind');

    const again = createSecretVault({ dir: dir.path, cipher: keychain(key), persist: { ok: true } });
    assert.deepEqual((await again.load()).secrets, { 'xendit.secretKey': XENDIT, 'systeme.apiKey': SYSTEME });

    // Clearing the last key removes the file rather than keeping an empty blob.
    await again.save({});
    assert.equal(existsSync(file), false);
  } finally {
    dir.remove();
  }
});

test('where persisting is refused, nothing is written and the reason is given', async () => {
  const dir = tempDir('cutover-vault-');
  try {
    const reason = 'No keyring is available.';
    const vault = createSecretVault({ dir: dir.path, cipher: keychain(), persist: { ok: false, reason } });
    await assert.rejects(vault.save({ 'xendit.secretKey': XENDIT }), new RegExp(reason));
    assert.deepEqual(readdirSync(dir.path), []);
    assert.deepEqual(await vault.load(), { secrets: {}, persist: { ok: false, reason } });
  } finally {
    dir.remove();
  }
});

test('a file this keychain cannot open gives no keys and says so, and is left as it was', async () => {
  const dir = tempDir('cutover-vault-');
  try {
    await createSecretVault({ dir: dir.path, cipher: keychain(), persist: { ok: true } }).save({ 'xendit.secretKey': XENDIT });
    const file = join(dir.path, SECRETS_FILE);
    const before = readFileSync(file, 'utf8');
    // Another machine's (or OS user's) keychain key.
    const loaded = await createSecretVault({ dir: dir.path, cipher: keychain(), persist: { ok: true } }).load();
    assert.deepEqual(loaded.secrets, {});
    assert.match(loaded.problem ?? '', /could not be decrypted.*Enter the keys again/);
    assert.equal(readFileSync(file, 'utf8'), before);

    writeFileSync(file, '{"format":"something else"}');
    assert.match((await createSecretVault({ dir: dir.path, cipher: keychain(), persist: { ok: true } }).load()).problem ?? '', /not a Cutover secrets file/);
  } finally {
    dir.remove();
  }
});

test('decrypted contents must be known secret names with string values', async () => {
  const dir = tempDir('cutover-vault-');
  try {
    const key = randomBytes(32);
    const cipher = keychain(key);
    writeFileSync(join(dir.path, SECRETS_FILE), encodeVaultFile(await cipher.encrypt(JSON.stringify({ 'postgres.password': 'x'.repeat(12) }))));
    const loaded = await createSecretVault({ dir: dir.path, cipher, persist: { ok: true } }).load();
    assert.deepEqual(loaded.secrets, {});
    assert.match(loaded.problem ?? '', /malformed/);
  } finally {
    dir.remove();
  }
});

test('a rotated OS key re-encrypts the file on load; saves land in the order they were made', async () => {
  const dir = tempDir('cutover-vault-');
  try {
    const key = randomBytes(32);
    await createSecretVault({ dir: dir.path, cipher: keychain(key), persist: { ok: true } }).save({ 'xendit.secretKey': XENDIT });
    const rotating = keychain(key, { reEncrypt: true });
    const vault = createSecretVault({ dir: dir.path, cipher: rotating, persist: { ok: true } });
    assert.deepEqual((await vault.load()).secrets, { 'xendit.secretKey': XENDIT });
    assert.equal(rotating.encryptions, 1);

    await Promise.all([vault.save({ 'xendit.secretKey': XENDIT }), vault.save({ 'systeme.apiKey': SYSTEME })]);
    assert.deepEqual((await createSecretVault({ dir: dir.path, cipher: keychain(key), persist: { ok: true } }).load()).secrets, { 'systeme.apiKey': SYSTEME });
  } finally {
    dir.remove();
  }
});
