// The reconciliation as the engine runs it: one Reconciler per open workspace, the recompute job,
// and the one place that keeps the derived state fresh — a recompute is queued when a pull or a
// CSV import ends (or when the sources changed while no engine watched), and reads wait for a
// recompute that can run now rather than show a stale state. A recompute of a state that is not
// stale (asked for by hand) keeps nobody waiting: it builds beside the tables it replaces.
import { CutoverError } from '../../../shared/api/errors.ts';
import type { EngineEvent } from '../../../shared/api/events.ts';
import type { EngineContext } from '../context.ts';
import { defineJob } from '../jobs/job-runner.ts';
import { withBulkWrites } from '../workspace/bulk-writes.ts';
import { Reconciler } from './reconciler.ts';

const reconcilers = new WeakMap<object, Reconciler>();

export function reconcilerOf(ctx: EngineContext): Reconciler {
  let rec = reconcilers.get(ctx.workspace.db);
  if (!rec) {
    const settings = ctx.workspace.settings;
    rec = new Reconciler(ctx.workspace.db, {
      timeZone: () => settings.get('timeZone'),
      reviewer: () => settings.get('reviewerName') || 'unnamed reviewer',
    });
    reconcilers.set(ctx.workspace.db, rec);
  }
  return rec;
}

export const reconcileJobDef = defineJob({
  kind: 'reconcile',
  // It reads the whole cache and rewrites every derived table: alone.
  locks: { cache: 'exclusive' },
  async run(ctx: EngineContext, job) {
    job.throwIfCancelled();
    const rec = reconcilerOf(ctx);
    // The new tables are built in short transactions with a pause between them (the engine serves
    // other calls meanwhile) and swapped in by one; a kill or a cancel before the swap leaves the
    // reconciliation as it was.
    return withBulkWrites(ctx.workspace.db, () =>
      rec.recompute({
        step: (id, work) => job.runStep(id, work),
        pause: async () => {
          await new Promise((resolve) => setImmediate(resolve));
          job.throwIfCancelled();
        },
        critical: (work) => job.critical(async () => work()),
      }),
    );
  },
  recover: () => 'The recompute was cut off before it swapped its tables in: the reconciliation is as it was before it, and the next read recomputes it.',
});

function activeReconcile(ctx: EngineContext) {
  return ctx.jobs.active().find((j) => j.kind === 'reconcile') ?? null;
}

/** Queues a full recompute if the derived state is stale and none is queued; returns its job id. */
export function ensureRecompute(ctx: EngineContext, force = false): string | null {
  const active = activeReconcile(ctx);
  if (active) return active.id;
  if (!force && reconcilerOf(ctx).staleReason() === null) return null;
  return ctx.jobs.start(reconcileJobDef, ctx).jobId;
}

/**
 * Before a read or a decision: if the derived state is stale and a recompute can run now (no
 * pull or import holds the cache), run it and wait; while one is queued behind a pull, the
 * current state is served (reconcile-status says it is stale).
 */
export async function fresh(ctx: EngineContext): Promise<Reconciler> {
  const rec = reconcilerOf(ctx);
  const sourcesBusy = ctx.jobs.active().some((j) => (j.kind === 'pull' || j.kind === 'csv-import') && j.state === 'running');
  // Nothing to wait for when the tables in place are current (a recompute asked for by hand).
  if (activeReconcile(ctx)?.state === 'running' && rec.staleReason() === null) return rec;
  if (!sourcesBusy) {
    const id = ensureRecompute(ctx);
    if (id) {
      const done = await ctx.jobs.wait(id, 3_600_000);
      if (done.state === 'failed' && done.error) throw new CutoverError(done.error.code, `The recompute failed: ${done.error.message}`);
    }
  }
  return rec;
}

/** The engine's listener: a pull or CSV import that ends (however it ends) queues the replay. */
export function replayAfterSources(ctx: EngineContext): (event: EngineEvent) => void {
  return (event) => {
    if (event.type !== 'job') return;
    const { kind, state } = event.job;
    if ((kind === 'pull' || kind === 'csv-import') && (state === 'done' || state === 'failed' || state === 'cancelled')) ensureRecompute(ctx);
  };
}
