// The CPU-heavy half of writing a page: each record's verbatim text, content hash, schema check
// and extracted columns. Pure and free of the database, so it can run on a worker thread while
// the engine's thread does the writing.
import { hash } from 'node:crypto';
import type { StreamId } from '../../../../shared/api/sources.ts';
import { redactorFor, type Redactor } from '../../secrets.ts';
import { streamDefs, type SqlValue } from './streams.ts';

export interface PreparedRecord {
  id: SqlValue;
  columns: Record<string, SqlValue>;
  raw: string;
  hash: string;
}

export interface QuarantinedRecord {
  key: string | null;
  reason: string;
  raw: string;
  hash: string;
}

export interface PreparedPage {
  records: PreparedRecord[];
  quarantined: QuarantinedRecord[];
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
  const page: PreparedPage = { records: [], quarantined: [] };
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
      page.records.push({ id: def.id(parsed.data), columns: def.extract(parsed.data), raw, hash });
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
