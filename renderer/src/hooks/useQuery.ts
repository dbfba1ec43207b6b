// Components read the engine through the query cache (query/cache.ts): the data of a procedure
// for an input, loaded once however many components ask, and reloaded when the engine says a
// dataset it reads has changed.
import { createContext, useContext, useMemo, useRef, useSyncExternalStore } from 'react';
import type { Input, Output, ProcedureName } from '../../../shared/api/index.ts';
import type { PageRequest } from '../../../shared/api/paged.ts';
import type { QueryCache } from '../query/cache.ts';
import { queryKey } from '../query/key.ts';
import type { PagedProcedureName, PagedRows, RowId, RowOf } from '../query/paged.ts';
import type { QueryEntry, QueryState } from '../query/entry.ts';
import type { WindowEntry, WindowState } from '../query/window.ts';

export const QueryCacheContext = createContext<QueryCache | null>(null);

export function useQueryCache(): QueryCache {
  const cache = useContext(QueryCacheContext);
  if (!cache) throw new Error('useQueryCache outside QueryCacheContext');
  return cache;
}

export interface Query<T> {
  data: T | undefined;
  /** Loading, or not yet asked (nothing known and no failure yet). */
  loading: boolean;
  /** The last load's failure (the banner has reported it); the last good data is kept. */
  error: unknown;
  /** Loads again; resolves when done (errors are reported, not thrown). */
  reload(): Promise<void>;
}

function useEntry<T>(entry: QueryEntry<T>): QueryState<T> {
  return useSyncExternalStore(entry.subscribe, entry.getSnapshot);
}

const pending = (s: QueryState<unknown>) => s.loading || (s.data === undefined && s.error === undefined);

/** A procedure's answer for `input`; failures go to the banner with `context`. */
export function useQuery<N extends ProcedureName>(name: N, input: Input<N>, context?: string): Query<Output<N>> {
  const cache = useQueryCache();
  const key = queryKey(name, input);
  // The key stands for the input: a new object with the same content is the same query.
  const entry = useMemo(() => cache.query(name, input, context), [cache, key, context]);
  const state = useEntry(entry);
  return { data: state.data, loading: pending(state), error: state.error, reload: entry.reload };
}

export interface PagedQuery<R> extends Query<PagedRows<R>> {
  rows: R[];
  /** More rows than those loaded match the request. */
  hasMore: boolean;
  fetchingMore: boolean;
  /** Appends the next page (one at a time however often it is called). */
  fetchMore(): Promise<void>;
}

/**
 * A grid's rows: the first page of `request`, then each `fetchMore()` appends the next by its
 * keyset cursor. `rowId` is the row's stable id (the engine's source id), used to keep each
 * row once and as the grid's row key. A change to what the procedure reads reloads the rows
 * loaded so far, in place.
 */
export function usePagedQuery<N extends PagedProcedureName>(name: N, request: PageRequest, rowId: (row: RowOf<N>) => RowId, context?: string): PagedQuery<RowOf<N>> {
  const cache = useQueryCache();
  const key = queryKey(name, request);
  const entry = useMemo(() => cache.paged(name, request, rowId, context), [cache, key, context]);
  const state = useEntry(entry);
  return {
    data: state.data,
    rows: state.data?.rows ?? [],
    hasMore: (state.data?.next ?? null) !== null,
    loading: pending(state),
    error: state.error,
    fetchingMore: state.fetchingMore,
    reload: entry.reload,
    fetchMore: entry.fetchMore,
  };
}

export interface WindowedRows<R> extends WindowState<R> {
  /** Asks for the rows [start, end) (what is on screen). */
  want(start: number, end: number): void;
  reload(): Promise<void>;
  /** Counts these facets of the current request too (those the grid shows). */
  countFacets(names: readonly string[]): void;
  /** The rows shown are the previous request's, until the new one's first rows arrive. */
  previous: boolean;
}

/**
 * A grid's rows for `request` as a window over all matching rows (see query/window.ts). When the
 * request changes (a filter, a sort), the previous rows stay on screen until the new ones come,
 * so nothing blanks while the engine answers.
 */
export function useWindowedRows<N extends PagedProcedureName>(name: N, request: PageRequest, rowId: (row: RowOf<N>) => RowId, context?: string): WindowedRows<RowOf<N>> {
  const cache = useQueryCache();
  const key = queryKey(name, request);
  const entry = useMemo(() => cache.windowed(name, request, rowId, context), [cache, key, context]);
  const state = useSyncExternalStore(entry.subscribe, entry.getSnapshot);
  const shown = useRef<{ entry: WindowEntry<RowOf<N>>; state: WindowState<RowOf<N>> } | null>(null);
  const prevEntry = shown.current?.entry;
  const usePrevious = !state.ready && prevEntry !== undefined && prevEntry !== entry && state.error === undefined;
  const out = usePrevious ? shown.current!.state : state;
  if (!usePrevious) shown.current = { entry, state };
  return { ...out, loading: state.loading || usePrevious, want: usePrevious ? prevEntry.want : entry.want, reload: entry.reload, countFacets: entry.countFacets, previous: usePrevious };
}
