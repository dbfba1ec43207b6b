// Job text shown in the bar, History and announcements: what a job waits for, how it ended, and
// one line on what it produced, from its kind's typed result.
import type { JobInfo, JobResult } from '../../shared/api/jobs.ts';
import { elapsed, formatNumber } from './format.ts';

const plural = (n: number, one: string, many = `${one}s`) => `${formatNumber(n)} ${n === 1 ? one : many}`;

function pullSummary(r: JobResult<'pull'>): string {
  const sum = (f: (s: JobResult<'pull'>['streams'][number]) => number) => r.streams.reduce((n, s) => n + f(s), 0);
  if (r.streams.length === 0) return 'Every stream was already pulled';
  return (
    `${plural(sum((s) => s.records), 'record')} from ${plural(r.streams.length, 'stream')}: ` +
    `${formatNumber(sum((s) => s.changed))} new or changed, ${formatNumber(sum((s) => s.quarantined))} quarantined, ${formatNumber(sum((s) => s.deleted))} deleted`
  );
}

function csvSummary(r: JobResult<'csv-import'>): string {
  const matched = r.matched ? ` (${formatNumber(r.matched)} matched to pulled contacts by e-mail)` : '';
  return `${plural(r.rows, 'row')}: ${formatNumber(r.imported)} imported, ${formatNumber(r.unchanged)} unchanged${matched}, ${formatNumber(r.errorCount)} with errors`;
}

function checkSummary(r: JobResult<'workspace-check'>): string {
  // A damaged table may not be countable (rows null).
  const rows = r.tables.reduce((n, t) => n + (t.rows ?? 0), 0);
  return `Integrity ${r.integrity}; ${plural(r.tables.length, 'table')}, ${plural(rows, 'row')}`;
}

function reconcileSummary(r: JobResult<'reconcile'>): string {
  const stale = r.decisions.stale ? `, ${plural(r.decisions.stale, 'stale decision')}` : '';
  return `${plural(r.people, 'person', 'people')} from ${plural(r.records, 'record')}: ${plural(r.findings, 'finding')}, ${plural(r.suggestions, 'suggested merge')}${stale}`;
}

function pushSummary(r: JobResult<'push'>): string {
  const rows = r.tables.reduce((n, t) => n + t.rows, 0);
  const v = r.validation;
  const checks = `${plural(v.errors, 'error')}, ${plural(v.warnings, 'warning')}`;
  return r.outcome === 'pushed'
    ? `${plural(rows, 'row')} staged in ${plural(r.tables.length, 'table')}, ${plural(r.authUsers.added, 'new auth user')}; validation passed (${checks})`
    : `Validation failed (${checks}): staging was left as it was`;
}

/** What a queued job waits for, as a sentence. */
export function waitingText(job: Pick<JobInfo, 'waitingFor'>): string {
  return job.waitingFor ? `Waiting for ${job.waitingFor}` : 'Waiting to start';
}

/** How a job ended, as the job bar says it. */
export function outcome(job: JobInfo): string {
  switch (job.state) {
    case 'done':
      return `Done in ${elapsed(job.startedAt ?? job.queuedAt, job.finishedAt)}.`;
    case 'cancelled':
      return job.error?.message ?? 'Cancelled.';
    case 'interrupted':
      return job.error?.message ?? 'Interrupted when the app stopped; the work checkpointed so far is kept.';
    case 'failed':
      return job.error?.message ?? 'Failed.';
    default:
      return '';
  }
}

export function summarizeResult(job: JobInfo): string {
  if (job.error) return job.error.message;
  if (job.state === 'queued') return waitingText(job);
  if (job.result === undefined) return job.state === 'done' ? 'Done' : '';
  switch (job.kind) {
    case 'pull':
      return pullSummary(job.result);
    case 'csv-import':
      return csvSummary(job.result);
    case 'workspace-check':
      return checkSummary(job.result);
    case 'reconcile':
      return reconcileSummary(job.result);
    case 'session-resume':
      return job.result.note;
    case 'grid-export':
      return `${formatNumber(job.result.rows)} rows written to ${job.result.fileName}`;
    case 'push':
      return pushSummary(job.result);
    case 'cutover-plan':
      return job.result.runnable ? `Plan ${job.result.plan.sha256.slice(0, 12)}: ready to run` : `Plan ${job.result.plan.sha256.slice(0, 12)}: ${plural(job.result.plan.refusals.length, 'refusal')}`;
    case 'cutover':
    case 'rollback':
      return `Committed; locks held ${formatNumber(Math.round(job.result.swap.lockHoldMs))} ms`;
    default: {
      const unknown: never = job;
      return String(unknown);
    }
  }
}
