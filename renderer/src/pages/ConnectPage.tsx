// Step 1: where the sources are pulled from — live keys, or the built-in demo.
import type { ConnectionStatus } from '../../../shared/api/sources.ts';
import { ConnectionForm } from '../components/ConnectionForm.tsx';
import { ConnectionStatusView } from '../components/ConnectionStatusView.tsx';
import { DemoPanel } from '../components/DemoPanel.tsx';
import { StepHeader } from '../components/StepHeader.tsx';
import { useQuery, useQueryCache } from '../hooks/useQuery.ts';

export function ConnectPage() {
  const query = useQuery('connection-get', {}, 'Connection');
  const cache = useQueryCache();
  const status = query.data;

  // The answer of a change is the connection as it now is: shown at once (its data-changed
  // event then reloads everything that reads the connection, the wizard included).
  const changed = (s: ConnectionStatus) => cache.setData('connection-get', {}, s);

  return (
    <div className="page">
      <StepHeader id="connect" />
      <section className="card" aria-labelledby="current-heading">
        <h2 id="current-heading">Current connection</h2>
        {status ? <ConnectionStatusView status={status} /> : <p className="muted">{query.loading ? 'Reading…' : 'Not known.'}</p>}
      </section>
      <div className="two-col">
        <DemoPanel onOpened={changed} />
        <ConnectionForm status={status} onSaved={changed} />
      </div>
    </div>
  );
}
