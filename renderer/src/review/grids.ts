// The review grids' columns and bulk actions, per kind of list: findings, suggested merges,
// people, payments and the decision log. Each inline edit and bulk action is a decision of the
// contract (shared/api/reconcile.ts); the engine does the rest.
import type { DecisionInput, DecisionRow, FindingRow, PaymentRow, PersonRow, SuggestionRow } from '../../../shared/api/reconcile.ts';
import type { BulkAction } from '../grid/BulkBar.tsx';
import type { GridColumn } from '../grid/columns.ts';

export type Choice = { value: string; label: string };

const isRecord = (r: string) => r.startsWith('c:') || r.startsWith('i:');
const invoices = (records: readonly string[]) => records.filter((r) => r.startsWith('i:'));

export function findingColumns(queue: string, products: readonly Choice[]): GridColumn<FindingRow>[] {
  return [
    { id: 'summary', header: 'Finding', value: (r) => r.summary, size: 300, filter: true },
    { id: 'status', header: 'Status', value: (r) => r.status, size: 90, facets: ['values'] },
    { id: 'personName', header: 'Person', value: (r) => r.personName, size: 150, filter: true, facets: ['blank', 'duplicates'] },
    {
      id: 'email',
      header: 'E-mail',
      value: (r) => r.email,
      size: 200,
      filter: true,
      facets: ['blank', 'duplicates'],
      edit:
        queue === 'invalid-email'
          ? { type: 'text', decision: (r, value) => (r.records.find(isRecord) ? { kind: 'edit-field', record: r.records.find(isRecord)!, field: 'email', value: value.trim() || null } : null) }
          : undefined,
    },
    {
      id: 'product',
      header: 'Product',
      value: (r) => r.product,
      size: 110,
      facets: ['values'],
      edit: queue === 'unknown-product' || queue === 'off-price' ? { type: 'choice', choices: products, decision: (r, value) => (invoices(r.records)[0] ? { kind: 'set-product', record: invoices(r.records)[0]!, value } : null) } : undefined,
    },
    { id: 'month', header: 'Month', value: (r) => r.month, size: 80, facets: ['values'] },
    { id: 'amountMinor', header: 'Amount', value: (r) => r.amountMinor, kind: 'money', size: 100 },
    { id: 'proposal', header: 'Proposed', value: (r) => r.proposal, size: 260 },
    { id: 'rule', header: 'Rule', value: (r) => r.rule, size: 130, facets: ['values'] },
    { id: 'severity', header: 'Severity', value: (r) => r.severity, size: 80, hidden: true, facets: ['values'] },
    { id: 'decidedBy', header: 'Decided by', value: (r) => r.decidedBy, size: 120, facets: ['values'] },
    { id: 'decidedAt', header: 'Decided', value: (r) => r.decidedAt, kind: 'date', size: 150, hidden: true },
  ];
}

export function findingActions(products: readonly Choice[]): BulkAction<FindingRow>[] {
  const records = (rows: FindingRow[], pick: (r: FindingRow) => string[]) => [...new Set(rows.flatMap(pick))];
  return [
    { id: 'approve', label: 'Approve', run: (rows) => rows.map((r) => ({ kind: 'resolve', finding: r.id, value: 'approve' })) },
    { id: 'reject', label: 'Reject', run: (rows) => rows.map((r) => ({ kind: 'resolve', finding: r.id, value: 'reject' })) },
    { id: 'mark-test', label: 'Mark test', run: (rows) => records(rows, (r) => r.records.filter(isRecord)).map((record) => ({ kind: 'mark-test', record, value: true })) },
    { id: 'exclude', label: 'Exclude', run: (rows) => records(rows, (r) => r.records.filter(isRecord)).map((record) => ({ kind: 'exclude', record, value: true })) },
    {
      id: 'set-product',
      label: 'Set product',
      choices: products,
      run: (rows, value) => (value ? records(rows, (r) => invoices(r.records)).map((record) => ({ kind: 'set-product', record, value }) as DecisionInput) : []),
    },
  ];
}

export const suggestionColumns: GridColumn<SuggestionRow>[] = [
  { id: 'nameA', header: 'Name A', value: (r) => r.nameA, size: 150, filter: true },
  { id: 'emailA', header: 'E-mail A', value: (r) => r.emailA, size: 210, filter: true },
  { id: 'nameB', header: 'Name B', value: (r) => r.nameB, size: 150, filter: true },
  { id: 'emailB', header: 'E-mail B', value: (r) => r.emailB, size: 210, filter: true },
  { id: 'rule', header: 'Rule', value: (r) => r.rule, size: 110, facets: ['values'] },
  { id: 'score', header: 'Score', value: (r) => r.score, kind: 'score', size: 70 },
  { id: 'likely', header: 'Likely', value: (r) => r.likely, kind: 'bool', size: 70, facets: ['values'] },
  { id: 'explanation', header: 'Why', value: (r) => r.explanation, size: 360, sortable: false },
];

export const suggestionActions: BulkAction<SuggestionRow>[] = [
  { id: 'approve', label: 'Merge', run: (rows) => rows.map((r) => ({ kind: 'merge', a: r.personA, b: r.personB })) },
  { id: 'reject', label: 'Keep apart', run: (rows) => rows.map((r) => ({ kind: 'decline', a: r.personA, b: r.personB })) },
];

export const personColumns: GridColumn<PersonRow>[] = [
  { id: 'name', header: 'Name', value: (r) => r.name, size: 170, filter: true, facets: ['blank', 'duplicates'] },
  { id: 'email', header: 'E-mail', value: (r) => r.email, size: 230, filter: true, facets: ['blank'] },
  { id: 'status', header: 'Status', value: (r) => r.status, size: 110, facets: ['values'] },
  { id: 'contacts', header: 'Contacts', value: (r) => r.contacts, kind: 'int', size: 80, facets: ['values'] },
  { id: 'invoices', header: 'Invoices', value: (r) => r.invoices, kind: 'int', size: 80 },
  { id: 'paidMinor', header: 'Paid', value: (r) => r.paidMinor, kind: 'money', size: 110 },
  { id: 'products', header: 'Products', value: (r) => r.products, size: 120, facets: ['values'] },
  { id: 'leadTag', header: 'Lead tag', value: (r) => r.leadTag, size: 120, facets: ['values'] },
  { id: 'registeredMonth', header: 'Registered', value: (r) => r.registeredMonth, size: 90, facets: ['values'] },
  { id: 'emailProblem', header: 'E-mail problem', value: (r) => r.emailProblem, size: 150, facets: ['values'], hidden: true },
  { id: 'openFindings', header: 'Open findings', value: (r) => r.openFindings, kind: 'int', size: 100 },
  { id: 'tags', header: 'Tags', value: (r) => r.tags, kind: 'list', size: 200, sortable: false },
];

export function paymentColumns(products: readonly Choice[]): GridColumn<PaymentRow>[] {
  return [
    { id: 'externalId', header: 'External id', value: (r) => r.externalId, size: 170, filter: true, facets: ['duplicates'] },
    { id: 'email', header: 'E-mail', value: (r) => r.email, size: 210, filter: true, facets: ['blank'], edit: { type: 'text', decision: (r, value) => ({ kind: 'edit-field', record: r.id, field: 'email', value: value.trim() || null }) } },
    { id: 'description', header: 'Description', value: (r) => r.description, size: 200, filter: true },
    { id: 'product', header: 'Product', value: (r) => r.product, size: 110, facets: ['values'], edit: { type: 'choice', choices: products, decision: (r, value) => ({ kind: 'set-product', record: r.id, value }) } },
    { id: 'status', header: 'Status', value: (r) => r.status, size: 90, facets: ['values'] },
    { id: 'amountMinor', header: 'Amount', value: (r) => r.amountMinor, kind: 'money', size: 100 },
    { id: 'expectedMinor', header: 'List price', value: (r) => r.expectedMinor, kind: 'money', size: 100 },
    { id: 'month', header: 'Month', value: (r) => r.month, size: 80, facets: ['values'] },
    { id: 'createdAt', header: 'Created', value: (r) => r.createdAt, kind: 'date', size: 150 },
    { id: 'isTest', header: 'Test', value: (r) => r.isTest, kind: 'bool', size: 60, facets: ['values'] },
    { id: 'excluded', header: 'Excluded', value: (r) => r.excluded, kind: 'bool', size: 80, facets: ['values'] },
    { id: 'inPlan', header: 'In plan', value: (r) => r.inPlan, kind: 'bool', size: 70, facets: ['values'] },
    { id: 'paymentMethod', header: 'Method', value: (r) => r.paymentMethod, size: 110, hidden: true, facets: ['values'] },
    { id: 'invoiceId', header: 'Invoice', value: (r) => r.invoiceId, size: 200, hidden: true },
  ];
}

export function paymentActions(products: readonly Choice[]): BulkAction<PaymentRow>[] {
  return [
    { id: 'mark-test', label: 'Mark test', run: (rows) => rows.map((r) => ({ kind: 'mark-test', record: r.id, value: true })) },
    { id: 'exclude', label: 'Exclude', run: (rows) => rows.map((r) => ({ kind: 'exclude', record: r.id, value: true })) },
    { id: 'set-product', label: 'Set product', choices: products, run: (rows, value) => (value ? rows.map((r) => ({ kind: 'set-product', record: r.id, value }) as DecisionInput) : []) },
  ];
}

const short = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

export const decisionColumns: GridColumn<DecisionRow>[] = [
  { id: 'seq', header: '#', value: (r) => r.seq, kind: 'int', size: 60 },
  { id: 'kind', header: 'Decision', value: (r) => r.kind, size: 110, facets: ['values'] },
  { id: 'targetKey', header: 'About', value: (r) => r.targetKey, size: 240, filter: true },
  { id: 'after', header: 'Now', value: (r) => short(r.after), size: 180, sortable: false },
  { id: 'before', header: 'Before', value: (r) => short(r.before), size: 160, sortable: false, hidden: true },
  { id: 'state', header: 'State', value: (r) => r.state, size: 90, facets: ['values'] },
  { id: 'staleReason', header: 'Why stale', value: (r) => r.staleReason, size: 220, facets: ['blank'] },
  { id: 'reviewer', header: 'Reviewer', value: (r) => r.reviewer, size: 120, facets: ['values'] },
  { id: 'decidedAt', header: 'When', value: (r) => r.decidedAt, kind: 'date', size: 150 },
  { id: 'origin', header: 'Origin', value: (r) => r.origin, size: 120, facets: ['values'] },
  { id: 'reason', header: 'Reason', value: (r) => r.reason, size: 200, filter: true },
];

/** The person a row is about, for Shift+Enter and the side panel. */
export const personOfFinding = (r: FindingRow) => r.personId;
