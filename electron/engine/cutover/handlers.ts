// The cutover procedures of the contract (shared/api/cutover.ts): the status and history, the
// plan job, the cutover and rollback jobs, dropping backups, and the launch report. The swap
// itself is execute.ts; this file decides what may run now, runs it against the workspace's
// target with the person's confirmation, and keeps what the Plan and Verify steps show.
import { join } from 'node:path';
import {
  planStepIds,
  swapConfirmation,
  type CutoverPlanResult,
  type CutoverStatus,
  type LaunchReport,
  type PlanOptions,
  type SwapDirection,
  type SwapRunResult,
  type TableInventorySummary,
} from '../../../shared/api/cutover.ts';
import { errors } from '../../../shared/api/errors.ts';
import type { EngineContext } from '../context.ts';
import { defineJob, type JobContext } from '../jobs/job-runner.ts';
import { handlers } from '../registry.ts';
import { refuseDuringPush, refuseDuringSwap, SWAP_JOB_KINDS } from '../target/busy.ts';
import type { TableInventory } from '../target/introspect/inventory.ts';
import { openTarget, readTarget, targetStatus } from '../target/session.ts';
import { STAGING_SCHEMA } from '../target/staging-layout.ts';
import { DEFAULT_SWAP_TABLES } from '../target/swap-tables.ts';
import { dropBackups } from './drop-backups.ts';
import { runSwap } from './execute.ts';
import { readSwapFacts, type FactsRequest } from './facts.ts';
import { currentCutover, readHistory } from './history.ts';
import { launchReportOf, launchReportPath, writeLaunchReport } from './launch-report.ts';
import { BACKUP_PREFIX, parkSchemaName } from './names.ts';
import { buildSwapPlan } from './plan.ts';
import { cutoverToUndo, rollbackRequest } from './rollback.ts';

const PLAN_KINDS = ['cutover-plan', ...SWAP_JOB_KINDS] as const;

/** The database name of the target (user@host:port/database), which the confirmation names. */
function databaseOf(ctx: EngineContext): string | null {
  const target = readTarget(ctx).info?.target;
  return target ? target.slice(target.lastIndexOf('/') + 1) : null;
}

function targetText(ctx: EngineContext): string {
  return readTarget(ctx).info?.target ?? 'the target';
}

/** The request of a cutover of the default tables from staging into production. */
export function cutoverFacts(options: PlanOptions, parkSchema: string): FactsRequest {
  return { direction: 'cutover', tables: DEFAULT_SWAP_TABLES, standbySchema: STAGING_SCHEMA, parkSchema, options };
}

function refuseUnconfirmed(ctx: EngineContext, direction: SwapDirection, typed: string): void {
  const database = databaseOf(ctx);
  if (database === null) throw errors.conflict('No target database yet: connect to one, or start the demo production.');
  const expected = swapConfirmation(direction, database);
  if (typed.trim() !== expected) throw errors.badInput(`To ${direction === 'cutover' ? 'cut over' : 'roll back'}, type “${expected}” exactly.`);
}

const names = (xs: readonly { name: string }[]) => xs.map((x) => x.name);

export function inventorySummary(t: TableInventory): TableInventorySummary {
  const views = t.views.filter((v) => v.depth === 1);
  return {
    table: `${t.schema}.${t.name}`,
    owner: t.owner,
    rls: t.rls.enabled ? (t.rls.forced ? 'enabled, forced' : 'enabled') : 'off',
    columns: t.columns.length,
    constraints: names(t.constraints.filter((c) => c.type !== 'not null')),
    indexes: names(t.indexes),
    sequences: names(t.sequences),
    triggers: names(t.triggers),
    rules: names(t.rules),
    policies: names(t.policies),
    otherPolicies: t.policiesOfOtherTables.map((p) => `${p.table}.${p.name}`),
    grants: t.acl ?? [],
    columnGrants: t.columns.filter((c) => c.acl?.length).map((c) => c.name),
    publications: names(t.publications),
    statistics: names(t.statistics),
    inboundForeignKeys: t.inboundForeignKeys.map((fk) => `${fk.fromTable}.${fk.name}`),
    views: names(views.filter((v) => v.kind === 'view')),
    materializedViews: names(views.filter((v) => v.kind === 'materialized view')),
    functions: t.functions.map((f) => f.signature),
    replicaIdentity: t.replicaIdentity.kind === 'index' ? `index ${t.replicaIdentity.index ?? ''}` : t.replicaIdentity.kind,
    comment: t.comment,
  };
}

interface PlanArgs {
  ctx: EngineContext;
  direction: SwapDirection;
  options: PlanOptions;
}

export const cutoverPlanJobDef = defineJob({
  kind: 'cutover-plan',
  // Reading only; a push or a swap (exclusive) waits for it, and it for them.
  locks: { target: 'shared' },
  label: ({ direction }: PlanArgs) => (direction === 'cutover' ? 'Plan the cutover' : 'Plan the rollback'),
  async run({ ctx, direction, options }: PlanArgs, job): Promise<CutoverPlanResult> {
    const started = performance.now();
    job.overall.set(0, 2);
    job.overall.note('reading production, staging and the row deltas');
    const conn = await openTarget(ctx);
    try {
      let req: FactsRequest;
      let undoes: number | null = null;
      if (direction === 'cutover') req = cutoverFacts(options, parkSchemaName(BACKUP_PREFIX));
      else {
        const cutover = await cutoverToUndo(conn.client);
        undoes = cutover.id;
        req = rollbackRequest(cutover, options);
      }
      // One snapshot for every read, so the deltas and the plan describe the same moment.
      await conn.client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      let facts;
      try {
        facts = await readSwapFacts(conn.client, { ...req, withDeltas: true });
      } finally {
        await conn.client.query('ROLLBACK').catch(() => undefined);
      }
      job.throwIfCancelled();
      job.overall.set(1, 2);
      const plan = buildSwapPlan(facts);
      const database = databaseOf(ctx) ?? '';
      const at = new Date().toISOString();
      const result: CutoverPlanResult = {
        at,
        target: conn.info.target,
        direction,
        runnable: plan.refusals.length === 0,
        confirmation: swapConfirmation(direction, database),
        undoes,
        inventory: facts.live.tables.map(inventorySummary),
        plan,
        planMs: Math.round(performance.now() - started),
      };
      ctx.workspace.settings.set('cutover.plan', {
        jobId: job.id,
        at,
        direction,
        sha256: plan.sha256,
        runnable: result.runnable,
        refusals: plan.refusals.length,
        target: conn.info.target,
        parkSchema: plan.parkSchema,
        undoes,
        options: plan.options,
      });
      job.overall.set(2, 2);
      job.overall.note(undefined);
      return result;
    } finally {
      await conn.close().catch(() => undefined);
    }
  },
});

interface SwapArgs {
  ctx: EngineContext;
  direction: SwapDirection;
  options: PlanOptions;
  /** The plan the person confirmed: its sha256 and park schema, or none (a rollback without a plan shown). */
  planned: { sha256: string; parkSchema: string; jobId: string; undoes: number | null } | null;
}

/** The plan this workspace made last, when it is the one the input names; the park schema it named comes with it. */
function plannedFor(ctx: EngineContext, direction: SwapDirection, sha256: string, options: PlanOptions): NonNullable<SwapArgs['planned']> {
  const saved = ctx.workspace.settings.get('cutover.plan');
  if (!saved || saved.direction !== direction || saved.sha256 !== sha256 || saved.target !== targetText(ctx)) {
    throw errors.conflict(`That is not the ${direction} plan made last here: plan again, look at it, and confirm that one.`);
  }
  if (JSON.stringify(sortedOptions(saved.options)) !== JSON.stringify(sortedOptions(options))) {
    throw errors.conflict('The choices differ from the ones the plan was made with: plan again with these choices, and confirm that plan.');
  }
  if (!saved.runnable) throw errors.conflict(`The plan cannot run (${saved.refusals} refusal${saved.refusals === 1 ? '' : 's'}): see the Plan step.`);
  return { sha256, parkSchema: saved.parkSchema, jobId: saved.jobId, undoes: saved.undoes };
}

const sortedOptions = (o: PlanOptions) => ({ migrationColumns: o.migrationColumns, choices: Object.fromEntries(Object.entries(o.choices).sort(([a], [b]) => a.localeCompare(b))) });

/** Runs a swap and reports its steps live: running → ok / failed / skipped, each with its time. */
async function swap({ ctx, direction, options, planned }: SwapArgs, job: JobContext<'cutover'> | JobContext<'rollback'>): Promise<SwapRunResult> {
  const steps = job as JobContext<'cutover'>;
  const conn = await openTarget(ctx);
  try {
    let req: FactsRequest;
    if (direction === 'cutover') req = cutoverFacts(options, planned!.parkSchema);
    else {
      const cutover = await cutoverToUndo(conn.client);
      if (planned && planned.undoes !== cutover.id) throw errors.conflict(`The rollback plan was made for cutover ${planned.undoes}, but cutover ${cutover.id} is in effect now: plan again.`);
      req = rollbackRequest(cutover, options, ...(planned ? [planned.parkSchema] : []));
    }
    const started = new Set<string>();
    let done = 0;
    job.overall.set(0, planStepIds.length);
    const swapResult = await runSwap(conn.client, req, {
      ...(planned ? { expectedSha256: planned.sha256 } : {}),
      appVersion: ctx.version,
      critical: (work) => job.critical(work),
      throwIfCancelled: () => job.throwIfCancelled(),
      onStep: (id, status, note) => {
        const s = steps.step(id);
        if (status === 'running') {
          // A step says more while it runs (a lock attempt found the tables busy): a note, not a restart.
          if (started.has(id)) job.overall.note(note);
          else {
            started.add(id);
            s.start(note);
          }
          return;
        }
        if (status === 'ok') s.ok(note);
        else if (status === 'failed') s.fail(note);
        else s.skip(note ?? 'nothing to do');
        job.overall.set(++done, planStepIds.length);
        job.overall.note(undefined);
      },
    });
    const at = new Date().toISOString();
    const rowDeltas = planned ? planResultOf(ctx, planned.jobId)?.plan.rowDeltas ?? [] : [];
    const run: SwapRunResult = { at, target: conn.info.target, direction, swap: swapResult, rowDeltas, reportFile: null };
    const jobId = job.id;
    try {
      const file = launchReportPath(join(ctx.workspace.path, 'reports'), run);
      writeLaunchReport({ ...launchReportOf(run, { jobId, appVersion: ctx.version, database: databaseOf(ctx) ?? '', reportFile: file }), reportFile: file });
      run.reportFile = file;
    } catch {
      // The swap is committed whatever happens to the file; cutover-report rebuilds it from the job.
    }
    ctx.workspace.settings.set('cutover.last', { jobId, at, direction, historyId: swapResult.historyId, lockHoldMs: swapResult.lockHoldMs, reportFile: run.reportFile });
    return run;
  } finally {
    await conn.close().catch(() => undefined);
  }
}

function planResultOf(ctx: EngineContext, jobId: string): CutoverPlanResult | null {
  try {
    const job = ctx.jobs.get(jobId);
    return job.kind === 'cutover-plan' && job.result ? job.result : null;
  } catch {
    return null;
  }
}

const interrupted = (what: string) => () =>
  `The ${what} was cut off. If that happened before its COMMIT, the target rolled the transaction back and production is as it was; if after, it is in effect (its VALIDATE and ANALYZE may not have run). The history on the Cut over step says which; the next attempt can run either way.`;

export const cutoverJobDef = defineJob({
  kind: 'cutover',
  locks: { target: 'exclusive' },
  run: (args: SwapArgs, job) => swap(args, job),
  recover: interrupted('cutover'),
});

export const rollbackJobDef = defineJob({
  kind: 'rollback',
  locks: { target: 'exclusive' },
  run: (args: SwapArgs, job) => swap(args, job),
  recover: interrupted('rollback'),
});

export const cutoverJobs = [cutoverPlanJobDef, cutoverJobDef, rollbackJobDef];

function refuseDuringPlanOrSwap(ctx: EngineContext): void {
  refuseDuringPush(ctx);
  refuseDuringSwap(ctx);
}

async function status(ctx: EngineContext): Promise<CutoverStatus> {
  const target = targetStatus(ctx);
  const database = databaseOf(ctx);
  const active = ctx.jobs.active().find((j) => (PLAN_KINDS as readonly string[]).includes(j.kind));
  const running = active ? { jobId: active.id, kind: active.kind as (typeof PLAN_KINDS)[number] } : null;
  const busy = ctx.jobs.active().some((j) => j.kind === 'push') ? 'A push is running against the target; wait for it to end.' : running && running.kind !== 'cutover-plan' ? `A ${running.kind} is running; wait for it to end.` : null;
  let history: CutoverStatus['history'] = [];
  let historyError: string | null = null;
  if (target.mode !== 'none') {
    try {
      const conn = await openTarget(ctx, { requirePrivileges: false });
      try {
        history = await readHistory(conn.client, 100);
      } finally {
        await conn.close().catch(() => undefined);
      }
    } catch (error) {
      historyError = error instanceof Error ? error.message : String(error);
    }
  }
  const inEffect = currentCutover(history);
  const noTarget = target.mode === 'none' ? 'Connect to the target database (or start the demo production) first.' : null;
  const cannotRollBack =
    noTarget ??
    busy ??
    (historyError ? `The target's history cannot be read: ${historyError}` : null) ??
    (!inEffect ? 'There is no cutover in effect to roll back.' : inEffect.backupsDropped ? `The backups of cutover ${inEffect.id} were dropped, so it can no longer be rolled back.` : null);
  const lastPlan = ctx.workspace.settings.get('cutover.plan');
  return {
    target,
    cannotPlan: noTarget ?? busy,
    cannotRollBack,
    confirmation: database === null ? null : { cutover: swapConfirmation('cutover', database), rollback: swapConfirmation('rollback', database) },
    history,
    historyError,
    inEffect,
    running,
    lastPlan: lastPlan && { jobId: lastPlan.jobId, at: lastPlan.at, direction: lastPlan.direction, sha256: lastPlan.sha256, runnable: lastPlan.runnable, refusals: lastPlan.refusals, target: lastPlan.target },
    last: ctx.workspace.settings.get('cutover.last'),
  };
}

function report(ctx: EngineContext, jobId: string | undefined): LaunchReport {
  const id = jobId ?? ctx.workspace.settings.get('cutover.last')?.jobId;
  if (!id) throw errors.notFound('cutover or rollback has been run from this workspace yet');
  const job = ctx.jobs.get(id);
  if ((job.kind !== 'cutover' && job.kind !== 'rollback') || job.state !== 'done' || !job.result) throw errors.conflict(`Job ${id} is not a committed cutover or rollback, so it has no launch report.`);
  const target = job.result.target;
  return launchReportOf(job.result, { jobId: job.id, appVersion: ctx.version, database: target.slice(target.lastIndexOf('/') + 1), reportFile: job.result.reportFile });
}

export const cutoverHandlers = handlers({
  'cutover-status': (_input, ctx) => status(ctx),
  'cutover-plan': ({ direction, choices, migrationColumns }, ctx) => {
    refuseDuringPlanOrSwap(ctx);
    if (readTarget(ctx).mode === 'none') throw errors.conflict('Connect to the target database (or start the demo production) first.');
    return ctx.jobs.start(cutoverPlanJobDef, { ctx, direction, options: { choices, migrationColumns } });
  },
  'cutover-start': ({ planSha256, choices, migrationColumns, confirm }, ctx) => {
    refuseDuringPlanOrSwap(ctx);
    refuseUnconfirmed(ctx, 'cutover', confirm);
    const options = { choices, migrationColumns };
    return ctx.jobs.start(cutoverJobDef, { ctx, direction: 'cutover', options, planned: plannedFor(ctx, 'cutover', planSha256, options) });
  },
  'rollback-start': ({ planSha256, choices, migrationColumns, confirm }, ctx) => {
    refuseDuringPlanOrSwap(ctx);
    refuseUnconfirmed(ctx, 'rollback', confirm);
    const options = { choices, migrationColumns };
    return ctx.jobs.start(rollbackJobDef, { ctx, direction: 'rollback', options, planned: planSha256 === undefined ? null : plannedFor(ctx, 'rollback', planSha256, options) });
  },
  'backups-drop': async ({ historyId, confirm }, ctx) => {
    refuseDuringPlanOrSwap(ctx);
    const conn = await openTarget(ctx);
    try {
      return await dropBackups(conn.client, historyId, confirm.trim(), ctx.version);
    } finally {
      await conn.close().catch(() => undefined);
    }
  },
  'cutover-report': ({ jobId }, ctx) => report(ctx, jobId),
});
