// A cutover or rollback job as it runs and once it ends: its steps live with their status and
// timings (the job's events), then the result — lock hold, attempts, writes carried, auth users —
// or, when it failed, the engine's reason, which says production is as it was.
import type { JobOf } from '../../../shared/api/jobs.ts';
import type { SwapRunResult } from '../../../shared/api/cutover.ts';
import { formatMs, formatNumber, formatTime } from '../format.ts';
import { waitingText } from '../jobSummary.ts';
import { JobSteps } from './JobSteps.tsx';
import { Fact } from './PlanParts.tsx';

type SwapJob = JobOf<'cutover'> | JobOf<'rollback'>;

export function SwapJobView({ job }: { job: SwapJob }) {
  const noun = job.kind === 'cutover' ? 'cutover' : 'rollback';
  return (
    <div className="swap-job" data-testid={`${job.kind}-job`} data-state={job.state}>
      <JobSteps steps={job.steps} timings />
      {job.state === 'queued' && <p className="muted">{waitingText(job)}…</p>}
      {job.state === 'running' && (
        <p className="muted" role="status">
          {job.kind === 'cutover' ? 'Cutting over' : 'Rolling back'}: {job.steps.find((s) => s.status === 'running')?.label ?? 'starting'}…
        </p>
      )}
      {(job.state === 'failed' || job.state === 'cancelled' || job.state === 'interrupted') && (
        <div className="form-error" role="alert" data-testid={`${job.kind}-error`}>
          <p>
            <strong>The {noun} did not happen.</strong> {job.error?.message ?? `It ended: ${job.state}.`}
          </p>
        </div>
      )}
      {job.state === 'done' && job.result && <SwapResultView result={job.result} testId={`${job.kind}-result`} />}
    </div>
  );
}

export function SwapResultView({ result: r, testId }: { result: SwapRunResult; testId: string }) {
  const s = r.swap;
  const carried = Object.values(s.carriedCounts).reduce((n, byAction) => n + Object.values(byAction).reduce((m, k) => m + k, 0), 0);
  const afterFailed = s.after.filter((a) => !a.ok);
  return (
    <div className="swap-result" data-testid={testId}>
      <p className="good" data-testid={`${testId}-line`}>
        {r.direction === 'cutover' ? 'Cut over' : 'Rolled back'}: committed at {formatTime(r.at, { full: true })} on <span className="mono">{r.target}</span> (history #{s.historyId}).
      </p>
      <dl className="facts">
        <Fact label="Lock held" testId="lock-hold">
          {formatMs(s.lockHoldMs)}
        </Fact>
        <Fact label="Lock attempts" testId="lock-attempts">
          {formatNumber(s.lockAttempts)}
        </Fact>
        <Fact label="Waited for the lock">{formatMs(s.lockWaitMs)}</Fact>
        <Fact label={`Writes carried ${r.direction === 'cutover' ? 'over' : 'back'}`} testId="carried">
          {formatNumber(carried)}
        </Fact>
        {Object.entries(s.auth.counts).map(([k, n]) => (
          <Fact key={k} label={`Auth users ${k}`}>
            {formatNumber(n)}
          </Fact>
        ))}
      </dl>
      {afterFailed.length > 0 && (
        <p className="warning-box" role="alert">
          After the commit: {afterFailed.map((a) => `${a.label} failed (${a.error ?? 'no reason given'})`).join('; ')}. The swap stands; these can be run again.
        </p>
      )}
      {r.reportFile && (
        <p className="muted small">
          Launch report: <span className="mono">{r.reportFile}</span>
        </p>
      )}
    </div>
  );
}
