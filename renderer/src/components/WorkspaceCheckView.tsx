// A workspace check: its two steps, then SQLite's integrity verdict and the rows per table.
import type { JobOf } from '../../../shared/api/jobs.ts';
import { formatNumber } from '../format.ts';
import { JobResult } from './JobResult.tsx';

export function WorkspaceCheckView({ job }: { job: JobOf<'workspace-check'> }) {
  return (
    <JobResult job={job} noun="check" runningText="Checking the workspace…">
      {({ integrity, tables }) => (
        <div className="check-result" data-testid="workspace-check-result">
          <p>
            Integrity: <strong className={integrity.toLowerCase() === 'ok' ? 'good' : 'bad'}>{integrity}</strong>
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
      )}
    </JobResult>
  );
}
