// One progress bar. A known total fills proportionally; an unknown total (APIs that give no
// count) shows a moving stripe while running. aria-value* carry the real counts.
import type { JobState, ProgressPart } from '../../../shared/api/index.ts';

interface Props {
  part: ProgressPart;
  state: JobState;
  label: string;
  testId?: string;
  size?: 'large' | 'small';
}

export function ProgressBar({ part, state, label, testId, size = 'large' }: Props) {
  const running = state === 'running';
  let now: number | undefined;
  let max: number | undefined;
  if (part.total !== null && part.total > 0) {
    max = part.total;
    now = Math.min(part.done, part.total);
  } else if (state === 'done' && part.done > 0) {
    // Finished without a known total: what was done is all there was.
    max = part.done;
    now = part.done;
  }
  const indeterminate = running && max === undefined;
  const pct = max !== undefined && now !== undefined ? (now / max) * 100 : state === 'done' ? 100 : 0;
  return (
    <div
      className={`progress progress-${size} state-${state}${indeterminate ? ' indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuenow={now}
      aria-valuemax={max}
      aria-busy={running}
      data-testid={testId}
      data-state={state}
    >
      <div className="progress-fill" style={indeterminate ? undefined : { width: `${pct}%` }} />
    </div>
  );
}
