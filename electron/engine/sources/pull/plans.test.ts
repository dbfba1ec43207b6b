import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fallbackWindows, planRecheck, splitWindow, systemeTime } from './plans.ts';
import { newCrawl } from './page-loop.ts';
import type { PullCache } from './pull-cache.ts';
import { lastId } from '../page.ts';
import { createEngine } from '../../engine.ts';
import { tempDir } from '../../testing/engine.ts';
import { generateDataset } from '../../demo/generator/index.ts';

test('fallback windows cover from tomorrow back to 2010 without gaps, newest first', () => {
  const w = fallbackWindows('2026-01-15T00:00:00.000Z');
  assert.equal(w[0]!.before, '2026-01-16T00:00:00.000Z');
  assert.equal(w.at(-1)!.after, '2010-01-01T00:00:00.000Z');
  for (let i = 1; i < w.length; i++) assert.equal(w[i]!.before, w[i - 1]!.after);
  assert.ok(w.length < 15, 'spans grow, so the walk back is short');
});

test('a looping window splits in halves, newer first; a tiny one cannot split', () => {
  const [newer, older] = splitWindow({ after: '2025-01-01T00:00:00.000Z', before: '2025-01-03T00:00:00.000Z' });
  assert.deepEqual(newer, { after: '2025-01-02T00:00:00.000Z', before: '2025-01-03T00:00:00.000Z' });
  assert.deepEqual(older, { after: '2025-01-01T00:00:00.000Z', before: '2025-01-02T00:00:00.000Z' });
  assert.throws(() => splitWindow({ after: '2025-01-01T00:00:00.000Z', before: '2025-01-01T00:00:01.000Z' }), /loops/);
});

test('the next cursor skips a last record whose id is unreadable', () => {
  assert.equal(lastId([{ id: 'a' }, { id: 'b' }, { status: 'PAID' }], 'Xendit'), 'b');
  assert.equal(lastId([{ id: 7 }, { id: 'not-a-number-id', x: 1 }, {}], 'Systeme.io'), 'not-a-number-id');
  assert.throws(() => lastId([{ x: 1 }], 'Xendit'), /Xendit sent a page in which no record has an id/);
  assert.equal(systemeTime('2025-03-04T05:06:07.890Z'), '2025-03-04T05:06:07+00:00');
});

test('when Xendit ignores the invoice cursor, the pull falls back to date windows and still gets every invoice', async () => {
  const { invoices } = generateDataset({ seed: 5, scale: 0.03 });
  let requests = 0;
  // A server whose cursor parameter does nothing: every cursor gets the first page again.
  const server = createServer((req, res) => {
    requests++;
    const q = new URL(req.url!, 'http://x').searchParams;
    if (!req.url!.startsWith('/v2/invoices')) return void res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"has_more":false,"data":[]}');
    const a = q.get('created_after');
    const b = q.get('created_before');
    const inWindow = a && b ? invoices.filter((i) => i.created >= a && i.created < b) : invoices;
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(inWindow.slice(0, Number(q.get('limit')))));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = tempDir();
  const engine = createEngine({ dataDir: dir.path, host: 'cli' });
  try {
    await engine.call('connection-set', { xendit: { baseUrl: url, secretKey: 'xnd_development_abc123' } });
    const out = await engine.call('pull-start', { sources: ['xendit'] });
    assert.ok(out.ok, JSON.stringify(out));
    const job = await engine.context.jobs.wait(out.result.jobId, 120_000);
    assert.equal(job.state, 'done', job.error?.message);
    const ids = engine.context.workspace.db.prepare('SELECT id FROM raw_xendit_invoices').pluck().all() as string[];
    assert.deepEqual(new Set(ids), new Set(invoices.map((i) => i.id)));
    assert.ok(requests < 200, `${requests} requests`);
  } finally {
    await engine.close();
    server.close();
    dir.remove();
  }
});

test('the invoices the ledger shows changed are re-read by date window where that is cheaper than one lookup each', () => {
  const created = (position: number) => new Date(Date.parse('2025-06-01T00:00:00.000Z') - position * 60_000).toISOString();
  const id = (n: number) => n.toString(16).padStart(24, '0');
  const targets = new Map<string, string>();
  const positions = new Map<string, { created: string; position: number }>();
  const add = (n: number, position: number | null, updated = '2026-01-02T00:00:00.000Z') => {
    targets.set(id(n), updated);
    if (position !== null) positions.set(id(n), { created: created(position), position });
  };
  for (let i = 0; i < 150; i++) add(i, i * 2); // a settlement batch: every other invoice of 300
  add(1_000, 5_000); // one far away
  add(1_001, null); // one the cache does not know
  add(1_002, 10, '2025-12-31T00:00:00.000Z'); // read by this crawl's window after its change
  const cache: PullCache = {
    ledgerChangedInvoices: () => targets,
    invoicePositions: (ids) => new Map(ids.flatMap((i) => (positions.has(i) ? [[i, positions.get(i)!] as const] : []))),
    ledgerRowBefore: () => null,
  };
  const state = { ...newCrawl('incremental', created(20), '2026-01-01T00:00:00.000Z') };
  const plan = planRecheck(cache, state);
  assert.equal(plan.invoices, 152, 'the invoice the window read after its change is left out');
  assert.deepEqual(plan.lookups.sort(), [id(1_000), id(1_001)]);
  assert.equal(plan.windows.length, 1);
  assert.ok(plan.windows[0]!.after < created(298) && plan.windows[0]!.before > created(0), 'the window spans the batch');
  assert.equal(plan.requests, 3 + 2, 'three pages of 299 invoices and two lookups, instead of 152 lookups');
});
