// The app in Chromium through the web host: it loads, the wizard navigates with each step's
// state from the engine (focus moving to each page's heading), Reports and History say what they
// hold, and a job's progress bar runs to done and the job is in History with its outcome.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appForThisFile, screenshot } from './support/app-under-test.ts';

const { skip, app } = appForThisFile();

const steps = [
  ['connect', 'Connect'],
  ['pull', 'Pull'],
  ['review', 'Review'],
  ['approve', 'Approve'],
  ['push', 'Push'],
  ['plan', 'Plan'],
  ['cutover', 'Cut over'],
  ['verify', 'Verify'],
] as const;

/** The text of the element that has the keyboard focus. */
const focused = (page: ReturnType<typeof app>['page']) => page.evaluate(() => document.activeElement?.textContent ?? null);

test('the app loads and the wizard navigates through its eight steps', { skip }, async () => {
  const { page } = app();
  for (const [i, [id, title]] of steps.entries()) {
    await page.getByTestId(`nav-step-${id}`).click();
    await page.getByTestId('step-title').filter({ hasText: title }).waitFor();
    // A screen reader hears the new page's heading: focus went there (the app opens on Connect,
    // so clicking it first changes nothing).
    if (i > 0) assert.equal(await focused(page), title);
  }
  // A step that cannot run yet says what comes first; it shows nothing invented.
  await page.getByTestId('nav-step-cutover').click();
  assert.match(await page.getByTestId('step-state').innerText(), /blocked/i);
  assert.match(await page.getByTestId('step-summary').innerText(), /Make a plan that can run first/);
  await page.getByTestId('no-plan').waitFor();
  // The engine's state, not the page's: a fresh workspace has nothing pulled.
  await page.getByTestId('nav-step-pull').click();
  await page.getByTestId('step-title').filter({ hasText: 'Pull' }).waitFor();
  assert.match(await page.locator('main').innerText(), /Connect first|Nothing pulled/);

  await page.getByTestId('nav-history').click();
  await page.getByTestId('page-title').filter({ hasText: 'History' }).waitFor();
  assert.equal(await focused(page), 'History');
  // Nothing has run in a fresh workspace, and the page says so.
  await page.getByText('No jobs have run in this workspace yet.').waitFor();

  await page.getByTestId('nav-reports').click();
  await page.getByTestId('page-title').filter({ hasText: 'Reports' }).waitFor();
  assert.equal(await focused(page), 'Reports');
  assert.match(await page.locator('main').innerText(), /nothing to report until then/);
  assert.equal(await page.title(), 'Reports · Cutover');
});

test("a job's progress bar moves to done, and History lists the job with its steps and outcome", { skip }, async () => {
  const { page } = app();
  await page.getByTestId('nav-history').click();
  await page.getByTestId('check-workspace').click();
  const bar = page.getByTestId('job-progress');
  await bar.waitFor();
  await page.locator('[data-testid="job-progress"][data-state="done"]').waitFor({ timeout: 30_000 });
  const max = Number(await bar.getAttribute('aria-valuemax'));
  const now = Number(await bar.getAttribute('aria-valuenow'));
  assert.ok(max > 0 && now === max, `progress ${now}/${max}`);
  assert.match(await page.getByTestId('job-outcome').innerText(), /^Done in /);

  // The check's two steps, each passed, and its verdict.
  const result = page.getByTestId('workspace-check-result');
  await result.waitFor();
  assert.match(await result.innerText(), /Integrity: ok/);
  const card = page.locator('section', { has: page.getByTestId('check-workspace') });
  const steps = card.getByTestId('job-step');
  assert.deepEqual(await steps.evaluateAll((els) => els.map((e) => [e.querySelector('.job-step-label')?.textContent, e.getAttribute('data-status')])), [
    ["SQLite's integrity check", 'ok'],
    ['Row counts per table', 'ok'],
  ]);

  // The job list shows the job that ran, with its outcome, without a reload of the page.
  const row = page.locator('[data-testid="job-row"][data-state="done"]', { hasText: 'Check workspace' });
  await row.waitFor();
  assert.equal(await page.getByTestId('job-row').count(), 1);
  assert.match(await row.locator('[data-col="result"]').innerText(), /^Integrity ok; \d+ tables, [\d,]+ rows/);
  assert.match(await row.innerText(), /done/);
  await screenshot(page, 'app-job-done');
});
