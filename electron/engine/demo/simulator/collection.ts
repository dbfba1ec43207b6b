// An ordered, id-indexed record list with each record's JSON pre-serialized.
// Pages are built by joining ready-made JSON strings, and cursors are found by binary search
// (not by scanning), so serving a page costs O(log n + page size) even on large datasets.

export type RecordId = string | number;

export interface Entry<R> {
  readonly id: RecordId;
  /** A timestamp (ms) used for ordering and/or date filters; NaN-free (invalid → 0). */
  readonly t: number;
  record: R;
  /** The record exactly as served (possibly deliberately malformed). */
  json: string;
}

/** `time-desc`: newest first, ties by id desc. `time-asc`: oldest first, ties by id asc. `id-asc`. */
export type Ordering = 'time-desc' | 'time-asc' | 'id-asc';

export interface CollectionConfig<R> {
  ordering: Ordering;
  idOf(record: R): RecordId;
  /** The timestamp stored in `Entry.t`. */
  timeOf(record: R): string | null | undefined;
  serialize(record: R): string;
}

function compareIds(a: RecordId, b: RecordId): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A record's timestamp field as epoch ms; null when absent or not a date (matches no date filter). */
export function timeOf(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const t = Date.parse(value);
  return Number.isFinite(t) ? t : null;
}

/** The entries' ready-made JSON, comma-joined: the inside of a page's array. */
export function joinJson<R>(page: readonly Entry<R>[]): string {
  let out = '';
  for (let i = 0; i < page.length; i++) out += (i === 0 ? '' : ',') + (page[i] as Entry<R>).json;
  return out;
}

export class SortedCollection<R> {
  private list: Entry<R>[] = [];
  private readonly byId = new Map<RecordId, Entry<R>>();

  constructor(private readonly config: CollectionConfig<R>) {}

  load(records: readonly R[]): void {
    this.list = [];
    this.byId.clear();
    for (const record of records) {
      const entry = this.makeEntry(record);
      if (this.byId.has(entry.id)) throw new Error(`duplicate record id ${String(entry.id)}`);
      this.byId.set(entry.id, entry);
      this.list.push(entry);
    }
    this.list.sort((a, b) => this.compare(a, b));
  }

  get size(): number {
    return this.list.length;
  }

  /** Entries in serving order. Callers must not mutate the array. */
  get entries(): readonly Entry<R>[] {
    return this.list;
  }

  get(id: RecordId): R | undefined {
    return this.byId.get(id)?.record;
  }

  entry(id: RecordId): Entry<R> | undefined {
    return this.byId.get(id);
  }

  has(id: RecordId): boolean {
    return this.byId.has(id);
  }

  /** Position of a present record in serving order, or -1. */
  positionOf(id: RecordId): number {
    const entry = this.byId.get(id);
    if (!entry) return -1;
    const i = this.lowerBound((e) => this.compare(e, entry) < 0);
    return this.list[i] === entry ? i : -1;
  }

  /**
   * First index whose entry is not "before" (binary search). `isBefore` must be true for a prefix
   * of the list and false for the rest.
   */
  lowerBound(isBefore: (entry: Entry<R>) => boolean): number {
    let lo = 0;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (isBefore(this.list[mid] as Entry<R>)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(record: R): void {
    const entry = this.makeEntry(record);
    if (this.byId.has(entry.id)) throw new Error(`record ${String(entry.id)} already exists`);
    this.byId.set(entry.id, entry);
    const at = this.lowerBound((e) => this.compare(e, entry) < 0);
    this.list.splice(at, 0, entry);
  }

  /** Replaces a record with the same id; moves it if its ordering key changed. */
  replace(record: R): void {
    const id = this.config.idOf(record);
    const old = this.byId.get(id);
    if (!old) throw new Error(`record ${String(id)} does not exist`);
    const fresh = this.makeEntry(record);
    if (fresh.t === old.t) {
      old.record = record;
      old.json = fresh.json;
      return;
    }
    this.remove(id);
    this.insert(record);
  }

  remove(id: RecordId): boolean {
    const at = this.positionOf(id);
    if (at < 0) return false;
    this.list.splice(at, 1);
    this.byId.delete(id);
    return true;
  }

  /** Re-renders every record's JSON (after the malformed-record settings change). */
  reserialize(): void {
    for (const entry of this.list) entry.json = this.config.serialize(entry.record);
  }

  records(): R[] {
    return this.list.map((e) => e.record);
  }

  private makeEntry(record: R): Entry<R> {
    const id = this.config.idOf(record);
    if (typeof id !== 'string' && typeof id !== 'number') {
      throw new Error('every simulator record needs a string or number id');
    }
    return {
      id,
      t: timeOf(this.config.timeOf(record)) ?? 0,
      record,
      json: this.config.serialize(record),
    };
  }

  private compare(a: Entry<R>, b: Entry<R>): number {
    switch (this.config.ordering) {
      case 'time-desc':
        return b.t - a.t || compareIds(b.id, a.id);
      case 'time-asc':
        return a.t - b.t || compareIds(a.id, b.id);
      case 'id-asc':
        return compareIds(a.id, b.id);
    }
  }
}

export interface ScanResult<R> {
  page: Entry<R>[];
  hasMore: boolean;
}

export interface ScanOptions<R> {
  /** Index to start at (inclusive). */
  start: number;
  /** +1 walks forward, -1 backward. */
  step: 1 | -1;
  limit: number;
  /** Only entries passing this are taken; null = all. */
  match: ((entry: Entry<R>) => boolean) | null;
  /** Once true, no later entry can match (e.g. past a date bound on the sort key): stop. */
  stop?: ((entry: Entry<R>) => boolean) | null;
}

/**
 * Takes up to `limit` matching entries and reports whether at least one more matching entry exists,
 * so `has_more`/`hasMore` is exact rather than "the page was full".
 */
export function scan<R>(entries: readonly Entry<R>[], options: ScanOptions<R>): ScanResult<R> {
  const { start, step, limit, match, stop } = options;
  const page: Entry<R>[] = [];
  const n = entries.length;
  if (!match && !stop) {
    // Fast path: no filter, so the page is a contiguous slice.
    if (step === 1) {
      const from = Math.max(0, start);
      const to = Math.min(n, from + limit);
      for (let i = from; i < to; i++) page.push(entries[i] as Entry<R>);
      return { page, hasMore: to < n };
    }
    const from = Math.min(n - 1, start);
    const to = Math.max(-1, from - limit);
    for (let i = from; i > to; i--) page.push(entries[i] as Entry<R>);
    return { page, hasMore: to >= 0 };
  }
  for (let i = start; i >= 0 && i < n; i += step) {
    const entry = entries[i] as Entry<R>;
    if (stop && stop(entry)) break;
    if (match && !match(entry)) continue;
    if (page.length === limit) return { page, hasMore: true };
    page.push(entry);
  }
  return { page, hasMore: false };
}
