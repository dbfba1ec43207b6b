import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XenditInvoice, XenditRefund, XenditTransaction } from '../../../../shared/sources/xendit.ts';
import { SystemeContact, SystemeTag } from '../../../../shared/sources/systeme.ts';
import { startSimulator, type FaultOptions, type Simulator } from './index.ts';
import { basic, fixtureDataset } from './test-fixtures.ts';

async function withSim(faults: FaultOptions, run: (sim: Simulator) => Promise<void>, sizes = { invoices: 30, contacts: 30, transactions: 30, refunds: 30, tags: 4 }) {
  const sim = await startSimulator({ dataset: fixtureDataset(sizes), rateLimits: false, faults });
  try {
    await run(sim);
  } finally {
    await sim.close();
  }
}

async function statuses(sim: Simulator, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${sim.url}/v2/invoices`, { headers: basic(sim.keys.xendit) });
    await res.arrayBuffer();
    out.push(res.status);
  }
  return out;
}

test('server errors: rate 1 fails every request with a 5xx in the API\'s own error shape', async () => {
  await withSim({ serverErrorRate: 1 }, async (sim) => {
    const seen = new Set<number>();
    for (let i = 0; i < 30; i++) {
      const res = await fetch(`${sim.url}/v2/invoices`, { headers: basic(sim.keys.xendit) });
      seen.add(res.status);
      const text = await res.text();
      if (res.status === 500) assert.equal((JSON.parse(text) as { error_code: string }).error_code, 'SERVER_ERROR');
      if (res.status === 502) assert.match(text, /Bad Gateway/);
      if (res.status === 503) assert.equal((JSON.parse(text) as { error_code: string }).error_code, 'SERVICE_UNAVAILABLE');
    }
    assert.deepEqual([...seen].sort(), [500, 502, 503]);
    const stats = sim.stats();
    assert.equal(stats.pages.filter((p) => p.fault === 'server_error').length, 30);
  });
});

test('faults are seeded: same seed, same failures; another seed, other failures', async () => {
  const run = (seed: number) =>
    new Promise<number[]>((resolve, reject) => {
      withSim({ seed, serverErrorRate: 0.3 }, async (sim) => resolve(await statuses(sim, 40))).catch(reject);
    });
  const a = await run(7);
  const b = await run(7);
  const c = await run(8);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  const failures = a.filter((s) => s >= 500).length;
  assert.ok(failures > 3 && failures < 25, `about 30% fail (${failures}/40)`);
});

test('timeouts: a held request never answers; close() still returns promptly', async () => {
  const sim = await startSimulator({ dataset: fixtureDataset({ contacts: 10 }), rateLimits: false, faults: { timeoutRate: 1 } });
  const headers = { 'X-API-Key': sim.keys.systeme };
  await assert.rejects(fetch(`${sim.url}/api/contacts`, { headers, signal: AbortSignal.timeout(150) }), /abort|timeout/i);
  const page = sim.stats().pages[0];
  assert.equal(page?.status, 0);
  assert.equal(page?.fault, 'timeout');

  // A request left hanging (no client timeout) is torn down by close().
  const hanging = fetch(`${sim.url}/api/contacts`, { headers });
  await new Promise((r) => setTimeout(r, 50));
  const started = Date.now();
  await sim.close();
  assert.ok(Date.now() - started < 5_000, "close() does not wait for held requests");
  await assert.rejects(hanging);
});

test('timeouts with timeoutMs: the answer comes, late', async () => {
  await withSim({ timeoutRate: 1, timeoutMs: 200 }, async (sim) => {
    const started = Date.now();
    const res = await fetch(`${sim.url}/api/tags`, { headers: { 'X-API-Key': sim.keys.systeme } });
    assert.equal(res.status, 200);
    assert.ok(Date.now() - started >= 190);
    assert.equal(((await res.json()) as { items: unknown[] }).items.length, 4);
    // A client that gives up earlier just sees a timeout.
    await assert.rejects(fetch(`${sim.url}/api/tags`, { headers: { 'X-API-Key': sim.keys.systeme }, signal: AbortSignal.timeout(50) }));
  });
});

test('truncated (cut): a 200 whose JSON body stops halfway', async () => {
  await withSim({ truncatedRate: 1 }, async (sim) => {
    const res = await fetch(`${sim.url}/api/contacts?limit=20`, { headers: { 'X-API-Key': sim.keys.systeme } });
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.ok(text.startsWith('{"items":[{'));
    assert.throws(() => JSON.parse(text));
    sim.setFaults({ truncatedRate: 0 });
    const full = await (await fetch(`${sim.url}/api/contacts?limit=20`, { headers: { 'X-API-Key': sim.keys.systeme } })).text();
    assert.ok(Math.abs(text.length - full.length / 2) <= 1);
    assert.equal(sim.stats().pages[0]?.fault, 'truncated');
  });
});

test('truncated (drop): the connection dies mid-body', async () => {
  await withSim({ truncatedRate: 1, truncatedMode: 'drop' }, async (sim) => {
    const res = await fetch(`${sim.url}/v2/invoices?limit=20`, { headers: basic(sim.keys.xendit) });
    assert.equal(res.status, 200);
    await assert.rejects(res.text());
  });
});

test('rate-limit bursts: every N requests, K consecutive 429s in each API\'s shape', async () => {
  await withSim({ rateLimitBursts: { every: 3, length: 2, retryAfterSeconds: 4 } }, async (sim) => {
    assert.deepEqual(await statuses(sim, 10), [200, 200, 200, 429, 429, 200, 200, 200, 429, 429]);
    const x = await fetch(`${sim.url}/v2/invoices`, { headers: basic(sim.keys.xendit) });
    assert.equal(x.status, 200);
    await x.arrayBuffer();
    for (let i = 0; i < 2; i++) {
      const ok = await fetch(`${sim.url}/api/tags`, { headers: { 'X-API-Key': sim.keys.systeme } });
      assert.equal(ok.status, 200);
      await ok.arrayBuffer();
    }
    const s = await fetch(`${sim.url}/api/tags`, { headers: { 'X-API-Key': sim.keys.systeme } });
    assert.equal(s.status, 429);
    assert.equal(s.headers.get('retry-after'), '4');
    assert.equal(typeof ((await s.json()) as { detail: string }).detail, 'string');
    const x429 = await fetch(`${sim.url}/v2/invoices`, { headers: basic(sim.keys.xendit) });
    assert.equal(x429.status, 429);
    assert.equal(x429.headers.get('rate-limit-reset'), '4.00');
    assert.equal(((await x429.json()) as { error_code: string }).error_code, 'RATE_LIMIT_EXCEEDED');
    assert.equal(sim.stats().pages.filter((p) => p.fault === 'rate_limit_burst').length, 6);
  });
});

test('malformed records: a fixed subset, always served broken, fails the zod schemas', async () => {
  const sizes = { invoices: 200, transactions: 200, refunds: 200, contacts: 200, tags: 4 };
  await withSim({ seed: 3, malformedRate: 0.15 }, async (sim) => {
    const bad = sim.malformedIds();
    const x = basic(sim.keys.xendit);
    const s = { 'X-API-Key': sim.keys.systeme };
    const fetchJson = async (path: string, headers: Record<string, string>) => (await (await fetch(`${sim.url}${path}`, { headers })).json()) as unknown;

    const check = (name: string, items: unknown[], schema: { safeParse(v: unknown): { success: boolean } }, malformed: Array<string | number>) => {
      const set = new Set(malformed.map(String));
      assert.ok(malformed.length > 10 && malformed.length < 60, `${name}: ~15% broken (${malformed.length})`);
      let failures = 0;
      for (const item of items) {
        const ok = schema.safeParse(item).success;
        const id = (item as { id?: unknown }).id;
        if (!ok) failures++;
        if (id !== undefined) assert.equal(!ok, set.has(String(id)), `${name} ${String(id)}`);
      }
      assert.equal(failures, malformed.length, name);
    };

    const invoices = (await fetchJson('/v2/invoices?limit=100', x)) as unknown[];
    const invoices2 = (await fetchJson(`/v2/invoices?limit=100&last_invoice=${(invoices.at(-1) as { id?: string }).id ?? ''}`, x)) as unknown[];
    check('invoices', [...invoices, ...invoices2], XenditInvoice, bad.invoices);
    // Some broken invoices have no id at all.
    assert.ok([...invoices, ...invoices2].some((i) => (i as { id?: string }).id === undefined));

    const txns = (await fetchJson('/transactions?limit=100', x)) as { data: unknown[] };
    const txns2 = (await fetchJson('/transactions?limit=100&after_id=txn_00000100', x)) as { data: unknown[] };
    check('transactions', [...txns.data, ...txns2.data], XenditTransaction, bad.transactions);

    const refunds = (await fetchJson('/refunds?limit=100', x)) as { data: unknown[] };
    const refunds2 = (await fetchJson('/refunds?limit=100&after_id=rfd_000100', x)) as { data: unknown[] };
    check('refunds', [...refunds.data, ...refunds2.data], XenditRefund, bad.refunds);

    const contacts = (await fetchJson('/api/contacts?limit=100&order=asc', s)) as { items: unknown[] };
    const contacts2 = (await fetchJson('/api/contacts?limit=100&order=asc&startingAfter=300', s)) as { items: unknown[] };
    check('contacts', [...contacts.items, ...contacts2.items], SystemeContact, bad.contacts);

    // The same records stay broken on every fetch.
    const again = (await fetchJson('/api/contacts?limit=100&order=asc', s)) as { items: unknown[] };
    assert.deepEqual(again, contacts);

    // Turning it off serves every record intact.
    sim.setFaults({ malformedRate: 0 });
    assert.deepEqual(sim.malformedIds().contacts, []);
    const clean = (await fetchJson('/api/contacts?limit=100', s)) as { items: unknown[] };
    assert.ok(clean.items.every((c) => SystemeContact.safeParse(c).success));
    const tags = (await fetchJson('/api/tags?limit=10', s)) as { items: unknown[] };
    assert.ok(tags.items.every((t) => SystemeTag.safeParse(t).success));
  }, sizes);
});

test('setFaults changes rates at run time and can target endpoints', async () => {
  await withSim({}, async (sim) => {
    assert.deepEqual(await statuses(sim, 3), [200, 200, 200]);
    sim.setFaults({ serverErrorRate: 1 });
    assert.ok((await statuses(sim, 3)).every((s) => s >= 500));
    sim.setFaults({ endpoints: ['/api/contacts'] });
    assert.deepEqual(await statuses(sim, 2), [200, 200]);
    const contacts = await fetch(`${sim.url}/api/contacts`, { headers: { 'X-API-Key': sim.keys.systeme } });
    assert.ok(contacts.status >= 500);
    await contacts.arrayBuffer();
    sim.setFaults({ serverErrorRate: 0, endpoints: null });
    assert.equal(sim.faults().serverErrorRate, 0);
    assert.deepEqual(await statuses(sim, 2), [200, 200]);
  });
});

test('ignored ledger filters: each named filter is ignored on its own, the others still apply', async () => {
  await withSim({ ignoredFilters: ['updated[gte]'] }, async (sim) => {
    const get = async (query: string) => {
      const res = await fetch(`${sim.url}/transactions?limit=100&${query}`, { headers: basic(sim.keys.xendit) });
      return ((await res.json()) as { data: { created: string; updated: string }[] }).data;
    };
    const all = await get('');
    const future = encodeURIComponent('2999-01-01T00:00:00.000Z');
    assert.equal((await get(`updated[gte]=${future}`)).length, all.length, 'updated[gte] ignored');
    assert.equal((await get(`created[gte]=${future}`)).length, 0, 'created[gte] still honoured');
    sim.setFaults({ ignoredFilters: ['created[gte]', 'updated[gte]'] });
    assert.equal((await get(`created[gte]=${future}`)).length, all.length, 'now both ignored');
  });
});
