// The query cache without a browser: one call for identical queries, reloads exactly when a
// dataset a query reads changes (by the contract's `reads`), last good data kept, and paged rows
// appended by their keyset cursor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiClient, Output } from '../../../shared/api/index.ts';
import { QueryCache } from './cache.ts';
import { queryKey } from './key.ts';

interface Call {
  name: string;
  input: Record<string, unknown>;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/** An engine whose answers the test gives, one call at a time. */
function engine() {
  const calls: Call[] = [];
  const api = {
    call: (name: string, input: unknown) =>
      new Promise((resolve, reject) => calls.push({ name, input: input as Record<string, unknown>, resolve, reject })),
  } as Pick<ApiClient, 'call'>;
  const errors: { err: unknown; context: string }[] = [];
  const cache = new QueryCache({ api, onError: (err, context) => errors.push({ err, context }) });
  return { cache, calls, errors };
}

/** Lets queued promise work run. */
const settle = () => new Promise((r) => setImmediate(r));

const streams = (records: number): Output<'pull-status'> => [
  { stream: 'xendit-invoices', label: 'Invoices', records, quarantined: 0, deleted: 0, lastPulledAt: null, checkpoint: 'partial', lastChanged: null },
];

test('a query is keyed by procedure and input, whatever order the input was written in', () => {
  assert.equal(queryKey('jobs-list', { a: 1, b: { c: 2, d: [1, { f: 1, e: 2 }] } }), queryKey('jobs-list', { b: { d: [1, { e: 2, f: 1 }], c: 2 }, a: 1 }));
  assert.notEqual(queryKey('jobs-list', { limit: 10 }), queryKey('jobs-list', { limit: 20 }));
  assert.notEqual(queryKey('jobs-list', {}), queryKey('pull-status', {}));
  assert.equal(queryKey('jobs-list', { limit: undefined }), queryKey('jobs-list', {}));
  const { cache } = engine();
  assert.equal(cache.query('jobs-list', { limit: 5 }), cache.query('jobs-list', { limit: 5 }), 'one entry for one key');
});

test('components asking for the same query at once make one call and see one answer', async () => {
  const { cache, calls } = engine();
  const a = cache.query('pull-status', {});
  const b = cache.query('pull-status', {});
  a.subscribe(() => {});
  b.subscribe(() => {});
  await settle();
  assert.equal(calls.length, 1);
  calls[0]!.resolve(streams(10));
  await settle();
  assert.deepEqual(a.getSnapshot().data, streams(10));
  assert.equal(b.getSnapshot(), a.getSnapshot());
  assert.equal(a.getSnapshot().loading, false);
});

test('a data-changed event reloads exactly the queries that read one of its datasets', async () => {
  const { cache, calls } = engine();
  for (const entry of [cache.query('pull-status', {}), cache.query('settings-get', {}), cache.query('jobs-list', { limit: 10 })]) entry.subscribe(() => {});
  await settle();
  for (const c of calls.splice(0)) c.resolve([]);
  await settle();

  // pull-status reads cache and quarantine; wizard-status is not cached; settings and jobs are not touched.
  cache.invalidate(['quarantine']);
  await settle();
  assert.deepEqual(
    calls.map((c) => c.name),
    ['pull-status'],
  );
  calls.splice(0).forEach((c) => c.resolve([]));
  cache.invalidate(['connection']);
  await settle();
  assert.equal(calls.length, 0, 'nothing cached reads the connection');
  cache.invalidate(['jobs', 'settings']);
  await settle();
  assert.deepEqual(calls.map((c) => c.name).sort(), ['jobs-list', 'settings-get']);
});

test('while reloading, and after a failed reload, the last good data stays; the failure is reported once', async () => {
  const { cache, calls, errors } = engine();
  const q = cache.query('pull-status', {}, 'Pull status');
  q.subscribe(() => {});
  q.subscribe(() => {});
  await settle();
  calls.shift()!.resolve(streams(5));
  await settle();

  cache.invalidate(['cache']);
  await settle();
  assert.equal(q.getSnapshot().loading, true);
  assert.deepEqual(q.getSnapshot().data, streams(5), 'the old counts are shown while the new ones load');
  calls.shift()!.reject(new Error('engine went away'));
  await settle();
  assert.deepEqual(q.getSnapshot().data, streams(5));
  assert.equal((q.getSnapshot().error as Error).message, 'engine went away');
  assert.equal(q.getSnapshot().loading, false);
  assert.deepEqual(
    errors.map((e) => e.context),
    ['Pull status'],
  );

  cache.invalidate(['cache']);
  await settle();
  calls.shift()!.resolve(streams(7));
  await settle();
  assert.deepEqual(q.getSnapshot().data, streams(7));
  assert.equal(q.getSnapshot().error, undefined, 'a success clears the failure');
});

test('changes during a load queue one more load, never more, and answers apply in order', async () => {
  const { cache, calls } = engine();
  const q = cache.query('pull-status', {});
  q.subscribe(() => {});
  await settle();
  assert.equal(calls.length, 1);
  // The running load may have read the cache before these writes: one more load is owed.
  cache.invalidate(['cache']);
  cache.invalidate(['cache']);
  cache.invalidate(['quarantine']);
  await settle();
  assert.equal(calls.length, 1, 'one call at a time');
  calls[0]!.resolve(streams(1));
  await settle();
  assert.deepEqual(q.getSnapshot().data, streams(1));
  assert.equal(q.getSnapshot().loading, true);
  assert.equal(calls.length, 2, 'exactly one more');
  calls[1]!.resolve(streams(2));
  await settle();
  assert.deepEqual(q.getSnapshot().data, streams(2));
  assert.equal(q.getSnapshot().loading, false);
  assert.equal(calls.length, 2);
});

test('a query nobody shows is not reloaded on a change, but is when it is shown again', async () => {
  const { cache, calls } = engine();
  const q = cache.query('pull-status', {});
  const off = q.subscribe(() => {});
  await settle();
  calls.shift()!.resolve(streams(1));
  await settle();
  off();
  cache.invalidate(['cache']);
  await settle();
  assert.equal(calls.length, 0);
  const again = cache.query('pull-status', {});
  assert.equal(again, q, 'the entry is kept for going back to the page');
  again.subscribe(() => {});
  assert.deepEqual(again.getSnapshot().data, streams(1), 'the last data is shown at once');
  await settle();
  assert.equal(calls.length, 1, 'and reloaded because it was out of date');

  // Shown again without a change in between: no call.
  const { cache: fresh, calls: freshCalls } = engine();
  const r = fresh.query('settings-get', {});
  const offR = r.subscribe(() => {});
  await settle();
  freshCalls.shift()!.resolve({ timeZone: 'Asia/Manila', fiscalYearStartMonth: 1, reviewerName: '' });
  await settle();
  offR();
  r.subscribe(() => {});
  await settle();
  assert.equal(freshCalls.length, 0);
});

test('after the event stream comes back, every shown query reloads', async () => {
  const { cache, calls } = engine();
  cache.query('pull-status', {}).subscribe(() => {});
  cache.query('app-info', {}).subscribe(() => {});
  await settle();
  calls.splice(0).forEach((c) => c.resolve([]));
  await settle();
  cache.invalidateAll();
  await settle();
  assert.deepEqual(calls.map((c) => c.name).sort(), ['app-info', 'pull-status']);
});

test('a mutation answer can be taken as the query data at once', async () => {
  const { cache, calls } = engine();
  const q = cache.query('settings-get', {});
  q.subscribe(() => {});
  await settle();
  calls.shift()!.resolve({ timeZone: 'Asia/Manila', fiscalYearStartMonth: 1, reviewerName: '' });
  await settle();
  cache.setData('settings-get', {}, { timeZone: 'Asia/Manila', fiscalYearStartMonth: 4, reviewerName: 'Ana' });
  assert.equal(q.getSnapshot().data?.reviewerName, 'Ana');
});

test('idle queries beyond the limit are dropped oldest first; shown ones never', async () => {
  const calls: Call[] = [];
  const api = { call: (name: string, input: unknown) => new Promise((resolve, reject) => calls.push({ name, input: input as Record<string, unknown>, resolve, reject })) } as Pick<ApiClient, 'call'>;
  const cache = new QueryCache({ api, maxIdle: 2 });
  const shown = cache.query('jobs-list', { limit: 1 });
  shown.subscribe(() => {});
  for (const limit of [2, 3, 4, 5]) cache.query('jobs-list', { limit }).subscribe(() => {})();
  assert.equal(cache.size, 3, 'the shown one and the two most recent idle ones');
  assert.equal(cache.query('jobs-list', { limit: 1 }), shown);
  await settle();
});

type QRow = Output<'quarantine-list'>['rows'][number];
const row = (id: number): QRow => ({ id, stream: 'xendit-invoices', recordKey: `inv-${id}`, reason: 'bad', receivedAt: '2025-01-01T00:00:00.000Z', raw: '{}' });
const page = (ids: number[], next: string | null, total: number | null = null): Output<'quarantine-list'> => ({ rows: ids.map(row), total, facets: {}, sums: {}, next });

test('paged rows: the first page with totals, then each next page by its cursor, appended once per id', async () => {
  const { cache, calls } = engine();
  const q = cache.paged('quarantine-list', { limit: 2, facets: ['stream'], sort: [{ column: 'id', dir: 'asc' }] }, (r) => r.id);
  q.subscribe(() => {});
  await settle();
  assert.equal(calls.length, 1);
  assert.deepEqual(calls[0]!.input, { limit: 2, facets: ['stream'], sort: [{ column: 'id', dir: 'asc' }], cursor: null });
  calls[0]!.resolve({ ...page([1, 2], 'c2', 5), facets: { stream: [{ value: 'xendit-invoices', count: 5 }] } });
  await settle();
  assert.deepEqual(
    q.getSnapshot().data?.rows.map((r) => r.id),
    [1, 2],
  );

  // Two asks while the next page is on its way make one call.
  void q.fetchMore();
  void q.fetchMore();
  await settle();
  assert.equal(calls.length, 2);
  assert.equal(q.getSnapshot().fetchingMore, true);
  assert.deepEqual(calls[1]!.input, { limit: 2, facets: [], sort: [{ column: 'id', dir: 'asc' }], cursor: 'c2', withTotals: false });
  // Row 2 moved while paging: it is not shown twice.
  calls[1]!.resolve(page([2, 3], 'c3'));
  await settle();
  const data = q.getSnapshot().data!;
  assert.deepEqual(
    data.rows.map((r) => r.id),
    [1, 2, 3],
  );
  assert.equal(data.total, 5, 'totals and facets come from the first page');
  assert.deepEqual(data.facets, { stream: [{ value: 'xendit-invoices', count: 5 }] });
  assert.equal(data.next, 'c3');
  assert.equal(q.getSnapshot().fetchingMore, false);

  // A change reloads the rows loaded so far, in one call, and shows the old ones until it answers.
  cache.invalidate(['quarantine']);
  await settle();
  assert.equal(calls.length, 3);
  assert.deepEqual(calls[2]!.input, { limit: 3, facets: ['stream'], sort: [{ column: 'id', dir: 'asc' }], cursor: null });
  assert.deepEqual(
    q.getSnapshot().data?.rows.map((r) => r.id),
    [1, 2, 3],
  );
  calls[2]!.resolve(page([1, 3, 4], 'c4', 6));
  await settle();
  assert.deepEqual(
    q.getSnapshot().data?.rows.map((r) => r.id),
    [1, 3, 4],
  );
  assert.equal(q.getSnapshot().data?.total, 6);

  // The last page: fetching more asks nothing.
  void q.fetchMore();
  await settle();
  calls[3]!.resolve(page([5, 6], null));
  await settle();
  assert.equal(q.getSnapshot().data?.next, null);
  await q.fetchMore();
  assert.equal(calls.length, 4);
});

test('paged rows: a request differing only in its cursor is the same grid', () => {
  const { cache } = engine();
  const rowId = (r: QRow) => r.id;
  assert.equal(cache.paged('quarantine-list', { limit: 50, cursor: 'x' }, rowId), cache.paged('quarantine-list', { limit: 50 }, rowId));
  assert.notEqual(cache.paged('quarantine-list', { limit: 50, search: 'a' }, rowId), cache.paged('quarantine-list', { limit: 50 }, rowId));
});
