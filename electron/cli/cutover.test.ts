// test-postgres: 17
// The cutover from the command line, one process per step as a script runs it: connect (the
// password in CUTOVER_TARGET_PASSWORD), plan, a wrong confirmation refused, cut over, the launch
// report, roll back, drop the backups.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { withTestDatabase } from '../engine/pg/testing.ts';
import { closeDemoPlanSources, stagedDemoTemplate } from '../engine/testing/cutover.ts';
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
