// Open demo: the built-in simulator of both APIs with generated data; needs no keys, no network.
import { useState } from 'react';
import type { ConnectionStatus } from '../../../shared/api/sources.ts';
import { useAction, useApi } from '../hooks/useApi.ts';

const scales = [
  { value: 0.1, label: '0.1 — a tenth of the real volumes (quick)' },
  { value: 1, label: '1 — the real volumes' },
];
const limits = [
  { value: 'live', label: 'Live-mode rate limits' },
  { value: 'test', label: 'Test-mode rate limits' },
  { value: 'off', label: 'No rate limits' },
] as const;
type Limits = (typeof limits)[number]['value'];

export function DemoPanel({ onOpened }: { onOpened: (status: ConnectionStatus) => void }) {
  const api = useApi();
  const action = useAction();
  const [scale, setScale] = useState(1);
  const [limit, setLimit] = useState<Limits>('live');

  async function open() {
    const status = await action.run(() => api.call('demo-open', { scale, limits: limit }), { context: 'Open demo' });
    if (status) onOpened(status);
  }

  return (
    <section className="card" aria-labelledby="demo-heading">
      <h2 id="demo-heading">Open demo</h2>
      <p className="muted">
        Runs the whole job with no credentials and no network: a simulator of the Xendit and Systeme.io APIs on this machine, with
        generated data.
      </p>
      <div className="form-grid">
        <label htmlFor="demo-scale">Scale</label>
        <select id="demo-scale" data-testid="demo-scale" value={String(scale)} onChange={(e) => setScale(Number(e.target.value))}>
          {scales.map((s) => (
            <option key={s.value} value={String(s.value)}>
              {s.label}
            </option>
          ))}
        </select>
        <label htmlFor="demo-limits">API limits</label>
        <select id="demo-limits" data-testid="demo-limits" value={limit} onChange={(e) => setLimit(e.target.value as Limits)}>
          {limits.map((l) => (
            <option key={l.value} value={l.value}>
              {l.label}
            </option>
          ))}
        </select>
      </div>
      <div className="actions">
        <button type="button" className="primary" data-testid="open-demo" disabled={action.busy} onClick={() => void open()}>
          {action.busy ? 'Opening demo…' : 'Open demo'}
        </button>
      </div>
    </section>
  );
}
