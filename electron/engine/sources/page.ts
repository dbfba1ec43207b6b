// What every source's list endpoint yields: a page of records and the cursor to the next one.
import { CutoverError } from '../../../shared/api/errors.ts';

/** Records per request: the most both APIs allow. */
export const PAGE_SIZE = 100;

export interface Page {
  records: unknown[];
  /** The cursor for the next page, or null when this was the last. */
  next: string | null;
  /**
   * A filter the server ignored on this page (it sent records outside it, which were dropped):
   * the query parameter's name, e.g. `updated[gte]`.
   */
  ignoredFilter?: string;
  /** The response text the records are, parsed (under `key`), when they are exactly that: the preparer's thread parses it itself. */
  body?: PageBody;
}

export interface PageBody {
  text: string;
  /** Where the records sit in the parsed text: a property of the envelope, or the whole of it (a bare array). */
  key: 'data' | 'items' | null;
}

/**
 * The cursor for the next page: the last id on this page that can be read. A malformed record
 * without an id can sit last; paging from the one before it re-reads at most that record.
 */
export function lastId(records: readonly unknown[], source: string): string {
  for (let i = records.length - 1; i >= 0; i--) {
    const id = (records[i] as { id?: unknown } | null)?.id;
    if ((typeof id === 'string' && id.length > 0) || typeof id === 'number') return String(id);
  }
  throw new CutoverError('SOURCE_FAILED', `${source} sent a page in which no record has an id; cannot page further.`);
}
