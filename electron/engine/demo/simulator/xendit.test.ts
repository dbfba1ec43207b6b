import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { XenditInvoice, XenditRefund, XenditTransaction } from '../../../../shared/sources/xendit.ts';
import { startSimulator, type Simulator } from './index.ts';
import { basic, fixtureDataset, invoice, invoiceId } from './test-fixtures.ts';

let sim: Simulator;
let auth: Record<string, string>;

before(async () => {
  const dataset = fixtureDataset({ invoices: 250, transactions: 45, refunds: 25 });
  // Two invoices created in the same second: the tie is broken by id, descending.
  dataset.invoices.push(invoice(1000, { created: '2025-01-01T04:10:00.000Z' }));
  dataset.invoices.push(invoice(1001, { created: '2025-01-01T04:10:00.000Z' }));
  sim = await startSimulator({ dataset, rateLimits: false });
  auth = basic(sim.keys.xendit);
});
after(() => sim.close());

async function get(path: string): Promise<{ status: number; body: unknown; headers: Headers }> {
  const res = await fetch(`${sim.url}${path}`, { headers: auth });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

async function invoiceIds(path: string): Promise<string[]> {
  const { status, body } = await get(path);
  assert.equal(status, 200);
  assert.ok(Array.isArray(body), 'invoices come back as a bare array');
  return (body as Array<{ id: string }>).map((i) => i.id);
}

test('invoices: bare array of valid invoices, newest first, ties by id desc, default limit 10', async () => {
  const { body, headers } = await get('/v2/invoices');
  assert.match(headers.get('content-type') ?? '', /application\/json/);
  assert.ok(Array.isArray(body));
  assert.equal(body.length, 10);
  for (const item of body) XenditInvoice.parse(item);
  const ids = await invoiceIds('/v2/invoices?limit=5');
  // Invoice n is created at minute n; 1000/1001 share 04:10 = minute 250 (so they tie with #250 too).
  assert.deepEqual(ids, [invoiceId(1001), invoiceId(1000), invoiceId(250), invoiceId(249), invoiceId(248)]);
});

test('invoices: limit is clamped to 1..100, a non-number is a validation error', async () => {
  assert.equal((await invoiceIds('/v2/invoices?limit=0')).length, 1);
  assert.equal((await invoiceIds('/v2/invoices?limit=-5')).length, 1);
  assert.equal((await invoiceIds('/v2/invoices?limit=500')).length, 100);
  const bad = await get('/v2/invoices?limit=ten');
  assert.equal(bad.status, 400);
  const body = bad.body as { error_code: string; message: string; errors: unknown[] };
  assert.equal(body.error_code, 'API_VALIDATION_ERROR');
  assert.equal(typeof body.message, 'string');
  assert.ok(Array.isArray(body.errors) && body.errors.length > 0);
});

test('invoices: both cursor names page through everything exactly once', async () => {
  for (const name of ['last_invoice', 'last_invoice_id']) {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (;;) {
      const ids = await invoiceIds(`/v2/invoices?limit=100${cursor ? `&${name}=${cursor}` : ''}`);
      seen.push(...ids);
      if (ids.length < 100) break;
      cursor = ids.at(-1) ?? null;
    }
    assert.equal(seen.length, 252, name);
    assert.equal(new Set(seen).size, 252, name);
  }
  // Sending both names with the same value (what a careful client does) is fine.
  const a = await invoiceIds(`/v2/invoices?limit=3&last_invoice=${invoiceId(100)}&last_invoice_id=${invoiceId(100)}`);
  assert.deepEqual(a, [invoiceId(99), invoiceId(98), invoiceId(97)]);
});

test('invoices: an unknown cursor is a 400 API_VALIDATION_ERROR', async () => {
  const res = await get(`/v2/invoices?last_invoice=${'f'.repeat(24)}`);
  assert.equal(res.status, 400);
  assert.equal((res.body as { error_code: string }).error_code, 'API_VALIDATION_ERROR');
});

test('invoices: statuses as repeated keys, bracketed keys, JSON string and commas', async () => {
  const expected = ['PAID', 'SETTLED'];
  for (const query of [
    'statuses=PAID&statuses=SETTLED',
    'statuses[]=PAID&statuses[]=SETTLED',
    `statuses=${encodeURIComponent('["PAID","SETTLED"]')}`,
    'statuses=PAID,SETTLED',
  ]) {
    const { status, body } = await get(`/v2/invoices?limit=100&${query}`);
    assert.equal(status, 200, query);
    const items = body as Array<{ status: string }>;
    assert.equal(items.length, 100, query);
    assert.ok(items.every((i) => expected.includes(i.status)), query);
  }
  const only = (await get('/v2/invoices?limit=100&statuses=EXPIRED')).body as Array<{ status: string }>;
  assert.ok(only.length > 0 && only.every((i) => i.status === 'EXPIRED'));
  const bad = await get('/v2/invoices?statuses=WEIRD');
  assert.equal(bad.status, 400);
});

test('invoices: date filters apply only when both bounds are given', async () => {
  const after = encodeURIComponent('2025-01-01T01:00:00.000Z'); // minute 60
  const before = encodeURIComponent('2025-01-01T01:09:00.000Z'); // minute 69
  const both = await invoiceIds(`/v2/invoices?limit=100&created_after=${after}&created_before=${before}`);
  assert.deepEqual(both, Array.from({ length: 10 }, (_, i) => invoiceId(69 - i)));
  assert.equal((await invoiceIds(`/v2/invoices?limit=100&created_after=${after}`)).length, 100);
  assert.equal((await invoiceIds(`/v2/invoices?limit=100&created_before=${before}`)).length, 100);

  // paid_ window: only paid invoices have paid_at (n % 4 is 0 or 1 → PAID/SETTLED).
  const paidAfter = encodeURIComponent('2025-01-01T01:00:00.000Z');
  const paidBefore = encodeURIComponent('2025-01-01T01:30:00.000Z');
  const paid = (await get(`/v2/invoices?limit=100&paid_after=${paidAfter}&paid_before=${paidBefore}`)).body as Array<{ status: string }>;
  assert.ok(paid.length > 0 && paid.every((i) => i.status === 'PAID' || i.status === 'SETTLED'));

  // Cursor + window: the window continues after the cursor.
  const page2 = await invoiceIds(`/v2/invoices?limit=100&created_after=${after}&created_before=${before}&last_invoice=${invoiceId(65)}`);
  assert.deepEqual(page2, [64, 63, 62, 61, 60].map(invoiceId));

  const bad = await get('/v2/invoices?created_after=yesterday&created_before=today');
  assert.equal(bad.status, 400);
});

test('invoices: external_id filter and single-invoice lookup', async () => {
  const { body } = await get('/v2/invoices?external_id=order-42');
  assert.deepEqual((body as Array<{ id: string }>).map((i) => i.id), [invoiceId(42)]);
  const one = await get(`/v2/invoices/${invoiceId(42)}`);
  assert.equal(one.status, 200);
  assert.equal((one.body as { id: string }).id, invoiceId(42));
  const missing = await get(`/v2/invoices/${'e'.repeat(24)}`);
  assert.equal(missing.status, 404);
  assert.equal((missing.body as { error_code: string }).error_code, 'INVOICE_NOT_FOUND_ERROR');
});

test('transactions: envelope, oldest first, default limit 10, after_id paging via links', async () => {
  const first = await get('/transactions');
  const page = first.body as { has_more: boolean; data: Array<{ id: string }>; links: Array<{ href: string; rel: string; method: string }> };
  assert.equal(page.has_more, true);
  assert.equal(page.data.length, 10);
  for (const item of page.data) XenditTransaction.parse(item);
  assert.equal(page.data[0]?.id, 'txn_00000001');
  assert.deepEqual(page.links, [{ href: '/transactions?after_id=txn_00000010', rel: 'next', method: 'GET' }]);

  // Follow the links to the end.
  const seen: string[] = [];
  let href: string | null = '/transactions?limit=20';
  while (href) {
    const res = (await get(href)).body as typeof page;
    seen.push(...res.data.map((d) => d.id));
    href = res.has_more ? (res.links[0]?.href ?? null) : null;
    if (!res.has_more) assert.deepEqual(res.links, []);
  }
  assert.equal(seen.length, 45);
  assert.equal(new Set(seen).size, 45);

  const clamped = (await get('/transactions?limit=1000')).body as typeof page;
  assert.equal(clamped.data.length, 45);
  assert.equal(clamped.has_more, false);
});

test('transactions: before_id, type/status filters, created[gte]/[lte], bad cursor', async () => {
  const back = (await get('/transactions?before_id=txn_00000020&limit=3')).body as { data: Array<{ id: string }>; has_more: boolean; links: Array<{ href: string }> };
  assert.deepEqual(back.data.map((d) => d.id), ['txn_00000017', 'txn_00000018', 'txn_00000019']);
  assert.equal(back.has_more, true);
  assert.match(back.links[0]?.href ?? '', /before_id=txn_00000017/);

  const refunds = (await get('/transactions?types=REFUND&limit=100')).body as { data: Array<{ type: string }> };
  assert.equal(refunds.data.length, 9);
  assert.ok(refunds.data.every((d) => d.type === 'REFUND'));
  const voided = (await get('/transactions?statuses[]=VOIDED&limit=100')).body as { data: Array<{ status: string }> };
  assert.equal(voided.data.length, 6);

  const gte = encodeURIComponent('2025-01-01T00:10:00.000Z');
  const lte = encodeURIComponent('2025-01-01T00:12:00.000Z');
  const window = (await get(`/transactions?created[gte]=${gte}&created[lte]=${lte}`)).body as { data: Array<{ id: string }>; has_more: boolean };
  assert.deepEqual(window.data.map((d) => d.id), ['txn_00000010', 'txn_00000011', 'txn_00000012']);
  assert.equal(window.has_more, false);
  const onlyGte = (await get(`/transactions?created%5Bgte%5D=${gte}&limit=100`)).body as { data: unknown[] };
  assert.equal(onlyGte.data.length, 36);

  const bad = await get('/transactions?after_id=txn_nope');
  assert.equal(bad.status, 400);
  assert.equal((bad.body as { error_code: string }).error_code, 'API_VALIDATION_ERROR');
});

test('refunds: {data, has_more}, after_id paging, invoice_id filter', async () => {
  const first = (await get('/refunds?limit=10')).body as { data: Array<{ id: string }>; has_more: boolean };
  assert.deepEqual(Object.keys(first).sort(), ['data', 'has_more']);
  assert.equal(first.data.length, 10);
  assert.equal(first.has_more, true);
  for (const item of first.data) XenditRefund.parse(item);
  const next = (await get(`/refunds?limit=100&after_id=${first.data.at(-1)?.id}`)).body as typeof first;
  assert.equal(next.data.length, 15);
  assert.equal(next.has_more, false);
  const byInvoice = (await get(`/refunds?invoice_id=${invoiceId(7)}`)).body as { data: Array<{ invoice_id: string }> };
  assert.deepEqual(byInvoice.data.map((r) => r.invoice_id), [invoiceId(7)]);
});

test('unknown paths are 404 and other methods 405', async () => {
  const res = await fetch(`${sim.url}/v3/nothing`, { headers: auth });
  assert.equal(res.status, 404);
  const post = await fetch(`${sim.url}/v2/invoices`, { method: 'POST', headers: auth, body: '{}' });
  assert.equal(post.status, 405);
});
