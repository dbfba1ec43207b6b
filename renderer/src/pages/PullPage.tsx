// Step 2: pull both sources into the workspace cache (or import CSV exports), see what the cache
// holds per stream, and what was quarantined.
import { useEffect } from 'react';
import { CsvImport } from '../components/CsvImport.tsx';
import { QuarantineList } from '../components/QuarantineList.tsx';
import { StepHeader } from '../components/StepHeader.tsx';
import { StreamTable } from '../components/StreamTable.tsx';
import { useAction, useApi, useQuery } from '../hooks/useApi.ts';
import { useJobEvents, useJobStore, useJobs } from '../hooks/useJobs.ts';

const CACHE_JOBS = new Set(['pull', 'csv-import']);

export function PullPage() {
  const api = useApi();
  const store = useJobStore();
  const streams = useQuery('pull-status', {}, 'Pull status');
  const quarantine = useQuery('quarantine-list', { limit: 100 }, 'Quarantine');
  const action = useAction();
  const jobs = useJobs();
  const pullRunning = jobs.some((j) => j.kind === 'pull' && j.state === 'running');
  const cacheJobRunning = jobs.some((j) => CACHE_JOBS.has(j.kind) && j.state === 'running');
  const { reload: reloadStreams } = streams;
  const { reload: reloadQuarantine } = quarantine;

  useJobEvents({
    onStart: (job) => {
      if (CACHE_JOBS.has(job.kind)) void reloadStreams();
    },
    onEnd: (job) => {
      if (CACHE_JOBS.has(job.kind)) {
        void reloadStreams();
        void reloadQuarantine();
      }
    },
  });

  // While records are arriving, the counts follow them.
  useEffect(() => {
    if (!cacheJobRunning) return;
    const t = window.setInterval(() => void reloadStreams(), 2_000);
    return () => window.clearInterval(t);
  }, [cacheJobRunning, reloadStreams]);

  async function pull(mode: 'auto' | 'full') {
    const started = await action.run(() => api.call('pull-start', { mode }), { context: mode === 'full' ? 'Full re-pull' : 'Pull' });
    if (started) await store.track(started.jobId);
  }

  return (
    <div className="page">
      <StepHeader id="pull" />
      <section className="card" aria-labelledby="pull-heading">
        <div className="card-head">
          <h2 id="pull-heading">Workspace cache</h2>
          <div className="actions">
            <button type="button" className="primary" data-testid="pull-start" disabled={action.busy || pullRunning} onClick={() => void pull('auto')}>
              {pullRunning ? 'Pulling…' : 'Pull'}
            </button>
            <button
              type="button"
              className="secondary"
              data-testid="pull-full"
              disabled={action.busy || pullRunning}
              onClick={() => void pull('full')}
              title="Crawl everything again instead of fetching only what changed"
            >
              Full re-pull
            </button>
          </div>
        </div>
        <p className="muted">Pull resumes a stopped pull, or fetches only what changed since the last one. Full re-pull crawls everything again.</p>
        {streams.data ? (
          <StreamTable streams={streams.data} />
        ) : (
          <p className="muted">{streams.loading ? 'Reading the cache…' : 'The cache could not be read.'}</p>
        )}
      </section>
      <CsvImport />
      <section className="card" aria-labelledby="quarantine-heading">
        <h2 id="quarantine-heading">Quarantine</h2>
        {quarantine.data ? (
          <QuarantineList data={quarantine.data} />
        ) : (
          <p className="muted">{quarantine.loading ? 'Reading…' : 'The quarantine could not be read.'}</p>
        )}
      </section>
    </div>
  );
}
