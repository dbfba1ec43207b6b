// Reads the inventory of the swapped tables from the catalog: one query per kind of object (SQL
// in sql/postgres/introspect/), mapped to the plain types of inventory.ts.
import type { Queryable } from '../../pg/query.ts';
import { rows } from '../../pg/query.ts';
import { fileQuery } from '../../pg/sql-files.ts';
import { DEFAULT_SWAP_TABLES, type QualifiedName } from '../swap-tables.ts';
import type {
  Column,
  Constraint,
  ConstraintType,
  DependentFunction,
  DependentView,
  FkAction,
  Index,
  InboundForeignKey,
  Inventory,
  Policy,
  Sequence,
  TableInventory,
  Trigger,
  Unsupported,
} from './inventory.ts';

type Row = Record<string, unknown>;
const s = (v: unknown) => v as string;
const sn = (v: unknown) => (v ?? null) as string | null;
const arr = (v: unknown) => (v ?? null) as string[] | null;
const b = (v: unknown) => v as boolean;

const CONSTRAINT_TYPES: Record<string, ConstraintType> = {
  p: 'primary key',
  u: 'unique',
  c: 'check',
  f: 'foreign key',
  x: 'exclusion',
  n: 'not null',
  t: 'trigger',
};
const FK_ACTIONS: Record<string, FkAction> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };
const MATCH: Record<string, 'simple' | 'full' | 'partial'> = { s: 'simple', f: 'full', p: 'partial' };
const ENABLED: Record<string, Trigger['enabled']> = { O: 'origin', D: 'disabled', R: 'replica', A: 'always' };
const REPLICA: Record<string, TableInventory['replicaIdentity']['kind']> = { d: 'default', n: 'nothing', f: 'full', i: 'index' };
const PERSISTENCE: Record<string, TableInventory['persistence']> = { p: 'permanent', u: 'unlogged', t: 'temporary' };

/** Decodes pg_trigger.tgtype (the bits of trigger.h). */
export function triggerShape(bits: number): Pick<Trigger, 'timing' | 'events' | 'level'> {
  const events: Trigger['events'] = [];
  if (bits & 4) events.push('insert');
  if (bits & 16) events.push('update');
  if (bits & 8) events.push('delete');
  if (bits & 32) events.push('truncate');
  return { timing: bits & 64 ? 'instead of' : bits & 2 ? 'before' : 'after', events, level: bits & 1 ? 'row' : 'statement' };
}

function groupBy(list: Row[], key = 'table_oid'): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const row of list) {
    const k = String(row[key]);
    const group = out.get(k);
    if (group) group.push(row);
    else out.set(k, [row]);
  }
  return out;
}

/**
 * The inventory of `tables` (default: the four swapped tables) and of what is bound to them. Read
 * with an empty search_path, so every name PostgreSQL prints is schema-qualified whatever the
 * session's path (as pg_dump does). For one consistent snapshot, call it inside a REPEATABLE READ
 * transaction.
 */
export async function introspect(db: Queryable, tables: readonly QualifiedName[] = DEFAULT_SWAP_TABLES): Promise<Inventory> {
  const [{ search_path: previous } = { search_path: '' }] = await rows(db, fileQuery<{ search_path: string }>('introspect/enter'));
  try {
    return await readInventory(db, tables);
  } finally {
    await db.query("SELECT set_config('search_path', $1, false)", [previous]);
  }
}

async function readInventory(db: Queryable, tables: readonly QualifiedName[]): Promise<Inventory> {
  const [server] = await rows(db, fileQuery<{ version: string; version_num: number }>('target/server'));
  const found = await rows<Row>(db, fileQuery('introspect/tables', [tables.map((t) => t.schema), tables.map((t) => t.name)]));
  const unsupported: Unsupported[] = [];
  const present: Row[] = [];
  for (const t of found) {
    const object = `${s(t.schema)}.${s(t.name)}`;
    const refuse = (reason: string) => unsupported.push({ object, reason });
    if (t.oid === null) refuse('it does not exist');
    else if (t.relkind === 'p') refuse('it is partitioned; swapping a partitioned table is not supported');
    else if (t.relkind !== 'r') refuse(`it is not an ordinary table (relkind ${s(t.relkind)})`);
    else if (t.is_partition) refuse('it is a partition of another table');
    else if (t.has_parent) refuse('it inherits from another table');
    else if (t.has_children) refuse('other tables inherit from it');
    else if (t.extension) refuse(`it belongs to the extension ${s(t.extension)}`);
    else if (t.of_type) refuse(`it is a typed table (OF ${s(t.of_type)})`);
    else if (t.persistence === 't') refuse('it is a temporary table');
    if (t.oid !== null) present.push(t);
  }
  const oids = present.map((t) => String(t.oid));
  const names = present.map((t) => s(t.name));
  const section = async (name: string, params: unknown[] = [oids]) => groupBy(await rows<Row>(db, fileQuery(name, params)));
  // One query at a time: a pg client runs its queries in order anyway, and pg 9 refuses overlap.
  const columns = await section('introspect/columns');
  const constraints = await section('introspect/constraints');
  const indexes = await section('introspect/indexes');
  const sequences = await section('introspect/sequences');
  const triggers = await section('introspect/triggers');
  const rules = await section('introspect/rules');
  const policies = await section('introspect/policies');
  const publications = await section('introspect/publications');
  const inbound = await section('introspect/inbound-fks');
  const views = await section('introspect/views');
  const functions = await section('introspect/functions', [oids, names]);
  const statistics = await section('introspect/statistics');
  const enumOids = [...new Set([...columns.values()].flat().map((c) => c.enum_oid).filter((v) => v !== null).map(String))];
  const enums = enumOids.length ? await rows<Row>(db, fileQuery('introspect/enums', [enumOids])) : [];
  const enumName = new Map(enums.map((e) => [String(e.oid), s(e.name)]));

  const inventory: TableInventory[] = present.map((t) => {
    const key = String(t.oid);
    const own = (m: Map<string, Row[]>) => m.get(key) ?? [];
    const toPolicy = (p: Row): Policy => ({
        table: s(p.owner_table),
        name: s(p.name),
        command: s(p.command) as Policy['command'],
        permissive: b(p.permissive),
        roles: (p.roles as string[]) ?? [],
        using: sn(p.using),
        withCheck: sn(p.with_check),
        readsTables: (p.reads_tables as string[]) ?? [],
      });
    return {
      schema: s(t.schema),
      name: s(t.name),
      owner: s(t.owner),
      comment: sn(t.comment),
      acl: arr(t.acl),
      rls: { enabled: b(t.rls_enabled), forced: b(t.rls_forced) },
      replicaIdentity: { kind: REPLICA[s(t.replica_identity)] ?? 'default', index: sn(t.replica_identity_index) },
      reloptions: arr(t.reloptions),
      persistence: PERSISTENCE[s(t.persistence)] ?? 'permanent',
      columns: own(columns).map(
        (c): Column => ({
          name: s(c.name),
          type: s(c.type),
          notNull: b(c.not_null),
          default: sn(c.expression),
          identity: c.identity === 'a' ? 'always' : c.identity === 'd' ? 'by default' : null,
          generated: c.generated === 's' ? 'stored' : c.generated === 'v' ? 'virtual' : null,
          collation: sn(c.collation),
          statisticsTarget: (c.statistics_target as number | null) ?? null,
          storage: sn(c.storage),
          comment: sn(c.comment),
          acl: arr(c.acl),
          ownedSequence: sn(c.owned_sequence),
          enumType: c.enum_oid === null ? null : (enumName.get(String(c.enum_oid)) ?? null),
        }),
      ),
      constraints: own(constraints).map(
        (c): Constraint => ({
          name: s(c.name),
          type: CONSTRAINT_TYPES[s(c.type)] ?? 'check',
          definition: s(c.definition),
          columns: (c.columns as string[]) ?? [],
          deferrable: b(c.deferrable),
          deferred: b(c.deferred),
          validated: b(c.validated),
          noInherit: b(c.no_inherit),
          index: sn(c.index),
          foreignKey:
            c.type === 'f'
              ? {
                  table: s(c.referenced_table),
                  columns: c.referenced_columns as string[],
                  onDelete: FK_ACTIONS[s(c.on_delete)] ?? 'no action',
                  onUpdate: FK_ACTIONS[s(c.on_update)] ?? 'no action',
                  match: MATCH[s(c.match)] ?? 'simple',
                }
              : null,
          comment: sn(c.comment),
        }),
      ),
      indexes: own(indexes).map(
        (i): Index => ({
          name: s(i.name),
          definition: s(i.definition),
          shape: s(i.shape),
          method: s(i.method),
          unique: b(i.unique),
          primary: b(i.primary),
          nullsNotDistinct: b(i.nulls_not_distinct),
          valid: b(i.valid),
          keys: i.keys as string[],
          include: i.include as string[],
          predicate: sn(i.predicate),
          reloptions: arr(i.reloptions),
          constraint: sn(i.constraint),
          comment: sn(i.comment),
        }),
      ),
      sequences: own(sequences).map(
        (q): Sequence => ({
          name: s(q.name),
          column: s(q.column),
          kind: s(q.kind) as Sequence['kind'],
          dataType: s(q.data_type),
          start: s(q.start),
          increment: s(q.increment),
          min: s(q.min),
          max: s(q.max),
          cache: s(q.cache),
          cycle: b(q.cycle),
          owner: s(q.owner),
          acl: arr(q.acl),
        }),
      ),
      triggers: own(triggers).map(
        (g): Trigger => ({
          name: s(g.name),
          definition: s(g.definition),
          enabled: ENABLED[s(g.enabled)] ?? 'origin',
          ...triggerShape(g.type_bits as number),
          updateColumns: g.update_columns as string[],
          when: sn(g.when),
          function: s(g.function),
          constraintTrigger: b(g.constraint_trigger),
          comment: sn(g.comment),
        }),
      ),
      rules: own(rules).map((r) => ({ name: s(r.name), definition: s(r.definition), enabled: s(r.enabled) })),
      policies: own(policies).filter((p) => p.own).map(toPolicy),
      policiesOfOtherTables: own(policies).filter((p) => !p.own).map(toPolicy),
      publications: own(publications).map((p) => ({
        name: s(p.name),
        allTables: b(p.all_tables),
        rowFilter: sn(p.row_filter),
        columns: arr(p.columns),
      })),
      statistics: own(statistics).map((x) => ({ name: s(x.name), definition: s(x.definition), columns: s(x.columns), kinds: s(x.kinds) })),
      inboundForeignKeys: own(inbound).map(
        (f): InboundForeignKey => ({
          fromTable: s(f.from_table),
          name: s(f.name),
          definition: s(f.definition),
          columns: f.columns as string[],
          referencedColumns: f.referenced_columns as string[],
          onDelete: FK_ACTIONS[s(f.on_delete)] ?? 'no action',
          onUpdate: FK_ACTIONS[s(f.on_update)] ?? 'no action',
          deferrable: b(f.deferrable),
          deferred: b(f.deferred),
          validated: b(f.validated),
        }),
      ),
      views: own(views).map(
        (v): DependentView => ({
          name: s(v.name),
          kind: s(v.kind) as DependentView['kind'],
          depth: v.depth as number,
          owner: s(v.owner),
          definition: s(v.definition),
          acl: arr(v.acl),
          reloptions: arr(v.reloptions),
          comment: sn(v.comment),
          indexes: v.indexes as string[],
        }),
      ),
      functions: own(functions).map(
        (f): DependentFunction => ({
          signature: s(f.signature),
          binding: s(f.binding) as DependentFunction['binding'],
          language: s(f.language),
          owner: s(f.owner),
          securityDefiner: b(f.security_definer),
          acl: arr(f.acl),
          definition: s(f.definition),
        }),
      ),
    };
  });
  return {
    server: { major: Math.floor(Number(server?.version_num) / 10_000), version: s(server?.version) },
    tables: inventory,
    enums: enums.map((e) => ({ name: s(e.name), labels: e.labels as string[] })),
    unsupported,
  };
}
