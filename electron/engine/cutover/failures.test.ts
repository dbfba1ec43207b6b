// test-postgres: 17
// A failure injected at each point of a cutover leaves production exactly as it was — every row
// (checksums) and the catalog (diff) — and the next attempt runs: the lock never had, a check
// before commit that finds a mismatch, a statement failing in the middle, the connection killed
// by the server, and the engine itself killed with SIGKILL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { connectClient, withClient } from '../pg/client.ts';
import { withTestDatabase, type TestDatabase } from '../pg/testing.ts';
import { diffInventories } from '../target/catalog-diff.ts';
import { introspect } from '../target/introspect/introspect.ts';
import type { Inventory } from '../target/introspect/inventory.ts';
import { checksums, cutoverRequest, stagedDemoTemplate } from '../testing/cutover.ts';
import { planSwap, runSwap, SwapFailed } from './execute.ts';
import { readHistory } from './history.ts';
import type { PlanStepId } from './model.ts';

const template = stagedDemoTemplate();

interface Before {
  inventory: Inventory;
  rows: Awaited<ReturnType<typeof checksums>>;
  staging: Awaited<ReturnType<typeof checksums>>;
}
const STAGED = ['cutover_staging.unified_profiles', 'cutover_staging.transactions', 'cutover_staging.enrollments', 'cutover_staging.affiliates', 'cutover_staging.auth_users'];

async function capture(c: pg.ClientBase): Promise<Before> {
  return { inventory: await introspect(c), rows: await checksums(c), staging: await checksums(c, STAGED) };
}

/** Production, its children, auth and staging exactly as before; no park schema; then a cutover that succeeds. */
async function intactThenRuns(db: TestDatabase, before: Before): Promise<void> {
  await withClient(db.urlAs('postgres'), async (c) => {
    assert.deepEqual(diffInventories(before.inventory, await introspect(c)), [], 'the catalog as before');
    assert.deepEqual(await checksums(c), before.rows, 'every row as before');
    assert.deepEqual(await checksums(c, STAGED), before.staging, 'staging as the push left it');
    const parked = await c.query("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'cutover_backup_%'");
    assert.deepEqual(parked.rows, [], 'no backup schema left behind');
    const next = await runSwap(c, cutoverRequest());
    assert.ok(next.historyId > 0);
  });
}

function onStaged(fn: (c: pg.Client, db: TestDatabase, before: Before) => Promise<void>): Promise<void> {
  return withTestDatabase(
    async (_url, db) => {
      const client = await connectClient(db.urlAs('postgres'));
      let before: Before;
      try {
        before = await capture(client);
        await fn(client, db, before);
      } finally {
        await client.end().catch(() => undefined);
      }
      await intactThenRuns(db, before);
    },
    { template },
  );
}

test('the locks never had: another session holds one past the deadline', async () => {
  await onStaged(async (c, db) => {
    const blocker = await connectClient(db.urlAs('postgres'));
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT count(*) FROM public.enrollments');
      const attempts: number[] = [];
      const failed = runSwap(c, cutoverRequest(), {
        lockRetry: { lockTimeoutMs: 50, deadlineMs: 800, maxAttempts: 100, backoff: { baseMs: 10, maxMs: 50 } },
        onStep: (id, status, note) => id === 'lock' && /attempt (\d+)/.test(note ?? '') && attempts.push(Number(/attempt (\d+)/.exec(note ?? '')?.[1])),
      });
      await assert.rejects(failed, (e: unknown) => e instanceof SwapFailed && e.reason === 'lock_timeout' && e.step === 'lock');
      assert.ok(attempts.length >= 3, `retried: ${attempts.join(',')}`);
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    const failedRow = (await readHistory(c))[0];
    assert.deepEqual([failedRow?.kind, failedRow?.status], ['cutover', 'failed']);
    assert.match(failedRow?.error ?? '', /Gave up waiting for locks/);
  });
});

test('a check before COMMIT finds a carried write that does not match: nothing is committed', async () => {
  await onStaged(async (c, db, before) => {
    const app = await connectClient(db.urlAs('postgres'));
    const id = (await app.query("SELECT id FROM public.unified_profiles WHERE account_type = 'student' ORDER BY id LIMIT 1")).rows[0].id;
    await app.query('UPDATE public.unified_profiles SET login_count = login_count + 1 WHERE id = $1', [id]);
    await app.end();
    const written = await capture(c);
    Object.assign(before, written);
    const failed = runSwap(c, cutoverRequest(), {
      // Something under the lock changes the carried row after it was carried.
      beforeStep: async (step) => {
        if (step === 'verify') await c.query('UPDATE public.unified_profiles SET login_count = 0 WHERE id = $1', [id]);
      },
    });
    await assert.rejects(failed, (e: unknown) => e instanceof SwapFailed && e.reason === 'verification' && e.step === 'verify' && e.problems.some((p) => p.includes(id)));
  });
});

test('a row written after the plan under a parent the swap removes stops the cutover at the orphan check', async () => {
  await onStaged(async (c, db, before) => {
    // A profile production had before the push (so not captured), which the migration drops and
    // nothing references yet: the plan has no orphan case for it.
    const removed = await withClient(db.url, async (su) => {
      await su.query('BEGIN');
      await su.query("SET LOCAL session_replication_role = 'replica'");
      const r = await su.query("INSERT INTO public.unified_profiles (id, email) VALUES (gen_random_uuid(), 'dropped-by-the-migration@example.com') RETURNING id");
      await su.query('COMMIT');
      return r.rows[0].id as string;
    });
    assert.ok(!(await planSwap(c, cutoverRequest())).orphanCases.some((o) => JSON.stringify(o.parentKey).includes(removed)));
    // A write since the push, so a catch-up round runs (and trims the removed keys) before the lock.
    const app = await connectClient(db.urlAs('postgres'));
    await app.query("UPDATE public.unified_profiles SET login_count = login_count + 1 WHERE id = (SELECT id FROM public.unified_profiles WHERE account_type = 'student' ORDER BY id LIMIT 1)");
    Object.assign(before, await capture(c));
    try {
      const failed = runSwap(c, cutoverRequest(), {
        beforeStep: async (step) => {
          if (step === 'lock') await app.query("INSERT INTO public.user_notes (profile_id, note) VALUES ($1, 'written while the cutover prepared')", [removed]);
        },
      });
      await assert.rejects(failed, (e: unknown) => e instanceof SwapFailed && e.reason === 'verification' && e.step === 'orphans' && e.problems.some((p) => p.includes(removed) && p.includes('user_notes')));
      await app.query("DELETE FROM public.user_notes WHERE note = 'written while the cutover prepared'");
    } finally {
      await app.end();
    }
  });
});

test('a statement fails in the middle of the swap (a policy that already exists)', async () => {
  await onStaged(async (c) => {
    const failed = runSwap(c, cutoverRequest(), {
      beforeStep: async (step) => {
        if (step === 'reproduce') await c.query('CREATE POLICY profiles_select_own ON public.unified_profiles FOR SELECT USING (true)');
      },
    });
    await assert.rejects(failed, (e: unknown) => e instanceof SwapFailed && e.step === 'reproduce' && /already exists/.test(e.message));
  });
});

for (const step of ['carry-over', 'rebind'] as PlanStepId[]) {
  test(`the server kills the connection at the ${step} step`, async () => {
    await onStaged(async (c, db) => {
      const pid = (await c.query('SELECT pg_backend_pid() AS p')).rows[0].p;
      const failed = runSwap(c, cutoverRequest(), {
        beforeStep: async (id) => {
          if (id === step) await withClient(db.url, (su) => su.query('SELECT pg_terminate_backend($1)', [pid]));
        },
      });
      await assert.rejects(failed, (e: unknown) => e instanceof SwapFailed && e.step === step);
    });
  });
}

for (const step of ['prepare', 'swap', 'commit'] as PlanStepId[]) {
  test(`the engine is killed with SIGKILL at the ${step} step`, async () => {
    await onStaged(async (c, db) => {
      const script = fileURLToPath(new URL('../testing/cutover-child.ts', import.meta.url));
      const child = spawn(process.execPath, ['--import', 'tsx', script, db.urlAs('postgres'), step], { stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
      assert.equal(line, `AT ${step}`);
      child.kill('SIGKILL');
      assert.equal(await exited, 'SIGKILL');
      // The server ends the dead engine's transaction when its socket closes; wait for that.
      for (let i = 0; i < 200; i++) {
        const left = await c.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'cutover-child'");
        if (left.rows[0].n === 0) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.fail('the killed engine’s session is still there');
    });
  });
}
