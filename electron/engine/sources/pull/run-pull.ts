// A pull: both sources at once (Xendit's three endpoints in parallel, Systeme.io's tags then
// contacts on its one shared bucket), each stream resuming from its checkpoint. One source
// failing does not stop the other; what was fetched is kept either way.
import { CutoverError } from '../../../../shared/api/errors.ts';
import type { SourceId, StreamId } from '../../../../shared/api/sources.ts';
import type { JobContext } from '../../jobs/job-runner.ts';
import type Database from 'better-sqlite3';
import { RawWriter } from '../ingest/writer.ts';
import { streamTables } from '../streams.ts';
import { systemeClient } from '../systeme/client.ts';
import { xenditClient, xenditPacers } from '../xendit/client.ts';
import { readCheckpoint, type CrawlState } from './crawl-state.ts';
import { newCrawl, runStream, type StreamPlan, type StreamRunResult } from './page-loop.ts';
import { contactPlan, initialInvoiceState, invoicePlan, planStreams, refundPlan, tagPlan, transactionPlan } from './plans.ts';

export interface Endpoint {
  baseUrl: string;
  key: string;
}

export interface PullRequest {
  /** A pull interrupted part-way keeps its id when resumed. */
  pullId: string;
  sources: SourceId[];
  mode: 'auto' | 'full';
  endpoints: Partial<Record<SourceId, Endpoint>>;
  /** How far before the last pull's start an incremental pull looks again (late status changes). */
  lookbackDays: number;
  timeoutMs?: number;
}

export interface PullResult {
  streams: (StreamRunResult & { retries: number })[];
  errors: { source: SourceId; message: string }[];
}

export async function runPull(db: Database.Database, req: PullRequest, job: JobContext): Promise<PullResult> {
  const writer = new RawWriter(db);
  const results: PullResult['streams'] = [];
  const errors: PullResult['errors'] = [];
  const now = new Date().toISOString();

  const startState = (stream: StreamId): { state: CrawlState; resumed: boolean } | null => {
    const cp = readCheckpoint(db, stream);
    if (cp?.status === 'complete' && cp.state.pullId === req.pullId) return null; // done before the interruption
    if (cp?.status === 'partial' && req.mode === 'auto') return { state: { ...cp.state, phaseDone: cp.state.phaseDone ?? false, pullId: req.pullId }, resumed: true };
    if (cp?.status === 'complete' && req.mode === 'auto') {
      const since = new Date(Date.parse(cp.state.startedAt) - req.lookbackDays * 86_400_000).toISOString();
      return { state: { ...newCrawl('incremental', since, now), pullId: req.pullId }, resumed: false };
    }
    return { state: { ...newCrawl('full', undefined, now), pullId: req.pullId }, resumed: false };
  };

  const runOne = async (stream: StreamId, plan: (mode: CrawlState['mode']) => StreamPlan, prepare?: (s: CrawlState) => CrawlState) => {
    const previous = readCheckpoint(db, stream);
    const start0 = startState(stream);
    if (!start0) {
      const records = previous?.state.records ?? 0;
      job.part(stream, streamTables[stream].label, 'records', records).set(records, records);
      return;
    }
    const { state, resumed } = start0;
    // A full crawl's size is known from the last full crawl; incremental ones are open-ended.
    const expected = state.mode === 'full' && previous?.status === 'complete' && previous.state.mode === 'full' ? previous.state.records : null;
    const part = job.part(stream, streamTables[stream].label, 'records', expected);
    let retries = 0;
    retryCounter.set(stream, () => {
      retries++;
      part.note(`retried ${retries}×`);
    });
    const start = resumed ? state : (prepare?.(state) ?? state);
    const result = await runStream(plan(start.mode), start, resumed, writer, part, () => job.throwIfCancelled());
    part.set(result.records, result.records);
    results.push({ ...result, retries });
  };
  const retryCounter = new Map<StreamId, () => void>();
  const onRetryFor = (stream: StreamId) => () => retryCounter.get(stream)?.();

  const tasks: Promise<void>[] = [];
  for (const source of req.sources) {
    const endpoint = req.endpoints[source];
    if (!endpoint) {
      errors.push({ source, message: `${source === 'xendit' ? 'Xendit' : 'Systeme.io'} is not connected: set its key in Connect.` });
      continue;
    }
    const task =
      source === 'xendit'
        ? (() => {
            // The streams share the account's endpoints (the invoices' catch-up reads /transactions too).
            const pacers = xenditPacers();
            const make = (stream: StreamId) =>
              xenditClient({ baseUrl: endpoint.baseUrl, secretKey: endpoint.key, signal: job.signal, pacers, onRetry: onRetryFor(stream), timeoutMs: req.timeoutMs });
            return Promise.all([
              runOne('xendit-invoices', () => invoicePlan(make('xendit-invoices')), (s) => initialInvoiceState(s, now)),
              runOne('xendit-transactions', () => transactionPlan(make('xendit-transactions'))),
              runOne('xendit-refunds', () => refundPlan(make('xendit-refunds'))),
            ]).then(() => undefined);
          })()
        : (async () => {
            // One client, one pacer: tags and contacts share the account's bucket.
            let current: StreamId = 'systeme-tags';
            const client = systemeClient({ baseUrl: endpoint.baseUrl, apiKey: endpoint.key, signal: job.signal, onRetry: () => onRetryFor(current)(), timeoutMs: req.timeoutMs });
            await runOne('systeme-tags', () => tagPlan(client));
            current = 'systeme-contacts';
            await runOne('systeme-contacts', () => contactPlan(client));
          })();
    tasks.push(
      task.catch((err: unknown) => {
        if (err instanceof CutoverError && err.code === 'CANCELLED') throw err;
        errors.push({ source, message: err instanceof Error ? err.message : String(err) });
      }),
    );
  }
  const settled = await Promise.allSettled(tasks);
  const cancelled = settled.find((s) => s.status === 'rejected');
  if (cancelled) throw (cancelled as PromiseRejectedResult).reason;

  const total = results.reduce((n, r) => n + r.records, 0);
  job.overall.set(total, total);
  if (errors.length) {
    const failure = new CutoverError(
      errors.some((e) => /refused the key/.test(e.message)) ? 'AUTH_FAILED' : 'SOURCE_FAILED',
      errors.map((e) => e.message).join(' '),
    );
    throw failure;
  }
  results.sort((a, b) => planOrder(a.stream) - planOrder(b.stream));
  return { streams: results, errors };
}

const order = [...planStreams.xendit, ...planStreams.systeme];
const planOrder = (s: StreamId) => order.indexOf(s);
