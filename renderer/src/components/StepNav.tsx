// The left navigation: the launch wizard's eight steps with their states, then Reports and History.
import { stepIds, type AppInfo } from '../../../shared/api/app.ts';
import { routeHref, type Route } from '../hooks/useRoute.ts';
import { describeStep, useWizard } from '../hooks/useWizard.ts';
import { StateBadge } from './StateBadge.tsx';

const anyTime = [
  { page: 'reports', label: 'Reports' },
  { page: 'history', label: 'History' },
] as const;

export function StepNav({ route, info }: { route: Route; info: AppInfo | undefined }) {
  const wizard = useWizard();
  return (
    <nav className="sidenav" aria-label="Launch wizard">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        Cutover
      </div>
      <div className="nav-section">Launch</div>
      <ol className="nav-steps">
        {stepIds.map((id, i) => {
          const { step, title, state } = describeStep(wizard, id);
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
                <span className="nav-label">{title}</span>
                <StateBadge state={state} />
              </a>
            </li>
          );
        })}
      </ol>
      <div className="nav-section">Any time</div>
      <ul className="nav-links">
        {anyTime.map(({ page, label }) => {
          const active = route.page === page;
          return (
            <li key={page}>
              <a href={routeHref({ page })} className={`nav-item${active ? ' active' : ''}`} aria-current={active ? 'page' : undefined} data-testid={`nav-${page}`}>
                <span className="nav-label">{label}</span>
              </a>
            </li>
          );
        })}
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
