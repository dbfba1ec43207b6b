import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SystemeContact } from '../../../../shared/sources/systeme.ts';
import { startSimulator, type MidCrawlPlan, type Simulator } from './index.ts';
import { basic, contact, fixtureDataset, invoice, invoiceId } from './test-fixtures.ts';

type Contact = { id: number; tags: Array<{ id: number }> };

async function contactsPage(sim: Simulator, query: string): Promise<{ items: Contact[]; hasMore: boolean }> {
  const res = await fetch(`${sim.url}/api/contacts?${query}`, { headers: { 'X-API-Key': sim.keys.systeme } });
  assert.equal(res.status, 200);
  return (await res.json()) as { items: Contact[]; hasMore: boolean };
}

/** Crawls contacts page by page, calling `between(pageNumber)` after each page. */
async function crawlContacts(sim: Simulator, order: 'asc' | 'desc', between: (page: number) => void = () => {}): Promise<number[]> {
  const seen: number[] = [];
  let cursor: number | null = null;
  for (let page = 1; ; page++) {
    const res = await contactsPage(sim, `limit=10&order=${order}${cursor === null ? '' : `&startingAfter=${cursor}`}`);
    seen.push(...res.items.map((c) => c.id));
    if (!res.hasMore) break;
    cursor = res.items.at(-1)?.id ?? null;
    between(page);
  }
  return seen;
}

function assertSurvivorsOnce(seen: number[], initial: number[], deleted: number[]) {
  assert.equal(new Set(seen).size, seen.length, 'no contact is served twice');
  const gone = new Set(deleted);
  const seenSet = new Set(seen);
  for (const id of initial) {
    if (!gone.has(id)) assert.ok(seenSet.has(id), `contact ${id} (present throughout) was served`);
  }
}

test('contacts: deletes, additions and retags during a keyset crawl lose and repeat nothing', async () => {
  for (const order of ['desc', 'asc'] as const) {
    const sim = await startSimulator({ dataset: fixtureDataset({ contacts: 100, tags: 3 }), rateLimits: false });
    try {
      const initial = sim.snapshot().contacts.map((c) => c.id);
      const deleted: number[] = [];
      const seen = await crawlContacts(sim, order, (page) => {
        if (page === 3) {
          // Delete one already served, one ahead, and the very cursor the client holds next.
          for (const id of [order === 'desc' ? 300 : 3, 150, order === 'desc' ? 210 : 90]) {
            assert.equal(sim.deleteContact(id), true);
            deleted.push(id);
          }
          assert.equal(sim.deleteContact(150), false, 'deleting twice is a no-op');
          sim.retagContact(120, [1, { id: 3, name: 'Imported' }]);
          const added = sim.addContact({ ...contact(1), id: undefined, email: 'new@example.com' });
          assert.equal(added.id, 301);
        }
      });
      assertSurvivorsOnce(seen, initial, deleted);
      assert.ok(!seen.includes(150), 'a contact deleted before its page was reached is not served');
      // Asc crawls see the new contact (largest id); desc crawls had already passed it.
      assert.equal(seen.includes(301), order === 'asc');
      const retagged = (await contactsPage(sim, 'limit=10&order=asc&startingAfter=119')).items[0];
      assert.deepEqual(retagged?.tags.map((t) => t.id), [1, 3]);
      SystemeContact.parse(retagged);
    } finally {
      await sim.close();
    }
  }
});

test('contacts: a cursor pointing at a deleted contact continues by id', async () => {
  const sim = await startSimulator({ dataset: fixtureDataset({ contacts: 30 }), rateLimits: false });
  try {
    const first = await contactsPage(sim, 'limit=10');
    const cursor = first.items.at(-1)?.id ?? 0;
    assert.equal(cursor, 63);
    sim.deleteContact(cursor);
    const next = await contactsPage(sim, `limit=10&startingAfter=${cursor}`);
    assert.deepEqual(next.items.slice(0, 2).map((c) => c.id), [60, 57]);
    const asc = await contactsPage(sim, `limit=10&order=asc&startingAfter=${cursor}`);
    assert.deepEqual(asc.items.slice(0, 2).map((c) => c.id), [66, 69]);
    assert.throws(() => sim.retagContact(cursor, []), /no contact/);
    assert.throws(() => sim.retagContact(60, [99]), /no tag/);
  } finally {
    await sim.close();
  }
});

test('invoices: settling, adding and updating during a crawl', async () => {
  const sim = await startSimulator({ dataset: fixtureDataset({ invoices: 50 }), rateLimits: false, now: () => Date.parse('2025-03-01T00:00:00.000Z') });
  const headers = basic(sim.keys.xendit);
  const page = async (cursor: string | null) => {
    const res = await fetch(`${sim.url}/v2/invoices?limit=10${cursor ? `&last_invoice=${cursor}` : ''}`, { headers });
    return (await res.json()) as Array<{ id: string; status: string; updated: string; amount: number }>;
  };
  try {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let n = 1; ; n++) {
      const items = await page(cursor);
      seen.push(...items.map((i) => i.id));
      if (items.length < 10) break;
      cursor = items.at(-1)?.id ?? null;
      if (n === 2) {
        // Invoice 4 (PAID, not yet served) settles; a brand-new invoice arrives (newest: page 1).
        const settled = sim.settleInvoice(invoiceId(4));
        assert.equal(settled.status, 'SETTLED');
        assert.equal(settled.updated, '2025-03-01T00:00:00.000Z');
        sim.addInvoice(invoice(51));
        sim.updateInvoice(invoiceId(40), { amount: 1000 });
      }
    }
    assert.equal(seen.length, 50);
    assert.equal(new Set(seen).size, 50);
    assert.ok(!seen.includes(invoiceId(51)));
    const latest = await page(null);
    assert.equal(latest[0]?.id, invoiceId(51));
    const four = (await page(invoiceId(5)))[0];
    assert.equal(four?.id, invoiceId(4));
    assert.equal(four?.status, 'SETTLED');
    assert.equal((await page(invoiceId(41)))[0]?.amount, 1000);
    assert.throws(() => sim.settleInvoice(invoiceId(3)), /only PAID/);
    assert.throws(() => sim.addInvoice(invoice(51)), /already exists/);
  } finally {
    await sim.close();
  }
});

test('scripted midCrawl: seed-chosen changes land after n requests, deterministically', async () => {
  const plan: MidCrawlPlan = { afterRequests: 3, settle: 4, addContacts: 3, deleteContacts: 5, retagContacts: 4 };
  const run = async () => {
    const sim = await startSimulator({ dataset: fixtureDataset({ contacts: 100, invoices: 40, tags: 3 }), rateLimits: false, midCrawl: plan, seed: 11 });
    try {
      const initial = sim.snapshot().contacts.map((c) => c.id);
      const paidBefore = sim.snapshot().invoices.filter((i) => i.status === 'PAID').length;
      const seen = await crawlContacts(sim, 'asc');
      const [change] = sim.midCrawlChanges();
      assert.ok(change);
      assert.equal(change.afterRequests, 3);
      assert.equal(change.settledInvoices.length, 4);
      assert.equal(change.addedContacts.length, 3);
      assert.equal(change.deletedContacts.length, 5);
      assert.equal(change.retaggedContacts.length, 4);
      assertSurvivorsOnce(seen, initial, change.deletedContacts);
      // Added contacts get ids above every existing one, so an asc crawl picks them up.
      for (const id of change.addedContacts) assert.ok(seen.includes(id));
      const snapshot = sim.snapshot();
      assert.equal(snapshot.invoices.filter((i) => i.status === 'PAID').length, paidBefore - 4);
      for (const id of change.settledInvoices) {
        assert.equal(snapshot.invoices.find((i) => i.id === id)?.status, 'SETTLED');
      }
      for (const c of snapshot.contacts) SystemeContact.parse(c);
      // The changes land once: the first three requests saw the old data.
      assert.equal(sim.midCrawlChanges().length, 1);
      return change;
    } finally {
      await sim.close();
    }
  };
  assert.deepEqual(await run(), await run());
});
