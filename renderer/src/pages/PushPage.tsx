// Step 5: the target database (a Postgres URL, or the demo production), the push of the
// signed-off plan into staging with its progress per table, the validation run in the target
// with its failed-row samples, and which columns the migration owns. Everything is the engine's
// state: the page starts the push and shows what the job and the last push report.
import { useState, type FormEvent } from 'react';
import type { PushResult, TableOwnership, TargetStatus, ValidationCheck } from '../../../shared/api/target.ts';
import type { JobOf } from '../../../shared/api/jobs.ts';
import { JobSteps } from '../components/JobSteps.tsx';
import { ProgressBar } from '../components/ProgressBar.tsx';
import { ProgressText } from '../components/ProgressText.tsx';
import { StateBadge } from '../components/StateBadge.tsx';
import { StepHeader } from '../components/StepHeader.tsx';
import { formatNumber, formatTime } from '../format.ts';
import { useAction, useApi } from '../hooks/useApi.ts';
import { isRunning, useJobs } from '../hooks/useJobs.ts';
import { useQuery } from '../hooks/useQuery.ts';
import { useStartedJob } from '../hooks/useStartedJob.ts';

export function PushPage() {
  const api = useApi();
  const status = useQuery('push-status', {}, 'Push status');
  const connection = useQuery('connection-get', {}, 'Connection');
  const pushing = useStartedJob('push');
  const running = useJobs().find((j): j is JobOf<'push'> => j.kind === 'push' && isRunning(j));
  const s = status.data;
  const connected = s !== undefined && s.target.mode !== 'none';

  return (
    <div className="page page-wide">
      <StepHeader id="push" />
      <section className="card" aria-labelledby="target-h" data-testid="target">
        <h2 id="target-h">Target database</h2>
        {s ? <TargetFacts target={s.target} /> : <p className="muted">{status.loading ? 'Reading…' : 'The target could not be read.'}</p>}
        <TargetForm demo={connection.data?.mode === 'demo'} disabled={running !== undefined} />
      </section>

      <section className="card" aria-labelledby="push-h" data-testid="push">
        <div className="card-head">
          <h2 id="push-h">Push to staging</h2>
          <div className="actions">
            <button
              type="button"
              className="primary"
              data-testid="push-start"
              disabled={!s || s.cannotPush !== null || pushing.busy || running !== undefined}
              onClick={() => void pushing.start(() => api.call('push-start', {}), 'Push')}
            >
              {running ? 'Pushing…' : s?.last ? 'Push again' : 'Push'}
            </button>
          </div>
        </div>
        <p className="muted">
          The signed-off plan goes into a staging schema of the target in one transaction: a clone of each production table, the plan loaded by COPY, columns the
          app maintains copied from production, validated there. From then on a trigger records the live app&rsquo;s writes for the cutover. A push that fails or
          is rejected leaves staging as it was.
        </p>
        {s?.cannotPush && (
          <p className="warning-box" data-testid="cannot-push">
            {s.cannotPush}
          </p>
        )}
        {running && <RunningPush job={running} />}
      </section>

      <section className="card" aria-labelledby="validation-h" data-testid="validation">
        <h2 id="validation-h">Validation</h2>
        {s?.last ? <LastPush last={s.last} /> : <p className="muted">No push yet: its validation appears here.</p>}
      </section>

      {connected && <Ownership />}
    </div>
  );
}

function TargetFacts({ target: t }: { target: TargetStatus }) {
  if (t.mode === 'none') return <p className="muted" data-testid="target-none">Not connected.</p>;
  return (
    <dl className="facts" data-testid="target-facts">
      <dt>Target</dt>
      <dd>
        <StateBadge state={t.mode} /> <span className="mono">{t.target}</span>
      </dd>
      <dt>Server</dt>
      <dd>PostgreSQL {t.serverVersion}</dd>
      <dt>Role</dt>
      <dd>{t.currentUser}</dd>
      <dt>Encryption</dt>
      <dd>{t.tls ? 'TLS' : 'none (a local server)'}</dd>
      <dt>Checked</dt>
      <dd>{formatTime(t.checkedAt, { full: true })}</dd>
    </dl>
  );
}

/** A URL and its password in separate fields (the password is never shown back), or the demo production. */
function TargetForm({ demo, disabled }: { demo: boolean; disabled: boolean }) {
  const api = useApi();
  const action = useAction();
  const [url, setUrl] = useState('');
  const [password, setPassword] = useState('');
  const [caFile, setCaFile] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    void action.run(
      async () => {
        let full = url.trim();
        if (password) {
          try {
            const u = new URL(full);
            u.password = encodeURIComponent(password);
            full = u.toString();
          } catch {
            // The engine explains what is wrong with the URL.
          }
        }
        await api.call('target-connect', { url: full, ...(caFile.trim() ? { caFile: caFile.trim() } : {}) });
        setPassword('');
      },
      {
        context: 'Connect to the target',
        // A refused connection is shown here, beside the form, not in the banner.
        onError: (err) => {
          setProblem(err instanceof Error ? err.message : String(err));
          return true;
        },
      },
    );
  };

  return (
    <div className="target-form">
      {demo && (
        <p>
          <button
            type="button"
            className="secondary"
            data-testid="target-demo-start"
            disabled={disabled || action.busy}
            onClick={() => void action.run(() => api.call('target-demo-start', {}), { context: 'Start the demo production' })}
          >
            {action.busy ? 'Starting…' : 'Use the demo production'}
          </button>{' '}
          <span className="muted">An embedded PostgreSQL in this workspace, shaped like the platform&rsquo;s Supabase production.</span>
        </p>
      )}
      <form onSubmit={submit} className="form-grid" aria-label="Connect to a Postgres URL">
        <label htmlFor="target-url">Connection URL</label>
        <input id="target-url" type="url" spellCheck={false} placeholder="postgres://postgres@db.example.supabase.co:5432/postgres?sslmode=verify-full" value={url} onChange={(e) => setUrl(e.target.value)} data-testid="target-url" />
        <label htmlFor="target-password">Password</label>
        <input id="target-password" type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="target-password" />
        <label htmlFor="target-ca">CA certificate file</label>
        <input id="target-ca" type="text" spellCheck={false} placeholder="for sslmode=verify-full (Supabase: the project's certificate)" value={caFile} onChange={(e) => setCaFile(e.target.value)} data-testid="target-ca" />
        <div />
        <div>
          <button type="submit" className="secondary" disabled={disabled || action.busy || !url.trim()} data-testid="target-connect">
            {action.busy ? 'Connecting…' : 'Connect'}
          </button>
        </div>
      </form>
      {problem && (
        <p className="bad" role="alert" data-testid="target-problem">
          {problem}
        </p>
      )}
    </div>
  );
}

function RunningPush({ job }: { job: JobOf<'push'> }) {
  const parts = Object.entries(job.parts);
  return (
    <div data-testid="push-running">
      <JobSteps steps={job.steps} />
      {parts.length > 0 && (
        <table className="data-table" data-testid="push-progress">
          <thead>
            <tr>
              <th scope="col">Table</th>
              <th scope="col">Loaded</th>
              <th scope="col">Rows, rate, time left</th>
            </tr>
          </thead>
          <tbody>
            {parts.map(([key, part]) => (
              <tr key={key} data-testid={`push-part-${key}`}>
                <td className="mono">{part.label}</td>
                <td>
                  <ProgressBar part={part} state={job.state} label={`Push: ${part.label}`} size="small" />
                </td>
                <td>
                  <ProgressText part={part} running={isRunning(job)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function LastPush({ last }: { last: PushResult & { at: string } }) {
  const v = last.validation;
  const failing = v.checks.filter((c) => !c.passed);
  const passed = v.checks.filter((c) => c.passed);
  return (
    <div data-testid="last-push" data-outcome={last.outcome}>
      <p className={last.outcome === 'pushed' ? 'good' : 'bad'} data-testid="push-outcome">
        {last.outcome === 'pushed'
          ? `Staging holds the plan (pushed ${formatTime(last.at, { full: true })} to ${last.target}).`
          : `Rejected ${formatTime(last.at, { full: true })}: validation found ${formatNumber(v.errors)} error${v.errors === 1 ? '' : 's'}; staging was left as it was. Errors block the cutover.`}{' '}
        {formatNumber(v.errors)} errors, {formatNumber(v.warnings)} warnings, {formatNumber(v.checks.length)} checks.
      </p>
      {v.reportFile && (
        <p className="muted small">
          Report: <span className="mono">{v.reportFile}</span>
        </p>
      )}
      {last.outcome === 'pushed' && (
        <table className="data-table" data-testid="push-tables">
          <thead>
            <tr>
              <th scope="col">Table</th>
              <th scope="col" className="n">Rows</th>
              <th scope="col" className="n">Plan rows matched</th>
              <th scope="col" className="n">New</th>
              <th scope="col" className="n">Production rows kept</th>
            </tr>
          </thead>
          <tbody>
            {last.tables.map((t) => (
              <tr key={t.table}>
                <td className="mono">{t.table}</td>
                <td className="n">{formatNumber(t.rows)}</td>
                <td className="n">{formatNumber(t.matched)}</td>
                <td className="n">{formatNumber(t.added)}</td>
                <td className="n">{formatNumber(t.kept)}</td>
              </tr>
            ))}
            <tr>
              <td className="mono">auth.users</td>
              <td className="n">{formatNumber(last.authUsers.added)} new</td>
              <td className="n">{formatNumber(last.authUsers.kept)}</td>
              <td className="n">{formatNumber(last.authUsers.added)}</td>
              <td className="n" />
            </tr>
          </tbody>
        </table>
      )}
      {failing.map((c) => (
        <Check key={c.id} check={c} open={c.severity === 'error'} />
      ))}
      {passed.length > 0 && (
        <details data-testid="passed-checks">
          <summary>{formatNumber(passed.length)} checks passed</summary>
          <ul>
            {passed.map((c) => (
              <li key={c.id}>
                {c.label} <span className="muted">· {c.detail}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function Check({ check: c, open }: { check: ValidationCheck; open: boolean }) {
  const columns = [...new Set(c.samples.flatMap((s) => Object.keys(s)))];
  return (
    <details className={`check check-${c.severity}`} open={open} data-testid={`check-${c.id}`} data-severity={c.severity}>
      <summary>
        <StateBadge state={c.severity === 'error' ? 'failed' : 'warn'} title={c.severity} /> {c.label}{' '}
        <span className="muted">
          · {formatNumber(c.failed)} failing{c.samples.length < c.failed ? `, ${c.samples.length} shown` : ''}
        </span>
      </summary>
      <p className="muted">{c.detail}</p>
      {c.samples.length > 0 && (
        <table className="data-table small" data-testid="check-samples">
          <thead>
            <tr>
              {columns.map((k) => (
                <th key={k} scope="col">
                  {k}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {c.samples.map((s, i) => (
              <tr key={i}>
                {columns.map((k) => (
                  <td key={k} className="mono">
                    {s[k] === null || s[k] === undefined ? <span className="muted">NULL</span> : typeof s[k] === 'object' ? JSON.stringify(s[k]) : String(s[k])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}

function Ownership() {
  const ownership = useQuery('target-ownership', {}, 'Column ownership');
  return (
    <section className="card" aria-labelledby="ownership-h" data-testid="ownership">
      <h2 id="ownership-h">Column ownership</h2>
      <p className="muted">
        Columns the migration owns come from the sources (the plan). For a row production already has, every other column is copied from production, so the
        swap does not reset what the app maintains; a new row gets that column&rsquo;s default.
      </p>
      {ownership.data === undefined ? <p className="muted">{ownership.loading ? 'Reading the target…' : 'The ownership could not be read.'}</p> : ownership.data.map((t) => <OwnershipTable key={t.table} table={t} />)}
    </section>
  );
}

const ownerLabel = { plan: 'plan', production: 'production', generated: 'generated' } as const;

function OwnershipTable({ table: t }: { table: TableOwnership }) {
  return (
    <details data-testid={`ownership-${t.table}`}>
      <summary>
        <span className="mono">{t.table}</span> <span className="muted">· {t.note}</span>
      </summary>
      <p className="muted small">Matched to production by {t.matchedBy}.</p>
      <table className="data-table small">
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">Type</th>
            <th scope="col">Owned by</th>
            <th scope="col">A new row gets</th>
          </tr>
        </thead>
        <tbody>
          {t.columns.map((c) => (
            <tr key={c.column} data-owner={c.owner}>
              <td className="mono">{c.column}</td>
              <td className="mono muted">{c.type}</td>
              <td>
                <span className={`badge owner-${c.owner}`}>{ownerLabel[c.owner]}</span>
              </td>
              <td className="mono muted">{c.newRows ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
