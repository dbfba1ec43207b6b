import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from './index.ts';
import { basic, fixtureDataset } from './test-fixtures.ts';

let sim: Simulator;

before(async () => {
  sim = await startSimulator({ dataset: fixtureDataset({ invoices: 3, contacts: 3 }) });
});
after(() => sim.close());

async function status(path: string, headers: Record<string, string>) {
  const res = await fetch(`${sim.url}${path}`, { headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

test('keys are generated per simulator, the Xendit one with the test prefix', async () => {
  assert.match(sim.keys.xendit, /^xnd_development_[0-9a-f]{48}$/);
  assert.ok(sim.keys.systeme.length >= 20);
  const other = await startSimulator({ dataset: fixtureDataset() });
  try {
    assert.notEqual(other.keys.xendit, sim.keys.xendit);
    assert.notEqual(other.keys.systeme, sim.keys.systeme);
  } finally {
    await other.close();
  }
  await assert.rejects(
    startSimulator({ dataset: fixtureDataset(), keys: { xendit: 'xnd_production_abc' } }),
    /xnd_development_/,
  );
});

test('Xendit: the right key as Basic username with an empty password works', async () => {
  assert.equal((await status('/v2/invoices', basic(sim.keys.xendit))).status, 200);
});

test('Xendit: missing, malformed, wrong-prefix and wrong keys are 401 INVALID_API_KEY', async () => {
  const cases: Array<Record<string, string>> = [
    {},
    { Authorization: 'Bearer something' },
    { Authorization: 'Basic !!!' },
    basic('sk_test_123'),
    basic(`${sim.keys.xendit}x`),
    basic('xnd_development_other'),
    // The key as the password is the classic mistake: the username is what counts.
    { Authorization: `Basic ${Buffer.from(`:${sim.keys.xendit}`).toString('base64')}` },
    // Systeme.io's header does nothing for Xendit.
    { 'X-API-Key': sim.keys.xendit },
  ];
  for (const headers of cases) {
    const res = await status('/v2/invoices', headers);
    assert.equal(res.status, 401, JSON.stringify(headers));
    assert.equal(res.body.error_code, 'INVALID_API_KEY');
    assert.equal(typeof res.body.message, 'string');
  }
  for (const path of ['/transactions', '/refunds']) {
    assert.equal((await status(path, {})).status, 401);
  }
});

test('Xendit: a production key is refused with 403 ACCESS_SUSPENDED', async () => {
  const res = await status('/v2/invoices', basic('xnd_production_0123456789abcdef'));
  assert.equal(res.status, 403);
  assert.equal(res.body.error_code, 'ACCESS_SUSPENDED');
  assert.equal(typeof res.body.message, 'string');
});

test('Systeme.io: X-API-Key must equal the key, else 401 {detail}', async () => {
  assert.equal((await status('/api/contacts', { 'X-API-Key': sim.keys.systeme })).status, 200);
  for (const headers of [{}, { 'X-API-Key': 'nope' }, basic(sim.keys.systeme), { Authorization: sim.keys.systeme }]) {
    const res = await status('/api/contacts', headers);
    assert.equal(res.status, 401, JSON.stringify(headers));
    assert.deepEqual(Object.keys(res.body), ['detail']);
    assert.equal(typeof res.body.detail, 'string');
  }
  assert.equal((await status('/api/tags', {})).status, 401);
});

test('auth failures carry no rate-limit headers and do not use the quota', async () => {
  const denied = await status('/api/contacts', {});
  assert.equal(denied.headers.get('x-ratelimit-remaining'), null);
  const ok = await status('/api/contacts', { 'X-API-Key': sim.keys.systeme });
  assert.ok(Number(ok.headers.get('x-ratelimit-remaining')) >= 50);
});
