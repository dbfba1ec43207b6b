// The cutover's data: what a swap is built from (facts read from the target), and the plan built
// from them — refusals, orphan cases with their choices, the SQL of every step, the row deltas and
// the rollback. Plain JSON, so a plan can be shown, hashed, stored in a job result and compared.
import type { Inventory } from '../target/introspect/inventory.ts';
import type { QualifiedName } from '../target/swap-tables.ts';

/** cutover: staging replaces production. rollback: the backups replace what the cutover put in. */
export type SwapDirection = 'cutover' | 'rollback';

/** What happens to rows of other tables whose parent the swap would remove. */
export const orphanChoices = ['keep-parent', 'delete-children', 'abort'] as const;
export type OrphanChoice = (typeof orphanChoices)[number];

/** For columns the migration owns that the live app changed since the push: whose value wins. */
export const migrationColumnPolicies = ['production', 'migration'] as const;
export type MigrationColumnPolicy = (typeof migrationColumnPolicies)[number];

export interface Refusal {
  object: string;
  reason: string;
}

/** A parent row the swap would remove while rows of another table still reference it. */
export interface OrphanCase {
  /** Stable: constraint + parent key, so a choice survives re-planning. */
  id: string;
  /** The referencing table and its foreign key. */
  childTable: string;
  constraint: string;
  childColumns: string[];
  /** The swapped table and the key (referenced columns → values) of the missing parent. */
  parentTable: string;
  parentKey: Record<string, unknown>;
  childRows: number;
  onDelete: string;
  choice: OrphanChoice;
}

/** Rows of one swapped table: the standby (what comes in) against the live table (what goes out). */
export interface RowDelta {
  table: string;
  liveRows: number;
  standbyRows: number;
  /** In the standby only. */
  added: number;
  /** In the live table only (after keep-parent choices: those rows are copied in). */
  removed: number;
  /** In both, with different values. */
  changed: number;
}

export interface Manifest {
  planSha256: string | null;
  pushedAt: string | null;
  tables: Record<string, { rows: number; sums?: Record<string, string> }>;
  ownedColumns: Record<string, string[]>;
}

export interface AuthColumn {
  name: string;
  /** Generated columns (confirmed_at, identities.email) are never inserted. */
  generated: boolean;
  type: string;
}

export interface AuthFacts {
  /** auth.users and auth.identities exist (a plain Postgres target may have neither). */
  present: boolean;
  usersColumns: AuthColumn[];
  identitiesColumns: AuthColumn[];
  /** Columns of the staged tables, when staged (cutover only). */
  stagedUsersColumns: string[];
  stagedIdentitiesColumns: string[];
  stagedUsers: number;
  stagedIdentities: number;
  /** Staged users that clash with auth.users as it is now. */
  conflicts: { id: string; email: string; reason: string }[];
  /** Existing users with a NULL where GoTrue scans a string (or the confirm status). */
  usersToHeal: number;
  /** Users GoTrue can find (the nil instance) without an identity row. */
  usersWithoutIdentity: number;
  /** Users GoTrue can never find (instance_id NULL): healed, but given no identity. */
  unfindableUsers: number;
  /** Foreign keys of tables outside auth that reference auth.users (a rollback's "used since"). */
  referencingForeignKeys: { table: string; columns: string[]; schema: string }[];
}

/** What a rollback reads from the cutover it undoes. */
export interface UndoFacts {
  cutoverHistoryId: number;
  /** Capture rows after this id were written after the cutover. */
  captureHighWater: number;
  addedUsers: number;
  healedUsers: number;
  addedIdentities: number;
}

export interface MaterializedViewFacts {
  name: string;
  /** The definition printed with only the live tables' schemas on search_path, so it can be built over the standby. */
  relativeDefinition: string;
  /** Relations it reads, as the live one does (regclass text, sorted). */
  reads: string[];
  /** Objects that depend on it (views over it): it cannot be dropped and rebuilt while they exist. */
  dependents: string[];
}

export interface SwapFacts {
  direction: SwapDirection;
  /** The tables as they serve now. */
  live: Inventory;
  /** The same tables by name in the standby schema: staging (cutover) or the backup (rollback). */
  standby: Inventory;
  standbySchema: string;
  /** Every relation name in the standby schema (renames must not collide with them). */
  standbyRelationNames: string[];
  /** A new schema the live tables move to. */
  parkSchema: string;
  /** The tables, by their live names, in the order they are locked and swapped. */
  tables: QualifiedName[];
  matviews: MaterializedViewFacts[];
  /** Publications holding a swapped table, and whether this role may add and drop tables in them. */
  publications: { name: string; owner: string; canAlter: boolean }[];
  /** Row-type-bound functions that something else depends on (they must be dropped and recreated). */
  functionDependents: Record<string, string[]>;
  capture: {
    tableExists: boolean;
    /** Live tables that have the capture trigger. */
    triggered: string[];
    /** Capture rows after this id (or at/after this time) are carried. */
    sinceId: number;
    sinceTime: string | null;
    pending: number;
  };
  manifest: Manifest | null;
  orphans: Omit<OrphanCase, 'choice'>[];
  /** Rows copied from live into the standby for keep-parent choices, with what they need in turn. */
  keepRows: { table: string; keys: Record<string, unknown>[] }[];
  deltas: RowDelta[];
  auth: AuthFacts;
  undo: UndoFacts | null;
  options: PlanOptions;
}

export interface PlanOptions {
  choices: Record<string, OrphanChoice>;
  migrationColumns: MigrationColumnPolicy;
}

/** A value the runner fills in when the statement runs. */
export interface RuntimeParam {
  /** historyId: this swap's history row. captureMark: the last capture id when the prepare step began. */
  runtime: 'historyId' | 'captureMark' | 'carriedTo';
}

export interface PlanStatement {
  sql: string;
  params: (unknown | RuntimeParam)[];
  /** Why this statement is there, in words. */
  label: string;
  /**
   * ddl/dml: run it. check: every row it returns is a problem, and one problem stops the swap.
   * carry: its rows are carried writes ({table, action, key}). value: its one row is kept as a figure.
   */
  kind: 'ddl' | 'dml' | 'check' | 'carry' | 'value';
}

export const planStepIds = [
  'prepare',
  'lock',
  'carry-over',
  'orphans',
  'detach',
  'swap',
  'reproduce',
  'rebind',
  'auth',
  'verify',
  'commit',
  'validate',
  'analyze',
  'notify',
] as const;
export type PlanStepId = (typeof planStepIds)[number];

export const planStepLabels: Record<PlanStepId, string> = {
  prepare: 'Prepare (production not locked yet)',
  lock: 'Lock the tables',
  'carry-over': 'Carry over writes made since the push',
  orphans: 'Rows that would lose their parent',
  detach: 'Detach what is bound to the outgoing tables',
  swap: 'Swap the tables',
  reproduce: 'Reproduce security, triggers and settings',
  rebind: 'Re-point foreign keys, views and functions',
  auth: 'Auth users',
  verify: 'Verify before commit',
  commit: 'Commit',
  validate: 'Validate foreign keys',
  analyze: 'Analyze the new tables',
  notify: 'Reload the API schema cache',
};

export interface PlanStep {
  id: PlanStepId;
  /** prepare: in the transaction before the exclusive locks; locked: under them; after: once committed, each on its own. */
  phase: 'prepare' | 'locked' | 'after';
  statements: PlanStatement[];
}

export interface SwapPlan {
  direction: SwapDirection;
  tables: { live: string; standby: string; park: string }[];
  standbySchema: string;
  parkSchema: string;
  refusals: Refusal[];
  orphanCases: OrphanCase[];
  /** Every table locked ACCESS EXCLUSIVE, in the one order they are locked. */
  lockOrder: string[];
  steps: PlanStep[];
  /** A catch-up round: writes captured after carriedTo up to captureMark carried into the standby, without the lock. */
  catchUp: PlanStatement[];
  /** Capture rows after this id are the ones to carry. */
  captureSince: number;
  rowDeltas: RowDelta[];
  /** Writes captured since the push (cutover) or the cutover (rollback), to be carried. */
  pendingWrites: number;
  /** A rough figure from the statement counts; the bench measures the real one. */
  expectedLockMs: number;
  /** What the reverse swap would do, in words. */
  rollback: string[];
  /** What the plan says about the security posture it reproduces, per table. */
  security: { table: string; rls: string; policies: number; grants: string[] }[];
  options: PlanOptions;
  /** Of the steps' SQL, the tables, the refusals and the choices: a re-plan that gives the same hash runs the same SQL. */
  sha256: string;
}
