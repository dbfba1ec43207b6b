// The global job bar, on every page: the running job's progress (one sub-bar per part, e.g. per
// source, and its steps when it has any) with Cancel, and what queued jobs wait for; when a job
// ends, the outcome for a few seconds, then a slim line that keeps the last finished job's state
// (data-state) visible. It is not a live region: JobAnnouncer tells screen readers of starts,
// ends and errors only, never of progress ticks.
import { useEffect, useState } from 'react';
import type { JobInfo } from '../../../shared/api/jobs.ts';
import { elapsed, formatTime } from '../format.ts';
import { useAction, useApi } from '../hooks/useApi.ts';
import { isRunning, useJobStore, useJobs } from '../hooks/useJobs.ts';
import { outcome, waitingText } from '../jobSummary.ts';
import { JobSteps } from './JobSteps.tsx';
import { ProgressBar } from './ProgressBar.tsx';
import { ProgressText } from './ProgressText.tsx';
import { StateBadge } from './StateBadge.tsx';

const SHOW_ENDED_MS = 6_000;

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const t = window.setInterval(() => setNow(Date.now()), 1_000);
    return () => window.clearInterval(t);
  }, [active]);
  return now;
}

function CancelButton({ job, testId }: { job: JobInfo; testId: string }) {
  const api = useApi();
  const store = useJobStore();
  const action = useAction();
  return (
    <button
      type="button"
      className="secondary small"
      data-testid={testId}
      disabled={action.busy}
      onClick={() =>
        void action.run(async () => store.upsert(await api.call('job-cancel', { jobId: job.id })), { context: `Cancel ${job.label}` })
      }
    >
      {action.busy ? 'Cancelling…' : 'Cancel'}
    </button>
  );
}

function Parts({ job }: { job: JobInfo }) {
  const entries = Object.entries(job.parts);
  if (entries.length === 0) return null;
  return (
    <div className="job-parts">
      {entries.map(([key, part]) => (
        <div className="job-part" key={key} data-testid={`job-part-${key}`}>
          <span className="job-part-label">{part.label}</span>
          <ProgressBar part={part} state={job.state} label={`${job.label}: ${part.label}`} size="small" />
          <ProgressText part={part} running={isRunning(job)} />
        </div>
      ))}
    </div>
  );
}

export function JobBar() {
  const jobs = useJobs();
  const store = useJobStore();
  // Running jobs first, then those queued behind them.
  const running = [...jobs.filter((j) => j.state === 'running'), ...jobs.filter((j) => j.state === 'queued')];
  // The job this page last saw end.
  const endedAt = (j: JobInfo) => store.endedLocallyAt(j.id) ?? 0;
  const lastEnded = jobs.filter((j) => !isRunning(j) && store.endedLocallyAt(j.id) !== undefined).sort((a, b) => endedAt(b) - endedAt(a))[0];
  const showsEnded = (t: number) => lastEnded !== undefined && t - endedAt(lastEnded) < SHOW_ENDED_MS;
  const now = useNow(running.length > 0 || showsEnded(Date.now()));
  const primary = running[0] ?? lastEnded;
  if (!primary) return null;

  const expanded = running.length > 0 || showsEnded(now);
  const others = running.slice(1);

  if (!expanded) {
    return (
      <div className="job-bar compact">
        <span className="job-label">{primary.label}</span>
        <StateBadge state={primary.state} />
        <ProgressBar part={primary.progress} state={primary.state} label={primary.label} testId="job-progress" size="small" />
        <span className="muted job-outcome">
          {primary.state === 'done' ? `finished ${formatTime(primary.finishedAt)}` : outcome(primary)}
        </span>
      </div>
    );
  }

  return (
    <div className={`job-bar state-${primary.state}`} data-testid="job-bar">
      <div className="job-head">
        <span className="job-label">{primary.label}</span>
        <StateBadge state={primary.state} />
        {primary.state === 'queued' ? (
          <span className="muted" data-testid="job-waiting">
            {waitingText(primary)}
          </span>
        ) : (
          <ProgressText part={primary.progress} running={isRunning(primary)} />
        )}
        <span className="spacer" />
        {isRunning(primary) ? (
          <>
            <span className="muted">{elapsed(primary.startedAt ?? primary.queuedAt, null)}</span>
            <CancelButton job={primary} testId="job-cancel" />
          </>
        ) : (
          <span className={`job-outcome outcome-${primary.state}`} data-testid="job-outcome">
            {outcome(primary)}
          </span>
        )}
      </div>
      <ProgressBar part={primary.progress} state={primary.state} label={primary.label} testId="job-progress" />
      <Parts job={primary} />
      <JobSteps steps={primary.steps} compact />
      {others.map((job) => (
        <div className="job-other" key={job.id} data-testid="job-other" data-state={job.state}>
          <span className="job-label">{job.label}</span>
          {job.state === 'queued' ? (
            <span className="muted">{waitingText(job)}</span>
          ) : (
            <>
              <ProgressBar part={job.progress} state={job.state} label={job.label} testId="job-progress-other" size="small" />
              <ProgressText part={job.progress} running />
            </>
          )}
          <CancelButton job={job} testId="job-cancel-other" />
        </div>
      ))}
    </div>
  );
}
