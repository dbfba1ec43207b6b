// Step 1: where the sources are pulled from — live keys, or the built-in demo.
import { useState } from 'react';
import type { ConnectionStatus } from '../../../shared/api/sources.ts';
import { ConnectionForm } from '../components/ConnectionForm.tsx';
import { ConnectionStatusView } from '../components/ConnectionStatusView.tsx';
import { DemoPanel } from '../components/DemoPanel.tsx';
import { StepHeader } from '../components/StepHeader.tsx';
import { useQuery } from '../hooks/useApi.ts';
import { useWizard } from '../hooks/useWizard.ts';

export function ConnectPage() {
  const query = useQuery('connection-get', {}, 'Connection');
  const wizard = useWizard();
  const [latest, setLatest] = useState<ConnectionStatus | undefined>(undefined);
  const status = latest ?? query.data;

  const changed = (s: ConnectionStatus) => {
    setLatest(s);
    void wizard.reload();
  };

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
