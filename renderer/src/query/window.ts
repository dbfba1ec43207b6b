// A grid's rows when there may be a million of them: addressed by their index in the filtered,
// sorted result and loaded in blocks around what is on screen. A block right after a loaded one
// comes by its keyset cursor; a block nobody has reached by scrolling (a jump of the scroll bar,
// Ctrl+End) comes by `offset`, as the paged contract allows for such jumps, and the blocks after
// it by cursor again. The first block's rows and the totals and facets are two calls, so the
// rows paint before the counting ends. When the data changes, the blocks on screen are read
// again in place: rows keep their ids, so the grid keeps its scroll position and selection.
// Plain TypeScript (no DOM, no React), tested under node.
import type { Dataset } from '../../../shared/api/datasets.ts';
import type { Page, PageRequest } from '../../../shared/api/paged.ts';
import type { EntryOwner } from './entry.ts';
import type { RowId } from './paged.ts';

export const BLOCK = 100;
/** Blocks either side of the visible range loaded ahead of the scroll. */
const AHEAD = 4;
/** Calls in flight at once for one grid. */
const PARALLEL = 2;

interface Block<R> {
  rows: R[];
  /** Cursor after its last row; null when it is the last block. */
  next: string | null;
  /** The data generation it was read in: older blocks are shown until re-read. */
  generation: number;
}

export interface WindowSummary {
  total: number;
  facets: Page<unknown>['facets'];
  sums: Page<unknown>['sums'];
}

export interface WindowState<R> {
  /** The row at an index, when its block is loaded (possibly from before the latest change). */
  rowAt(index: number): R | undefined;
  /** Rows known to exist: the total once counted, else the rows loaded so far (+1 block while more follow). */
  count: number;
  /** The total, facets and sums of the whole filtered set; undefined until counted. */
  summary: WindowSummary | undefined;
  /** The first block has arrived (rows can be painted). */
  ready: boolean;
  /** Something is being read for the range on screen, or the summary. */
  loading: boolean;
  error: unknown;
  /** Increases with every change, so React sees a new snapshot. */
  version: number;
}

type Fetch<R> = (request: PageRequest) => Promise<Page<R>>;

export class WindowEntry<R> {
  private blocks = new Map<number, Block<R>>();
  private summary: WindowSummary | undefined;
  private lastBlock: number | null = null;
  private generation = 0;
  private summaryGeneration = -1;
  private wanted: [number, number] = [0, 0];
  private inFlight = new Set<number>();
  private summaryInFlight = false;
  private error: unknown = undefined;
  private stale = true;
  private version = 0;
  private snapshot: WindowState<R>;
  private readonly listeners = new Set<() => void>();
  private idleWaiters: (() => void)[] = [];

  constructor(
    readonly key: string,
    readonly reads: readonly Dataset[],
    public context: string,
    private readonly owner: EntryOwner,
    private readonly fetch: Fetch<R>,
    /** The request without cursor, offset and limit (the entry pages itself). */
    private readonly request: PageRequest,
    private readonly rowId: (row: R) => RowId,
  ) {
    this.snapshot = this.makeSnapshot();
  }

  getSnapshot = (): WindowState<R> => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    this.owner.used(this);
    if (this.stale) this.invalidate();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.owner.idle(this);
    };
  };

  get listening(): boolean {
    return this.listeners.size > 0;
  }

  /** The rows [start, end) are on screen: load their blocks (and a little ahead). */
  want = (start: number, end: number): void => {
    this.wanted = [Math.max(0, start), Math.max(start, end)];
    this.pump();
  };

  /** Something it reads changed: read the summary and the blocks on screen again, in place. */
  invalidate(): void {
    if (!this.listening) {
      this.stale = true;
      return;
    }
    this.stale = false;
    this.generation++;
    // Blocks far from the screen are dropped; those near it stay shown until re-read.
    const [from, to] = this.blockRange();
    for (const k of [...this.blocks.keys()]) if (k < from - AHEAD || k > to + AHEAD) this.blocks.delete(k);
    this.lastBlock = null;
    this.pump();
    this.changed();
  }

  /** Reads everything again; resolves when the blocks on screen and the summary are current. */
  reload = (): Promise<void> => {
    this.invalidate();
    return this.settled();
  };

  /** Resolves once nothing is being read. */
  settled(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private get busy(): boolean {
    return this.inFlight.size > 0 || this.summaryInFlight;
  }

  private blockRange(): [number, number] {
    const [start, end] = this.wanted;
    return [Math.floor(start / BLOCK), Math.floor(Math.max(start, end - 1) / BLOCK)];
  }

  private needed(): number[] {
    const [from, to] = this.blockRange();
    const last = this.lastBlock ?? (this.summary ? Math.max(0, Math.ceil(this.summary.total / BLOCK) - 1) : Infinity);
    const out: number[] = [];
    // On-screen blocks first, top to bottom, then those ahead below, then above.
    for (let k = from; k <= to; k++) out.push(k);
    for (let k = to + 1; k <= to + AHEAD; k++) out.push(k);
    for (let k = from - 1; k >= from - AHEAD; k--) out.push(k);
    return out.filter((k) => k >= 0 && k <= last && this.blocks.get(k)?.generation !== this.generation);
  }

  private pump(): void {
    if (!this.listening) return;
    // The summary (counting, facets) is asked for once the first rows are in, so the rows are
    // never queued behind the slower counting.
    if (this.summaryGeneration !== this.generation && !this.summaryInFlight && this.blocks.size > 0 && !this.inFlight.size) void this.loadSummary();
    for (const k of this.needed()) {
      if (this.inFlight.size >= PARALLEL) break;
      if (!this.inFlight.has(k)) void this.loadBlock(k);
    }
  }

  private requestFor(k: number): PageRequest {
    const base = { ...this.request, limit: BLOCK, facets: [], withTotals: false };
    const before = this.blocks.get(k - 1);
    if (k > 0 && before && before.generation === this.generation && before.next) return { ...base, cursor: before.next };
    return { ...base, cursor: null, offset: k * BLOCK };
  }

  private async loadBlock(k: number): Promise<void> {
    const generation = this.generation;
    this.inFlight.add(k);
    this.changed();
    try {
      const page = await this.fetch(this.requestFor(k));
      if (generation !== this.generation) return;
      this.blocks.set(k, { rows: page.rows, next: page.next, generation });
      if (page.next === null) this.lastBlock = Math.min(this.lastBlock ?? k, k);
      this.error = undefined;
    } catch (err) {
      if (generation !== this.generation) return;
      this.error = err;
      this.owner.failed(err, this.context);
    } finally {
      this.inFlight.delete(k);
      if (this.error === undefined) this.pump();
      this.changed();
    }
  }

  private async loadSummary(): Promise<void> {
    const generation = this.generation;
    this.summaryInFlight = true;
    try {
      const page = await this.fetch({ ...this.request, cursor: null, offset: 0, limit: 1, withTotals: true });
      if (generation !== this.generation) return;
      this.summary = { total: page.total ?? 0, facets: page.facets, sums: page.sums };
      this.summaryGeneration = generation;
    } catch (err) {
      if (generation !== this.generation) return;
      this.error = err;
      this.owner.failed(err, this.context);
    } finally {
      this.summaryInFlight = false;
      if (generation !== this.generation) this.pump();
      this.changed();
    }
  }

  /** The index of a row by id among the loaded rows, or -1. */
  indexOf(id: RowId): number {
    for (const [k, b] of this.blocks) {
      const i = b.rows.findIndex((r) => this.rowId(r) === id);
      if (i >= 0) return k * BLOCK + i;
    }
    return -1;
  }

  private makeSnapshot(): WindowState<R> {
    const blocks = this.blocks;
    const first = blocks.get(0);
    let count: number;
    if (this.summary && this.summaryGeneration === this.generation) count = this.summary.total;
    else if (this.lastBlock !== null) count = this.lastBlock * BLOCK + (blocks.get(this.lastBlock)?.rows.length ?? 0);
    else if (this.summary) count = this.summary.total;
    else count = first ? first.rows.length + (first.next ? BLOCK : 0) : 0;
    return {
      rowAt: (index) => blocks.get(Math.floor(index / BLOCK))?.rows[index % BLOCK],
      count,
      summary: this.summary,
      ready: first !== undefined || (this.summary !== undefined && this.summary.total === 0),
      loading: this.busy,
      error: this.error,
      version: this.version,
    };
  }

  private changed(): void {
    this.version++;
    this.snapshot = this.makeSnapshot();
    for (const l of [...this.listeners]) l();
    if (!this.busy && this.idleWaiters.length) for (const w of this.idleWaiters.splice(0)) w();
  }
}
