// Runs one stream's crawl page by page. Each page is written together with the checkpoint that
// points past it, so a crash or cancel resumes at the page that was in flight and nothing else.
import { randomUUID } from 'node:crypto';
import type { StreamId, StreamRunResult } from '../../../../shared/api/sources.ts';
import type { PartHandle } from '../../jobs/job-runner.ts';
import type { CheckpointWrite, PageCounts, RawWriter } from '../ingest/writer.ts';
import type { PagePreparer } from '../ingest/preparer.ts';
import type { Page } from '../page.ts';
import type { CrawlState } from './crawl-state.ts';

export interface Phase {
  name: string;
  /** Fetches the page the state points at. */
  fetch(state: CrawlState): Promise<Page>;
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
  part: PartHandle,
  throwIfCancelled: () => void,
  /** A page was written (with its checkpoint): what it did, for the job's data-changed events. */
  landed: (counts: PageCounts) => void,
): Promise<StreamOutcome> {
  let state: CrawlState = { ...start };
  let deleted = 0;
  const first = Math.max(0, plan.phases.findIndex((p) => p.name === state.phase));
  part.set(state.records);
  if (!resumed && state.mode === 'full') writer.beginFirstLoad(plan.stream);
  try {
    for (let i = first; i < plan.phases.length; i++) {
      const phase = plan.phases[i]!;
      if (state.phase !== phase.name) state = { ...state, phase: phase.name, cursor: null, phaseDone: false };

      while (!state.phaseDone) {
        throwIfCancelled();
        const page = await phase.fetch(state);
        const replanned = phase.replan?.(state, page) ?? null;
        if (replanned) {
          state = replanned;
          writer.writeCheckpoint(plan.stream, { status: 'partial', state });
          continue;
        }
        const moved: CrawlState = page.next !== null ? { ...state, cursor: page.next } : (phase.advance?.({ ...state, cursor: null }) ?? { ...state, cursor: null, phaseDone: true });
        const prepared = await preparer.prepare(plan.stream, page.records);
        const counts = writer.writePrepared(plan.stream, prepared, {
          crawlId: phase.tracksDeletions ? state.crawlId : undefined,
          checkpoint: (counts) => ({ status: 'partial', state: (state = tally(moved, page, counts)) }),
        });
        part.set(state.records);
        landed(counts);
      }

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
  return { stream: plan.stream, pages: state.pages, records: state.records, changed: state.changed, quarantined: state.quarantined, deleted, resumed };
}

function tally(state: CrawlState, page: Page, counts: PageCounts): CrawlState {
  return {
    ...state,
    pages: state.pages + 1,
    records: state.records + page.records.length,
    changed: state.changed + counts.inserted + counts.changed,
    quarantined: state.quarantined + counts.quarantined,
  };
}
