// The CPU-heavy half of writing a page: each record's verbatim text, content hash, schema check
// and extracted columns. Pure and free of the database, so it can run on a worker thread while
// the engine's thread does the writing.
import { hash } from 'node:crypto';
import type { StreamId } from '../../../../shared/api/sources.ts';
import { redactorFor, type Redactor } from '../../secrets.ts';
import { streamDefs, type SqlValue, type StreamDef } from './streams.ts';

export interface QuarantinedRecord {
  key: string | null;
  reason: string;
  raw: string;
  hash: string;
}

/**
 * A page's valid records as the rows the writer binds, one after another: each row its id, the
 * stream's extracted columns in their order, its verbatim JSON, then its content hash (see
 * rowWidth and the accessors below). Flat, because a page of plain values crosses from the
 * worker thread to the engine's for a third of what the same records as objects cost, and is
 * bound as it is.
 */
export interface PreparedPage {
  rows: SqlValue[];
  quarantined: QuarantinedRecord[];
}

/** Values per row of a PreparedPage. */
export const rowWidth = (def: StreamDef): number => def.columns.length + 3;
export const rowCount = (page: PreparedPage, width: number): number => page.rows.length / width;
export const rowId = (rows: readonly SqlValue[], width: number, k: number): SqlValue => rows[k * width]!;
export const rowHash = (rows: readonly SqlValue[], width: number, k: number): string => rows[(k + 1) * width - 1] as string;

/** Appends a record's row: its id, its columns in the stream's order, its raw JSON and hash. */
export function pushRow(rows: SqlValue[], def: StreamDef, id: SqlValue, columns: Record<string, SqlValue>, raw: string, hash: string): void {
  rows.push(id);
  for (const c of def.columns) rows.push(columns[c] ?? null);
  rows.push(raw, hash);
}

/** One-shot hashing: a Hash object per record costs more than the hashing itself. */
export function contentHash(text: string): string {
  return hash('sha1', text);
}

/**
 * A page's records ready to write. A record holding a secret in any form (a source echoing the
 * key) is read from its redacted text instead, so neither its verbatim JSON nor anything
 * extracted from it carries the secret.
 */
export function preparePage(stream: StreamId, records: readonly unknown[], secrets: readonly string[]): PreparedPage {
  const def = streamDefs[stream];
  const redactor: Redactor = redactorFor(secrets);
  const page: PreparedPage = { rows: [], quarantined: [] };
  for (const original of records) {
    let record = original;
    let raw = JSON.stringify(record);
    if (redactor.found(raw)) {
      raw = redactor.redact(raw);
      record = JSON.parse(raw) as unknown;
    }
    const hash = contentHash(raw);
    const parsed = def.schema.safeParse(record);
    if (parsed.success) {
      pushRow(page.rows, def, def.id(parsed.data), def.extract(parsed.data), raw, hash);
    } else {
      const reason = parsed.error.issues
        .slice(0, 5)
        .map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`)
        .join('; ');
      page.quarantined.push({ key: recordKey(record), reason, raw, hash });
    }
  }
  return page;
}

function recordKey(record: unknown): string | null {
  const id = typeof record === 'object' && record !== null ? (record as { id?: unknown }).id : undefined;
  return typeof id === 'string' || typeof id === 'number' ? String(id).slice(0, 100) : null;
}
