// What may not run against the target at the same time, as refusals the operator can read: a push
// replaces staging, a cutover or rollback swaps production, and changing the target mid-way would
// point either at another database. (Their jobs also queue on the target lock; these refuse at
// once instead of queueing work that would be stale when it starts.)
import type { JobKind } from '../../../shared/api/jobs.ts';
import { errors } from '../../../shared/api/errors.ts';
import type { EngineContext } from '../context.ts';

export const SWAP_JOB_KINDS = ['cutover', 'rollback'] as const satisfies readonly JobKind[];

const running = (ctx: EngineContext, kinds: readonly JobKind[]) => ctx.jobs.active().find((j) => kinds.includes(j.kind));

export function refuseDuringPush(ctx: EngineContext): void {
  if (running(ctx, ['push'])) throw errors.conflict('A push is running against the target; wait for it to end.');
}

export function refuseDuringSwap(ctx: EngineContext): void {
  const job = running(ctx, SWAP_JOB_KINDS);
  if (job) throw errors.conflict(`A ${job.kind} is running against the target; wait for it to end.`);
}
