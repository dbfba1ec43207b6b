// The cutover: the plan of the swap (Plan step), the atomic swap of staging into production and its
// rollback (Cut over and Verify steps), dropping the backups, the history kept in the target
// (cutover_admin.history) and the launch report. These schemas are the one definition of the
// plan and of a swap's result: the engine's types (electron/engine/cutover/model.ts, execute.ts)
// are inferred from them. Failures are CutoverErrors with code TARGET_FAILED (or CONFLICT when
// the workspace's state refuses), saying what was refused and that production is as it was.
import { z } from 'zod';
import { jobProcedure, mutation, query } from './define.ts';
import { jobKind } from './job-parts.ts';
import { TargetStatus } from './target.ts';

/** cutover: staging replaces production. rollback: the backups replace what the cutover put in. */
export const SwapDirection = z.enum(['cutover', 'rollback']);
export type SwapDirection = z.infer<typeof SwapDirection>;

/** What happens to rows of other tables whose parent the swap would remove. */
export const orphanChoices = ['keep-parent', 'delete-children', 'abort'] as const;
export const OrphanChoice = z.enum(orphanChoices);
export type OrphanChoice = z.infer<typeof OrphanChoice>;

/** For columns the migration owns that the live app changed since the push: whose value wins (production's newer one by default). */
export const migrationColumnPolicies = ['production', 'migration'] as const;
export const MigrationColumnPolicy = z.enum(migrationColumnPolicies);
export type MigrationColumnPolicy = z.infer<typeof MigrationColumnPolicy>;

export const planStepIds = ['prepare', 'lock', 'carry-over', 'orphans', 'detach', 'swap', 'reproduce', 'rebind', 'auth', 'verify', 'commit', 'backup', 'validate', 'analyze', 'notify', 'checks'] as const;
/** The steps after COMMIT: nothing in them can undo the swap, and a failure there is reported, not thrown. */
export const afterCommitStepIds = ['backup', 'validate', 'analyze', 'notify', 'checks'] as const satisfies readonly (typeof planStepIds)[number][];
export const PlanStepId = z.enum(planStepIds);
export type PlanStepId = z.infer<typeof PlanStepId>;

export const planStepLabels: Record<PlanStepId, string> = {
  prepare: 'Prepare (production not locked yet)',
  lock: 'Lock the tables',
  'carry-over': 'Carry over the writes the live app made meanwhile',
  orphans: 'Rows that would lose their parent',
  detach: 'Detach what is bound to the outgoing tables',
  swap: 'Swap the tables',
  reproduce: 'Reproduce security, triggers and settings',
  rebind: 'Re-point foreign keys, views and functions',
  auth: 'Auth users',
  verify: 'Verify before commit',
  commit: 'Commit',
  backup: 'Make the backup production as it was',
  validate: 'Validate foreign keys',
  analyze: 'Analyze the new tables',
  notify: 'Reload the API schema cache',
  checks: 'Check production as the live app reads it',
};

/** Something that makes the plan impossible to run, with the object and why. */
export const Refusal = z.object({ object: z.string(), reason: z.string() });
export type Refusal = z.infer<typeof Refusal>;

export const PlanOptions = z.object({
  /** Orphan case id → choice; a case not listed keeps its parent. */
  choices: z.record(z.string(), OrphanChoice),
  migrationColumns: MigrationColumnPolicy,
});
export type PlanOptions = z.infer<typeof PlanOptions>;

/** A parent row the swap would remove while rows of another table still reference it. */
export const OrphanCase = z.object({
  /** Stable: constraint + parent key, so a choice survives re-planning. */
  id: z.string(),
  /** The referencing table and its foreign key. */
  childTable: z.string(),
  constraint: z.string(),
  childColumns: z.array(z.string()),
  /** The swapped table and the key (referenced columns → values) of the missing parent. */
  parentTable: z.string(),
  parentKey: z.record(z.string(), z.unknown()),
  childRows: z.number().int(),
  onDelete: z.string(),
  choice: OrphanChoice,
});
export type OrphanCase = z.infer<typeof OrphanCase>;

/** Rows of one swapped table: the standby (what comes in) against the live table (what goes out). */
export const RowDelta = z.object({
  table: z.string(),
  liveRows: z.number().int(),
  standbyRows: z.number().int(),
  /** In the standby only. */
  added: z.number().int(),
  /** In the live table only (after keep-parent choices: those rows are copied in). */
  removed: z.number().int(),
  /** In both, with different values. */
  changed: z.number().int(),
});
export type RowDelta = z.infer<typeof RowDelta>;

/** A value the runner fills in when the statement runs. */
export const RuntimeParam = z.object({
  /** historyId: this swap's history row. captureMark: the last capture id when the prepare step began. carriedTo: the last capture id already carried. */
  runtime: z.enum(['historyId', 'captureMark', 'carriedTo']),
});
export type RuntimeParam = z.infer<typeof RuntimeParam>;

export const PlanStatement = z.object({
  sql: z.string(),
  /** Values, or a RuntimeParam the runner fills in. */
  params: z.array(z.unknown()),
  /** Why this statement is there, in words. */
  label: z.string(),
  /**
   * ddl/dml: run it. check: every row it returns is a problem, and one problem stops the swap.
   * carry: its rows are carried writes ({table, action, key}). value: its one row is kept as a figure.
   */
  kind: z.enum(['ddl', 'dml', 'check', 'carry', 'value']),
});
export type PlanStatement = z.infer<typeof PlanStatement>;

export const PlanStep = z.object({
  id: PlanStepId,
  /** prepare: in the transaction before the exclusive locks; locked: under them; after: once committed, each on its own. */
  phase: z.enum(['prepare', 'locked', 'after']),
  statements: z.array(PlanStatement),
});
export type PlanStep = z.infer<typeof PlanStep>;

export const SwappedTable = z.object({ live: z.string(), standby: z.string(), park: z.string() });

export const SwapPlan = z.object({
  direction: SwapDirection,
  tables: z.array(SwappedTable),
  standbySchema: z.string(),
  /** The new schema the outgoing tables move to (a cutover's backups). */
  parkSchema: z.string(),
  refusals: z.array(Refusal),
  orphanCases: z.array(OrphanCase),
  /** Every table locked ACCESS EXCLUSIVE, in the one order they are locked. */
  lockOrder: z.array(z.string()),
  steps: z.array(PlanStep),
  /** A catch-up round: writes captured after carriedTo up to captureMark carried into the standby, without the lock. */
  catchUp: z.array(PlanStatement),
  /** Capture rows after this id are the ones to carry. */
  captureSince: z.number(),
  /** Empty unless the plan was read with its row deltas (cutover-plan reads them; a run does not). */
  rowDeltas: z.array(RowDelta),
  /** Writes captured since the push (cutover) or the cutover (rollback), to be carried. */
  pendingWrites: z.number().int(),
  /** A rough figure from the statement counts; the bench measures the real one. */
  expectedLockMs: z.number(),
  /** What the reverse swap would do, in words. */
  rollback: z.array(z.string()),
  /** The security posture the swap reproduces, per table. */
  security: z.array(z.object({ table: z.string(), rls: z.string(), policies: z.number().int(), grants: z.array(z.string()) })),
  options: PlanOptions,
  /** Of the steps' SQL, the tables, the refusals and the choices: a re-plan with the same hash runs the same SQL. */
  sha256: z.string(),
});
export type SwapPlan = z.infer<typeof SwapPlan>;

/** A write the live app made that the swap carried over (or back). */
export const CarriedRow = z.object({
  table: z.string(),
  action: z.enum(['inserted', 'updated', 'deleted']),
  key: z.record(z.string(), z.unknown()),
});
export type CarriedRow = z.infer<typeof CarriedRow>;

/** A step after COMMIT (VALIDATE, ANALYZE, the schema reload, the checks of what the live app reads): reported, never undoing the swap. */
export const AfterResult = z.object({
  step: PlanStepId,
  label: z.string(),
  ok: z.boolean(),
  error: z.string().optional(),
  ms: z.number(),
});
export type AfterResult = z.infer<typeof AfterResult>;

export const KeptAuthUser = z.object({ id: z.string(), email: z.string().nullable(), lastSignInAt: z.string().nullable() });

/** What one committed swap did, with its figures. */
export const SwapResult = z.object({
  historyId: z.number().int(),
  plan: SwapPlan,
  lockAttempts: z.number().int(),
  lockWaitMs: z.number(),
  /** From the moment every lock was held until COMMIT returned. */
  lockHoldMs: z.number(),
  stepMs: z.partialRecord(PlanStepId, z.number()),
  /** Carried writes (the first CARRIED_LISTED of them) and their counts per table and action. */
  carried: z.array(CarriedRow),
  carriedCounts: z.record(z.string(), z.record(z.string(), z.number())),
  /** The checks that ran before COMMIT (all of them passed, or nothing was committed). */
  checks: z.array(z.object({ step: PlanStepId, label: z.string() })),
  after: z.array(AfterResult),
  /** What it did to auth.users: users added, healed, identities added (a cutover); removed and kept (a rollback, with the kept users listed). */
  auth: z.object({ counts: z.record(z.string(), z.number()), kept: z.array(KeptAuthUser) }),
});
export type SwapResult = z.infer<typeof SwapResult>;

export const HistoryKind = z.enum(['cutover', 'rollback', 'drop-backups']);
export type HistoryKind = z.infer<typeof HistoryKind>;

/** One row of cutover_admin.history in the target: every cutover, rollback and drop of backups, failed attempts included. */
export const HistoryEntry = z.object({
  id: z.number().int(),
  kind: HistoryKind,
  status: z.enum(['running', 'committed', 'failed']),
  startedAt: z.string(),
  committedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  planSha256: z.string().nullable(),
  tables: z.array(SwappedTable),
  standbySchema: z.string().nullable(),
  /** Where it parked the tables it replaced (a cutover's backups); null for a drop. */
  parkSchema: z.string().nullable(),
  /** A rollback: the cutover it undid; a drop: the swap whose park schema it dropped. */
  ofHistory: z.number().int().nullable(),
  captureHighWater: z.number().nullable(),
  lockAttempts: z.number().nullable(),
  lockWaitMs: z.number().nullable(),
  lockHoldMs: z.number().nullable(),
  summary: z.record(z.string(), z.unknown()),
  error: z.string().nullable(),
  appVersion: z.string().nullable(),
  /** For a cutover: a later rollback undid it. */
  rolledBack: z.boolean(),
  /** Its park schema was dropped. */
  backupsDropped: z.boolean(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/** What the swap binds to one table, as the Plan step lists it (the names; the plan's SQL says what is done with them). */
export const TableInventorySummary = z.object({
  table: z.string(),
  owner: z.string(),
  rls: z.string(),
  columns: z.number().int(),
  constraints: z.array(z.string()),
  indexes: z.array(z.string()),
  sequences: z.array(z.string()),
  triggers: z.array(z.string()),
  rules: z.array(z.string()),
  policies: z.array(z.string()),
  /** Policies of other tables that read this one. */
  otherPolicies: z.array(z.string()),
  /** Table-level ACL entries (aclitem text), exactly production's. */
  grants: z.array(z.string()),
  /** Columns with grants of their own. */
  columnGrants: z.array(z.string()),
  publications: z.array(z.string()),
  statistics: z.array(z.string()),
  /** Foreign keys of other tables pointing here: table.constraint. */
  inboundForeignKeys: z.array(z.string()),
  views: z.array(z.string()),
  materializedViews: z.array(z.string()),
  functions: z.array(z.string()),
  replicaIdentity: z.string(),
  comment: z.string().nullable(),
});
export type TableInventorySummary = z.infer<typeof TableInventorySummary>;

const Confirm = z.string().max(500);

/** What the person types to run a swap: the direction's phrase and the target database's name. */
export function swapConfirmation(direction: SwapDirection, database: string): string {
  return `${direction === 'cutover' ? 'cut over' : 'roll back'} ${database}`;
}

export const CutoverPlanInput = z
  .object({
    /** A rollback plan shows what rolling back the cutover in effect would run. */
    direction: SwapDirection.default('cutover'),
    choices: z.record(z.string().max(2000), OrphanChoice).default({}),
    migrationColumns: MigrationColumnPolicy.default('production'),
  })
  .strict();
export type CutoverPlanInput = z.input<typeof CutoverPlanInput>;

/** The Plan step's plan: what will run, against what, and what it will change. */
export const CutoverPlanResult = z.object({
  at: z.string(),
  /** user@host:port/database. */
  target: z.string(),
  direction: SwapDirection,
  /** No refusal: cutover-start (or rollback-start) with this plan's sha256 may run it. */
  runnable: z.boolean(),
  /** The exact text to type to run it. */
  confirmation: z.string(),
  /** For a rollback: the cutover it undoes. */
  undoes: z.number().int().nullable(),
  inventory: z.array(TableInventorySummary),
  plan: SwapPlan,
  /** How long reading the target and planning took. */
  planMs: z.number(),
});
export type CutoverPlanResult = z.infer<typeof CutoverPlanResult>;

export const CutoverStartInput = z
  .object({
    /** The sha256 of the plan the person saw (cutover-plan): a target that now plans anything else is refused. */
    planSha256: z.string().regex(/^[0-9a-f]{64}$/),
    choices: z.record(z.string().max(2000), OrphanChoice).default({}),
    migrationColumns: MigrationColumnPolicy.default('production'),
    /** Must equal the plan's `confirmation` (swapConfirmation): checked by the engine. */
    confirm: Confirm,
  })
  .strict();
export type CutoverStartInput = z.input<typeof CutoverStartInput>;

export const RollbackStartInput = z
  .object({
    /** Must equal swapConfirmation('rollback', database). */
    confirm: Confirm,
    /** The sha256 of the rollback plan the person saw, when they saw one (cutover-plan with direction rollback). */
    planSha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
    choices: z.record(z.string().max(2000), OrphanChoice).default({}),
    migrationColumns: MigrationColumnPolicy.default('production'),
  })
  .strict();
export type RollbackStartInput = z.input<typeof RollbackStartInput>;

/** A committed cutover or rollback, as its job returns it. */
export const SwapRunResult = z.object({
  at: z.string(),
  target: z.string(),
  direction: SwapDirection,
  swap: SwapResult,
  /** The row deltas of the plan the person confirmed (a run does not compare the rows again). */
  rowDeltas: z.array(RowDelta),
  /** The launch report's HTML file in the workspace's reports folder (null if it could not be written). */
  reportFile: z.string().nullable(),
});
export type SwapRunResult = z.infer<typeof SwapRunResult>;

export const BackupsDropInput = z
  .object({
    /** The history entry (a committed cutover or rollback) whose park schema is dropped. */
    historyId: z.number().int().positive(),
    /** The schema's name, typed exactly. */
    confirm: Confirm,
  })
  .strict();

export const BackupsDropResult = z.object({
  /** The history row recording the drop. */
  historyId: z.number().int(),
  schema: z.string(),
  dropped: z.array(z.string()),
});
export type BackupsDropResult = z.infer<typeof BackupsDropResult>;

/** Everything the launch report shows, once: the HTML file and the renderer's print route are both made from it. */
export const LaunchReport = z.object({
  direction: SwapDirection,
  /** When the swap committed. */
  at: z.string(),
  target: z.string(),
  historyId: z.number().int(),
  jobId: z.string(),
  appVersion: z.string().nullable(),
  plan: z.object({
    sha256: z.string(),
    tables: z.array(SwappedTable),
    lockOrder: z.array(z.string()),
    refusals: z.array(Refusal),
    orphanCases: z.array(OrphanCase),
    options: PlanOptions,
    security: SwapPlan.shape.security,
    /** Each step's statements: why, and the SQL. */
    steps: z.array(z.object({ id: PlanStepId, label: z.string(), phase: PlanStep.shape.phase, statements: z.array(z.object({ label: z.string(), sql: z.string() })) })),
  }),
  figures: z.object({
    lockHoldMs: z.number(),
    lockWaitMs: z.number(),
    lockAttempts: z.number().int(),
    expectedLockMs: z.number(),
    /** Each step that ran, in order, with its time (steps that had nothing to do are absent). */
    stepTimings: z.array(z.object({ step: PlanStepId, label: z.string(), ms: z.number() })),
    /** The rows added, removed and changed per table, from the plan the person confirmed (empty if it was run without one). */
    rowDeltas: z.array(RowDelta),
  }),
  checks: z.object({
    /** Checks that passed before COMMIT. */
    beforeCommit: z.array(z.object({ step: PlanStepId, label: z.string() })),
    /** After COMMIT: VALIDATE of each foreign key, ANALYZE, the schema reload. */
    afterCommit: z.array(AfterResult),
  }),
  carriedOver: z.object({
    total: z.number().int(),
    /** Per table and action. */
    counts: z.array(z.object({ table: z.string(), action: CarriedRow.shape.action, rows: z.number().int() })),
    /** The carried rows listed (the first of them when there were very many). */
    rows: z.array(CarriedRow),
    /** The migration-owned column policy that applied to rows the app updated. */
    migrationColumns: MigrationColumnPolicy,
  }),
  auth: SwapResult.shape.auth,
  /** How to undo it, in words: what the reverse swap does, and how to run it. */
  rollback: z.object({
    available: z.boolean(),
    /** Where the replaced tables are kept until dropped. */
    backupSchema: z.string(),
    steps: z.array(z.string()),
    howTo: z.array(z.string()),
  }),
  /** The HTML file, when it was written. */
  reportFile: z.string().nullable(),
});
export type LaunchReport = z.infer<typeof LaunchReport>;

export const CutoverStatus = z.object({
  target: TargetStatus,
  /** Why a plan (of a cutover) cannot be made now, or null. */
  cannotPlan: z.string().nullable(),
  /** Why a rollback cannot run now (no cutover in effect, its backups dropped, a job running), or null. */
  cannotRollBack: z.string().nullable(),
  /** The texts to type for each direction, once the target is known. */
  confirmation: z.object({ cutover: z.string(), rollback: z.string() }).nullable(),
  /** cutover_admin.history, newest first (empty where no cutover ever ran). */
  history: z.array(HistoryEntry),
  /** Why the history could not be read (the target unreachable), or null. */
  historyError: z.string().nullable(),
  /** The cutover in effect: the newest committed one not rolled back. */
  inEffect: HistoryEntry.nullable(),
  /** A cutover, rollback or plan job of this workspace queued or running now. */
  running: z.object({ jobId: z.string(), kind: z.enum(['cutover-plan', 'cutover', 'rollback']) }).nullable(),
  /** The last plan this workspace made (its job has the whole plan: job-get). */
  lastPlan: z.object({ jobId: z.string(), at: z.string(), direction: SwapDirection, sha256: z.string(), runnable: z.boolean(), refusals: z.number().int(), target: z.string() }).nullable(),
  /** The last committed swap this workspace ran (its report: cutover-report). */
  last: z.object({ jobId: z.string(), at: z.string(), direction: SwapDirection, historyId: z.number().int(), lockHoldMs: z.number(), reportFile: z.string().nullable() }).nullable(),
});
export type CutoverStatus = z.infer<typeof CutoverStatus>;

const swapSteps = planStepIds.map((id) => ({ id, label: planStepLabels[id] }));

export const cutoverPlanJob = jobKind({ kind: 'cutover-plan', label: 'Plan the cutover', unit: 'steps', result: CutoverPlanResult });
export const cutoverJob = jobKind({ kind: 'cutover', label: 'Cut over', unit: 'steps', result: SwapRunResult, steps: swapSteps });
export const rollbackJob = jobKind({ kind: 'rollback', label: 'Roll back', unit: 'steps', result: SwapRunResult, steps: swapSteps });

const empty = z.object({}).strict();

export const cutoverProcedures = {
  'cutover-status': query({
    input: empty,
    output: CutoverStatus,
    reads: ['target', 'jobs'],
    summary: 'The target, the cutover history it keeps, the cutover in effect, and whether a plan or a rollback can start now.',
  }),
  'cutover-plan': jobProcedure(cutoverPlanJob, {
    input: CutoverPlanInput,
    summary: 'Plan the cutover (or its rollback): the inventory, refusals, orphan cases, the SQL of every step, rows added/removed/changed per table, expected lock time, and how to roll back.',
    writes: ['target'],
  }),
  'cutover-start': jobProcedure(cutoverJob, {
    input: CutoverStartInput,
    summary: 'Swap staging into production in one transaction, exactly as the plan with this sha256 said (confirm: the plan\'s confirmation text). Any failure leaves production as it was.',
    writes: ['target'],
  }),
  'rollback-start': jobProcedure(rollbackJob, {
    input: RollbackStartInput,
    summary: 'Roll the cutover in effect back (confirm: "roll back <database>"), keeping the writes made since it.',
    writes: ['target'],
  }),
  'backups-drop': mutation({
    input: BackupsDropInput,
    output: BackupsDropResult,
    writes: ['target'],
    summary: 'Drop the tables a cutover or rollback parked (confirm: the schema\'s name), never with CASCADE.',
  }),
  'cutover-report': query({
    input: z.object({ jobId: z.string().min(1).max(100).optional() }).strict(),
    output: LaunchReport,
    reads: ['target', 'jobs'],
    summary: 'The launch report of a committed cutover or rollback (default: the last one): plan, figures, checks, carried-over writes, auth changes, how to roll back.',
  }),
};
