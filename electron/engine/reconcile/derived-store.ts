// The derived tables: created from sql/sqlite/reconcile/derived.sql (rebuilt whole when their
// shape changes with an app version), and the statements that write and delete a person's rows.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { sqlDir } from '../paths.ts';
import type { FindingOut, PaymentFlags, PersonOut, PlanOut } from './derive-person.ts';

/** Bump when derived.sql or its index files change: the tables are rebuilt and recomputed. */
export const DERIVED_VERSION = 8;

const read = (name: string) => readFileSync(join(sqlDir(), 'sqlite', 'reconcile', name), 'utf8');
let ddl: { tables: string; lookup: string; grid: string; names: string[] } | null = null;
function schema() {
  if (!ddl) {
    const tables = read('derived.sql');
    ddl = { tables, lookup: read('lookup-indexes.sql'), grid: read('grid-indexes.sql'), names: [...tables.matchAll(/CREATE TABLE (\w+)/g)].map((m) => m[1]!) };
  }
  return ddl;
}

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
  for (const name of s.names) db.exec(`DROP TABLE IF EXISTS "${name}"`);
  db.exec(s.tables);
  setMeta(db, 'derived_version', String(DERIVED_VERSION));
}

/** 'lookup': what the per-person reads need; 'grid': the rest (built after a full recompute's inserts). */
export function indexDerived(db: Database.Database, which: 'lookup' | 'grid'): void {
  db.exec(schema()[which]);
}

const insertSql = (table: string, columns: readonly string[]) =>
  `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`;

const PERSON_COLUMNS = ['person_id', 'name', 'email', 'email_problem', 'status', 'contacts', 'invoices', 'paid', 'paid_minor', 'products', 'tags', 'lead_tag', 'registered_month', 'first_at', 'user_id', 'open_findings'] as const satisfies readonly (keyof PersonOut)[];
const FINDING_COLUMNS = ['id', 'queue', 'status', 'severity', 'rule', 'summary', 'proposal', 'applies', 'person_id', 'person_name', 'email', 'product', 'month', 'amount_minor', 'records', 'detail', 'fingerprint', 'decision_id', 'decided_by', 'decided_at'] as const satisfies readonly (keyof FindingOut)[];
const USER_COLUMNS = ['id', 'person_id', 'email', 'first_name', 'last_name', 'created_at', 'sources', 'decisions'] as const;
const PROFILE_COLUMNS = ['id', 'person_id', 'email', 'first_name', 'last_name', 'phone', 'tags', 'acquisition_source', 'status', 'is_student', 'created_at', 'sources', 'decisions'] as const;
const TRANSACTION_COLUMNS = ['id', 'person_id', 'rid', 'user_id', 'external_id', 'amount_minor', 'currency', 'status', 'transaction_type', 'product', 'payment_method', 'contact_email', 'metadata', 'paid_at', 'created_at', 'month', 'paid_month', 'sources', 'decisions'] as const;
const ENROLLMENT_COLUMNS = ['id', 'person_id', 'user_id', 'course_id', 'transaction_id', 'status', 'enrolled_at', 'sources', 'decisions'] as const;

/** Tables that hold rows per person, deleted and rewritten when the person is derived again. */
const PER_PERSON = ['recon_people', 'recon_findings', 'recon_person_decisions', 'plan_auth_users', 'plan_profiles', 'plan_transactions', 'plan_enrollments', 'plan_affiliates'] as const;

export class DerivedWriter {
  private readonly person: Database.Statement;
  private readonly finding: Database.Statement;
  private readonly flags: Database.Statement;
  private readonly personDecision: Database.Statement;
  private readonly user: Database.Statement;
  private readonly profile: Database.Statement;
  private readonly transaction: Database.Statement;
  private readonly enrollment: Database.Statement;
  private readonly deletes: Database.Statement[];

  constructor(private readonly db: Database.Database) {
    this.person = db.prepare(insertSql('recon_people', PERSON_COLUMNS));
    this.finding = db.prepare(insertSql('recon_findings', FINDING_COLUMNS));
    this.flags = db.prepare('UPDATE recon_payments SET is_test = @is_test, in_plan = @in_plan, refunded_minor = @refunded_minor, charged_back_minor = @charged_back_minor WHERE rid = @rid');
    this.personDecision = db.prepare('INSERT OR IGNORE INTO recon_person_decisions (person_id, decision_id) VALUES (?, ?)');
    this.user = db.prepare(insertSql('plan_auth_users', USER_COLUMNS));
    this.profile = db.prepare(insertSql('plan_profiles', PROFILE_COLUMNS));
    this.transaction = db.prepare(insertSql('plan_transactions', TRANSACTION_COLUMNS));
    this.enrollment = db.prepare(insertSql('plan_enrollments', ENROLLMENT_COLUMNS));
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
    this.person.run(d.person);
    for (const f of d.findings) this.finding.run(f);
    for (const { changed, ...p } of d.payments) if (allFlags || changed) this.flags.run(p);
    for (const id of d.decisions) this.personDecision.run(d.person.person_id, id);
    for (const u of d.plan.users) this.user.run(u);
    for (const p of d.plan.profiles) this.profile.run(p);
    for (const t of d.plan.transactions) this.transaction.run(t);
    for (const e of d.plan.enrollments) this.enrollment.run(e);
    return d.plan.users.length + d.plan.profiles.length + d.plan.transactions.length + d.plan.enrollments.length;
  }
}
