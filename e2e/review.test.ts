// The review as a reviewer does it, in Chromium through the web host on the demo workspace:
// pull; resolve one finding of each kind by mouse and one by keyboard alone; merge a suggested
// pair with y and decline one with n; undo a decision and redo it; export the decisions and
// import them into a fresh workspace (which then has the same plan); approve. A screenshot of
// each step is kept in test-results/, and each screen is checked with axe-core (no serious or
// critical violation).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { Engine } from '../electron/engine/engine.ts';
import { ok } from '../electron/engine/testing/reconcile.ts';
import { browserMissing, screenshot, startApp, type AppUnderTest } from './support/app-under-test.ts';
import { checkA11y } from './support/a11y.ts';

const skip = browserMissing() ?? false;
async function pullDemo(page: Page): Promise<void> {
  await page.getByTestId('nav-step-connect').click();
  await page.getByTestId('demo-scale').selectOption('0.1');
  await page.getByTestId('demo-limits').selectOption('off');
  await page.getByTestId('open-demo').click();
  await page.locator('[data-testid="nav-step-connect"][data-state="done"]').waitFor({ timeout: 30_000 });
  await page.getByTestId('nav-step-pull').click();
  await page.getByTestId('pull-start').click();
  await page.locator('[data-testid="job-progress"][data-state="done"]').waitFor({ timeout: 180_000 });
}

/** Opens a queue of the Review step and waits for its grid's first rows. */
async function openQueue(page: Page, queue: string): Promise<void> {
  await page.getByTestId(`queue-${queue}`).click();
  await page.locator(`[data-testid="queue-${queue}"][aria-current="page"]`).waitFor();
  await page.locator('[data-testid="grid"][data-ready="true"]').waitFor({ timeout: 120_000 });
}

const firstRow = (page: Page) => page.locator('[data-testid="grid"] [role="row"][data-row-id]').first();

async function statusOf(engine: Engine, queue: string, id: string): Promise<string> {
  let cursor: string | null = null;
  do {
    const page: { rows: { id: string; status: string }[]; next: string | null } = await ok(engine, 'reconcile-findings', { filters: [{ column: 'queue', op: 'eq', value: queue }], limit: 1000, cursor, withTotals: false });
    const hit = page.rows.find((r) => r.id === id);
    if (hit) return hit.status;
    cursor = page.next;
  } while (cursor);
  return 'gone';
}

/** The approval is logged: as a resolve of the finding, or as the fix it proposed (an edit of the record it is about). */
async function resolvedInLog(engine: Engine, finding: string): Promise<boolean> {
  const record = finding.slice(finding.indexOf(':') + 1);
  const log = await ok(engine, 'reconcile-decisions', { limit: 50 });
  return log.rows.some((d) => d.state === 'active' && (d.targetKey === `finding:${finding}` || d.targetKey.startsWith(`field:${record}:`)));
}

test('review, decide, undo/redo, exchange decisions and approve — by mouse and by keyboard', { skip, timeout: 900_000 }, async () => {
  let app: AppUnderTest | undefined;
  let fresh: AppUnderTest | undefined;
  try {
    app = await startApp();
    const { page, engine } = app;
    await page.setViewportSize({ width: 1280, height: 720 });
    await pullDemo(page);
    await screenshot(page, 'review-01-pulled');
    await checkA11y(page, 'Pull');

    // Review: the queues with counts once the recompute has run.
    await page.getByTestId('nav-step-review').click();
    await page.locator('[data-testid="queue-list"] [data-open]').first().waitFor({ timeout: 180_000 });
    await page.locator('[data-testid="grid"][data-ready="true"]').waitFor({ timeout: 120_000 });
    const queues = await ok(engine, 'reconcile-queues', {});
    const findingQueues = queues.filter((q) => q.list.procedure === 'reconcile-findings' && q.open > 0);
    assert.ok(findingQueues.length >= 5, `several kinds of finding to resolve (${findingQueues.map((q) => q.id).join(', ')})`);
    await screenshot(page, 'review-02-queues');
    await checkA11y(page, 'Review');

    // One finding of each kind, by mouse: click its row, read the explanation, click Approve.
    for (const q of findingQueues) {
      await openQueue(page, q.id);
      const row = firstRow(page);
      const id = (await row.getAttribute('data-row-id'))!;
      await row.locator('[data-col="summary"]').click();
      const summary = await page.getByTestId('explain-title').innerText();
      await page.getByTestId('explain-approve').click();
      await page.getByTestId('announcer').filter({ hasText: `approved: ${summary}` }).waitFor({ timeout: 30_000 });
      // Approving applies the proposal; a fix that resolves the finding (an e-mail corrected) takes it out of the queue.
      const now = await statusOf(engine, q.id, id);
      assert.ok(now === 'approved' || (now === 'gone' && (await resolvedInLog(engine, id))), `${q.id}: the finding clicked is approved (${now})`);
    }
    await screenshot(page, 'review-03-resolved-by-mouse');

    // One by keyboard alone: focus moves by Tab from the queue link into the grid, arrows pick the
    // second row, Enter opens its explanation (focus on Reject), Enter rejects it.
    const kbQueue = findingQueues.find((q) => q.open > 2) ?? findingQueues[0]!;
    await page.getByTestId(`queue-${kbQueue.id}`).focus();
    await page.keyboard.press('Enter');
    await page.locator(`[data-testid="queue-${kbQueue.id}"][aria-current="page"]`).waitFor();
    await page.locator('[data-testid="grid"][data-ready="true"]').waitFor({ timeout: 120_000 });
    for (let i = 0; i < 40 && !(await page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'grid')); i++) await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'grid', 'Tab reaches the grid');
    await page.keyboard.press('ArrowDown');
    const kbId = (await page.locator('[data-testid="grid"] .grid-row.active-row').getAttribute('data-row-id'))!;
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab'); // Approve has focus; Tab to Reject
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'explain-reject');
    await page.keyboard.press('Enter');
    await page.getByTestId('explain-status').filter({ hasText: 'rejected' }).waitFor({ timeout: 30_000 });
    assert.equal(await statusOf(engine, kbQueue.id, kbId), 'rejected', 'the finding chosen by keyboard is rejected');
    await screenshot(page, 'review-04-resolved-by-keyboard');

    // Duplicate review: y merges the first pair, n keeps the next apart.
    await openQueue(page, 'duplicate-people');
    await checkA11y(page, 'Review: suggested merges');
    await page.getByTestId('open-duplicates').click();
    const pair = page.getByTestId('dup-pair');
    await pair.waitFor({ timeout: 60_000 });
    await checkA11y(page, 'Duplicate review');
    await screenshot(page, 'review-05-duplicate-pair');
    const first = (await ok(engine, 'reconcile-suggestions', { limit: 2 })).rows;
    assert.equal(await pair.getAttribute('data-pair'), first[0]!.id);
    await page.keyboard.press('y');
    await page.getByTestId('dup-tally').filter({ hasText: '1 merged' }).waitFor({ timeout: 30_000 });
    await page.locator(`[data-testid="dup-pair"]:not([data-pair="${first[0]!.id}"])`).waitFor();
    const second = (await pair.getAttribute('data-pair'))!;
    await page.keyboard.press('n');
    await page.getByTestId('dup-tally').filter({ hasText: '1 kept apart' }).waitFor({ timeout: 30_000 });
    const log = (await ok(engine, 'reconcile-decisions', { limit: 10 })).rows;
    assert.equal(log[0]!.kind, 'decline');
    assert.equal(`${(log[0]!.target as { a: string }).a}~${(log[0]!.target as { b: string }).b}`, second);
    assert.equal(log[1]!.kind, 'merge');
    await screenshot(page, 'review-06-merged-and-declined');

    // Person view, from the pair's person link.
    await page.locator('[data-testid="dup-side-A"] a').click();
    await page.getByTestId('person-records').waitFor();
    await checkA11y(page, 'Person');
    await screenshot(page, 'review-07-person');

    // Undo (Ctrl+Z anywhere) and redo (the History button).
    await page.getByTestId('nav-history').click();
    await page.locator('[data-testid="grid-decisions"] [data-testid="grid"][data-ready="true"]').waitFor();
    const lastSeq = (await ok(engine, 'reconcile-decisions', { limit: 1 })).rows[0]!.seq;
    await page.locator('body').press('Control+z');
    await page.getByTestId('announcer').filter({ hasText: 'Undone' }).waitFor({ timeout: 30_000 });
    const afterUndo = (await ok(engine, 'reconcile-decisions', { limit: 20 })).rows.find((d) => d.seq === lastSeq)!;
    assert.equal(afterUndo.state, 'undone', 'Ctrl+Z undid the last decision');
    await page.getByTestId('redo').click();
    await page.getByTestId('announcer').filter({ hasText: 'Redone' }).waitFor({ timeout: 30_000 });
    const afterRedo = (await ok(engine, 'reconcile-decisions', { limit: 20 })).rows.find((d) => d.seq === lastSeq)!;
    assert.equal(afterRedo.state, 'active', 'Redo put it back in force');
    await checkA11y(page, 'History');
    await screenshot(page, 'review-08-undo-redo');

    // Export the decisions.
    const download = page.waitForEvent('download');
    await page.getByTestId('decisions-export').click();
    const file = await (await download).path();
    const set = JSON.parse(readFileSync(file, 'utf8')) as { decisions: unknown[] };
    assert.ok(set.decisions.length >= findingQueues.length + 3);

    // Import them into a fresh workspace of the same demo: it ends with the same plan.
    fresh = await startApp();
    await fresh.page.setViewportSize({ width: 1280, height: 720 });
    await pullDemo(fresh.page);
    await fresh.page.getByTestId('nav-history').click();
    await fresh.page.getByTestId('decisions-file').setInputFiles(file);
    await fresh.page.getByTestId('decisions-import').click();
    const report = fresh.page.getByTestId('import-report');
    await report.waitFor({ timeout: 120_000 });
    assert.match(await report.innerText(), new RegExp(`${set.decisions.length} imported`));
    await screenshot(fresh.page, 'review-09-imported');
    const planA = await ok(engine, 'reconcile-plan-export', { content: false });
    const planB = await ok(fresh.engine, 'reconcile-plan-export', { content: false });
    assert.equal(planB.sha256, planA.sha256, 'the fresh workspace has the same plan');

    // Approve: the blocking queue decided in bulk (select all, Approve), then the sign-off.
    await page.getByTestId('nav-step-review').click();
    for (const q of (await ok(engine, 'reconcile-queues', {})).filter((x) => x.blocking > 0)) {
      await openQueue(page, q.id);
      await page.getByTestId('grid-select-all').click();
      await page.getByTestId('bulk-count').filter({ hasText: `${q.open + q.approved + q.rejected} selected` }).waitFor();
      await page.getByTestId('bulk-approve').click();
      await page.getByTestId('bulk-bar').waitFor({ state: 'detached', timeout: 60_000 });
    }
    await page.getByTestId('nav-step-approve').click();
    await page.getByTestId('sign-off').waitFor({ timeout: 60_000 });
    await checkA11y(page, 'Approve');
    await page.getByTestId('reviewer-name').fill('Ana Reviewer');
    await page.getByTestId('signoff-note').fill('Demo reviewed');
    await page.getByTestId('sign-off').click();
    await page.locator('[data-testid="approval-line"][data-valid="true"]').waitFor({ timeout: 60_000 });
    assert.match(await page.getByTestId('approval-line').innerText(), /Approved: signed off by Ana Reviewer/);
    await screenshot(page, 'review-10-approved');

    // A later decision invalidates the approval, and the page says so.
    await ok(engine, 'reconcile-decide', { decisions: [{ kind: 'resolve', finding: kbId, value: 'approve' }] });
    await page.getByTestId('approval-invalidated').waitFor({ timeout: 30_000 });
    assert.match(await page.getByTestId('approval-invalidated').innerText(), /decision by Ana Reviewer came after the sign-off/);
    await screenshot(page, 'review-11-approval-invalidated');

    // Reports: charts and tables, under the strict CSP (a violation would be a console error).
    await page.getByTestId('nav-reports').click();
    await page.getByTestId('report-revenue-month').locator('svg').first().waitFor({ timeout: 60_000 });
    await page.getByTestId('report-funnel').locator('svg').first().waitFor();
    await checkA11y(page, 'Reports');
    await screenshot(page, 'review-12-reports');
  } catch (err) {
    if (app) await screenshot(app.page, 'review-failure');
    throw err;
  } finally {
    await fresh?.close();
    await app?.close();
  }
});
