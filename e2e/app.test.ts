// The app in Chromium through the web host: it loads, the wizard navigates with each step's
// state from the engine, and a job's progress bar runs to done.
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

test('the app loads and the wizard navigates through its eight steps', { skip }, async () => {
  const { page } = app();
  for (const [id, title] of steps) {
    await page.getByTestId(`nav-step-${id}`).click();
    await page.getByTestId('step-title').filter({ hasText: title }).waitFor();
  }
  // A step whose capability has not shipped says so; it shows nothing invented.
  await page.getByTestId('nav-step-cutover').click();
  assert.match(await page.getByTestId('step-state').innerText(), /unavailable/i);
  assert.match(await page.locator('main').innerText(), /not built yet/);
  // The engine's state, not the page's: a fresh workspace has nothing pulled.
  await page.getByTestId('nav-step-pull').click();
  assert.match(await page.locator('main').innerText(), /Connect first|Nothing pulled/);
  await page.getByTestId('nav-history').click();
  await page.getByTestId('nav-reports').click();
});

test("a job's progress bar moves to done", { skip }, async () => {
  const { page } = app();
  await page.getByTestId('nav-history').click();
  await page.getByTestId('check-workspace').click();
  const bar = page.getByTestId('job-progress');
  await bar.waitFor();
  await page.locator('[data-testid="job-progress"][data-state="done"]').waitFor({ timeout: 30_000 });
  const max = Number(await bar.getAttribute('aria-valuemax'));
  const now = Number(await bar.getAttribute('aria-valuenow'));
  assert.ok(max > 0 && now === max, `progress ${now}/${max}`);
  const path = await screenshot(page, 'app-job-done');
  assert.ok(path.endsWith('.png'));
});
