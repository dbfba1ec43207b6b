// What the push takes from the workspace: the approved plan's rows, table by table, streamed from
// the SQLite cache (never a whole table in memory), with the sign-off and the control totals it
// must reproduce in the target. A PlanSource is an interface so tests can hand the push a plan
// that was tampered with after its approval.
import type Database from 'better-sqlite3';
import type { Catalog, PlanTable } from '../../../../shared/api/reconcile.ts';
import { centavosToDecimal } from '../../domain/money.ts';
import { BinaryTextWriter, type BinaryEncodedRows, type CopyValue } from '../../pg/copy.ts';
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
  /**
   * Each row as [its plan key, ...columns] (a source may read as it goes: asynchronous, or
   * write its own binary COPY data).
   */
  rows(): Iterable<readonly CopyValue[]> | AsyncIterable<readonly CopyValue[]> | BinaryEncodedRows;
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
/**
 * What separates a row's fields in the text SQLite gives for it: as long as a binary field's
 * length, which it leaves room for. It starts with a NUL, which no PostgreSQL text can hold,
 * and has no other: no gap can begin inside a value, and a value holding one is found out.
 */
const GAP = '\0\x01\x02\x03';
const NON_ASCII = /[^\0-\x7f]/;

type Kind = PlanTableDef['columns'][number]['kind'];

/** A cached value (as text) as COPY takes it, by the column's kind (plan-tables.ts): JSON arrays become text[], objects stay JSON text. */
function copyValue(kind: Kind, v: string): CopyValue {
  switch (kind) {
    case 'money':
      return centavosToDecimal(Number(v));
    case 'bool':
      return v === '1';
    case 'json':
      return v.startsWith('[') ? (JSON.parse(v) as string[]) : v;
    default:
      return v;
  }
}

/**
 * How the push reads a plan table: its id, then the owned columns that go as they are, then
 * those converted (money, JSON…), so a row's leading fields can go to COPY as SQLite wrote them.
 */
function layoutOf(def: PlanTableDef): { name: string; from: string; kind: Kind }[] {
  const id = { name: 'id', from: 'id', kind: 'text' as Kind };
  return [id, ...def.columns.filter((c) => c.kind === 'text'), ...def.columns.filter((c) => c.kind !== 'text')];
}

/**
 * The statement reading a page of a plan table: each row as one text, its fields separated by
 * GAP, then a mask of its NULL fields (nullable columns only) and its rowid. One value per row
 * instead of one per field: handing SQLite's values to JavaScript one by one cost more than
 * reading them (profiled: push bench). Only STRICT TEXT and INTEGER columns are read, whose text
 * SQLite writes as JavaScript would (a REAL's would differ).
 */
function pageStatement(db: Database.Database, def: PlanTableDef, fields: readonly string[]): Database.Statement<[number], string> {
  const strict = db.prepare('SELECT strict FROM pragma_table_list WHERE name = ?').pluck().get(def.derived) === 1;
  const info = new Map((db.prepare('SELECT name, type, "notnull" FROM pragma_table_info(?)').all(def.derived) as { name: string; type: string; notnull: number }[]).map((c) => [c.name, c]));
  const odd = fields.filter((f) => info.get(f)?.type !== 'TEXT' && info.get(f)?.type !== 'INTEGER');
  if (!strict || odd.length) throw new Error(`${def.derived} is not read as text: ${strict ? `columns ${odd.join(', ')} are neither TEXT nor INTEGER` : 'not a STRICT table'}`);
  const nullable = (f: string) => info.get(f)!.notnull === 0;
  const values = fields.map((f) => (nullable(f) ? `coalesce("${f}", '')` : `"${f}"`));
  const nulls = fields.flatMap((f, i) => (nullable(f) ? [`(("${f}" IS NULL) << ${i})`] : [])).join(' | ') || '0';
  return db.prepare<[number], string>(`SELECT concat_ws(char(0, 1, 2, 3), ${values.join(', ')}, ${nulls}, rowid) FROM ${def.derived} WHERE rowid > ? ORDER BY rowid LIMIT ${PAGE}`).pluck();
}

/**
 * A plan table's rows, a page at a time by rowid (an index SQLite always has), only the columns
 * the target takes: the push reads every row once, so what it does not need (sources,
 * decisions) is never parsed. Iterated, they are [id, ...columns] in `layoutOf`'s order; as
 * binary COPY data, a row with no character beyond ASCII has its leading fields copied from
 * SQLite's text at once.
 */
function planTableRows(db: Database.Database, def: PlanTableDef): BinaryEncodedRows {
  const layout = layoutOf(def);
  const width = layout.length;
  const verbatim = layout.filter((c) => c.kind === 'text').length;
  const statement = () => pageStatement(db, def, layout.map((c) => c.from));
  /** The row's texts, each where its GAP begins (ends[width] ends the NULL mask); its mask and rowid. */
  const ends: number[] = new Array<number>(width + 1).fill(0);
  function parse(text: string): { nulls: number; rowid: number } {
    let at = -GAP.length;
    for (let i = 0; i <= width; i++) {
      at = text.indexOf(GAP, at + GAP.length);
      if (at < 0) break;
      ends[i] = at;
    }
    if (at < 0 || text.indexOf(GAP, at + GAP.length) >= 0) throw new Error(`a value in ${def.derived} holds a NUL character, which PostgreSQL text cannot hold`); // (any other NUL the server refuses)
    return { nulls: Number(text.slice(ends[width - 1]! + GAP.length, ends[width])), rowid: Number(text.slice(ends[width]! + GAP.length)) };
  }
  const field = (text: string, i: number, nulls: number): CopyValue => {
    if ((nulls >>> i) & 1) return null;
    const v = text.slice(i === 0 ? 0 : ends[i - 1]! + GAP.length, ends[i]);
    return i < verbatim ? v : copyValue(layout[i]!.kind, v);
  };
  function* pages(): Generator<string> {
    const stmt = statement();
    for (let after = 0; ; ) {
      const page = stmt.all(after);
      if (!page.length) return;
      yield* page;
      after = parse(page.at(-1)!).rowid;
    }
  }
  return {
    *[Symbol.iterator]() {
      for (const text of pages()) {
        const { nulls } = parse(text);
        const row: CopyValue[] = [];
        for (let i = 0; i < width; i++) row.push(field(text, i, nulls));
        yield row;
      }
    },
    *binaryChunks(fields: number) {
      if (fields !== width) throw new Error(`a row of ${def.derived} has ${width} values for ${fields} columns`);
      const writer = new BinaryTextWriter();
      for (const text of pages()) {
        const { nulls } = parse(text);
        writer.tuple(width);
        let i = 0;
        if (!NON_ASCII.test(text)) {
          writer.laidOut(text, ends, verbatim, nulls);
          i = verbatim;
        }
        for (; i < width; i++) writer.field(field(text, i, nulls));
        if (writer.pending) yield* writer.take();
      }
      yield* writer.end();
    },
  };
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
      columns: layoutOf(def).slice(1).map((c) => c.name),
      count: db.prepare(`SELECT count(*) FROM ${def.derived}`).pluck().get() as number,
      rows: () => planTableRows(db, def),
    })),
    controlTotals: controlTotalsOf(db),
    approved: { rows: facts.rows, amountMinor: facts.amountMinor },
  };
}
