import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isFromEngine, isToEngine, parseSecretValues, type FromEngine } from './engine-protocol.ts';
import { createHostSecretStore } from './engine-secrets.ts';
import { redact } from '../engine/secrets.ts';

const XENDIT = 'xnd_development_AbCdEf0123456789';
const SYSTEME = 'systeme-key-0123456789';

test('secret messages carry only known names with bounded string values', () => {
  assert.deepEqual(parseSecretValues({ 'xendit.secretKey': XENDIT }), { 'xendit.secretKey': XENDIT });
  assert.deepEqual(parseSecretValues({}), {});
  for (const bad of [null, [], 'x', { 'postgres.url': 'postgres://x' }, { 'xendit.secretKey': 42 }, { 'xendit.secretKey': '' }, { 'systeme.apiKey': 'k'.repeat(9_000) }]) {
    assert.equal(parseSecretValues(bad), null, JSON.stringify(bad)?.slice(0, 60));
  }
  assert.equal(isToEngine({ kind: 'secrets-init', secrets: { 'systeme.apiKey': SYSTEME }, persist: { ok: true } }), true);
  assert.equal(isToEngine({ kind: 'secrets-init', secrets: {}, persist: { ok: false, reason: 'no keyring' } }), true);
  assert.equal(isToEngine({ kind: 'secrets-init', secrets: {}, persist: { ok: false } }), false, 'a refusal says why');
  assert.equal(isToEngine({ kind: 'secrets-init', secrets: { other: 'x' }, persist: { ok: true } }), false);
  assert.equal(isFromEngine({ kind: 'secrets-save', secrets: { 'xendit.secretKey': XENDIT } }), true);
  assert.equal(isFromEngine({ kind: 'secrets-save', secrets: { 'xendit.secretKey': null } }), false);
  assert.equal(isFromEngine({ kind: 'secrets-save' }), false);
});

test('the engine keeps stored keys, and reports changes only when main will keep them', () => {
  const sent: FromEngine[] = [];
  const store = createHostSecretStore((m) => sent.push(m));
  assert.equal(store.persistence, null);
  store.init({ kind: 'secrets-init', secrets: { 'xendit.secretKey': XENDIT }, persist: { ok: true } });
  assert.equal(store.get('xendit.secretKey'), XENDIT);
  assert.deepEqual(store.values(), [XENDIT]);

  store.set('systeme.apiKey', SYSTEME);
  assert.deepEqual(sent.at(-1), { kind: 'secrets-save', secrets: { 'xendit.secretKey': XENDIT, 'systeme.apiKey': SYSTEME } });
  store.set('xendit.secretKey', undefined);
  assert.deepEqual(sent.at(-1), { kind: 'secrets-save', secrets: { 'systeme.apiKey': SYSTEME } });
  assert.equal(store.get('xendit.secretKey'), undefined);
});

test('a memory-only session never sends a key to main', () => {
  const sent: FromEngine[] = [];
  const store = createHostSecretStore((m) => sent.push(m));
  store.init({ kind: 'secrets-init', secrets: {}, persist: { ok: false, reason: 'No keyring is available.' } });
  store.set('xendit.secretKey', XENDIT);
  assert.equal(store.get('xendit.secretKey'), XENDIT, 'the key works for the session');
  assert.deepEqual(sent, []);
  assert.deepEqual(store.persistence, { ok: false, reason: 'No keyring is available.' });
});

test('keys from the environment are used but never stored, and win over stored ones', () => {
  const sent: FromEngine[] = [];
  const store = createHostSecretStore((m) => sent.push(m), { 'xendit.secretKey': 'xnd_development_FromTheEnvironment' });
  store.init({ kind: 'secrets-init', secrets: { 'xendit.secretKey': XENDIT }, persist: { ok: true } });
  assert.equal(store.get('xendit.secretKey'), 'xnd_development_FromTheEnvironment');
  store.set('systeme.apiKey', SYSTEME);
  // The stored Xendit key stays stored; the environment's is not written in its place.
  assert.deepEqual(sent, [{ kind: 'secrets-save', secrets: { 'xendit.secretKey': XENDIT, 'systeme.apiKey': SYSTEME } }]);
  assert.ok(!JSON.stringify(sent).includes('FromTheEnvironment'));
  assert.ok(store.values().includes('xnd_development_FromTheEnvironment'), 'still redacted');
});

test('a key set before the stored keys arrive is not replaced by the older stored one', () => {
  const store = createHostSecretStore(() => {});
  store.set('xendit.secretKey', 'xnd_development_Newer');
  store.init({ kind: 'secrets-init', secrets: { 'xendit.secretKey': XENDIT }, persist: { ok: true } });
  assert.equal(store.get('xendit.secretKey'), 'xnd_development_Newer');
});

test('a stored key overridden by the environment is still redacted for the whole session', () => {
  const stored = 'xnd_development_StoredButNotInUse42';
  const store = createHostSecretStore(() => {}, { 'xendit.secretKey': XENDIT });
  store.init({ kind: 'secrets-init', secrets: { 'xendit.secretKey': stored }, persist: { ok: true } });
  assert.equal(store.get('xendit.secretKey'), XENDIT, "the environment's key is the one in use");
  assert.equal(redact(`echoed ${stored} back`), 'echoed [redacted] back');
});
