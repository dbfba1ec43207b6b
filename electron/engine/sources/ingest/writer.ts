// Writes pages of raw records into the cache: each page — its valid records, its quarantined
// ones, the ids a crawl saw, and the stream's checkpoint — in ONE transaction, so a crash leaves
// either the whole page with its checkpoint or neither. Unchanged records are not rewritten.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { StreamId } from '../../../../shared/api/sources.ts';
import { streamDefs, type SqlValue, type StreamDef } from './streams.ts';

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

export interface PageOptions {
  origin: 'api' | 'csv';
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
  /** Contacts: tag names. */
  tags?: string[];
}

/** A record as it arrived (parsed JSON) with its verbatim text when the caller has it. */
export type IncomingRecord = unknown;

export function contentHash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

export class RawWriter {
  private readonly upserts = new Map<string, Database.Statement>();
  private readonly quarantine: Database.Statement;
  private readonly seen: Database.Statement;
  private readonly checkpoint: Database.Statement;
  private readonly deleteTags: Database.Statement;
  private readonly insertTag: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.quarantine = db.prepare(
      'INSERT INTO quarantine (stream, record_key, reason, raw, content_hash, received_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (stream, content_hash) DO NOTHING',
    );
    this.seen = db.prepare('INSERT OR IGNORE INTO crawl_seen (stream, crawl_id, record_id) VALUES (?, ?, ?)');
    this.checkpoint = db.prepare(
      `INSERT INTO pull_checkpoints (stream, status, state, updated_at, last_complete_at, last_changed)
       VALUES (@stream, @status, @state, @now, CASE WHEN @status = 'complete' THEN @now END, @lastChanged)
       ON CONFLICT (stream) DO UPDATE SET status = excluded.status, state = excluded.state, updated_at = excluded.updated_at,
         last_complete_at = coalesce(excluded.last_complete_at, pull_checkpoints.last_complete_at),
         last_changed = coalesce(excluded.last_changed, pull_checkpoints.last_changed)`,
    );
    this.deleteTags = db.prepare('DELETE FROM raw_systeme_contact_tags WHERE contact_id = ?');
    this.insertTag = db.prepare('INSERT OR IGNORE INTO raw_systeme_contact_tags (contact_id, tag_name, tag_id) VALUES (?, ?, ?)');
  }

  writePage(stream: StreamId, records: readonly IncomingRecord[], opts: PageOptions): PageCounts {
    const def = streamDefs[stream];
    const now = opts.now ?? new Date().toISOString();
    const upsert = this.upsertFor(def);
    const counts: PageCounts = { inserted: 0, changed: 0, unchanged: 0, quarantined: 0 };
    this.db.transaction(() => {
      for (const record of records) {
        const raw = JSON.stringify(record);
        const hash = contentHash(raw);
        const parsed = def.schema.safeParse(record);
        if (!parsed.success) {
          const reason = parsed.error.issues
            .slice(0, 5)
            .map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`)
            .join('; ');
          this.quarantine.run(stream, recordKey(record), reason, raw, hash, now);
          counts.quarantined++;
          continue;
        }
        const id = def.id(parsed.data);
        if (opts.crawlId) this.seen.run(stream, opts.crawlId, String(id));
        const row = { id, ...def.extract(parsed.data), origin: opts.origin, raw, content_hash: hash, now };
        const result = upsert.get(row) as { revision: number } | undefined;
        if (!result) {
          counts.unchanged++;
          continue;
        }
        if (result.revision === 1) counts.inserted++;
        else counts.changed++;
        if (def.tags) {
          this.deleteTags.run(id);
          for (const tag of def.tags(parsed.data)) this.insertTag.run(id, tag.name, tag.id);
        }
      }
      if (opts.checkpoint) {
        const cp = typeof opts.checkpoint === 'function' ? opts.checkpoint(counts) : opts.checkpoint;
        this.writeCheckpoint(stream, cp, now);
      }
    })();
    return counts;
  }

  /**
   * Writes rows that arrive already extracted (CSV imports), in one transaction. A record the
   * API supplied is never replaced by its poorer CSV form: those rows count as unchanged.
   */
  writeExtracted(stream: StreamId, rows: readonly ExtractedRow[], opts: { now?: string } = {}): PageCounts {
    const def = streamDefs[stream];
    const now = opts.now ?? new Date().toISOString();
    const upsert = this.upsertFor(def, true);
    const counts: PageCounts = { inserted: 0, changed: 0, unchanged: 0, quarantined: 0 };
    this.db.transaction(() => {
      for (const r of rows) {
        const row: Record<string, SqlValue> = { id: r.id, origin: 'csv', raw: r.raw, content_hash: contentHash(r.raw), now };
        for (const c of def.columns) row[c] = r.columns[c] ?? null;
        const result = upsert.get(row) as { revision: number } | undefined;
        if (!result) {
          counts.unchanged++;
          continue;
        }
        if (result.revision === 1) counts.inserted++;
        else counts.changed++;
        if (r.tags) {
          this.deleteTags.run(r.id);
          for (const name of r.tags) this.insertTag.run(r.id, name, null);
        }
      }
    })();
    return counts;
  }

  /** Saves a checkpoint with no page (e.g. a crawl's start or end). */
  writeCheckpoint(stream: StreamId, checkpoint: CheckpointWrite, now = new Date().toISOString()): void {
    this.checkpoint.run({ stream, status: checkpoint.status, state: JSON.stringify(checkpoint.state), now, lastChanged: checkpoint.lastChanged ?? null });
  }

  /**
   * After a complete full crawl: marks records the crawl did not see as deleted (and clears the
   * crawl's bookkeeping). Returns how many were newly marked.
   */
  markUnseenDeleted(stream: StreamId, crawlId: string, checkpoint?: CheckpointWrite, now = new Date().toISOString()): number {
    const def = streamDefs[stream];
    if (!def.deletable) return 0;
    return this.db.transaction(() => {
      const marked = this.db
        .prepare(
          `UPDATE "${def.table}" SET deleted_at = ?, revision = revision + 1, changed_at = ?
           WHERE deleted_at IS NULL AND origin = 'api'
             AND CAST(id AS TEXT) NOT IN (SELECT record_id FROM crawl_seen WHERE stream = ? AND crawl_id = ?)`,
        )
        .run(now, now, stream, crawlId).changes;
      this.db.prepare('DELETE FROM crawl_seen WHERE stream = ?').run(stream);
      // Saved with the marking, so a crash cannot mark twice against an emptied seen-list.
      if (checkpoint) this.writeCheckpoint(stream, checkpoint, now);
      return marked;
    })();
  }

  private upsertFor(def: StreamDef, fromCsv = false): Database.Statement {
    const cacheKey = `${def.stream}${fromCsv ? ':csv' : ''}`;
    let stmt = this.upserts.get(cacheKey);
    if (stmt) return stmt;
    const cols = def.columns;
    const revive = def.deletable ? ', deleted_at = NULL' : '';
    const changedOrRevived = def.deletable ? `${def.table}.content_hash <> excluded.content_hash OR ${def.table}.deleted_at IS NOT NULL` : `${def.table}.content_hash <> excluded.content_hash`;
    // Identifiers come from the fixed stream definitions, never from input.
    const sql = `INSERT INTO "${def.table}" (id, ${cols.join(', ')}, origin, raw, content_hash, revision, first_seen_at, changed_at)
      VALUES (@id, ${cols.map((c) => `@${c}`).join(', ')}, @origin, @raw, @content_hash, 1, @now, @now)
      ON CONFLICT (id) DO UPDATE SET ${cols.map((c) => `${c} = excluded.${c}`).join(', ')},
        origin = excluded.origin, raw = excluded.raw, content_hash = excluded.content_hash,
        revision = ${def.table}.revision + 1, changed_at = excluded.changed_at${revive}
      WHERE (${changedOrRevived})${fromCsv ? ` AND ${def.table}.origin = 'csv'` : ''}
      RETURNING revision`;
    stmt = this.db.prepare(sql);
    this.upserts.set(cacheKey, stmt);
    return stmt;
  }
}

function recordKey(record: unknown): string | null {
  if (typeof record !== 'object' || record === null) return null;
  const id = (record as { id?: unknown }).id;
  return id === undefined || id === null ? null : String(id).slice(0, 100);
}

export type { SqlValue };
