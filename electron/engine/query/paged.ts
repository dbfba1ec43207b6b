// Builds and runs the SQL for one page of a grid (shared/api/paged.ts) over a declared source:
// which columns exist, the SQL expression behind each, and what may be filtered, sorted, faceted,
// summed and searched. Column names from a request are looked up in that declaration, never
// spliced into SQL; every value is a bound parameter. Building is apart from running, so tests
// can read the SQL.
import type Database from 'better-sqlite3';
import { errors } from '../../../shared/api/errors.ts';
import type { ColumnFilter, Page, ParsedPageRequest, Scalar } from '../../../shared/api/paged.ts';

export type ColumnType = 'text' | 'integer' | 'real';

export interface PagedColumn {
  /** The SQL expression over the source's FROM clause. */
  sql: string;
  type: ColumnType;
  sortable?: boolean;
  facet?: boolean;
  /** Summed over the matching rows (e.g. an amount in centavos). */
  sum?: boolean;
  /** Matched by the free-text search. */
  search?: boolean;
  /** Never NULL: sorted on as it is (an index on the bare column matches the sort key). */
  notNull?: boolean;
}

export interface PagedSource {
  /** What follows FROM: a table, a view, or joins. Fixed text from the code, never from a request. */
  from: string;
  /** A condition every row of this source meets (e.g. one queue of a findings table), with its parameters. */
  where?: { sql: string; params: unknown[] };
  /** An expression unique per row, the final tie-breaker of every sort and the grid's stable row id. */
  id: { sql: string; type: 'text' | 'integer' };
  columns: Record<string, PagedColumn>;
  /** The order when the request asks for none. */
  defaultSort?: { column: string; dir: 'asc' | 'desc' }[];
  /**
   * Pick the page's ids first (from an index that covers the filters and sort keys, without
   * reading rows), then read only those rows: for large sources whose rows are wide. The id
   * expression must be indexed.
   */
  narrow?: boolean;
  /**
   * Indexes that give a page its order, so no page sorts the matching rows: per sort column (and
   * `''` for the id order), an index on (scope, sort key, id) — the key spelled exactly as the
   * sort key (see sortKeySql). A page sorted on one such column reads that index: a request fixing
   * the scope by `eq` seeks into it; one that does not asks for each scope value in turn (`scope IN
   * (…)`, which SQLite pages from the index too, stopping each value's scan at the limit). `from`
   * must then be one table (with its alias).
   */
  ordered?: { scope: string; indexes: Readonly<Record<string, string>> };
}

export interface Sql {
  sql: string;
  params: unknown[];
}

export interface PageQueries {
  rows: Sql;
  total: Sql | null;
  facets: Record<string, Sql>;
}

const FACET_LIMIT = 50;

function column(source: PagedSource, name: string, use: 'filter' | 'sortable' | 'facet'): PagedColumn {
  const col = Object.prototype.hasOwnProperty.call(source.columns, name) ? source.columns[name] : undefined;
  if (!col) throw errors.badInput(`There is no column "${name}" here.`, [{ path: 'column', message: `unknown column ${name}` }]);
  if (use === 'sortable' && col.sortable === false) throw errors.badInput(`Column "${name}" cannot be sorted.`);
  if (use === 'facet' && !col.facet) throw errors.badInput(`Column "${name}" has no facet.`);
  return col;
}

/**
 * A sort expression that is never NULL, so keyset comparisons hold (NULLs sort first). An index
 * that gives this order must spell its key the same way (electron/engine/query/paged.ts's tests
 * check the plans).
 */
export function sortKeySql(col: PagedColumn): string {
  if (col.notNull) return col.sql;
  return col.type === 'text' ? `coalesce(${col.sql}, '')` : `coalesce(${col.sql}, -9.0e18)`;
}

/** `col IN (values occurring more than once among the source's rows)`: the duplicates facet's test. */
function duplicated(source: PagedSource, col: PagedColumn): Sql {
  const where = source.where ? `WHERE ${source.where.sql}` : '';
  return {
    sql: `${col.sql} IN (SELECT ${col.sql} FROM ${source.from} ${where} GROUP BY 1 HAVING count(*) > 1)`,
    params: source.where ? [...source.where.params] : [],
  };
}

function filterSql(source: PagedSource, col: PagedColumn, f: ColumnFilter): Sql {
  const v = f.value === undefined ? null : toSqlValue(f.value);
  switch (f.op) {
    case 'eq':
      return v === null ? { sql: `${col.sql} IS NULL`, params: [] } : { sql: `${col.sql} = ?`, params: [v] };
    case 'neq':
      return v === null ? { sql: `${col.sql} IS NOT NULL`, params: [] } : { sql: `(${col.sql} IS NULL OR ${col.sql} <> ?)`, params: [v] };
    case 'in': {
      const values = (f.values ?? []).map(toSqlValue);
      if (!values.length) return { sql: '0', params: [] };
      const some = values.filter((x) => x !== null);
      const parts = some.length ? [`${col.sql} IN (${some.map(() => '?').join(', ')})`] : [];
      if (values.includes(null)) parts.push(`${col.sql} IS NULL`);
      return { sql: `(${parts.join(' OR ')})`, params: some };
    }
    case 'contains':
      return { sql: `instr(lower(${col.sql}), lower(?)) > 0`, params: [String(f.value ?? '')] };
    case 'gte':
      return { sql: `${col.sql} >= ?`, params: [v] };
    case 'lte':
      return { sql: `${col.sql} <= ?`, params: [v] };
    case 'blank':
      return { sql: col.type === 'text' ? `coalesce(${col.sql}, '') = ''` : `${col.sql} IS NULL`, params: [] };
    case 'notblank':
      return { sql: col.type === 'text' ? `coalesce(${col.sql}, '') <> ''` : `${col.sql} IS NOT NULL`, params: [] };
    case 'duplicate':
      return duplicated(source, col);
    case 'unique': {
      const d = duplicated(source, col);
      // A blank value is no duplicate: NULL IN (…) is NULL, read as false.
      return { sql: `NOT coalesce(${d.sql}, 0)`, params: d.params };
    }
  }
}

function toSqlValue(v: Scalar): string | number | null {
  return typeof v === 'boolean' ? (v ? 1 : 0) : v;
}

/** The WHERE clause for the request's filters and search, leaving out filters on `except`. */
function whereFor(source: PagedSource, req: ParsedPageRequest, except?: string): Sql {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (source.where) {
    parts.push(`(${source.where.sql})`);
    params.push(...source.where.params);
  }
  for (const f of req.filters) {
    const col = column(source, f.column, 'filter');
    if (f.column === except) continue;
    const s = filterSql(source, col, f);
    parts.push(s.sql);
    params.push(...s.params);
  }
  const text = req.search.trim();
  if (text) {
    const searchable = Object.values(source.columns).filter((c) => c.search);
    if (searchable.length) {
      parts.push(`(${searchable.map((c) => `instr(lower(coalesce(${c.sql}, '')), lower(?)) > 0`).join(' OR ')})`);
      params.push(...searchable.map(() => text));
    }
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

interface OrderKey {
  expr: string;
  dir: 'asc' | 'desc';
}

function orderKeys(source: PagedSource, req: ParsedPageRequest): OrderKey[] {
  const sort = req.sort.length ? req.sort : (source.defaultSort ?? []);
  const keys = sort.map((s) => ({ expr: sortKeySql(column(source, s.column, 'sortable')), dir: s.dir }));
  keys.push({ expr: source.id.sql, dir: keys.at(-1)?.dir ?? 'asc' });
  return keys;
}

/**
 * `(a, b, id) > (x, y, z)` in the keys' own directions, spelled out so mixed directions work (and
 * because SQLite seeks an index by the OR form's first key, not by a row value), after the
 * implied `a >= x`, the bound an index range starts from.
 */
function keysetCondition(keys: OrderKey[], values: unknown[]): Sql {
  const first = keys[0]!;
  const ors: string[] = [];
  const params: unknown[] = [values[0]];
  keys.forEach((key, i) => {
    const ands = keys.slice(0, i).map((k) => `${k.expr} = ?`);
    ands.push(`${key.expr} ${key.dir === 'asc' ? '>' : '<'} ?`);
    ors.push(`(${ands.join(' AND ')})`);
    params.push(...values.slice(0, i), values[i]);
  });
  return { sql: `${first.expr} ${first.dir === 'asc' ? '>=' : '<='} ? AND (${ors.join(' OR ')})`, params };
}

export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

function decodeCursor(cursor: string, length: number): unknown[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw errors.badInput('The page cursor is not one this engine gave out; start from the first page.');
  }
  if (!Array.isArray(values) || values.length !== length || values.some((v) => typeof v !== 'string' && typeof v !== 'number')) {
    throw errors.badInput('The page cursor does not fit this sort; start from the first page.');
  }
  return values;
}

/** Filters an index on other columns might seek better than a scan of the order's index. */
const SEEKING_OPS = new Set<ColumnFilter['op']>(['eq', 'in', 'gte', 'lte']);

/**
 * Which of the source's ordered indexes (PagedSource.ordered) gives this request its order, and
 * whether the request fixes the scope (else the page needs the scope's values, see scopeValues).
 * None when the order has several keys or no index, or when a request that leaves the scope open
 * filters by something another index may find faster (a person's findings).
 */
export function orderIndex(source: PagedSource, req: ParsedPageRequest): { index: string; scoped: boolean } | null {
  const o = source.ordered;
  if (!o) return null;
  const sort = req.sort.length ? req.sort : (source.defaultSort ?? []);
  if (sort.length > 1) return null;
  const index = Object.prototype.hasOwnProperty.call(o.indexes, sort[0]?.column ?? '') ? o.indexes[sort[0]?.column ?? ''] : undefined;
  if (!index) return null;
  const scoped = req.filters.some((f) => f.column === o.scope && f.op === 'eq' && f.value !== null && f.value !== undefined);
  // Across the scope in id order, the table's own key (or its id index) serves better.
  if (!scoped && sort.length === 0) return null;
  if (!scoped && req.filters.some((f) => f.column !== o.scope && SEEKING_OPS.has(f.op))) return null;
  return { index, scoped };
}

/**
 * What the database's contents are at: it moves on with every write on this connection
 * (total_changes), every commit by another (data_version) and every schema change (a
 * recompute's swap), so a value read from it at one state is current while the state holds.
 */
export function dataState(db: Database.Database): string {
  const changes = db.prepare('SELECT total_changes()').pluck().get() as number;
  return `${db.pragma('schema_version', { simple: true })}:${db.pragma('data_version', { simple: true })}:${changes}`;
}

/** Per connection, per source's rows (FROM and WHERE): its scope's values and the state they were read at. */
const scopeCache = new WeakMap<Database.Database, Map<string, { state: string; values: Scalar[] }>>();

/**
 * The scope's values, for a page of an ordered source that leaves the scope open. Reading them
 * scans the source, so they are kept until the data changes (a recompute, a decision), not read
 * again for every page of a scroll.
 */
export function scopeValues(db: Database.Database, source: PagedSource): Scalar[] {
  const col = column(source, source.ordered!.scope, 'filter');
  const sql = `SELECT DISTINCT ${col.sql} FROM ${source.from} ${source.where ? `WHERE ${source.where.sql}` : ''}`;
  const params = source.where?.params ?? [];
  const key = `${sql}\u0000${JSON.stringify(params)}`;
  let cache = scopeCache.get(db);
  if (!cache) scopeCache.set(db, (cache = new Map()));
  const state = dataState(db);
  const hit = cache.get(key);
  if (hit && hit.state === state) return hit.values;
  const values = db.prepare(sql).pluck().all(...params) as Scalar[];
  cache.set(key, { state, values });
  return values;
}

/**
 * The SQL for a page, its total and its facets. `select` names the columns each row carries;
 * `scope` the scope's values when orderIndex says the request leaves it open (without them the
 * page is left to the query planner).
 */
export function buildPage(source: PagedSource, req: ParsedPageRequest, select: readonly string[] = Object.keys(source.columns), scope?: readonly Scalar[]): PageQueries {
  const where = whereFor(source, req);
  const keys = orderKeys(source, req);
  const cursorValues = req.cursor ? decodeCursor(req.cursor, keys.length) : null;
  const conds: string[] = where.sql ? [where.sql.slice('WHERE '.length)] : [];
  const params = [...where.params];
  // The page reads its order from an index, named, so the planner never sorts the whole scope
  // instead because another index looked more selective (a filter it cannot estimate).
  const ordered = orderIndex(source, req);
  let from = source.from;
  if (ordered && (ordered.scoped || (scope && scope.length > 0 && scope.length <= 100))) {
    from = `${source.from} INDEXED BY "${ordered.index}"`;
    if (!ordered.scoped) {
      const s = scope!.map(toSqlValue);
      conds.push(`${column(source, source.ordered!.scope, 'filter').sql} IN (${s.map(() => '?').join(', ')})`);
      params.push(...s);
    }
  }
  if (cursorValues) {
    const k = keysetCondition(keys, cursorValues);
    conds.push(k.sql);
    params.push(...k.params);
  }
  const selected = select.map((name) => `${column(source, name, 'filter').sql} AS "${name.replaceAll('"', '""')}"`);
  const keyCols = keys.map((k, i) => `${k.expr} AS "__k${i}"`);
  // One row more than asked tells whether there is a next page.
  params.push(req.limit + 1, req.offset);
  const order = `ORDER BY ${keys.map((k) => `${k.expr} ${k.dir.toUpperCase()}`).join(', ')}`;
  const matching = `FROM ${from} ${conds.length ? `WHERE ${conds.join(' AND ')}` : ''} ${order} LIMIT ? OFFSET ?`;
  const columns = [`${source.id.sql} AS "__id"`, ...selected, ...keyCols].join(', ');
  const rows: Sql = {
    sql: source.narrow ? `SELECT ${columns} FROM ${source.from} WHERE ${source.id.sql} IN (SELECT ${source.id.sql} ${matching}) ${order}` : `SELECT ${columns} ${matching}`,
    params,
  };
  let total: Sql | null = null;
  if (req.withTotals) {
    const sums = Object.entries(source.columns)
      .filter(([, c]) => c.sum)
      .map(([name, c]) => `coalesce(sum(${c.sql}), 0) AS "${name.replaceAll('"', '""')}"`);
    total = { sql: `SELECT ${['count(*) AS "__total"', ...sums].join(', ')} FROM ${source.from} ${where.sql}`, params: where.params };
  }
  const facets: Record<string, Sql> = {};
  for (const name of req.facets) facets[name] = facetSql(source, req, name);
  return { rows, total, facets };
}

/** A facet: `column` (its values), `blank:column` (blank or not) or `dup:column` (duplicated or unique). */
function facetSql(source: PagedSource, req: ParsedPageRequest, name: string): Sql {
  const m = /^(blank|dup):(.+)$/.exec(name);
  if (!m) {
    const col = column(source, name, 'facet');
    const w = whereFor(source, req, name);
    return { sql: `SELECT ${col.sql} AS value, count(*) AS count FROM ${source.from} ${w.sql} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?`, params: [...w.params, FACET_LIMIT] };
  }
  const [, kind, columnName] = m as unknown as [string, 'blank' | 'dup', string];
  const col = column(source, columnName, 'filter');
  const w = whereFor(source, req, columnName);
  const test = kind === 'blank' ? filterSql(source, col, { column: columnName, op: 'blank' }) : duplicated(source, col);
  const [yes, no] = kind === 'blank' ? ['blank', 'notblank'] : ['duplicate', 'unique'];
  return {
    sql: `SELECT CASE WHEN ${test.sql} THEN '${yes}' ELSE '${no}' END AS value, count(*) AS count FROM ${source.from} ${w.sql} GROUP BY 1 ORDER BY 2 DESC, 1`,
    params: [...test.params, ...w.params],
  };
}

/** Runs a page's queries; `toRow` shapes each selected row (with `id`, the stable row id). */
export function runPage<R>(db: Database.Database, source: PagedSource, req: ParsedPageRequest, toRow: (raw: Record<string, unknown>) => R, select?: readonly string[]): Page<R> {
  const ordered = orderIndex(source, req);
  const q = buildPage(source, req, select, ordered && !ordered.scoped ? scopeValues(db, source) : undefined);
  const raw = db.prepare(q.rows.sql).all(...q.rows.params) as Record<string, unknown>[];
  const more = raw.length > req.limit;
  const pageRows = more ? raw.slice(0, req.limit) : raw;
  const keyCount = (req.sort.length || source.defaultSort?.length || 0) + 1;
  const last = pageRows.at(-1);
  const next = more && last ? encodeCursor(Array.from({ length: keyCount }, (_, i) => last[`__k${i}`])) : null;
  const rows = pageRows.map((r) => {
    const out: Record<string, unknown> = { id: r.__id };
    for (const [k, v] of Object.entries(r)) if (!k.startsWith('__')) out[k] = v;
    return toRow(out);
  });
  let total: number | null = null;
  const sums: Record<string, number> = {};
  if (q.total) {
    const t = db.prepare(q.total.sql).get(...q.total.params) as Record<string, number>;
    total = t.__total ?? 0;
    for (const [k, v] of Object.entries(t)) if (k !== '__total') sums[k] = v;
  }
  const facets: Page<R>['facets'] = {};
  for (const [name, s] of Object.entries(q.facets)) facets[name] = db.prepare(s.sql).all(...s.params) as { value: Scalar; count: number }[];
  return { rows, total, facets, sums, next };
}
