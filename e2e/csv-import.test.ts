// Import a Xendit invoice export through the browser, as an operator with only the CSV would:
// the file is read in the page, uploaded, imported as a job, and its result shown, bad row included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateDataset, toCsvText, xenditInvoiceCsvLines } from '../electron/engine/demo/generator/index.ts';
import { appForThisFile, screenshot } from './support/app-under-test.ts';

const { skip, app } = appForThisFile();

test('a Xendit invoice export uploads, imports with progress, and reports its bad row by line', { skip }, async () => {
  const { invoices } = generateDataset({ seed: 2, scale: 0.02 });
  const lines = [...xenditInvoiceCsvLines(invoices)];
  // One broken row: an amount that is not a number.
  const broken = lines[1]!.replace(/,(\d+|"[\d,.]+"),PHP,/, ',lots,PHP,');
  assert.notEqual(broken, lines[1], 'the fixture row has an amount to break');
  const csv = toCsvText([lines[0]!, broken, ...lines.slice(2)]);

  const { page } = app();
  await page.getByTestId('nav-step-pull').click();
  await page.getByTestId('csv-kind').selectOption('xendit-invoices');
  await page.getByTestId('csv-file').setInputFiles({ name: 'invoices.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByTestId('csv-import').click();
  const result = page.getByTestId('csv-result');
  await result.waitFor({ timeout: 60_000 });
  const text = await result.innerText();
  assert.match(text, new RegExp(`${invoices.length} rows`));
  assert.match(text, new RegExp(`${invoices.length - 1} imported`));
  assert.match(text, /1 with errors/);
  assert.match(await page.getByTestId('csv-errors').innerText(), /\b2\b[\s\S]*amount/i);
  const cached = Number((await page.getByTestId('stream-xendit-invoices').locator('[data-col="records"]').innerText()).replace(/[^0-9]/g, ''));
  assert.equal(cached, invoices.length - 1);
  await screenshot(page, 'csv-imported');
});
