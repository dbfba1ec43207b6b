// Rows of a paged procedure (shared/api/paged.ts) as a grid scrolls through them: the first page
// with its totals and facets, then each next page fetched by its keyset cursor and appended. Rows
// are kept once per id, so a row that moved while paging is not shown twice.
import type { Input, Output, ProcedureName } from '../../../shared/api/index.ts';
import type { Page, PageRequest } from '../../../shared/api/paged.ts';
import type { Load } from './entry.ts';

/** The procedures that answer a PageRequest with a Page. */
export type PagedProcedureName = {
  [N in ProcedureName]: Output<N> extends Page<unknown> ? (Input<N> extends PageRequest ? N : never) : never;
}[ProcedureName];
export type RowOf<N extends PagedProcedureName> = Output<N> extends Page<infer R> ? R : never;
export type RowId = string | number;

/** What a grid draws: the rows loaded so far and the totals of the whole filtered set. */
export interface PagedRows<R> {
  rows: R[];
  /** Rows matching the filters (null when the request asked for no totals). */
  total: number | null;
  facets: Page<R>['facets'];
  sums: Page<R>['sums'];
  /** Cursor of the page after the loaded rows; null once they are all loaded. */
  next: string | null;
}

/** The most rows one call may ask for (PageRequest's limit). */
const MAX_LIMIT = 1000;

type Fetch<R> = (request: PageRequest) => Promise<Page<R>>;

function appendRows<R>(have: PagedRows<R>, page: Page<R>, rowId: (row: R) => RowId): PagedRows<R> {
  const rows = [...have.rows];
  const at = new Map(rows.map((r, i) => [rowId(r), i]));
  for (const row of page.rows) {
    const i = at.get(rowId(row));
    if (i === undefined) {
      at.set(rowId(row), rows.length);
      rows.push(row);
    } else rows[i] = row;
  }
  return { ...have, rows, next: page.next };
}

/** The request a later page is fetched with: after the cursor, without recounting totals or facets. */
function after<R>(request: PageRequest, have: PagedRows<R>, limit: number): PageRequest {
  return { ...request, cursor: have.next, limit, facets: [], withTotals: false };
}

/**
 * Loads for a paged entry. `reload` reads from the first page again as far as the grid had
 * scrolled (in calls of up to 1000 rows), so the rows stay in place when the data changes;
 * `more` appends the next page.
 */
export function pagedLoads<R>(fetch: Fetch<R>, request: PageRequest, rowId: (row: R) => RowId): { reload: Load<PagedRows<R>>; more: Load<PagedRows<R>> } {
  const limit = request.limit ?? 100;
  const reload: Load<PagedRows<R>> = async (current) => {
    const wanted = Math.max(current?.rows.length ?? 0, limit);
    const chunk = Math.min(MAX_LIMIT, wanted);
    const first = await fetch({ ...request, cursor: null, limit: chunk });
    let have: PagedRows<R> = appendRows({ rows: [], total: first.total, facets: first.facets, sums: first.sums, next: null }, first, rowId);
    while (have.rows.length < wanted && have.next !== null) have = appendRows(have, await fetch(after(request, have, chunk)), rowId);
    return have;
  };
  const more: Load<PagedRows<R>> = async (current) => {
    // Nothing loaded yet (the first page failed): start from the first page.
    if (!current) return reload(current);
    if (current.next === null) return current;
    return appendRows(current, await fetch(after(request, current, limit)), rowId);
  };
  return { reload, more };
}
