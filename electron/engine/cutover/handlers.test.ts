// test-postgres: 17
// The cutover procedures through the engine, against the demo production with a staging push:
// plan → a wrong confirmation and a plan not shown are refused → a target that changed since the
// plan is refused → cut over (a push meanwhile is refused) → status, history and the launch report
// → roll back → drop the backups.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import type { Engine } from '../engine.ts';
import { connectClient, withClient } from '../pg/client.ts';
import { withTestDatabase } from '../pg/testing.ts';
import { checksums, closeDemoPlanSources, stagedDemoTemplate } from '../testing/cutover.ts';
import { withEngine } from '../testing/engine.ts';
import { ok } from '../testing/reconcile.ts';
import { planStepIds } from './model.ts';

after(() => closeDemoPlanSources());

async function finished(e: Engine, jobId: string) {
  return e.context.jobs.wait(jobId, 600_000);
}

test('plan, refused starts, cut over, report, roll back and drop the backups, all through the engine', async () => {
  await withTestDatabase(
    (_url, db) =>
      withEngine(async (e) => {
        const target = await ok(e, 'target-connect', { url: db.urlAs('postgres') });
        assert.equal(target.mode, 'live');
        const sql = <T = Record<string, unknown>>(text: string) => withClient(db.urlAs('postgres'), async (c) => (await c.query(text)).rows as T[]);

        const empty = await ok(e, 'cutover-status', {});
        assert.equal(empty.cannotPlan, null);
        assert.deepEqual(empty.history, []);
        assert.equal(empty.inEffect, null);
        assert.match(empty.cannotRollBack ?? '', /no cutover in effect/);
        assert.deepEqual(empty.confirmation, { cutover: `cut over ${db.name}`, rollback: `roll back ${db.name}` });

        // --- Plan.
        const planJob = await finished(e, (await ok(e, 'cutover-plan', {})).jobId);
        assert.equal(planJob.state, 'done', planJob.error?.message);
        const shown = planJob.kind === 'cutover-plan' ? planJob.result! : assert.fail('not a plan job');
        assert.equal(shown.runnable, true, JSON.stringify(shown.plan.refusals));
        assert.equal(shown.confirmation, `cut over ${db.name}`);
        assert.deepEqual(shown.inventory.map((t) => t.table).sort(), ['public.affiliates', 'public.enrollments', 'public.transactions', 'public.unified_profiles']);
        const profiles = shown.inventory.find((t) => t.table === 'public.unified_profiles')!;
        assert.ok(profiles.inboundForeignKeys.some((fk) => fk.includes('user_notes_profile_id_fkey')), JSON.stringify(profiles.inboundForeignKeys));
        assert.ok(profiles.policies.length > 0 && profiles.grants.length > 0);
        assert.equal(shown.plan.rowDeltas.length, 4, 'rows added/removed/changed per table');
        assert.ok(shown.plan.rowDeltas.some((d) => d.added + d.removed + d.changed > 0), JSON.stringify(shown.plan.rowDeltas));
        assert.ok(shown.plan.orphanCases.length > 0 && shown.plan.orphanCases.every((o) => o.choice === 'keep-parent'));
        assert.ok(shown.plan.steps.find((s) => s.id === 'swap')!.statements.some((s) => /ALTER TABLE/.test(s.sql)));
        assert.ok(shown.plan.rollback.length > 0 && shown.plan.expectedLockMs > 0);
        assert.equal((await ok(e, 'cutover-status', {})).lastPlan?.sha256, shown.plan.sha256);

        const start = { planSha256: shown.plan.sha256, confirm: shown.confirmation };
        // --- Refused before anything runs: the wrong words, a plan nobody was shown, other choices.
        const wrong = await e.call('cutover-start', { ...start, confirm: 'cut over' });
        assert.equal(!wrong.ok && wrong.error.code, 'BAD_INPUT');
        assert.match(!wrong.ok ? wrong.error.message : '', new RegExp(`type “cut over ${db.name}” exactly`));
        const unseen = await e.call('cutover-start', { ...start, planSha256: 'a'.repeat(64) });
        assert.match(!unseen.ok ? unseen.error.message : '', /not the cutover plan made last here/);
        const otherChoices = await e.call('cutover-start', { ...start, choices: { [shown.plan.orphanCases[0]!.id]: 'delete-children' } });
        assert.match(!otherChoices.ok ? otherChoices.error.message : '', /choices differ/);
        assert.deepEqual((await ok(e, 'cutover-status', {})).history, [], 'nothing was attempted');

        // --- Production changed since the plan was shown: the run re-plans and refuses.
        const before = await withClient(db.urlAs('postgres'), (c) => checksums(c));
        await sql("COMMENT ON TABLE public.affiliates IS 'changed after the plan'");
        const stale = await finished(e, (await ok(e, 'cutover-start', start)).jobId);
        assert.equal(stale.state, 'failed');
        assert.match(stale.error?.message ?? '', /changed since the plan was shown/);
        assert.deepEqual(await withClient(db.urlAs('postgres'), (c) => checksums(c)), before, 'production untouched');

        // --- Plan again, a write from the live app after the plan, then cut over.
        const replanned = await finished(e, (await ok(e, 'cutover-plan', {})).jobId);
        const plan = replanned.kind === 'cutover-plan' ? replanned.result! : assert.fail('not a plan job');
        assert.notEqual(plan.plan.sha256, shown.plan.sha256);
        const [written] = await sql<{ id: string; login_count: number }>('UPDATE public.unified_profiles SET login_count = login_count + 1 WHERE id = (SELECT id FROM public.unified_profiles ORDER BY id LIMIT 1) RETURNING id::text, login_count');
        const { jobId } = await ok(e, 'cutover-start', { planSha256: plan.plan.sha256, confirm: plan.confirmation });
        // A push, another plan or a change of target while it runs is refused.
        const push = await e.call('push-start', {});
        assert.match(!push.ok ? push.error.message : '', /A cutover is running/);
        const planMeanwhile = await e.call('cutover-plan', {});
        assert.match(!planMeanwhile.ok ? planMeanwhile.error.message : '', /A cutover is running/);
        const reconnect = await e.call('target-connect', { url: db.urlAs('postgres') });
        assert.match(!reconnect.ok ? reconnect.error.message : '', /A cutover is running/);
        const cut = await finished(e, jobId);
        assert.equal(cut.state, 'done', cut.error?.message);
        const run = cut.kind === 'cutover' ? cut.result! : assert.fail('not a cutover job');
        assert.deepEqual(cut.steps.map((s) => s.id), [...planStepIds]);
        for (const s of cut.steps) {
          assert.ok(s.status === 'ok' || s.status === 'skipped', `${s.id}: ${s.status} ${s.note ?? ''}`);
          if (s.status === 'ok') assert.ok(s.startedAt && s.finishedAt && s.finishedAt >= s.startedAt, `${s.id} has its timings`);
        }
        assert.ok(run.swap.lockHoldMs > 0);
        assert.deepEqual(run.rowDeltas, plan.plan.rowDeltas);
        assert.ok(run.swap.carried.some((r) => r.table === 'public.unified_profiles' && r.action === 'updated' && String(r.key.id) === written!.id), JSON.stringify(run.swap.carried));

        // --- Status, history and the launch report.
        const afterCut = await ok(e, 'cutover-status', {});
        assert.equal(afterCut.inEffect?.id, run.swap.historyId);
        assert.deepEqual(afterCut.history.map((h) => [h.kind, h.status]).slice(0, 1), [['cutover', 'committed']]);
        assert.equal(afterCut.last?.jobId, jobId);
        assert.equal(afterCut.cannotRollBack, null);
        const report = await ok(e, 'cutover-report', {});
        assert.equal(report.direction, 'cutover');
        assert.equal(report.historyId, run.swap.historyId);
        assert.equal(report.figures.lockHoldMs, run.swap.lockHoldMs);
        assert.ok(report.figures.stepTimings.some((s) => s.step === 'swap') && report.figures.stepTimings.some((s) => s.step === 'validate'));
        assert.deepEqual(report.figures.rowDeltas, plan.plan.rowDeltas);
        assert.ok(report.checks.beforeCommit.length > 0 && report.checks.afterCommit.every((a) => a.ok));
        assert.ok(report.carriedOver.total >= 1 && report.carriedOver.counts.some((c) => c.table === 'public.unified_profiles' && c.action === 'updated'));
        assert.ok((report.auth.counts.added ?? 0) > 0, JSON.stringify(report.auth));
        assert.equal(report.rollback.backupSchema, run.swap.plan.parkSchema);
        assert.ok(report.rollback.howTo.some((h) => h.includes(`roll back ${db.name}`)));
        assert.ok(report.reportFile && existsSync(report.reportFile));
        const html = readFileSync(report.reportFile, 'utf8');
        for (const text of ['Cutover report: committed', run.swap.plan.sha256, 'Writes carried over', 'How to roll back', `roll back ${db.name}`, run.swap.plan.parkSchema]) assert.ok(html.includes(text), text);

        // --- Roll back: the same confirmation rule, then the cutover is undone.
        const wrongBack = await e.call('rollback-start', { confirm: plan.confirmation });
        assert.equal(!wrongBack.ok && wrongBack.error.code, 'BAD_INPUT');
        const back = await finished(e, (await ok(e, 'rollback-start', { confirm: `roll back ${db.name}` })).jobId);
        assert.equal(back.state, 'done', back.error?.message);
        const undone = back.kind === 'rollback' ? back.result! : assert.fail('not a rollback job');
        const afterBack = await ok(e, 'cutover-status', {});
        assert.equal(afterBack.inEffect, null);
        assert.deepEqual(afterBack.history.slice(0, 2).map((h) => [h.kind, h.status, h.ofHistory]), [
          ['rollback', 'committed', run.swap.historyId],
          ['cutover', 'committed', null],
        ]);
        assert.equal((await ok(e, 'cutover-report', { jobId: back.id })).direction, 'rollback');
        const [kept] = await sql<{ n: number }>(`SELECT login_count AS n FROM public.unified_profiles WHERE id = '${written!.id}'`);
        assert.equal(kept?.n, written!.login_count, 'the write made after the plan is still there after the rollback');

        // --- Drop what the rollback took out: only with the schema's name, never CASCADE.
        const parked = undone.swap.plan.parkSchema;
        const refused = await e.call('backups-drop', { historyId: undone.swap.historyId, confirm: 'yes' });
        assert.match(!refused.ok ? refused.error.message : '', new RegExp(`type the schema's name exactly: ${parked}`));
        const dropped = await ok(e, 'backups-drop', { historyId: undone.swap.historyId, confirm: parked });
        assert.equal(dropped.schema, parked);
        assert.equal(dropped.dropped.length, 4);
        assert.deepEqual(await sql(`SELECT 1 FROM pg_namespace WHERE nspname = '${parked}'`), []);
        const final = await ok(e, 'cutover-status', {});
        assert.equal(final.history[0]?.kind, 'drop-backups');
        assert.equal(final.history.find((h) => h.id === undone.swap.historyId)?.backupsDropped, true);
      }),
    { major: 17, template: stagedDemoTemplate() },
  );
});

test('Cancel while the cutover waits for its locks: the job is cancelled, production is as it was, and the cutover can run afterwards', async () => {
  await withTestDatabase(
    (_url, db) =>
      withEngine(async (e) => {
        await ok(e, 'target-connect', { url: db.urlAs('postgres') });
        const planJob = await finished(e, (await ok(e, 'cutover-plan', {})).jobId);
        const plan = planJob.kind === 'cutover-plan' ? planJob.result! : assert.fail('not a plan job');
        const before = await withClient(db.urlAs('postgres'), (c) => checksums(c));
        const blocker = await connectClient(db.urlAs('postgres'));
        try {
          await blocker.query('BEGIN');
          await blocker.query('LOCK TABLE public.affiliates IN ACCESS SHARE MODE');
          let waiting!: () => void;
          const locking = new Promise<void>((r) => (waiting = r));
          const unsubscribe = e.onEvent((ev) => {
            if (ev.type === 'job' && ev.job.kind === 'cutover' && ev.job.steps.find((s) => s.id === 'lock')?.status === 'running') waiting();
          });
          const { jobId } = await ok(e, 'cutover-start', { planSha256: plan.plan.sha256, confirm: plan.confirmation });
          await locking;
          unsubscribe();
          await ok(e, 'job-cancel', { jobId });
          const cancelled = await finished(e, jobId);
          assert.equal(cancelled.state, 'cancelled', cancelled.error?.message);
          assert.equal(cancelled.steps.find((s) => s.id === 'lock')?.status, 'failed');
          assert.equal(cancelled.steps.find((s) => s.id === 'swap')?.status, 'skipped');
        } finally {
          await blocker.query('ROLLBACK').catch(() => undefined);
          await blocker.end();
        }
        assert.deepEqual(await withClient(db.urlAs('postgres'), (c) => checksums(c)), before);
        assert.equal((await ok(e, 'cutover-status', {})).inEffect, null);
        const cut = await finished(e, (await ok(e, 'cutover-start', { planSha256: plan.plan.sha256, confirm: plan.confirmation })).jobId);
        assert.equal(cut.state, 'done', cut.error?.message);
      }),
    { major: 17, template: stagedDemoTemplate() },
  );
});
