// The renderer hears the engine's data-changed events: while a pull runs, the Pull page's counts
// follow the pages as they land, with no polling. Systeme.io's second page of contacts is held
// back, so the pull is surely still running when the first page's records are on screen,
// however fast or slow the machine. A CSV import asked for meanwhile waits for the pull, and
// says so. Screen readers hear jobs start, wait and end, never their progress ticks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateDataset, toCsvText, xenditInvoiceCsvLines } from '../electron/engine/demo/generator/index.ts';
import { startSimulator } from '../electron/engine/demo/simulator/index.ts';
import { appForThisFile, screenshot } from './support/app-under-test.ts';
import { holdSource } from './support/held-source.ts';

const { skip, app } = appForThisFile();

const number = (text: string) => Number(text.replace(/[^0-9]/g, ''));

test("the Pull page's counts grow as pages land, before the pull has ended", { skip }, async () => {
  const dataset = generateDataset({ seed: 3, scale: 0.05 });
  const simulator = await startSimulator({ dataset, rateLimits: false });
  const source = await holdSource(simulator.url, (url) => url.pathname === '/api/contacts' && url.searchParams.has('startingAfter'));
  try {
    const { page } = app();
    await page.getByTestId('nav-step-connect').click();
    await page.getByTestId('xendit-key').fill(simulator.keys.xendit);
    await page.getByTestId('xendit-url').fill(source.url);
    await page.getByTestId('systeme-key').fill(simulator.keys.systeme);
    await page.getByTestId('systeme-url').fill(source.url);
    await page.getByTestId('connection-save').click();
    await page.locator('[data-testid="nav-step-connect"][data-state="done"]').waitFor({ timeout: 30_000 });

    await page.getByTestId('nav-step-pull').click();
    const contacts = page.getByTestId('stream-systeme-contacts').locator('[data-col="records"]');
    assert.equal(number(await contacts.innerText()), 0, 'nothing pulled yet');

    // Everything the screen readers' live region says from now on.
    await page.evaluate(() => {
      const region = document.querySelector('[data-testid="job-announcer"]')!;
      const said: string[] = [];
      (window as unknown as { said: string[] }).said = said;
      new MutationObserver(() => {
        const text = region.textContent ?? '';
        if (text && said[said.length - 1] !== text) said.push(text);
      }).observe(region, { childList: true, characterData: true, subtree: true });
    });

    await page.getByTestId('pull-start').click();
    // The first page of contacts is written before the second is asked for, and the second waits.
    await source.held;
    await page.locator('[data-testid="stream-systeme-contacts"] [data-col="records"]', { hasText: /^[1-9]/ }).waitFor({ timeout: 30_000 });
    const during = number(await contacts.innerText());
    assert.ok(during > 0 && during < dataset.contacts.length, `${during} of ${dataset.contacts.length} contacts while the pull runs`);
    assert.equal(await page.getByTestId('job-progress').getAttribute('data-state'), 'running', 'the pull has not ended');
    assert.equal(await page.getByTestId('pull-start').innerText(), 'Pulling…');

    // An import asked for now waits for the cache the pull holds, and says so.
    const csv = toCsvText(xenditInvoiceCsvLines(dataset.invoices.slice(0, 20)));
    await page.getByTestId('csv-kind').selectOption('xendit-invoices');
    await page.getByTestId('csv-file').setInputFiles({ name: 'invoices.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('csv-import').click();
    const queued = page.locator('[data-testid="job-other"][data-state="queued"]');
    await queued.waitFor();
    assert.match(await queued.innerText(), /Waiting for the workspace cache \(Pull sources\)/);
    await screenshot(page, 'pull-counting');

    source.release();
    await page.locator('[data-testid="job-progress"][data-state="done"]').waitFor({ timeout: 120_000 });
    await page.locator('[data-testid="stream-systeme-contacts"] [data-col="records"]', { hasText: dataset.contacts.length.toLocaleString('en-US') }).waitFor();
    assert.equal(number(await page.getByTestId('stream-xendit-invoices').locator('[data-col="records"]').innerText()), dataset.invoices.length);

    // The import ran once the pull had let go of the cache; its rows were already pulled.
    await page.getByTestId('csv-result').waitFor({ timeout: 60_000 });
    assert.match(await page.getByTestId('csv-result').innerText(), /20 rows · 0 imported · 20 unchanged/);

    // The pull's end queued the reconciliation's replay, which runs once the import is done.
    await page.waitForFunction(() => (window as unknown as { said: string[] }).said.some((l) => l.startsWith('Reconcile: Done in ')), undefined, { timeout: 60_000 });
    const said = await page.evaluate(() => (window as unknown as { said: string[] }).said);
    const story = JSON.stringify(said);
    assert.equal(said[0], 'Pull sources started.', story);
    assert.ok(said.includes('Import Xendit invoices CSV is queued. Waiting for the workspace cache (Pull sources).'), story);
    // Starts, waits and ends only (messages close together may be heard as the last one).
    for (const line of said) assert.match(line, /^(.+ started\.|.+ is queued\. Waiting for .+\.|.+: Done in .+\.)$/, story);
    // The replay's queued, started and done lines come on top.
    assert.ok(said.length <= 8, story);
  } finally {
    await source.close();
    await simulator.close();
  }
});

test('after the event stream drops and comes back, what changed meanwhile is shown', { skip }, async () => {
  const { page, engine } = app();
  // The first event stream after the reload ends at once (telling the browser to retry soon); the
  // retry waits until the test has changed the workspace, so the change's event is surely missed.
  let retried!: () => void;
  const retry = new Promise<void>((r) => (retried = r));
  let letThrough!: () => void;
  const gate = new Promise<void>((r) => (letThrough = r));
  let streams = 0;
  await page.route(
    (url) => url.pathname === '/api/events',
    async (route) => {
      streams++;
      if (streams === 1) return route.fulfill({ status: 200, headers: { 'Content-Type': 'text/event-stream' }, body: 'retry: 50\n\n: connected\n\n' });
      if (streams === 2) {
        retried();
        await gate;
      }
      return route.continue();
    },
  );
  try {
    await page.reload();
    const footer = page.locator('.nav-footer');
    await footer.getByText('Time zone Asia/Manila').waitFor();
    await retry;
    const set = await engine.call('settings-set', { timeZone: 'Asia/Tokyo' });
    assert.ok(set.ok);
    letThrough();
    // Nothing but the reconnect can tell the page: the change's event went out while no stream was open.
    await footer.getByText('Time zone Asia/Tokyo').waitFor({ timeout: 30_000 });
  } finally {
    letThrough();
    await page.unrouteAll({ behavior: 'wait' });
  }
});
