// The approved plan's tables as the target sees them: for each target table, the derived table
// holding its rows, its key, and the columns the migration owns (from the sources). Every other
// column of a row that already exists in production is the target's to copy from production.
// Each row also carries its person, the source records behind it and the decisions that shaped it.
import type Database from 'better-sqlite3';
import type { PlanTable } from '../../../shared/api/reconcile.ts';
import { centavosToDecimal } from '../domain/money.ts';

type ColumnKind = 'text' | 'int' | 'bool' | 'json' | 'money';

export interface PlanTableDef {
  table: PlanTable;
  derived: string;
  key: 'id';
  /** Owned columns, in the target's names, each read from a derived column. */
  columns: readonly { name: string; from: string; kind: ColumnKind }[];
  note: string;
}

const col = (name: string, kind: ColumnKind = 'text', from = name) => ({ name, from, kind });

export const planTableDefs: readonly PlanTableDef[] = [
  {
    table: 'auth_users',
    derived: 'plan_auth_users',
    key: 'id',
    columns: [col('id'), col('email'), col('created_at'), col('first_name'), col('last_name')],
    note: 'New users; an existing user with the same lower(email) keeps its production id. first_name/last_name go to raw_user_meta_data.',
  },
  {
    table: 'unified_profiles',
    derived: 'plan_profiles',
    key: 'id',
    columns: [col('id'), col('email'), col('first_name'), col('last_name'), col('phone'), col('tags', 'json'), col('acquisition_source'), col('created_at')],
    note: 'One per auth user; flags the app maintains (is_student, is_affiliate, …) are the target\'s.',
  },
  {
    table: 'transactions',
    derived: 'plan_transactions',
    key: 'id',
    columns: [
      col('id'),
      col('user_id'),
      col('external_id'),
      col('amount', 'money', 'amount_minor'),
      col('currency'),
      col('status'),
      col('transaction_type'),
      col('payment_method'),
      col('contact_email'),
      col('metadata', 'json'),
      col('paid_at'),
      col('created_at'),
    ],
    note: 'Paid invoices and approved manual payments; user_id is null for buyers without an account (Canva, store).',
  },
  {
    table: 'enrollments',
    derived: 'plan_enrollments',
    key: 'id',
    columns: [col('id'), col('user_id'), col('course_id'), col('transaction_id'), col('status'), col('enrolled_at')],
    note: 'One per user and course (UNIQUE (user_id, course_id)).',
  },
  {
    table: 'affiliates',
    derived: 'plan_affiliates',
    key: 'id',
    columns: [],
    note: 'No source carries affiliate data: every affiliate row and column is copied from production.',
  },
];

function value(kind: ColumnKind, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (kind) {
    case 'json':
      return JSON.parse(String(v)) as unknown;
    case 'money':
      return centavosToDecimal(Number(v));
    case 'bool':
      return v === 1;
    default:
      return v;
  }
}

/** A plan row as the target takes it: owned columns in order, then person, sources and decisions. */
export function planRow(def: PlanTableDef, r: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of def.columns) out[c.name] = value(c.kind, r[c.from]);
  out.person = r.person_id;
  out.sources = JSON.parse(String(r.sources)) as unknown;
  out.decisions = JSON.parse(String(r.decisions)) as unknown;
  return out;
}

/** The rows of a plan table, in key order, a page at a time (never the whole table in memory). */
export function* planRows(db: Database.Database, def: PlanTableDef, where = '1', params: unknown[] = []): Generator<Record<string, unknown>> {
  const stmt = db.prepare(`SELECT * FROM ${def.derived} WHERE (${where}) AND id > ? ORDER BY id LIMIT 2000`);
  for (let after = ''; ; ) {
    const rows = stmt.all(...params, after) as Record<string, unknown>[];
    if (!rows.length) return;
    for (const r of rows) yield planRow(def, r);
    after = String(rows.at(-1)!.id);
  }
}
