import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureDataset, basic } from '../../demo/simulator/test-fixtures.ts';
import { startSimulator } from '../../demo/simulator/index.ts';
import { Pacer, SYSTEME_HEADERS, XENDIT_HEADERS } from './pacer.ts';
import { getJson } from './request.ts';

const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n.toLowerCase()] ?? null });
const signal = new AbortController().signal;

/** Whether the promise has settled by the time queued callbacks have run. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  await new Promise((r) => setImmediate(r));
  return done;
}

test('the pacer waits for the reset only once the server says nothing remains', async () => {
  let now = 0;
  const x = new Pacer(XENDIT_HEADERS, () => now);
  (await x.acquire(signal)).observe(headers({ 'rate-limit-remaining': '5', 'rate-limit-reset': '40' }));
  assert.equal(x.waitMs(), 0);
  (await x.acquire(signal)).observe(headers({ 'rate-limit-remaining': '0', 'rate-limit-reset': '2.5' }));
  assert.equal(x.waitMs(), 2_525); // just after the stated reset
  now = 1_000;
  assert.equal(x.waitMs(), 1_525);
  const s = new Pacer(SYSTEME_HEADERS, () => now);
  (await s.acquire(signal)).observe(headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-refill': '1' }));
  assert.equal(s.waitMs(), 1_025);
  // A reset rounded down to zero still waits a moment instead of hitting a 429.
  const z = new Pacer(XENDIT_HEADERS, () => now);
  (await z.acquire(signal)).observe(headers({ 'rate-limit-remaining': '0', 'rate-limit-reset': '0.00' }));
  assert.equal(z.waitMs(), 25);
  // A server that announces no limits is never waited for, however many go at once.
  const none = new Pacer(XENDIT_HEADERS, () => now);
  (await none.acquire(signal)).observe(headers({}));
  const many = await Promise.all([none.acquire(signal), none.acquire(signal), none.acquire(signal)]);
  assert.equal(many.length, 3);
});

test('slots never outnumber what remains, counting requests in flight; a freed slot goes to one waiter', async () => {
  const p = new Pacer(XENDIT_HEADERS);
  // Until the first answer, one request at a time.
  const first = await p.acquire(signal);
  const second = p.acquire(signal);
  assert.equal(await settled(second), false);
  first.observe(headers({ 'rate-limit-remaining': '2', 'rate-limit-reset': '30' }));
  const b = await second;
  const c = await p.acquire(signal);
  // Two remain and two are in flight: a third waits for an answer.
  const d = p.acquire(signal);
  assert.equal(await settled(d), false);
  b.observe(headers({ 'rate-limit-remaining': '1', 'rate-limit-reset': '30' }));
  assert.equal(await settled(d), false, 'the one remaining is taken by the request still in flight');
  c.observe(headers({ 'rate-limit-remaining': '0', 'rate-limit-reset': '0.05' }));
  // Nothing remains: after the reset, exactly one of two waiters goes.
  const waits: (number | null)[] = [];
  const e = p.acquire(signal, (at) => waits.push(at));
  const dSlot = await d; // the reset (50 ms) passes
  assert.equal(await settled(e), false, 'the second waiter waits for the first one\'s answer');
  assert.ok(typeof waits[0] === 'number', 'a waiter hears until when it waits');
  dSlot.observe(headers({ 'rate-limit-remaining': '0', 'rate-limit-reset': '0.05' }));
  (await e).release();
  assert.equal(waits.at(-1), null, 'and that it goes');
});

test('two streams sharing one rate-limited endpoint of the simulator never meet a 429', async () => {
  const sim = await startSimulator({ dataset: fixtureDataset({ transactions: 400 }), rateLimits: { xendit: { limit: 6, windowMs: 1_000 }, systeme: false } });
  try {
    const pacer = new Pacer(XENDIT_HEADERS);
    const waited: number[] = [];
    const stream = async (name: string) => {
      for (let page = 0; page < 12; page++) {
        await getJson(`${sim.url}/transactions?limit=10&after_id=&stream=${name}&page=${page}`, {
          source: 'Xendit',
          headers: basic(sim.keys.xendit),
          pacer,
          signal,
          onWait: (at) => at !== null && waited.push(at),
          onRetry: (info) => assert.fail(`retried: ${info.reason}`),
        });
      }
    };
    await Promise.all([stream('invoices-catch-up'), stream('ledger')]);
    const stats = sim.stats();
    assert.equal(stats.byStatus['429'] ?? 0, 0, 'no request was refused');
    assert.equal(stats.byStatus['200'], 24);
    assert.ok(waited.length > 0, 'the streams did wait for the limit');
  } finally {
    await sim.close();
  }
});

test('a waiter is admitted even when the reset passes while the pacer looks at the clock', { timeout: 10_000 }, async () => {
  let clock = 0;
  const script: number[] = [];
  const p = new Pacer(SYSTEME_HEADERS, () => script.shift() ?? clock);
  (await p.acquire(signal)).observe(headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-refill': '0' }));
  assert.equal(p.waitMs(), 25);
  // The clock reads 24 ms, then 25 ms: the reset falls between two readings.
  clock = 25;
  script.push(24);
  await p.acquire(signal);
});
