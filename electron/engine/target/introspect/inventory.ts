// The inventory of the tables a cutover swaps and of everything bound to them: plain JSON (no OIDs,
// nothing server-local), so it can be shown on the Plan step, stored, diffed and compared across
// servers. Names are schema-qualified as PostgreSQL prints them (regclass text).

export interface Inventory {
  server: { major: number; version: string };
  tables: TableInventory[];
  /** Enum types used by the tables' columns. */
  enums: EnumType[];
  /** What makes a swap impossible; a plan must refuse when this is not empty. */
  unsupported: Unsupported[];
}

export interface Unsupported {
  object: string;
  reason: string;
}

export interface EnumType {
  name: string;
  labels: string[];
}

export interface TableInventory {
  schema: string;
  name: string;
  owner: string;
  comment: string | null;
  /** relacl exactly as stored (aclitem text), or null for the owner's default privileges. */
  acl: string[] | null;
  rls: { enabled: boolean; forced: boolean };
  replicaIdentity: { kind: 'default' | 'nothing' | 'full' | 'index'; index: string | null };
  reloptions: string[] | null;
  persistence: 'permanent' | 'unlogged' | 'temporary';
  columns: Column[];
  constraints: Constraint[];
  indexes: Index[];
  sequences: Sequence[];
  triggers: Trigger[];
  rules: Rule[];
  /** Policies of this table. */
  policies: Policy[];
  /** Policies of other tables whose expressions read this one. */
  policiesOfOtherTables: Policy[];
  publications: Publication[];
  statistics: ExtendedStatistics[];
  /** Foreign keys of tables outside the swapped set that reference this one. */
  inboundForeignKeys: InboundForeignKey[];
  /** Views and materialized views reading it, directly (depth 1) or through other views. */
  views: DependentView[];
  functions: DependentFunction[];
}

export interface Column {
  name: string;
  type: string;
  notNull: boolean;
  /** The default expression (or the generation expression of a generated column). */
  default: string | null;
  identity: 'always' | 'by default' | null;
  /** PG 18 makes generated columns virtual unless STORED is said. */
  generated: 'stored' | 'virtual' | null;
  collation: string | null;
  /** SET STATISTICS; null means the default. */
  statisticsTarget: number | null;
  storage: string | null;
  comment: string | null;
  acl: string[] | null;
  /** The serial or identity sequence owned by this column. */
  ownedSequence: string | null;
  /** The enum type of the column (or of its array elements). */
  enumType: string | null;
}

export type ConstraintType = 'primary key' | 'unique' | 'check' | 'foreign key' | 'exclusion' | 'not null' | 'trigger';

export interface Constraint {
  name: string;
  type: ConstraintType;
  /** pg_get_constraintdef: the constraint without its own name or table. */
  definition: string;
  columns: string[];
  deferrable: boolean;
  deferred: boolean;
  validated: boolean;
  noInherit: boolean;
  /** The index behind a primary key, unique or exclusion constraint. */
  index: string | null;
  foreignKey: ForeignKeyTarget | null;
  comment: string | null;
}

export type FkAction = 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default';

export interface ForeignKeyTarget {
  table: string;
  columns: string[];
  onDelete: FkAction;
  onUpdate: FkAction;
  match: 'simple' | 'full' | 'partial';
}

export interface Index {
  name: string;
  /** pg_get_indexdef, which names the index and its table. */
  definition: string;
  /** The definition without its name and table: "USING gin (email extensions.gin_trgm_ops) WHERE …". */
  shape: string;
  method: string;
  unique: boolean;
  primary: boolean;
  nullsNotDistinct: boolean;
  valid: boolean;
  keys: string[];
  include: string[];
  predicate: string | null;
  reloptions: string[] | null;
  constraint: string | null;
  comment: string | null;
}

export interface Sequence {
  name: string;
  column: string;
  kind: 'serial' | 'identity';
  dataType: string;
  start: string;
  increment: string;
  min: string;
  max: string;
  cache: string;
  cycle: boolean;
  owner: string;
  acl: string[] | null;
}

export interface Trigger {
  name: string;
  definition: string;
  enabled: 'origin' | 'disabled' | 'replica' | 'always';
  timing: 'before' | 'after' | 'instead of';
  events: ('insert' | 'update' | 'delete' | 'truncate')[];
  level: 'row' | 'statement';
  updateColumns: string[];
  when: string | null;
  function: string;
  constraintTrigger: boolean;
  comment: string | null;
}

export interface Rule {
  name: string;
  definition: string;
  enabled: string;
}

export interface Policy {
  /** The table the policy belongs to. */
  table: string;
  name: string;
  command: 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE' | 'ALL';
  permissive: boolean;
  roles: string[];
  using: string | null;
  withCheck: string | null;
  /** Other tables its expressions read (bound by OID). */
  readsTables: string[];
}

export interface Publication {
  name: string;
  allTables: boolean;
  rowFilter: string | null;
  columns: string[] | null;
}

export interface ExtendedStatistics {
  name: string;
  definition: string;
  columns: string;
  kinds: string;
}

export interface InboundForeignKey {
  fromTable: string;
  name: string;
  definition: string;
  columns: string[];
  referencedColumns: string[];
  onDelete: FkAction;
  onUpdate: FkAction;
  deferrable: boolean;
  deferred: boolean;
  validated: boolean;
}

export interface DependentView {
  name: string;
  kind: 'view' | 'materialized view';
  depth: number;
  owner: string;
  definition: string;
  acl: string[] | null;
  reloptions: string[] | null;
  comment: string | null;
  indexes: string[];
}

export interface DependentFunction {
  signature: string;
  /** How it is bound: by OID (atomic body, row type) or by name at run time. */
  binding: 'atomic' | 'row type' | 'name in body';
  language: string;
  owner: string;
  securityDefiner: boolean;
  acl: string[] | null;
  definition: string;
}
