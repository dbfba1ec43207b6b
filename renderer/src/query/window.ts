// A grid's rows when there may be a million of them: addressed by their index in the filtered,
// sorted result and loaded in blocks around what is on screen. A block right after a loaded one
// comes by its keyset cursor; a block nobody has reached by scrolling (a jump of the scroll bar,
// Ctrl+End) comes by `offset`, as the paged contract allows for such jumps, and the blocks after
// it by cursor again. The first block's rows and the totals and facets are two calls, so the
// rows paint before the counting ends; the counting and the blocks ahead are asked for once the
// rows on screen have painted, so neither the engine's counting nor the page's reading of more
// rows competes with drawing them (two cores are shared by the engine and the whole browser).
// The counting is one call for the total and sums, then one per facet the grid shows (none while
// its facet panel is closed), one at a time: the engine's one thread answers the rows of a
// scroll or of the next view between them, and a view left behind asks for no more of them. When the data changes, the blocks on screen are read
// again in place: rows keep their ids, so the grid keeps its scroll position and selection.
// Plain TypeScript (no DOM, no React), tested under node.
import type { Dataset } from '../../../shared/api/datasets.ts';
import type { FacetCount, Page, PageRequest } from '../../../shared/api/paged.ts';
import type { EntryOwner } from './entry.ts';
import type { RowId } from './paged.ts';

export const BLOCK = 100;
/** Blocks either side of the visible range loaded ahead of the scroll when it is still or slow… */
const AHEAD = 4;
/** …and below it when still: a scroll that starts at speed has these rows while its first run is read. */
const STILL_BELOW = 10;
/** While scrolling, the blocks ahead in its direction cover this long at its speed (round trips under load included). */
const LEAD_MS = 2_000;
const MAX_AHEAD = 60;
/** Blocks one call reads ahead of the screen: at least this many (fewer round trips)… */
const RUN = 5;
/** …and at speed, the rows this long a scroll brings, up to the most one call may ask for (1,000 rows). */
const RUN_MS = 800;
const MAX_RUN = 10;
/**
 * A block comes by the cursor of a loaded block at most this many blocks before it, skipping the
 * rows between (being read by another call): two runs read at once, the engine skipping no more
 * than two runs' rows through its index.
 */
const MAX_SKIP = 2 * MAX_RUN;
/** Calls in flight at once for one grid. */
const PARALLEL = 2;
/** Blocks kept; those farthest from the screen are dropped beyond this (the heap stays small after a long scroll). */
const MAX_BLOCKS = 300;
/** A move of more rows than this between two frames is a jump (scroll bar, Ctrl+End), not a scroll speed. */
const JUMP_ROWS = 5_000;

interface Block<R> {
  rows: R[];
  /**
   * Cursor after its last row; null when it is the last block; undefined when it was read with
   * the blocks after it in one call (only the call's last block has a cursor).
   */
  next: string | null | undefined;
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

/**
 * Calls `fn` once what changed now has been painted: after the next frame, or after 100 ms where
 * no frame comes (a hidden page; and under node, with no frames at all).
 */
export function afterPaint(fn: () => void): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    fn();
  };
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(run, 0));
  setTimeout(run, 100);
}

export class WindowEntry<R> {
  private blocks = new Map<number, Block<R>>();
  private summary: WindowSummary | undefined;
  private lastBlock: number | null = null;
  private generation = 0;
  private summaryGeneration = -1;
  private wanted: [number, number] = [0, 0];
  /** Blocks being read (a call may read several). */
  private inFlight = new Set<number>();
  private calls = 0;
  private summaryInFlight = false;
  /** The facets to count (those the grid shows), and each one's counts with the generation they were read in. */
  private facetNames: readonly string[] = [];
  private readonly facetCounts = new Map<string, { counts: FacetCount[]; generation: number }>();
  private error: unknown = undefined;
  private stale = true;
  private version = 0;
  private snapshot: WindowState<R>;
  private readonly listeners = new Set<() => void>();
  private idleWaiters: (() => void)[] = [];
  /** The scroll's speed in rows per second (negative: up), from the last `want` calls. */
  private velocity = 0;
  private lastWant: { at: number; start: number } | null = null;
  /** The generation whose rows on screen have been painted; until then only they are read. */
  private painted = -1;
  private paintPending = false;

  constructor(
    readonly key: string,
    readonly reads: readonly Dataset[],
    public context: string,
    private readonly owner: EntryOwner,
    private readonly fetch: Fetch<R>,
    /** The request without cursor, offset, limit and facets (the entry pages and counts itself). */
    private readonly request: PageRequest,
    private readonly rowId: (row: R) => RowId,
    private readonly now: () => number = () => performance.now(),
    private readonly whenPainted: (fn: () => void) => void = afterPaint,
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

  /** The rows [start, end) are on screen: load their blocks, and those ahead of the scroll. */
  want = (start: number, end: number): void => {
    start = Math.max(0, start);
    const at = this.now();
    const last = this.lastWant;
    if (last && start !== last.start) {
      const dt = at - last.at;
      const moved = start - last.start;
      if (Math.abs(moved) > JUMP_ROWS || dt > 1_000 || dt <= 0) this.velocity = 0;
      else this.velocity = 0.6 * this.velocity + 0.4 * ((moved / dt) * 1_000);
    } else if (last && at - last.at > 1_000) this.velocity = 0;
    if (!last || start !== last.start || at - last.at > 1_000) this.lastWant = { at, start };
    this.wanted = [start, Math.max(start, end)];
    this.pump();
  };

  /** Count these facets too (the grid shows them); those already counted are kept. */
  countFacets = (names: readonly string[]): void => {
    if (names.join('\u0000') === this.facetNames.join('\u0000')) return;
    this.facetNames = [...names];
    this.pump();
    this.changed();
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
    return this.calls > 0 || this.summaryInFlight;
  }

  private blockRange(): [number, number] {
    const [start, end] = this.wanted;
    return [Math.floor(start / BLOCK), Math.floor(Math.max(start, end - 1) / BLOCK)];
  }

  /** Blocks one call reads ahead of the screen at the scroll's speed. */
  private runBlocks(): number {
    return Math.min(MAX_RUN, Math.max(RUN, Math.ceil((Math.abs(this.velocity) * RUN_MS) / 1_000 / BLOCK)));
  }

  /** Blocks to keep loaded ahead of the screen (in the scroll's direction) and behind it. */
  private reach(): { down: number; up: number } {
    const byPace = Math.ceil((Math.abs(this.velocity) * LEAD_MS) / 1_000 / BLOCK) + 1;
    const ahead = Math.min(MAX_AHEAD, Math.max(AHEAD, byPace));
    return this.velocity < 0 ? { down: AHEAD, up: ahead } : { down: Math.max(STILL_BELOW, ahead), up: AHEAD };
  }

  private current(k: number): boolean {
    return this.blocks.get(k)?.generation === this.generation;
  }

  private needed(): number[] {
    const [from, to] = this.blockRange();
    const { down, up } = this.reach();
    const last = this.lastBlock ?? (this.summary ? Math.max(0, Math.ceil(this.summary.total / BLOCK) - 1) : Infinity);
    const out: number[] = [];
    // On-screen blocks first, top to bottom, then those ahead in the scroll's direction, then behind.
    for (let k = from; k <= to; k++) out.push(k);
    const below: number[] = [];
    const above: number[] = [];
    for (let k = to + 1; k <= to + down; k++) below.push(k);
    for (let k = from - 1; k >= from - up; k--) above.push(k);
    out.push(...(this.velocity < 0 ? [...above, ...below] : [...below, ...above]));
    return out.filter((k) => k >= 0 && k <= last && !this.current(k));
  }

  private pump(): void {
    if (!this.listening) return;
    const [from, to] = this.blockRange();
    const needed = this.needed();
    const wanted = new Set(needed);
    const painted = this.painted === this.generation;
    for (const k of needed) {
      if (this.calls >= PARALLEL) break;
      if (this.inFlight.has(k)) continue;
      if (!painted && (k < from || k > to)) continue;
      const chained = k === 0 || this.cursorFor(k) !== null;
      // A block below the screen comes by the cursor of a block loaded shortly before it (the
      // blocks between loaded or on their way), never by an offset the engine would have to
      // count through from the top.
      if (!chained && k > to) continue;
      const run = this.runBlocks();
      // Ahead of the screen, a block is read once a whole run fits in the reach (then with the
      // run after it), not one by one as the screen moves on; so at speed a run is always on
      // its way while the reach is not full.
      if (k > to + AHEAD && k + run - 1 > to + this.reach().down) continue;
      if (k < from - AHEAD && from - k > Math.max(AHEAD, this.reach().up / 2)) continue;
      // One call reads the rest of the screen, and while scrolling down the run after it (the
      // screen is there by the time they arrive), or a run of blocks ahead of it.
      const end = k > to ? k + run : to + 1 + (this.velocity > 0 ? run : 0);
      let n = 1;
      while (k + n < end && n < MAX_RUN && wanted.has(k + n) && !this.inFlight.has(k + n)) n++;
      void this.loadRun(k, n);
    }
    // The summary (counting, facets) is asked for once the rows on screen have painted, after
    // the blocks ahead, so neither is queued behind the slower counting.
    let onScreen = true;
    for (let k = from; k <= to && onScreen; k++) onScreen = this.current(k) || (this.lastBlock !== null && k > this.lastBlock);
    if (onScreen && !painted && !this.paintPending) {
      this.paintPending = true;
      const generation = this.generation;
      this.whenPainted(() => {
        this.paintPending = false;
        if (generation === this.generation) this.painted = generation;
        this.pump();
      });
    }
    if (!this.summaryInFlight && this.blocks.size > 0 && painted) {
      if (this.summaryGeneration !== this.generation) void this.loadSummary(null);
      else {
        const facet = this.facetNames.find((f) => this.facetCounts.get(f)?.generation !== this.generation);
        if (facet !== undefined) void this.loadSummary(facet);
      }
    }
  }

  /**
   * Where block k starts: after the cursor of the nearest current block before it that has one
   * (the last of its call), skipping the blocks between; null when none is near enough, or the
   * rows end before k.
   */
  private cursorFor(k: number): { cursor: string; skip: number } | null {
    for (let j = k - 1; j >= 0 && k - 1 - j <= MAX_SKIP; j--) {
      const b = this.blocks.get(j);
      if (!b || b.generation !== this.generation) {
        if (this.inFlight.has(j)) continue;
        return null;
      }
      if (b.next === null) return null;
      if (typeof b.next === 'string') return { cursor: b.next, skip: (k - 1 - j) * BLOCK };
    }
    return null;
  }

  private requestFor(k: number, n: number): PageRequest {
    const base = { ...this.request, limit: n * BLOCK, facets: [], withTotals: false };
    const after = k > 0 ? this.cursorFor(k) : null;
    if (after) return { ...base, cursor: after.cursor, offset: after.skip };
    return { ...base, cursor: null, offset: k * BLOCK };
  }

  /** Reads blocks [k, k + n) in one call. */
  private async loadRun(k: number, n: number): Promise<void> {
    const generation = this.generation;
    const run = Array.from({ length: n }, (_, i) => k + i);
    for (const b of run) this.inFlight.add(b);
    this.calls++;
    this.changed();
    try {
      const page = await this.fetch(this.requestFor(k, n));
      if (generation !== this.generation) return;
      const filled = Math.max(1, Math.ceil(page.rows.length / BLOCK));
      for (let i = 0; i < Math.min(n, filled); i++) {
        const rows = page.rows.slice(i * BLOCK, (i + 1) * BLOCK);
        const lastOfCall = i === Math.min(n, filled) - 1;
        this.blocks.set(k + i, { rows, next: lastOfCall ? page.next : undefined, generation });
      }
      if (page.next === null) this.lastBlock = Math.min(this.lastBlock ?? Infinity, k + Math.min(n, filled) - 1);
      this.evict();
      this.error = undefined;
    } catch (err) {
      if (generation !== this.generation) return;
      this.error = err;
      this.owner.failed(err, this.context);
    } finally {
      for (const b of run) this.inFlight.delete(b);
      this.calls--;
      if (this.error === undefined) this.pump();
      this.changed();
    }
  }

  /** Drops the blocks farthest from the screen beyond MAX_BLOCKS. */
  private evict(): void {
    if (this.blocks.size <= MAX_BLOCKS) return;
    const [from, to] = this.blockRange();
    const distance = (k: number) => (k < from ? from - k : k > to ? k - to : 0);
    const far = [...this.blocks.keys()].sort((a, b) => distance(b) - distance(a));
    for (const k of far.slice(0, this.blocks.size - MAX_BLOCKS)) this.blocks.delete(k);
  }

  /** The total and sums (facet null), or one facet's counts. */
  private async loadSummary(facet: string | null): Promise<void> {
    const generation = this.generation;
    this.summaryInFlight = true;
    try {
      const base = { ...this.request, cursor: null, offset: 0, limit: 1 };
      const page = await this.fetch(facet === null ? { ...base, facets: [], withTotals: true } : { ...base, facets: [facet], withTotals: false });
      if (generation !== this.generation) return;
      if (facet === null) {
        this.summary = { total: page.total ?? 0, facets: {}, sums: page.sums };
        this.summaryGeneration = generation;
      } else this.facetCounts.set(facet, { counts: page.facets[facet] ?? [], generation });
    } catch (err) {
      if (generation !== this.generation) return;
      this.error = err;
      this.owner.failed(err, this.context);
    } finally {
      this.summaryInFlight = false;
      if (this.error === undefined) this.pump();
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
    else {
      // Before the counting: the rows loaded so far, and a block more while more follow.
      const h = blocks.size ? Math.max(...blocks.keys()) : -1;
      const top = blocks.get(h);
      count = top ? h * BLOCK + top.rows.length + (top.next !== null ? BLOCK : 0) : 0;
    }
    return {
      rowAt: (index) => blocks.get(Math.floor(index / BLOCK))?.rows[index % BLOCK],
      count,
      summary: this.summary && { ...this.summary, facets: Object.fromEntries([...this.facetCounts].map(([name, f]) => [name, f.counts])) },
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
