// One cached query: its last good data, its last failure, and the loads that bring it up to
// date. Loads run one at a time, in order, so a late answer never overwrites a newer one; asking
// again while a load is waiting to start joins it (de-duplication), and asking while one runs
// queues exactly one more (the running load may have started before the change it is asked for).
// Plain TypeScript: no DOM, no React, so it is tested under node.
import type { Dataset } from '../../../shared/api/datasets.ts';

export interface QueryState<T> {
  /** The last good answer; kept while reloading and after a failed reload. */
  data: T | undefined;
  /** The last load's failure; cleared by the next success. */
  error: unknown;
  /** A reload is waiting or running. */
  loading: boolean;
  /** More rows are on their way (paged queries). */
  fetchingMore: boolean;
}

/** Work on the entry's data: given the current data, the new data. */
export type Load<T> = (current: T | undefined) => Promise<T>;

/** What the cache keeps of any entry (a query, paged rows, a window of rows). */
export interface CachedEntry {
  readonly key: string;
  readonly reads: readonly Dataset[];
  context: string;
  readonly listening: boolean;
  invalidate(): void;
}

export interface EntryOwner {
  /** A load failed (once per failure, whoever is listening). */
  failed(err: unknown, context: string): void;
  /** The entry's last listener left. */
  idle(entry: CachedEntry): void;
  /** The entry got a listener: it must be the one the cache holds for its key. */
  used(entry: CachedEntry): void;
}

export class QueryEntry<T> implements CachedEntry {
  private state: QueryState<T> = { data: undefined, error: undefined, loading: false, fetchingMore: false };
  /** Its data may be out of date: load before it is shown next. */
  private stale = true;
  private readonly listeners = new Set<() => void>();
  private tail: Promise<void> = Promise.resolve();
  private reloadWaiting: Promise<void> | null = null;
  private moreWaiting: Promise<void> | null = null;

  constructor(
    readonly key: string,
    /** The datasets its answer depends on. */
    readonly reads: readonly Dataset[],
    /** What the app was doing when it failed, for the error banner. */
    public context: string,
    private readonly owner: EntryOwner,
    private readonly reloader: Load<T>,
    /** Paged queries: fetches the next page onto the data. */
    private readonly extender?: Load<T>,
  ) {}

  getSnapshot = (): QueryState<T> => this.state;

  /** Listens for changes; the first listener loads the data if it is missing or out of date. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    this.owner.used(this);
    if (this.stale) void this.reload();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.owner.idle(this);
    };
  };

  get listening(): boolean {
    return this.listeners.size > 0;
  }

  /** Something it reads changed: reload now if anyone looks at it, else when someone next does. */
  invalidate(): void {
    if (this.listening) void this.reload();
    else this.stale = true;
  }

  /** Loads again (joining a reload that has not started yet). Never rejects. */
  reload = (): Promise<void> => {
    if (this.reloadWaiting) return this.reloadWaiting;
    this.stale = false;
    this.set({ loading: true });
    const done = this.enqueue(async () => {
      this.reloadWaiting = null;
      try {
        await this.apply(this.reloader);
      } finally {
        if (!this.reloadWaiting) this.set({ loading: false });
      }
    });
    this.reloadWaiting = done;
    return done;
  };

  /** Paged queries: the next page, appended (joining one asked for and not yet answered). Never rejects. */
  fetchMore = (): Promise<void> => {
    const extender = this.extender;
    if (!extender) return Promise.resolve();
    if (this.moreWaiting) return this.moreWaiting;
    this.set({ fetchingMore: true });
    const done = this.enqueue(async () => {
      try {
        await this.apply(extender);
      } finally {
        this.moreWaiting = null;
        this.set({ fetchingMore: false });
      }
    });
    this.moreWaiting = done;
    return done;
  };

  /** Takes an answer known to be current (a mutation's result). */
  setData(data: T): void {
    this.stale = false;
    this.set({ data, error: undefined });
  }

  private async apply(load: Load<T>): Promise<void> {
    try {
      const data = await load(this.state.data);
      this.set({ data, error: undefined });
    } catch (err) {
      this.set({ error: err });
      this.owner.failed(err, this.context);
    }
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    const run = this.tail.then(work);
    this.tail = run;
    return run;
  }

  private set(patch: Partial<QueryState<T>>): void {
    const next = { ...this.state, ...patch };
    if (Object.keys(next).every((k) => next[k as keyof QueryState<T>] === this.state[k as keyof QueryState<T>])) return;
    this.state = next;
    for (const l of [...this.listeners]) l();
  }
}
