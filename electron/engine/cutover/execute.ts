// Runs a swap plan in one transaction (research/cutover.md, checklist 2–7, 11, 12): one swap at a
// time (advisory lock); DDL held off while the plan is re-read and compared (SHARE UPDATE
// EXCLUSIVE); the prepare step; then every table ACCESS EXCLUSIVE in one LOCK TABLE, each attempt
// under SET LOCAL lock_timeout and retried with backoff and jitter under a deadline; the locked
// steps, one round trip each; the checks; the history row; COMMIT (never interrupted); then, each
// on its own, VALIDATE, ANALYZE and the API's schema reload. Any failure before COMMIT rolls
// everything back: production is as it was, and the next attempt can run.
import type pg from 'pg';
import { CutoverError } from '../../../shared/api/errors.ts';
import { TargetError, sqlState } from '../pg/errors.ts';
import { DEFAULT_LOCK_RETRY, withLockRetry, type LockRetryHooks, type LockRetryPolicy } from '../pg/lock-retry.ts';
import { fileQuery } from '../pg/sql-files.ts';
import { readSwapFacts, type FactsRequest } from './facts.ts';
import { diffInventories } from '../target/catalog-diff.ts';
import { introspect } from '../target/introspect/introspect.ts';
import type { Inventory } from '../target/introspect/inventory.ts';
import { ensureAdminSchema } from './history.ts';
import { inlineParams } from './inline.ts';
import { afterCommitStepIds, type PlanStatement, type PlanStepId, type SwapPlan } from './model.ts';
import { ADVISORY_LOCK_KEY } from './names.ts';
import { buildSwapPlan } from './plan.ts';
import { CAPTURE_SCHEMA, CAPTURE_TABLE } from '../target/staging-layout.ts';
import { quoteQualified } from '../pg/quote.ts';

const CAPTURE = quoteQualified(CAPTURE_SCHEMA, CAPTURE_TABLE);

// The result's shape is the contract's (shared/api/cutover.ts).
export type { AfterResult, CarriedRow, SwapResult } from '../../../shared/api/cutover.ts';
import type { AfterResult, CarriedRow, SwapResult } from '../../../shared/api/cutover.ts';

export interface SwapRunOptions {
  /** The plan the person approved: a re-read that plans anything else stops the run. */
  expectedSha256?: string;
  lockRetry?: Partial<LockRetryPolicy>;
  lockRetryHooks?: LockRetryHooks;
  /** statement_timeout of each prepare statement, and of each locked step. */
  prepareTimeoutMs?: number;
  lockedTimeoutMs?: number;
  /** idle_in_transaction_session_timeout: a stalled engine loses its locks after this long. */
  idleTimeoutMs?: number;
  appVersion?: string;
  /** Wraps COMMIT (the job runner's critical(): cancel and shutdown wait for it). */
  critical?: <T>(work: () => Promise<T>) => Promise<T>;
  onStep?: (id: PlanStepId, status: 'running' | 'ok' | 'failed' | 'skipped', note?: string) => void;
  /** Called before each step runs (tests inject failures here). */
  beforeStep?: (id: PlanStepId) => Promise<void>;
  throwIfCancelled?: () => void;
}

export const CARRIED_LISTED = 5_000;
/** Catch-up rounds before a lock attempt stop once one covers this few captured writes, or after this many. */
const CATCH_UP_SETTLED = 100;
const CATCH_UP_ROUNDS = 5;

export class SwapFailed extends TargetError {
  constructor(
    reason: ConstructorParameters<typeof TargetError>[0],
    message: string,
    readonly step: PlanStepId | null,
    readonly problems: string[] = [],
  ) {
    super(reason, message);
    this.name = 'SwapFailed';
  }
}

const ms = (from: number) => Math.round((performance.now() - from) * 10) / 10;

/** Reads the facts and builds the plan: what cutover-plan shows and what a run re-checks. */
export async function planSwap(client: pg.ClientBase, req: FactsRequest): Promise<SwapPlan> {
  return buildSwapPlan(await readSwapFacts(client, req));
}

export async function runSwap(client: pg.ClientBase, req: FactsRequest, opts: SwapRunOptions = {}): Promise<SwapResult> {
  const step = (id: PlanStepId, status: 'running' | 'ok' | 'failed' | 'skipped', note?: string) => opts.onStep?.(id, status, note);
  const first = await planSwap(client, { ...req, withDeltas: false });
  refuseUnlessRunnable(first, opts.expectedSha256);
  const policy = { ...DEFAULT_LOCK_RETRY, ...opts.lockRetry };
  let current: PlanStepId | null = 'prepare';
  let historyId = 0;
  let committed = false;
  const stepMs: SwapResult['stepMs'] = {};
  const carried: CarriedRow[] = [];
  const carriedCounts: SwapResult['carriedCounts'] = {};
  const checks: SwapResult['checks'] = [];
  let lockAttempts = 0;
  let lockWaitMs = 0;
  let lockHoldMs = 0;
  let plan = first;
  /** Production's catalog of the swapped tables as planned: the catalog after COMMIT must match it. */
  let liveBefore: Inventory | null = null;
  const runtime: Runtime = { historyId: 0, captureMark: 0, carriedTo: first.captureSince, captureFloor: null, markFloor: null };
  try {
    await client.query('BEGIN');
    await client.query(
      `SELECT set_config('search_path', '', true), set_config('statement_timeout', $1, true), set_config('idle_in_transaction_session_timeout', $2, true)`,
      [`${opts.prepareTimeoutMs ?? 120_000}ms`, `${opts.idleTimeoutMs ?? 5_000}ms`],
    );
    const got = await client.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS got', [ADVISORY_LOCK_KEY]);
    if (!got.rows[0]?.got) throw new SwapFailed('busy', 'Another cutover or rollback is running on this database; try again when it has finished.', null);
    await ensureAdminSchema(client);
    const inserted = await client.query(fileQuery('cutover/history-insert').sql, [
      plan.direction,
      plan.sha256,
      JSON.stringify(plan.tables),
      plan.standbySchema,
      plan.parkSchema,
      req.undoOf?.historyId ?? null,
      opts.appVersion ?? null,
    ]);
    historyId = Number(inserted.rows[0].id);
    runtime.historyId = historyId;

    // No DDL on these tables from here on (DML goes on), then re-read and re-plan under that guard.
    step('prepare', 'running', 'holding off schema changes while the plan is re-read');
    await lockWithRetry(client, plan.lockOrder, 'SHARE UPDATE EXCLUSIVE', policy, opts);
    const facts = await readSwapFacts(client, { ...req, withDeltas: false });
    liveBefore = facts.live;
    plan = buildSwapPlan(facts);
    if (plan.sha256 !== first.sha256) {
      throw new SwapFailed('refused_plan', 'Production or staging changed while the cutover was starting (a different plan came out): plan again.', 'prepare');
    }
    refuseUnlessRunnable(plan, opts.expectedSha256);
    const prepared = performance.now();
    await opts.beforeStep?.('prepare');
    for (const s of stepOf(plan, 'prepare')) {
      opts.throwIfCancelled?.();
      await runStatements(client, [s], runtime, 'prepare', carried, carriedCounts, checks);
    }
    // Writes captured so far are carried now, without the lock; only later ones wait for it.
    let analyzedAt = 0;
    /** One round; returns how many capture ids it covered. */
    const catchUpRound = async (): Promise<number> => {
      if (!plan.catchUp.length) return 0;
      const mark = (await client.query<{ mark: string; floor: string }>(fileQuery('cutover/capture-mark').sql)).rows[0]!;
      runtime.captureMark = Number(mark.mark);
      runtime.markFloor = mark.floor;
      // Nothing new, and no transaction that was open at the last round has ended since.
      if (runtime.captureMark <= runtime.carriedTo && runtime.markFloor === runtime.captureFloor) return 0;
      const covered = runtime.captureMark - runtime.carriedTo;
      // A capture table that grew since its statistics were taken (autovacuum has not seen a busy
      // minute yet) would have the carry join its keys by scanning the big tables once per key.
      if (runtime.captureMark - runtime.carriedTo > 2 * analyzedAt) {
        await client.query(`ANALYZE ${CAPTURE}`);
        analyzedAt = runtime.captureMark - runtime.carriedTo;
      }
      await runStatements(client, plan.catchUp, runtime, 'carry-over', carried, carriedCounts, checks, true);
      runtime.carriedTo = runtime.captureMark;
      runtime.captureFloor = runtime.markFloor;
      return covered;
    };
    // Rounds until one finds little new (each takes what came during the one before), so that
    // little is left to carry under the lock; bounded, as a busy app may never let it settle.
    const catchUp = async () => {
      for (let round = 0; round < CATCH_UP_ROUNDS && (await catchUpRound()) > CATCH_UP_SETTLED; round++) opts.throwIfCancelled?.();
    };
    await catchUp();
    stepMs.prepare = ms(prepared);
    step('prepare', 'ok');

    // Every lock at once, briefly, again and again until it is had.
    current = 'lock';
    opts.throwIfCancelled?.();
    step('lock', 'running');
    await opts.beforeStep?.('lock');
    await client.query(`SELECT set_config('statement_timeout', $1, true)`, [`${opts.lockedTimeoutMs ?? 5_000}ms`]);
    const waited = performance.now();
    lockAttempts = await lockWithRetry(
      client,
      plan.lockOrder,
      'ACCESS EXCLUSIVE',
      policy,
      opts,
      async (n) => {
        step('lock', 'running', `attempt ${n - 1} found the tables busy; trying again`);
        // Keep up with the live app right before each attempt (after the back-off, not before it).
        await catchUp();
      },
      stepOf(plan, 'lock').slice(1),
    );
    const held = performance.now();
    lockWaitMs = ms(waited);
    stepMs.lock = lockWaitMs;
    step('lock', 'ok', `${lockAttempts} attempt${lockAttempts === 1 ? '' : 's'}, ${Math.round(lockWaitMs)} ms`);

    for (const id of ['carry-over', 'orphans', 'detach', 'swap', 'reproduce', 'rebind', 'auth', 'verify'] as const) {
      current = id;
      const statements = stepOf(plan, id);
      if (!statements.length) {
        step(id, 'skipped', 'nothing to do');
        continue;
      }
      step(id, 'running');
      await opts.beforeStep?.(id);
      const started = performance.now();
      await runStatements(client, statements, runtime, id, carried, carriedCounts, checks, true);
      stepMs[id] = ms(started);
      step(id, 'ok', id === 'carry-over' ? carriedNote(carriedCounts) : undefined);
    }
    current = 'commit';
    step('commit', 'running');
    await opts.beforeStep?.('commit');
    const committing = performance.now();
    await client.query(fileQuery('cutover/history-commit').sql, [historyId, lockAttempts, lockWaitMs, JSON.stringify({ carriedCounts, checks: checks.length, stepMs })]);
    const commit = async () => {
      await client.query('COMMIT');
      committed = true;
    };
    await (opts.critical ? opts.critical(commit) : commit());
    lockHoldMs = ms(held);
    stepMs.commit = ms(committing);
    step('commit', 'ok', `locks held ${Math.round(lockHoldMs)} ms`);
  } catch (error) {
    if (!committed) {
      await client.query('ROLLBACK').catch(() => undefined);
      if (current) step(current, 'failed', messageOf(error));
      await recordFailure(client, plan, req, error, opts.appVersion);
      throw asSwapFailed(error, current);
    }
    throw error;
  }

  // After commit: nothing here can undo the swap; failures are reported, never thrown.
  const after: AfterResult[] = [];
  for (const id of afterCommitStepIds) {
    const statements = stepOf(plan, id);
    if (!statements.length) {
      step(id, 'skipped', 'nothing to do');
      continue;
    }
    step(id, 'running');
    let failed = 0;
    for (const s of statements) {
      const started = performance.now();
      try {
        const r = await client.query(s.sql, resolveParams(s.params, runtime));
        const problems = s.kind === 'check' ? r.rows.map((row) => String((row as { problem: unknown }).problem)) : [];
        if (problems.length) failed++;
        after.push({ step: id, label: s.label, ok: !problems.length, ...(problems.length ? { error: problems.join('; ') } : {}), ms: ms(started) });
      } catch (error) {
        failed++;
        after.push({ step: id, label: s.label, ok: false, error: messageOf(error), ms: ms(started) });
      }
    }
    if (id === 'checks' && liveBefore) {
      const diff = await catalogAsPlanned(client, liveBefore, req.tables);
      if (!diff.ok) failed++;
      after.push({ step: id, ...diff });
    }
    step(id, failed ? 'failed' : 'ok', failed ? `${failed} of ${statements.length} failed` : undefined);
  }
  const auth: SwapResult['auth'] = { counts: {}, kept: [] };
  for (const r of (await client.query(fileQuery('cutover/auth-summary').sql, [historyId]).catch(() => ({ rows: [] }))).rows as { change: string; n: number; kept: SwapResult['auth']['kept'] }[]) {
    auth.counts[r.change] = r.n;
    if (r.change === 'kept') auth.kept = r.kept;
  }
  await client
    .query(fileQuery('cutover/history-finish').sql, [historyId, lockHoldMs, JSON.stringify({ after, lockHoldMs, auth })])
    .catch(() => undefined);
  return { historyId, plan, lockAttempts, lockWaitMs, lockHoldMs, stepMs, carried, carriedCounts, checks, after, auth };
}

/** The swapped tables and everything bound to them, read again after COMMIT: as production had them. */
async function catalogAsPlanned(client: pg.ClientBase, before: Inventory, tables: FactsRequest['tables']): Promise<Omit<AfterResult, 'step'>> {
  const label = 'the swapped tables and what is bound to them (names, security, triggers, foreign keys, views, functions) are as production had them';
  const started = performance.now();
  try {
    const diff = diffInventories(before, await introspect(client, tables));
    const shown = diff.slice(0, 5).map((d) => `${d.path}: ${JSON.stringify(d.before)} became ${JSON.stringify(d.after)}`);
    return { label, ok: !diff.length, ...(diff.length ? { error: `${diff.length} difference(s): ${shown.join('; ')}` } : {}), ms: ms(started) };
  } catch (error) {
    return { label, ok: false, error: messageOf(error), ms: ms(started) };
  }
}

function refuseUnlessRunnable(plan: SwapPlan, expected: string | undefined): void {
  if (plan.refusals.length) {
    const list = plan.refusals.slice(0, 5).map((r) => `${r.object}: ${r.reason}`);
    throw new SwapFailed('refused_plan', `The plan cannot run: ${list.join('; ')}${plan.refusals.length > 5 ? ` (and ${plan.refusals.length - 5} more)` : ''}.`, null, list);
  }
  if (expected !== undefined && expected !== plan.sha256) {
    throw new SwapFailed('refused_plan', 'Production or staging changed since the plan was shown (it no longer plans the same SQL): look at the new plan and confirm again.', null);
  }
}

function stepOf(plan: SwapPlan, id: PlanStepId): PlanStatement[] {
  return plan.steps.find((s) => s.id === id)?.statements ?? [];
}

/** LOCK TABLE in one statement, each attempt in a savepoint under SET LOCAL lock_timeout; returns the attempts. */
async function lockWithRetry(
  client: pg.ClientBase,
  tables: readonly string[],
  mode: string,
  policy: LockRetryPolicy,
  opts: SwapRunOptions,
  /** Runs before every attempt after the first (n is that attempt's number). */
  beforeRetry?: (attempt: number) => void | Promise<void>,
  /** Statements that take further locks in the same attempt (dropping a materialized view). */
  more: readonly PlanStatement[] = [],
): Promise<number> {
  await client.query(`SELECT set_config('lock_timeout', $1, true)`, [`${Math.round(policy.lockTimeoutMs)}ms`]);
  const result = await withLockRetry(
    async () => {
      await client.query('SAVEPOINT cutover_lock');
      try {
        await client.query(`LOCK TABLE ${tables.join(', ')} IN ${mode} MODE`);
        for (const s of more) await client.query(s.sql);
        await client.query('RELEASE SAVEPOINT cutover_lock');
      } catch (error) {
        await client.query('ROLLBACK TO SAVEPOINT cutover_lock').catch(() => undefined);
        // A deadlock with a client is a lost race like a lock timeout: both end with us holding nothing new.
        if (sqlState(error) === '40P01') throw Object.assign(new Error((error as Error).message), { code: '55P03' });
        throw error;
      }
    },
    policy,
    {
      ...opts.lockRetryHooks,
      beforeRetry,
      onRetry: async (e) => {
        opts.throwIfCancelled?.();
        await opts.lockRetryHooks?.onRetry?.(e);
      },
    },
  );
  return result.attempts;
}

/** The values plan statements name as { runtime }: the history row, and where the catch-up rounds have got to. */
interface Runtime {
  historyId: number;
  captureMark: number;
  carriedTo: number;
  captureFloor: string | null;
  markFloor: string | null;
}
const RUNTIME_NAMES = new Set<string>(['historyId', 'captureMark', 'carriedTo', 'captureFloor', 'markFloor'] satisfies (keyof Runtime)[]);

/** A statement's parameters with each { runtime } name replaced by its value now. */
function resolveParams(params: readonly unknown[], runtime: Runtime): unknown[] {
  return params.map((p) => {
    const name = p && typeof p === 'object' ? (p as { runtime?: string }).runtime : undefined;
    return name !== undefined && RUNTIME_NAMES.has(name) ? runtime[name as keyof Runtime] : p;
  });
}

/** Runs statements: in the locked phase one script per step (one round trip), otherwise one by one. */
async function runStatements(
  client: pg.ClientBase,
  statements: readonly PlanStatement[],
  runtime: Runtime,
  step: PlanStepId,
  carried: CarriedRow[],
  counts: SwapResult['carriedCounts'],
  checks: SwapResult['checks'],
  asScript = false,
): Promise<void> {
  let results: pg.QueryResult[];
  if (asScript) {
    const script = statements.map((s) => inlineParams(s.sql, resolveParams(s.params, runtime))).join(';\n');
    const r = (await client.query(script)) as unknown as pg.QueryResult | pg.QueryResult[];
    results = Array.isArray(r) ? r : [r];
    if (results.length !== statements.length) throw new Error(`step ${step}: ${statements.length} statements gave ${results.length} results`);
  } else {
    results = [];
    for (const s of statements) results.push(await client.query(s.sql, resolveParams(s.params, runtime)));
  }
  const problems: string[] = [];
  statements.forEach((s, i) => {
    const r = results[i] as pg.QueryResult;
    if (s.kind === 'check') {
      checks.push({ step, label: s.label });
      for (const row of r.rows) problems.push(`${s.label}: ${String((row as { problem: unknown }).problem)}`);
    } else if (s.kind === 'carry') {
      for (const row of r.rows as CarriedRow[]) {
        if (!row.table) continue;
        const t = (counts[row.table] ??= {});
        t[row.action] = (t[row.action] ?? 0) + 1;
        if (carried.length < CARRIED_LISTED) carried.push({ table: row.table, action: row.action, key: row.key });
      }
    }
  });
  if (problems.length) {
    throw new SwapFailed('verification', `A check before commit failed, so nothing was committed: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}`, step, problems);
  }
}

function carriedNote(counts: SwapResult['carriedCounts']): string {
  const total = Object.values(counts).reduce((n, t) => n + Object.values(t).reduce((a, b) => a + b, 0), 0);
  return total === 0 ? 'no writes to carry' : `${total} row${total === 1 ? '' : 's'} carried`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function asSwapFailed(error: unknown, step: PlanStepId | null): Error {
  if (error instanceof SwapFailed) return error;
  if (error instanceof TargetError) return new SwapFailed(error.reason, error.message, step);
  if (error instanceof CutoverError) return error;
  const state = sqlState(error);
  const why =
    state === '57014' ? 'a statement ran past its timeout'
    : state === '25P03' ? 'the transaction sat idle past its timeout'
    : state === '57P01' || state === '57P02' || state === '57P03' ? 'the server ended the connection'
    : /Connection terminated|ECONNRESET|not queryable/i.test(messageOf(error)) ? 'the connection was lost'
    : 'a statement failed';
  return new SwapFailed('other', `The ${step ?? 'swap'} step failed (${why}), so nothing was committed: production is as it was. ${messageOf(error)}`, step);
}

async function recordFailure(client: pg.ClientBase, plan: SwapPlan, req: FactsRequest, error: unknown, appVersion: string | undefined): Promise<void> {
  try {
    await ensureAdminSchema(client);
    await client.query(fileQuery('cutover/history-failed').sql, [
      plan.direction,
      plan.sha256,
      JSON.stringify(plan.tables),
      plan.standbySchema,
      req.undoOf?.historyId ?? null,
      messageOf(error).slice(0, 2_000),
      JSON.stringify({ step: error instanceof SwapFailed ? error.step : null, problems: error instanceof SwapFailed ? error.problems.slice(0, 20) : [] }),
      appVersion ?? null,
    ]);
  } catch {
    // The connection may be gone (that may be why we failed); the job history still has the attempt.
  }
}
