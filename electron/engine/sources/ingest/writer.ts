// Writes pages of raw records into the cache: each page — its valid records, its quarantined
// ones, the ids a crawl saw, and the stream's checkpoint — in ONE transaction, so a crash leaves
// either the whole page with its checkpoint or neither.
//
// Work is set-based per page: one lookup of the page's stored hashes, then one multi-row upsert
// of only the new and changed records; an unchanged record is not rewritten. Preparing the
// records (prepare.ts: validate, hash, extract) is a pure step apart from the database. A
// randomly keyed table being filled for the first time has no id index yet (first-load.ts): its
// rows are found by seq through the in-memory ids, inserted plainly and updated by seq.
//
// Nothing reaches the workspace holding a secret the process has seen: API records are
// redacted as they are prepared (prepare.ts), CSV rows and checkpoints here.
import type Database from 'better-sqlite3';
import type { StreamId } from '../../../../shared/api/sources.ts';
import { knownSecrets, redact, redactorFor } from '../../secrets.ts';
import { streamDefs, type SqlValue, type StreamDef } from './streams.ts';
import { contentHash, preparePage, pushRow, rowHash, rowId, rowWidth, type PreparedPage } from './prepare.ts';
import { beginFirstLoad, finishFirstLoad, loadingIds, type LoadingIds } from './first-load.ts';

export interface PageCounts {
  inserted: number;
  changed: number;
  unchanged: number;
  quarantined: number;
}

export interface CheckpointWrite {
  status: 'partial' | 'complete';
  state: unknown;
  lastChanged?: number;
}

/** Options for a page of API records (CSV rows go through writeExtracted). */
export interface PageOptions {
  now?: string;
  /** A full crawl records every id it sees, so deletions can be told from unchanged records. */
  crawlId?: string;
  /** The checkpoint to save with the page; a function gets the page's counts first. */
  checkpoint?: CheckpointWrite | ((counts: PageCounts) => CheckpointWrite);
}

/** A row built from a CSV export: its id, the stream's extracted columns, and the source row(s) verbatim. */
export interface ExtractedRow {
  id: string | number;
  columns: Record<string, SqlValue>;
  raw: string;
}

interface Stored {
  hash: string;
  deleted: number;
  origin: 'api' | 'csv';
}

/** Rows per multi-row statement; 100 = one API page, well under SQLite's variable limit. */
const CHUNK = 100;

export class RawWriter {
  private readonly statements = new Map<string, Database.Statement>();
  private readonly quarantine: Database.Statement;
  private readonly seen: Database.Statement;
  private readonly checkpoint: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.quarantine = db.prepare(
      'INSERT INTO quarantine (stream, record_key, reason, raw, content_hash, received_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (stream, content_hash) DO NOTHING',
    );
    this.seen = db.prepare('INSERT INTO crawl_seen_pages (stream, crawl_id, ids) VALUES (?, ?, ?)');
    this.checkpoint = db.prepare(
      `INSERT INTO pull_checkpoints (stream, status, state, updated_at, last_complete_at, last_changed)
       VALUES (@stream, @status, @state, @now, CASE WHEN @status = 'complete' THEN @now END, @lastChanged)
       ON CONFLICT (stream) DO UPDATE SET status = excluded.status, state = excluded.state, updated_at = excluded.updated_at,
         last_complete_at = coalesce(excluded.last_complete_at, pull_checkpoints.last_complete_at),
         last_changed = coalesce(excluded.last_changed, pull_checkpoints.last_changed)`,
    );
  }

  /** Records as the API sent them (parsed JSON). */
  writePage(stream: StreamId, records: readonly unknown[], opts: PageOptions): PageCounts {
    return this.writePrepared(stream, preparePage(stream, records, knownSecrets()), opts);
  }

  /** A page already prepared (prepare.ts; the pull prepares on a worker thread, preparer.ts). */
  writePrepared(stream: StreamId, page: PreparedPage, opts: PageOptions): PageCounts {
    const def = streamDefs[stream];
    const now = opts.now ?? new Date().toISOString();
    const counts: PageCounts = { inserted: 0, changed: 0, unchanged: 0, quarantined: page.quarantined.length };
    const committed = this.db.transaction(() => {
      for (const q of page.quarantined) this.quarantine.run(stream, q.key, q.reason, q.raw, q.hash, now);
      const afterCommit = this.upsert(def, page.rows, this.newOrChanged(def, page.rows, counts, 'api'), 'api', now);
      if (opts.crawlId && page.rows.length) this.seen.run(stream, opts.crawlId, JSON.stringify(idsOf(page.rows, rowWidth(def))));
      if (opts.checkpoint) this.writeCheckpoint(stream, typeof opts.checkpoint === 'function' ? opts.checkpoint(counts) : opts.checkpoint, now);
      return afterCommit;
    })();
    committed();
    return counts;
  }

  /**
   * Writes rows that arrive already extracted (CSV imports), in one transaction. A record the
   * API supplied is never replaced by its poorer CSV form: those rows count as unchanged.
   */
  writeExtracted(stream: StreamId, rows: readonly ExtractedRow[], opts: { now?: string } = {}): PageCounts {
    const def = streamDefs[stream];
    const now = opts.now ?? new Date().toISOString();
    const counts: PageCounts = { inserted: 0, changed: 0, unchanged: 0, quarantined: 0 };
    const redactor = redactorFor(knownSecrets());
    const flat: SqlValue[] = [];
    for (const row of rows) {
      const r = redactor.found(row.raw) ? redactRow(row, redactor.redact) : row;
      pushRow(flat, def, r.id, r.columns, r.raw, contentHash(r.raw));
    }
    const committed = this.db.transaction(() => this.upsert(def, flat, this.newOrChanged(def, flat, counts, 'csv'), 'csv', now))();
    committed();
    return counts;
  }

  /** A full crawl starts: an empty randomly keyed table is filled without its id index (first-load.ts). */
  beginFirstLoad(stream: StreamId): void {
    beginFirstLoad(this.db, streamDefs[stream]);
  }

  /** The crawl ended (however it ended): the table gets its id index back. */
  finishFirstLoad(stream: StreamId): void {
    finishFirstLoad(this.db, streamDefs[stream]);
  }

  writeCheckpoint(stream: StreamId, checkpoint: CheckpointWrite, now = new Date().toISOString()): void {
    // A cursor is the source's text: a hostile source could put the key in it.
    this.checkpoint.run({ stream, status: checkpoint.status, state: redact(JSON.stringify(checkpoint.state)), now, lastChanged: checkpoint.lastChanged ?? null });
  }

  /**
   * After a complete full crawl: marks records the crawl did not see as deleted, clears the
   * crawl's bookkeeping and saves the checkpoint, all at once (so a crash cannot mark twice
   * against an emptied seen-list). Returns how many were newly marked.
   */
  markUnseenDeleted(stream: StreamId, crawlId: string, checkpoint: (marked: number) => CheckpointWrite, now = new Date().toISOString()): number {
    const def = streamDefs[stream];
    return this.db.transaction(() => {
      if (!def.deletable) {
        this.writeCheckpoint(stream, checkpoint(0), now);
        return 0;
      }
      const marked = this.db
        .prepare(
          `UPDATE "${def.table}" SET deleted_at = ?, revision = revision + 1, changed_at = ?
           WHERE deleted_at IS NULL AND origin = 'api'
             AND id NOT IN (SELECT j.value FROM crawl_seen_pages p, json_each(p.ids) j WHERE p.stream = ? AND p.crawl_id = ?)`,
        )
        .run(now, now, stream, crawlId).changes;
      this.db.prepare('DELETE FROM crawl_seen_pages WHERE stream = ?').run(stream);
      this.writeCheckpoint(stream, checkpoint(marked), now);
      return marked;
    })();
  }

  /**
   * The rows to write (their indexes): new records, and stored ones whose content changed (or
   * that were marked deleted). Counts the rest as unchanged. From a CSV, a record the API
   * supplied is never replaced by its poorer CSV form.
   */
  private newOrChanged(def: StreamDef, rows: readonly SqlValue[], counts: PageCounts, origin: 'api' | 'csv'): number[] {
    const width = rowWidth(def);
    const ids = idsOf(rows, width);
    const stored = this.storedFor(def, ids);
    const keep: number[] = [];
    for (let k = 0; k < ids.length; k++) {
      const before = stored.get(String(ids[k]));
      if (before && ((origin === 'csv' && before.origin === 'api') || (before.hash === rowHash(rows, width, k) && before.deleted === 0))) {
        counts.unchanged++;
        continue;
      }
      if (before) counts.changed++;
      else counts.inserted++;
      keep.push(k);
    }
    return keep;
  }

  /** The stored hash, deletion mark and origin of each id present. */
  private storedFor(def: StreamDef, ids: readonly unknown[]): Map<string, Stored> {
    const loading = loadingIds(this.db, def);
    const wanted = loading
      ? ids.flatMap((id) => loading.seqOf.get(String(id)) ?? [])
      : ids.filter((id) => typeof id === 'string' || typeof id === 'number');
    if (wanted.length === 0) return new Map();
    const deleted = def.deletable ? 'deleted_at IS NOT NULL' : '0';
    const key = loading ? 'seq' : 'id';
    const stmt = this.statement(
      `lookup:${def.stream}:${key}`,
      // Identifiers come from the fixed stream definitions, never from input.
      () => `SELECT CAST(id AS TEXT) AS id, content_hash AS hash, ${deleted} AS deleted, origin FROM "${def.table}" WHERE ${key} IN (SELECT value FROM json_each(?))`,
    );
    const found = stmt.all(JSON.stringify(wanted)) as ({ id: string } & Stored)[];
    return new Map(found.map((r) => [r.id, r]));
  }

  /**
   * Writes the chosen rows; returns what to do once the transaction has committed (a first
   * load's new ids join the in-memory ones only then, so a rolled-back page leaves no trace).
   */
  private upsert(def: StreamDef, rows: readonly SqlValue[], chosen: number[], origin: 'api' | 'csv', now: string): () => void {
    const width = rowWidth(def);
    const unique = lastOfEach(rows, width, chosen);
    const loading = loadingIds(this.db, def);
    if (loading) return this.loadRows(def, loading, rows, unique, origin, now);
    const params = gather(rows, width, unique);
    for (let i = 0; i < unique.length; i += CHUNK) {
      const n = Math.min(CHUNK, unique.length - i);
      const stmt = this.statement(`upsert:${def.stream}:${origin}:${n}`, () => upsertSql(def, n, origin));
      stmt.run(...chunkOf(params, width, i, n), { now });
    }
    return () => {};
  }

  /** A first load: new rows are inserted with the next seqs, changed ones updated by seq. */
  private loadRows(def: StreamDef, loading: LoadingIds, rows: readonly SqlValue[], unique: number[], origin: 'api' | 'csv', now: string): () => void {
    const width = rowWidth(def);
    const fresh: number[] = [];
    const update = this.statement(`update-by-seq:${def.stream}:${origin}`, () => updateBySeqSql(def, origin));
    for (const k of unique) {
      const seq = loading.seqOf.get(String(rowId(rows, width, k)));
      if (seq === undefined) fresh.push(k);
      // The row after its id (columns, raw, hash), then the seq.
      else update.run(...rows.slice(k * width + 1, (k + 1) * width), seq, { now });
    }
    const first = loading.nextSeq;
    const params = gather(rows, width, fresh);
    for (let i = 0; i < fresh.length; i += CHUNK) {
      const n = Math.min(CHUNK, fresh.length - i);
      this.statement(`insert:${def.stream}:${origin}:${n}`, () => insertSql(def, n, origin)).run(...chunkOf(params, width, i, n), { now, seq: first + i });
    }
    return () => {
      fresh.forEach((k, j) => loading.seqOf.set(String(rowId(rows, width, k)), first + j));
      loading.nextSeq = first + fresh.length;
    };
  }

  private statement(key: string, sql: () => string): Database.Statement {
    let stmt = this.statements.get(key);
    if (!stmt) this.statements.set(key, (stmt = this.db.prepare(sql())));
    return stmt;
  }
}

/** A CSV row whose text holds a secret: every text in it redacted (its columns come from the same cells). */
function redactRow(row: ExtractedRow, scrub: (text: string) => string): ExtractedRow {
  const columns: Record<string, SqlValue> = {};
  for (const [name, value] of Object.entries(row.columns)) columns[name] = typeof value === 'string' ? scrub(value) : value;
  return { id: typeof row.id === 'string' ? scrub(row.id) : row.id, columns, raw: scrub(row.raw) };
}

function idsOf(rows: readonly SqlValue[], width: number): SqlValue[] {
  const ids: SqlValue[] = [];
  for (let k = 0; k * width < rows.length; k++) ids.push(rowId(rows, width, k));
  return ids;
}

/**
 * One row per id, each where the id first appears with its last form: a page listing a record
 * twice keeps its last form.
 */
function lastOfEach(rows: readonly SqlValue[], width: number, chosen: number[]): number[] {
  const at = new Map<string, number>();
  for (const k of chosen) at.set(String(rowId(rows, width, k)), k);
  return at.size === chosen.length ? chosen : [...at.values()];
}

/** The chosen rows' values, one row after another (the page's own array when that is every row, in order). */
function gather(rows: readonly SqlValue[], width: number, chosen: number[]): readonly SqlValue[] {
  if (chosen.length * width === rows.length) return rows;
  const out: SqlValue[] = [];
  for (const k of chosen) for (let j = k * width; j < (k + 1) * width; j++) out.push(rows[j]!);
  return out;
}

/** Rows i .. i + n - 1 of a gathered set. */
const chunkOf = (params: readonly SqlValue[], width: number, i: number, n: number): readonly SqlValue[] =>
  i === 0 && n * width === params.length ? params : params.slice(i * width, (i + n) * width);

// Rows are bound value by value (statement.run(...params)): better-sqlite3 binds separate
// arguments faster than an array's elements, and binding, not storing, is most of a wide row's
// cost (each string is copied twice). So what every row of a statement shares is no parameter:
// the origin is written into the statement, the time is bound once (@now).
const rowTuple = (def: StreamDef, origin: 'api' | 'csv'): string => `(${['?', ...def.columns.map(() => '?'), `'${origin}'`, '?', '?', '1', '@now', '@now'].join(', ')})`;

/** A first load's new rows, their seqs counted on from @seq in the statement (so a row's values bind as the page holds them). */
function insertSql(def: StreamDef, rows: number, origin: 'api' | 'csv'): string {
  const tuple = rowTuple(def, origin).slice(1);
  return `INSERT INTO "${def.table}" (seq, id, ${def.columns.join(', ')}, origin, raw, content_hash, revision, first_seen_at, changed_at)
    VALUES ${Array.from({ length: rows }, (_, j) => `(@seq + ${j}, ${tuple}`).join(', ')}`;
}

function updateBySeqSql(def: StreamDef, origin: 'api' | 'csv'): string {
  return `UPDATE "${def.table}" SET ${def.columns.map((c) => `${c} = ?`).join(', ')}, origin = '${origin}', raw = ?, content_hash = ?,
      revision = revision + 1, changed_at = @now
    WHERE seq = ?${origin === 'csv' ? " AND origin = 'csv'" : ''}`;
}

function upsertSql(def: StreamDef, rows: number, origin: 'api' | 'csv'): string {
  const cols = def.columns;
  const t = def.table;
  const tuple = rowTuple(def, origin);
  const changed = def.deletable ? `(${t}.content_hash <> excluded.content_hash OR ${t}.deleted_at IS NOT NULL)` : `${t}.content_hash <> excluded.content_hash`;
  return `INSERT INTO "${t}" (id, ${cols.join(', ')}, origin, raw, content_hash, revision, first_seen_at, changed_at)
    VALUES ${Array.from({ length: rows }, () => tuple).join(', ')}
    ON CONFLICT (id) DO UPDATE SET ${cols.map((c) => `${c} = excluded.${c}`).join(', ')},
      origin = excluded.origin, raw = excluded.raw, content_hash = excluded.content_hash,
      revision = ${t}.revision + 1, changed_at = excluded.changed_at${def.deletable ? ', deleted_at = NULL' : ''}
    WHERE ${changed}${origin === 'csv' ? ` AND ${t}.origin = 'csv'` : ''}`;
}

