// Step 2: pull both sources into the workspace cache (or import CSV exports), see what the cache
// holds per stream, and what was quarantined. The counts follow the records as pages land: each
// page written is announced by the engine (data-changed), which reloads the queries that read it.
import { CsvImport } from '../components/CsvImport.tsx';
import { QuarantineList } from '../components/QuarantineList.tsx';
import { StepHeader } from '../components/StepHeader.tsx';
import { StreamTable } from '../components/StreamTable.tsx';
import { useApi } from '../hooks/useApi.ts';
import { isRunning, useJobs } from '../hooks/useJobs.ts';
import { useQuery } from '../hooks/useQuery.ts';
import { useStartedJob } from '../hooks/useStartedJob.ts';

export function PullPage() {
  const api = useApi();
  const streams = useQuery('pull-status', {}, 'Pull status');
  const quarantine = useQuery('quarantine-list', { limit: 100 }, 'Quarantine');
  const pulling = useStartedJob('pull');
  const pullRunning = useJobs().some((j) => j.kind === 'pull' && isRunning(j));

  const pull = (mode: 'auto' | 'full') => void pulling.start(() => api.call('pull-start', { mode }), mode === 'full' ? 'Full re-pull' : 'Pull');

  return (
    <div className="page">
      <StepHeader id="pull" />
      <section className="card" aria-labelledby="pull-heading">
        <div className="card-head">
          <h2 id="pull-heading">Workspace cache</h2>
          <div className="actions">
            <button type="button" className="primary" data-testid="pull-start" disabled={pulling.busy || pullRunning} onClick={() => pull('auto')}>
              {pullRunning ? 'Pulling…' : 'Pull'}
            </button>
            <button
              type="button"
              className="secondary"
              data-testid="pull-full"
              disabled={pulling.busy || pullRunning}
              onClick={() => pull('full')}
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
