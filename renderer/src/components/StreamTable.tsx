// What the cache holds per stream.
import type { StreamStatus } from '../../../shared/api/sources.ts';
import { formatNumber, formatTime } from '../format.ts';
import { StateBadge } from './StateBadge.tsx';

export function StreamTable({ streams }: { streams: StreamStatus[] }) {
  const sum = (f: (s: StreamStatus) => number) => streams.reduce((n, s) => n + f(s), 0);
  return (
    <table className="data-table" data-testid="stream-table">
      <thead>
        <tr>
          <th>Stream</th>
          <th className="n">Records</th>
          <th className="n">Quarantined</th>
          <th className="n">Deleted</th>
          <th>Checkpoint</th>
          <th>Last pulled</th>
          <th className="n">Changed last time</th>
        </tr>
      </thead>
      <tbody>
        {streams.map((s) => (
          <tr key={s.stream} data-testid={`stream-${s.stream}`}>
            <td>
              {s.label}
              <div className="mono muted small">{s.stream}</div>
            </td>
            <td className="n" data-col="records">
              {formatNumber(s.records)}
            </td>
            <td className={`n${s.quarantined ? ' warn' : ''}`} data-col="quarantined">
              {formatNumber(s.quarantined)}
            </td>
            <td className="n" data-col="deleted">
              {formatNumber(s.deleted)}
            </td>
            <td data-col="checkpoint">
              <StateBadge state={s.checkpoint} />
            </td>
            <td data-col="last-pulled">{formatTime(s.lastPulledAt)}</td>
            <td className="n" data-col="last-changed">
              {formatNumber(s.lastChanged)}
            </td>
          </tr>
        ))}
      </tbody>
      {streams.length > 1 && (
        <tfoot>
          <tr>
            <th>Total</th>
            <td className="n">{formatNumber(sum((s) => s.records))}</td>
            <td className="n">{formatNumber(sum((s) => s.quarantined))}</td>
            <td className="n">{formatNumber(sum((s) => s.deleted))}</td>
            <td colSpan={3} />
          </tr>
        </tfoot>
      )}
    </table>
  );
}
