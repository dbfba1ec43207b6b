// Screens built on the reconciliation show it only once there is something to reconcile: with an
// empty cache they say so, and ask the engine nothing that would start a recompute of nothing.
import type { ReactNode } from 'react';
import { useQuery } from '../hooks/useQuery.ts';
import { routeHref } from '../hooks/useRoute.ts';

export function NeedsSources({ children, what, title, titleTestId }: { children: ReactNode; what: string; title: string; titleTestId: string }) {
  const streams = useQuery('pull-status', {}, 'Pull status');
  const empty = streams.data?.every((s) => s.records === 0) ?? true;
  if (streams.data !== undefined && !empty) return <>{children}</>;
  return (
    <div className="page">
      <header className="page-header">
        <h1 data-testid={titleTestId} tabIndex={-1}>
          {title}
        </h1>
      </header>
      {streams.data === undefined ? (
        <p className="muted">{streams.loading ? 'Reading the workspace…' : 'The workspace could not be read.'}</p>
      ) : (
      <section className="card" data-testid="needs-sources">
        <p>
          Nothing has been pulled yet, so there is {what} until then: Cutover shows only what it has computed from your workspace.{' '}
          <a href={routeHref({ page: 'step', step: 'pull' })}>Pull the sources</a> (or import their CSV exports) first.
        </p>
      </section>
      )}
    </div>
  );
}
