// Reads what a swap plan is built from: the inventories of the live tables and of their standby
// twins, the materialized views to rebuild, the capture and the push manifest, the rows of other
// tables that would lose their parent (and what keeping them needs), the row deltas, and the auth
// users. I/O only; plan.ts decides.
import { quoteIdent, quoteLiteral, quoteQualified } from '../pg/quote.ts';
import type { Queryable } from '../pg/query.ts';
import { one, rows } from '../pg/query.ts';
import { fileQuery } from '../pg/sql-files.ts';
import { introspect } from '../target/introspect/introspect.ts';
import type { Inventory, TableInventory } from '../target/introspect/inventory.ts';
import type { QualifiedName } from '../target/swap-tables.ts';
import { CAPTURE_SCHEMA, CAPTURE_TABLE, CAPTURE_TRIGGER, PUSH_MANIFEST, STAGED_AUTH_IDENTITIES, STAGED_AUTH_USERS } from '../target/staging-layout.ts';
import type { AuthColumn, AuthFacts, Manifest, MaterializedViewFacts, OrphanCase, PlanOptions, RowDelta, SwapDirection, SwapFacts, UndoFacts } from './model.ts';
import { printedName } from './sql-text.ts';
import { stagedUserConflicts } from './auth-merge.ts';

export interface FactsRequest {
  direction: SwapDirection;
  tables: readonly QualifiedName[];
  standbySchema: string;
  parkSchema: string;
  options: PlanOptions;
  /** Row deltas cost a full comparison: the Plan step wants them, the run does not. */
  withDeltas?: boolean;
  /** For a rollback: the cutover it undoes. */
  undoOf?: { historyId: number };
}

/** Orphan cases listed per foreign key at most this many (their count is still exact). */
const ORPHAN_CASES_PER_KEY = 500;

export async function readSwapFacts(db: Queryable, req: FactsRequest): Promise<SwapFacts> {
  const live = await introspect(db, req.tables);
  const standby = await introspect(
    db,
    req.tables.map((t) => ({ schema: req.standbySchema, name: t.name })),
  );
  const standbyRelationNames = (await db.query('SELECT relname::text AS name FROM pg_class WHERE relnamespace = to_regnamespace($1)', [req.standbySchema])).rows.map((r) => r.name as string);
  const liveSchemas = [...new Set(req.tables.map((t) => t.schema))];
  const matviews = await readMatviews(db, live, liveSchemas);
  const functionDependents: Record<string, string[]> = {};
  for (const fn of dedupe(live.tables.flatMap((t) => t.functions.filter((f) => f.binding === 'row type')), (f) => f.signature)) {
    functionDependents[fn.signature] = (await one(db, fileQuery<{ dependents: string[] }>('cutover/function-dependents', [fn.signature]))).dependents;
  }
  const publications = await rows<{ name: string; owner: string; canAlter: boolean }>(
    db,
    { sql: `SELECT pubname::text AS name, pg_get_userbyid(pubowner)::text AS owner, pg_has_role(current_user, pubowner, 'USAGE') AS "canAlter" FROM pg_publication ORDER BY 1`, params: [] },
  );
  const manifest = req.direction === 'cutover' ? await readManifest(db, req.standbySchema) : null;
  const undo = req.undoOf ? await readUndo(db, req.undoOf.historyId) : null;
  const capture = await readCapture(db, live, req, manifest, undo);
  const pairs = pairTables(live, standby, req);
  const orphans = await readOrphans(db, pairs, capture);
  const keepRows = await closeKeepRows(db, pairs, orphans.filter((o) => (req.options.choices[o.id] ?? 'keep-parent') === 'keep-parent'));
  const deltas = req.withDeltas ? await readDeltas(db, pairs, keepRows) : [];
  const auth = await readAuth(db, req);
  return {
    direction: req.direction,
    live,
    standby,
    standbySchema: req.standbySchema,
    standbyRelationNames,
    parkSchema: req.parkSchema,
    tables: [...req.tables],
    matviews,
    publications,
    functionDependents,
    capture,
    manifest,
    orphans,
    keepRows,
    deltas,
    auth,
    undo,
    options: req.options,
  };
}

interface Pair {
  live: TableInventory;
  standby: TableInventory;
  liveSql: string;
  standbySql: string;
  liveText: string;
  pk: { name: string; type: string }[];
}

function pairTables(live: Inventory, standby: Inventory, req: FactsRequest): Pair[] {
  const out: Pair[] = [];
  for (const t of req.tables) {
    const l = live.tables.find((x) => x.schema === t.schema && x.name === t.name);
    const s = standby.tables.find((x) => x.schema === req.standbySchema && x.name === t.name);
    const pk = l?.constraints.find((c) => c.type === 'primary key');
    if (!l || !s || !pk) continue;
    out.push({
      live: l,
      standby: s,
      liveSql: quoteQualified(t.schema, t.name),
      standbySql: quoteQualified(req.standbySchema, t.name),
      liveText: printedName(t.schema, t.name),
      pk: pk.columns.map((name) => ({ name, type: l.columns.find((c) => c.name === name)?.type ?? 'text' })),
    });
  }
  return out;
}

async function readMatviews(db: Queryable, live: Inventory, schemas: string[]): Promise<MaterializedViewFacts[]> {
  const names = dedupe(live.tables.flatMap((t) => t.views.filter((v) => v.kind === 'materialized view' && v.depth === 1)), (v) => v.name).map((v) => v.name);
  if (!names.length) return [];
  const previous = (await one(db, { sql: "SELECT current_setting('search_path') AS p", params: [] })) as { p: string };
  await db.query("SELECT set_config('search_path', $1, false)", [schemas.map(quoteIdent).join(', ')]);
  try {
    const out: MaterializedViewFacts[] = [];
    for (const name of names) {
      const r = await one(db, fileQuery<{ definition: string; reads: string[]; dependents: string[] }>('cutover/matview', [name]));
      out.push({ name, relativeDefinition: r.definition, reads: [], dependents: r.dependents });
    }
    // The relations it reads, printed qualified as everything else is.
    await db.query("SELECT set_config('search_path', '', false)");
    for (const m of out) {
      const qualified = await one(db, fileQuery<{ reads: string[]; dependents: string[] }>('cutover/matview', [m.name]));
      m.reads = qualified.reads;
      m.dependents = qualified.dependents;
    }
    return out;
  } finally {
    await db.query("SELECT set_config('search_path', $1, false)", [previous.p]);
  }
}

async function readManifest(db: Queryable, schema: string): Promise<Manifest | null> {
  const name = quoteQualified(schema, PUSH_MANIFEST);
  const exists = await one(db, { sql: 'SELECT to_regclass($1) IS NOT NULL AS e', params: [`${quoteIdent(schema)}.${quoteIdent(PUSH_MANIFEST)}`] });
  if (!(exists as { e: boolean }).e) return null;
  const found = await rows<Record<string, unknown>>(db, { sql: `SELECT plan_sha256, pushed_at, tables, owned_columns FROM ${name} ORDER BY pushed_at DESC NULLS LAST LIMIT 1`, params: [] });
  const m = found[0];
  if (!m) return null;
  return {
    planSha256: (m.plan_sha256 as string | null) ?? null,
    pushedAt: m.pushed_at instanceof Date ? m.pushed_at.toISOString() : ((m.pushed_at as string | null) ?? null),
    tables: (m.tables as Manifest['tables']) ?? {},
    ownedColumns: (m.owned_columns as Manifest['ownedColumns']) ?? {},
  };
}

async function readUndo(db: Queryable, historyId: number): Promise<UndoFacts> {
  const r = await rows<{ capture_high_water: string | null; added_users: number; healed_users: number; added_identities: number }>(db, fileQuery('cutover/undo-facts', [historyId]));
  const u = r[0];
  if (!u) throw new Error(`no cutover ${historyId} in the history`);
  return {
    cutoverHistoryId: historyId,
    captureHighWater: Number(u.capture_high_water ?? 0),
    addedUsers: u.added_users,
    healedUsers: u.healed_users,
    addedIdentities: u.added_identities,
  };
}

async function readCapture(db: Queryable, live: Inventory, req: FactsRequest, manifest: Manifest | null, undo: UndoFacts | null): Promise<SwapFacts['capture']> {
  const table = `${quoteIdent(CAPTURE_SCHEMA)}.${quoteIdent(CAPTURE_TABLE)}`;
  // A capture table without the writers' xids (an older push's) cannot be caught up safely: as absent.
  const exists = (await one(db, { sql: "SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass($1) AND attname = 'xid' AND NOT attisdropped) AS e", params: [table] })) as { e: boolean };
  const triggered = live.tables.filter((t) => t.triggers.some((g) => g.name === CAPTURE_TRIGGER)).map((t) => printedName(t.schema, t.name));
  const sinceId = undo?.captureHighWater ?? 0;
  const sinceTime = req.direction === 'cutover' ? (manifest?.pushedAt ?? null) : null;
  let pending = 0;
  if (exists.e) {
    const r = (await one(db, {
      sql: `SELECT count(*)::int AS n FROM ${table} c WHERE c.id > $1::bigint AND ($2::timestamptz IS NULL OR c.captured_at >= $2::timestamptz)
               AND c.table_name IN (SELECT format('%I.%I', s, n) FROM unnest($3::text[], $4::text[]) AS x(s, n))`,
      params: [sinceId, sinceTime, req.tables.map((t) => t.schema), req.tables.map((t) => t.name)],
    })) as { n: number };
    pending = r.n;
  }
  return { tableExists: exists.e, triggered, sinceId, sinceTime, pending };
}

/** Per foreign key into a swapped table: the live parents the standby lacks that child rows still reference. */
async function readOrphans(db: Queryable, pairs: Pair[], capture: SwapFacts['capture']): Promise<Omit<OrphanCase, 'choice'>[]> {
  const out: Omit<OrphanCase, 'choice'>[] = [];
  for (const p of pairs) {
    for (const fk of p.live.inboundForeignKeys) {
      // A parent the live app wrote since the push is carried over (or its removal is): not an orphan case.
      const byKey = capture.tableExists && JSON.stringify([...fk.referencedColumns].sort()) === JSON.stringify(p.pk.map((c) => c.name).sort());
      const captured = byKey
        ? `AND NOT EXISTS (SELECT 1 FROM ${quoteIdent(CAPTURE_SCHEMA)}.${quoteIdent(CAPTURE_TABLE)} w
                            WHERE w.table_name = ${quoteLiteral(`${quoteIdentPlain(p.live.schema)}.${quoteIdentPlain(p.live.name)}`)} AND w.id > ${Number(capture.sinceId)}
                              AND w.key = jsonb_build_object(${fk.referencedColumns.map((c, i) => `${quoteLiteral(c)}, to_jsonb(c.${quoteIdent(fk.columns[i] as string)})`).join(', ')}))`
        : '';
      const key = `jsonb_build_object(${fk.referencedColumns.map((c, i) => `${quoteLiteral(c)}, c.${quoteIdent(fk.columns[i] as string)}`).join(', ')})`;
      const match = (alias: string) => fk.referencedColumns.map((c, i) => `${alias}.${quoteIdent(c)} = c.${quoteIdent(fk.columns[i] as string)}`).join(' AND ');
      const found = await rows<{ key: Record<string, unknown>; n: number }>(db, {
        sql: `SELECT ${key} AS key, count(*)::int AS n FROM ${fk.fromTable} c
               WHERE ${fk.columns.map((c) => `c.${quoteIdent(c)} IS NOT NULL`).join(' AND ')}
                 AND EXISTS (SELECT 1 FROM ${p.liveSql} l WHERE ${match('l')})
                 AND NOT EXISTS (SELECT 1 FROM ${p.standbySql} s WHERE ${match('s')})
                 ${captured}
               GROUP BY 1 ORDER BY 1::text LIMIT ${ORPHAN_CASES_PER_KEY}`,
        params: [],
      });
      for (const r of found) {
        out.push({
          id: `${fk.fromTable}.${fk.name}:${JSON.stringify(r.key)}`,
          childTable: fk.fromTable,
          constraint: fk.name,
          childColumns: fk.columns,
          parentTable: p.liveText,
          parentKey: r.key,
          childRows: r.n,
          onDelete: fk.onDelete,
        });
      }
    }
  }
  return out;
}

/**
 * The live rows keep-parent copies into the standby: the parents themselves (by primary key), and
 * every swapped row they reference that the standby lacks, until nothing more is needed.
 */
async function closeKeepRows(db: Queryable, pairs: Pair[], kept: Omit<OrphanCase, 'choice'>[]): Promise<{ table: string; keys: Record<string, unknown>[] }[]> {
  const byTable = new Map<string, Map<string, Record<string, unknown>>>();
  const byText = new Map(pairs.map((p) => [p.liveText, p]));
  const add = (table: string, key: Record<string, unknown>) => {
    const m = byTable.get(table) ?? new Map<string, Record<string, unknown>>();
    byTable.set(table, m);
    const k = JSON.stringify(key);
    if (m.has(k)) return false;
    m.set(k, key);
    return true;
  };
  // The parents, by primary key (a foreign key may reference another unique key).
  const pending: { table: string; keys: Record<string, unknown>[] }[] = [];
  for (const [table, cases] of groupBy(kept, (o) => o.parentTable)) {
    const p = byText.get(table);
    if (!p) continue;
    const cols = Object.keys(cases[0]?.parentKey ?? {});
    const found = await rows<{ key: Record<string, unknown> }>(db, {
      sql: `SELECT jsonb_build_object(${p.pk.map((c) => `${quoteLiteral(c.name)}, l.${quoteIdent(c.name)}`).join(', ')}) AS key
              FROM ${p.liveSql} l JOIN jsonb_array_elements($1::jsonb) AS k ON ${cols.map((c) => `l.${quoteIdent(c)}::text = k ->> ${quoteLiteral(c)}`).join(' AND ')}`,
      params: [JSON.stringify(cases.map((c) => c.parentKey))],
    });
    const keys = found.map((r) => r.key).filter((k) => add(table, k));
    if (keys.length) pending.push({ table, keys });
  }
  // What they reference in turn.
  for (let round = 0; pending.length && round < 20; round++) {
    const next: typeof pending = [];
    for (const { table, keys } of pending.splice(0)) {
      const p = byText.get(table) as Pair;
      for (const c of p.live.constraints) {
        const parent = c.foreignKey ? byText.get(c.foreignKey.table) : undefined;
        if (!parent || !c.foreignKey) continue;
        const ref = c.foreignKey.columns;
        const found = await rows<{ key: Record<string, unknown> }>(db, {
          sql: `SELECT DISTINCT jsonb_build_object(${parent.pk.map((x) => `${quoteLiteral(x.name)}, u.${quoteIdent(x.name)}`).join(', ')}) AS key
                  FROM ${p.liveSql} t
                  JOIN jsonb_to_recordset($1::jsonb) AS k(${p.pk.map((x) => `${quoteIdent(x.name)} ${x.type}`).join(', ')}) ON ${p.pk.map((x) => `t.${quoteIdent(x.name)} = k.${quoteIdent(x.name)}`).join(' AND ')}
                  JOIN ${parent.liveSql} u ON ${ref.map((r, i) => `u.${quoteIdent(r)} = t.${quoteIdent(c.columns[i] as string)}`).join(' AND ')}
                 WHERE NOT EXISTS (SELECT 1 FROM ${parent.standbySql} s WHERE ${parent.pk.map((x) => `s.${quoteIdent(x.name)} = u.${quoteIdent(x.name)}`).join(' AND ')})`,
          params: [JSON.stringify(keys)],
        });
        const more = found.map((r) => r.key).filter((k) => add(parent.liveText, k));
        if (more.length) next.push({ table: parent.liveText, keys: more });
      }
    }
    pending.push(...next);
  }
  return [...byTable].map(([table, m]) => ({ table, keys: [...m.values()] }));
}

async function readDeltas(db: Queryable, pairs: Pair[], keepRows: { table: string; keys: Record<string, unknown>[] }[]): Promise<RowDelta[]> {
  const out: RowDelta[] = [];
  for (const p of pairs) {
    const on = p.pk.map((c) => `l.${quoteIdent(c.name)} = s.${quoteIdent(c.name)}`).join(' AND ');
    const first = quoteIdent((p.pk[0] as { name: string }).name);
    const r = (await one(db, {
      sql: `SELECT count(*) FILTER (WHERE l.${first} IS NOT NULL)::int AS live, count(*) FILTER (WHERE s.${first} IS NOT NULL)::int AS standby,
                   count(*) FILTER (WHERE l.${first} IS NULL)::int AS added, count(*) FILTER (WHERE s.${first} IS NULL)::int AS removed,
                   count(*) FILTER (WHERE l.${first} IS NOT NULL AND s.${first} IS NOT NULL AND to_jsonb(l) <> to_jsonb(s))::int AS changed
              FROM ${p.liveSql} l FULL JOIN ${p.standbySql} s ON ${on}`,
      params: [],
    })) as { live: number; standby: number; added: number; removed: number; changed: number };
    const kept = keepRows.find((k) => k.table === p.liveText)?.keys.length ?? 0;
    out.push({ table: p.liveText, liveRows: r.live, standbyRows: r.standby + kept, added: r.added, removed: r.removed - kept, changed: r.changed });
  }
  return out;
}

async function readAuth(db: Queryable, req: FactsRequest): Promise<AuthFacts> {
  const present = ((await one(db, { sql: "SELECT to_regclass('auth.users') IS NOT NULL AND to_regclass('auth.identities') IS NOT NULL AS e", params: [] })) as { e: boolean }).e;
  const empty: AuthFacts = {
    present,
    usersColumns: [],
    identitiesColumns: [],
    stagedUsersColumns: [],
    stagedIdentitiesColumns: [],
    stagedUsers: 0,
    stagedIdentities: 0,
    conflicts: [],
    usersToHeal: 0,
    usersWithoutIdentity: 0,
    unfindableUsers: 0,
    referencingForeignKeys: [],
  };
  if (!present) return empty;
  const columns = (name: string) => rows<AuthColumn>(db, fileQuery('cutover/relation-columns', [name]));
  const staged = `${quoteIdent(req.standbySchema)}.${quoteIdent(STAGED_AUTH_USERS)}`;
  const stagedIdentities = `${quoteIdent(req.standbySchema)}.${quoteIdent(STAGED_AUTH_IDENTITIES)}`;
  const out: AuthFacts = {
    ...empty,
    usersColumns: await columns('auth.users'),
    identitiesColumns: await columns('auth.identities'),
    referencingForeignKeys: await rows(db, fileQuery<AuthFacts['referencingForeignKeys'][number]>('cutover/auth-referencing')),
  };
  const heal = await one(db, fileQuery<{ to_heal: number; without_identity: number; unfindable: number }>('cutover/auth-facts'));
  out.usersToHeal = heal.to_heal;
  out.usersWithoutIdentity = heal.without_identity;
  out.unfindableUsers = heal.unfindable;
  if (req.direction !== 'cutover') return out;
  out.stagedUsersColumns = (await columns(staged)).map((c) => c.name);
  out.stagedIdentitiesColumns = (await columns(stagedIdentities)).map((c) => c.name);
  if (out.stagedUsersColumns.length) {
    out.stagedUsers = ((await one(db, { sql: `SELECT count(*)::int AS n FROM ${staged}`, params: [] })) as { n: number }).n;
    out.conflicts = await rows(db, {
      sql: `SELECT c.id::text AS id, c.email::text AS email,
                   CASE WHEN c.existing_id = c.id THEN 'it is already in auth.users: push again' ELSE 'auth user ' || c.existing_id || ' signed up with this e-mail since the push: push again' END AS reason
              FROM (${stagedUserConflicts(staged)}) c
             ORDER BY 2 LIMIT 100`,
      params: [],
    });
  }
  if (out.stagedIdentitiesColumns.length) out.stagedIdentities = ((await one(db, { sql: `SELECT count(*)::int AS n FROM ${stagedIdentities}`, params: [] })) as { n: number }).n;
  return out;
}

/** As format('%I') prints a name (the capture's table_name), for the names the catalog gives. */
function quoteIdentPlain(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : quoteIdent(name);
}

function dedupe<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((x) => (seen.has(key(x)) ? false : (seen.add(key(x)), true)));
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of items) out.set(key(x), [...(out.get(key(x)) ?? []), x]);
  return out;
}
