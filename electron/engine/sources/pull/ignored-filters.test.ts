// A server that ignores the ledger's date filters (as one independent emulator does) must not
// multiply the pull: the client filters what the server should have, notices the filter was
// ignored, and pages past what it left in; progress counts distinct records.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SimulatorStats } from '../../demo/simulator/index.ts';
import { differences, pullFixture } from '../../testing/pull.ts';

const PAGE = 100;
const requests = (stats: SimulatorStats, endpoint: string) => stats.pages.filter((p) => p.endpoint === endpoint).length;

test('a server that ignores created[gte] and updated[gte]: the pull stays exact, reads the ledger about once, and counts each record once', async () => {
  const f = await pullFixture({ scale: 0.3, faults: { ignoredFilters: ['created[gte]', 'updated[gte]'] } });
  try {
    const full = await f.pull();
    assert.equal(full.state, 'done', full.error?.message);
    assert.deepEqual(differences(f.db, f.simulator), []);
    const stats = f.simulator.stats();
    const ledgerPages = Math.ceil(f.dataset.transactions.length / PAGE);
    // The ledger's own crawl, plus a page or two for its catch-up; the invoices' catch-up reads the cache.
    assert.ok(requests(stats, '/transactions') <= ledgerPages + 3, `${requests(stats, '/transactions')} /transactions requests for ${ledgerPages} pages`);
    assert.equal(requests(stats, '/v2/invoices/:id'), 0, 'no invoice looked up one by one');
    const tx = full.result!.streams.find((s) => s.stream === 'xendit-transactions')!;
    assert.deepEqual(tx.ignoredFilters, ['updated[gte]'], 'the ignored filter was noticed');
    assert.equal(full.parts['xendit-transactions']!.done, f.dataset.transactions.length, 'progress counts distinct transactions');
    assert.equal(full.progress.done, f.dataset.invoices.length + f.dataset.transactions.length + f.dataset.refunds.length + f.dataset.contacts.length + f.dataset.tags.length);
    assert.match(full.parts['xendit-transactions']!.note ?? '', /ignored updated\[gte\]/);

    // A re-pull of unchanged data: the ledger is entered past what the ignored filters left in.
    f.simulator.resetStats();
    const again = await f.pull();
    assert.equal(again.state, 'done', again.error?.message);
    assert.deepEqual(differences(f.db, f.simulator), []);
    const repull = f.simulator.stats();
    assert.ok(requests(repull, '/transactions') <= 4, `${requests(repull, '/transactions')} /transactions requests to find nothing changed`);
    assert.ok(repull.total <= 0.6 * stats.total, `re-pull ${repull.total} requests, full pull ${stats.total}`);
    const txAgain = again.result!.streams.find((s) => s.stream === 'xendit-transactions')!;
    assert.deepEqual([...txAgain.ignoredFilters].sort(), ['created[gte]', 'updated[gte]']);
  } finally {
    await f.close();
  }
});

test('the faithful server: no filter is reported ignored, and the catch-ups cost a request at most', async () => {
  const f = await pullFixture({ scale: 0.3 });
  try {
    const full = await f.pull();
    assert.equal(full.state, 'done', full.error?.message);
    const stats = f.simulator.stats();
    assert.ok(requests(stats, '/transactions') <= Math.ceil(f.dataset.transactions.length / PAGE) + 1);
    for (const s of full.result!.streams) assert.deepEqual(s.ignoredFilters, [], s.stream);
  } finally {
    await f.close();
  }
});
