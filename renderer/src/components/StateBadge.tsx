// A state as a small coloured label: wizard step states, job and job-step states, checkpoints, modes.

const labels: Record<string, string> = {
  todo: 'to do',
  done: 'done',
  running: 'running',
  queued: 'queued',
  pending: 'pending',
  ok: 'ok',
  skipped: 'skipped',
  blocked: 'blocked',
  unavailable: 'unavailable',
  failed: 'failed',
  cancelled: 'cancelled',
  interrupted: 'interrupted',
  never: 'never',
  partial: 'partial',
  complete: 'complete',
  none: 'not connected',
  demo: 'demo',
  live: 'live',
  loading: 'loading…',
  unknown: 'unknown',
};

export function StateBadge({ state, testId, title }: { state: string; testId?: string; title?: string }) {
  return (
    <span className={`badge state-${state}`} data-testid={testId} data-state={state} title={title}>
      {labels[state] ?? state}
    </span>
  );
}
