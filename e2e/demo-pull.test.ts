// Open demo and pull it, as an operator would: per-source progress to done, the counts the
// generator promised in the Pull step, and the wizard moving on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateDataset } from '../electron/engine/demo/generator/index.ts';
import { appForThisFile, screenshot } from './support/app-under-test.ts';

const { skip, app } = appForThisFile();

test('open the demo, pull both sources with progress, and see the counts in the Pull step', { skip }, async () => {
  const { page } = app();
  await page.getByTestId('nav-step-connect').click();
  await page.getByTestId('demo-scale').selectOption('0.1');
  await page.getByTestId('demo-limits').selectOption('off');
  await page.getByTestId('open-demo').click();
  await page.locator('[data-testid="nav-step-connect"][data-state="done"]').waitFor({ timeout: 30_000 });

  await page.getByTestId('nav-step-pull').click();
  await page.getByTestId('pull-start').click();
  await page.getByTestId('job-progress').waitFor();
  // One sub-progress per stream while it runs.
  await page.locator('[data-testid^="job-part-"]').first().waitFor();
  await page.locator('[data-testid="job-progress"][data-state="done"]').waitFor({ timeout: 120_000 });
  await page.locator('[data-testid="nav-step-pull"][data-state="done"]').waitFor({ timeout: 10_000 });

  const expected = generateDataset({ seed: 1, scale: 0.1 });
  const count = async (stream: string) =>
    Number((await page.getByTestId(`stream-${stream}`).locator('[data-col="records"]').innerText()).replace(/[^0-9]/g, ''));
  assert.equal(await count('xendit-invoices'), expected.invoices.length);
  assert.equal(await count('systeme-contacts'), expected.contacts.length);
  assert.equal(await count('xendit-transactions'), expected.transactions.length);
  await screenshot(page, 'demo-pulled');
});
