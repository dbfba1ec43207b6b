import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fallbackWindows, splitWindow, systemeTime } from './plans.ts';
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
