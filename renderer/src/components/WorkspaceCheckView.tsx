// A workspace check: its two steps, then SQLite's integrity verdict, what it found wrong, and the
// rows per table (a damaged table says what is wrong with it).
import type { JobOf } from '../../../shared/api/jobs.ts';
import { formatNumber } from '../format.ts';
import { JobResult } from './JobResult.tsx';

export function WorkspaceCheckView({ job }: { job: JobOf<'workspace-check'> }) {
  return (
    <JobResult job={job} noun="check" runningText="Checking the workspace…">
      {({ integrity, problems, tables }) => (
        <div className="check-result" data-testid="workspace-check-result">
          <p>
            Integrity: <strong className={integrity.toLowerCase() === 'ok' ? 'good' : 'bad'}>{integrity}</strong>
          </p>
          {problems.length > 0 && (
            <ul className="bad">
              {problems.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          )}
          <table className="data-table compact-table">
            <thead>
              <tr>
                <th>Table</th>
                <th className="n">Rows</th>
                <th>Problem</th>
              </tr>
            </thead>
            <tbody>
              {tables.map((t) => (
                <tr key={t.name}>
                  <td className="mono">{t.name}</td>
                  <td className="n">{t.rows === null ? '—' : formatNumber(t.rows)}</td>
                  <td className={t.problem ? 'bad' : undefined}>{t.problem ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </JobResult>
  );
}
