import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { SystemeContact, SystemeTag } from '../../../../shared/sources/systeme.ts';
import { startSimulator, type Simulator } from './index.ts';
import { fixtureDataset, tag } from './test-fixtures.ts';

let sim: Simulator;
let auth: Record<string, string>;

before(async () => {
  // 120 contacts with ids 3, 6, …, 360; 25 tags.
  const dataset = fixtureDataset({ contacts: 120, tags: 4 });
  for (let id = 5; id <= 25; id++) dataset.tags.push(tag(id, id % 2 ? `odd-${id}` : `Even-${id}`));
  sim = await startSimulator({ dataset, rateLimits: false });
  auth = { 'X-API-Key': sim.keys.systeme };
});
after(() => sim.close());

interface Page<T> {
  items: T[];
  hasMore: boolean;
}

async function get<T = unknown>(path: string): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await fetch(`${sim.url}${path}`, { headers: auth });
  return { status: res.status, body: (await res.json()) as T, headers: res.headers };
}

async function contactIds(path: string): Promise<{ ids: number[]; hasMore: boolean }> {
  const { status, body } = await get<Page<{ id: number }>>(path);
  assert.equal(status, 200, path);
  assert.deepEqual(Object.keys(body).sort(), ['hasMore', 'items']);
  return { ids: body.items.map((c) => c.id), hasMore: body.hasMore };
}

test('contacts: {items, hasMore}, valid contacts, default order desc, default limit 10', async () => {
  const { body } = await get<Page<unknown>>('/api/contacts');
  assert.equal(body.items.length, 10);
  assert.equal(body.hasMore, true);
  for (const item of body.items) SystemeContact.parse(item);
  const { ids } = await contactIds('/api/contacts?limit=10');
  assert.deepEqual(ids, [360, 357, 354, 351, 348, 345, 342, 339, 336, 333]);
});

test('contacts: startingAfter is a keyset on id in both orders, even for ids that do not exist', async () => {
  assert.deepEqual((await contactIds('/api/contacts?limit=10&startingAfter=333')).ids.slice(0, 3), [330, 327, 324]);
  assert.deepEqual((await contactIds('/api/contacts?limit=10&order=asc')).ids.slice(0, 3), [3, 6, 9]);
  assert.deepEqual((await contactIds('/api/contacts?limit=10&order=asc&startingAfter=9')).ids.slice(0, 2), [12, 15]);
  // 100 is not a contact id: keyset continues around it.
  assert.deepEqual((await contactIds('/api/contacts?limit=10&startingAfter=100')).ids.slice(0, 2), [99, 96]);
  assert.deepEqual((await contactIds('/api/contacts?limit=10&order=asc&startingAfter=100')).ids.slice(0, 2), [102, 105]);

  for (const order of ['asc', 'desc']) {
    const seen: number[] = [];
    let cursor: number | null = null;
    for (;;) {
      const page = await contactIds(`/api/contacts?limit=100&order=${order}${cursor ? `&startingAfter=${cursor}` : ''}`);
      seen.push(...page.ids);
      if (!page.hasMore) break;
      cursor = page.ids.at(-1) ?? null;
    }
    assert.equal(seen.length, 120, order);
    assert.equal(new Set(seen).size, 120, order);
  }
  // The last page reports hasMore:false exactly (120 = 100 + 20).
  const last = await contactIds('/api/contacts?limit=100&startingAfter=60');
  assert.equal(last.ids.length, 19);
  assert.equal(last.hasMore, false);
});

test('contacts: limit outside 10..100 and bad params are 422 Problem JSON with violations', async () => {
  for (const limit of ['9', '101', '0']) {
    const res = await fetch(`${sim.url}/api/contacts?limit=${limit}`, { headers: auth });
    assert.equal(res.status, 422, limit);
    assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
    const body = (await res.json()) as { type: string; title: string; detail: string; violations: Array<{ propertyPath: string; message: string; code: string }> };
    assert.equal(body.title, 'An error occurred');
    assert.equal(typeof body.type, 'string');
    assert.match(body.detail, /limit/);
    assert.equal(body.violations.length, 1);
    assert.equal(body.violations[0]?.propertyPath, 'limit');
    assert.equal(typeof body.violations[0]?.message, 'string');
    assert.equal(typeof body.violations[0]?.code, 'string');
  }
  const order = await get<{ violations: Array<{ propertyPath: string }> }>('/api/contacts?order=sideways');
  assert.equal(order.status, 422);
  assert.equal(order.body.violations[0]?.propertyPath, 'order');
  const cursor = await get<{ violations: Array<{ propertyPath: string }> }>('/api/contacts?startingAfter=abc');
  assert.equal(cursor.status, 422);
  assert.equal(cursor.body.violations[0]?.propertyPath, 'startingAfter');
  assert.equal((await get('/api/contacts?limit=10')).status, 200);
  assert.equal((await get('/api/contacts?limit=100')).status, 200);
});

test('contacts: email, tags (AND), registered range and flag filters', async () => {
  assert.deepEqual((await contactIds('/api/contacts?email=person42@example.com')).ids, [42]);
  assert.deepEqual((await contactIds('/api/contacts?email=PERSON42@example.com')).ids, []);

  // Fixture: tag t is on contacts whose id is divisible by t + 1. Tags 1 and 3 → divisible by 12.
  const both = await contactIds('/api/contacts?limit=100&tags=1,3');
  assert.ok(both.ids.length > 0);
  assert.ok(both.ids.every((id) => id % 12 === 0));
  const one = await contactIds('/api/contacts?limit=100&tags=1');
  assert.ok(one.ids.length > both.ids.length);

  // Contact id n registered at minute n after 2025-01-01T00:00:00Z (bounds inclusive).
  const range = await contactIds(`/api/contacts?limit=100&registeredAfter=${encodeURIComponent('2025-01-01T01:00:00+00:00')}&registeredBefore=${encodeURIComponent('2025-01-01T01:15:00+00:00')}`);
  assert.deepEqual(range.ids, [75, 72, 69, 66, 63, 60]);
  const onlyAfter = await contactIds(`/api/contacts?limit=100&order=asc&registeredAfter=${encodeURIComponent('2025-01-01T05:57:00+00:00')}`);
  assert.deepEqual(onlyAfter.ids, [357, 360]);

  const unsubscribed = await get<Page<{ unsubscribed: boolean }>>('/api/contacts?limit=100&unsubscribed=true');
  assert.ok(unsubscribed.body.items.length > 0 && unsubscribed.body.items.every((c) => c.unsubscribed));
  const bounced = await get<Page<{ bounced: boolean }>>('/api/contacts?limit=100&bounced=false');
  assert.ok(bounced.body.items.every((c) => !c.bounced));
  assert.equal((await get('/api/contacts?bounced=maybe')).status, 422);
});

test('contacts: single contact by id, and contact fields', async () => {
  const one = await get<{ id: number }>('/api/contacts/42');
  assert.equal(one.status, 200);
  assert.equal(one.body.id, 42);
  const missing = await get<{ detail: string }>('/api/contacts/43');
  assert.equal(missing.status, 404);
  assert.equal(typeof missing.body.detail, 'string');
  const fields = await get<Page<{ slug: string; fieldName: string }>>('/api/contact_fields');
  assert.deepEqual(fields.body.items.map((f) => f.slug), ['first_name', 'surname']);
  assert.equal(fields.body.hasMore, false);
});

test('tags: same envelope and paging, query text filter', async () => {
  const { body } = await get<Page<{ id: number; name: string }>>('/api/tags?limit=10');
  assert.deepEqual(body.items.map((t) => t.id), [25, 24, 23, 22, 21, 20, 19, 18, 17, 16]);
  assert.equal(body.hasMore, true);
  for (const item of body.items) SystemeTag.parse(item);
  const rest = await get<Page<{ id: number }>>('/api/tags?limit=10&startingAfter=16');
  assert.equal(rest.body.items.length, 10);
  assert.equal(rest.body.hasMore, true);
  const asc = await get<Page<{ id: number }>>('/api/tags?limit=10&order=asc&startingAfter=20');
  assert.deepEqual(asc.body.items.map((t) => t.id), [21, 22, 23, 24, 25]);
  assert.equal(asc.body.hasMore, false);
  const even = await get<Page<{ name: string }>>('/api/tags?limit=100&query=even');
  assert.equal(even.body.items.length, 10);
  assert.ok(even.body.items.every((t) => t.name.startsWith('Even-')));
  assert.equal((await get('/api/tags?limit=5')).status, 422);
});
