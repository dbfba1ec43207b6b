// The reconciliation scored against the demo generator's answer key at scale 1 with the default
// mess: the people (pairwise precision and recall), every finding queue (recall and false
// positives), the control totals, the revenue and the funnel.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FindingRow } from '../../../shared/api/reconcile.ts';
import { fiscalQuarter, monthOf } from '../domain/time.ts';
import { toCentavos } from '../domain/money.ts';
import type { AnswerKey, DemoDataset } from '../demo/generator/index.ts';
import { seededWorkspace, type SeededWorkspace } from '../testing/seeded-workspace.ts';
import { ok, pairwise, recompute, truePerson, truthOfCluster } from '../testing/reconcile.ts';

let ws: SeededWorkspace;
let key: AnswerKey;
let data: DemoDataset;
let exact: ReturnType<typeof pairwise>;
let afterSuggestions: ReturnType<typeof pairwise>;
let likelyWrong = 0;

/** The catalog's products as the answer key names them. */
const keyProduct = (p: string) => (p.startsWith('store-') ? 'shop' : p === 'other' ? 'unknown' : p);

async function findings(queue: string): Promise<FindingRow[]> {
  const out: FindingRow[] = [];
  let cursor: string | null = null;
  do {
    const page: { rows: FindingRow[]; next: string | null } = await ok(ws.engine, 'reconcile-findings', { filters: [{ column: 'queue', op: 'eq', value: queue }], limit: 1000, cursor, withTotals: false });
    out.push(...page.rows);
    cursor = page.next;
  } while (cursor);
  return out;
}

async function suggestions(likely: boolean) {
  const page = await ok(ws.engine, 'reconcile-suggestions', { filters: [{ column: 'likely', op: 'eq', value: likely }], limit: 1000 });
  assert.equal(page.next, null);
  return page.rows;
}

before(async () => {
  ws = await seededWorkspace({ scale: 1 });
  data = ws.dataset;
  key = data.answerKey;
  await recompute(ws.engine);
  exact = pairwise(ws.db, key);
  // The reviewer accepts every suggestion at or above the default threshold, unseen.
  const likely = await suggestions(true);
  likelyWrong = likely.filter((s) => truthOfCluster(ws.db, key, s.personA) !== truthOfCluster(ws.db, key, s.personB)).length;
  await ok(ws.engine, 'reconcile-decide', { decisions: likely.map((s) => ({ kind: 'merge' as const, a: s.personA, b: s.personB })), reason: 'likely duplicates' });
  afterSuggestions = pairwise(ws.db, key);
});

after(() => ws.close());

test('people: exact keys alone never merge two people; after accepting the likely suggestions precision ≥ 0.995 and recall ≥ 0.99', () => {
  assert.equal(exact.precision, 1, 'automatic clusters are exact');
  assert.ok(exact.recall < 0.99, `exact keys alone miss the second addresses (recall ${exact.recall})`);
  assert.equal(likelyWrong, 0, 'no likely suggestion joins two people');
  assert.ok(afterSuggestions.precision >= 0.995, `precision ${afterSuggestions.precision}`);
  assert.ok(afterSuggestions.recall >= 0.99, `recall ${afterSuggestions.recall}`);
});

/** Recall 1.0 and at most 1% false positives. */
function scoreQueue(name: string, truth: Iterable<string>, found: Iterable<string>) {
  const t = new Set(truth);
  const f = new Set(found);
  const missed = [...t].filter((x) => !f.has(x));
  const extra = [...f].filter((x) => !t.has(x));
  assert.ok(t.size > 0, `${name}: the generator injected some`);
  assert.deepEqual(missed, [], `${name}: every injected one is found`);
  assert.ok(extra.length <= 0.01 * f.size, `${name}: ${extra.length} false positives of ${f.size} (${extra.slice(0, 3).join(', ')})`);
}

test('every injected manual payment, duplicate payment, test account, unknown product, off-price amount and invalid e-mail is found, ≤ 1% false positives', async () => {
  scoreQueue('manual payments (contacts)', key.manualP2PCandidates.map((m) => `c:${m.contactId}`), (await findings('manual-p2p')).flatMap((f) => f.records));
  scoreQueue(
    'duplicate payments',
    key.duplicatePayments.map((d) => d.invoiceIds.map((i) => `i:${i}`).sort().join(',')),
    (await findings('duplicate-payments')).map((f) => [...f.records].sort().join(',')),
  );
  scoreQueue('test accounts', key.testAccounts.map((t) => t.personId), (await findings('test-account')).map((f) => truePerson(key, f.records[0]!)));
  const testRecords = [...(await findings('test-account')), ...(await findings('test-payment'))].flatMap((f) => f.records).filter((r) => r.startsWith('i:'));
  scoreQueue('test payments', key.testPayments.map((i) => `i:${i}`), testRecords);
  scoreQueue('unknown products', key.unknownProductInvoices.map((i) => `i:${i}`), (await findings('unknown-product')).flatMap((f) => f.records));
  scoreQueue('off-price amounts', key.offPriceInvoices.map((o) => `i:${o.invoiceId}`), (await findings('off-price')).flatMap((f) => f.records));
  scoreQueue('invalid e-mails', key.invalidEmails.map((i) => `c:${i.contactId}`), (await findings('invalid-email')).flatMap((f) => f.records));
  scoreQueue(
    'paid without the buyer tag',
    key.paidWithoutBuyerTag.map((p) => `${p.personId}:${p.product}`),
    (await findings('paid-without-tag')).map((f) => `${truePerson(key, f.records[0]!)}:${f.product}`),
  );
  scoreQueue('Canva/P2P overlaps', key.canvaP2pOverlaps, (await findings('canva-p2p-overlap')).map((f) => truePerson(key, f.records[0]!)));
  scoreQueue('refunds', key.refunds.map((r) => `r:${r.refundId}`), (await findings('refund')).map((f) => f.records[1]!));
  scoreQueue('chargebacks', key.chargebacks.map((c) => `t:${c.transactionId}`), (await findings('chargeback')).map((f) => f.records[1]!));
  // Every finding explains itself: the rule, its records, and what resolving it would do.
  for (const f of await findings('manual-p2p')) {
    assert.ok(f.rule && f.proposal.includes('₱800.00') && f.records.length > 0 && f.severity === 'error', JSON.stringify(f));
  }
  const queues = await ok(ws.engine, 'reconcile-queues', {});
  assert.equal(queues.find((q) => q.id === 'manual-p2p')?.blocking, key.manualP2PCandidates.length, 'undecided manual payments block the approval');
});

/** The key's totals in centavos, our product names mapped to the key's. */
function totals(rows: readonly { product: string; status: string; month: string; currency: string; count: number; amount?: number; amountMinor?: number }[]) {
  const out = new Map<string, { count: number; amountMinor: number }>();
  for (const r of rows) {
    const k = `${keyProduct(r.product)}|${r.status}|${r.month}|${r.currency}`;
    const v = out.get(k) ?? { count: 0, amountMinor: 0 };
    v.count += r.count;
    v.amountMinor += r.amountMinor ?? toCentavos(r.amount!);
    out.set(k, v);
  }
  return [...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
}

test('control totals per product × status × month × currency equal the answer key to the centavo', async () => {
  assert.deepEqual(totals(await ok(ws.engine, 'reconcile-totals', { of: 'sources' })), totals(key.controlTotals));
  assert.deepEqual(totals(await ok(ws.engine, 'reconcile-totals', { of: 'sources-without-tests' })), totals(key.controlTotalsExcludingTests));
  // The plan's own totals: every paid, non-test invoice, and nothing else.
  const plan = await ok(ws.engine, 'reconcile-totals', { of: 'plan' });
  const tests = new Set(key.testPayments);
  const paid = data.invoices.filter((i) => (i.status === 'PAID' || i.status === 'SETTLED') && !tests.has(i.id));
  assert.equal(plan.reduce((s, t) => s + t.count, 0), paid.length);
  assert.equal(plan.reduce((s, t) => s + t.amountMinor, 0), paid.reduce((s, i) => s + toCentavos(i.amount), 0));
});

/** Revenue from the answer key: paid non-test invoices in their paid month, refunds and chargebacks netted in theirs. */
function expectedRevenue(manual: { month: string; amountMinor: number }[]): Map<string, number> {
  const out = new Map<string, number>();
  const add = (product: string, month: string, minor: number) => out.set(`${product}|${month}`, (out.get(`${product}|${month}`) ?? 0) + minor);
  const tests = new Set(key.testPayments);
  for (const i of data.invoices) {
    if ((i.status === 'PAID' || i.status === 'SETTLED') && !tests.has(i.id)) add(key.invoiceProduct[i.id]!, monthOf(i.paid_at!), toCentavos(i.amount));
  }
  const refundAt = new Map(data.refunds.map((r) => [r.id, r.created]));
  for (const r of key.refunds) if (r.status === 'SUCCEEDED' && !tests.has(r.invoiceId)) add(key.invoiceProduct[r.invoiceId]!, monthOf(refundAt.get(r.refundId)!), -toCentavos(r.amount));
  const txAt = new Map(data.transactions.map((t) => [t.id, t.created]));
  for (const c of key.chargebacks) if (!tests.has(c.invoiceId)) add(key.invoiceProduct[c.invoiceId]!, monthOf(txAt.get(c.transactionId)!), -toCentavos(c.amount));
  for (const m of manual) add('p2p', m.month, m.amountMinor);
  return out;
}

function ourRevenue(rows: readonly { product: string; period: string; netMinor: number }[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) out.set(`${keyProduct(r.product)}|${r.period}`, (out.get(`${keyProduct(r.product)}|${r.period}`) ?? 0) + r.netMinor);
  return out;
}

const sorted = (m: Map<string, number>) => [...m.entries()].filter(([, v]) => v !== 0).sort(([a], [b]) => (a < b ? -1 : 1));

test('revenue by product × month equals the answer key to the centavo, with approved manual payments and by fiscal quarter', async () => {
  assert.deepEqual(sorted(ourRevenue(await ok(ws.engine, 'reconcile-revenue', { by: 'month' }))), sorted(expectedRevenue([])));
  // The reviewer approves every manual payment: ₱800 each, in the month the contact signed up.
  const manual = await findings('manual-p2p');
  await ok(ws.engine, 'reconcile-decide', { decisions: manual.map((f) => ({ kind: 'resolve' as const, finding: f.id, value: 'approve' as const })) });
  const contacts = new Map(data.contacts.map((c) => [`c:${c.id}`, c]));
  const expected = expectedRevenue(manual.map((f) => ({ month: monthOf(contacts.get([...f.records].sort()[0]!)!.registeredAt), amountMinor: 80_000 })));
  assert.deepEqual(sorted(ourRevenue(await ok(ws.engine, 'reconcile-revenue', { by: 'month' }))), sorted(expected));
  // Quarters roll the same months up, with the fiscal year starting in July.
  await ok(ws.engine, 'settings-set', { fiscalYearStartMonth: 7 });
  const quarters = new Map<string, number>();
  for (const [k, v] of expected) {
    const [product, month] = k.split('|') as [string, string];
    quarters.set(`${product}|${fiscalQuarter(month, 7)}`, (quarters.get(`${product}|${fiscalQuarter(month, 7)}`) ?? 0) + v);
  }
  assert.deepEqual(sorted(ourRevenue(await ok(ws.engine, 'reconcile-revenue', { by: 'quarter' }))), sorted(quarters));
  await ok(ws.engine, 'settings-set', { fiscalYearStartMonth: 1 });
  const plan = await ok(ws.engine, 'reconcile-plan-summary', {});
  assert.equal(plan.blocking, 0, 'nothing blocks once every manual payment is decided');
});

test('the lead → customer funnel equals the answer key once every suggested pair is reviewed', async () => {
  // A reviewer who knows the truth merges every true pair (above the threshold or not) and declines the rest.
  const rest = [...(await suggestions(true)), ...(await suggestions(false))];
  const decisions = rest.map((s) => ({ kind: truthOfCluster(ws.db, key, s.personA) === truthOfCluster(ws.db, key, s.personB) ? ('merge' as const) : ('decline' as const), a: s.personA, b: s.personB }));
  if (decisions.length) await ok(ws.engine, 'reconcile-decide', { decisions });
  assert.equal(pairwise(ws.db, key).recall, 1, 'every true pair was suggested');
  const funnel = await ok(ws.engine, 'reconcile-funnel', {});
  assert.equal(funnel.reduce((s, r) => s + r.leads, 0), key.contactCounts.leadPeople);
  // The same table from the answer key: each true person with a contact, by first sign-up month and lead tag.
  const people = new Map<string, { first: string; tags: Set<string>; paid: boolean; student: boolean; test: boolean }>();
  const tests = new Set(key.testAccounts.map((t) => t.personId));
  for (const c of data.contacts) {
    const p = key.contactPerson[String(c.id)]!;
    const e = people.get(p) ?? { first: c.registeredAt, tags: new Set<string>(), paid: false, student: false, test: tests.has(p) };
    if (c.registeredAt < e.first) e.first = c.registeredAt;
    for (const t of c.tags) e.tags.add(t.name);
    people.set(p, e);
  }
  for (const i of data.invoices) {
    const e = people.get(key.invoicePerson[i.id]!);
    if (e && (i.status === 'PAID' || i.status === 'SETTLED')) e.paid = true;
  }
  const manual = new Set(key.manualP2PCandidates.map((m) => m.personId));
  const rows = new Map<string, { people: number; buyers: number; leads: number }>();
  for (const [p, e] of people) {
    if (e.test) continue;
    const tag = ['squeeze', 'Canva'].find((t) => e.tags.has(t)) ?? 'none';
    const k = `${monthOf(e.first)}|${tag}`;
    const r = rows.get(k) ?? { people: 0, buyers: 0, leads: 0 };
    r.people++;
    // Every manual payment was approved above: those students are buyers too.
    if (e.paid || manual.has(p)) r.buyers++;
    else if (!['PaidP2P', 'Imported', 'imported'].some((t) => e.tags.has(t))) r.leads++;
    rows.set(k, r);
  }
  const ours = funnel.map((r) => [`${r.month}|${r.tag}`, { people: r.people, buyers: r.buyers, leads: r.leads }] as const).sort(([a], [b]) => (a < b ? -1 : 1));
  assert.deepEqual(ours, [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
});
