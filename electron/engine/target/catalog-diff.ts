// A catalog diff: what differs between two inventories of a table, as paths with both values.
// With ignoreNames the comparison is by structure, so a staged clone of a table can be compared
// with its production table: its own name and schema, and the names of its indexes, constraints,
// sequences and statistics objects do not count (they must differ while both tables exist).
import type { Constraint, Inventory, TableInventory } from './introspect/inventory.ts';

export interface Difference {
  /** e.g. "columns.currency.default", "rls.enabled", "indexes[btree (status)]" */
  path: string;
  before: unknown;
  after: unknown;
}

export interface DiffOptions {
  ignoreNames?: boolean;
  /** Names of B's tables as A knows them, for references between tables ("staging.affiliates" → "public.affiliates"). */
  tableNames?: Readonly<Record<string, string>>;
}

type Side = 'before' | 'after';
type Plain = Record<string, unknown>;

function keyed<T>(items: readonly T[], key: (item: T) => string, view: (item: T) => unknown): Plain {
  const out: Plain = {};
  for (const item of items) {
    let k = key(item);
    // Two structurally equal items (ignoring names) stay distinct entries.
    for (let n = 2; k in out; n++) k = `${key(item)} #${n}`;
    out[k] = view(item);
  }
  return out;
}

function omit<T extends object>(item: T, ...fields: (keyof T)[]): Plain {
  const copy: Plain = { ...(item as Plain) };
  for (const f of fields) delete copy[f as string];
  return copy;
}

/** The table as the comparison sees it. */
function comparable(t: TableInventory, side: Side, options: DiffOptions): Plain {
  const names = side === 'after' ? (options.tableNames ?? {}) : {};
  const table = (name: string) => names[name] ?? name;
  if (!options.ignoreNames) {
    return {
      ...omit(t, 'columns', 'constraints', 'indexes', 'sequences', 'triggers', 'rules', 'policies', 'policiesOfOtherTables', 'publications', 'statistics', 'inboundForeignKeys', 'views', 'functions'),
      columns: keyed(t.columns, (c) => c.name, (c) => c),
      constraints: keyed(t.constraints, (c) => c.name, (c) => (c.foreignKey ? { ...c, foreignKey: { ...c.foreignKey, table: table(c.foreignKey.table) } } : c)),
      indexes: keyed(t.indexes, (i) => i.name, (i) => i),
      sequences: keyed(t.sequences, (q) => q.name, (q) => q),
      triggers: keyed(t.triggers, (g) => g.name, (g) => g),
      rules: keyed(t.rules, (r) => r.name, (r) => r),
      policies: keyed(t.policies, (p) => p.name, (p) => p),
      policiesOfOtherTables: keyed(t.policiesOfOtherTables, (p) => `${p.table}.${p.name}`, (p) => p),
      publications: keyed(t.publications, (p) => p.name, (p) => p),
      statistics: keyed(t.statistics, (x) => x.name, (x) => x),
      inboundForeignKeys: keyed(t.inboundForeignKeys, (f) => `${f.fromTable}.${f.name}`, (f) => f),
      views: keyed(t.views, (v) => v.name, (v) => v),
      functions: keyed(t.functions, (f) => f.signature, (f) => f),
    };
  }
  const ownedDefault = (c: TableInventory['columns'][number]) =>
    c.ownedSequence && c.default === `nextval('${c.ownedSequence}'::regclass)` ? 'nextval(its owned sequence)' : c.default;
  const constraintView = (c: Constraint) =>
    c.foreignKey
      ? { ...omit(c, 'name', 'index', 'definition'), foreignKey: { ...c.foreignKey, table: table(c.foreignKey.table) } }
      : omit(c, 'name', 'index');
  const constraintKey = (c: Constraint) =>
    c.foreignKey ? `${c.type} (${c.columns.join(', ')}) → ${table(c.foreignKey.table)}` : `${c.type} ${c.definition}`;
  return {
    ...omit(t, 'schema', 'name', 'replicaIdentity', 'columns', 'constraints', 'indexes', 'sequences', 'triggers', 'rules', 'policies', 'policiesOfOtherTables', 'publications', 'statistics', 'inboundForeignKeys', 'views', 'functions'),
    replicaIdentity: t.replicaIdentity.kind,
    columns: keyed(t.columns, (c) => c.name, (c) => ({ ...c, default: ownedDefault(c), ownedSequence: c.ownedSequence !== null })),
    constraints: keyed(t.constraints, constraintKey, constraintView),
    indexes: keyed(
      t.indexes,
      (i) => `${i.unique ? 'UNIQUE ' : ''}${i.shape}`,
      (i) => omit(i, 'name', 'definition', 'constraint'),
    ),
    sequences: keyed(t.sequences, (q) => q.column, (q) => omit(q, 'name')),
    triggers: keyed(t.triggers, (g) => g.name, (g) => omit(g, 'definition')),
    rules: keyed(t.rules, (r) => r.name, (r) => omit(r, 'definition')),
    policies: keyed(t.policies, (p) => p.name, (p) => ({ ...p, table: table(p.table), readsTables: p.readsTables.map(table) })),
    policiesOfOtherTables: keyed(t.policiesOfOtherTables, (p) => `${p.table}.${p.name}`, (p) => ({ ...p, readsTables: p.readsTables.map(table) })),
    publications: keyed(t.publications, (p) => p.name, (p) => p),
    statistics: keyed(t.statistics, (x) => `${x.kinds} (${x.columns})`, (x) => omit(x, 'name', 'definition')),
    inboundForeignKeys: keyed(t.inboundForeignKeys, (f) => `${f.fromTable}.${f.name}`, (f) => omit(f, 'definition')),
    views: keyed(t.views, (v) => v.name, (v) => v),
    functions: keyed(t.functions, (f) => f.signature, (f) => f),
  };
}

const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function walk(before: unknown, after: unknown, path: string, out: Difference[]): void {
  if (isPlain(before) && isPlain(after)) {
    for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
      const child = path ? (/^[\w]+$/.test(key) ? `${path}.${key}` : `${path}[${key}]`) : key;
      if (!(key in after)) out.push({ path: child, before: before[key], after: undefined });
      else if (!(key in before)) out.push({ path: child, before: undefined, after: after[key] });
      else walk(before[key], after[key], child, out);
    }
  } else if (!same(before, after)) {
    out.push({ path, before, after });
  }
}

/** Differences between two inventories of one table (an empty list: the same table). */
export function diffTables(before: TableInventory, after: TableInventory, options: DiffOptions = {}): Difference[] {
  const out: Difference[] = [];
  walk(comparable(before, 'before', options), comparable(after, 'after', options), '', out);
  return out;
}

/** Differences between two inventories: tables paired by name (through tableNames), then enums and refusals. */
export function diffInventories(before: Inventory, after: Inventory, options: DiffOptions = {}): Difference[] {
  const names = options.tableNames ?? {};
  const out: Difference[] = [];
  const afterByName = new Map(after.tables.map((t) => [names[`${t.schema}.${t.name}`] ?? `${t.schema}.${t.name}`, t]));
  const beforeNames = new Set(before.tables.map((t) => `${t.schema}.${t.name}`));
  for (const t of before.tables) {
    const name = `${t.schema}.${t.name}`;
    const other = afterByName.get(name);
    if (!other) out.push({ path: `tables[${name}]`, before: name, after: undefined });
    else for (const d of diffTables(t, other, options)) out.push({ ...d, path: `tables[${name}].${d.path}` });
  }
  for (const name of afterByName.keys()) if (!beforeNames.has(name)) out.push({ path: `tables[${name}]`, before: undefined, after: name });
  walk({ enums: keyed(before.enums, (e) => e.name, (e) => e.labels), unsupported: before.unsupported }, { enums: keyed(after.enums, (e) => e.name, (e) => e.labels), unsupported: after.unsupported }, '', out);
  return out;
}
