// The app itself: what is open, the wizard's state, the workspace check, and the settings.
import { isTimeZone } from '../domain/time.ts';
import { errors } from '../../../shared/api/errors.ts';
import { defineJob } from '../jobs/job-runner.ts';
import { handlers } from '../registry.ts';
import { connectionStatus } from '../sources/connection.ts';
import { streamStatuses } from '../sources/streams.ts';
import { checkWorkspace } from '../workspace/check.ts';
import type { Owner } from '../workspace/workspace.ts';
import type Database from 'better-sqlite3';
import { wizardSteps, type CutoverFacts, type PushFacts, type ReviewFacts } from './wizard.ts';
import type { EngineContext } from '../context.ts';
import { approvalStatus } from '../approval/handlers.ts';

/** The review's state for the wizard, read straight from the derived tables (no recompute is started for it). */
function reviewFacts(ctx: EngineContext): ReviewFacts {
  const db = ctx.workspace.db;
  const one = (sql: string) => db.prepare(sql).pluck().get() as number;
  const computed = (db.prepare("SELECT count(*) FROM recon_meta WHERE key = 'computed_at'").pluck().get() as number) > 0;
  const approval = computed ? approvalStatus(ctx) : null;
  return {
    computed,
    recomputing: ctx.jobs.active().some((j) => j.kind === 'reconcile'),
    open: computed ? one("SELECT count(*) FROM recon_findings WHERE status = 'open'") : 0,
    blocking: computed ? one("SELECT count(*) FROM recon_findings WHERE status = 'open' AND severity = 'error'") : 0,
    decisions: one('SELECT count(*) FROM recon_decisions'),
    approved: approval?.valid ?? false,
    approvalInvalidated: approval !== null && approval.approval !== null && !approval.valid,
  };
}

function pushFacts(ctx: EngineContext, review: ReviewFacts): PushFacts {
  const settings = ctx.workspace.settings;
  const last = settings.get('push.last');
  const target = settings.get('target');
  return {
    target: target.mode === 'none' ? null : (target.info?.target ?? null),
    running: ctx.jobs.active().some((j) => j.kind === 'push'),
    last: last && { at: last.at, outcome: last.outcome, errors: last.validation.errors, warnings: last.validation.warnings, planSha256: last.planSha256 },
    approvedSha: review.approved ? (approvalStatus(ctx).approval?.planSha256 ?? null) : null,
  };
}

function cutoverFacts(ctx: EngineContext): CutoverFacts {
  const running = ctx.jobs.active().find((j) => j.kind === 'cutover-plan' || j.kind === 'cutover' || j.kind === 'rollback');
  return {
    running: (running?.kind as CutoverFacts['running'] | undefined) ?? null,
    plan: ctx.workspace.settings.get('cutover.plan'),
    last: ctx.workspace.settings.get('cutover.last'),
  };
}

const workspaceCheck = defineJob({
  kind: 'workspace-check',
  // It reads every table: writers wait, other readers need not.
  locks: { cache: 'shared' },
  run: (db: Database.Database, job) => checkWorkspace(db, job),
});

/**
 * Says once, in the job history, that the workspace was taken over from a session that ended
 * without closing it; its interrupted jobs carry their own recovery notes.
 */
export const sessionResume = defineJob({
  kind: 'session-resume',
  locks: {},
  run: async ({ previous, interruptedJobs }: { previous: Owner; interruptedJobs: number }) => {
    const jobs = interruptedJobs ? ` ${interruptedJobs} job${interruptedJobs === 1 ? '' : 's'} it was running ${interruptedJobs === 1 ? 'is' : 'are'} marked interrupted.` : '';
    const note = `The last session (process ${previous.pid} on ${previous.host}, opened ${previous.since}) ended without closing; resuming.${jobs}`;
    return { note, previous, interruptedJobs };
  },
});

export const appJobs = [workspaceCheck, sessionResume];

export const appHandlers = handlers({
  'app-info': (_input, ctx) => ({
    version: ctx.version,
    host: ctx.host,
    workspace: {
      path: ctx.workspace.path,
      schemaVersion: ctx.workspace.schemaVersion,
      createdAt: ctx.workspace.createdAt,
      timeZone: ctx.workspace.settings.get('timeZone'),
    },
  }),

  'wizard-status': (_input, ctx) => {
    const review = reviewFacts(ctx);
    return wizardSteps({
      connection: connectionStatus(ctx),
      streams: streamStatuses(ctx.workspace.db),
      pullRunning: ctx.jobs.active().some((j) => j.kind === 'pull'),
      review,
      push: pushFacts(ctx, review),
      cutover: cutoverFacts(ctx),
    });
  },

  'workspace-check': (_input, ctx) => ctx.jobs.start(workspaceCheck, ctx.workspace.db),

  'settings-get': (_input, ctx) => ctx.workspace.settings.user(),

  'settings-set': (input, ctx) => {
    if (input.timeZone !== undefined && !isTimeZone(input.timeZone)) {
      throw errors.badInput(`Unknown time zone "${input.timeZone}": use an IANA zone such as Asia/Manila.`, [{ path: 'timeZone', message: 'unknown time zone' }]);
    }
    const settings = ctx.workspace.settings;
    for (const [key, value] of Object.entries(input) as [keyof typeof input, never][]) if (value !== undefined) settings.set(key, value);
    return settings.user();
  },
});
