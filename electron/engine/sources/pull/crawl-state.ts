// A stream's crawl, as saved in its checkpoint after every page.
import type Database from 'better-sqlite3';
import type { StreamId } from '../../../../shared/api/sources.ts';

export interface DateWindow {
  after: string;
  before: string;
}

export interface CrawlState {
  crawlId: string;
  /** The pull this crawl belongs to: a resumed pull skips streams it already completed. */
  pullId?: string;
  /** full: everything; incremental: what changed since `since`. Fixed for the crawl's life. */
  mode: 'full' | 'incremental';
  since?: string;
  /** When the crawl began: the next incremental pull looks back from here. */
  startedAt: string;
  /** Which pass of the stream's plan is running (e.g. 'new', 'full', 'windows'). */
  phase: string;
  cursor: string | null;
  /** The current phase has fetched its last page (only its closing step remains). */
  phaseDone: boolean;
  /** Date windows still to walk, newest first (the invoice fallback and incremental pulls). */
  windows?: DateWindow[];
  /** The invoices' catch-up: what the ledger shows changed, and how it is re-read (plans.ts). */
  recheck?: Recheck;
  /** Filters the server was seen to ignore during this crawl (their records were filtered here). */
  ignoredFilters?: string[];
  pages: number;
  /** Distinct records: a catch-up counts only records new to the cache, not ones it read again. */
  records: number;
  changed: number;
  quarantined: number;
}

export interface Recheck {
  /** Invoices the ledger shows changed that this crawl has not read since. */
  invoices: number;
  /** Invoices to look up one by one (those no date window covers more cheaply). */
  lookups: string[];
  /** Requests the catch-up was planned to take, and `pages` when it began. */
  requests: number;
  fromPage: number;
}

export interface Checkpoint {
  status: 'partial' | 'complete';
  state: CrawlState;
  lastCompleteAt: string | null;
}

export function readCheckpoint(db: Database.Database, stream: StreamId): Checkpoint | null {
  const row = db.prepare('SELECT status, state, last_complete_at FROM pull_checkpoints WHERE stream = ?').get(stream) as
    | { status: 'partial' | 'complete'; state: string; last_complete_at: string | null }
    | undefined;
  return row ? { status: row.status, state: JSON.parse(row.state) as CrawlState, lastCompleteAt: row.last_complete_at } : null;
}
