// The derived tables: created from sql/sqlite/reconcile/derived.sql (rebuilt whole when their
// shape changes with an app version), the shadow set a full recompute builds beside them and
// swaps in, and the statements that write and delete a person's rows.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { sqlDir } from '../paths.ts';
import type { PagedSource } from '../query/paged.ts';
import type { FindingOut, PaymentFlags, PersonOut, PlanOut } from './derive-person.ts';

/** Bump when derived.sql or its index files change: the tables are rebuilt and recomputed. */
export const DERIVED_VERSION = 10;

const read = (name: string) => readFileSync(join(sqlDir(), 'sqlite', 'reconcile', name), 'utf8');
let ddl: { tables: string; lookup: string; grid: string; names: string[] } | null = null;
function schema() {
  if (!ddl) {
    const tables = read('derived.sql');
    ddl = { tables, lookup: read('lookup-indexes.sql'), grid: read('grid-indexes.sql'), names: [...tables.matchAll(/CREATE TABLE (\w+)/g)].map((m) => m[1]!) };
  }
  return ddl;
}

/** The derived tables' names. */
export const derivedTables = (): readonly string[] => schema().names;

export function meta(db: Database.Database, key: string): string | null {
  return (db.prepare('SELECT value FROM recon_meta WHERE key = ?').pluck().get(key) as string | undefined) ?? null;
}
export function setMeta(db: Database.Database, key: string, value: string | null): void {
  if (value === null) db.prepare('DELETE FROM recon_meta WHERE key = ?').run(key);
  else db.prepare('INSERT INTO recon_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

/** Creates the derived tables if they are missing or of another version (then nothing is computed yet). */
export function ensureDerived(db: Database.Database): void {
  const present = db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'recon_records'").pluck().get() as number;
  if (present && meta(db, 'derived_version') === String(DERIVED_VERSION)) return;
  db.transaction(() => {
    resetDerived(db);
    indexDerived(db, 'lookup');
    indexDerived(db, 'grid');
    setMeta(db, 'computed_at', null);
  })();
}

/** Drops and recreates every derived table, without indexes (a full recompute adds them after its inserts). */
export function resetDerived(db: Database.Database): void {
  const s = schema();
  dropShadow(db);
  for (const name of s.names) db.exec(`DROP TABLE IF EXISTS "${name}"`);
  db.exec(s.tables);
  setMeta(db, 'derived_version', String(DERIVED_VERSION));
}

/** 'lookup': what the per-person reads need; 'grid': the rest (built after a full recompute's inserts). */
export function indexDerived(db: Database.Database, which: 'lookup' | 'grid'): void {
  db.exec(schema()[which]);
}

/** The index statements of a set, one by one (a full recompute pauses between them). */
export function indexStatements(which: 'lookup' | 'grid'): string[] {
  return schema()[which].split(';').filter((sql) => /\bCREATE\b/i.test(sql.replace(/--.*$/gm, '')));
}

// ---------------------------------------------------------------------------------------------
// The shadow set. A full recompute writes every derived table again under another name
// (recon_records__next, …) in short transactions, pausing between them so the engine serves
// other calls from the tables in place; then one short transaction renames the old set out of
// the way and the new one in. Indexes keep the names they were created with, so the two sets'
// index names alternate between a plain and an '_alt' suffix.

const NEXT = '__next';
const OLD = '__old';

let renamer: RegExp | null = null;
/** Every derived table named in `sql`, renamed to its shadow; every index created, suffixed. */
export function shadowSql(sql: string, indexSuffix: string): string {
  renamer ??= new RegExp(`\\b(${schema().names.join('|')})\\b`, 'g');
  return sql.replace(renamer, `$1${NEXT}`).replace(/(CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?)(\w+)/gi, `$1$2${indexSuffix}`);
}

/**
 * The connection as the shadow build sees it: every statement it prepares or runs names the
 * shadow tables. The build runs the same code the incremental path runs on the tables in place.
 */
export function shadowView(db: Database.Database, indexSuffix: string): Database.Database {
  const rewritten = new Map<string, string>();
  const rename = (sql: string) => {
    let out = rewritten.get(sql);
    if (out === undefined) rewritten.set(sql, (out = shadowSql(sql, indexSuffix)));
    return out;
  };
  const view: Database.Database = new Proxy(db, {
    get(target, prop) {
      if (prop === 'prepare') return (sql: string) => target.prepare(rename(sql));
      if (prop === 'exec')
        return (sql: string) => {
          target.exec(rename(sql));
          return view;
        };
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return view;
}

const tableExists = (db: Database.Database, name: string) => (db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?").pluck().get(name) as number) > 0;

/** Drops what a recompute cut off (or one swapped in before a crash) left: shadow and old tables. */
export function dropShadow(db: Database.Database, which: 'next' | 'old' | 'both' = 'both'): void {
  for (const name of schema().names) {
    if (which !== 'old') db.exec(`DROP TABLE IF EXISTS "${name}${NEXT}"`);
    if (which !== 'next') db.exec(`DROP TABLE IF EXISTS "${name}${OLD}"`);
  }
}

/** The names of the derived tables whose old set is still there after a swap (each dropped on its own). */
export function oldTables(db: Database.Database): string[] {
  return schema()
    .names.map((n) => `${n}${OLD}`)
    .filter((n) => tableExists(db, n));
}

const ALT = '_alt';
/** The suffix the indexes of the tables in place carry: '' or ALT. */
const liveSuffix = (db: Database.Database) =>
  (db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'recon_records' AND name LIKE '%\\_alt' ESCAPE '\\'").pluck().get() as number) > 0 ? ALT : '';

/** Creates the empty shadow tables; returns the index suffix the shadow set's indexes take. */
export function createShadow(db: Database.Database): string {
  dropShadow(db);
  const suffix = liveSuffix(db) === ALT ? '' : ALT;
  db.exec(shadowSql(schema().tables, suffix));
  return suffix;
}

const live = new WeakMap<Database.Database, { version: number; sources: WeakMap<PagedSource, PagedSource> }>();
/**
 * A grid source whose ordered indexes (read with INDEXED BY, under the names the source gives)
 * are named as the tables in place have them now: every recompute's swap flips the suffix.
 */
export function withLiveIndexes(db: Database.Database, source: PagedSource): PagedSource {
  if (!source.ordered) return source;
  const version = db.pragma('schema_version', { simple: true }) as number;
  let cache = live.get(db);
  if (!cache || cache.version !== version) live.set(db, (cache = { version, sources: new WeakMap() }));
  let out = cache.sources.get(source);
  if (!out) {
    const suffix = liveSuffix(db);
    const indexes = Object.fromEntries(Object.entries(source.ordered.indexes).map(([column, name]) => [column, `${name}${suffix}`]));
    cache.sources.set(source, (out = { ...source, ordered: { ...source.ordered, indexes } }));
  }
  return out;
}

/**
 * Renames the set in place out of the way (dropped afterwards, table by table) and the shadow set
 * in, with the shadow's statistics (a rename leaves sqlite_stat* rows under the old name).
 */
export function swapShadow(db: Database.Database): void {
  const names = schema().names;
  for (const name of names) {
    db.exec(`ALTER TABLE "${name}" RENAME TO "${name}${OLD}"`);
    db.exec(`ALTER TABLE "${name}${NEXT}" RENAME TO "${name}"`);
  }
  const stats = ['sqlite_stat1', 'sqlite_stat4'].filter((t) => tableExists(db, t));
  for (const t of stats) {
    db.prepare(`DELETE FROM ${t} WHERE tbl IN (SELECT value FROM json_each(?))`).run(JSON.stringify(names));
    db.prepare(
      `UPDATE ${t} SET idx = CASE WHEN idx = tbl THEN substr(idx, 1, length(idx) - ${NEXT.length}) ELSE idx END, tbl = substr(tbl, 1, length(tbl) - ${NEXT.length})
       WHERE tbl IN (SELECT value FROM json_each(?))`,
    ).run(JSON.stringify(names.map((n) => `${n}${NEXT}`)));
  }
  // The planner reads the statistics again.
  if (stats.length) db.exec('ANALYZE sqlite_schema');
}

/**
 * An insert of these columns from a row object, bound by position: better-sqlite3 binds named
 * parameters by looking each one up on the object, which costs more than the insert itself on
 * the recompute's million rows.
 */
export function rowInserter<R extends object>(db: Database.Database, table: string, columns: readonly (keyof R & string)[], verb = 'INSERT'): (row: R) => void {
  const stmt = db.prepare(`${verb} INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
  return (row) => {
    stmt.run(...columns.map((c) => row[c]));
  };
}

const PERSON_COLUMNS = ['person_id', 'name', 'email', 'email_problem', 'status', 'contacts', 'invoices', 'paid', 'paid_minor', 'products', 'tags', 'lead_tag', 'registered_month', 'first_at', 'user_id', 'open_findings'] as const satisfies readonly (keyof PersonOut)[];
const FINDING_COLUMNS = ['id', 'queue', 'status', 'severity', 'rule', 'summary', 'proposal', 'applies', 'person_id', 'person_name', 'email', 'product', 'month', 'amount_minor', 'records', 'detail', 'fingerprint', 'decision_id', 'decided_by', 'decided_at'] as const satisfies readonly (keyof FindingOut)[];
const USER_COLUMNS = ['id', 'person_id', 'email', 'first_name', 'last_name', 'created_at', 'sources', 'decisions'] as const satisfies readonly (keyof PlanOut['users'][number])[];
const PROFILE_COLUMNS = ['id', 'person_id', 'email', 'first_name', 'last_name', 'phone', 'tags', 'acquisition_source', 'status', 'is_student', 'created_at', 'sources', 'decisions'] as const satisfies readonly (keyof PlanOut['profiles'][number])[];
const TRANSACTION_COLUMNS = ['id', 'person_id', 'rid', 'user_id', 'external_id', 'amount_minor', 'currency', 'status', 'transaction_type', 'product', 'payment_method', 'contact_email', 'metadata', 'paid_at', 'created_at', 'month', 'paid_month', 'sources', 'decisions'] as const satisfies readonly (keyof PlanOut['transactions'][number])[];
const ENROLLMENT_COLUMNS = ['id', 'person_id', 'user_id', 'course_id', 'transaction_id', 'status', 'enrolled_at', 'sources', 'decisions'] as const satisfies readonly (keyof PlanOut['enrollments'][number])[];

/** Tables that hold rows per person, deleted and rewritten when the person is derived again. */
const PER_PERSON = ['recon_people', 'recon_findings', 'recon_person_decisions', 'plan_auth_users', 'plan_profiles', 'plan_transactions', 'plan_enrollments', 'plan_affiliates'] as const;

export class DerivedWriter {
  private readonly person: (row: PersonOut) => void;
  private readonly finding: (row: FindingOut) => void;
  private readonly flags: Database.Statement;
  private readonly personDecision: Database.Statement;
  private readonly user: (row: PlanOut['users'][number]) => void;
  private readonly profile: (row: PlanOut['profiles'][number]) => void;
  private readonly transaction: (row: PlanOut['transactions'][number]) => void;
  private readonly enrollment: (row: PlanOut['enrollments'][number]) => void;
  private readonly deletes: Database.Statement[];

  constructor(private readonly db: Database.Database) {
    this.person = rowInserter(db, 'recon_people', PERSON_COLUMNS);
    this.finding = rowInserter(db, 'recon_findings', FINDING_COLUMNS);
    this.flags = db.prepare('UPDATE recon_payments SET is_test = ?, in_plan = ?, refunded_minor = ?, charged_back_minor = ? WHERE rid = ?');
    this.personDecision = db.prepare('INSERT OR IGNORE INTO recon_person_decisions (person_id, decision_id) VALUES (?, ?)');
    this.user = rowInserter(db, 'plan_auth_users', USER_COLUMNS);
    this.profile = rowInserter(db, 'plan_profiles', PROFILE_COLUMNS);
    this.transaction = rowInserter(db, 'plan_transactions', TRANSACTION_COLUMNS);
    this.enrollment = rowInserter(db, 'plan_enrollments', ENROLLMENT_COLUMNS);
    this.deletes = PER_PERSON.map((t) => db.prepare(`DELETE FROM ${t} WHERE person_id IN (SELECT value FROM json_each(?))`));
  }

  /** Removes every per-person row of these people, and their suggested merges. */
  deletePeople(personIds: readonly string[]): void {
    const list = JSON.stringify(personIds);
    for (const d of this.deletes) d.run(list);
    this.db.prepare('DELETE FROM recon_suggestions WHERE person_a IN (SELECT value FROM json_each(@list)) OR person_b IN (SELECT value FROM json_each(@list))').run({ list });
  }

  /** Writes a derived person; payment flags only where they differ from the defaults, unless `allFlags`. */
  write(d: { person: PersonOut; findings: FindingOut[]; payments: (PaymentFlags & { changed: boolean })[]; plan: PlanOut; decisions: string[] }, allFlags: boolean): number {
    this.person(d.person);
    for (const f of d.findings) this.finding(f);
    for (const p of d.payments) if (allFlags || p.changed) this.flags.run(p.is_test, p.in_plan, p.refunded_minor, p.charged_back_minor, p.rid);
    for (const id of d.decisions) this.personDecision.run(d.person.person_id, id);
    for (const u of d.plan.users) this.user(u);
    for (const p of d.plan.profiles) this.profile(p);
    for (const t of d.plan.transactions) this.transaction(t);
    for (const e of d.plan.enrollments) this.enrollment(e);
    return d.plan.users.length + d.plan.profiles.length + d.plan.transactions.length + d.plan.enrollments.length;
  }
}
