// test-postgres: 17
// The cutover from the command line, one process per step as a script runs it: connect (the
// password in CUTOVER_TARGET_PASSWORD), plan, a wrong confirmation refused, cut over, the launch
// report, roll back, drop the backups.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../engine/engine.ts';
import { connectClient, withClient } from '../engine/pg/client.ts';
import { withTestDatabase } from '../engine/pg/testing.ts';
import { checksums, closeDemoPlanSources, stagedDemoTemplate } from '../engine/testing/cutover.ts';
import { tempDir } from '../engine/testing/engine.ts';
import { openWorkspace } from '../engine/workspace/workspace.ts';

after(() => closeDemoPlanSources());

const bin = fileURLToPath(new URL('../../bin/cutover.mjs', import.meta.url));

/** Runs the CLI to its end (asynchronously, so the test's own Postgres cluster keeps serving). */
function cutover(args: string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

test('the CLI plans, cuts over, reports, rolls back and drops the backups', async () => {
  await withTestDatabase(
    async (_url, db) => {
      const dir = tempDir();
      openWorkspace(dir.path).close();
      try {
        const url = new URL(db.urlAs('postgres'));
        const env = { CUTOVER_TARGET_PASSWORD: decodeURIComponent(url.password) };
        url.password = '';
        const run = (procedure: string, input?: unknown) => cutover([procedure, ...(input === undefined ? [] : ['--input', JSON.stringify(input)]), '--data-dir', dir.path], env);

        const connected = await run('target-connect', { url: url.toString() });
        assert.equal(connected.status, 0, connected.stderr);
        assert.ok(!connected.stdout.includes(env.CUTOVER_TARGET_PASSWORD));

        const planned = await run('cutover-plan');
        assert.equal(planned.status, 0, planned.stderr);
        const plan = JSON.parse(planned.stdout) as { runnable: boolean; confirmation: string; plan: { sha256: string } };
        assert.equal(plan.runnable, true);
        assert.equal(plan.confirmation, `cut over ${db.name}`);

        const wrong = await run('cutover-start', { planSha256: plan.plan.sha256, confirm: 'yes' });
        assert.equal(wrong.status, 2);
        assert.match(wrong.stderr, new RegExp(`BAD_INPUT: To cut over, type “cut over ${db.name}” exactly`));

        const cut = await run('cutover-start', { planSha256: plan.plan.sha256, confirm: plan.confirmation });
        assert.equal(cut.status, 0, cut.stderr);
        assert.match(cut.stderr, /\[done\] Cut over/);
        assert.match(cut.stderr, /Lock the tables|Swap the tables|Commit/, 'the steps show as they run');
        const result = JSON.parse(cut.stdout) as { swap: { historyId: number; lockHoldMs: number }; reportFile: string };
        assert.ok(result.swap.lockHoldMs > 0 && existsSync(result.reportFile));

        const report = await run('cutover-report');
        assert.equal(report.status, 0, report.stderr);
        assert.equal((JSON.parse(report.stdout) as { historyId: number }).historyId, result.swap.historyId);

        const back = await run('rollback-start', { confirm: `roll back ${db.name}` });
        assert.equal(back.status, 0, back.stderr);
        const undone = JSON.parse(back.stdout) as { swap: { historyId: number; plan: { parkSchema: string } } };

        const dropped = await run('backups-drop', { historyId: undone.swap.historyId, confirm: undone.swap.plan.parkSchema });
        assert.equal(dropped.status, 0, dropped.stderr);
        const status = JSON.parse((await run('cutover-status')).stdout) as { inEffect: unknown; history: { kind: string; status: string }[] };
        assert.equal(status.inEffect, null);
        assert.deepEqual(status.history.map((h) => h.kind), ['drop-backups', 'rollback', 'cutover']);
      } finally {
        dir.remove();
      }
    },
    { major: 17, template: stagedDemoTemplate() },
  );
});

test('a cutover whose engine is killed while it waits for the locks: the job reads as interrupted with what that means, production is as it was, and the next attempt runs', async () => {
  await withTestDatabase(
    async (_url, db) => {
      const dir = tempDir();
      openWorkspace(dir.path).close();
      const blocker = await connectClient(db.urlAs('postgres'));
      try {
        const env = { CUTOVER_TARGET_PASSWORD: decodeURIComponent(new URL(db.url).password) };
        const run = (procedure: string, input?: unknown) => cutover([procedure, ...(input === undefined ? [] : ['--input', JSON.stringify(input)]), '--data-dir', dir.path], env);
        assert.equal((await run('target-connect', { url: db.urlAs('postgres') })).status, 0);
        const plan = JSON.parse((await run('cutover-plan')).stdout) as { confirmation: string; plan: { sha256: string } };
        const before = await withClient(db.urlAs('postgres'), (c) => checksums(c));

        // A reader holds a table, so the cutover passes its prepare step and keeps trying for the locks.
        await blocker.query('BEGIN');
        await blocker.query('LOCK TABLE public.affiliates IN ACCESS SHARE MODE');
        const child = spawn(process.execPath, [bin, 'cutover-start', '--input', JSON.stringify({ planSha256: plan.plan.sha256, confirm: plan.confirmation }), '--data-dir', dir.path], {
          env: { ...process.env, ...env },
        });
        const exited = new Promise((r) => child.on('exit', r));
        await new Promise<void>((resolve) => {
          let err = '';
          child.stderr.on('data', (d) => {
            err += d;
            if (/\[ok\] Prepare/.test(err)) resolve();
          });
        });
        child.kill('SIGKILL');
        await exited;
        await blocker.query('ROLLBACK');

        const engine = createEngine({ dataDir: dir.path, host: 'cli' });
        try {
          const jobs = await engine.call('jobs-list', { limit: 10 });
          const job = jobs.ok ? jobs.result.find((j) => j.kind === 'cutover') : undefined;
          assert.equal(job?.state, 'interrupted');
          assert.match(job?.progress.note ?? '', /production is as it was; if after, it is in effect/);
        } finally {
          await engine.close();
        }
        // The server ends the killed engine's session (and its transaction) once it notices.
        await withClient(db.urlAs('postgres'), async (c) => {
          while (Number((await c.query("SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")).rows[0].n) > 0) await c.query('SELECT pg_sleep(0.05)');
        });
        assert.deepEqual(await withClient(db.urlAs('postgres'), (c) => checksums(c)), before, 'production as it was');
        const again = await run('cutover-start', { planSha256: plan.plan.sha256, confirm: plan.confirmation });
        assert.equal(again.status, 0, again.stderr);
      } finally {
        await blocker.end().catch(() => undefined);
        dir.remove();
      }
    },
    { major: 17, template: stagedDemoTemplate() },
  );
});
