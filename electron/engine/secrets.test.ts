import { test } from 'node:test';
import assert from 'node:assert/strict';
import { knownSecrets, memorySecretStore, redact, redactValue, remembering } from './secrets.ts';

const key = 'xnd_development_FormsOfTheKey0123456789abcdefXYZ';

/** Every way a source or a log might carry the key, alone and inside other text. */
function encodings(secret: string): [string, string][] {
  const b = Buffer.from(secret);
  const out: [string, string][] = [
    ['raw', secret],
    ['JSON-escaped', JSON.stringify(secret).slice(1, -1)],
    ['URL-encoded', encodeURIComponent(secret)],
    ['percent-encoded bytes', [...b].map((x) => `%${x.toString(16).toUpperCase().padStart(2, '0')}`).join('')],
    ['percent-encoded bytes, lower case', [...b].map((x) => `%${x.toString(16).padStart(2, '0')}`).join('')],
    ['hex', b.toString('hex')],
    ['HEX', b.toString('hex').toUpperCase()],
    ['base64', b.toString('base64')],
    ['base64url', b.toString('base64url')],
    ['Basic auth (key as user)', `Basic ${Buffer.from(`${secret}:`).toString('base64')}`],
    ['Basic auth (key as password)', `Basic ${Buffer.from(`api:${secret}`).toString('base64')}`],
  ];
  // Inside a larger encoded blob, at each of base64's three alignments.
  for (const pad of ['', 'a', 'ab']) out.push([`base64 of JSON, offset ${pad.length}`, Buffer.from(`{"x":"${pad}${secret}","y":1}`).toString('base64')]);
  return out;
}

test('every form of a seen secret is redacted, alone and inside other text', () => {
  memorySecretStore({ 'xendit.secretKey': key });
  for (const [name, form] of encodings(key)) {
    const out = redact(`before ${form} after`);
    assert.ok(out.includes('[redacted]'), `${name}: ${out}`);
    assert.ok(!out.includes(form) && !out.includes(key), `${name} still shows the key: ${out}`);
    assert.ok(out.startsWith('before ') && out.endsWith(' after'), `${name}: the rest is kept`);
  }
});

test('a secret stays redacted for the life of the process once it was held, whatever store held it', () => {
  const store = memorySecretStore({ 'systeme.apiKey': 'systeme-key-first-0001' });
  store.set('systeme.apiKey', 'systeme-key-second-0002');
  store.set('systeme.apiKey', undefined);
  assert.deepEqual(store.values(), []);
  assert.equal(redact('first systeme-key-first-0001, then systeme-key-second-0002'), 'first [redacted], then [redacted]');
  // A store a host supplies (e.g. the OS keychain) is remembered through the engine's wrapper.
  const backing = new Map<string, string>([['xendit.secretKey', 'xnd_production_FromTheKeychain0001']]);
  const hosted = remembering({
    get: (n) => backing.get(n),
    set: (n, v) => (v === undefined ? backing.delete(n) : backing.set(n, v)),
    values: () => [...backing.values()],
  });
  hosted.set('xendit.secretKey', 'xnd_production_SetLaterThroughIt0002');
  assert.ok(knownSecrets().includes('xnd_production_FromTheKeychain0001'));
  assert.equal(redact('xnd_production_SetLaterThroughIt0002'), '[redacted]');
});

test('values are redacted through their JSON; short or ordinary text is left alone', () => {
  memorySecretStore({ 'xendit.secretKey': key });
  const value = { errors: [{ line: 2, message: `Contact ${key}: bad` }], n: 3 };
  assert.deepEqual(redactValue(value), { errors: [{ line: 2, message: 'Contact [redacted]: bad' }], n: 3 });
  const clean = { a: 'nothing here' };
  assert.equal(redactValue(clean), clean, 'the same object when nothing is found');
  memorySecretStore({ 'systeme.apiKey': 'abc' }); // too short to scrub without mangling ordinary text
  assert.equal(redact('abc abcdef'), 'abc abcdef');
});
