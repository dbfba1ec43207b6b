// The target procedures of the contract (shared/api/target.ts): connecting, the demo production,
// the inventory and column ownership, and the push job.
import { join } from 'node:path';
import { errors } from '../../../shared/api/errors.ts';
import type { PushStatus } from '../../../shared/api/target.ts';
import { approvalStatus } from '../approval/handlers.ts';
import type { EngineContext } from '../context.ts';
import { defineJob } from '../jobs/job-runner.ts';
import { planDigest } from '../reconcile/plan-export.ts';
import { planTableDefs } from '../reconcile/plan-tables.ts';
import { reconcilerOf } from '../reconcile/service.ts';
import { handlers } from '../registry.ts';
import { introspect } from './introspect/introspect.ts';
import { ownershipOf, ownershipView } from './push/ownership.ts';
import { sqlitePlanSource } from './push/plan-source.ts';
import { pushPlan } from './push/push.ts';
import { refuseDuringPush, refuseDuringSwap } from './busy.ts';
import { connectDemo, connectLive, openTarget, readTarget, targetStatus } from './session.ts';

/** Why a push cannot start now, or null. */
function cannotPush(ctx: EngineContext): string | null {
  if (readTarget(ctx).mode === 'none') return 'Connect to the target database (or start the demo production) first.';
  const approval = approvalStatus(ctx);
  if (!approval.approval) return 'The plan has not been signed off: approve it on the Approve step first.';
  if (!approval.valid) return `The sign-off no longer holds: ${approval.invalidatedBy?.detail ?? 'sign the plan off again'}`;
  return null;
}

export const pushJobDef = defineJob({
  kind: 'push',
  // The target alone; the plan is read from a snapshot, so the cache is only shared (a
  // recompute, which rewrites the plan, waits).
  locks: { target: 'exclusive', cache: 'shared' },
  async run(ctx: EngineContext, job) {
    const prepare = job.step('prepare');
    prepare.start();
    const refuse = (message: string) => {
      prepare.fail(message);
      return errors.conflict(message);
    };
    const why = cannotPush(ctx);
    if (why) throw refuse(why);
    const rec = reconcilerOf(ctx);
    if (rec.staleReason() !== null) throw refuse(`The reconciliation is out of date (${rec.staleReason()}); let it recompute, then push.`);
    const approval = approvalStatus(ctx).approval!;
    // The plan is read as it stands now; a decision taken while the push runs would change it,
    // and it invalidates the sign-off: checked again just before COMMIT, which it then refuses.
    // (A recompute, a pull or an import cannot run meanwhile: they take the cache exclusively.)
    const settings = ctx.workspace.settings;
    const sha = planDigest(ctx.workspace.db, { catalog: rec.catalog, timeZone: settings.get('timeZone'), fiscalYearStartMonth: settings.get('fiscalYearStartMonth') }).sha256;
    if (sha !== approval.planSha256) throw refuse('The plan is not the one signed off (it changed since); review it and sign it off again.');
    const plan = sqlitePlanSource(ctx.workspace.db, {
      sha256: sha,
      approvedBy: approval.reviewer,
      approvedAt: approval.at,
      rows: approval.planRows,
      amountMinor: approval.amountMinor,
      timeZone: settings.get('timeZone'),
      catalog: rec.catalog,
    });
    const conn = await openTarget(ctx);
    try {
      const result = await pushPlan(
        conn.client,
        plan,
        { target: conn.info.target, workspaceId: ctx.workspace.createdAt, reportDir: join(ctx.workspace.path, 'reports') },
        {
          step: (id, state, note) => {
            const s = job.step(id);
            if (state === 'start') {
              if (id !== 'prepare') s.start(note);
            } else if (state === 'ok') s.ok(note);
            else if (state === 'fail') s.fail(note);
            else s.skip(note ?? 'not run');
          },
          progress: (table, done, total) => job.part(table, table, 'rows', total).set(done, total),
          throwIfCancelled: () => job.throwIfCancelled(),
          critical: (work) => job.critical(work),
          beforeCommit: () => {
            const now = approvalStatus(ctx);
            if (!now.valid || now.approval?.id !== approval.id) {
              throw errors.conflict(`The plan changed while it was pushed (${now.invalidatedBy?.detail ?? 'the sign-off no longer holds'}); nothing was staged. Sign it off again and push.`);
            }
          },
        },
      );
      const jobId = ctx.jobs.active().find((j) => j.kind === 'push')?.id ?? '';
      settings.set('push.last', { ...result, at: result.validation.at, jobId });
      return result;
    } finally {
      await conn.close().catch(() => undefined);
    }
  },
  recover: () =>
    "The push was cut off before it committed: the target rolled its transaction back, so staging and the change capture are as the previous push left them (or absent).",
});

export const targetJobs = [pushJobDef];

export const targetHandlers = handlers({
  'target-connect': async ({ url, caFile }, ctx) => {
    refuseDuringPush(ctx);
    refuseDuringSwap(ctx);
    return connectLive(ctx, url, caFile);
  },
  'target-demo-start': async (input, ctx) => {
    refuseDuringPush(ctx);
    refuseDuringSwap(ctx);
    return connectDemo(ctx, input);
  },
  'target-status': (_input, ctx) => targetStatus(ctx),
  'target-inventory': async (_input, ctx) => {
    const conn = await openTarget(ctx, { requirePrivileges: false });
    try {
      return await introspect(conn.client);
    } finally {
      await conn.close();
    }
  },
  'target-ownership': async (_input, ctx) => {
    const conn = await openTarget(ctx, { requirePrivileges: false });
    try {
      const inventory = await introspect(conn.client);
      return inventory.tables.map((t) => ownershipView(ownershipOf(t, planTableDefs.find((d) => d.table === t.name)?.columns.map((c) => c.name) ?? [])));
    } finally {
      await conn.close();
    }
  },
  'push-status': (_input, ctx): PushStatus => ({ target: targetStatus(ctx), cannotPush: cannotPush(ctx), last: ctx.workspace.settings.get('push.last') }),
  'push-start': (_input, ctx) => {
    refuseDuringSwap(ctx);
    return ctx.jobs.start(pushJobDef, ctx);
  },
});
