// The swap plan, built from facts alone (no database): what would be refused, the orphan cases and
// their choices, and every statement of every step, in order. The same builder plans a cutover
// (staging replaces production) and a rollback (the backups replace the cutover's tables): a swap
// makes the standby tables a faithful replacement of the live ones — production's names, security,
// triggers and settings — moves the live ones to a new park schema, and re-binds everything outside
// that was bound to them by OID (research/cutover.md §5, its checklist items 1–8).
import { createHash } from 'node:crypto';
import { quoteIdent, quoteLiteral, quoteQualified } from '../pg/quote.ts';
import { fileQuery } from '../pg/sql-files.ts';
import { diffTables } from '../target/catalog-diff.ts';
import type { Constraint, Index, TableInventory } from '../target/introspect/inventory.ts';
import { CAPTURE_SCHEMA, CAPTURE_TABLE } from '../target/staging-layout.ts';
import { aclStatements, resetAclStatements } from './acl.ts';
import { authStatements } from './auth-merge.ts';
import { afterCommitStepIds, planStepIds, type OrphanCase, type PlanStatement, type PlanStep, type PlanStepId, type Refusal, type SwapFacts, type SwapPlan } from './model.ts';
import { ADMIN_SCHEMA, HISTORY_TABLE, temporaryName, TRIGGER_ROWS_TABLE } from './names.ts';
import { splitSchemaQualified } from '../pg/names.ts';
import { printedName, renameTables, withoutTrailingSemicolon } from './sql-text.ts';

const HISTORY = { runtime: 'historyId' } as const;
const TRIGGER_ROWS = quoteQualified(ADMIN_SCHEMA, TRIGGER_ROWS_TABLE);
/** The last capture id when the prepare step began (read by the runner). */
const MARK = { runtime: 'captureMark' } as const;
/** The last capture id already carried (the runner's catch-up rounds move it up). */
const CARRIED = { runtime: 'carriedTo' } as const;
/** Writes of transactions from this xid on may not have been visible to the last round: carried again. */
const FLOOR = { runtime: 'captureFloor' } as const;
/** The floor read with the mark: keys written by transactions at or above it are not settled yet. */
const MARK_FLOOR = { runtime: 'markFloor' } as const;
/** Under the lock: every write after the last round's mark, and every one its floor left open. */
const UNDER_LOCK = (f: SwapFacts) => [CARRIED, f.capture.sinceTime, null, FLOOR];

interface Swapped {
  schema: string;
  name: string;
  /** regclass text of the live, standby and park tables. */
  liveText: string;
  standbyText: string;
  /** Quoted SQL names. */
  live: string;
  standby: string;
  park: string;
  liveInv: TableInventory;
  standbyInv: TableInventory;
  pk: { name: string; type: string }[];
}

const ddl = (sql: string, label: string): PlanStatement => ({ sql, params: [], label, kind: 'ddl' });
const check = (sql: string, params: unknown[], label: string): PlanStatement => ({ sql, params, label, kind: 'check' });

/** Types with no equality operator: compared as text. */
const NO_EQUALITY = new Set(['json', 'xml', 'point', 'line', 'lseg', 'box', 'path', 'polygon', 'circle']);
const comparable = (alias: string, column: { name: string; type: string }) =>
  NO_EQUALITY.has(column.type) ? `${alias}.${quoteIdent(column.name)}::text` : `${alias}.${quoteIdent(column.name)}`;

const TABLE_ALL = (major: number) => (major >= 17 ? 'arwdDxtm' : 'arwdDxt');

export function buildSwapPlan(f: SwapFacts): SwapPlan {
  const refusals: Refusal[] = [...f.live.unsupported.map((u) => ({ ...u }))];
  const S = f.standbySchema;
  const K = f.parkSchema;
  const major = f.live.server.major;
  const sameText = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

  // --- The tables and their standby twins.
  const swapped: Swapped[] = [];
  const bareNames = new Map<string, string>();
  for (const t of f.tables) {
    const liveInv = f.live.tables.find((x) => x.schema === t.schema && x.name === t.name);
    const standbyInv = f.standby.tables.find((x) => x.schema === S && x.name === t.name);
    const text = printedName(t.schema, t.name);
    if (bareNames.has(t.name)) refusals.push({ object: text, reason: `${bareNames.get(t.name)} has the same name; the standby schema can hold only one table of each name` });
    bareNames.set(t.name, text);
    if (!liveInv) continue;
    if (!standbyInv) {
      refusals.push({ object: printedName(S, t.name), reason: f.direction === 'cutover' ? 'staging has no such table: run the push first' : 'the backup of this table is missing' });
      continue;
    }
    const pkConstraint = liveInv.constraints.find((c) => c.type === 'primary key');
    if (!pkConstraint) {
      refusals.push({ object: text, reason: 'it has no primary key, so writes made to it cannot be carried over' });
      continue;
    }
    const pk = pkConstraint.columns.map((name) => ({ name, type: liveInv.columns.find((c) => c.name === name)?.type ?? 'text' }));
    swapped.push({
      schema: t.schema,
      name: t.name,
      liveText: text,
      standbyText: printedName(S, t.name),
      live: quoteQualified(t.schema, t.name),
      standby: quoteQualified(S, t.name),
      park: quoteQualified(K, t.name),
      liveInv,
      standbyInv,
      pk,
    });
  }
  for (const u of f.standby.unsupported) if (!/does not exist/.test(u.reason)) refusals.push({ ...u });
  const swappedTexts = new Set(swapped.map((t) => t.liveText));
  // Standby names → live names, for comparing what the catalog prints about each side.
  const toLive: Record<string, string> = Object.fromEntries(swapped.map((t) => [t.standbyText, t.liveText]));
  const mapped = (sql: string | null) => (sql === null ? null : renameTables(sql, toLive));

  // Parents before children (deferrable FKs can point either way: they are checked at the end).
  const order = topologicalOrder(swapped);
  const childFirst = [...order].reverse();

  // --- Capture and the push (a cutover carries writes made since the push; without capture they would be lost).
  if (f.direction === 'cutover') {
    if (!f.capture.tableExists) {
      refusals.push({ object: `${CAPTURE_SCHEMA}.${CAPTURE_TABLE}`, reason: 'there is no change capture: writes production took since the push could not be carried over. Push again.' });
    }
    for (const t of swapped) {
      if (f.capture.tableExists && !f.capture.triggered.includes(t.liveText)) {
        refusals.push({ object: t.liveText, reason: 'it has no capture trigger: writes made to it since the push could not be carried over. Push again.' });
      }
    }
    if (!f.manifest) refusals.push({ object: printedName(S, 'push_manifest'), reason: 'staging has no push manifest: it is not a complete push. Push again.' });
  }

  // --- Sequences: a standby column either shares the live column's sequence (a serial copied by
  // LIKE) or has its own (identity), which takes the live name and continues after both.
  const shared: { table: Swapped; column: string; sequence: string }[] = [];
  const own: { table: Swapped; column: string; liveSequence: string; standbySequence: string; increment: string }[] = [];
  for (const t of swapped) {
    for (const column of t.liveInv.columns) {
      if (!column.ownedSequence) continue;
      const sc = t.standbyInv.columns.find((c) => c.name === column.name);
      const seq = t.liveInv.sequences.find((q) => q.column === column.name);
      if (!sc || !seq) continue;
      if (BigInt(seq.increment) < 0n) refusals.push({ object: seq.name, reason: 'sequences counting down are not supported' });
      if (!column.identity && sc.ownedSequence === null && sc.default === column.default) shared.push({ table: t, column: column.name, sequence: column.ownedSequence });
      else if (sc.ownedSequence !== null) own.push({ table: t, column: column.name, liveSequence: column.ownedSequence, standbySequence: sc.ownedSequence, increment: seq.increment });
      else refusals.push({ object: `${t.standbyText}.${column.name}`, reason: `its default (${sc.default ?? 'none'}) neither uses ${column.ownedSequence} nor a sequence of its own` });
    }
  }
  const sharedColumns = new Set(shared.map((s) => `${s.table.liveText}.${s.column}`));

  // --- What must already be equal (everything the swap does not reproduce).
  for (const t of swapped) {
    const diffs = diffTables(t.liveInv, t.standbyInv, { ignoreNames: true, tableNames: toLive });
    for (const d of diffs) {
      if (reproduced(d.path, (col) => sharedColumns.has(`${t.liveText}.${col}`))) continue;
      refusals.push({ object: `${t.standbyText} ${d.path}`, reason: `differs from ${t.liveText}: ${describe(d.after)} where production has ${describe(d.before)}` });
    }
  }

  // --- Orphans: rows of other tables referencing live rows the standby lacks.
  const orphanCases: OrphanCase[] = f.orphans.map((o) => ({ ...o, choice: f.options.choices[o.id] ?? 'keep-parent' }));
  for (const o of orphanCases) {
    if (o.choice === 'abort') refusals.push({ object: `${o.childTable} → ${o.parentTable} ${JSON.stringify(o.parentKey)}`, reason: `${o.childRows} row(s) would lose their parent, and the choice for this case is to abort` });
  }

  // --- Matviews and functions that cannot be rebuilt in place.
  for (const m of f.matviews) {
    if (m.dependents.length) refusals.push({ object: m.name, reason: `it must be rebuilt over the new tables, but ${m.dependents.join(', ')} ${m.dependents.length === 1 ? 'depends' : 'depend'} on it` });
  }
  for (const [signature, dependents] of Object.entries(f.functionDependents)) {
    if (dependents.length) refusals.push({ object: signature, reason: `it uses a swapped table's row type and must be re-created, but ${dependents.join(', ')} ${dependents.length === 1 ? 'depends' : 'depend'} on it` });
  }

  // --- Publications the swap must move the tables between.
  for (const name of new Set(swapped.flatMap((t) => t.liveInv.publications.filter((p) => !p.allTables).map((p) => p.name)))) {
    const p = f.publications.find((x) => x.name === name);
    if (p && !p.canAlter) refusals.push({ object: `publication ${name}`, reason: `it is owned by ${p.owner}, and this role may not add or drop its tables` });
  }

  // --- Auth users (a cutover adds the staged ones; a rollback removes them again).
  if (f.direction === 'cutover') {
    for (const c of f.auth.conflicts.slice(0, 20)) refusals.push({ object: `staged auth user ${c.email}`, reason: c.reason });
    if (f.auth.conflicts.length > 20) refusals.push({ object: 'staged auth users', reason: `${f.auth.conflicts.length - 20} more clash with auth.users` });
  }

  // --- Everything bound to the live tables from outside them.
  const views = dedupe(swapped.flatMap((t) => t.liveInv.views.filter((v) => v.depth === 1)), (v) => v.name);
  const plainViews = views.filter((v) => v.kind === 'view');
  const matviews = views.filter((v) => v.kind === 'materialized view');
  const inbound = dedupe(swapped.flatMap((t) => t.liveInv.inboundForeignKeys.map((fk) => ({ ...fk, table: t }))), (fk) => `${fk.fromTable}.${fk.name}`);
  const functions = dedupe(swapped.flatMap((t) => t.liveInv.functions), (fn) => fn.signature);
  const atomicFunctions = functions.filter((fn) => fn.binding === 'atomic');
  const rowTypeFunctions = functions.filter((fn) => fn.binding === 'row type');
  const otherPolicies = dedupe(
    swapped.flatMap((t) => t.liveInv.policiesOfOtherTables).filter((p) => !swappedTexts.has(p.table)),
    (p) => `${p.table}.${p.name}`,
  );
  const childTables = [...new Set(inbound.map((fk) => fk.fromTable))];
  const policyTables = [...new Set(otherPolicies.map((p) => p.table))];

  // One LOCK TABLE, in an order that takes what clients lock first first: tables whose policies
  // read the swapped ones and children (they lock themselves, then their parent), views (a reader
  // locks the view, then its tables; LOCK on a view locks its tables too), the swapped tables
  // children first, then the standby ones nobody else touches.
  const lockOrder = dedupe(
    [...policyTables, ...childTables, ...plainViews.map((v) => v.name), ...childFirst.map((t) => t.liveText), ...childFirst.map((t) => t.standbyText)],
    (x) => x,
  );

  const steps = Object.fromEntries(planStepIds.map((id) => [id, []])) as unknown as Record<PlanStepId, PlanStatement[]>;

  // ===== prepare: inside the transaction, before the exclusive locks (production still serves).
  const prepare = steps.prepare;
  prepare.push(ddl(`CREATE SCHEMA ${quoteIdent(K)}`, f.direction === 'cutover' ? 'the schema the production tables move to (their backup)' : 'the schema the cutover’s tables move to'));
  if (f.direction === 'cutover' && f.manifest) {
    for (const t of swapped) {
      const m = f.manifest.tables[t.liveText];
      if (!m) {
        refusals.push({ object: t.liveText, reason: 'the push manifest has no entry for it' });
        continue;
      }
      const sums = Object.entries(m.sums ?? {});
      const sumSql = sums.map(([col], i) => `, coalesce(sum(${quoteIdent(col)}), 0) IS DISTINCT FROM $${i + 2}::numeric AS s${i}`).join('');
      const sumProblems = sums.map(([col], i) => ` || CASE WHEN s${i} THEN ${quoteLiteral(`; the sum of ${col} is not what was pushed`)} ELSE '' END`).join('');
      prepare.push(
        check(
          `SELECT problem FROM (SELECT CASE WHEN n <> $1::bigint THEN 'has ' || n || ' rows where the push wrote ' || $1::text ELSE '' END${sumProblems} AS problem
             FROM (SELECT count(*) AS n${sumSql} FROM ${t.standby}) x) y WHERE problem <> ''`,
          [m.rows, ...sums.map(([, v]) => v)],
          `${t.standbyText} is as the push left it (rows and control totals)`,
        ),
      );
    }
  }
  prepare.push(...authStatements(f, 'prepare', HISTORY));
  const triggersAdded = f.direction === 'cutover' && f.auth.stagedUsersColumns.length > 0 && f.capture.tableExists;
  if (triggersAdded) prepare.push(...ownTriggerWritesRecorded());
  const withoutStandbyTriggers = (work: PlanStatement[]) => withTriggersOff(swapped.map((t) => ({ table: t.standby, text: t.standbyText, triggers: t.standbyInv.triggers })), work);
  // A rollback takes them out before swapping the backup in, in case the cutover's own step did not.
  const undone = f.direction === 'rollback' ? f.undo : null;
  if (undone) prepare.push(...withoutStandbyTriggers(childFirst.map((t) => triggerRowsTakenOut(t, t.standby, undone.cutoverHistoryId))));
  // Keep-parent: the live rows the choices keep (and the rows they reference) are copied into the standby.
  const keepByTable = new Map(f.keepRows.map((k) => [k.table, k.keys]));
  for (const t of order) {
    const keys = keepByTable.get(t.liveText);
    if (!keys?.length) continue;
    const cols = insertableColumns(t.liveInv);
    prepare.push({
      sql: `INSERT INTO ${t.standby} (${cols.map((c) => quoteIdent(c.name)).join(', ')}) ${overriding(t.liveInv)}SELECT ${cols.map((c) => `l.${quoteIdent(c.name)}`).join(', ')}
              FROM ${t.live} l JOIN jsonb_to_recordset($1::jsonb) AS k(${t.pk.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(', ')}) ON ${pkJoin('l', 'k', t.pk)}
            ON CONFLICT DO NOTHING`,
      params: [JSON.stringify(keys)],
      label: `keep ${keys.length} row(s) of ${t.liveText} that other tables still reference`,
      kind: 'dml',
    });
  }
  // The live keys the standby lacks: only children of these can be orphaned under the lock.
  const removedTables = new Map<string, { temp: string; table: Swapped; columns: readonly string[] }>();
  for (const fk of inbound) {
    const key = `${fk.table.liveText}(${fk.referencedColumns.join(',')})`;
    if (removedTables.has(key)) continue;
    const temp = `cutover_removed_${removedTables.size + 1}`;
    removedTables.set(key, { temp, table: fk.table, columns: fk.referencedColumns });
    const cols = fk.referencedColumns.map(quoteIdent).join(', ');
    prepare.push(
      ddl(
        `CREATE TEMPORARY TABLE ${quoteIdent(temp)} ON COMMIT DROP AS SELECT ${cols} FROM ${fk.table.live} EXCEPT SELECT ${cols} FROM ${fk.table.standby}`,
        `the keys of ${fk.table.liveText} the swap removes, for the orphan check`,
      ),
      ddl(`ANALYZE ${quoteIdent(temp)}`, 'so the orphan check plans well'),
    );
  }
  // Materialized views are rebuilt over the standby now, outside the lock, and moved in under it.
  const searchPathLive = [...new Set(swapped.map((t) => t.schema))];
  for (const mv of matviews) {
    const facts = f.matviews.find((m) => m.name === mv.name);
    if (!facts) continue;
    const { name } = splitSchemaQualified(mv.name);
    const options = mv.reloptions?.length ? ` WITH (${mv.reloptions.join(', ')})` : '';
    prepare.push(
      ddl(`SELECT set_config('search_path', ${quoteLiteral([S, ...searchPathLive].map(quoteIdent).join(', '))}, true)`, `read ${mv.name}'s tables from ${S}`),
      ddl(`CREATE MATERIALIZED VIEW ${quoteQualified(S, name)}${options} AS ${withoutTrailingSemicolon(facts.relativeDefinition)} WITH DATA`, `rebuild ${mv.name} over the incoming tables`),
      ddl(`SELECT set_config('search_path', '', true)`, 'names are qualified again'),
      ...mv.indexes.map((def) => ddl(retargetIndex(def, mv.name, quoteQualified(S, name)), `${mv.name}'s index`)),
      check(
        `SELECT 'reads ' || coalesce(array_to_string(got, ', '), 'nothing') || ' where ' || $2::text || ' was expected' AS problem
           FROM (SELECT array_agg(DISTINCT d.refobjid::regclass::text ORDER BY d.refobjid::regclass::text) AS got
                   FROM pg_depend d JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
                  WHERE r.ev_class = $1::regclass AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> r.ev_class) x
          WHERE got IS DISTINCT FROM string_to_array($2::text, ', ')`,
        [printedName(S, name), facts.reads.map((r) => (swappedTexts.has(r) ? printedName(S, splitSchemaQualified(r).name) : r)).sort().join(', ')],
        `the rebuilt ${mv.name} reads the incoming tables and nothing else`,
      ),
    );
  }

  // ===== lock (the runner retries it under lock_timeout with backoff).
  // LOCK TABLE cannot take a materialized view; dropping the old one, in the same attempt, does.
  steps.lock.push(ddl(`LOCK TABLE ${lockOrder.join(', ')} IN ACCESS EXCLUSIVE MODE`, 'every table the swap touches, in one fixed order'));
  for (const mv of matviews) steps.lock.push(ddl(`DROP MATERIALIZED VIEW ${mv.name}`, `${mv.name} is replaced by the one rebuilt over the incoming tables`));

  // ===== carry-over: make each standby row of a captured key equal to the live row (or absent with
  // it). Most captured writes are carried in the prepare step, without the lock, up to a mark the
  // runner reads then; under the lock only the writes captured after the mark remain.
  const carryBlock = (since: unknown[]): PlanStatement[] => {
    const carried: PlanStatement[] = [];
    for (const t of childFirst) carried.push(carryStatement(t, 'delete', since, f));
    for (const t of order) carried.push(carryStatement(t, 'insert', since, f), carryStatement(t, 'update', since, f));
    // Deferred checks fire at IMMEDIATE; only then may the tables be altered again (pending trigger events forbid it).
    carried.push(ddl('SET CONSTRAINTS ALL IMMEDIATE', 'foreign keys among the incoming tables hold'));
    return [ddl('SET CONSTRAINTS ALL DEFERRED', 'the circular, deferrable foreign keys are checked once all rows are in'), ...withoutStandbyTriggers(carried)];
  };
  // Catch-up rounds (the runner runs them at the end of prepare and between lock attempts) carry
  // the writes captured up to a mark; under the lock only those captured after the last round remain.
  const catchUp: PlanStatement[] = [];
  if (f.capture.tableExists) {
    const round = [CARRIED, f.capture.sinceTime, MARK, FLOOR];
    catchUp.push(...carryBlock(round));
    for (const t of swapped) catchUp.push(carriedCheck(t, round, f, t.standby, t.live, 'before the lock (and not written since)', true));
    // The removed keys were read before any round: most are rows the live app added since the push,
    // which a round has just carried. Left in, the orphan check under the lock would look each of
    // them up (a scan of the standby table, growing with the writes made during the prepare step).
    for (const [, { temp, table, columns }] of removedTables) {
      const on = columns.map((c) => `s.${quoteIdent(c)} = r.${quoteIdent(c)}`).join(' AND ');
      catchUp.push(
        { sql: `DELETE FROM ${quoteIdent(temp)} r USING ${table.standby} s WHERE ${on}`, params: [], label: `the keys of ${table.liveText} carried in are not removed`, kind: 'dml' },
        ddl(`ANALYZE ${quoteIdent(temp)}`, 'so the orphan check plans for the keys left'),
      );
    }
    steps['carry-over'].push(...carryBlock(UNDER_LOCK(f)));
  }

  // ===== orphans: children whose parent would be gone.
  for (const o of orphanCases.filter((c) => c.choice === 'delete-children')) {
    const parent = f.live.tables.find((t) => printedName(t.schema, t.name) === o.parentTable);
    const match = o.childColumns
      .map((c, i) => {
        const key = Object.keys(o.parentKey)[i] as string;
        const type = parent?.columns.find((x) => x.name === key)?.type ?? 'text';
        return `${quoteIdent(c)} = ($1::jsonb ->> ${quoteLiteral(key)})::${type}`;
      })
      .join(' AND ');
    steps.orphans.push({
      sql: `DELETE FROM ${o.childTable} WHERE ${match}`,
      params: [JSON.stringify(o.parentKey)],
      label: `delete the ${o.childRows} row(s) of ${o.childTable} whose parent ${o.parentTable} ${JSON.stringify(o.parentKey)} goes`,
      kind: 'dml',
    });
  }
  for (const fk of inbound) {
    const { temp } = removedTables.get(`${fk.table.liveText}(${fk.referencedColumns.join(',')})`)!;
    const on = fk.columns.map((c, i) => `c.${quoteIdent(c)} = r.${quoteIdent(fk.referencedColumns[i] as string)}`).join(' AND ');
    steps.orphans.push(
      check(
        `SELECT ${quoteLiteral(`${fk.fromTable} (${fk.name}) references ${fk.table.liveText} `)} || jsonb_build_object(${fk.referencedColumns.map((c) => `${quoteLiteral(c)}, r.${quoteIdent(c)}`).join(', ')})::text || ', which the swap removes' AS problem
           FROM ${quoteIdent(temp)} r JOIN ${fk.fromTable} c ON ${on}
          WHERE NOT EXISTS (SELECT 1 FROM ${fk.table.standby} s WHERE ${fk.referencedColumns.map((k) => `s.${quoteIdent(k)} = r.${quoteIdent(k)}`).join(' AND ')}) LIMIT 20`,
        [],
        `no row of ${fk.fromTable} loses its parent`,
      ),
    );
  }

  // ===== detach: what would otherwise go with the live tables, or hold them.
  const detach = steps.detach;
  for (const s of shared) detach.push(ddl(`ALTER SEQUENCE ${s.sequence} OWNED BY NONE`, `${s.sequence} stays where it is and serves the incoming ${s.table.liveText}`));
  for (const s of own) {
    const inc = BigInt(s.increment);
    detach.push({
      sql: `SELECT setval(${quoteLiteral(s.standbySequence)}::regclass, greatest((SELECT CASE WHEN is_called THEN last_value + ${inc} ELSE last_value END FROM ${s.liveSequence}), (SELECT coalesce(max(${quoteIdent(s.column)}), 0) + ${inc} FROM ${s.table.standby})), false)`,
      params: [],
      label: `${s.standbySequence} continues after both ${s.liveSequence} and the rows it numbers`,
      kind: 'ddl',
    });
  }
  for (const fk of inbound) detach.push(ddl(`ALTER TABLE ${fk.fromTable} DROP CONSTRAINT ${quoteIdent(fk.name)}`, `${fk.fromTable}'s foreign key to ${fk.table.liveText} is re-created on the incoming table`));
  for (const t of swapped) {
    for (const p of t.liveInv.publications.filter((x) => !x.allTables)) detach.push(ddl(`ALTER PUBLICATION ${quoteIdent(p.name)} DROP TABLE ${t.live}`, `publication ${p.name} follows the serving table`));
  }
  for (const fn of rowTypeFunctions) detach.push(ddl(`DROP FUNCTION ${fn.signature}`, `${fn.signature} uses the row type of a swapped table: it is re-created for the incoming one`));

  // ===== swap: the standby's objects take the live names, the live tables go, the standby ones come.
  const swap = steps.swap;
  const relationRenames: { from: string; schema: string; to: string; kind: 'INDEX' | 'SEQUENCE' }[] = [];
  const statisticsRenames: { from: string; to: string; liveStat: string }[] = [];
  for (const t of swapped) {
    for (const [liveIdx, standbyIdx] of pairIndexes(t.liveInv.indexes, t.standbyInv.indexes, mapped)) {
      if (liveIdx.name !== standbyIdx.name) relationRenames.push({ from: quoteQualified(S, standbyIdx.name), schema: S, to: liveIdx.name, kind: 'INDEX' });
    }
    const constraintRenames: { from: string; to: string }[] = [];
    for (const [lc, sc] of pairConstraints(t.liveInv.constraints, t.standbyInv.constraints, mapped)) {
      if (lc.name !== sc.name) constraintRenames.push({ from: sc.name, to: lc.name });
    }
    swap.push(
      ...renameThrough(
        constraintRenames,
        new Set(t.standbyInv.constraints.map((c) => c.name)),
        (from, to) => ddl(`ALTER TABLE ${t.standby} RENAME CONSTRAINT ${quoteIdent(from)} TO ${quoteIdent(to)}`, `${t.standbyText}'s constraint takes production's name ${to}`),
        refusals,
        t.standbyText,
      ),
    );
    for (const [ls, ss] of pairStatistics(t.liveInv.statistics, t.standbyInv.statistics)) {
      statisticsRenames.push({ from: ss.name, to: splitSchemaQualified(ls.name).name, liveStat: ls.name });
    }
  }
  for (const s of own) {
    const liveBare = splitSchemaQualified(s.liveSequence).name;
    if (splitSchemaQualified(s.standbySequence).name !== liveBare) relationRenames.push({ from: s.standbySequence, schema: S, to: liveBare, kind: 'SEQUENCE' });
  }
  swap.push(
    ...renameThrough(
      relationRenames.map((r) => ({ from: splitSchemaQualified(r.from).name, to: r.to, kind: r.kind })),
      new Set(f.standbyRelationNames),
      (from, to, kind) => ddl(`ALTER ${kind ?? 'INDEX'} ${quoteQualified(S, from)} RENAME TO ${quoteIdent(to)}`, `takes production's name ${to}`),
      refusals,
      S,
    ),
  );
  for (const r of statisticsRenames) {
    if (splitSchemaQualified(r.from).name !== r.to) swap.push(ddl(`ALTER STATISTICS ${r.from} RENAME TO ${quoteIdent(r.to)}`, `statistics object takes production's name ${r.to}`));
  }
  for (const r of statisticsRenames) swap.push(ddl(`ALTER STATISTICS ${r.liveStat} SET SCHEMA ${quoteIdent(K)}`, `${r.liveStat} goes with its table`));
  for (const t of order) swap.push(ddl(`ALTER TABLE ${t.live} SET SCHEMA ${quoteIdent(K)}`, `${t.liveText} moves to ${K}, with its indexes, constraints, sequences, triggers, policies and grants`));
  for (const t of order) swap.push(ddl(`ALTER TABLE ${t.standby} SET SCHEMA ${quoteIdent(t.schema)}`, `the incoming table becomes ${t.liveText}`));
  for (const r of statisticsRenames) swap.push(ddl(`ALTER STATISTICS ${quoteQualified(S, r.to)} SET SCHEMA ${quoteIdent(splitSchemaQualified(r.liveStat).schema)}`, `the incoming statistics object ${r.to}`));

  // ===== reproduce: on each incoming table, exactly what production has.
  const reproduce = steps.reproduce;
  for (const t of swapped) reproduce.push(...reproduceTable(t, major, mapped));
  for (const s of shared) reproduce.push(ddl(`ALTER SEQUENCE ${s.sequence} OWNED BY ${s.table.live}.${quoteIdent(s.column)}`, `${s.sequence} belongs to the incoming ${s.table.liveText}, so dropping the backup never takes it`));
  for (const s of own) {
    const liveSeq = s.table.liveInv.sequences.find((q) => q.column === s.column);
    const standbySeq = s.table.standbyInv.sequences.find((q) => q.column === s.column);
    if (!liveSeq || !standbySeq) continue;
    const name = `${quoteIdent(s.table.schema)}.${quoteIdent(splitSchemaQualified(s.liveSequence).name)}`;
    if (liveSeq.owner !== standbySeq.owner && liveSeq.owner !== s.table.liveInv.owner) reproduce.push(ddl(`ALTER SEQUENCE ${name} OWNER TO ${quoteIdent(liveSeq.owner)}`, 'the sequence’s owner'));
    reproduce.push(...aclStatements({ object: `SEQUENCE ${name}` }, standbySeq.acl, liveSeq.acl, [`${roleText(liveSeq.owner)}=rwU/${roleText(liveSeq.owner)}`]).map((sql) => ddl(sql, `${name}'s grants as production's`)));
  }

  // ===== rebind: everything outside that was bound to the live tables by OID.
  const rebind = steps.rebind;
  for (const fk of inbound) {
    const definition = /\bNOT VALID\b/.test(fk.definition) ? fk.definition : `${fk.definition} NOT VALID`;
    rebind.push(ddl(`ALTER TABLE ${fk.fromTable} ADD CONSTRAINT ${quoteIdent(fk.name)} ${definition}`, `${fk.fromTable} references the incoming ${fk.table.liveText} (validated after commit)`));
  }
  for (const v of plainViews) {
    const options = v.reloptions?.length ? ` WITH (${v.reloptions.join(', ')})` : '';
    rebind.push(ddl(`CREATE OR REPLACE VIEW ${v.name}${options} AS ${withoutTrailingSemicolon(v.definition)}`, `${v.name} reads the incoming tables (same view, grants and comment)`));
  }
  for (const mv of matviews) {
    const { schema, name } = splitSchemaQualified(mv.name);
    rebind.push(ddl(`ALTER MATERIALIZED VIEW ${quoteQualified(S, name)} SET SCHEMA ${quoteIdent(schema)}`, `the rebuilt ${mv.name} takes the old one's place`));
    rebind.push(ddl(`ALTER MATERIALIZED VIEW ${mv.name} OWNER TO ${quoteIdent(mv.owner)}`, `${mv.name}'s owner`));
    rebind.push(
      ...resetAclStatements(
        { object: `TABLE ${mv.name}` },
        `SELECT coalesce(relacl, acldefault('r', relowner)) FROM pg_class WHERE oid = ${quoteLiteral(mv.name)}::regclass`,
        mv.acl,
        [`${roleText(mv.owner)}=${TABLE_ALL(major)}/${roleText(mv.owner)}`],
      ).map((sql) => ddl(sql, `${mv.name}'s grants exactly as before`)),
    );
    if (mv.comment !== null) rebind.push(ddl(`COMMENT ON MATERIALIZED VIEW ${mv.name} IS ${quoteLiteral(mv.comment)}`, `${mv.name}'s comment`));
  }
  for (const fn of atomicFunctions) rebind.push(ddl(fn.definition, `${fn.signature} (BEGIN ATOMIC) reads the incoming tables`));
  for (const fn of rowTypeFunctions) {
    rebind.push(ddl(fn.definition, `${fn.signature} is re-created on the incoming row type`));
    rebind.push(ddl(`ALTER FUNCTION ${fn.signature} OWNER TO ${quoteIdent(fn.owner)}`, `${fn.signature}'s owner`));
    rebind.push(
      ...resetAclStatements(
        { object: `FUNCTION ${fn.signature}` },
        `SELECT coalesce(proacl, acldefault('f', proowner)) FROM pg_proc WHERE oid = ${quoteLiteral(fn.signature)}::regprocedure`,
        fn.acl,
        [`=X/${roleText(fn.owner)}`, `${roleText(fn.owner)}=X/${roleText(fn.owner)}`],
      ).map((sql) => ddl(sql, `${fn.signature}'s grants exactly as before`)),
    );
  }
  for (const p of otherPolicies) {
    const using = p.using === null ? '' : ` USING (${p.using})`;
    const withCheck = p.withCheck === null ? '' : ` WITH CHECK (${p.withCheck})`;
    rebind.push(ddl(`ALTER POLICY ${quoteIdent(p.name)} ON ${p.table}${using}${withCheck}`, `policy ${p.name} of ${p.table} reads the incoming tables`));
  }

  // ===== auth
  steps.auth.push(...authStatements(f, 'locked', HISTORY));

  // ===== verify, under the lock, before COMMIT.
  const verify = steps.verify;
  for (const t of swapped) {
    verify.push(
      check(
        `SELECT problem FROM (VALUES
           (to_regclass(${quoteLiteral(t.liveText)}) IS NULL, ${quoteLiteral(`${t.liveText} is missing`)}),
           (to_regclass(${quoteLiteral(printedName(K, t.name))}) IS NULL, ${quoteLiteral(`the outgoing table is not in ${K}`)}),
           (to_regclass(${quoteLiteral(t.standbyText)}) IS NOT NULL, ${quoteLiteral(`${t.standbyText} is still there`)})) AS v(bad, problem) WHERE bad`,
        [],
        `${t.liveText} is the incoming table and the outgoing one is parked`,
      ),
    );
    if (f.capture.tableExists) verify.push(carriedCheck(t, UNDER_LOCK(f), f, t.live, t.park, 'under the lock'));
    const keys = keepByTable.get(t.liveText);
    if (keys?.length) {
      verify.push(
        check(
          `SELECT ${quoteLiteral(`a kept row of ${t.liveText} is missing: `)} || k::text AS problem FROM jsonb_array_elements($1::jsonb) AS k
            WHERE NOT EXISTS (SELECT 1 FROM ${t.live} n WHERE ${t.pk.map((c) => `n.${quoteIdent(c.name)} = (k ->> ${quoteLiteral(c.name)})::${c.type}`).join(' AND ')})`,
          [JSON.stringify(keys)],
          `the rows kept for their children are in ${t.liveText}`,
        ),
      );
    }
  }
  verify.push({ ...fileQuery('cutover/bound-to-park', [K]), params: [K], label: `nothing outside ${K} is still bound to the outgoing tables (foreign keys, views, policies, functions)`, kind: 'check' });
  verify.push(...authStatements(f, 'verify', HISTORY));
  verify.push({
    sql: `UPDATE ${quoteIdent(ADMIN_SCHEMA)}.${quoteIdent(HISTORY_TABLE)} SET capture_high_water = ${f.capture.tableExists ? `(SELECT coalesce(max(id), 0) FROM ${quoteIdent(CAPTURE_SCHEMA)}.${quoteIdent(CAPTURE_TABLE)})` : '0'}, committed_at = clock_timestamp() WHERE id = $1`,
    params: [HISTORY],
    label: 'the history row: writes captured after this point were made after the swap',
    kind: 'dml',
  });

  // ===== after commit, each on its own.
  for (const fk of inbound) {
    if (fk.validated) steps.validate.push(ddl(`ALTER TABLE ${fk.fromTable} VALIDATE CONSTRAINT ${quoteIdent(fk.name)}`, `${fk.fromTable}'s foreign key holds for every row`));
  }
  for (const t of swapped) {
    for (const [lc, sc] of pairConstraints(t.liveInv.constraints, t.standbyInv.constraints, mapped)) {
      if (lc.validated && !sc.validated) steps.validate.push(ddl(`ALTER TABLE ${t.live} VALIDATE CONSTRAINT ${quoteIdent(lc.name)}`, `${t.liveText}'s ${lc.name} holds for every row, as in production`));
    }
  }
  for (const t of swapped) steps.analyze.push(ddl(`ANALYZE ${t.live}`, 'the planner has statistics for the incoming table'));
  for (const mv of matviews) {
    if (mv.indexes.some((i) => /^CREATE UNIQUE INDEX/.test(i))) steps.analyze.push(ddl(`REFRESH MATERIALIZED VIEW CONCURRENTLY ${mv.name}`, `${mv.name} includes the writes carried over under the lock (readers never blocked)`));
  }
  // The outgoing tables, now the backup, have no inbound foreign keys left: the rows the auth
  // triggers added to them go cheaply here (their own triggers held off: the backup is not live).
  if (triggersAdded) {
    const backups = swapped.map((t) => ({ table: t.park, text: printedName(K, t.name), triggers: t.liveInv.triggers }));
    steps.backup.push(...withTriggersOff(backups, childFirst.map((t) => triggerRowsTakenOut(t, t.park, HISTORY))));
  }
  steps.notify.push(ddl(`NOTIFY pgrst, 'reload schema'`, 'PostgREST reloads its schema cache'));
  // What the live app reads once committed (the runner adds the catalog diff against the plan's inventory).
  steps.checks.push(...authStatements(f, 'checks', HISTORY));

  const planSteps: PlanStep[] = (Object.keys(steps) as PlanStepId[]).map((id) => ({
    id,
    phase: id === 'prepare' ? 'prepare' : (afterCommitStepIds as readonly PlanStepId[]).includes(id) ? 'after' : 'locked',
    statements: steps[id],
  }));
  const lockedStatements = planSteps.filter((s) => s.phase === 'locked').reduce((n, s) => n + s.statements.length, 0);
  const tables = swapped.map((t) => ({ live: t.liveText, standby: t.standbyText, park: printedName(K, t.name) }));
  const hashed = {
    direction: f.direction,
    tables,
    lockOrder,
    steps: planSteps,
    catchUp,
    refusals,
    orphanCases: orphanCases.map((o) => [o.id, o.choice]),
    options: f.options,
  };
  return {
    direction: f.direction,
    tables,
    standbySchema: S,
    parkSchema: K,
    refusals,
    orphanCases,
    lockOrder,
    steps: planSteps,
    catchUp,
    captureSince: f.capture.sinceId,
    rowDeltas: f.deltas,
    pendingWrites: f.capture.pending,
    expectedLockMs: Math.round(5 + lockedStatements * 0.4 + f.capture.pending * 0.05 + (f.direction === 'cutover' ? f.auth.stagedUsers * 0.05 : (f.undo?.addedUsers ?? 0) * 0.05)),
    rollback: rollbackSummary(f, tables),
    security: swapped.map((t) => ({
      table: t.liveText,
      rls: t.liveInv.rls.enabled ? (t.liveInv.rls.forced ? 'enabled, forced' : 'enabled') : 'off',
      policies: t.liveInv.policies.length,
      grants: t.liveInv.acl ?? [],
    })),
    options: f.options,
    sha256: createHash('sha256').update(JSON.stringify(hashed)).digest('hex'),
  };

  function describe(v: unknown): string {
    return v === undefined ? 'nothing' : sameText(v, null) ? 'null' : JSON.stringify(v);
  }
}

/** Differences between live and standby that the swap itself reproduces (or, for sequences, handles). */
function reproduced(path: string, sharedColumn: (column: string) => boolean): boolean {
  if (/^(owner|comment|acl|reloptions|replicaIdentity)$/.test(path) || /^rls\./.test(path)) return true;
  if (/^(triggers|rules|policies|policiesOfOtherTables|publications|inboundForeignKeys|views|functions)(\[|\.|$)/.test(path)) return true;
  const column = /^columns(?:\.(\w+)|\[([^\]]*)\])\.(\w+)$/.exec(path);
  if (column) {
    const [, plain, bracketed, field] = column;
    if (field === 'comment' || field === 'acl' || field === 'statisticsTarget' || field === 'storage') return true;
    if ((field === 'default' || field === 'ownedSequence') && sharedColumn((plain ?? bracketed) as string)) return true;
  }
  if (/^constraints\[.*\]\.(validated|comment)$/.test(path)) return true;
  if (/^indexes\[.*\]\.comment$/.test(path)) return true;
  if (/^sequences(\.\w+|\[[^\]]*\])\.(owner|acl)$/.test(path)) return true;
  const sequence = /^sequences(?:\.(\w+)|\[([^\]]*)\])$/.exec(path);
  if (sequence && sharedColumn((sequence[1] ?? sequence[2]) as string)) return true;
  return false;
}

function roleText(role: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(role) ? role : `"${role.replace(/"/g, '""')}"`;
}

function dedupe<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((x) => {
    const k = key(x);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function insertableColumns(t: TableInventory) {
  return t.columns.filter((c) => c.generated === null);
}

function overriding(t: TableInventory): string {
  return t.columns.some((c) => c.identity === 'always') ? 'OVERRIDING SYSTEM VALUE ' : '';
}

function pkJoin(a: string, b: string, pk: readonly { name: string }[]): string {
  return pk.map((c) => `${a}.${quoteIdent(c.name)} = ${b}.${quoteIdent(c.name)}`).join(' AND ');
}

/** Parents before children among the swapped tables, ignoring deferrable keys (which may form cycles). */
function topologicalOrder(tables: Swapped[]): Swapped[] {
  const byText = new Map(tables.map((t) => [t.liveText, t]));
  const out: Swapped[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (t: Swapped) => {
    if (state.get(t.liveText) === 'done' || state.get(t.liveText) === 'visiting') return;
    state.set(t.liveText, 'visiting');
    for (const c of t.liveInv.constraints) {
      const parent = c.foreignKey ? byText.get(c.foreignKey.table) : undefined;
      if (parent && parent !== t && !c.deferrable) visit(parent);
    }
    state.set(t.liveText, 'done');
    out.push(t);
  };
  for (const t of tables) visit(t);
  return out;
}

function pairBy<T extends { name: string }>(live: readonly T[], standby: readonly T[], key: (item: T, side: 'live' | 'standby') => string): [T, T][] {
  const groups = new Map<string, { live: T[]; standby: T[] }>();
  for (const x of live) {
    const g = groups.get(key(x, 'live')) ?? { live: [], standby: [] };
    g.live.push(x);
    groups.set(key(x, 'live'), g);
  }
  for (const x of standby) {
    const g = groups.get(key(x, 'standby'));
    if (g) g.standby.push(x);
  }
  const out: [T, T][] = [];
  for (const g of groups.values()) {
    const a = [...g.live].sort((x, y) => x.name.localeCompare(y.name));
    const b = [...g.standby].sort((x, y) => x.name.localeCompare(y.name));
    for (let i = 0; i < Math.min(a.length, b.length); i++) out.push([a[i] as T, b[i] as T]);
  }
  return out;
}

function pairIndexes(live: readonly Index[], standby: readonly Index[], mapped: (s: string | null) => string | null): [Index, Index][] {
  return pairBy(live, standby, (i, side) => `${i.unique ? 'UNIQUE ' : ''}${side === 'standby' ? mapped(i.shape) : i.shape}`);
}

function pairConstraints(live: readonly Constraint[], standby: readonly Constraint[], mapped: (s: string | null) => string | null): [Constraint, Constraint][] {
  const own = (c: Constraint) => c.index === null || c.type === 'foreign key';
  const key = (c: Constraint, side: 'live' | 'standby') => {
    const def = side === 'standby' ? (mapped(c.definition) as string) : c.definition;
    if (c.foreignKey) return `fk (${c.columns.join(',')}) ${side === 'standby' ? mapped(c.foreignKey.table) : c.foreignKey.table}`;
    return `${c.type} ${c.type === 'not null' ? c.columns.join(',') : def.replace(/\s+NOT VALID$/, '')}`;
  };
  // Constraints backed by an index (primary key, unique, exclusion) are renamed with their index.
  return pairBy(live.filter((c) => own(c) && c.type !== 'trigger'), standby.filter((c) => own(c) && c.type !== 'trigger'), key);
}

function pairStatistics(live: TableInventory['statistics'], standby: TableInventory['statistics']) {
  return pairBy(live, standby, (x) => `${x.kinds} (${x.columns})`);
}

/**
 * Renames within one namespace. Where a target name is still held by another object, every rename
 * goes through a temporary name first, so no two objects ever need the same name at once.
 */
function renameThrough(
  renames: { from: string; to: string; kind?: 'INDEX' | 'SEQUENCE' }[],
  occupied: ReadonlySet<string>,
  statement: (from: string, to: string, kind?: 'INDEX' | 'SEQUENCE') => PlanStatement,
  refusals: Refusal[],
  where: string,
): PlanStatement[] {
  const moving = new Set(renames.map((r) => r.from));
  for (const r of renames) {
    if (occupied.has(r.to) && !moving.has(r.to)) refusals.push({ object: `${where} ${r.to}`, reason: `the name is taken in ${where} by an object that has no counterpart in production` });
  }
  const clash = renames.some((r) => occupied.has(r.to));
  if (!clash) return renames.map((r) => statement(r.from, r.to, r.kind));
  const temp = renames.map((r, i) => ({ ...r, temp: temporaryName(i + 1) }));
  return [...temp.map((r) => statement(r.from, r.temp, r.kind)), ...temp.map((r) => statement(r.temp, r.to, r.kind))];
}

function retargetIndex(definition: string, from: string, to: string): string {
  const at = definition.indexOf(` ON ${from} `);
  if (at < 0) throw new Error(`cannot retarget index definition: ${definition}`);
  return `${definition.slice(0, at)} ON ${to} ${definition.slice(at + from.length + 5)}`;
}

/** `work` with the user triggers of `tables` off around it, then each back in the state `triggers` gives. */
function withTriggersOff(tables: { table: string; text: string; triggers: TableInventory['triggers'] }[], work: PlanStatement[]): PlanStatement[] {
  const triggered = tables.filter((t) => t.triggers.length > 0);
  return [
    ...triggered.map((t) => ddl(`ALTER TABLE ${t.table} DISABLE TRIGGER USER`, `${t.text}'s own triggers must not fire while it is written`)),
    ...work,
    ...triggered.flatMap((t) => triggerStates(t.table, t.triggers)),
  ];
}

/** The statements setting each trigger's enabled state as `triggers` have it. */
function triggerStates(table: string, triggers: TableInventory['triggers']): PlanStatement[] {
  return triggers.map((g) => {
    const how = g.enabled === 'disabled' ? 'DISABLE' : g.enabled === 'replica' ? 'ENABLE REPLICA' : g.enabled === 'always' ? 'ENABLE ALWAYS' : 'ENABLE';
    return ddl(`ALTER TABLE ${table} ${how} TRIGGER ${quoteIdent(g.name)}`, `trigger ${g.name} ${g.enabled === 'disabled' ? 'stays disabled' : 'fires as in production'}`);
  });
}

function reproduceTable(t: Swapped, major: number, mapped: (s: string | null) => string | null): PlanStatement[] {
  const out: PlanStatement[] = [];
  const L = t.liveInv;
  const B = t.standbyInv;
  const name = t.live;
  const add = (sql: string, label: string) => out.push(ddl(sql, label));
  if (L.owner !== B.owner) add(`ALTER TABLE ${name} OWNER TO ${quoteIdent(L.owner)}`, `owned by ${L.owner}, as production`);
  for (const sql of aclStatements({ object: `TABLE ${name}` }, B.acl, L.acl, [`${roleText(L.owner)}=${TABLE_ALL(major)}/${roleText(L.owner)}`])) add(sql, 'table grants exactly as production’s');
  for (const c of L.columns) {
    const sc = B.columns.find((x) => x.name === c.name);
    if (!sc) continue;
    for (const sql of aclStatements({ object: `TABLE ${name}`, column: c.name }, sc.acl, c.acl, [])) add(sql, `column grants on ${c.name} as production’s`);
    if (c.statisticsTarget !== sc.statisticsTarget) add(`ALTER TABLE ${name} ALTER COLUMN ${quoteIdent(c.name)} SET STATISTICS ${c.statisticsTarget ?? -1}`, `statistics target of ${c.name}`);
    if (c.storage !== sc.storage && c.storage !== null) {
      const storage = { p: 'PLAIN', e: 'EXTERNAL', m: 'MAIN', x: 'EXTENDED' }[c.storage] ?? 'EXTENDED';
      add(`ALTER TABLE ${name} ALTER COLUMN ${quoteIdent(c.name)} SET STORAGE ${storage}`, `storage of ${c.name}`);
    }
    if (c.comment !== sc.comment) add(`COMMENT ON COLUMN ${name}.${quoteIdent(c.name)} IS ${c.comment === null ? 'NULL' : quoteLiteral(c.comment)}`, `comment on ${c.name}`);
  }
  if (L.rls.enabled !== B.rls.enabled) add(`ALTER TABLE ${name} ${L.rls.enabled ? 'ENABLE' : 'DISABLE'} ROW LEVEL SECURITY`, `row level security ${L.rls.enabled ? 'on' : 'off'}, as production`);
  if (L.rls.forced !== B.rls.forced) add(`ALTER TABLE ${name} ${L.rls.forced ? 'FORCE' : 'NO FORCE'} ROW LEVEL SECURITY`, `row level security ${L.rls.forced ? '' : 'not '}forced, as production`);
  if (L.replicaIdentity.kind !== B.replicaIdentity.kind || (L.replicaIdentity.kind === 'index' && L.replicaIdentity.index !== mapped(B.replicaIdentity.index))) {
    const how = L.replicaIdentity.kind === 'index' ? `USING INDEX ${quoteIdent(splitSchemaQualified(L.replicaIdentity.index as string).name)}` : L.replicaIdentity.kind.toUpperCase();
    add(`ALTER TABLE ${name} REPLICA IDENTITY ${how}`, `replica identity ${L.replicaIdentity.kind}, as production`);
  }
  if (JSON.stringify(L.reloptions ?? []) !== JSON.stringify(B.reloptions ?? [])) {
    const keys = (B.reloptions ?? []).map((o) => o.split('=')[0] as string).filter((k) => !(L.reloptions ?? []).some((o) => o.startsWith(`${k}=`)));
    if (keys.length) add(`ALTER TABLE ${name} RESET (${keys.join(', ')})`, 'storage parameters production does not set');
    if (L.reloptions?.length) add(`ALTER TABLE ${name} SET (${L.reloptions.join(', ')})`, 'storage parameters as production');
  }
  if (L.comment !== B.comment) add(`COMMENT ON TABLE ${name} IS ${L.comment === null ? 'NULL' : quoteLiteral(L.comment)}`, 'the table’s comment');
  for (const [lc, sc] of pairConstraints(L.constraints, B.constraints, mapped)) {
    if (lc.comment !== sc.comment) add(`COMMENT ON CONSTRAINT ${quoteIdent(lc.name)} ON ${name} IS ${lc.comment === null ? 'NULL' : quoteLiteral(lc.comment)}`, `comment on ${lc.name}`);
  }
  for (const [li, si] of pairIndexes(L.indexes, B.indexes, mapped)) {
    if (li.comment !== si.comment) add(`COMMENT ON INDEX ${quoteQualified(t.schema, li.name)} IS ${li.comment === null ? 'NULL' : quoteLiteral(li.comment)}`, `comment on ${li.name}`);
  }
  // Policies: the incoming table's (none, from a push) made exactly production's.
  for (const p of B.policies) {
    const live = L.policies.find((x) => x.name === p.name);
    if (!live || !samePolicy(live, p, mapped)) add(`DROP POLICY ${quoteIdent(p.name)} ON ${name}`, `policy ${p.name} is re-created as production has it`);
  }
  for (const p of L.policies) {
    const standby = B.policies.find((x) => x.name === p.name);
    if (standby && samePolicy(p, standby, mapped)) continue;
    const roles = p.roles.map((r) => (r === 'public' ? 'PUBLIC' : quoteIdent(r))).join(', ');
    const using = p.using === null ? '' : ` USING (${p.using})`;
    const withCheck = p.withCheck === null ? '' : ` WITH CHECK (${p.withCheck})`;
    add(`CREATE POLICY ${quoteIdent(p.name)} ON ${name} AS ${p.permissive ? 'PERMISSIVE' : 'RESTRICTIVE'} FOR ${p.command} TO ${roles}${using}${withCheck}`, `policy ${p.name}`);
  }
  // Triggers and rules, from production's own definitions (which name the table: now the incoming one).
  for (const g of B.triggers) {
    const live = L.triggers.find((x) => x.name === g.name);
    if (!live || live.definition !== mapped(g.definition)) add(`DROP TRIGGER ${quoteIdent(g.name)} ON ${name}`, `trigger ${g.name} is re-created as production has it`);
  }
  for (const g of L.triggers) {
    const standby = B.triggers.find((x) => x.name === g.name);
    const same = standby !== undefined && g.definition === mapped(standby.definition);
    if (!same) {
      add(g.definition, `trigger ${g.name}`);
      if (g.enabled !== 'origin') out.push(...triggerStates(name, [g]));
    } else if (standby.enabled !== g.enabled) out.push(...triggerStates(name, [g]));
    if (g.comment !== (same ? standby.comment : null)) add(`COMMENT ON TRIGGER ${quoteIdent(g.name)} ON ${name} IS ${g.comment === null ? 'NULL' : quoteLiteral(g.comment)}`, `comment on trigger ${g.name}`);
  }
  for (const r of B.rules) {
    const live = L.rules.find((x) => x.name === r.name);
    if (!live || live.definition !== mapped(r.definition)) add(`DROP RULE ${quoteIdent(r.name)} ON ${name}`, `rule ${r.name} is re-created as production has it`);
  }
  for (const r of L.rules) {
    const standby = B.rules.find((x) => x.name === r.name);
    if (!standby || r.definition !== mapped(standby.definition)) add(withoutTrailingSemicolon(r.definition), `rule ${r.name}`);
    if (r.enabled === 'D') add(`ALTER TABLE ${name} DISABLE RULE ${quoteIdent(r.name)}`, `rule ${r.name} stays disabled`);
  }
  // Publications follow the serving table.
  for (const p of L.publications.filter((x) => !x.allTables)) {
    const standby = B.publications.find((x) => x.name === p.name);
    if (standby && JSON.stringify(standby) === JSON.stringify(p)) continue;
    if (standby) add(`ALTER PUBLICATION ${quoteIdent(p.name)} DROP TABLE ${name}`, `publication ${p.name} is re-joined as production has it`);
    const columns = p.columns ? ` (${p.columns.map(quoteIdent).join(', ')})` : '';
    const where = p.rowFilter ? ` WHERE (${p.rowFilter})` : '';
    add(`ALTER PUBLICATION ${quoteIdent(p.name)} ADD TABLE ${name}${columns}${where}`, `in publication ${p.name}, as production`);
  }
  for (const p of B.publications.filter((x) => !x.allTables && !L.publications.some((y) => y.name === x.name))) {
    add(`ALTER PUBLICATION ${quoteIdent(p.name)} DROP TABLE ${name}`, `not in publication ${p.name}, as production`);
  }
  return out;
}

function samePolicy(a: TableInventory['policies'][number], b: TableInventory['policies'][number], mapped: (s: string | null) => string | null): boolean {
  return a.command === b.command && a.permissive === b.permissive && JSON.stringify(a.roles) === JSON.stringify(b.roles) && a.using === mapped(b.using) && a.withCheck === mapped(b.withCheck);
}

/**
 * Adding the staged users before the lock fires production's triggers on auth.users (a profile
 * for each new user, say) into the outgoing tables, where the capture records them under this
 * transaction's own xid. The incoming tables already hold those rows. Deleting them from the
 * outgoing tables would run every inbound foreign key's check per row (a scan of the referencing
 * table where its column has no index: minutes at 600k users), so they are recorded instead and
 * taken out of the backup after the commit, when nothing references it (and again by a rollback,
 * should that step have failed); this transaction's capture rows are dropped so none is carried.
 * A trigger that changed existing rows cannot be taken back: the cutover stops, nothing committed.
 */
function ownTriggerWritesRecorded(): PlanStatement[] {
  const capture = `${quoteIdent(CAPTURE_SCHEMA)}.${quoteIdent(CAPTURE_TABLE)}`;
  const own = `c.xid = pg_current_xact_id()`;
  return [
    check(
      `SELECT 'adding the staged users made a trigger on auth.users ' || lower(c.operation) || ' a row of ' || c.table_name || ' ' || c.key::text || ', which the cutover cannot take back' AS problem
         FROM ${capture} c WHERE ${own} AND c.operation <> 'INSERT' LIMIT 20`,
      [],
      'triggers on auth.users only added rows to the swapped tables (if anything)',
    ),
    {
      sql: `INSERT INTO ${TRIGGER_ROWS} (history_id, table_name, key) SELECT DISTINCT $1::bigint, c.table_name, c.key FROM ${capture} c WHERE ${own}`,
      params: [HISTORY],
      label: 'the rows those triggers added to the outgoing tables are recorded, to be taken out of the backup after the commit (the incoming tables have them)',
      kind: 'dml',
    },
    { sql: `DELETE FROM ${capture} c WHERE ${own}`, params: [], label: 'and their capture rows are dropped: they were not the live app’s writes', kind: 'dml' },
  ];
}

/** Deletes from `table` (a backup of `t`) the rows the auth triggers added to `t` in the cutover `history`. */
function triggerRowsTakenOut(t: Swapped, table: string, history: unknown): PlanStatement {
  return {
    sql: `DELETE FROM ${table} b USING (SELECT ${keyColumns(t, 'r')} FROM ${TRIGGER_ROWS} r WHERE r.history_id = $1::bigint AND r.table_name = format('%I.%I', ${quoteLiteral(t.schema)}::text, ${quoteLiteral(t.name)}::text)) k WHERE ${pkJoin('b', 'k', t.pk)}`,
    params: [history],
    label: `rows production's triggers on auth.users added to ${t.liveText} as the cutover added its users are taken out of its backup`,
    kind: 'dml',
  };
}

/** `t`'s primary key columns read from the jsonb `key` of rows aliased `alias` (capture or trigger rows). */
function keyColumns(t: Swapped, alias: string): string {
  return t.pk.map((c) => `(${alias}.key ->> ${quoteLiteral(c.name)})::${c.type} AS ${quoteIdent(c.name)}`).join(', ');
}

/** The keys captured for a table: `since` is [carried-to id, push time, mark or null, xid floor], then schema and name. */
function capturedKeys(t: Swapped, settled = false): string {
  const cols = keyColumns(t, 'c');
  const from = `FROM ${quoteIdent(CAPTURE_SCHEMA)}.${quoteIdent(CAPTURE_TABLE)} c WHERE c.table_name = format('%I.%I', $5::text, $6::text)`;
  const keys = `SELECT DISTINCT ${cols} ${from} AND ((c.id > $1::bigint AND ($3::bigint IS NULL OR c.id <= $3::bigint)) OR c.xid >= $4::xid8)
             AND ($2::timestamptz IS NULL OR c.captured_at >= $2::timestamptz)`;
  // Settled: not written after the mark, nor by a transaction open at it (those are carried, and checked, later).
  return settled ? `${keys} EXCEPT SELECT ${cols} ${from} AND (c.id > $3::bigint OR c.xid >= $7::xid8)` : keys;
}

/** Columns a carried update sets: all but the key and generated ones; with the 'migration' policy, not the migration's own. */
function syncedColumns(t: Swapped, f: SwapFacts) {
  const owned = new Set(f.direction === 'cutover' && f.options.migrationColumns === 'migration' ? (f.manifest?.ownedColumns[t.liveText] ?? []) : []);
  const pk = new Set(t.pk.map((c) => c.name));
  return insertableColumns(t.liveInv).filter((c) => !pk.has(c.name) && c.identity !== 'always' && !owned.has(c.name));
}

function carryStatement(t: Swapped, action: 'delete' | 'insert' | 'update', since: unknown[], f: SwapFacts): PlanStatement {
  const keys = capturedKeys(t);
  const keyJson = (alias: string) => `jsonb_build_object(${t.pk.map((c) => `${quoteLiteral(c.name)}, ${alias}.${quoteIdent(c.name)}`).join(', ')})`;
  const params = [...since, t.schema, t.name];
  const returning = (alias: string, what: string) => `RETURNING ${quoteLiteral(t.liveText)} AS table, ${quoteLiteral(what)} AS action, ${keyJson(alias)} AS key`;
  if (action === 'delete') {
    return {
      sql: `WITH k AS (${keys}) DELETE FROM ${t.standby} s USING k WHERE ${pkJoin('s', 'k', t.pk)} AND NOT EXISTS (SELECT 1 FROM ${t.live} l WHERE ${pkJoin('l', 'k', t.pk)}) ${returning('s', 'deleted')}`,
      params,
      label: `rows of ${t.liveText} the live app deleted are deleted from the incoming table`,
      kind: 'carry',
    };
  }
  if (action === 'insert') {
    const cols = insertableColumns(t.liveInv);
    return {
      sql: `WITH k AS (${keys}) INSERT INTO ${t.standby} AS s (${cols.map((c) => quoteIdent(c.name)).join(', ')}) ${overriding(t.liveInv)}SELECT ${cols.map((c) => `l.${quoteIdent(c.name)}`).join(', ')}
              FROM ${t.live} l JOIN k ON ${pkJoin('l', 'k', t.pk)} WHERE NOT EXISTS (SELECT 1 FROM ${t.standby} x WHERE ${pkJoin('x', 'l', t.pk)}) ${returning('s', 'inserted')}`,
      params,
      label: `rows the live app inserted into ${t.liveText} are added`,
      kind: 'carry',
    };
  }
  const cols = syncedColumns(t, f);
  const set = cols.length === 1 ? `${quoteIdent((cols[0] as { name: string }).name)} = l.${quoteIdent((cols[0] as { name: string }).name)}` : `(${cols.map((c) => quoteIdent(c.name)).join(', ')}) = (${cols.map((c) => `l.${quoteIdent(c.name)}`).join(', ')})`;
  const differs = `(${cols.map((c) => comparable('s', c)).join(', ')}) IS DISTINCT FROM (${cols.map((c) => comparable('l', c)).join(', ')})`;
  return {
    sql: cols.length
      ? `WITH k AS (${keys}) UPDATE ${t.standby} s SET ${set} FROM ${t.live} l JOIN k ON ${pkJoin('l', 'k', t.pk)} WHERE ${pkJoin('s', 'l', t.pk)} AND ${differs} ${returning('s', 'updated')}`
      : `SELECT NULL::text AS table, NULL::text AS action, NULL::jsonb AS key WHERE false`,
    params: cols.length ? params : [],
    label:
      f.options.migrationColumns === 'migration' && f.direction === 'cutover'
        ? `rows the live app updated in ${t.liveText} take production's values for the app's columns (the migration's own keep the migration's)`
        : `rows the live app updated in ${t.liveText} take production's values (the newer ones)`,
    kind: 'carry',
  };
}

/** For every captured key, the incoming row is the outgoing one, or both are absent (`newer`/`older`: their names at that point). */
function carriedCheck(t: Swapped, since: unknown[], f: SwapFacts, newer: string, older: string, when: string, settled = false): PlanStatement {
  const cols = syncedColumns(t, f);
  const keyJson = `jsonb_build_object(${t.pk.map((c) => `${quoteLiteral(c.name)}, k.${quoteIdent(c.name)}`).join(', ')})`;
  const present = (alias: string) => `${alias}.${quoteIdent((t.pk[0] as { name: string }).name)} IS NOT NULL`;
  const differs = cols.length ? ` OR (${present('n')} AND (${cols.map((c) => comparable('n', c)).join(', ')}) IS DISTINCT FROM (${cols.map((c) => comparable('o', c)).join(', ')}))` : '';
  return check(
    `WITH k AS (${capturedKeys(t, settled)})
     SELECT ${quoteLiteral(`a write carried into ${t.liveText} does not match production: `)} || ${keyJson}::text AS problem
       FROM k LEFT JOIN ${newer} n ON ${pkJoin('n', 'k', t.pk)} LEFT JOIN ${older} o ON ${pkJoin('o', 'k', t.pk)}
      WHERE (${present('n')}) <> (${present('o')})${differs}
      LIMIT 20`,
    [...since, t.schema, t.name, ...(settled ? [MARK_FLOOR] : [])],
    `every write captured on ${t.liveText} ${when} is in the incoming table`,
  );
}

function rollbackSummary(f: SwapFacts, tables: { live: string; park: string }[]): string[] {
  if (f.direction === 'rollback') {
    return [`A rollback can itself be undone only by a new push and cutover. The cutover's tables are kept in ${f.parkSchema} until you drop them.`];
  }
  return [
    `Roll back swaps the backups in ${f.parkSchema} (${tables.map((t) => t.park).join(', ')}) back in, with the same locking, checks and history.`,
    'Writes the live app makes after the cutover are captured and carried back into the backups under the lock.',
    `The ${f.auth.stagedUsers} auth user(s) the cutover adds are removed again unless they have been used since (those are listed and kept); users healed for GoTrue get their old values back where still unchanged.`,
    'The backups are dropped only when you ask for it, with confirmation, and never with CASCADE.',
  ];
}
