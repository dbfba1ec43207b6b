// A part's counts in words: done / total unit, rate and time left when known.
import type { ProgressPart } from '../../../shared/api/index.ts';
import { formatCounts, formatDuration, formatRate } from '../format.ts';

export function ProgressText({ part, running }: { part: ProgressPart; running: boolean }) {
  const rate = running ? formatRate(part.rate, part.unit) : null;
  const finished = part.total !== null && part.done >= part.total;
  const eta = running && !finished && part.etaSeconds !== null ? `about ${formatDuration(part.etaSeconds)} left` : null;
  return (
    <span className="progress-text">
      <span className="num">{formatCounts(part)}</span>
      {running && part.total === null && <span className="muted"> (total not known yet)</span>}
      {rate && <span className="muted"> · {rate}</span>}
      {eta && <span className="muted"> · {eta}</span>}
      {part.note && <span className="muted"> · {part.note}</span>}
    </span>
  );
}
