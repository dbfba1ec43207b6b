// Open demo: the built-in simulator of both APIs with generated data; needs no keys, no network.
import { useState } from 'react';
import type { Input } from '../../../shared/api/index.ts';
import type { ConnectionStatus } from '../../../shared/api/sources.ts';
import { useAction, useApi } from '../hooks/useApi.ts';
import { Select, type Option } from './Select.tsx';

type Limits = NonNullable<Input<'demo-open'>['limits']>;

const scales: Option<number>[] = [
  { value: 0.1, label: '0.1 — a tenth of the real volumes (quick)' },
  { value: 1, label: '1 — the real volumes' },
];
const limits: Option<Limits>[] = [
  { value: 'live', label: 'Live-mode rate limits' },
  { value: 'test', label: 'Test-mode rate limits' },
  { value: 'off', label: 'No rate limits' },
];

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
        <Select id="demo-scale" value={scale} options={scales} onChange={setScale} />
        <label htmlFor="demo-limits">API limits</label>
        <Select id="demo-limits" value={limit} options={limits} onChange={setLimit} />
      </div>
      <div className="actions">
        <button type="button" className="primary" data-testid="open-demo" disabled={action.busy} onClick={() => void open()}>
          {action.busy ? 'Opening demo…' : 'Open demo'}
        </button>
      </div>
    </section>
  );
}
