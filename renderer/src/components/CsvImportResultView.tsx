// What a CSV import did: rows read, imported, unchanged, and the first errors with their lines.
import type { JobOf } from '../../../shared/api/jobs.ts';
import { formatNumber } from '../format.ts';
import { JobResult } from './JobResult.tsx';

const SHOWN_ERRORS = 20;

export function CsvImportResultView({ job, fileName }: { job: JobOf<'csv-import'>; fileName: string | null }) {
  return (
    <JobResult job={job} noun="import" runningText={`Importing ${fileName ?? 'the file'}…`}>
      {(r) => {
        const shown = r.errors.slice(0, SHOWN_ERRORS);
        return (
          <div className="csv-result" data-testid="csv-result">
            <p>
              {fileName && <span className="mono">{fileName}</span>} {fileName && '· '}
              <span className="num">{formatNumber(r.rows)}</span> rows · <span className="num">{formatNumber(r.imported)}</span> imported ·{' '}
              <span className="num">{formatNumber(r.unchanged)}</span> unchanged ·{' '}
              <span className={`num${r.errorCount ? ' bad' : ''}`}>{formatNumber(r.errorCount)}</span> with errors
            </p>
            {shown.length > 0 && (
              <table className="data-table compact-table" data-testid="csv-errors">
                <thead>
                  <tr>
                    <th className="n">Line</th>
                    <th>Problem</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((e, i) => (
                    <tr key={`${e.line}-${i}`}>
                      <td className="n">{formatNumber(e.line)}</td>
                      <td>{e.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {r.errorCount > shown.length && <p className="muted">…and {formatNumber(r.errorCount - shown.length)} more.</p>}
          </div>
        );
      }}
    </JobResult>
  );
}
