// Jobs run in this workspace (queued ones too), newest first, and a workspace integrity check.
import { useMemo } from 'react';
import { JobSteps } from '../components/JobSteps.tsx';
import { StateBadge } from '../components/StateBadge.tsx';
import { WorkspaceCheckView } from '../components/WorkspaceCheckView.tsx';
import { elapsed, formatCounts, formatTime } from '../format.ts';
import { useApi } from '../hooks/useApi.ts';
import { useJobs } from '../hooks/useJobs.ts';
import { useQuery } from '../hooks/useQuery.ts';
import { useStartedJob } from '../hooks/useStartedJob.ts';
import { summarizeResult } from '../jobSummary.ts';
import { DecisionsSection } from './DecisionsSection.tsx';

export function HistoryPage() {
  const api = useApi();
  // Reloaded when a job is queued, starts or ends (the `jobs` dataset).
  const list = useQuery('jobs-list', { limit: 100 }, 'History');
  const live = useJobs();
  const check = useStartedJob('workspace-check');
  // The decision log exists once something has been pulled (and reconciled).
  const streams = useQuery('pull-status', {}, 'Pull status');
  const hasSources = streams.data?.some((s) => s.records > 0) ?? false;

  // The list as last read, with the live progress of jobs this page hears about.
  const jobs = useMemo(() => {
    const byId = new Map(live.map((j) => [j.id, j]));
    return (list.data ?? []).map((j) => byId.get(j.id) ?? j);
  }, [list.data, live]);

  const checking = check.busy || check.running;

  return (
    <div className="page page-wide">
      <header className="page-header">
        <h1 data-testid="page-title" tabIndex={-1}>History</h1>
        <p className="summary">Every decision and every job run in this workspace, newest first.</p>
      </header>
      {hasSources && <DecisionsSection />}
      <section className="card" aria-labelledby="check-heading">
        <div className="card-head">
          <h2 id="check-heading">Workspace check</h2>
          <div className="actions">
            <button
              type="button"
              className="secondary"
              data-testid="check-workspace"
              disabled={checking}
              onClick={() => void check.start(() => api.call('workspace-check', {}), 'Check workspace')}
            >
              {checking ? 'Checking…' : 'Check workspace'}
            </button>
          </div>
        </div>
        {check.job ? (
          <WorkspaceCheckView job={check.job} />
        ) : (
          <p className="muted">Checks the cache’s integrity table by table and counts its rows.</p>
        )}
      </section>
      <section className="card" aria-labelledby="jobs-heading">
        <h2 id="jobs-heading">Jobs</h2>
        {list.data === undefined ? (
          <p className="muted">{list.loading ? 'Reading…' : 'The job history could not be read.'}</p>
        ) : jobs.length === 0 ? (
          <p className="muted">No jobs have run in this workspace yet.</p>
        ) : (
          <table className="data-table" data-testid="jobs-table">
            <thead>
              <tr>
                <th>Job</th>
                <th>State</th>
                <th>Started</th>
                <th>Finished</th>
                <th className="n">Took</th>
                <th className="n">Progress</th>
                <th>Result</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((j) => (
                <tr key={j.id} data-testid="job-row" data-job-id={j.id} data-state={j.state}>
                  <td>
                    {j.label}
                    <div className="mono muted small">{j.kind}</div>
                  </td>
                  <td>
                    <StateBadge state={j.state} />
                  </td>
                  <td className="nowrap">{formatTime(j.startedAt ?? j.queuedAt, { full: true })}</td>
                  <td className="nowrap">{formatTime(j.finishedAt, { full: true })}</td>
                  <td className="n nowrap">{elapsed(j.startedAt ?? j.queuedAt, j.finishedAt)}</td>
                  <td className="n nowrap">{formatCounts(j.progress)}</td>
                  <td className={j.state === 'failed' || j.state === 'interrupted' ? 'bad' : undefined} data-col="result">
                    {summarizeResult(j)}
                    <JobSteps steps={j.steps} compact />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
