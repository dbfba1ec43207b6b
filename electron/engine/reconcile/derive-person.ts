// One person's reconciliation, as a pure function: from the person's records, payments and
// ledger rows (with the record-level decisions already applied), the resolutions in force and the
// catalog, it derives the person's row, every finding about them, the final flags of their
// payments and their rows of the approved plan. The full recompute runs it for every person; a
// decision runs it again for the people it touched only, so both paths give the same rows.
import type { Catalog, CatalogProduct, FindingQueue, FindingStatus, PersonStatus, Severity } from '../../../shared/api/reconcile.ts';
import { leadTag, listPrice } from './catalog.ts';
import { queueDef } from './queues.ts';
import { suggestEmailFix } from './email-fix.ts';
import { defaultPaymentFlags } from './records.ts';

export interface RecordIn {
  rid: string;
  kind: 'contact' | 'invoice';
  email: string | null;
  email_key: string;
  email_problem: string | null;
  first_name: string | null;
  last_name: string | null;
  phone: string | null;
  tags: string;
  at: string;
  key: string;
  test_rule: string | null;
  test_override: number | null;
  excluded: number;
}

export interface PaymentIn {
  rid: string;
  invoice_id: string;
  external_id: string;
  email: string | null;
  description: string | null;
  product: string;
  product_rule: string;
  status: string;
  meaning: 'paid' | 'pending' | 'expired';
  amount_minor: number;
  expected_minor: number | null;
  currency: string;
  created_at: string;
  paid_at: string | null;
  month: string;
  paid_month: string | null;
  payment_method: string | null;
  test_rule: string | null;
  test_override: number | null;
  excluded: number;
}

export interface LedgerIn {
  id: string;
  kind: 'refund' | 'chargeback';
  rid: string;
  status: string;
  succeeded: number;
  amount_minor: number;
  currency: string;
  at: string;
  month: string;
  reason: string | null;
}

export interface Resolution {
  value: 'approve' | 'reject';
  basis: string;
  decisionId: string;
  reviewer: string;
  decidedAt: string;
}

export interface DeriveEnv {
  catalog: Catalog;
  products: ReadonlyMap<string, CatalogProduct>;
  clock: { month(iso: string): string; day(iso: string): string };
  resolution(findingId: string): Resolution | undefined;
  /** Decisions in force on a record (overrides) and on a key (merges, declines). */
  recordDecisions(rid: string): readonly string[];
  keyDecisions(key: string): readonly string[];
  /** A stable UUID for a name (users by e-mail key, transactions by invoice, …). */
  uuid(name: string): string;
}

export interface FindingOut {
  id: string;
  queue: FindingQueue;
  status: FindingStatus;
  severity: Severity;
  rule: string;
  summary: string;
  proposal: string;
  applies: number;
  person_id: string;
  email: string | null;
  product: string | null;
  month: string | null;
  amount_minor: number | null;
  records: string;
  detail: string;
  fingerprint: string;
  decision_id: string | null;
  decided_by: string | null;
  decided_at: string | null;
}

export interface PersonOut {
  person_id: string;
  name: string | null;
  email: string | null;
  email_problem: string | null;
  status: PersonStatus;
  contacts: number;
  invoices: number;
  paid: number;
  paid_minor: number;
  products: string;
  tags: string;
  lead_tag: string | null;
  registered_month: string | null;
  first_at: string;
  user_id: string | null;
  open_findings: number;
}

export interface PaymentFlags {
  rid: string;
  is_test: number;
  in_plan: number;
  refunded_minor: number;
  charged_back_minor: number;
}

export interface PlanOut {
  users: { id: string; person_id: string; email: string; first_name: string | null; last_name: string | null; created_at: string; sources: string; decisions: string }[];
  profiles: {
    id: string;
    person_id: string;
    email: string;
    first_name: string | null;
    last_name: string | null;
    phone: string | null;
    tags: string;
    acquisition_source: string | null;
    status: string;
    is_student: number;
    created_at: string;
    sources: string;
    decisions: string;
  }[];
  transactions: {
    id: string;
    person_id: string;
    rid: string | null;
    user_id: string | null;
    external_id: string;
    amount_minor: number;
    currency: string;
    status: string;
    transaction_type: string;
    product: string;
    payment_method: string | null;
    contact_email: string | null;
    metadata: string;
    paid_at: string | null;
    created_at: string;
    month: string;
    paid_month: string;
    sources: string;
    decisions: string;
  }[];
  enrollments: { id: string; person_id: string; user_id: string; course_id: string; transaction_id: string | null; status: string; enrolled_at: string; sources: string; decisions: string }[];
}

export interface Derived {
  person: PersonOut;
  findings: FindingOut[];
  /** Every payment's final flags; `changed` when they differ from the defaults it was written with. */
  payments: (PaymentFlags & { changed: boolean })[];
  plan: PlanOut;
  decisions: string[];
}

const json = (v: unknown) => JSON.stringify(v);
const byAtRid = <T extends { at: string; rid: string }>(a: T, b: T) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.rid < b.rid ? -1 : a.rid > b.rid ? 1 : 0);
const paidOrder = (a: PaymentIn, b: PaymentIn) => {
  const x = a.paid_at ?? a.created_at;
  const y = b.paid_at ?? b.created_at;
  return x < y ? -1 : x > y ? 1 : a.rid < b.rid ? -1 : 1;
};
/** "₱1,300.00" without Intl (called for every finding). */
function pesos(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}₱${whole}.${String(abs % 100).padStart(2, '0')}`;
}

export function derivePerson(personId: string, recordsIn: readonly RecordIn[], paymentsIn: readonly PaymentIn[], ledger: readonly LedgerIn[], env: DeriveEnv): Derived {
  const records = recordsIn.length > 1 ? [...recordsIn].sort(byAtRid) : recordsIn;
  const payments = paymentsIn.length > 1 ? [...paymentsIn].sort(paidOrder) : paymentsIn;
  const contacts = records.filter((r) => r.kind === 'contact');
  const tagsOf = new Map<string, string[]>(contacts.map((c) => [c.rid, JSON.parse(c.tags) as string[]]));
  const findings: FindingOut[] = [];
  const catalog = env.catalog;

  // Names and the address: contacts before invoices, earliest first, usable addresses first.
  const ranked = records.length < 2 ? records : [...records].sort((a, b) => Number(a.email_problem !== null) - Number(b.email_problem !== null) || Number(a.kind === 'invoice') - Number(b.kind === 'invoice') || byAtRid(a, b));
  const primary = ranked[0]!;
  const firstOf = (f: 'first_name' | 'last_name' | 'phone') => ranked.find((r) => r[f] && r[f]!.trim())?.[f]?.trim() ?? null;
  const firstName = firstOf('first_name');
  const lastName = firstOf('last_name');
  const phone = firstOf('phone');
  const name = [firstName, lastName].filter(Boolean).join(' ') || null;
  const accountRecord = ranked.find((r) => r.email_problem === null && r.email_key) ?? null;
  const displayEmail = (accountRecord ?? primary).email?.trim() ?? null;

  const tagSet = new Set<string>();
  for (const c of contacts) for (const t of tagsOf.get(c.rid)!) tagSet.add(t);

  const resolve = (id: string, fingerprint: string): { status: FindingStatus; r: Resolution | undefined } => {
    const r = env.resolution(id);
    // A resolution of another version of the finding does not apply (it is flagged stale).
    if (!r || r.basis !== fingerprint) return { status: 'open', r: undefined };
    return { status: r.value === 'approve' ? 'approved' : 'rejected', r };
  };

  const finding = (
    queue: FindingQueue,
    id: string,
    fingerprint: string,
    f: { rule: string; summary: string; proposal: string; records: string[]; product?: string | null; month?: string | null; amount?: number | null; detail?: Record<string, unknown>; severity?: Severity },
  ): FindingStatus => {
    const { status, r } = resolve(id, fingerprint);
    const def = queueDef.get(queue)!;
    findings.push({
      id,
      queue,
      status,
      severity: f.severity ?? def.severity,
      rule: f.rule,
      summary: f.summary,
      proposal: f.proposal,
      applies: status === 'approved' || (status === 'open' && def.defaultApplies) ? 1 : 0,
      person_id: personId,
      email: displayEmail,
      product: f.product ?? null,
      month: f.month ?? null,
      amount_minor: f.amount ?? null,
      records: json(f.records),
      detail: json(f.detail ?? {}),
      fingerprint,
      decision_id: r?.decisionId ?? null,
      decided_by: r?.reviewer ?? null,
      decided_at: r?.decidedAt ?? null,
    });
    return status;
  };

  // Test accounts: any record an account rule (or a decision) marks, unless the finding is rejected.
  const testHits = records.filter((r) => (r.kind === 'contact' && r.test_override !== null ? r.test_override === 1 : r.test_rule !== null));
  let isTest = false;
  if (testHits.length) {
    const rules = [...new Set(testHits.map((r) => (r.kind === 'contact' && r.test_override === 1 ? 'decision' : r.test_rule!)))].sort();
    const labels = rules.map((id) => (id === 'decision' ? 'marked as a test by a decision' : (catalog.testRules.find((t) => t.id === id)?.label ?? id)));
    const status = finding('test-account', `test-account:${testHits.map((r) => r.rid).sort()[0]}`, `${rules.join(',')}|${testHits.map((r) => r.rid).sort().join(',')}`, {
      rule: labels.join('; '),
      summary: `${name ?? displayEmail ?? personId} looks like a test account (${labels.join('; ')}).`,
      proposal: 'Leave this person and their payments out of the plan.',
      records: records.map((r) => r.rid),
      month: env.clock.month(records[0]!.at),
      amount: payments.filter((p) => p.meaning === 'paid').reduce((s, p) => s + p.amount_minor, 0),
    });
    isTest = status !== 'rejected';
  }
  const excludedPerson = contacts.some((c) => c.excluded === 1);

  // Payments: tests, exclusions, then what the queues' resolutions change.
  const flags = new Map<string, PaymentFlags & { counts: boolean; initial: { is_test: number; in_plan: number } }>();
  for (const p of payments) {
    let test = isTest;
    if (!isTest) {
      const hit = p.test_override !== null ? p.test_override === 1 : p.test_rule !== null;
      if (hit) {
        const rule = p.test_override === 1 ? 'marked as a test by a decision' : (catalog.testRules.find((t) => t.id === p.test_rule)?.label ?? p.test_rule!);
        const status = finding('test-payment', `test-payment:${p.rid}`, `${p.test_override === 1 ? 'decision' : p.test_rule}`, {
          rule,
          summary: `Invoice ${p.external_id} (${pesos(p.amount_minor)}, ${p.status}) looks like a test: ${rule}.`,
          proposal: 'Leave this payment out of the plan and the revenue.',
          records: [p.rid],
          product: p.product,
          month: p.month,
          amount: p.amount_minor,
        });
        test = status !== 'rejected';
      }
    }
    flags.set(p.rid, { rid: p.rid, is_test: test ? 1 : 0, in_plan: 0, refunded_minor: 0, charged_back_minor: 0, counts: p.meaning === 'paid' && !test && p.excluded !== 1 && !excludedPerson, initial: defaultPaymentFlags(p) });
  }
  const live = (p: PaymentIn) => flags.get(p.rid)!.is_test === 0;

  for (const p of payments) {
    if (!live(p)) continue;
    if (p.product_rule === 'fallback') {
      const status = finding('unknown-product', `unknown-product:${p.rid}`, `${p.product}|${p.description ?? ''}`, {
        rule: 'no catalog rule matches the description or items',
        summary: `"${p.description ?? '(no description)'}" (${pesos(p.amount_minor)}, ${p.status}) is no product the catalog knows.`,
        proposal: `Keep it under "${env.products.get(catalog.fallbackProduct)?.name ?? catalog.fallbackProduct}", or set its product.`,
        records: [p.rid],
        product: p.product,
        month: p.month,
        amount: p.amount_minor,
        detail: { description: p.description },
      });
      if (status === 'rejected') flags.get(p.rid)!.counts = false;
    }
    if (p.meaning === 'paid' && p.expected_minor !== null && p.amount_minor !== p.expected_minor) {
      const status = finding('off-price', `off-price:${p.rid}`, `${p.product}|${p.amount_minor}|${p.expected_minor}`, {
        rule: `the ${env.products.get(p.product)?.kind === 'store' ? "items' total" : 'price list'} says ${pesos(p.expected_minor)} on ${env.clock.day(p.created_at)}`,
        summary: `Paid ${pesos(p.amount_minor)} for ${env.products.get(p.product)?.name ?? p.product}, listed at ${pesos(p.expected_minor)}.`,
        proposal: 'Keep the real amount: revenue is what was paid.',
        records: [p.rid],
        product: p.product,
        month: p.month,
        amount: p.amount_minor,
        detail: { expectedMinor: p.expected_minor, differenceMinor: p.amount_minor - p.expected_minor },
      });
      if (status === 'rejected') flags.get(p.rid)!.counts = false;
    }
  }

  // Money going back.
  for (const l of ledger) {
    const p = payments.find((x) => x.rid === l.rid);
    if (!p || !live(p)) continue;
    const queue = l.kind === 'refund' ? 'refund' : 'chargeback';
    const status = finding(queue, `${queue}:${l.id}`, `${l.status}|${l.amount_minor}`, {
      rule: l.kind === 'refund' ? `a ${l.status.toLowerCase()} refund${l.reason ? ` (${l.reason})` : ''}` : 'a chargeback on the ledger',
      summary: `${l.kind === 'refund' ? 'Refund' : 'Chargeback'} of ${pesos(l.amount_minor)} against invoice ${p.external_id} (${pesos(p.amount_minor)}).`,
      proposal: l.succeeded ? 'Net it from revenue; a full refund marks the transaction refunded.' : 'The refund failed: the payment stands, nothing to net.',
      records: [l.rid, l.id],
      product: p.product,
      month: l.month,
      amount: l.amount_minor,
      detail: { status: l.status, reason: l.reason },
    });
    if (l.succeeded && status !== 'rejected') {
      const f = flags.get(p.rid)!;
      if (l.kind === 'refund') f.refunded_minor += l.amount_minor;
      else f.charged_back_minor += l.amount_minor;
    }
  }

  // Duplicate payments of products bought once.
  for (const product of catalog.products) {
    if (!product.oncePerPerson) continue;
    const paid = payments.filter((p) => p.product === product.key && flags.get(p.rid)!.counts);
    if (paid.length < 2) continue;
    const status = finding('duplicate-payments', `duplicate-payments:${product.key}:${paid[0]!.rid}`, paid.map((p) => p.rid).join(','), {
      rule: `${paid.length} paid invoices for ${product.name}, bought once per person`,
      summary: `${name ?? displayEmail ?? personId} paid ${paid.length} times for ${product.name} (${paid.map((p) => pesos(p.amount_minor)).join(' + ')}).`,
      proposal: 'Keep every payment as a transaction (the money was received); one enrollment.',
      records: paid.map((p) => p.rid),
      product: product.key,
      month: paid[0]!.month,
      amount: paid.reduce((s, p) => s + p.amount_minor, 0),
    });
    if (status === 'rejected') for (const p of paid.slice(1)) flags.get(p.rid)!.counts = false;
  }

  const counting = payments.filter((p) => flags.get(p.rid)!.counts);
  const paidProducts = new Set(counting.map((p) => p.product));
  const anyPaid = payments.filter((p) => p.meaning === 'paid' && live(p));

  // Buyers by tag without a paid invoice: manual payments.
  const manual: { product: CatalogProduct; anchor: RecordIn; amount: number; tagged: RecordIn[] }[] = [];
  let unpaidStudent = false;
  if (!isTest && !excludedPerson) {
    for (const product of catalog.products) {
      if (!product.impliedBuyerTags.length || anyPaid.some((p) => p.product === product.key)) continue;
      const tagged = contacts.filter((c) => tagsOf.get(c.rid)!.some((t) => product.impliedBuyerTags.includes(t)));
      if (!tagged.length) continue;
      const anchor = [...tagged].sort((a, b) => (a.rid < b.rid ? -1 : 1))[0]!;
      const price = listPrice(product, env.clock.day(anchor.at), 'PHP', 'manual');
      const tags = [...new Set(tagged.flatMap((c) => tagsOf.get(c.rid)!.filter((t) => product.impliedBuyerTags.includes(t))))].sort();
      const status = finding('manual-p2p', `manual-p2p:${product.key}:${anchor.rid}`, `${product.key}|${tagged.map((c) => c.rid).sort().join(',')}|unpaid`, {
        rule: `tagged ${tags.join(', ')} with no paid invoice for ${product.name}`,
        summary: `${name ?? displayEmail ?? personId} is tagged ${tags.join(', ')} but paid no invoice for ${product.name}.`,
        proposal: price === null ? `Add a manual payment (the catalog has no manual price for ${product.name}).` : `Add a manual payment of ${pesos(price)}, with the account and the enrollment.`,
        records: tagged.map((c) => c.rid),
        product: product.key,
        month: env.clock.month(anchor.at),
        amount: price,
        detail: { tags, manualPriceMinor: price },
        severity: 'error',
      });
      if (status === 'approved') manual.push({ product, anchor, amount: price ?? 0, tagged });
      else unpaidStudent = true;
    }
  }

  // Paid, but no contact carries the buyer tag.
  const addedTags: string[] = [];
  if (!isTest && contacts.length) {
    for (const product of catalog.products) {
      if (!product.buyerTag) continue;
      const paid = anyPaid.filter((p) => p.product === product.key);
      if (!paid.length || tagSet.has(product.buyerTag)) continue;
      const status = finding('paid-without-tag', `paid-without-tag:${product.key}:${paid[0]!.rid}`, `${product.key}|${product.buyerTag}`, {
        rule: `paid for ${product.name}, no contact tagged ${product.buyerTag}`,
        summary: `${name ?? displayEmail ?? personId} paid for ${product.name} but is not tagged ${product.buyerTag}.`,
        proposal: `Add the tag ${product.buyerTag} to the profile.`,
        records: [...paid.map((p) => p.rid), ...contacts.map((c) => c.rid)],
        product: product.key,
        month: paid[0]!.month,
        amount: paid[0]!.amount_minor,
        detail: { missingTag: product.buyerTag },
      });
      if (status === 'approved') addedTags.push(product.buyerTag);
    }
  }

  // Course and ebook buyers.
  const courses = counting.filter((p) => env.products.get(p.product)?.kind === 'course');
  const ebooks = counting.filter((p) => env.products.get(p.product)?.kind === 'ebook');
  if (courses.length && ebooks.length) {
    finding('canva-p2p-overlap', `canva-p2p-overlap:${courses[0]!.rid}`, `${courses[0]!.product}|${ebooks[0]!.product}`, {
      rule: 'paid for a course and an ebook',
      summary: `${name ?? displayEmail ?? personId} bought ${env.products.get(courses[0]!.product)?.name} and ${env.products.get(ebooks[0]!.product)?.name}.`,
      proposal: 'One account with both transactions; only the course enrolls.',
      records: [...courses, ...ebooks].map((p) => p.rid),
      product: courses[0]!.product,
      month: courses[0]!.month,
      amount: [...courses, ...ebooks].reduce((s, p) => s + p.amount_minor, 0),
    });
  }

  const needsAccount =
    !isTest && !excludedPerson && (counting.some((p) => env.products.get(p.product)?.createsAccount) || manual.some((m) => m.product.createsAccount));

  // Addresses that cannot become an auth user.
  if (!isTest) {
    for (const r of records) {
      if (r.email_problem === null) continue;
      const fix = suggestEmailFix(r.email ?? '');
      finding('invalid-email', `invalid-email:${r.rid}`, `${r.email ?? ''}`, {
        rule: `the address ${r.email_problem === 'empty' ? 'is empty' : r.email_problem === 'no-at' ? 'has no @' : r.email_problem === 'space-inside' ? 'has a space inside' : 'is not name@domain'}`,
        summary: `${r.kind === 'contact' ? 'Contact' : 'Invoice'} ${r.rid.slice(2)} has the address ${JSON.stringify(r.email ?? '')}.`,
        proposal: fix ? `Change it to ${fix}.` : 'Type the right address (an edit of the e-mail).',
        records: [r.rid],
        month: env.clock.month(r.at),
        detail: { email: r.email, problem: r.email_problem, suggestedFix: fix },
        severity: needsAccount && !accountRecord ? 'error' : 'warn',
      });
    }
  }

  // Decisions that shaped this person.
  const decisionSet = new Set<string>();
  for (const r of records) {
    for (const d of env.recordDecisions(r.rid)) decisionSet.add(d);
    for (const d of env.keyDecisions(r.key)) decisionSet.add(d);
  }
  for (const f of findings) if (f.decision_id) decisionSet.add(f.decision_id);
  const decisions = [...decisionSet].sort();
  const decisionsJson = json(decisions);

  // The plan.
  const plan: PlanOut = { users: [], profiles: [], transactions: [], enrollments: [] };
  const userId = needsAccount && accountRecord ? env.uuid(`user:${accountRecord.email_key}`) : null;
  const leadTagOf = leadTag(catalog, tagSet);
  const tags = [...new Set([...tagSet, ...addedTags])].sort();
  const allSources = json(records.map((r) => r.rid).sort());
  const firstAt = records[0]!.at;
  const txOf = new Map<string, string>();
  for (const p of counting) {
    const f = flags.get(p.rid)!;
    f.in_plan = 1;
    const product = env.products.get(p.product);
    const statusKey = f.charged_back_minor > 0 ? 'CHARGED_BACK' : f.refunded_minor >= p.amount_minor ? 'REFUNDED' : p.status;
    const id = env.uuid(`transaction:${p.invoice_id}`);
    txOf.set(p.rid, id);
    const ledgerIds = ledger.filter((l) => l.rid === p.rid).map((l) => l.id).sort();
    plan.transactions.push({
      id,
      person_id: personId,
      rid: p.rid,
      user_id: userId,
      external_id: p.external_id,
      amount_minor: p.amount_minor,
      currency: p.currency,
      status: catalog.statuses[statusKey as keyof Catalog['statuses']] ?? statusKey,
      transaction_type: product?.transactionType ?? 'OTHER',
      product: p.product,
      payment_method: p.payment_method,
      contact_email: p.email?.trim().toLowerCase() || null,
      metadata: json({ source: 'xendit', invoice_id: p.invoice_id, xendit_status: p.status, description: p.description, refunded_minor: f.refunded_minor, charged_back_minor: f.charged_back_minor }),
      paid_at: p.paid_at,
      created_at: p.created_at,
      month: p.month,
      paid_month: p.paid_month ?? p.month,
      sources: json([p.rid, ...ledgerIds]),
      decisions: decisionsJson,
    });
  }
  for (const m of manual) {
    const id = env.uuid(`transaction:manual:${m.product.key}:${m.anchor.rid}`);
    plan.transactions.push({
      id,
      person_id: personId,
      rid: null,
      user_id: m.product.createsAccount ? userId : null,
      external_id: `manual-${m.product.key}-${m.anchor.rid.slice(2)}`,
      amount_minor: m.amount,
      currency: 'PHP',
      status: catalog.statuses.PAID ?? 'PAID',
      transaction_type: m.product.transactionType,
      product: m.product.key,
      payment_method: 'MANUAL',
      contact_email: m.anchor.email_key || null,
      metadata: json({ source: 'manual', contact_id: m.anchor.rid.slice(2), tags: tagsOf.get(m.anchor.rid)!.filter((t) => m.product.impliedBuyerTags.includes(t)) }),
      paid_at: m.anchor.at,
      created_at: m.anchor.at,
      month: env.clock.month(m.anchor.at),
      paid_month: env.clock.month(m.anchor.at),
      sources: json(m.tagged.map((c) => c.rid).sort()),
      decisions: decisionsJson,
    });
    txOf.set(`manual:${m.product.key}`, id);
  }
  let isStudent = 0;
  if (userId && accountRecord) {
    for (const product of catalog.products) {
      if (!product.courseId) continue;
      const paid = counting.filter((p) => p.product === product.key);
      const man = manual.find((m) => m.product.key === product.key);
      if (!paid.length && !man) continue;
      const standing = paid.filter((p) => {
        const f = flags.get(p.rid)!;
        return f.charged_back_minor === 0 && f.refunded_minor < p.amount_minor;
      });
      const first = standing[0] ?? paid[0];
      const status = standing.length || man ? 'active' : 'expired';
      if (status === 'active') isStudent = 1;
      plan.enrollments.push({
        id: env.uuid(`enrollment:${userId}:${product.courseId}`),
        person_id: personId,
        user_id: userId,
        course_id: product.courseId,
        transaction_id: first ? txOf.get(first.rid)! : txOf.get(`manual:${product.key}`)!,
        status,
        enrolled_at: first ? (first.paid_at ?? first.created_at) : man!.anchor.at,
        sources: json(first ? [first.rid] : man!.tagged.map((c) => c.rid).sort()),
        decisions: decisionsJson,
      });
    }
    const email = accountRecord.email_key;
    plan.users.push({ id: userId, person_id: personId, email, first_name: firstName, last_name: lastName, created_at: firstAt, sources: allSources, decisions: decisionsJson });
    plan.profiles.push({
      id: userId,
      person_id: personId,
      email,
      first_name: firstName,
      last_name: lastName,
      phone,
      tags: json(tags),
      acquisition_source: leadTagOf,
      status: 'active',
      is_student: isStudent,
      created_at: firstAt,
      sources: allSources,
      decisions: decisionsJson,
    });
  }

  const customer = counting.length > 0 || manual.length > 0;
  const status: PersonStatus = excludedPerson ? 'excluded' : isTest ? 'test' : customer ? 'customer' : unpaidStudent ? 'student-unpaid' : contacts.length ? 'lead' : 'checkout-only';
  const registered = contacts.length ? contacts[0]!.at : null;
  const person: PersonOut = {
    person_id: personId,
    name,
    email: displayEmail,
    email_problem: accountRecord ? null : primary.email_problem,
    status,
    contacts: contacts.length,
    invoices: payments.length,
    paid: counting.length,
    paid_minor: counting.reduce((s, p) => s + p.amount_minor, 0) + manual.reduce((s, m) => s + m.amount, 0),
    products: [...new Set([...paidProducts, ...manual.map((m) => m.product.key)])].sort().join(','),
    tags: json([...tagSet].sort()),
    lead_tag: leadTagOf,
    registered_month: registered ? env.clock.month(registered) : null,
    first_at: firstAt,
    user_id: userId,
    open_findings: findings.filter((f) => f.status === 'open').length,
  };
  const paymentFlags = [...flags.values()].map((f) => ({
    rid: f.rid,
    is_test: f.is_test,
    in_plan: f.in_plan,
    refunded_minor: f.refunded_minor,
    charged_back_minor: f.charged_back_minor,
    changed: f.is_test !== f.initial.is_test || f.in_plan !== f.initial.in_plan || f.refunded_minor !== 0 || f.charged_back_minor !== 0,
  }));
  return { person, findings, payments: paymentFlags, plan, decisions };
}
