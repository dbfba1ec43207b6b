// What a CSV import did: rows read, imported, unchanged, and the first errors with their lines.
import type { JobInfo } from '../../../shared/api/jobs.ts';
import { CsvImportResult } from '../../../shared/api/sources.ts';
import { formatNumber } from '../format.ts';

export function CsvImportResultView({ job, fileName }: { job: JobInfo; fileName: string | null }) {
  if (job.state === 'running') return <p className="muted">Importing {fileName ?? 'the file'}…</p>;
  if (job.state !== 'done') return <p className="error-text-inline">{job.error?.message ?? `The import ended: ${job.state}.`}</p>;
  const parsed = CsvImportResult.safeParse(job.result);
  if (!parsed.success) return <p className="muted">The import finished but reported no result.</p>;
  const r = parsed.data;
  return (
    <div className="csv-result" data-testid="csv-result">
      <p>
        {fileName && <span className="mono">{fileName}</span>} {fileName && '· '}
        <span className="num">{formatNumber(r.rows)}</span> rows · <span className="num">{formatNumber(r.imported)}</span> imported ·{' '}
        <span className="num">{formatNumber(r.unchanged)}</span> unchanged ·{' '}
        <span className={`num${r.errorCount ? ' bad' : ''}`}>{formatNumber(r.errorCount)}</span> with errors
      </p>
      {r.errors.length > 0 && (
        <table className="data-table compact-table" data-testid="csv-errors">
          <thead>
            <tr>
              <th className="n">Line</th>
              <th>Problem</th>
            </tr>
          </thead>
          <tbody>
            {r.errors.slice(0, 20).map((e, i) => (
              <tr key={`${e.line}-${i}`}>
                <td className="n">{formatNumber(e.line)}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {r.errorCount > Math.min(r.errors.length, 20) && (
        <p className="muted">…and {formatNumber(r.errorCount - Math.min(r.errors.length, 20))} more.</p>
      )}
    </div>
  );
}
