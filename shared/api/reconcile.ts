// Reconciliation: the catalog, people (clusters of records), the finding queues, the decision log
// and the approved plan. Grids read pages through the generic paged contract (paged.ts); every
// override is a decision, recorded in an append-only log and replayed after every re-pull.
import { z } from 'zod';
import { jobProcedure, mutation, query } from './define.ts';
import { jobKind } from './job-parts.ts';
import { PageRequest, pageOf } from './paged.ts';

// ---------------------------------------------------------------------------------------------
// The catalog: what is sold, how an invoice is recognised, at what price, and what it grants.

const Key = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a key is lower-case letters, digits and dashes');
/** A calendar day in the workspace's zone. */
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day is YYYY-MM-DD');

export const MatchRule = z
  .object({
    /** The invoice's description, or the name of one of its items. */
    field: z.enum(['description', 'item']),
    op: z.enum(['equals', 'prefix', 'contains']),
    /** Compared case-insensitively, surrounding whitespace ignored. */
    pattern: z.string().trim().min(1).max(200),
  })
  .strict();
export type MatchRule = z.infer<typeof MatchRule>;

export const PricePoint = z
  .object({
    /** First day (in the workspace's zone) this price applies to invoices created on or after. */
    from: Day,
    amountMinor: z.number().int().nonnegative(),
    currency: z.string().length(3).default('PHP'),
    /** 'manual': the price of a payment made outside Xendit (bank transfer), proposed for tagged buyers without an invoice. */
    channel: z.enum(['xendit', 'manual']).default('xendit'),
  })
  .strict();
export type PricePoint = z.infer<typeof PricePoint>;

export const CatalogProduct = z
  .object({
    key: Key,
    name: z.string().trim().min(1).max(120),
    kind: z.enum(['course', 'ebook', 'store', 'other']),
    /** Any rule matching the invoice makes it this product; products are tried in catalog order. */
    rules: z.array(MatchRule).max(50),
    /** Price history; empty for products without a list price (store: the items' total is the price). */
    prices: z.array(PricePoint).max(50),
    /** The course a purchase enrolls into (the target's courses.id), or null. */
    courseId: z.string().min(1).max(100).nullable(),
    /** The Systeme.io tag every buyer should carry, or null. */
    buyerTag: z.string().min(1).max(100).nullable(),
    /** Tags that say someone bought it without a Xendit invoice (manual payment candidates). */
    impliedBuyerTags: z.array(z.string().min(1).max(100)).max(20),
    /** Bought once per person: a second paid invoice is a duplicate payment. */
    oncePerPerson: z.boolean(),
    /** A buyer gets an auth account and a profile. */
    createsAccount: z.boolean(),
    /** transactions.transaction_type in the target. */
    transactionType: z.string().min(1).max(40),
  })
  .strict();
export type CatalogProduct = z.infer<typeof CatalogProduct>;

/** Source statuses (and ledger outcomes) whose target status is mapped. */
export const mappedStatuses = ['PAID', 'SETTLED', 'PENDING', 'EXPIRED', 'REFUNDED', 'CHARGED_BACK'] as const;
export const MappedStatus = z.enum(mappedStatuses);
export type MappedStatus = z.infer<typeof MappedStatus>;

export const TestRule = z
  .object({
    id: Key,
    /** 'account': the whole person is a test account; 'payment': only that invoice is a test. */
    applies: z.enum(['account', 'payment']),
    field: z.enum(['external_id', 'description', 'email', 'email_domain', 'email_local_token', 'metadata_is_test', 'tag']),
    op: z.enum(['equals', 'prefix', 'contains', 'suffix']),
    pattern: z.string().trim().max(200),
    label: z.string().max(200),
  })
  .strict();
export type TestRule = z.infer<typeof TestRule>;

export const Catalog = z
  .object({
    products: z.array(CatalogProduct).min(1).max(100),
    /** The product of an invoice no rule recognises (shown in the unknown-products queue). */
    fallbackProduct: Key,
    /** The target's status vocabulary, per source status. */
    statuses: z.record(MappedStatus, z.string().min(1).max(40)),
    testRules: z.array(TestRule).max(100),
    /** Landing-page tags a lead is attributed to, first match wins (the funnel's "tag"). */
    leadTags: z.array(z.string().min(1).max(100)).max(20),
    /** Suggested merges at or above this score are "likely" (the default review threshold). */
    suggestionThreshold: z.number().min(0).max(1),
  })
  .strict();
export type Catalog = z.infer<typeof Catalog>;

// ---------------------------------------------------------------------------------------------
// Queues.

export const queueIds = [
  'duplicate-people',
  'duplicate-payments',
  'manual-p2p',
  'paid-without-tag',
  'canva-p2p-overlap',
  'unknown-product',
  'off-price',
  'test-account',
  'test-payment',
  'refund',
  'chargeback',
  'invalid-email',
  'quarantined',
  'leads',
] as const;
export const QueueId = z.enum(queueIds);
export type QueueId = z.infer<typeof QueueId>;

/** The queues kept in the findings table (the others are served by the suggestions and people lists). */
export const findingQueueIds = queueIds.filter((q) => q !== 'duplicate-people' && q !== 'leads') as Exclude<QueueId, 'duplicate-people' | 'leads'>[];
export const FindingQueue = z.enum(findingQueueIds as [Exclude<QueueId, 'duplicate-people' | 'leads'>, ...Exclude<QueueId, 'duplicate-people' | 'leads'>[]]);
export type FindingQueue = z.infer<typeof FindingQueue>;

export const Severity = z.enum(['error', 'warn', 'info']);
export type Severity = z.infer<typeof Severity>;

export const QueueSummary = z.object({
  id: QueueId,
  title: z.string(),
  description: z.string(),
  /** What approving an item does, and what happens to items nobody decided. */
  approveMeans: z.string(),
  rejectMeans: z.string(),
  undecidedMeans: z.string(),
  severity: Severity,
  /** The procedure that pages its items (with this filter). */
  list: z.object({ procedure: z.enum(['reconcile-findings', 'reconcile-suggestions', 'reconcile-people']), filters: z.array(z.object({ column: z.string(), op: z.literal('eq'), value: z.string() })) }),
  total: z.number().int(),
  open: z.number().int(),
  approved: z.number().int(),
  rejected: z.number().int(),
  /** Open items that block the approval (error severity). */
  blocking: z.number().int(),
});
export type QueueSummary = z.infer<typeof QueueSummary>;

// ---------------------------------------------------------------------------------------------
// Rows of the grids.

export const FindingStatus = z.enum(['open', 'approved', 'rejected']);
export type FindingStatus = z.infer<typeof FindingStatus>;

export const FindingRow = z.object({
  id: z.string(),
  queue: FindingQueue,
  status: FindingStatus,
  severity: Severity,
  /** The rule that raised it. */
  rule: z.string(),
  summary: z.string(),
  /** The proposed resolution, in words. */
  proposal: z.string(),
  /** Whether the proposal shapes the plan now (approved, or the queue's default for undecided items). */
  applies: z.boolean(),
  personId: z.string().nullable(),
  personName: z.string().nullable(),
  email: z.string().nullable(),
  product: z.string().nullable(),
  month: z.string().nullable(),
  amountMinor: z.number().int().nullable(),
  /** The records it is about: 'c:<contact id>', 'i:<invoice id>', 'q:<quarantine id>', 'r:<refund id>', 't:<transaction id>'. */
  records: z.array(z.string()),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionId: z.string().nullable(),
  /** Queue-specific facts (expected price, tags, the suggested fix, …). */
  detail: z.record(z.string(), z.unknown()),
});
export type FindingRow = z.infer<typeof FindingRow>;

export const FieldScores = z.object({
  /** Each 0–1, or null when a side lacks the field. */
  email: z.number().nullable(),
  emailNumber: z.number().nullable(),
  name: z.number().nullable(),
  phone: z.number().nullable(),
  subaddress: z.number().nullable(),
});
export type FieldScores = z.infer<typeof FieldScores>;

export const suggestionRules = ['subaddress', 'external-id', 'phone', 'email-number', 'name'] as const;
export const SuggestionRule = z.enum(suggestionRules);
export type SuggestionRule = z.infer<typeof SuggestionRule>;

export const SuggestionRow = z.object({
  id: z.string(),
  personA: z.string(),
  personB: z.string(),
  nameA: z.string().nullable(),
  nameB: z.string().nullable(),
  emailA: z.string().nullable(),
  emailB: z.string().nullable(),
  rule: SuggestionRule,
  /** Why, in words: the rule and the fields that agree or disagree. */
  explanation: z.string(),
  score: z.number(),
  likely: z.boolean(),
  fields: FieldScores,
  recordsA: z.array(z.string()),
  recordsB: z.array(z.string()),
});
export type SuggestionRow = z.infer<typeof SuggestionRow>;

export const PersonStatus = z.enum(['customer', 'student-unpaid', 'lead', 'checkout-only', 'test', 'excluded']);
export type PersonStatus = z.infer<typeof PersonStatus>;

export const PersonRow = z.object({
  id: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  emailProblem: z.string().nullable(),
  status: PersonStatus,
  contacts: z.number().int(),
  invoices: z.number().int(),
  paid: z.number().int(),
  paidMinor: z.number().int(),
  /** Paid products, comma-separated keys. */
  products: z.string(),
  tags: z.array(z.string()),
  leadTag: z.string().nullable(),
  registeredMonth: z.string().nullable(),
  firstSeenAt: z.string(),
  userId: z.string().nullable(),
  openFindings: z.number().int(),
  suggestions: z.number().int(),
});
export type PersonRow = z.infer<typeof PersonRow>;

export const PaymentRow = z.object({
  id: z.string(),
  invoiceId: z.string(),
  personId: z.string(),
  externalId: z.string(),
  email: z.string().nullable(),
  description: z.string().nullable(),
  product: z.string(),
  productRule: z.string(),
  status: z.string(),
  meaning: z.enum(['paid', 'pending', 'expired']),
  amountMinor: z.number().int(),
  expectedMinor: z.number().int().nullable(),
  currency: z.string(),
  month: z.string(),
  createdAt: z.string(),
  paidAt: z.string().nullable(),
  paymentMethod: z.string().nullable(),
  isTest: z.boolean(),
  testRule: z.string().nullable(),
  excluded: z.boolean(),
  refundedMinor: z.number().int(),
  inPlan: z.boolean(),
});
export type PaymentRow = z.infer<typeof PaymentRow>;

// ---------------------------------------------------------------------------------------------
// Decisions.

/** A person is named by one of its e-mail keys (or '#<record>' for a record without a usable address). */
const PersonKey = z.string().min(1).max(320);
/** 'c:<contact id>' or 'i:<invoice id>'. */
export const RecordId = z.string().regex(/^(c:\d{1,20}|i:[0-9A-Za-z_-]{1,64})$/, "a record id is 'c:<contact id>' or 'i:<invoice id>'");
const FindingId = z.string().min(3).max(200);
export const EditableField = z.enum(['email', 'first_name', 'last_name', 'phone']);
export type EditableField = z.infer<typeof EditableField>;

const common = {
  /** Why, in the reviewer's words. */
  reason: z.string().trim().max(2000).optional(),
  /** What the reviewer saw before deciding; refused as stale if the workspace now holds something else. */
  expect: z.unknown().optional(),
};

export const DecisionInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('merge'), a: PersonKey, b: PersonKey, ...common }).strict(),
  z.object({ kind: z.literal('decline'), a: PersonKey, b: PersonKey, ...common }).strict(),
  z.object({ kind: z.literal('split'), record: RecordId, ...common }).strict(),
  z.object({ kind: z.literal('edit-field'), record: RecordId, field: EditableField, value: z.string().max(320).nullable(), ...common }).strict(),
  z.object({ kind: z.literal('mark-test'), record: RecordId, value: z.boolean(), ...common }).strict(),
  z.object({ kind: z.literal('exclude'), record: RecordId, value: z.boolean(), ...common }).strict(),
  z.object({ kind: z.literal('set-product'), record: RecordId, value: Key, ...common }).strict(),
  z.object({ kind: z.literal('resolve'), finding: FindingId, value: z.enum(['approve', 'reject']), ...common }).strict(),
  z.object({ kind: z.literal('catalog-product'), product: Key, value: CatalogProduct.nullable(), ...common }).strict(),
  z.object({ kind: z.literal('catalog-status'), status: MappedStatus, value: z.string().min(1).max(40), ...common }).strict(),
  z.object({ kind: z.literal('catalog-test-rules'), value: z.array(TestRule).max(100), ...common }).strict(),
]);
export type DecisionInput = z.infer<typeof DecisionInput>;
export type DecisionKind = DecisionInput['kind'];
export const decisionKinds = ['merge', 'decline', 'split', 'edit-field', 'mark-test', 'exclude', 'set-product', 'resolve', 'catalog-product', 'catalog-status', 'catalog-test-rules'] as const satisfies readonly DecisionKind[];

export const DecisionState = z.enum(['active', 'superseded', 'undone', 'stale']);
export type DecisionState = z.infer<typeof DecisionState>;

export const DecisionRow = z.object({
  id: z.string(),
  seq: z.number().int(),
  actionId: z.string(),
  kind: z.enum(decisionKinds),
  /** What it is about, as one key (two decisions with the same target compete; the later wins). */
  targetKey: z.string(),
  target: z.record(z.string(), z.unknown()),
  before: z.unknown(),
  after: z.unknown(),
  reason: z.string(),
  reviewer: z.string(),
  decidedAt: z.string(),
  /** 'local', or the file it was imported from. */
  origin: z.string(),
  state: DecisionState,
  staleReason: z.string().nullable(),
});
export type DecisionRow = z.infer<typeof DecisionRow>;

export const DecideInput = z
  .object({
    decisions: z.array(DecisionInput).min(1).max(10_000),
    /** A reason for all of them (each decision's own reason wins). */
    reason: z.string().trim().max(2000).optional(),
  })
  .strict();
export type DecideInput = z.input<typeof DecideInput>;

export const DecideResult = z.object({
  actionId: z.string(),
  decisions: z.array(DecisionRow),
  /** People and findings whose rows changed (an incremental update). */
  touched: z.object({ people: z.number().int(), findings: z.number().int(), planRows: z.number().int() }),
  /** Catalog edits recompute everything: the job doing it. */
  recomputeJobId: z.string().nullable(),
});
export type DecideResult = z.infer<typeof DecideResult>;

export const UndoResult = z.object({
  /** The action undone or redone; null when there was nothing to undo or redo. */
  actionId: z.string().nullable(),
  decisions: z.array(z.string()),
  recomputeJobId: z.string().nullable(),
});

/** A decision as exchanged between workspaces. */
export const ExchangedDecision = z
  .object({
    id: z.string().uuid(),
    kind: z.enum(decisionKinds),
    target: z.record(z.string(), z.unknown()),
    before: z.unknown(),
    after: z.unknown(),
    reason: z.string().max(2000),
    reviewer: z.string().max(100),
    decidedAt: z.iso.datetime(),
  })
  .strict();
export type ExchangedDecision = z.infer<typeof ExchangedDecision>;

export const DECISION_SET_FORMAT = 'cutover-decisions';
export const DECISION_SET_VERSION = 1;

export const DecisionSet = z
  .object({
    format: z.literal(DECISION_SET_FORMAT),
    version: z.literal(DECISION_SET_VERSION),
    exportedAt: z.iso.datetime(),
    reviewer: z.string().max(100),
    decisions: z.array(ExchangedDecision).max(1_000_000),
  })
  .strict();
export type DecisionSet = z.infer<typeof DecisionSet>;

/** A decision file: its text, or a token for a file the host opened (as csv-import takes it; never a path). */
export const ImportInput = z
  .object({
    content: z.string().max(256 * 1024 * 1024).optional(),
    fileToken: z
      .string()
      .regex(/^[A-Za-z0-9_-]{32}$/, 'a file token as the host gave it')
      .optional(),
    fileName: z.string().max(300).optional(),
    /** On a conflict (the same item decided differently here), keep ours (report only) or take theirs. */
    prefer: z.enum(['ours', 'theirs']).default('ours'),
  })
  .strict()
  .refine((v) => (v.fileToken === undefined) !== (v.content === undefined), 'give either content or fileToken');

export const ImportReport = z.object({
  actionId: z.string().nullable(),
  imported: z.number().int(),
  /** Already in this workspace (same id, or the same decision on the same item). */
  alreadyPresent: z.number().int(),
  conflicts: z.array(
    z.object({
      targetKey: z.string(),
      ours: z.object({ id: z.string(), after: z.unknown(), reviewer: z.string(), decidedAt: z.string() }),
      theirs: z.object({ id: z.string(), after: z.unknown(), reviewer: z.string(), decidedAt: z.string() }),
      /** 'ours' kept (reported only) or 'theirs' applied (prefer: theirs). */
      kept: z.enum(['ours', 'theirs']),
    }),
  ),
  /** Imported decisions that do not fit this workspace's data, with the reason. */
  stale: z.array(z.object({ id: z.string(), targetKey: z.string(), reason: z.string() })),
  recomputeJobId: z.string().nullable(),
});
export type ImportReport = z.infer<typeof ImportReport>;

// ---------------------------------------------------------------------------------------------
// The plan, its totals and reports.

export const planTables = ['auth_users', 'unified_profiles', 'transactions', 'enrollments', 'affiliates'] as const;
export const PlanTable = z.enum(planTables);
export type PlanTable = z.infer<typeof PlanTable>;

export const ControlTotal = z.object({
  product: z.string(),
  status: z.string(),
  month: z.string(),
  currency: z.string(),
  count: z.number().int(),
  amountMinor: z.number().int(),
});
export type ControlTotal = z.infer<typeof ControlTotal>;

export const RevenueRow = z.object({
  product: z.string(),
  /** 'YYYY-MM' or 'FY2025-Q1'. */
  period: z.string(),
  currency: z.string(),
  payments: z.number().int(),
  grossMinor: z.number().int(),
  refundsMinor: z.number().int(),
  chargebacksMinor: z.number().int(),
  netMinor: z.number().int(),
});
export type RevenueRow = z.infer<typeof RevenueRow>;

export const FunnelRow = z.object({
  /** Manila month of the person's first sign-up. */
  month: z.string(),
  /** The lead tag the person is attributed to, or 'none'. */
  tag: z.string(),
  people: z.number().int(),
  buyers: z.number().int(),
  /** Tagged as buyers without a payment, not yet decided. */
  unpaidStudents: z.number().int(),
  leads: z.number().int(),
});
export type FunnelRow = z.infer<typeof FunnelRow>;

export const PlanSummary = z.object({
  computedAt: z.string().nullable(),
  stale: z.boolean(),
  tables: z.array(z.object({ table: PlanTable, rows: z.number().int(), ownedColumns: z.array(z.string()) })),
  blocking: z.number().int(),
  warnings: z.number().int(),
  decisions: z.object({ active: z.number().int(), stale: z.number().int(), reviewers: z.array(z.object({ reviewer: z.string(), decisions: z.number().int() })) }),
});
export type PlanSummary = z.infer<typeof PlanSummary>;

export const ReconcileStatus = z.object({
  computedAt: z.string().nullable(),
  /** The cache changed (or a catalog edit came) since the last full recompute. */
  stale: z.boolean(),
  recomputing: z.boolean(),
  records: z.number().int(),
  people: z.number().int(),
  findings: z.number().int(),
  suggestions: z.number().int(),
  decisions: z.number().int(),
  canUndo: z.boolean(),
  canRedo: z.boolean(),
});
export type ReconcileStatus = z.infer<typeof ReconcileStatus>;

export const PersonDetail = z.object({
  person: PersonRow,
  records: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['contact', 'invoice']),
      email: z.string().nullable(),
      name: z.string().nullable(),
      phone: z.string().nullable(),
      at: z.string(),
      key: z.string(),
      summary: z.string(),
      raw: z.string(),
    }),
  ),
  findings: z.array(FindingRow),
  suggestions: z.array(SuggestionRow),
  decisions: z.array(DecisionRow),
  plan: z.record(PlanTable, z.array(z.record(z.string(), z.unknown()))),
});
export type PersonDetail = z.infer<typeof PersonDetail>;

export const ReconcileResult = z.object({
  seconds: z.number(),
  records: z.number().int(),
  people: z.number().int(),
  findings: z.number().int(),
  suggestions: z.number().int(),
  decisions: z.object({ active: z.number().int(), stale: z.number().int() }),
});
export type ReconcileResult = z.infer<typeof ReconcileResult>;

export const reconcileJob = jobKind({
  kind: 'reconcile',
  label: 'Reconcile',
  unit: 'steps',
  result: ReconcileResult,
  steps: [
    { id: 'catalog', label: 'Catalog and decisions in force' },
    { id: 'records', label: 'Records, keys and payments' },
    { id: 'people', label: 'People (clusters of records)' },
    { id: 'derive', label: 'Findings and plan rows, person by person' },
    { id: 'suggestions', label: 'Suggested merges' },
    { id: 'check', label: 'Stale decisions' },
  ],
});

const NoInput = z.object({}).strict();
const Paged = PageRequest;

export const reconcileProcedures = {
  'reconcile-status': query({
    input: NoInput,
    output: ReconcileStatus,
    summary: 'Where the reconciliation stands: when it was computed, whether it is stale, counts, undo/redo.',
    reads: ['cache', 'people', 'findings', 'decisions', 'plan', 'jobs'],
  }),
  'reconcile-recompute': jobProcedure(reconcileJob, {
    input: NoInput,
    summary: 'Recomputes everything from the cache, replaying every decision (runs by itself after each pull and CSV import).',
    writes: ['catalog', 'people', 'findings', 'decisions', 'plan'],
  }),
  'reconcile-catalog': query({ input: NoInput, output: Catalog, summary: 'The catalog in force: defaults with the catalog decisions applied.', reads: ['catalog'] }),
  'reconcile-queues': query({
    input: NoInput,
    output: z.array(QueueSummary),
    summary: 'Every finding queue with its counts, severity and what its resolutions do.',
    reads: ['findings', 'people'],
  }),
  'reconcile-findings': query({
    input: Paged,
    output: pageOf(FindingRow),
    summary: 'A page of findings (filter by queue, status, product, month…; facets and totals).',
    reads: ['findings'],
  }),
  'reconcile-suggestions': query({
    input: Paged,
    output: pageOf(SuggestionRow),
    summary: 'A page of suggested merges (the duplicate-people queue) with per-field scores and the rule.',
    reads: ['people'],
  }),
  'reconcile-people': query({ input: Paged, output: pageOf(PersonRow), summary: 'A page of people (clusters of records); status lead is the leads queue.', reads: ['people'] }),
  'reconcile-person': query({
    input: z.object({ id: z.string().min(1).max(320) }).strict(),
    output: PersonDetail,
    summary: 'One person: every source record, finding, suggestion, decision and plan row.',
    reads: ['people', 'findings', 'decisions', 'plan'],
  }),
  'reconcile-payments': query({ input: Paged, output: pageOf(PaymentRow), summary: 'A page of payments (invoices) with product, price check, test and plan flags.', reads: ['people'] }),
  'reconcile-decide': mutation({
    input: DecideInput,
    output: DecideResult,
    summary: 'Records decisions (merge, split, decline, approve/reject, edit a field, mark test, exclude, set product, edit the catalog) as one action, all or nothing.',
    writes: ['decisions', 'catalog', 'people', 'findings', 'plan'],
  }),
  'reconcile-undo': mutation({ input: NoInput, output: UndoResult, summary: 'Undoes the latest action (appended to the log; nothing is erased).', writes: ['decisions', 'catalog', 'people', 'findings', 'plan'] }),
  'reconcile-redo': mutation({ input: NoInput, output: UndoResult, summary: 'Redoes the action undone last.', writes: ['decisions', 'catalog', 'people', 'findings', 'plan'] }),
  'reconcile-decisions': query({ input: Paged, output: pageOf(DecisionRow), summary: 'A page of the decision log (filter by kind, reviewer, state).', reads: ['decisions'] }),
  'reconcile-decisions-export': query({ input: NoInput, output: DecisionSet, summary: 'The decisions in force as a versioned JSON decision set.', reads: ['decisions'] }),
  'reconcile-decisions-import': mutation({
    input: ImportInput,
    output: ImportReport,
    summary: 'Imports a decision set; decisions already here are skipped and conflicts reported.',
    writes: ['decisions', 'catalog', 'people', 'findings', 'plan'],
  }),
  'reconcile-plan-summary': query({ input: NoInput, output: PlanSummary, summary: 'The approved plan: rows per table, owned columns, what blocks, who decided.', reads: ['plan', 'findings', 'decisions'] }),
  'reconcile-totals': query({
    input: z.object({ of: z.enum(['plan', 'sources', 'sources-without-tests']).default('plan') }).strict(),
    output: z.array(ControlTotal),
    summary: 'Control totals: count and sum per product × status × month × currency, of the plan or of the source invoices.',
    reads: ['plan', 'people'],
  }),
  'reconcile-revenue': query({
    input: z.object({ by: z.enum(['month', 'quarter']).default('month') }).strict(),
    output: z.array(RevenueRow),
    summary: 'Revenue recognised per product and month (or fiscal quarter): paid and approved manual payments, refunds and chargebacks netted.',
    reads: ['plan', 'settings'],
  }),
  'reconcile-funnel': query({ input: NoInput, output: z.array(FunnelRow), summary: 'The lead → customer funnel by sign-up month and lead tag.', reads: ['people'] }),
  'reconcile-plan-export': query({
    input: z.object({ content: z.boolean().default(true) }).strict(),
    output: z.object({ format: z.string(), sha256: z.string(), bytes: z.number().int(), content: z.string().nullable() }),
    summary: 'The plan as deterministic JSON (sorted rows, fixed key order), so two plans compare byte for byte.',
    reads: ['plan', 'settings'],
  }),
};
