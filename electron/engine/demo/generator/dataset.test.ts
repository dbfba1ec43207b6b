import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SystemeContact, SystemeTag, contactField } from '../../../../shared/sources/systeme.ts';
import { XenditInvoice, XenditRefund, XenditTransaction } from '../../../../shared/sources/xendit.ts';
import { generateDataset } from './index.ts';
import { INVOICE_MIX, P2P_PRICE_CHANGE } from './catalog.ts';
import { manilaMonth } from './time.ts';

const full = generateDataset({ seed: 1, scale: 1 });

test('scale 1 reproduces the seed: 9,025 invoices with its status × product mix', () => {
  assert.equal(full.invoices.length, 9025);
  assert.deepEqual(full.answerKey.invoiceCounts, {
    PAID: { ...INVOICE_MIX.PAID },
    SETTLED: { ...INVOICE_MIX.SETTLED },
    EXPIRED: { ...INVOICE_MIX.EXPIRED },
    PENDING: { ...INVOICE_MIX.PENDING },
  });
  const byStatus = new Map<string, number>();
  for (const invoice of full.invoices) byStatus.set(invoice.status, (byStatus.get(invoice.status) ?? 0) + 1);
  assert.deepEqual(Object.fromEntries(byStatus), { PAID: 4496, SETTLED: 1640, EXPIRED: 2818, PENDING: 71 });
});

test('scale 1 reproduces the seed: 15,270 contacts with its tag mix', () => {
  const has = (c: SystemeContact, name: string) => c.tags.some((t) => t.name === name);
  assert.equal(full.contacts.length, 15270);
  assert.equal(full.contacts.filter((c) => has(c, 'PaidP2P')).length, 3664);
  assert.equal(full.contacts.filter((c) => has(c, 'Canva')).length, 4916);
  assert.equal(full.contacts.filter((c) => has(c, 'PaidP2P') && has(c, 'Canva')).length, 2893);
  assert.equal(full.contacts.filter((c) => has(c, 'Imported') || has(c, 'imported')).length, 1108);
  assert.ok(full.contacts.some((c) => has(c, 'imported')) && full.contacts.some((c) => has(c, 'Imported')));
  for (const name of ['PaidCanva', 'squeeze', 'FBInviteSent', 'InvitedtoCourse', 'JoinCommunity', 'Enrolled P2P', 'TestTag']) {
    assert.ok(full.contacts.some((c) => has(c, name)), name);
  }
  const leads = full.answerKey.contactCounts.leadPeople;
  assert.ok(leads > 8500 && leads < 11000, `~10k leads, got ${leads}`);
});

test('every record passes its wire schema', () => {
  const check = (schema: { safeParse: (v: unknown) => { success: boolean; error?: unknown } }, records: unknown[], name: string) => {
    for (const record of records) {
      const result = schema.safeParse(record);
      assert.ok(result.success, `${name}: ${JSON.stringify(result.error)} in ${JSON.stringify(record)}`);
    }
  };
  check(XenditInvoice, full.invoices, 'invoice');
  check(XenditTransaction, full.transactions, 'transaction');
  check(XenditRefund, full.refunds, 'refund');
  check(SystemeContact, full.contacts, 'contact');
  check(SystemeTag, full.tags, 'tag');
});

test('records are listed in API order and ids are unique', () => {
  for (let i = 1; i < full.invoices.length; i++) {
    const [a, b] = [full.invoices[i - 1]!, full.invoices[i]!];
    assert.ok(a.created > b.created || (a.created === b.created && a.id > b.id), 'invoices newest first');
  }
  for (let i = 1; i < full.transactions.length; i++) {
    assert.ok(full.transactions[i - 1]!.created <= full.transactions[i]!.created, 'transactions ascending');
  }
  for (let i = 1; i < full.contacts.length; i++) {
    const [a, b] = [full.contacts[i - 1]!, full.contacts[i]!];
    assert.ok(a.id < b.id, 'contact ids ascending');
    assert.ok(a.registeredAt <= b.registeredAt, 'ids ascend with registration time');
  }
  const unique = (ids: (string | number)[]) => new Set(ids).size === ids.length;
  assert.ok(unique(full.invoices.map((i) => i.id)));
  assert.ok(unique(full.invoices.map((i) => i.external_id)));
  assert.ok(unique(full.transactions.map((t) => t.id)));
  assert.ok(unique(full.refunds.map((r) => r.id)));
  assert.ok(unique(full.contacts.map((c) => c.id)));
  assert.ok(unique(full.contacts.map((c) => c.email.trim().toLowerCase())), 'one contact per address');
});

test('invoices look like the merchant\'s: dates, prices, descriptions, paid-only fields', () => {
  const months = new Set(full.invoices.map((i) => manilaMonth(Date.parse(i.created))));
  assert.equal([...months].sort()[0], '2024-09');
  assert.equal([...months].sort().at(-1), '2025-07');
  const descriptions = new Set(full.invoices.map((i) => i.description));
  for (const d of [
    'Papers to Profits Learning Fee',
    'Canva Ebook',
    'Papers to Profits Course - Full Payment',
    'Papers to Profits Course - Monthly Plan',
    'My Canva Business Ebook',
    'Graceful Homeschooling Store Purchase',
    'Public Store Purchase',
  ]) assert.ok(descriptions.has(d), d);
  const product = full.answerKey.invoiceProduct;
  const offPrice = new Set(full.answerKey.offPriceInvoices.map((o) => o.invoiceId));
  const testIds = new Set(full.answerKey.testPayments);
  for (const invoice of full.invoices) {
    assert.equal(invoice.currency, 'PHP');
    const paid = invoice.status === 'PAID' || invoice.status === 'SETTLED';
    assert.equal(invoice.paid_at !== undefined, paid, 'paid_at only when paid');
    assert.equal(invoice.payment_method !== undefined, paid);
    if (paid) assert.equal(invoice.paid_amount, invoice.amount);
    if (offPrice.has(invoice.id) || testIds.has(invoice.id)) continue;
    if (product[invoice.id] === 'canva') assert.equal(invoice.amount, 49);
    if (product[invoice.id] === 'p2p') {
      assert.equal(invoice.amount, Date.parse(invoice.created) >= P2P_PRICE_CHANGE ? 1300 : 1000);
    }
  }
  assert.ok(full.invoices.some((i) => i.amount === 1300) && full.invoices.some((i) => i.customer) && full.invoices.some((i) => i.metadata));
});

test('contacts carry names in fields[] by slug, sometimes null, and +00:00 timestamps', () => {
  for (const contact of full.contacts.slice(0, 500)) {
    assert.match(contact.registeredAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    assert.deepEqual(contact.fields.map((f) => f.slug), ['first_name', 'surname', 'phone_number']);
  }
  assert.ok(full.contacts.some((c) => contactField(c, 'phone_number') === null));
  assert.ok(full.contacts.some((c) => c.sourceURL === null) && full.contacts.some((c) => c.sourceURL !== null));
});

test('same seed and scale give identical output; another seed differs', () => {
  const a = JSON.stringify(generateDataset({ seed: 5, scale: 0.2 }));
  const b = JSON.stringify(generateDataset({ seed: 5, scale: 0.2 }));
  const c = JSON.stringify(generateDataset({ seed: 6, scale: 0.2 }));
  assert.equal(a, b);
  assert.notEqual(a, c);
});

test('other scales round each cell and keep every kind of mess', () => {
  const small = generateDataset({ seed: 3, scale: 0.05 });
  for (const [status, mix] of Object.entries(INVOICE_MIX)) {
    const counts = small.answerKey.invoiceCounts[status as keyof typeof INVOICE_MIX];
    assert.deepEqual(counts, { p2p: Math.round(mix.p2p * 0.05), canva: Math.round(mix.canva * 0.05), other: Math.round(mix.other * 0.05) });
  }
  const key = small.answerKey;
  assert.equal(small.contacts.length, Math.round(15270 * 0.05));
  for (const [name, list] of Object.entries({
    manual: key.manualP2PCandidates,
    duplicates: key.duplicatePayments,
    retries: key.retries,
    tests: key.testPayments,
    testAccounts: key.testAccounts,
    untagged: key.paidWithoutBuyerTag,
    noContact: key.paidWithoutContact,
    secondEmail: key.secondEmailPayments,
    variants: key.emailVariants,
    duplicateContacts: key.duplicateContacts,
    unknown: key.unknownProductInvoices,
    refunds: key.refunds,
    chargebacks: key.chargebacks,
  })) assert.ok(list.length > 0, `scale 0.05 has ${name}`);
  assert.throws(() => generateDataset({ scale: 0 }), RangeError);
});
