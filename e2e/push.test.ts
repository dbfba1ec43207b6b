// The Push step in Chromium through the web host, on a demo workspace whose plan is signed off
// (seeded and decided through the engine, as the review test does by hand): a target URL that
// refuses says so beside the form; the demo production becomes the target; the push shows its
// steps and per-table progress, then the validation and the column ownership; the wizard's Push
// step is done.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort } from '../electron/engine/pg/cluster.ts';
import { demoDataset, fillCache } from '../electron/engine/testing/seeded-workspace.ts';
import { ok, recompute } from '../electron/engine/testing/reconcile.ts';
import { readConnection, writeConnection } from '../electron/engine/sources/connection.ts';
import { browserMissing, screenshot, startApp, type AppUnderTest } from './support/app-under-test.ts';

const skip = browserMissing() ?? false;
const SCALE = 0.1;

test('push the signed-off plan from the Push step, against the demo production', { skip, timeout: 600_000 }, async () => {
  let app: AppUnderTest | undefined;
  try {
    // The refused connection below answers 422, which Chromium logs.
    app = await startApp({ expected: /status of 422/ });
    const { page, engine } = app;
    await fillCache(engine.context.workspace.db, demoDataset(SCALE));
    writeConnection(engine.context, { ...readConnection(engine.context), mode: 'demo', demo: { scale: SCALE, seed: 1, limits: 'off' } });
    await ok(engine, 'settings-set', { reviewerName: 'Ana' });
    await recompute(engine);
    const blocking = await ok(engine, 'reconcile-findings', { filters: [{ column: 'severity', op: 'eq', value: 'error' }, { column: 'status', op: 'eq', value: 'open' }], limit: 1000 });
    await ok(engine, 'reconcile-decide', { decisions: blocking.rows.map((f) => ({ kind: 'resolve' as const, finding: f.id, value: 'approve' as const })) });
    await ok(engine, 'approval-sign', { planSha256: (await ok(engine, 'reconcile-plan-export', { content: false })).sha256 });

    await page.getByTestId('nav-step-push').click();
    await page.getByTestId('step-title').filter({ hasText: 'Push' }).waitFor();
    assert.match(await page.getByTestId('cannot-push').innerText(), /Connect to the target/);

    // A URL where nothing listens: its own message, beside the form; no password shown back.
    await page.getByTestId('target-url').fill(`postgres://postgres@127.0.0.1:${await freePort()}/postgres`);
    await page.getByTestId('target-password').fill('not-the-password');
    await page.getByTestId('target-connect').click();
    const problem = await page.getByTestId('target-problem').innerText();
    assert.match(problem, /Nothing accepts connections at 127\.0\.0\.1:\d+/);
    assert.ok(!problem.includes('not-the-password'));

    await page.getByTestId('target-demo-start').click();
    await page.getByTestId('target-facts').waitFor({ timeout: 120_000 });
    assert.match(await page.getByTestId('target-facts').innerText(), /postgres@127\.0\.0\.1:\d+\/postgres/);
    await page.getByTestId('ownership').waitFor();
    await screenshot(page, 'push-01-target');

    await page.getByTestId('push-start').click();
    await page.locator('[data-testid="last-push"][data-outcome="pushed"]').waitFor({ timeout: 300_000 });
    const outcome = await page.getByTestId('push-outcome').innerText();
    assert.match(outcome, /Staging holds the plan/);
    assert.match(outcome, /0 errors/);
    const tables = await page.getByTestId('push-tables').innerText();
    for (const t of ['public.unified_profiles', 'public.transactions', 'public.enrollments', 'public.affiliates', 'auth.users']) assert.ok(tables.includes(t), t);
    // Warnings open with their samples: the production rows no plan row covers, for one.
    await page.getByTestId('check-production-kept:unified_profiles').waitFor();
    await page.getByTestId('passed-checks').waitFor();
    // Ownership: production's login counts stay production's.
    await page.getByTestId('ownership-public.unified_profiles').locator('summary').click();
    assert.equal(await page.getByTestId('ownership-public.unified_profiles').locator('tr[data-owner="production"] td.mono').filter({ hasText: /^login_count$/ }).count(), 1);
    await page.locator('[data-testid="nav-step-push"][data-state="done"]').waitFor({ timeout: 30_000 });
    await screenshot(page, 'push-02-pushed');

    // The job's steps as History keeps them.
    const job = (await ok(engine, 'jobs-list', { limit: 10 })).find((j) => j.kind === 'push')!;
    assert.deepEqual(job.steps.map((s) => s.status), ['ok', 'ok', 'ok', 'ok', 'ok']);
  } finally {
    await app?.close();
  }
});
