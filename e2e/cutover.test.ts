// The whole job, end to end, as an operator walks it in Chromium through the web host: Open demo →
// Pull → Review (one decision: the blocking queue approved in bulk) → Approve → Push → Plan →
// Cut over → Verify → Roll back. A screenshot of each step is kept in test-results/ (cutover-NN-*),
// and the launch report's print route is rendered to a PDF by Chromium (page.pdf()) and checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Engine } from '../electron/engine/engine.ts';
import { openTarget } from '../electron/engine/target/session.ts';
import { DEFAULT_SWAP_TABLES } from '../electron/engine/target/swap-tables.ts';
import { ok } from '../electron/engine/testing/reconcile.ts';
import { ARTIFACTS, browserMissing, screenshot, startApp, type AppUnderTest } from './support/app-under-test.ts';
import { checkA11y } from './support/a11y.ts';
import { readPdf } from './support/pdf-text.ts';

const skip = browserMissing() ?? false;

/** A step of the wizard in the navigation, once the engine says it is in one of `states`. */
const navStep = (page: Page, step: string, states: string[]) => page.locator(states.map((s) => `[data-testid="nav-step-${step}"][data-state="${s}"]`).join(', '));

const SWAPPED = DEFAULT_SWAP_TABLES.map((t) => `${t.schema}.${t.name}`);

/** The live app meanwhile: someone signs in, which bumps a profile's login count in production. */
async function signIn(engine: Engine): Promise<{ id: string; logins: number }> {
  const target = await openTarget(engine.context, { requirePrivileges: false });
  try {
    const r = await target.client.query<{ id: string; logins: number }>(
      'UPDATE public.unified_profiles SET login_count = login_count + 1, last_login_at = now() WHERE id = (SELECT id FROM public.unified_profiles ORDER BY email LIMIT 1) RETURNING id::text AS id, login_count AS logins',
    );
    return r.rows[0]!;
  } finally {
    await target.close();
  }
}

async function loginsOf(engine: Engine, id: string): Promise<number> {
  const target = await openTarget(engine.context, { requirePrivileges: false });
  try {
    return (await target.client.query<{ n: number }>('SELECT login_count AS n FROM public.unified_profiles WHERE id = $1', [id])).rows[0]!.n;
  } finally {
    await target.close();
  }
}

/** The phrase a type-to-confirm form shows, typed into it exactly; Enter submits it. */
async function confirmByTyping(page: Page, testId: string): Promise<void> {
  const form = page.getByTestId(testId);
  const phrase = await form.locator('.type-confirm-phrase').innerText();
  const input = page.getByTestId(`${testId}-input`);
  // Near enough is not enough: a different capital keeps the button disabled.
  await input.fill(phrase.toUpperCase());
  await page.locator(`[data-testid="${testId}"][data-state="mismatch"]`).waitFor();
  assert.equal(await page.getByTestId(`${testId}-submit`).isDisabled(), true);
  await input.fill(phrase);
  await page.locator(`[data-testid="${testId}"][data-state="match"]`).waitFor();
  await input.press('Enter');
}

/** A screenshot of the step with `testId` (else the page's top) in view: the page scrolls inside its main area. */
async function shot(page: Page, name: string, testId?: string): Promise<void> {
  if (testId) await page.getByTestId(testId).scrollIntoViewIfNeeded();
  else await page.locator('main').evaluate((m) => m.scrollTo({ top: 0 }));
  await screenshot(page, name);
}

/** Waits for a job shown on the page to end, and fails with the page's own message unless it is done. */
async function jobEnds(page: Page, testId: string): Promise<void> {
  const job = page.getByTestId(testId);
  await page.locator(['done', 'failed', 'cancelled', 'interrupted'].map((s) => `[data-testid="${testId}"][data-state="${s}"]`).join(', ')).waitFor({ timeout: 300_000 });
  const state = await job.getAttribute('data-state');
  assert.equal(state, 'done', `${testId} ended ${state}: ${await job.innerText()}`);
}

async function openStep(page: Page, step: string, title: string): Promise<void> {
  await page.getByTestId(`nav-step-${step}`).click();
  await page.getByTestId('step-title').filter({ hasText: title }).waitFor();
}

test('the whole job: open the demo, pull, review, approve, push, plan, cut over, verify and roll back', { skip, timeout: 1_200_000 }, async () => {
  let app: AppUnderTest | undefined;
  try {
    app = await startApp();
    const { page, engine } = app;

    // Connect: the demo, at a tenth of the real volumes, without rate limits.
    await page.getByTestId('demo-scale').selectOption('0.1');
    await page.getByTestId('demo-limits').selectOption('off');
    await page.getByTestId('open-demo').click();
    await navStep(page, 'connect', ['done']).waitFor({ timeout: 60_000 });
    await screenshot(page, 'cutover-01-connect');

    // Pull both sources.
    await openStep(page, 'pull', 'Pull');
    await page.getByTestId('pull-start').click();
    await page.locator('[data-testid="job-progress"][data-state="done"]').waitFor({ timeout: 300_000 });
    await navStep(page, 'pull', ['done']).waitFor({ timeout: 60_000 });
    await screenshot(page, 'cutover-02-pull');

    // Review: once reconciled, the blocking queue approved in one bulk decision.
    await navStep(page, 'review', ['todo', 'done']).waitFor({ timeout: 300_000 });
    await openStep(page, 'review', 'Review');
    const blocking = (await ok(engine, 'reconcile-queues', {})).filter((q) => q.blocking > 0);
    assert.ok(blocking.length > 0, 'the demo has something that blocks the sign-off');
    for (const q of blocking) {
      await page.getByTestId(`queue-${q.id}`).click();
      await page.locator(`[data-testid="queue-${q.id}"][aria-current="page"]`).waitFor();
      await page.locator('[data-testid="grid"][data-ready="true"]').waitFor({ timeout: 120_000 });
      await page.getByTestId('grid-select-all').click();
      await page.getByTestId('bulk-count').filter({ hasText: `${q.open + q.approved + q.rejected} selected` }).waitFor();
      await page.getByTestId('bulk-approve').click();
      await page.getByTestId('bulk-bar').waitFor({ state: 'detached', timeout: 60_000 });
    }
    await navStep(page, 'review', ['done']).waitFor({ timeout: 120_000 });
    await screenshot(page, 'cutover-03-review');

    // Approve: sign the plan off.
    await openStep(page, 'approve', 'Approve');
    await page.getByTestId('reviewer-name').fill('Ana Reviewer');
    await page.getByTestId('signoff-note').fill('Launch rehearsal');
    await page.getByTestId('sign-off').click();
    await page.locator('[data-testid="approval-line"][data-valid="true"]').waitFor({ timeout: 60_000 });
    await screenshot(page, 'cutover-04-approve');

    // Push into staging of the demo production.
    await openStep(page, 'push', 'Push');
    await page.getByTestId('target-demo-start').click();
    await page.getByTestId('target-facts').waitFor({ timeout: 120_000 });
    await page.getByTestId('push-start').click();
    await page.locator('[data-testid="last-push"][data-outcome="pushed"]').waitFor({ timeout: 600_000 });
    assert.match(await page.getByTestId('push-outcome').innerText(), /Staging holds the plan/);
    await navStep(page, 'push', ['done']).waitFor({ timeout: 60_000 });
    await screenshot(page, 'cutover-05-push');

    // The live app signs someone in after the push: the cutover must carry that write over.
    const beforeCutover = await signIn(engine);

    // Plan: the swapped tables, what they carry, the rows versus production, the SQL, the lock time, the rollback.
    await openStep(page, 'plan', 'Plan');
    await page.getByTestId('plan-start').click();
    await page.locator('[data-testid="plan-summary"][data-runnable="true"]').waitFor({ timeout: 300_000 });
    const planTables = await page.getByTestId('plan-tables').innerText();
    for (const t of SWAPPED) assert.ok(planTables.includes(t), `the plan swaps ${t}`);
    for (const t of SWAPPED) {
      await page.getByTestId(`delta-${t}`).waitFor();
      await page.getByTestId(`inventory-${t}`).waitFor();
    }
    assert.equal(await page.getByTestId('refusal').count(), 0);
    const swapSql = page.getByTestId('sql-swap');
    await swapSql.locator('summary').click();
    assert.match(await swapSql.innerText(), /ALTER TABLE/);
    assert.match(await page.getByTestId('expected-lock').innerText(), /^\d+(\.\d)? m?s$/);
    assert.ok((await page.getByTestId('plan-rollback').locator('li').count()) > 0, 'the rollback is said in words');
    await navStep(page, 'plan', ['done']).waitFor({ timeout: 60_000 });
    await checkA11y(page, 'Plan');
    await shot(page, 'cutover-06-plan');

    // Cut over: typed confirmation, then the job's steps with their timings, and the result.
    await page.getByTestId('to-cutover').click();
    await page.getByTestId('step-title').filter({ hasText: 'Cut over' }).waitFor();
    await confirmByTyping(page, 'cutover-confirm');
    await jobEnds(page, 'cutover-job');
    const steps = page.locator('[data-testid="cutover-job"] [data-testid="job-step"]');
    assert.ok((await steps.count()) > 0);
    for (const status of await steps.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))) assert.ok(status === 'ok' || status === 'skipped', `step ${status}`);
    await page.locator('[data-testid="cutover-job"] [data-step="lock"] [data-testid="job-step-time"]').waitFor();
    assert.match(await page.getByTestId('cutover-result-line').innerText(), /^Cut over: committed/);
    assert.match(await page.getByTestId('lock-hold').innerText(), /^\d+(\.\d)? m?s$/);
    assert.ok(Number(await page.getByTestId('lock-attempts').innerText()) >= 1);
    assert.ok(Number(await page.getByTestId('carried').innerText()) >= 1, 'the sign-in after the push was carried over');
    assert.equal(await loginsOf(engine, beforeCutover.id), beforeCutover.logins, "the new production keeps the app's write");
    await navStep(page, 'cutover', ['done']).waitFor({ timeout: 60_000 });
    await checkA11y(page, 'Cut over');
    await shot(page, 'cutover-07-cutover', 'cutover-run');

    // Verify: production is cut over, the checks passed, the launch report lists the tables and the carried write.
    await page.getByTestId('to-verify').click();
    await page.getByTestId('step-title').filter({ hasText: 'Verify' }).waitFor();
    await page.locator('[data-testid="swap-state"][data-state="in-effect"]').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="post-checks"][data-outcome="passed"]').waitFor({ timeout: 60_000 });
    assert.match(await page.getByTestId('post-checks-line').innerText(), /^All \d+ checks passed/);
    const report = await page.getByTestId('launch-report').innerText();
    for (const t of SWAPPED) assert.ok(report.includes(t), `the report names ${t}`);
    assert.ok((await page.getByTestId('carried-rows').innerText()).includes(beforeCutover.id), 'the report lists the carried write');
    await checkA11y(page, 'Verify');
    await shot(page, 'cutover-08-verify');

    // The launch report's PDF, from its print route, as the desktop app prints it.
    await page.evaluate(() => {
      window.location.hash = '#/print/launch';
    });
    await page.locator('html[data-print-ready="1"]').waitFor({ timeout: 60_000 });
    const printed = await page.getByTestId('launch-report').innerText();
    for (const t of SWAPPED) assert.ok(printed.includes(t), `the print route names ${t}`);
    assert.equal(await page.locator('nav.sidenav').count(), 0, 'the print route shows the report alone');
    const pdf = await page.pdf({ printBackground: true, preferCSSPageSize: true });
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'cutover-launch-report.pdf'), pdf);
    const read = readPdf(pdf);
    assert.ok(read.pages >= 1, 'the PDF has pages');
    const words = read.text.replace(/\s+/g, '');
    assert.ok(words.includes('Launchreport'), 'the PDF is the launch report');
    for (const t of SWAPPED) assert.ok(words.includes(t), `the PDF names ${t}`);
    assert.ok(words.includes(beforeCutover.id), 'the PDF lists the carried write');
    await page.evaluate(() => {
      window.location.hash = '#/step/verify';
    });
    await page.locator('[data-testid="swap-state"][data-state="in-effect"]').waitFor({ timeout: 60_000 });

    // Roll back, after another sign-in on the new tables: production gets its tables back, with that write.
    const afterCutover = await signIn(engine);
    await confirmByTyping(page, 'rollback-confirm');
    await jobEnds(page, 'rollback-job');
    assert.match(await page.getByTestId('rollback-result-line').innerText(), /^Rolled back: committed/);
    await page.locator('[data-testid="swap-state"][data-state="rolled-back"]').waitFor({ timeout: 60_000 });
    assert.match(await page.getByTestId('swap-state-line').innerText(), /^Rolled back at/);
    assert.equal(await loginsOf(engine, afterCutover.id), afterCutover.logins, 'the write made after the cutover was carried back');
    await checkA11y(page, 'Verify, rolled back');
    await shot(page, 'cutover-09-rollback', 'rollback');

    // Dropping backups is its own confirmed action: the tables the rollback took out.
    const status = await ok(engine, 'cutover-status', {});
    const rollback = status.history.find((h) => h.kind === 'rollback' && h.status === 'committed')!;
    await confirmByTyping(page, `drop-${rollback.id}`);
    await page.getByTestId('backups-dropped').filter({ hasText: rollback.parkSchema! }).waitFor({ timeout: 60_000 });
    await page.getByTestId(`backup-${rollback.id}`).waitFor({ state: 'detached' });
    assert.equal((await ok(engine, 'cutover-status', {})).history.find((h) => h.id === rollback.id)!.backupsDropped, true);
    await shot(page, 'cutover-10-backups-dropped', 'backups');
  } catch (err) {
    if (app) await screenshot(app.page, 'cutover-failure');
    throw err;
  } finally {
    await app?.close();
  }
});
