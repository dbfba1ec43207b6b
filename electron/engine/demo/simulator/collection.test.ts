import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SortedCollection, scan } from './collection.ts';

type Row = { id: number; at: string };
const rows: Row[] = [5, 1, 4, 2, 3].map((id) => ({ id, at: `2025-01-0${id}T00:00:00Z` }));

function collection(ordering: 'time-desc' | 'time-asc' | 'id-asc') {
  const c = new SortedCollection<Row>({ ordering, idOf: (r) => r.id, timeOf: (r) => r.at, serialize: (r) => JSON.stringify(r) });
  c.load(rows);
  return c;
}

test('collections sort on load and find positions by id', () => {
  assert.deepEqual(collection('time-desc').entries.map((e) => e.id), [5, 4, 3, 2, 1]);
  const asc = collection('time-asc');
  assert.deepEqual(asc.entries.map((e) => e.id), [1, 2, 3, 4, 5]);
  assert.equal(asc.positionOf(4), 3);
  assert.equal(asc.positionOf(9), -1);
  assert.throws(() => asc.load([...rows, rows[0] as Row]), /duplicate/);
});

test('insert, replace (moving when the time changes) and remove keep the order', () => {
  const c = collection('time-desc');
  c.insert({ id: 6, at: '2025-01-03T12:00:00Z' });
  assert.deepEqual(c.entries.map((e) => e.id), [5, 4, 6, 3, 2, 1]);
  c.replace({ id: 6, at: '2025-01-09T00:00:00Z' });
  assert.deepEqual(c.entries.map((e) => e.id), [6, 5, 4, 3, 2, 1]);
  assert.equal(c.remove(4), true);
  assert.equal(c.remove(4), false);
  assert.deepEqual(c.entries.map((e) => e.id), [6, 5, 3, 2, 1]);
  assert.throws(() => c.insert({ id: 5, at: 'x' }), /already exists/);
});

test('scan: exact hasMore with and without filters, in both directions', () => {
  const c = collection('id-asc');
  const ids = (r: { page: Array<{ id: unknown }> }) => r.page.map((e) => e.id);
  const all = scan(c.entries, { start: 0, step: 1, limit: 5, match: null });
  assert.deepEqual(ids(all), [1, 2, 3, 4, 5]);
  assert.equal(all.hasMore, false);
  assert.equal(scan(c.entries, { start: 0, step: 1, limit: 4, match: null }).hasMore, true);
  const back = scan(c.entries, { start: 4, step: -1, limit: 2, match: null });
  assert.deepEqual(ids(back), [5, 4]);
  assert.equal(back.hasMore, true);
  // Filtered: odd ids. A full page with no further match reports hasMore: false.
  const odd = (e: { id: unknown }) => Number(e.id) % 2 === 1;
  const f = scan(c.entries, { start: 0, step: 1, limit: 3, match: odd });
  assert.deepEqual(ids(f), [1, 3, 5]);
  assert.equal(f.hasMore, false);
  assert.equal(scan(c.entries, { start: 0, step: 1, limit: 2, match: odd }).hasMore, true);
  const stopped = scan(c.entries, { start: 0, step: 1, limit: 10, match: odd, stop: (e) => Number(e.id) > 3 });
  assert.deepEqual(ids(stopped), [1, 3]);
  assert.equal(stopped.hasMore, false);
  assert.deepEqual(ids(scan(c.entries, { start: 9, step: 1, limit: 3, match: null })), []);
  assert.deepEqual(ids(scan(c.entries, { start: -1, step: -1, limit: 3, match: null })), []);
});
