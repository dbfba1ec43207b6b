// The renderer's one query layer: every read of the engine goes through here, keyed by procedure
// and input. The contract says which datasets each procedure reads; the engine's `data-changed`
// events name the datasets written, so a query reloads exactly when something it reads changed —
// no polling, no hand-wired reloads. Plain TypeScript (no DOM, no React), tested under node.
import { procedures, type ApiClient, type Dataset, type Input, type Output, type ProcedureName } from '../../../shared/api/index.ts';
import type { Page, PageRequest } from '../../../shared/api/paged.ts';
import { QueryEntry, type CachedEntry, type EntryOwner } from './entry.ts';
import { queryKey } from './key.ts';
import { pagedLoads, type PagedProcedureName, type PagedRows, type RowId, type RowOf } from './paged.ts';
import { WindowEntry } from './window.ts';

export interface QueryCacheOptions {
  api: Pick<ApiClient, 'call'>;
  /** A load failed: where the error banner hears of it. */
  onError?: (err: unknown, context: string) => void;
  /** Entries nobody looks at that are kept (for going back to a page), oldest dropped first. */
  maxIdle?: number;
}

const readsOf = (name: ProcedureName): readonly Dataset[] => procedures[name].reads;

export class QueryCache {
  private readonly entries = new Map<string, CachedEntry>();
  private readonly maxIdle: number;
  private readonly owner: EntryOwner;

  constructor(private readonly opts: QueryCacheOptions) {
    this.maxIdle = opts.maxIdle ?? 100;
    this.owner = {
      failed: (err, context) => opts.onError?.(err, context),
      used: (entry) => {
        if (!this.entries.has(entry.key)) this.entries.set(entry.key, entry);
      },
      idle: (entry) => {
        // Most recently used last, so the oldest idle entries are dropped first.
        if (this.entries.get(entry.key) === entry) {
          this.entries.delete(entry.key);
          this.entries.set(entry.key, entry);
        }
        this.prune();
      },
    };
  }

  /** A procedure's answer for an input. `context` names it in the error banner. */
  query<N extends ProcedureName>(name: N, input: Input<N>, context: string = name): QueryEntry<Output<N>> {
    return this.entry(queryKey(name, input), readsOf(name), context, () => this.opts.api.call(name, input));
  }

  /**
   * A paged procedure's rows for one request (its cursor is the cache's to manage): the first
   * page, then `fetchMore()` appends the next. Rows are kept once per `rowId`.
   */
  paged<N extends PagedProcedureName>(name: N, request: PageRequest, rowId: (row: RowOf<N>) => RowId, context: string = name): QueryEntry<PagedRows<RowOf<N>>> {
    const { cursor: _ignored, ...rest } = request;
    // A paged name's input is a PageRequest and its output a Page of RowOf<N>; TypeScript cannot
    // see that through the generic name, hence the assertions.
    const fetch = (req: PageRequest) => this.opts.api.call(name, req as Input<N>) as Promise<Page<RowOf<N>>>;
    const loads = pagedLoads(fetch, rest, rowId);
    return this.entry(`paged ${queryKey(name, rest)}`, readsOf(name), context, loads.reload, loads.more);
  }

  /**
   * A paged procedure's rows for one request as a window over all of them (grids of any size):
   * blocks around what is on screen, by keyset cursor, or by offset for a jump; the total and
   * sums, and the facets the grid asks to count.
   */
  windowed<N extends PagedProcedureName>(name: N, request: PageRequest, rowId: (row: RowOf<N>) => RowId, context: string = name): WindowEntry<RowOf<N>> {
    // Its facets are counted as the grid shows them (WindowEntry.countFacets), not part of its rows' identity.
    const { cursor: _c, offset: _o, limit: _l, facets: _f, ...rest } = request;
    const key = `window ${queryKey(name, rest)}`;
    let entry = this.entries.get(key) as WindowEntry<RowOf<N>> | undefined;
    if (!entry) {
      // As in paged(): the name's input is a PageRequest and its output a Page of RowOf<N>.
      const fetch = (req: PageRequest) => this.opts.api.call(name, req as Input<N>) as Promise<Page<RowOf<N>>>;
      entry = new WindowEntry<RowOf<N>>(key, readsOf(name), context, this.owner, fetch, rest, rowId);
      this.entries.set(key, entry);
      this.prune();
    }
    entry.context = context;
    return entry;
  }

  /** Takes a mutation's answer as the query's current data (its data-changed event reloads it anyway). */
  setData<N extends ProcedureName>(name: N, input: Input<N>, data: Output<N>): void {
    this.query(name, input).setData(data);
  }

  /** The engine wrote these datasets: every query that reads one of them is out of date. */
  invalidate(datasets: readonly Dataset[]): void {
    for (const entry of [...this.entries.values()]) if (entry.reads.some((d) => datasets.includes(d))) entry.invalidate();
  }

  /** Events may have been missed (the event stream dropped and came back): everything is out of date. */
  invalidateAll(): void {
    for (const entry of [...this.entries.values()]) entry.invalidate();
  }

  /** How many queries are cached (for tests). */
  get size(): number {
    return this.entries.size;
  }

  private entry<T>(key: string, reads: readonly Dataset[], context: string, reload: (current: T | undefined) => Promise<T>, more?: (current: T | undefined) => Promise<T>): QueryEntry<T> {
    let entry = this.entries.get(key) as QueryEntry<T> | undefined;
    if (!entry) {
      entry = new QueryEntry<T>(key, reads, context, this.owner, reload, more);
      this.entries.set(key, entry);
      this.prune();
    }
    entry.context = context;
    return entry;
  }

  private prune(): void {
    let idle = 0;
    for (const e of this.entries.values()) if (!e.listening) idle++;
    for (const [key, e] of this.entries) {
      if (idle <= this.maxIdle) break;
      if (e.listening) continue;
      this.entries.delete(key);
      idle--;
    }
  }
}
