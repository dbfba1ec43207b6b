// The grids' lists as paged sources (electron/engine/query/paged.ts): findings, suggested merges,
// people, payments and the decision log — filter, sort, facets and totals in SQL over the
// derived tables and their indexes — and the row shapes the contract gives them.
import type { DecisionRow, FindingRow, PaymentRow, PersonRow, SuggestionRow } from '../../../shared/api/reconcile.ts';
import type { PagedSource } from '../query/paged.ts';

const json = <T>(v: unknown, fallback: T): T => (typeof v === 'string' ? (JSON.parse(v) as T) : fallback);

export const findingsSource: PagedSource = {
  from: 'recon_findings f',
  id: { sql: 'f.id', type: 'text' },
  narrow: true,
  defaultSort: [{ column: 'severity', dir: 'asc' }],
  // A queue's grid pages by one of these (sql/sqlite/reconcile/grid-indexes.sql).
  ordered: {
    scope: 'queue',
    indexes: {
      queue: 'recon_findings_by_id',
      status: 'recon_findings_by_status',
      severity: 'recon_findings_by_severity',
      rule: 'recon_findings_by_rule',
      summary: 'recon_findings_by_summary',
      proposal: 'recon_findings_by_proposal',
      personName: 'recon_findings_by_person_name',
      email: 'recon_findings_by_email',
      product: 'recon_findings_by_product',
      month: 'recon_findings_by_month',
      amountMinor: 'recon_findings_by_amount',
      decidedBy: 'recon_findings_by_decided_by',
      decidedAt: 'recon_findings_by_decided_at',
    },
  },
  columns: {
    queue: { sql: 'f.queue', type: 'text', facet: true, notNull: true },
    status: { sql: 'f.status', type: 'text', facet: true, notNull: true },
    severity: { sql: 'f.severity', type: 'text', facet: true, notNull: true },
    rule: { sql: 'f.rule', type: 'text', facet: true, search: true, notNull: true },
    summary: { sql: 'f.summary', type: 'text', search: true, notNull: true },
    proposal: { sql: 'f.proposal', type: 'text', notNull: true },
    applies: { sql: 'f.applies', type: 'integer', facet: true, sortable: false, notNull: true },
    personId: { sql: 'f.person_id', type: 'text', sortable: false },
    personName: { sql: 'f.person_name', type: 'text', search: true },
    email: { sql: 'f.email', type: 'text', search: true },
    product: { sql: 'f.product', type: 'text', facet: true },
    month: { sql: 'f.month', type: 'text', facet: true },
    amountMinor: { sql: 'f.amount_minor', type: 'integer', sum: true },
    records: { sql: 'f.records', type: 'text', sortable: false },
    decidedBy: { sql: 'f.decided_by', type: 'text', facet: true },
    decidedAt: { sql: 'f.decided_at', type: 'text' },
    decisionId: { sql: 'f.decision_id', type: 'text', sortable: false },
    detail: { sql: 'f.detail', type: 'text', sortable: false },
  },
};

export function findingRow(r: Record<string, unknown>): FindingRow {
  return {
    ...(r as unknown as FindingRow),
    applies: r.applies === 1,
    records: json<string[]>(r.records, []),
    detail: json<Record<string, unknown>>(r.detail, {}),
  };
}

export const suggestionsSource: PagedSource = {
  from: 'recon_suggestions s JOIN recon_people a ON a.person_id = s.person_a JOIN recon_people b ON b.person_id = s.person_b',
  id: { sql: 's.id', type: 'text' },
  defaultSort: [{ column: 'score', dir: 'desc' }],
  columns: {
    personA: { sql: 's.person_a', type: 'text' },
    personB: { sql: 's.person_b', type: 'text' },
    nameA: { sql: 'a.name', type: 'text', search: true },
    nameB: { sql: 'b.name', type: 'text', search: true },
    emailA: { sql: 'a.email', type: 'text', search: true },
    emailB: { sql: 'b.email', type: 'text', search: true },
    rule: { sql: 's.rule', type: 'text', facet: true },
    explanation: { sql: 's.explanation', type: 'text' },
    score: { sql: 's.score', type: 'real' },
    likely: { sql: 's.likely', type: 'integer', facet: true },
    fields: { sql: 's.fields', type: 'text', sortable: false },
    recordsA: { sql: '(SELECT json_group_array(rid) FROM recon_records r WHERE r.person_id = s.person_a)', type: 'text', sortable: false },
    recordsB: { sql: '(SELECT json_group_array(rid) FROM recon_records r WHERE r.person_id = s.person_b)', type: 'text', sortable: false },
  },
};

export function suggestionRow(r: Record<string, unknown>): SuggestionRow {
  return {
    ...(r as unknown as SuggestionRow),
    likely: r.likely === 1,
    fields: json(r.fields, { email: null, emailNumber: null, name: null, phone: null, subaddress: null }),
    recordsA: json<string[]>(r.recordsA, []).sort(),
    recordsB: json<string[]>(r.recordsB, []).sort(),
  };
}

export const peopleSource: PagedSource = {
  from: 'recon_people',
  id: { sql: 'person_id', type: 'text' },
  narrow: true,
  // The leads queue (status = 'lead') and the grid of all people page by one of these
  // (sql/sqlite/reconcile/grid-indexes.sql).
  ordered: {
    scope: 'status',
    indexes: {
      '': 'recon_people_by_status',
      status: 'recon_people_by_status',
      name: 'recon_people_by_name',
      email: 'recon_people_by_email',
      emailProblem: 'recon_people_by_email_problem',
      contacts: 'recon_people_by_contacts',
      invoices: 'recon_people_by_invoices',
      paidMinor: 'recon_people_by_paid',
      products: 'recon_people_by_products',
      leadTag: 'recon_people_by_lead_tag',
      registeredMonth: 'recon_people_by_registered',
      openFindings: 'recon_people_by_open_findings',
    },
  },
  columns: {
    name: { sql: 'name', type: 'text', search: true },
    email: { sql: 'email', type: 'text', search: true },
    emailProblem: { sql: 'email_problem', type: 'text', facet: true },
    status: { sql: 'status', type: 'text', facet: true, notNull: true },
    contacts: { sql: 'contacts', type: 'integer', facet: true, notNull: true },
    invoices: { sql: 'invoices', type: 'integer', notNull: true },
    paid: { sql: 'paid', type: 'integer', sortable: false, notNull: true },
    paidMinor: { sql: 'paid_minor', type: 'integer', sum: true, notNull: true },
    products: { sql: 'products', type: 'text', facet: true, notNull: true },
    tags: { sql: 'tags', type: 'text', sortable: false, search: true, notNull: true },
    leadTag: { sql: 'lead_tag', type: 'text', facet: true },
    registeredMonth: { sql: 'registered_month', type: 'text', facet: true },
    firstSeenAt: { sql: 'first_at', type: 'text', sortable: false, notNull: true },
    userId: { sql: 'user_id', type: 'text', sortable: false },
    openFindings: { sql: 'open_findings', type: 'integer', notNull: true },
    suggestions: { sql: 'suggestions', type: 'integer', sortable: false, notNull: true },
  },
};

export function personRow(r: Record<string, unknown>): PersonRow {
  return { ...(r as unknown as PersonRow), tags: json<string[]>(r.tags, []) };
}

export const paymentsSource: PagedSource = {
  from: 'recon_payments',
  id: { sql: 'rid', type: 'text' },
  defaultSort: [{ column: 'createdAt', dir: 'desc' }],
  columns: {
    invoiceId: { sql: 'invoice_id', type: 'text', search: true },
    personId: { sql: 'person_id', type: 'text' },
    externalId: { sql: 'external_id', type: 'text', search: true },
    email: { sql: 'email', type: 'text', search: true },
    description: { sql: 'description', type: 'text', facet: true, search: true },
    product: { sql: 'product', type: 'text', facet: true },
    productRule: { sql: 'product_rule', type: 'text', facet: true },
    status: { sql: 'status', type: 'text', facet: true },
    meaning: { sql: 'meaning', type: 'text', facet: true },
    amountMinor: { sql: 'amount_minor', type: 'integer', sum: true },
    expectedMinor: { sql: 'expected_minor', type: 'integer' },
    currency: { sql: 'currency', type: 'text', facet: true },
    month: { sql: 'month', type: 'text', facet: true },
    createdAt: { sql: 'created_at', type: 'text' },
    paidAt: { sql: 'paid_at', type: 'text' },
    paymentMethod: { sql: 'payment_method', type: 'text', facet: true },
    isTest: { sql: 'is_test', type: 'integer', facet: true },
    testRule: { sql: 'test_rule', type: 'text', facet: true },
    excluded: { sql: 'excluded', type: 'integer', facet: true },
    refundedMinor: { sql: 'refunded_minor', type: 'integer', sum: true },
    inPlan: { sql: 'in_plan', type: 'integer', facet: true },
  },
};

export function paymentRow(r: Record<string, unknown>): PaymentRow {
  return { ...(r as unknown as PaymentRow), isTest: r.isTest === 1, excluded: r.excluded === 1, inPlan: r.inPlan === 1 };
}

export const decisionsSource: PagedSource = {
  from: 'recon_decisions d LEFT JOIN recon_decision_state s ON s.decision_id = d.id',
  id: { sql: 'd.seq', type: 'integer' },
  defaultSort: [{ column: 'seq', dir: 'desc' }],
  columns: {
    seq: { sql: 'd.seq', type: 'integer' },
    decisionId: { sql: 'd.id', type: 'text' },
    actionId: { sql: 'd.action_id', type: 'text' },
    kind: { sql: 'd.kind', type: 'text', facet: true },
    targetKey: { sql: 'd.target_key', type: 'text', search: true },
    target: { sql: 'd.target', type: 'text', sortable: false },
    before: { sql: 'd.before', type: 'text', sortable: false },
    after: { sql: 'd.after', type: 'text', sortable: false },
    reason: { sql: 'd.reason', type: 'text', search: true },
    reviewer: { sql: 'd.reviewer', type: 'text', facet: true },
    decidedAt: { sql: 'd.decided_at', type: 'text' },
    origin: { sql: 'd.origin', type: 'text', facet: true },
    state: { sql: "coalesce(s.state, 'active')", type: 'text', facet: true },
    staleReason: { sql: 's.stale_reason', type: 'text' },
  },
};

export function decisionRow(r: Record<string, unknown>): DecisionRow {
  return {
    id: String(r.decisionId),
    seq: Number(r.seq),
    actionId: String(r.actionId),
    kind: r.kind as DecisionRow['kind'],
    targetKey: String(r.targetKey),
    target: json<Record<string, unknown>>(r.target, {}),
    before: json<unknown>(r.before, null),
    after: json<unknown>(r.after, null),
    reason: String(r.reason),
    reviewer: String(r.reviewer),
    decidedAt: String(r.decidedAt),
    origin: String(r.origin),
    state: r.state as DecisionRow['state'],
    staleReason: (r.staleReason as string | null) ?? null,
  };
}
