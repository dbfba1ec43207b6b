// Runs derivePerson over people — all of them a range at a time (in person order, so a range's
// records, payments and ledger rows come from three index range reads), or the few a decision
// touched — and writes what it derives.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Catalog } from '../../../shared/api/reconcile.ts';
import { productByKey } from './catalog.ts';
import { derivePerson, type DeriveEnv, type LedgerIn, type PaymentIn, type RecordIn, type Resolution } from './derive-person.ts';
import { DerivedWriter } from './derived-store.ts';

const CHUNK = 2_000;

/** A name-based UUID (version 5 layout over SHA-1), so ids are the same in every workspace with the same data. */
export function stableUuid(name: string): string {
  const h = createHash('sha1').update(`cutover:${name}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** The decisions in force, as derivePerson looks them up. */
export function deriveEnv(db: Database.Database, catalog: Catalog, clock: DeriveEnv['clock']): DeriveEnv {
  const resolutions = new Map<string, Resolution>();
  for (const r of db.prepare('SELECT finding_id, value, basis, decision_id, reviewer, decided_at FROM recon_resolutions WHERE stale_reason IS NULL').all() as {
    finding_id: string;
    value: 'approve' | 'reject';
    basis: string;
    decision_id: string;
    reviewer: string;
    decided_at: string;
  }[]) {
    resolutions.set(r.finding_id, { value: r.value, basis: r.basis, decisionId: r.decision_id, reviewer: r.reviewer, decidedAt: r.decided_at });
  }
  const byRecord = new Map<string, string[]>();
  for (const o of db.prepare('SELECT rid, decision_id FROM recon_overrides WHERE stale_reason IS NULL').all() as { rid: string; decision_id: string }[]) {
    byRecord.set(o.rid, [...(byRecord.get(o.rid) ?? []), o.decision_id]);
  }
  const byKey = new Map<string, string[]>();
  for (const l of db.prepare('SELECT a, b, decision_id FROM recon_links WHERE stale_reason IS NULL').all() as { a: string; b: string; decision_id: string }[]) {
    for (const k of [l.a, l.b]) byKey.set(k, [...(byKey.get(k) ?? []), l.decision_id]);
  }
  const none: readonly string[] = [];
  return {
    catalog,
    products: productByKey(catalog),
    clock,
    resolution: (id) => resolutions.get(id),
    recordDecisions: (rid) => byRecord.get(rid) ?? none,
    keyDecisions: (key) => byKey.get(key) ?? none,
    uuid: stableUuid,
  };
}

// Rows are read as arrays and shaped here: better-sqlite3 builds arrays faster than objects, and
// these reads are most of a full recompute's time.
const RECORD_COLUMNS = 'person_id, rid, kind, email, email_key, email_problem, first_name, last_name, phone, tags, at, key, test_rule, test_override, excluded';
type Row = unknown[];
const recordOf = (r: Row): RecordIn => ({
  rid: r[1] as string,
  kind: r[2] as RecordIn['kind'],
  email: r[3] as string | null,
  email_key: r[4] as string,
  email_problem: r[5] as string | null,
  first_name: r[6] as string | null,
  last_name: r[7] as string | null,
  phone: r[8] as string | null,
  tags: r[9] as string,
  at: r[10] as string,
  key: r[11] as string,
  test_rule: r[12] as string | null,
  test_override: r[13] as number | null,
  excluded: r[14] as number,
});
const PAYMENT_COLUMNS =
  'person_id, rid, invoice_id, external_id, email, description, product, product_rule, status, meaning, amount_minor, expected_minor, currency, created_at, paid_at, month, paid_month, payment_method, test_rule, test_override, excluded';
const paymentOf = (r: Row): PaymentIn => ({
  rid: r[1] as string,
  invoice_id: r[2] as string,
  external_id: r[3] as string,
  email: r[4] as string | null,
  description: r[5] as string | null,
  product: r[6] as string,
  product_rule: r[7] as string,
  status: r[8] as string,
  meaning: r[9] as PaymentIn['meaning'],
  amount_minor: r[10] as number,
  expected_minor: r[11] as number | null,
  currency: r[12] as string,
  created_at: r[13] as string,
  paid_at: r[14] as string | null,
  month: r[15] as string,
  paid_month: r[16] as string | null,
  payment_method: r[17] as string | null,
  test_rule: r[18] as string | null,
  test_override: r[19] as number | null,
  excluded: r[20] as number,
});
const LEDGER_COLUMNS = 'person_id, id, kind, rid, status, succeeded, amount_minor, currency, at, month, reason';
const ledgerOf = (r: Row): LedgerIn => ({
  id: r[1] as string,
  kind: r[2] as LedgerIn['kind'],
  rid: r[3] as string,
  status: r[4] as string,
  succeeded: r[5] as number,
  amount_minor: r[6] as number,
  currency: r[7] as string,
  at: r[8] as string,
  month: r[9] as string,
  reason: r[10] as string | null,
});

/** Rows (person id first) shaped and grouped by person. */
function group<T>(rows: Row[], shape: (r: Row) => T): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const person = r[0] as string;
    const g = out.get(person);
    if (g) g.push(shape(r));
    else out.set(person, [shape(r)]);
  }
  return out;
}

export interface DeriveStats {
  people: number;
  findings: number;
  planRows: number;
}

function deriveGroup(db: Database.Database, env: DeriveEnv, writer: DerivedWriter, where: string, params: unknown[], stats: DeriveStats, allFlags: boolean): void {
  const read = (columns: string, table: string) => db.prepare(`SELECT ${columns} FROM ${table} WHERE ${where}`).raw().all(...params) as Row[];
  const records = group(read(RECORD_COLUMNS, 'recon_records'), recordOf);
  const payments = group(read(PAYMENT_COLUMNS, 'recon_payments'), paymentOf);
  const ledger = group(read(LEDGER_COLUMNS, 'recon_ledger'), ledgerOf);
  for (const [personId, rs] of records) {
    const d = derivePerson(personId, rs, payments.get(personId) ?? [], ledger.get(personId) ?? [], env);
    stats.planRows += writer.write(d, allFlags);
    stats.people++;
    stats.findings += d.findings.length;
  }
}

/**
 * Every person, a range of person ids at a time in person order: the plain leads of the range
 * by their one statement (plain-leads.sql), the rest of it through derivePerson.
 */
export class FullDerivation {
  private readonly writer: DerivedWriter;
  private readonly next: Database.Statement;
  private readonly plain: Database.Statement;
  readonly stats: DeriveStats = { people: 0, findings: 0, planRows: 0 };

  constructor(
    private readonly db: Database.Database,
    private readonly env: DeriveEnv,
    plainLeadsSql: string,
  ) {
    this.writer = new DerivedWriter(db);
    this.next = db.prepare(`SELECT DISTINCT person_id FROM recon_records WHERE person_id > ? ORDER BY person_id LIMIT ${CHUNK}`).pluck();
    this.plain = db.prepare(plainLeadsSql);
  }

  /** Derives the next range of people after `after`; returns its last person id, or null when none are left. */
  chunk(after: string): string | null {
    const ids = this.next.all(after) as string[];
    if (!ids.length) return null;
    const range = { from: ids[0]!, to: ids.at(-1)! };
    this.stats.people += this.plain.run(range).changes;
    const where = 'person_id BETWEEN @from AND @to AND person_id NOT IN (SELECT person_id FROM recon_people WHERE person_id BETWEEN @from AND @to)';
    deriveGroup(this.db, this.env, this.writer, where, [range], this.stats, false);
    return range.to;
  }
}

/** Removes and derives again these people (ids that no longer exist are only removed). */
export function deriveSome(db: Database.Database, env: DeriveEnv, people: readonly string[]): DeriveStats {
  const writer = new DerivedWriter(db);
  writer.deletePeople(people);
  const stats: DeriveStats = { people: 0, findings: 0, planRows: 0 };
  for (let i = 0; i < people.length; i += 500) {
    deriveGroup(db, env, writer, 'person_id IN (SELECT value FROM json_each(?))', [JSON.stringify(people.slice(i, i + 500))], stats, true);
  }
  return stats;
}
