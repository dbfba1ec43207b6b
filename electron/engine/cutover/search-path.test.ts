// test-postgres: 17
// A swap plans twice: once on the engine's connection as it comes (the server's search_path), and
// again inside its transaction with an empty search_path, and refuses to run if the two differ. A
// rollback's SQL names the tables that reference auth.users: printed by the catalog with the
// search_path in force, they read `transactions` the first time and `public.transactions` the
// second, and every rollback was refused as "production or staging changed".
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { withClient } from '../pg/client.ts';
import { withTestDatabase } from '../pg/testing.ts';
import { closeDemoPlanSources, stagedDemoTemplate } from '../testing/cutover.ts';
import { withEngine } from '../testing/engine.ts';
import { ok } from '../testing/reconcile.ts';
import { planSwap } from './execute.ts';
import { cutoverToUndo, rollbackRequest } from './rollback.ts';

after(() => closeDemoPlanSources());

test("a rollback plans the same SQL whatever the connection's search_path, so it can run", async () => {
  await withTestDatabase(
    (_url, db) =>
      withEngine(async (e) => {
        await ok(e, 'target-connect', { url: db.urlAs('postgres') });
        const planned = await e.context.jobs.wait((await ok(e, 'cutover-plan', {})).jobId, 600_000);
        const plan = planned.kind === 'cutover-plan' ? planned.result! : assert.fail('not a plan job');
        const cut = await e.context.jobs.wait((await ok(e, 'cutover-start', { planSha256: plan.plan.sha256, confirm: plan.confirmation })).jobId, 600_000);
        assert.equal(cut.state, 'done', cut.error?.message);

        await withClient(db.urlAs('postgres'), async (c) => {
          const req = rollbackRequest(await cutoverToUndo(c), { choices: {}, migrationColumns: 'production' }, 'cutover_rolled_back_test');
          const outside = await planSwap(c, req);
          assert.ok(outside.steps.some((s) => s.statements.some((st) => st.sql.includes('FROM public.transactions r'))), 'the rollback checks whether a user it would remove has transactions');
          await c.query('BEGIN');
          await c.query(`SELECT set_config('search_path', '', true)`);
          const inside = await planSwap(c, req);
          await c.query('ROLLBACK');
          assert.equal(inside.sha256, outside.sha256);
        });

        const back = await e.context.jobs.wait((await ok(e, 'rollback-start', { confirm: plan.confirmation.replace(/^cut over/, 'roll back') })).jobId, 600_000);
        assert.equal(back.state, 'done', back.error?.message);
      }),
    { major: 17, template: stagedDemoTemplate() },
  );
});
