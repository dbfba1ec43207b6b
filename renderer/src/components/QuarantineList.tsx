// Records that failed their schema: kept verbatim with the reason, never dropped.
import type { Output } from '../../../shared/api/index.ts';
import { formatNumber, formatTime } from '../format.ts';

type Quarantine = Output<'quarantine-list'>;

const SNIPPET = 160;

export function QuarantineList({ data }: { data: Quarantine }) {
  if (!data.total) return <p className="muted">No quarantined records.</p>;
  return (
    <>
      <p className="muted">
        {formatNumber(data.total)} record{data.total === 1 ? '' : 's'} failed their schema and are kept aside with the reason
        {data.total > data.rows.length ? `; the first ${formatNumber(data.rows.length)} are shown` : ''}.
      </p>
      <table className="data-table" data-testid="quarantine-table">
        <thead>
          <tr>
            <th>Stream</th>
            <th>Record</th>
            <th>Reason</th>
            <th>Received</th>
            <th>Raw</th>
          </tr>
        </thead>
        <tbody>
          {data.rows.map((r) => (
            <tr key={r.id} data-testid="quarantine-row">
              <td className="mono small">{r.stream}</td>
              <td className="mono small">{r.recordKey ?? '—'}</td>
              <td>{r.reason}</td>
              <td className="nowrap">{formatTime(r.receivedAt)}</td>
              <td>
                <code className="raw" title={r.raw.length > SNIPPET ? r.raw.slice(0, 2000) : undefined}>
                  {r.raw.length > SNIPPET ? `${r.raw.slice(0, SNIPPET)}…` : r.raw}
                </code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
