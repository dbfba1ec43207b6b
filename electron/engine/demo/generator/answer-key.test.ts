import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { XenditInvoice } from '../../../../shared/sources/xendit.ts';
import { emailKey } from '../../domain/email.ts';
import { computeControlTotals, generateDataset, type ProductKey } from './index.ts';
import { DESCRIPTIONS, TEST_DESCRIPTIONS, UNKNOWN_DESCRIPTIONS } from './catalog.ts';

const data = generateDataset({ seed: 11, scale: 1 });
const key = data.answerKey;
const invoiceById = new Map(data.invoices.map((i) => [i.id, i]));
const contactById = new Map(data.contacts.map((c) => [c.id, c]));
const isPaid = (i: XenditInvoice) => i.status === 'PAID' || i.status === 'SETTLED';
const tagsOf = (id: number) => contactById.get(id)?.tags.map((t) => t.name) ?? [];

/** A product classifier written from the catalog's description rules, independent of the key. */
function classify(description: string | null | undefined): ProductKey {
  if (description === DESCRIPTIONS.p2pLegacy || description?.startsWith('Papers to Profits Course')) return 'p2p';
  if (description === DESCRIPTIONS.canvaLegacy || description === DESCRIPTIONS.canvaNew) return 'canva';
  if (description === DESCRIPTIONS.shopMember || description === DESCRIPTIONS.shopPublic) return 'shop';
  return 'unknown';
}

test('every record has a true person', () => {
  for (const i of data.invoices) assert.ok(key.invoicePerson[i.id], i.id);
  for (const t of data.transactions) assert.ok(key.transactionPerson[t.id], t.id);
  for (const r of data.refunds) assert.ok(key.refundPerson[r.id], r.id);
  for (const c of data.contacts) assert.ok(key.contactPerson[String(c.id)], String(c.id));
  assert.equal(Object.keys(key.invoicePerson).length, data.invoices.length);
  assert.equal(Object.keys(key.contactPerson).length, data.contacts.length);
});

test('the key\'s products agree with the descriptions', () => {
  for (const invoice of data.invoices) assert.equal(key.invoiceProduct[invoice.id], classify(invoice.description), invoice.description ?? '');
  for (const id of key.unknownProductInvoices) {
    assert.ok((UNKNOWN_DESCRIPTIONS as readonly string[]).includes(invoiceById.get(id)?.description ?? ''));
  }
});

test('control totals recomputed from the records equal the key\'s', () => {
  const recomputed = computeControlTotals(data.invoices, (i) => classify(i.description));
  assert.deepEqual(recomputed, key.controlTotals);
  const count = key.controlTotals.reduce((sum, t) => sum + t.count, 0);
  assert.equal(count, 9025);
  const tests = new Set(key.testPayments);
  const withoutTests = computeControlTotals(data.invoices.filter((i) => !tests.has(i.id)), (i) => classify(i.description));
  assert.deepEqual(withoutTests, key.controlTotalsExcludingTests);
  const canvaPaid = key.controlTotals
    .filter((t) => t.product === 'canva' && (t.status === 'PAID' || t.status === 'SETTLED'))
    .reduce((sum, t) => sum + t.amount, 0);
  const canvaPaidRecords = data.invoices
    .filter((i) => classify(i.description) === 'canva' && isPaid(i))
    .reduce((sum, i) => sum + i.amount, 0);
  assert.equal(canvaPaid, canvaPaidRecords);
});

test('tag counts and contact counts match the contacts', () => {
  const counts: Record<string, number> = {};
  for (const tag of data.tags) counts[tag.name] = 0;
  for (const c of data.contacts) for (const t of c.tags) counts[t.name] = (counts[t.name] ?? 0) + 1;
  assert.deepEqual(key.tagCounts, counts);
  assert.equal(key.contactCounts.total, data.contacts.length);
});

test('manual P2P candidates: PaidP2P/Imported contacts whose person never paid for P2P', () => {
  const paidP2pPeople = new Set(
    data.invoices.filter((i) => isPaid(i) && key.invoiceProduct[i.id] === 'p2p').map((i) => key.invoicePerson[i.id]),
  );
  const expected = data.contacts
    .filter((c) => c.tags.some((t) => ['PaidP2P', 'Imported', 'imported'].includes(t.name)))
    .filter((c) => !paidP2pPeople.has(key.contactPerson[String(c.id)]))
    .map((c) => c.id);
  assert.deepEqual(key.manualP2PCandidates.map((m) => m.contactId), expected);
  assert.ok(expected.length > 1000);
  // Some PaidP2P contacts only look unpaid by e-mail: their person paid from a second address.
  const byEmail = new Set(
    data.invoices.filter((i) => isPaid(i) && key.invoiceProduct[i.id] === 'p2p').map((i) => emailKey(i.payer_email ?? '')),
  );
  const paidP2pTagged = (id: number) => tagsOf(id).includes('PaidP2P');
  const lookUnpaid = data.contacts.filter((c) => paidP2pTagged(c.id) && !byEmail.has(emailKey(c.email)));
  const reallyUnpaid = expected.filter(paidP2pTagged);
  assert.ok(lookUnpaid.length > reallyUnpaid.length, 'second addresses hide some payers from an e-mail join');
});

test('duplicate payments and retries are visible in the records', () => {
  assert.ok(key.duplicatePayments.length >= 40);
  for (const dup of key.duplicatePayments) {
    const invoices = dup.invoiceIds.map((id) => invoiceById.get(id)!);
    assert.ok(invoices.length >= 2 && invoices.every(isPaid));
    assert.ok(invoices.every((i) => key.invoicePerson[i.id] === dup.personId && key.invoiceProduct[i.id] === dup.product));
  }
  assert.ok(key.retries.length >= 250);
  for (const retry of key.retries) {
    const paid = invoiceById.get(retry.paidInvoiceId)!;
    for (const id of retry.expiredInvoiceIds) {
      const expired = invoiceById.get(id)!;
      assert.equal(expired.status, 'EXPIRED');
      assert.ok(expired.created < paid.created);
      assert.equal(key.invoicePerson[id], retry.personId);
    }
  }
});

test('every test payment carries a marker the test rules can see', () => {
  assert.ok(key.testPayments.length > 0);
  for (const id of key.testPayments) {
    const i = invoiceById.get(id)!;
    const marked =
      /^(test|demo|trial|sample|example)/i.test(i.external_id) ||
      /test|trial/i.test(i.description ?? '') ||
      /@(xendit\.co|example\.com)\s*$/i.test(i.payer_email ?? '') ||
      i.metadata?.['isTest'] === true;
    assert.ok(marked, JSON.stringify(i));
  }
  assert.ok(data.invoices.some((i) => (TEST_DESCRIPTIONS as readonly string[]).includes(i.description ?? '')));
  assert.ok(data.invoices.some((i) => /@xendit\.co$/.test(i.payer_email ?? '')));
  assert.ok(data.contacts.some((c) => c.email.endsWith('@example.com')));
  const tests = new Set(key.testPayments);
  for (const i of data.invoices) if (!tests.has(i.id)) assert.ok(!/^(test|demo|trial|sample)-/.test(i.external_id));
});

test('e-mail variants, second addresses and duplicate contacts tie back to one person', () => {
  assert.ok(key.emailVariants.some((v) => v.source === 'xendit-invoice'));
  assert.ok(key.emailVariants.some((v) => v.source === 'systeme-contact'));
  const contactEmailsByPerson = new Map<string, Set<string>>();
  for (const c of data.contacts) {
    const person = key.contactPerson[String(c.id)]!;
    const set = contactEmailsByPerson.get(person) ?? new Set<string>();
    set.add(emailKey(c.email));
    contactEmailsByPerson.set(person, set);
  }
  for (const v of key.emailVariants) {
    assert.notEqual(v.email, v.normalized, 'a variant differs in case or whitespace');
    if (v.source === 'xendit-invoice') assert.ok(contactEmailsByPerson.get(v.personId)?.has(v.normalized));
  }
  for (const s of key.secondEmailPayments) {
    assert.ok(s.contactEmail === null || emailKey(s.contactEmail) !== emailKey(s.invoiceEmail));
  }
  assert.ok(key.duplicateContacts.length > 0);
  for (const d of key.duplicateContacts) {
    assert.ok(d.contactIds.length >= 2);
    assert.equal(new Set(d.emails.map(emailKey)).size, d.emails.length);
  }
});

test('paid without the buyer tag, and paid without any contact', () => {
  assert.ok(key.paidWithoutBuyerTag.some((p) => p.product === 'p2p'));
  assert.ok(key.paidWithoutBuyerTag.some((p) => p.product === 'canva'));
  for (const p of key.paidWithoutBuyerTag) {
    for (const id of p.contactIds) assert.ok(!tagsOf(id).includes(p.missingTag));
  }
  assert.ok(key.paidWithoutContact.length > 0);
  const people = new Set(Object.values(key.contactPerson));
  for (const p of key.paidWithoutContact) assert.ok(!people.has(p.personId));
});

test('refunds and chargebacks are consistent across invoices, ledger and refunds', () => {
  const txById = new Map(data.transactions.map((t) => [t.id, t]));
  assert.equal(key.refunds.length, data.refunds.length);
  assert.ok(data.refunds.some((r) => r.status === 'FAILED') && data.refunds.some((r) => r.status === 'SUCCEEDED'));
  for (const refund of data.refunds) {
    const invoice = invoiceById.get(refund.invoice_id ?? '')!;
    assert.ok(isPaid(invoice));
    assert.equal(refund.amount, invoice.amount);
    const payment = data.transactions.find((t) => t.type === 'PAYMENT' && t.product_id === invoice.id)!;
    const truth = key.refunds.find((r) => r.refundId === refund.id)!;
    if (truth.voided) assert.equal(payment.status, 'VOIDED');
    else {
      const row = txById.get(truth.transactionId ?? '')!;
      assert.equal(row.type, 'REFUND');
      assert.equal(row.reference_id, invoice.external_id);
      assert.equal(row.status, refund.status === 'FAILED' ? 'FAILED' : 'SUCCESS');
    }
  }
  assert.ok(key.chargebacks.length > 0);
  for (const cb of key.chargebacks) {
    assert.equal(txById.get(cb.transactionId)?.type, 'CHARGEBACK');
    assert.ok(data.transactions.some((t) => t.product_id === cb.invoiceId && t.type === 'PAYMENT' && t.status === 'REVERSED'));
  }
  const payments = data.transactions.filter((t) => t.type === 'PAYMENT');
  assert.equal(payments.length, data.invoices.filter(isPaid).length, 'one PAYMENT per paid invoice');
  for (const p of payments) {
    const invoice = invoiceById.get(p.product_id)!;
    assert.equal(p.reference_id, invoice.external_id);
    assert.equal(p.amount, invoice.amount);
    assert.equal(p.net_amount, Math.round((p.amount - (p.fee?.xendit_fee ?? 0) - (p.fee?.value_added_tax ?? 0)) * 100) / 100);
  }
});

test('the answer key is plain JSON', () => {
  assert.deepEqual(JSON.parse(JSON.stringify(key)), key);
});
