// A job's fixed steps in order, each with its own status (pending, running, ok, failed, skipped)
// and note, and with `timings` how long each took; nothing for jobs that have no steps.
import type { JobStep } from '../../../shared/api/job-parts.ts';
import { elapsed } from '../format.ts';
import { StateBadge } from './StateBadge.tsx';

export function JobSteps({ steps, compact = false, timings = false }: { steps: readonly JobStep[]; compact?: boolean; timings?: boolean }) {
  if (steps.length === 0) return null;
  return (
    <ol className={`job-steps${compact ? ' compact' : ''}`} aria-label="Steps" data-testid="job-steps">
      {steps.map((s) => (
        <li key={s.id} className="job-step" data-testid="job-step" data-step={s.id} data-status={s.status}>
          <StateBadge state={s.status} />
          <span className="job-step-label">{s.label}</span>
          {timings && s.startedAt && s.finishedAt && (
            <span className="job-step-time num" data-testid="job-step-time">
              {' '}
              {elapsed(s.startedAt, s.finishedAt)}
            </span>
          )}
          {s.note && <span className="muted"> · {s.note}</span>}
        </li>
      ))}
    </ol>
  );
}
