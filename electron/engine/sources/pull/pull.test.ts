import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cached, diffIds, differences, pullFixture, revisions } from '../../testing/pull.ts';

test('a full pull of the demo at scale 1 equals the answer key exactly', async () => {
  const f = await pullFixture({ scale: 1 });
  try {
    const job = await f.pull();
    assert.equal(job.state, 'done', job.error?.message);
    assert.deepEqual(differences(f.db, f.simulator), []);
    const key = f.dataset.answerKey;
    // Every record once, with its latest status.
    const statuses = f.db.prepare('SELECT status, count(*) AS n FROM raw_xendit_invoices GROUP BY status').all() as { status: string; n: number }[];
    assert.deepEqual(Object.fromEntries(statuses.map((s) => [s.status, s.n])), key.statusCounts);
    assert.equal(f.db.prepare('SELECT count(*) FROM raw_xendit_invoices').pluck().get(), key.invoiceTotal);
    assert.equal(f.db.prepare('SELECT count(*) FROM raw_systeme_contacts').pluck().get(), key.contactCounts.total);
    for (const [id, person] of Object.entries(key.invoicePerson).slice(0, 50)) assert.ok(person && cached(f.db, 'xendit-invoices').has(id));
    const paidP2P = f.db.prepare("SELECT count(*) FROM raw_systeme_contacts c, json_each(c.tags) t WHERE t.value = 'PaidP2P'").pluck().get();
    assert.equal(paidP2P, key.contactCounts.paidP2P);
    // Control totals: count and sum per status, exactly.
    const sums = f.db.prepare('SELECT status, sum(amount_minor) AS minor FROM raw_xendit_invoices GROUP BY status').all() as { status: string; minor: number }[];
    for (const { status, minor } of sums) {
      const expectedMinor = key.controlTotals.filter((c) => c.status === status).reduce((n, c) => n + Math.round(c.amount * 100), 0);
      assert.equal(minor, expectedMinor, status);
    }
    assert.equal(f.db.prepare('SELECT count(*) FROM quarantine').pluck().get(), 0);
  } finally {
    await f.close();
  }
});

test('under faults the pull is exact and malformed records sit in quarantine with reasons', async () => {
  const f = await pullFixture({
    scale: 0.5,
    faults: {
      seed: 7,
      serverErrorRate: 0.1,
      timeoutRate: 0.02,
      timeoutMs: null,
      truncatedRate: 0.02,
      rateLimitBursts: { every: 60, length: 3, retryAfterSeconds: 1 },
      malformedRate: 0.01,
    },
    midCrawl: { afterRequests: 120, settle: 6, addContacts: 5, deleteContacts: 5, retagContacts: 5 },
  });
  try {
    f.engine.context.workspace.settings.set('pull.requestTimeoutMs', 1_000);
    const first = await f.pull();
    assert.equal(first.state, 'done', first.error?.message);
    const changes = f.simulator.midCrawlChanges();
    assert.equal(changes.length, 1, 'the mid-crawl changes happened during the pull');

    // A stream that finished before the changes were made sees them on the next pull, and
    // Systeme.io has no change feed: a contact deleted or retagged after the crawl passed it
    // shows then too. Nothing else may differ, and nothing is lost or duplicated meanwhile.
    const change = changes[0]!;
    const settledPayments = f.dataset.transactions.filter((t) => change.settledInvoices.includes(t.product_id)).map((t) => t.id);
    const touched = new Set([...change.settledInvoices, ...settledPayments, ...change.deletedContacts.map(String), ...change.retaggedContacts.map(String), ...change.addedContacts.map(String)]);
    for (const d of diffIds(f.db, f.simulator)) {
      for (const id of [...d.missing, ...d.extra, ...d.stale]) assert.ok(touched.has(id), `${d.stream} ${id} differs but was not changed mid-crawl`);
    }

    // Quarantine: every malformed record, once, with a reason.
    const bad = f.simulator.malformedIds();
    const q = f.db.prepare('SELECT stream, record_key, reason FROM quarantine').all() as { stream: string; record_key: string | null; reason: string }[];
    const byStream = (s: string) => q.filter((r) => r.stream === s);
    assert.equal(byStream('xendit-invoices').length, bad.invoices.length);
    assert.equal(byStream('xendit-transactions').length, bad.transactions.length);
    assert.equal(byStream('systeme-contacts').length, bad.contacts.length);
    assert.ok(q.length > 0, 'the fault settings made some records malformed');
    for (const r of q) assert.ok(r.reason.length > 5, `reason for ${r.record_key}`);
    const retries = first.result!.streams.reduce((n, s) => n + s.retries, 0);
    assert.ok(retries > 0, 'faults were met and retried');

    const second = await f.pull();
    assert.equal(second.state, 'done', second.error?.message);
    assert.deepEqual(differences(f.db, f.simulator), []);
    assert.equal(f.db.prepare('SELECT count(*) FROM quarantine').pluck().get(), q.length, 'no duplicate quarantine rows');
  } finally {
    await f.close();
  }
});

test('a re-pull after changes in the source rewrites only the changed records', async () => {
  const f = await pullFixture({ scale: 0.2 });
  try {
    assert.equal((await f.pull()).state, 'done');
    const before = Object.fromEntries((['xendit-invoices', 'xendit-transactions', 'systeme-contacts'] as const).map((s) => [s, revisions(f.db, s)]));

    const paid = f.dataset.invoices.filter((i) => i.status === 'PAID').slice(0, 3).map((i) => i.id);
    for (const id of paid) f.simulator.settleInvoice(id);
    const [a, b] = f.dataset.contacts.slice(10, 12).map((x) => x.id);
    f.simulator.deleteContact(a!);
    f.simulator.retagContact(b!, [{ id: f.dataset.tags[0]!.id, name: f.dataset.tags[0]!.name }]);
    const added = f.simulator.addContact({
      email: 'new.buyer@example.ph',
      registeredAt: new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00'),
      locale: 'en',
      sourceURL: null,
      unsubscribed: false,
      bounced: false,
      needsConfirmation: false,
      fields: [{ fieldName: 'First name', slug: 'first_name', value: 'Nena' }],
      tags: [],
    });

    const job = await f.pull();
    assert.equal(job.state, 'done', job.error?.message);
    assert.deepEqual(differences(f.db, f.simulator), []);

    const changedIn = (stream: 'xendit-invoices' | 'xendit-transactions' | 'systeme-contacts') => {
      const after = revisions(f.db, stream);
      return [...after].filter(([id, rev]) => before[stream]!.get(id) !== rev).map(([id]) => id).sort();
    };
    assert.deepEqual(changedIn('xendit-invoices'), [...paid].sort());
    const payments = f.dataset.transactions.filter((t) => paid.includes(t.product_id) && t.type === 'PAYMENT').map((t) => t.id);
    assert.deepEqual(changedIn('xendit-transactions'), payments.sort());
    assert.deepEqual(changedIn('systeme-contacts'), [String(a), String(b), String(added.id)].sort());
    const deleted = f.db.prepare('SELECT deleted_at FROM raw_systeme_contacts WHERE id = ?').pluck().get(a);
    assert.ok(deleted, 'a deleted contact is marked, not removed');
  } finally {
    await f.close();
  }
});
