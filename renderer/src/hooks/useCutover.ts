// The cutover's state for the Plan, Cut over and Verify steps: the engine's cutover-status, and
// the last cutover plan this workspace made (its job holds the whole plan).
import { isJobOf, type JobOf } from '../../../shared/api/jobs.ts';
import type { CutoverPlanResult, CutoverStatus } from '../../../shared/api/cutover.ts';
import { useKnownJob } from './useJobs.ts';
import { useQuery, type Query } from './useQuery.ts';

export interface CutoverState {
  status: Query<CutoverStatus>;
  /** The last plan job of a cutover (not of a rollback), while it runs and once it ended. */
  planJob: JobOf<'cutover-plan'> | undefined;
  /** Its plan, once made. */
  plan: CutoverPlanResult | undefined;
}

export function useCutoverState(): CutoverState {
  const status = useQuery('cutover-status', {}, 'Cutover status');
  const last = status.data?.lastPlan;
  const found = useKnownJob(last && last.direction === 'cutover' ? last.jobId : null);
  const planJob = found && isJobOf(found, 'cutover-plan') ? found : undefined;
  const plan = planJob?.state === 'done' ? planJob.result : undefined;
  return { status, planJob, plan };
}
