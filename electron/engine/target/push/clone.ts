// The statements that build a staged clone of a production table from its inventory
// (staging-layout.ts says what the clone carries and what it leaves to the cutover). Pure: each
// is one short statement, identifiers quoted, everything else taken from the catalog as
// PostgreSQL itself printed it. Names stay production's: they live in another schema.
import pg from 'pg';
import { grantStatements, parseAclItem } from '../../pg/acl.ts';
import { splitQualified } from '../../pg/names.ts';
import { quoteIdent, quoteQualified } from '../../pg/quote.ts';
import type { Constraint, FkAction, Index, TableInventory } from '../introspect/inventory.ts';
import { CAPTURE_FUNCTION, CAPTURE_SCHEMA, CAPTURE_TRIGGER, STAGING_SCHEMA } from '../staging-layout.ts';

const literal = (text: string) => pg.escapeLiteral(text);
export const productionName = (t: Pick<TableInventory, 'schema' | 'name'>) => quoteQualified(t.schema, t.name);
export const stagedName = (t: Pick<TableInventory, 'name'>) => quoteQualified(STAGING_SCHEMA, t.name);

/** The clone's shape without its indexes and constraints other than NOT NULL: those come after the load. */
export function createStagedTable(t: TableInventory): string {
  return `CREATE TABLE ${stagedName(t)} (LIKE ${productionName(t)} INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING IDENTITY INCLUDING STORAGE INCLUDING COMPRESSION INCLUDING COMMENTS)`;
}

/** A serial column's default still names production's sequence after LIKE: give the clone its own. */
export function stagedSerials(t: TableInventory): string[] {
  const out: string[] = [];
  for (const q of t.sequences) {
    if (q.kind !== 'serial') continue;
    const seq = quoteQualified(STAGING_SCHEMA, splitQualified(q.name).name);
    out.push(
      `CREATE SEQUENCE ${seq} AS ${q.dataType} INCREMENT BY ${BigInt(q.increment)} MINVALUE ${BigInt(q.min)} MAXVALUE ${BigInt(q.max)} START WITH ${BigInt(q.start)} CACHE ${BigInt(q.cache)} ${q.cycle ? 'CYCLE' : 'NO CYCLE'} OWNED BY ${stagedName(t)}.${quoteIdent(q.column)}`,
      `ALTER TABLE ${stagedName(t)} ALTER COLUMN ${quoteIdent(q.column)} SET DEFAULT nextval(${literal(`${quoteIdent(STAGING_SCHEMA)}.${quoteIdent(splitQualified(q.name).name)}`)}::regclass)`,
    );
  }
  return out;
}

/** Sets each staged sequence to where production's stands ($1: the staged table, $2: the column). */
export function syncSequence(q: TableInventory['sequences'][number]): string {
  return `SELECT setval(pg_get_serial_sequence($1, $2), s.last_value, s.is_called) FROM ${q.name} AS s`;
}

const ACTION: Record<FkAction, string> = { 'no action': 'NO ACTION', restrict: 'RESTRICT', cascade: 'CASCADE', 'set null': 'SET NULL', 'set default': 'SET DEFAULT' };

/** The FK on the clone: to the staged table when it references one of the set, else NOT VALID to the same table. */
export function foreignKey(t: TableInventory, c: Constraint, staged: ReadonlySet<string>): string {
  const fk = c.foreignKey!;
  const inSet = staged.has(fk.table);
  const ref = inSet ? quoteQualified(STAGING_SCHEMA, splitQualified(fk.table).name) : fk.table;
  const deferral = c.deferrable ? ` DEFERRABLE INITIALLY ${c.deferred ? 'DEFERRED' : 'IMMEDIATE'}` : '';
  const notValid = !inSet || !c.validated ? ' NOT VALID' : '';
  return (
    `ALTER TABLE ${stagedName(t)} ADD CONSTRAINT ${quoteIdent(c.name)} FOREIGN KEY (${c.columns.map(quoteIdent).join(', ')}) ` +
    `REFERENCES ${ref} (${fk.columns.map(quoteIdent).join(', ')})${fk.match === 'full' ? ' MATCH FULL' : ''} ` +
    `ON UPDATE ${ACTION[fk.onUpdate]} ON DELETE ${ACTION[fk.onDelete]}${deferral}${notValid}`
  );
}

// pg_statistic_ext.stxkind: d ndistinct, f functional dependencies, m most common values (e: expressions, implied).
const STATISTICS_KINDS: Record<string, string> = { d: 'ndistinct', f: 'dependencies', m: 'mcv' };

/**
 * Statements that give a fresh object (whose ACL is its owner's default) exactly production's ACL,
 * items in production's order: the owner's default is revoked first (a table's, unless it is a
 * column ACL), then every item granted as listed.
 */
export function grants(objectSql: string, acl: readonly string[] | null, owner: string, column?: string): string[] {
  if (!acl) return [];
  const revokeDefault = column === undefined ? [`REVOKE ALL ON ${objectSql} FROM ${quoteIdent(owner)}`] : [];
  return [...revokeDefault, ...grantStatements({ object: objectSql, column }, acl.map(parseAclItem))];
}

export interface FinishStatements {
  /** PK, UNIQUE and EXCLUDE constraints and the other indexes (before any FK needs them). */
  keys: string[];
  checks: string[];
  foreignKeys: string[];
  /** Statistics, storage parameters, replica identity, comments, owner, grants. */
  rest: string[];
}

/**
 * Everything the clone gets once its rows are in and validated. `stagedSequences`: column → the
 * staged sequence's qualified name (pg_get_serial_sequence), for its grants.
 */
export function finishStatements(t: TableInventory, staged: ReadonlySet<string>, currentUser: string, stagedSequences: ReadonlyMap<string, string>): FinishStatements {
  const table = stagedName(t);
  const out: FinishStatements = { keys: [], checks: [], foreignKeys: [], rest: [] };
  const indexOf = new Map(t.indexes.map((i) => [i.name, i] as const));
  const indexComment = (name: string, index: Index | undefined) => {
    if (index?.comment) out.rest.push(`COMMENT ON INDEX ${quoteQualified(STAGING_SCHEMA, name)} IS ${literal(index.comment)}`);
    if (index?.reloptions?.length) out.rest.push(`ALTER INDEX ${quoteQualified(STAGING_SCHEMA, name)} SET (${reloptions(index.reloptions)})`);
  };
  for (const c of t.constraints) {
    if (c.type === 'primary key' || c.type === 'unique' || c.type === 'exclusion') {
      out.keys.push(`ALTER TABLE ${table} ADD CONSTRAINT ${quoteIdent(c.name)} ${c.definition}`);
      const index = c.index ? splitQualified(c.index).name : null;
      if (index && index !== c.name) out.keys.push(`ALTER INDEX ${quoteQualified(STAGING_SCHEMA, c.name)} RENAME TO ${quoteIdent(index)}`);
      if (index) indexComment(index, indexOf.get(index));
    } else if (c.type === 'check') {
      out.checks.push(`ALTER TABLE ${table} ADD CONSTRAINT ${quoteIdent(c.name)} ${c.definition}`);
    } else if (c.type === 'foreign key') {
      out.foreignKeys.push(foreignKey(t, c, staged));
    }
    if (c.comment && c.type !== 'not null' && c.type !== 'trigger') out.rest.push(`COMMENT ON CONSTRAINT ${quoteIdent(c.name)} ON ${table} IS ${literal(c.comment)}`);
  }
  for (const i of t.indexes) {
    if (i.constraint) continue;
    out.keys.push(`CREATE ${i.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(i.name)} ON ${table} ${i.shape}`);
    indexComment(i.name, i);
  }
  for (const x of t.statistics) {
    const kinds = x.kinds.split(',').map((k) => STATISTICS_KINDS[k.trim()]).filter(Boolean);
    out.rest.push(`CREATE STATISTICS ${quoteQualified(STAGING_SCHEMA, splitQualified(x.name).name)}${kinds.length ? ` (${kinds.join(', ')})` : ''} ON ${x.columns} FROM ${table}`);
  }
  for (const c of t.columns) {
    if (c.statisticsTarget !== null) out.rest.push(`ALTER TABLE ${table} ALTER COLUMN ${quoteIdent(c.name)} SET STATISTICS ${Math.trunc(c.statisticsTarget)}`);
  }
  if (t.reloptions?.length) out.rest.push(`ALTER TABLE ${table} SET (${reloptions(t.reloptions)})`);
  const ri = t.replicaIdentity;
  if (ri.kind === 'full') out.rest.push(`ALTER TABLE ${table} REPLICA IDENTITY FULL`);
  else if (ri.kind === 'nothing') out.rest.push(`ALTER TABLE ${table} REPLICA IDENTITY NOTHING`);
  else if (ri.kind === 'index' && ri.index) out.rest.push(`ALTER TABLE ${table} REPLICA IDENTITY USING INDEX ${quoteIdent(splitQualified(ri.index).name)}`);
  if (t.comment !== null) out.rest.push(`COMMENT ON TABLE ${table} IS ${literal(t.comment)}`);
  if (t.owner !== currentUser) out.rest.push(`ALTER TABLE ${table} OWNER TO ${quoteIdent(t.owner)}`);
  out.rest.push(...grants(`TABLE ${table}`, t.acl, t.owner));
  for (const c of t.columns) out.rest.push(...grants(`TABLE ${table}`, c.acl, t.owner, c.name));
  for (const q of t.sequences) {
    const seq = stagedSequences.get(q.column);
    if (seq) out.rest.push(...grants(`SEQUENCE ${seq}`, q.acl, q.owner));
  }
  return out;
}

function reloptions(items: readonly string[]): string {
  return items
    .map((o) => {
      const eq = o.indexOf('=');
      // toast.autovacuum_enabled and the like: a namespace, then the option.
      const name = o.slice(0, eq).split('.').map(quoteIdent).join('.');
      return `${name} = ${literal(o.slice(eq + 1))}`;
    })
    .join(', ');
}

/** The capture trigger on a production table: its writes from the push on, by primary key. */
export function captureTrigger(t: TableInventory, key: readonly string[]): string {
  return (
    `CREATE OR REPLACE TRIGGER ${quoteIdent(CAPTURE_TRIGGER)} AFTER INSERT OR UPDATE OR DELETE ON ${productionName(t)} ` +
    `FOR EACH ROW EXECUTE FUNCTION ${quoteQualified(CAPTURE_SCHEMA, CAPTURE_FUNCTION)}(${key.map(literal).join(', ')})`
  );
}
