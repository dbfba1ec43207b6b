import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator } from './index.ts';
import { FakeClock, basic, fixtureDataset } from './test-fixtures.ts';

test('Xendit: headers on every response, 429 after 60 requests per endpoint, recovery as slots free', async () => {
  const clock = new FakeClock();
  const sim = await startSimulator({ dataset: fixtureDataset({ invoices: 5, transactions: 5 }), now: clock.now });
  const auth = basic(sim.keys.xendit);
  try {
    for (let i = 0; i < 60; i++) {
      const res = await fetch(`${sim.url}/v2/invoices`, { headers: auth });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('rate-limit-limit'), '60');
      assert.equal(res.headers.get('rate-limit-remaining'), String(59 - i));
      assert.match(res.headers.get('rate-limit-reset') ?? '', /^\d+\.\d{2}$/);
      await res.arrayBuffer();
      clock.advance(500); // 60 requests over 30 s
    }
    // Now at t0+30 s: the window is full.
    const limited = await fetch(`${sim.url}/v2/invoices`, { headers: auth });
    assert.equal(limited.status, 429);
    assert.deepEqual(Object.keys((await limited.json()) as object).sort(), ['error_code', 'message']);
    assert.equal(limited.headers.get('rate-limit-remaining'), '0');
    assert.equal(limited.headers.get('rate-limit-reset'), '30.00');
    assert.equal(limited.headers.get('retry-after'), null, 'Retry-After is off by default');

    // Another endpoint has its own window.
    const other = await fetch(`${sim.url}/transactions`, { headers: auth });
    assert.equal(other.status, 200);
    assert.equal(other.headers.get('rate-limit-remaining'), '59');
    await other.arrayBuffer();

    // After waiting the announced reset, one slot is free (the first request left the window).
    clock.advance(30_000);
    const back = await fetch(`${sim.url}/v2/invoices`, { headers: auth });
    assert.equal(back.status, 200);
    assert.equal(back.headers.get('rate-limit-remaining'), '0');
    assert.equal(back.headers.get('rate-limit-reset'), '0.50');
    await back.arrayBuffer();
    const again = await fetch(`${sim.url}/v2/invoices`, { headers: auth });
    assert.equal(again.status, 429);
    await again.arrayBuffer();
    // A whole minute later everything is free.
    clock.advance(60_000);
    const fresh = await fetch(`${sim.url}/v2/invoices`, { headers: auth });
    assert.equal(fresh.headers.get('rate-limit-remaining'), '59');
    await fresh.arrayBuffer();
  } finally {
    await sim.close();
  }
});

test('Xendit: configurable limit and optional Retry-After', async () => {
  const clock = new FakeClock();
  const sim = await startSimulator({
    dataset: fixtureDataset({ refunds: 2 }),
    now: clock.now,
    rateLimits: { xendit: { limit: 2, windowMs: 10_000, retryAfter: true } },
  });
  const auth = basic(sim.keys.xendit);
  try {
    await (await fetch(`${sim.url}/refunds`, { headers: auth })).arrayBuffer();
    clock.advance(2_500);
    await (await fetch(`${sim.url}/refunds`, { headers: auth })).arrayBuffer();
    const limited = await fetch(`${sim.url}/refunds`, { headers: auth });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('rate-limit-limit'), '2');
    assert.equal(limited.headers.get('rate-limit-reset'), '7.50');
    assert.equal(limited.headers.get('retry-after'), '8');
    assert.equal(((await limited.json()) as { error_code: string }).error_code, 'RATE_LIMIT_EXCEEDED');
  } finally {
    await sim.close();
  }
});

test('Systeme.io: one bucket for all endpoints, headers on every response, 429 + Retry-After, refill', async () => {
  const clock = new FakeClock();
  const sim = await startSimulator({
    dataset: fixtureDataset({ contacts: 20, tags: 3 }),
    now: clock.now,
    rateLimits: { systeme: { capacity: 5, refillPerSecond: 0.5 } },
  });
  const headers = { 'X-API-Key': sim.keys.systeme };
  try {
    const paths = ['/api/contacts', '/api/tags', '/api/contacts', '/api/tags', '/api/contacts/3'];
    for (const [i, path] of paths.entries()) {
      const res = await fetch(`${sim.url}${path}`, { headers });
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get('x-ratelimit-limit'), '5');
      assert.equal(res.headers.get('x-ratelimit-remaining'), String(4 - i));
      assert.equal(res.headers.get('x-ratelimit-refill'), '2');
      await res.arrayBuffer();
    }
    const limited = await fetch(`${sim.url}/api/tags`, { headers });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '2');
    assert.equal(limited.headers.get('x-ratelimit-remaining'), '0');
    const body = (await limited.json()) as { detail: string };
    assert.equal(typeof body.detail, 'string');

    clock.advance(1_000);
    const stillLimited = await fetch(`${sim.url}/api/contacts`, { headers });
    assert.equal(stillLimited.status, 429);
    assert.equal(stillLimited.headers.get('retry-after'), '1');
    await stillLimited.arrayBuffer();

    clock.advance(1_000);
    const back = await fetch(`${sim.url}/api/contacts`, { headers });
    assert.equal(back.status, 200);
    await back.arrayBuffer();

    // Xendit is unaffected by the Systeme.io bucket.
    const xendit = await fetch(`${sim.url}/v2/invoices`, { headers: basic(sim.keys.xendit) });
    assert.equal(xendit.status, 200);
    await xendit.arrayBuffer();
  } finally {
    await sim.close();
  }
});

test('Systeme.io defaults: capacity 60 at one token per second', async () => {
  const clock = new FakeClock();
  const sim = await startSimulator({ dataset: fixtureDataset({ contacts: 3 }), now: clock.now });
  const headers = { 'X-API-Key': sim.keys.systeme };
  try {
    let last: Response | null = null;
    for (let i = 0; i < 61; i++) {
      last = await fetch(`${sim.url}/api/contacts`, { headers });
      await last.arrayBuffer();
      if (i < 60) assert.equal(last.status, 200);
    }
    assert.equal(last?.status, 429);
    assert.equal(last?.headers.get('x-ratelimit-limit'), '60');
    assert.equal(last?.headers.get('retry-after'), '1');
  } finally {
    await sim.close();
  }
});

test('rateLimits: false turns both limiters off (no headers, no 429s)', async () => {
  const sim = await startSimulator({ dataset: fixtureDataset({ invoices: 1, contacts: 1 }), rateLimits: false });
  try {
    for (let i = 0; i < 70; i++) {
      const x = await fetch(`${sim.url}/v2/invoices`, { headers: basic(sim.keys.xendit) });
      assert.equal(x.status, 200);
      await x.arrayBuffer();
      const s = await fetch(`${sim.url}/api/contacts`, { headers: { 'X-API-Key': sim.keys.systeme } });
      assert.equal(s.status, 200);
      assert.equal(s.headers.get('x-ratelimit-limit'), null);
      await s.arrayBuffer();
    }
  } finally {
    await sim.close();
  }
});
