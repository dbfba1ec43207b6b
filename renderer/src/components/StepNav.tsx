// The left navigation: the launch wizard's eight steps with their states, then Reports and History.
import { stepIds } from '../../../shared/api/app.ts';
import type { AppInfo } from '../../../shared/api/app.ts';
import { routeHref, type Route } from '../hooks/useRoute.ts';
import { stepLabels, useWizard } from '../hooks/useWizard.ts';
import { StateBadge } from './StateBadge.tsx';

export function StepNav({ route, info }: { route: Route; info: AppInfo | undefined }) {
  const { steps, loading } = useWizard();
  return (
    <nav className="sidenav" aria-label="Launch wizard">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        Cutover
      </div>
      <div className="nav-section">Launch</div>
      <ol className="nav-steps">
        {stepIds.map((id, i) => {
          const step = steps?.find((s) => s.id === id);
          const active = route.page === 'step' && route.step === id;
          return (
            <li key={id}>
              <a
                href={routeHref({ page: 'step', step: id })}
                className={`nav-item${active ? ' active' : ''}${step ? ` step-${step.state}` : ''}`}
                aria-current={active ? 'page' : undefined}
                data-testid={`nav-step-${id}`}
                data-state={step?.state}
                title={step?.summary}
              >
                <span className={`step-num${step?.state === 'done' ? ' done' : ''}`} aria-hidden="true">
                  {step?.state === 'done' ? '✓' : i + 1}
                </span>
                <span className="nav-label">{step?.title ?? stepLabels[id]}</span>
                <StateBadge state={step?.state ?? (loading ? 'loading' : 'unknown')} />
              </a>
            </li>
          );
        })}
      </ol>
      <div className="nav-section">Any time</div>
      <ul className="nav-links">
        <li>
          <a href="#/reports" className={`nav-item${route.page === 'reports' ? ' active' : ''}`} aria-current={route.page === 'reports' ? 'page' : undefined} data-testid="nav-reports">
            <span className="nav-label">Reports</span>
          </a>
        </li>
        <li>
          <a href="#/history" className={`nav-item${route.page === 'history' ? ' active' : ''}`} aria-current={route.page === 'history' ? 'page' : undefined} data-testid="nav-history">
            <span className="nav-label">History</span>
          </a>
        </li>
      </ul>
      {info && (
        <div className="nav-footer" title={info.workspace.path}>
          <div>
            Cutover {info.version} · {info.host}
          </div>
          <div className="nav-workspace">{info.workspace.path}</div>
          <div>Time zone {info.workspace.timeZone}</div>
        </div>
      )}
    </nav>
  );
}
