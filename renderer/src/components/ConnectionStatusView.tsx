// Where each source is pulled from now, and whether a key is set (its hint only, never the key).
import type { ConnectionStatus } from '../../../shared/api/sources.ts';
import { formatNumber } from '../format.ts';
import { StateBadge } from './StateBadge.tsx';

export function ConnectionStatusView({ status }: { status: ConnectionStatus }) {
  const rows = [
    { name: 'Xendit', s: status.xendit },
    { name: 'Systeme.io', s: status.systeme },
  ];
  return (
    <div data-testid="connection-status">
      <p className="status-line">
        Mode <StateBadge state={status.mode} testId="connection-mode" />
      </p>
      <table className="data-table">
        <thead>
          <tr>
            <th>Source</th>
            <th>Base URL</th>
            <th>Key</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ name, s }) => (
            <tr key={name}>
              <td>{name}</td>
              <td className="mono">{s.baseUrl}</td>
              <td>{s.hasKey ? <span className="mono">{s.keyHint ?? 'set'}</span> : <span className="muted">not set</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {status.demo && (
        <p className="muted demo-line">
          Demo simulator at <span className="mono">{status.demo.url}</span> · scale {formatNumber(status.demo.scale)} · seed{' '}
          {status.demo.seed} · rate limits {status.demo.limits}
        </p>
      )}
    </div>
  );
}
