// The cutover's data: what a swap is built from (facts read from the target), and the plan built
// from them — refusals, orphan cases with their choices, the SQL of every step, the row deltas and
// the rollback. Plain JSON, so a plan can be shown, hashed, stored in a job result and compared.
import type { Inventory } from '../target/introspect/inventory.ts';
import type { QualifiedName } from '../target/swap-tables.ts';

// The shapes that cross the contract (the plan, its orphan cases, row deltas, refusals) are
// defined once, as zod schemas, in shared/api/cutover.ts.
export { afterCommitStepIds, migrationColumnPolicies, orphanChoices, planStepIds, planStepLabels } from '../../../shared/api/cutover.ts';
import type { OrphanCase, PlanOptions, RowDelta, SwapDirection } from '../../../shared/api/cutover.ts';
export type {
  MigrationColumnPolicy,
  OrphanCase,
  OrphanChoice,
  PlanOptions,
  PlanStatement,
  PlanStep,
  PlanStepId,
  Refusal,
  RowDelta,
  RuntimeParam,
  SwapDirection,
  SwapPlan,
} from '../../../shared/api/cutover.ts';

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
