// Step 7: the cutover itself. The plan made in the Plan step is run exactly (its sha256 goes with
// the start, and a target that now plans anything else is refused), once its confirmation text is
// typed; then its steps live with their timings, and the result: lock hold, attempts, writes
// carried over. A failure says so, and that production is as it was.
import { isJobOf, type JobOf } from '../../../shared/api/jobs.ts';
import type { CutoverStatus } from '../../../shared/api/cutover.ts';
import { PlanFacts } from '../components/PlanParts.tsx';
import { StepHeader } from '../components/StepHeader.tsx';
import { SwapJobView } from '../components/SwapJob.tsx';
import { TypeToConfirm } from '../components/TypeToConfirm.tsx';
import { formatMs, formatTime } from '../format.ts';
import { useApi } from '../hooks/useApi.ts';
import { useCutoverState } from '../hooks/useCutover.ts';
import { isRunning, useJobs, useKnownJob } from '../hooks/useJobs.ts';
import { routeHref } from '../hooks/useRoute.ts';
import { useStartedJob } from '../hooks/useStartedJob.ts';

/** The cutover job to show: the one started here, else one running, else the last committed cutover. */
function useCutoverJob(status: CutoverStatus | undefined, started: JobOf<'cutover'> | undefined): JobOf<'cutover'> | undefined {
  const running = useJobs().find((j): j is JobOf<'cutover'> => isJobOf(j, 'cutover') && isRunning(j));
  const last = status?.last?.direction === 'cutover' ? status.last.jobId : null;
  const lastJob = useKnownJob(started || running ? null : last);
  return started ?? running ?? (lastJob && isJobOf(lastJob, 'cutover') ? lastJob : undefined);
}

export function CutoverPage() {
  const api = useApi();
  const { status, plan } = useCutoverState();
  const starting = useStartedJob('cutover');
  const s = status.data;
  const job = useCutoverJob(s, starting.job);
  const active = job !== undefined && isRunning(job);
  const inEffect = s?.inEffect ?? null;

  return (
    <div className="page page-wide">
      <StepHeader id="cutover" />
      {inEffect && (
        <p className="good card" data-testid="in-effect">
          Production runs on the cutover committed {formatTime(inEffect.committedAt, { full: true })} (history #{inEffect.id}).{' '}
          <a href={routeHref({ page: 'step', step: 'verify' })}>Verify it →</a>
        </p>
      )}
      <section className="card" aria-labelledby="confirm-h" data-testid="cutover-confirm-card">
        <h2 id="confirm-h">Confirm the cutover</h2>
        {!plan ? (
          <p className="muted" data-testid="no-plan">
            No plan yet: <a href={routeHref({ page: 'step', step: 'plan' })}>make it in the Plan step</a>; the cutover runs exactly that plan.
          </p>
        ) : (
          <PlanFacts result={plan} tables testId="plan-to-run" />
        )}
        {plan && !active && !inEffect && (
          <TypeToConfirm
            phrase={plan.confirmation}
            action="Cut over"
            busyAction="Starting…"
            busy={starting.busy}
            disabled={!plan.runnable || s === undefined || s.running !== null}
            testId="cutover-confirm"
            onConfirm={(typed) =>
              void starting.start(
                () => api.call('cutover-start', { planSha256: plan.plan.sha256, choices: plan.plan.options.choices, migrationColumns: plan.plan.options.migrationColumns, confirm: typed }),
                'Cut over',
              )
            }
          >
            <p>
              In one transaction, production&rsquo;s {plan.plan.tables.map((t) => t.live).join(', ')} are replaced by staging&rsquo;s, with their security, triggers and dependents as
              production has them, and the app&rsquo;s writes since the push carried over. The app waits about {formatMs(plan.plan.expectedLockMs)} for these tables. If anything fails,
              nothing is committed and production stays exactly as it is. The replaced tables are kept for a rollback.
            </p>
          </TypeToConfirm>
        )}
        {plan && !plan.runnable && (
          <p className="bad" data-testid="plan-refused">
            The plan is refused ({plan.plan.refusals.map((r) => r.object).join(', ')}): see the Plan step.
          </p>
        )}
      </section>
      {job && (
        <section className="card" aria-labelledby="run-h" data-testid="cutover-run">
          <h2 id="run-h">{active ? 'Cutting over' : 'The cutover'}</h2>
          <SwapJobView job={job} />
          {job.state === 'done' && (
            <p>
              <a href={routeHref({ page: 'step', step: 'verify' })} data-testid="to-verify">
                Next: Verify →
              </a>
            </p>
          )}
        </section>
      )}
    </div>
  );
}
