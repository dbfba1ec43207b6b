// Runs one stream's crawl page by page. Each page is written together with the checkpoint that
// points past it, so a crash or cancel resumes at the page that was in flight and nothing else.
import { randomUUID } from 'node:crypto';
import type { StreamId, StreamRunResult } from '../../../../shared/api/sources.ts';
import type { CheckpointWrite, PageCounts, RawWriter } from '../ingest/writer.ts';
import type { PagePreparer } from '../ingest/preparer.ts';
import type { Page } from '../page.ts';
import type { CrawlState } from './crawl-state.ts';

/** A fetched page, and optionally the state the phase goes on from once it is written (instead of cursor/advance). */
export type PhasePage = Page & { state?: Partial<CrawlState> };

export interface Phase {
  name: string;
  /** Fetches the page the state points at. */
  fetch(state: CrawlState): Promise<PhasePage>;
  /** What the phase is doing, for the stream's progress note (e.g. "checking 1,640 invoices…"). */
  describe?(state: CrawlState): string | undefined;
  /** A catch-up re-reads records the crawl has counted: only records new to the cache count. */
  catchUp?: boolean;
  /**
   * Looks at a fetched page before it is written; may instead return a state to continue from
   * (e.g. a date window split after a cursor loop), in which case the page is not written.
   */
  replan?(state: CrawlState, page: Page): CrawlState | null;
  /** After a page with no next cursor: the state to go on with inside this phase, or null when the phase is done. */
  advance?(state: CrawlState): CrawlState | null;
  /** A full crawl: remember every id seen, and mark the rest deleted when it completes. */
  tracksDeletions?: boolean;
}

export interface StreamPlan {
  stream: StreamId;
  phases: Phase[];
}

/** A stream's outcome (the pull adds how often it retried). */
export type StreamOutcome = Omit<StreamRunResult, 'retries'>;

/** Where a stream's progress goes: its distinct record count, and what its current phase is doing. */
export interface StreamProgress {
  set(done: number, total?: number | null): void;
  phase(text: string | undefined): void;
}

export function newCrawl(mode: CrawlState['mode'], since: string | undefined, startedAt = new Date().toISOString()): CrawlState {
  const state: CrawlState = { crawlId: randomUUID(), mode, startedAt, phase: '', cursor: null, phaseDone: false, pages: 0, records: 0, changed: 0, quarantined: 0 };
  if (since) state.since = since;
  return state;
}

export async function runStream(
  plan: StreamPlan,
  start: CrawlState,
  resumed: boolean,
  writer: RawWriter,
  preparer: PagePreparer,
  progress: StreamProgress,
  throwIfCancelled: () => void,
  /** A page was written (with its checkpoint): what it did, for the job's data-changed events. */
  landed: (counts: PageCounts) => void,
): Promise<StreamOutcome> {
  let state: CrawlState = { ...start };
  let deleted = 0;
  const first = Math.max(0, plan.phases.findIndex((p) => p.name === state.phase));
  progress.set(state.records);
  if (!resumed && state.mode === 'full') writer.beginFirstLoad(plan.stream);
  try {
    for (let i = first; i < plan.phases.length; i++) {
      const phase = plan.phases[i]!;
      if (state.phase !== phase.name) state = { ...state, phase: phase.name, cursor: null, phaseDone: false };

      while (!state.phaseDone) {
        throwIfCancelled();
        progress.phase(phase.describe?.(state));
        const page = await phase.fetch(state);
        const replanned = phase.replan?.(state, page) ?? null;
        if (replanned) {
          state = replanned;
          writer.writeCheckpoint(plan.stream, { status: 'partial', state });
          continue;
        }
        const moved = nextState(phase, state, page);
        const prepared = await preparer.prepare(plan.stream, page.records, page.body);
        const counts = writer.writePrepared(plan.stream, prepared, {
          crawlId: phase.tracksDeletions ? state.crawlId : undefined,
          checkpoint: (counts) => ({ status: 'partial', state: (state = tally(moved, page, counts, phase.catchUp === true)) }),
        });
        progress.set(state.records);
        landed(counts);
      }
      progress.phase(undefined);

      const last = i === plan.phases.length - 1;
      const after: CrawlState = last ? { ...state, phase: 'done', cursor: null } : { ...state, phase: plan.phases[i + 1]!.name, cursor: null, phaseDone: false };
      const checkpoint = (marked: number): CheckpointWrite => ({
        status: last ? 'complete' : 'partial',
        state: after,
        lastChanged: last ? state.changed + deleted + marked : undefined,
      });
      if (phase.tracksDeletions) deleted += writer.markUnseenDeleted(plan.stream, state.crawlId, checkpoint);
      else writer.writeCheckpoint(plan.stream, checkpoint(0));
      state = after;
    }
  } finally {
    // However the crawl ends (done, cancelled, failed), its table is indexed; only a crash leaves it loading.
    writer.finishFirstLoad(plan.stream);
  }
  return {
    stream: plan.stream,
    pages: state.pages,
    records: state.records,
    changed: state.changed,
    quarantined: state.quarantined,
    deleted,
    resumed,
    ignoredFilters: state.ignoredFilters ?? [],
  };
}

/** Where the phase goes on from after a page: the state it names, the next cursor, or its own next step. */
function nextState(phase: Phase, state: CrawlState, page: PhasePage): CrawlState {
  const base = page.state ? { ...state, ...page.state } : state;
  if (page.next !== null) return { ...base, cursor: page.next };
  if (page.state) return base;
  return phase.advance?.({ ...base, cursor: null }) ?? { ...base, cursor: null, phaseDone: true };
}

function tally(state: CrawlState, page: Page, counts: PageCounts, catchUp: boolean): CrawlState {
  const ignored = page.ignoredFilter && !state.ignoredFilters?.includes(page.ignoredFilter) ? [...(state.ignoredFilters ?? []), page.ignoredFilter] : state.ignoredFilters;
  return {
    ...state,
    ...(ignored ? { ignoredFilters: ignored } : {}),
    pages: state.pages + 1,
    // A catch-up reads again records the crawl has counted; only those new to the cache are more.
    records: state.records + (catchUp ? counts.inserted : page.records.length),
    changed: state.changed + counts.inserted + counts.changed,
    quarantined: state.quarantined + counts.quarantined,
  };
}
