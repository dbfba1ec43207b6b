// The outcome of a workspace check: SQLite's integrity verdict and the rows per table.
import type { JobInfo } from '../../../shared/api/jobs.ts';
import { WorkspaceCheckResult } from '../../../shared/api/app.ts';
import { formatNumber } from '../format.ts';

export function WorkspaceCheckView({ job }: { job: JobInfo }) {
  if (job.state === 'running') return <p className="muted">Checking the workspace…</p>;
  if (job.state !== 'done') return <p className="error-text-inline">{job.error?.message ?? `The check ended: ${job.state}.`}</p>;
  const parsed = WorkspaceCheckResult.safeParse(job.result);
  if (!parsed.success) return <p className="muted">The check finished but reported no result.</p>;
  const { integrity, tables } = parsed.data;
  const ok = integrity.toLowerCase() === 'ok';
  return (
    <div className="check-result" data-testid="workspace-check-result">
      <p>
        Integrity: <strong className={ok ? 'good' : 'bad'}>{integrity}</strong>
      </p>
      <table className="data-table compact-table">
        <thead>
          <tr>
            <th>Table</th>
            <th className="n">Rows</th>
          </tr>
        </thead>
        <tbody>
          {tables.map((t) => (
            <tr key={t.name}>
              <td className="mono">{t.name}</td>
              <td className="n">{formatNumber(t.rows)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
