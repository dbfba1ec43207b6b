// What the push takes from the workspace: the approved plan's rows, table by table, streamed from
// the SQLite cache (never a whole table in memory), with the sign-off and the control totals it
// must reproduce in the target. A PlanSource is an interface so tests can hand the push a plan
// that was tampered with after its approval.
import type Database from 'better-sqlite3';
import type { Catalog, PlanTable } from '../../../../shared/api/reconcile.ts';
import { centavosToDecimal } from '../../domain/money.ts';
import type { CopyValue } from '../../pg/copy.ts';
import { planTableDefs, type PlanTableDef } from '../../reconcile/plan-tables.ts';

/** One group of the control totals, amounts as exact decimals ("1300.00"). */
export interface ControlTotal {
  transaction_type: string;
  status: string;
  currency: string;
  month: string;
  rows: number;
  amount: string;
}

export interface PlanTableSource {
  table: PlanTable;
  /** The owned columns, in the target's names, in the order rows() gives them. */
  columns: readonly string[];
  count: number;
  /** Each row as [its plan key, ...columns] (a source may read as it goes: asynchronous). */
  rows(): Iterable<readonly CopyValue[]> | AsyncIterable<readonly CopyValue[]>;
}

export interface PlanSource {
  sha256: string;
  approvedBy: string;
  approvedAt: string;
  /** The business time zone the plan's months are in. */
  timeZone: string;
  /** The target's status vocabulary: the values the catalog maps source statuses to. */
  statusVocabulary: readonly string[];
  tables: readonly PlanTableSource[];
  /** The approved plan's transactions per transaction_type × status × currency × month. */
  controlTotals: readonly ControlTotal[];
  /** The sign-off's figures: every plan row and the transactions' sum. */
  approved: { rows: number; amountMinor: number };
}

export function controlTotalsOf(db: Database.Database): ControlTotal[] {
  const groups = db
    .prepare(
      `SELECT transaction_type, status, currency, month, count(*) AS rows, sum(amount_minor) AS minor
         FROM plan_transactions GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    )
    .all() as (Omit<ControlTotal, 'amount'> & { minor: number })[];
  return groups.map(({ minor, ...g }) => ({ ...g, amount: centavosToDecimal(minor) }));
}

/** Rows per read: small enough that a page dies young (the collector never copies it to the old space). */
const PAGE = 1_000;

/** A cached value as COPY takes it, by the column's kind (plan-tables.ts): JSON arrays become text[], objects stay JSON text. */
function copyValue(kind: PlanTableDef['columns'][number]['kind'], v: unknown): CopyValue {
  if (v === null || v === undefined) return null;
  switch (kind) {
    case 'money':
      return centavosToDecimal(Number(v));
    case 'bool':
      return v === 1;
    case 'json':
      return typeof v === 'string' && v.startsWith('[') ? (JSON.parse(v) as string[]) : (v as string);
    default:
      return v as CopyValue;
  }
}

/**
 * A plan table's rows as [id, ...owned columns], a page at a time by rowid (an index SQLite
 * always has), only the columns the target takes: the push reads every row once, so what it
 * does not need (sources, decisions) is never parsed. Each row is the array SQLite gave, its
 * rowid (read last) popped and only the columns that are not text as they are converted in place.
 */
function* copyRowsOf(db: Database.Database, def: PlanTableDef): Generator<readonly CopyValue[]> {
  const columns = def.columns.map((c) => `"${c.from}"`);
  const stmt = db.prepare(`SELECT id${columns.map((c) => `, ${c}`).join('')}, rowid FROM ${def.derived} WHERE rowid > ? ORDER BY rowid LIMIT ${PAGE}`).raw();
  const converted = def.columns.flatMap((c, i) => (c.kind === 'text' ? [] : [{ at: i + 1, kind: c.kind }]));
  for (let after = 0; ; ) {
    const page = stmt.all(after) as unknown[][];
    if (!page.length) return;
    for (const r of page) {
      after = r.pop() as number;
      for (const { at, kind } of converted) r[at] = copyValue(kind, r[at]);
      yield r as CopyValue[];
    }
  }
}

/** The plan in the workspace cache as the push reads it. */
export function sqlitePlanSource(
  db: Database.Database,
  facts: { sha256: string; approvedBy: string; approvedAt: string; rows: number; amountMinor: number; timeZone: string; catalog: Catalog },
): PlanSource {
  return {
    sha256: facts.sha256,
    approvedBy: facts.approvedBy,
    approvedAt: facts.approvedAt,
    timeZone: facts.timeZone,
    statusVocabulary: [...new Set(Object.values(facts.catalog.statuses))].sort(),
    tables: planTableDefs.map((def) => ({
      table: def.table,
      columns: def.columns.map((c) => c.name),
      count: db.prepare(`SELECT count(*) FROM ${def.derived}`).pluck().get() as number,
      rows: () => copyRowsOf(db, def),
    })),
    controlTotals: controlTotalsOf(db),
    approved: { rows: facts.rows, amountMinor: facts.amountMinor },
  };
}
