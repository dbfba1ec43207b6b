// A job's fixed steps in order, each with its own status (pending, running, ok, failed, skipped)
// and note; nothing for jobs that have no steps.
import type { JobStep } from '../../../shared/api/job-parts.ts';
import { StateBadge } from './StateBadge.tsx';

export function JobSteps({ steps, compact = false }: { steps: readonly JobStep[]; compact?: boolean }) {
  if (steps.length === 0) return null;
  return (
    <ol className={`job-steps${compact ? ' compact' : ''}`} aria-label="Steps" data-testid="job-steps">
      {steps.map((s) => (
        <li key={s.id} className="job-step" data-testid="job-step" data-step={s.id} data-status={s.status}>
          <StateBadge state={s.status} />
          <span className="job-step-label">{s.label}</span>
          {s.note && <span className="muted"> · {s.note}</span>}
        </li>
      ))}
    </ol>
  );
}
