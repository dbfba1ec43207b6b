// A pull: both sources at once (Xendit's three endpoints in parallel, Systeme.io's tags then
// contacts on its one shared bucket), each stream resuming from its checkpoint. One source
// failing does not stop the other; what was fetched is kept either way.
import { CutoverError, isCutoverError, toErrorBody } from '../../../../shared/api/errors.ts';
import type { PullResult, SourceId, StreamId } from '../../../../shared/api/sources.ts';
import type { Endpoint } from '../../context.ts';
import type { JobContext } from '../../jobs/job-runner.ts';
import type Database from 'better-sqlite3';
import type { RequestOptions } from '../http/request.ts';
import { streamDefs } from '../ingest/streams.ts';
import { RawWriter, type PageCounts } from '../ingest/writer.ts';
import { PagePreparer } from '../ingest/preparer.ts';
import { systemeClient, systemePacer } from '../systeme/client.ts';
import { xenditClient, xenditPacers } from '../xendit/client.ts';
import { readCheckpoint, type CrawlState } from './crawl-state.ts';
import { newCrawl, runStream, type StreamPlan } from './page-loop.ts';
import { contactPlan, initialInvoiceState, invoicePlan, refundPlan, tagPlan, transactionPlan } from './plans.ts';

export interface PullRequest {
  /** A pull interrupted part-way keeps its id when resumed. */
  pullId: string;
  /** The sources to pull, each with where it is and its key. */
  endpoints: Partial<Record<SourceId, Endpoint>>;
  mode: 'auto' | 'full';
  /** How far before the last pull's start an incremental pull looks again (late status changes). */
  lookbackDays: number;
  timeoutMs?: number;
}

type OnRetry = NonNullable<RequestOptions['onRetry']>;
type PullJob = JobContext<'pull'>;

export async function runPull(db: Database.Database, req: PullRequest, job: PullJob): Promise<PullResult> {
  const writer = new RawWriter(db);
  const preparer = new PagePreparer();
  try {
    return await pullWith(db, req, job, writer, preparer);
  } finally {
    await preparer.close();
  }
}

async function pullWith(db: Database.Database, req: PullRequest, job: PullJob, writer: RawWriter, preparer: PagePreparer): Promise<PullResult> {
  const results: PullResult['streams'] = [];
  const now = new Date().toISOString();

  /** Where a stream starts: null when this pull already completed it before an interruption. */
  const startState = (stream: StreamId): { state: CrawlState; resumed: boolean; expected: number | null } | null => {
    const cp = readCheckpoint(db, stream);
    if (cp?.status === 'complete' && cp.state.pullId === req.pullId) return null;
    if (cp?.status === 'partial' && req.mode === 'auto') return { state: { ...cp.state, pullId: req.pullId }, resumed: true, expected: null };
    // A full crawl's size is known from the last full crawl; incremental ones are open-ended.
    const expected = cp?.status === 'complete' && cp.state.mode === 'full' ? cp.state.records : null;
    if (cp?.status === 'complete' && req.mode === 'auto') {
      const since = new Date(Date.parse(cp.state.startedAt) - req.lookbackDays * 86_400_000).toISOString();
      return { state: { ...newCrawl('incremental', since, now), pullId: req.pullId }, resumed: false, expected: null };
    }
    return { state: { ...newCrawl('full', undefined, now), pullId: req.pullId }, resumed: false, expected };
  };

  const runOne = async (stream: StreamId, plan: (onRetry: OnRetry) => StreamPlan, prepare?: (s: CrawlState) => CrawlState) => {
    const start = startState(stream);
    const { label } = streamDefs[stream];
    if (!start) {
      const records = readCheckpoint(db, stream)?.state.records ?? 0;
      job.part(stream, label, 'records', records).set(records, records);
      return;
    }
    const part = job.part(stream, label, 'records', start.expected);
    let retries = 0;
    const onRetry = () => part.note(`retried ${++retries}×`);
    const state = start.resumed ? start.state : (prepare?.(start.state) ?? start.state);
    // Every page lands with its checkpoint (the cache); quarantined records change the quarantine too.
    const landed = (counts: PageCounts) => (counts.quarantined ? job.changed('cache', 'quarantine') : job.changed('cache'));
    const result = await runStream(plan(onRetry), state, start.resumed, writer, preparer, part, () => job.throwIfCancelled(), landed);
    part.set(result.records, result.records);
    results.push({ ...result, retries });
  };

  const pullSource = async (source: SourceId, endpoint: Endpoint): Promise<void> => {
    const common = { baseUrl: endpoint.baseUrl, signal: job.signal, timeoutMs: req.timeoutMs };
    if (source === 'xendit') {
      // The streams share the account's per-endpoint limits (the invoices' catch-up reads /transactions too).
      const pacers = xenditPacers();
      const client = (onRetry: OnRetry) => xenditClient({ ...common, secretKey: endpoint.key, pacers, onRetry });
      // Every stream runs to its own end before the source is done: a stream that failed must
      // not leave the others writing (and holding responses) after the job has ended.
      const ends = await Promise.allSettled([
        runOne('xendit-invoices', (onRetry) => invoicePlan(client(onRetry)), (s) => initialInvoiceState(s, now)),
        runOne('xendit-transactions', (onRetry) => transactionPlan(client(onRetry))),
        runOne('xendit-refunds', (onRetry) => refundPlan(client(onRetry))),
      ]);
      const reasons = ends.flatMap((e) => (e.status === 'rejected' ? [e.reason as unknown] : []));
      if (reasons.length) throw reasons.find((r) => isCutoverError(r, 'CANCELLED')) ?? combinedFailure(reasons.map(asCutoverError));
    } else {
      // One bucket per account: tags, then contacts, on one pacer.
      const pacer = systemePacer();
      const client = (onRetry: OnRetry) => systemeClient({ ...common, apiKey: endpoint.key, pacer, onRetry });
      await runOne('systeme-tags', (onRetry) => tagPlan(client(onRetry)));
      await runOne('systeme-contacts', (onRetry) => contactPlan(client(onRetry)));
    }
  };

  // One source failing does not stop the other; a cancel stops both.
  const failures: CutoverError[] = [];
  const settled = await Promise.allSettled(
    (Object.entries(req.endpoints) as [SourceId, Endpoint][]).map(([source, endpoint]) =>
      pullSource(source, endpoint).catch((err: unknown) => {
        if (isCutoverError(err, 'CANCELLED')) throw err;
        failures.push(asCutoverError(err));
      }),
    ),
  );
  const cancelled = settled.find((s) => s.status === 'rejected');
  if (cancelled) throw (cancelled as PromiseRejectedResult).reason;

  const total = results.reduce((n, r) => n + r.records, 0);
  job.overall.set(total, total);
  if (failures.length) throw combinedFailure(failures);
  const order = Object.keys(streamDefs);
  results.sort((a, b) => order.indexOf(a.stream) - order.indexOf(b.stream));
  return { streams: results };
}

const asCutoverError = (err: unknown): CutoverError => (isCutoverError(err) ? err : new CutoverError('INTERNAL', toErrorBody(err).message));

/** Failures (of a source's streams, or of both sources) as one error: a refused key is the one to act on first, then a source that kept failing. */
function combinedFailure(failures: readonly CutoverError[]): CutoverError {
  if (failures.length === 1) return failures[0]!;
  const code = (['AUTH_FAILED', 'SOURCE_FAILED'] as const).find((c) => failures.some((f) => f.code === c)) ?? failures[0]!.code;
  return new CutoverError(code, failures.map((f) => f.message).join(' '));
}
