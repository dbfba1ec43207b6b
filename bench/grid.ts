// The review grid at scale 40 (~1.2M source records, ~640k people): a workspace filled straight
// from the demo generator, reconciled, served by the web host and driven in Chromium. Each timing
// runs from the input event (a click, a typed filter value) to the updated rows painted (the
// grid's rows changed and none of those on screen is blank, then two animation frames), measured
// in the page. Baseline, same run: the engine's own time for the same page query, called in
// process without the browser, so the renderer's share is visible.
import { chromium, type Page } from 'playwright-core';
import { join } from 'node:path';
import { seededWorkspace } from '../electron/engine/testing/seeded-workspace.ts';
import { ok, recompute } from '../electron/engine/testing/reconcile.ts';
import { appRoot } from '../electron/engine/paths.ts';
import { startWebHost } from '../electron/web/server.ts';
import type { Engine } from '../electron/engine/engine.ts';
import type { PageRequest } from '../shared/api/paged.ts';
import { CHROMIUM } from '../e2e/support/app-under-test.ts';
import type { BenchResult } from './support/report.ts';

const SCALE = Number(process.env.GRID_BENCH_SCALE ?? 40);
const ROWS_TO_SCROLL = 10_000;
const ROWS_PER_FRAME = 20;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function engineMs(engine: Engine, name: 'reconcile-people', req: PageRequest): Promise<number> {
  const t = performance.now();
  await ok(engine, name, { ...req, limit: 100, withTotals: false, facets: [] });
  return performance.now() - t;
}

type Act = { kind: 'click'; selector: string } | { kind: 'type'; selector: string; value: string };
const click = (selector: string): Act => ({ kind: 'click', selector });
const typeInto = (selector: string, value: string): Act => ({ kind: 'type', selector, value });

/**
 * In the page: performs `act` (a click, or a value typed into a React-controlled input), then
 * resolves with the milliseconds until the grid shows the rows of its new request (data-view
 * changed), none of the rows on screen is blank, and two frames have painted.
 */
async function timed(page: Page, act: Act): Promise<number> {
  return page.evaluate(async (a) => {
    const grid = document.querySelector<HTMLElement>('[data-testid="grid"]')!;
    const before = grid.dataset.view;
    const blankOnScreen = () => {
      const box = grid.getBoundingClientRect();
      return [...grid.querySelectorAll('[data-blank="true"]')].some((r) => {
        const b = r.getBoundingClientRect();
        return b.bottom > box.top + 56 && b.top < box.bottom;
      });
    };
    const el = document.querySelector<HTMLElement>(a.selector)!;
    const start = performance.now();
    if (a.kind === 'click') el.click();
    else {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(el, a.value);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }
    await new Promise<void>((resolve) => {
      const check = () => {
        const g = document.querySelector<HTMLElement>('[data-testid="grid"]');
        if (g && g.dataset.view !== undefined && g.dataset.view !== before && g.dataset.ready === 'true' && !blankOnScreen()) resolve();
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - start;
  }, act);
}

/** Waits until the grid's counting is done (so one measurement does not queue behind the last). */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const g = document.querySelector<HTMLElement>('[data-testid="grid"]');
    return g !== null && g.dataset.ready === 'true' && g.getAttribute('aria-busy') === null && !document.querySelector('.grid-loading');
  }, undefined, { timeout: 300_000, polling: 50 });
}

export async function run(): Promise<BenchResult> {
  const notes: string[] = [];
  let t = performance.now();
  const ws = await seededWorkspace({ scale: SCALE, host: 'web' });
  notes.push(`cache filled from the generator in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  t = performance.now();
  await recompute(ws.engine);
  notes.push(`reconcile recompute in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  const status = await ok(ws.engine, 'reconcile-status', {});
  const queues = await ok(ws.engine, 'reconcile-queues', {});
  const largest = [...queues].sort((a, b) => b.total - a.total)[0]!;
  notes.push(`${status.records.toLocaleString('en-US')} records, ${status.people.toLocaleString('en-US')} people; largest queue: ${largest.id} (${largest.total.toLocaleString('en-US')} rows)`);

  const host = await startWebHost({ engine: ws.engine, staticDir: join(appRoot(), 'dist', 'renderer') });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    // tsx names the functions inside the page-side code with a helper the page lacks.
    await page.addInitScript('window.__name = (f) => f;');
    await page.goto(`${host.url}`);
    await page.getByTestId('nav-step-review').click();
    await page.locator('[data-testid="queue-list"] [data-open]').first().waitFor({ timeout: 300_000 });
    await page.locator('[data-testid="grid"][data-ready="true"]').waitFor({ timeout: 300_000 });
    await settled(page);

    // Opening the largest queue: a click on its link to its first rows painted.
    const firstPaint: number[] = [];
    for (let i = 0; i < 5; i++) {
      await page.getByTestId('queue-manual-p2p').click();
      await page.locator('[data-testid="queue-manual-p2p"][aria-current="page"]').waitFor();
      await settled(page);
      // A new page load's cache would be cold: drop the renderer's cached rows by reloading.
      await page.reload();
      await settled(page);
      firstPaint.push(await timed(page, click(`[data-testid="queue-${largest.id}"]`)));
      await settled(page);
    }
    const requestOf = (extra: Partial<PageRequest>): PageRequest => ({ filters: largest.list.filters, ...extra });
    const openBaseline = await engineMs(ws.engine, 'reconcile-people', requestOf({}));

    // Filter: a value typed into the e-mail column's filter.
    const filterMs: number[] = [];
    const filterBase: number[] = [];
    for (const value of ['gmail', 'yahoo', 'ana', 'santos', 'mar', 'cruz', 'reyes']) {
      filterMs.push(await timed(page, typeInto('[data-testid="filter-email"]', value)));
      await settled(page);
      filterBase.push(await engineMs(ws.engine, 'reconcile-people', requestOf({ filters: [...largest.list.filters, { column: 'email', op: 'contains', value }] })));
    }
    await timed(page, typeInto('[data-testid="filter-email"]', ''));
    await settled(page);

    // Sort: a click on a column's sort button (ascending, descending, off, …).
    const sortMs: number[] = [];
    const sortBase: number[] = [];
    for (const [col, dir] of [
      ['name', 'asc'],
      ['name', 'desc'],
      ['registeredMonth', 'asc'],
      ['registeredMonth', 'desc'],
      ['email', 'asc'],
      ['email', 'desc'],
    ] as const) {
      // Each click moves a column's sort on: none → ascending → descending → none.
      sortMs.push(await timed(page, click(`[data-testid="sort-${col}"]`)));
      await settled(page);
      sortBase.push(await engineMs(ws.engine, 'reconcile-people', requestOf({ sort: [{ column: col, dir }] })));
      if (dir === 'desc') {
        await page.getByTestId(`sort-${col}`).click();
        await settled(page);
      }
    }

    // Facet: a value of the lead-tag facet ticked, then unticked.
    await page.getByTestId('grid-facets-toggle').click();
    await page.locator('[data-testid="facet-leadTag"] input').first().waitFor({ timeout: 300_000 });
    await settled(page);
    const facetMs: number[] = [];
    const facetBase: number[] = [];
    const values = await page.locator('[data-testid="facet-leadTag"] input').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!).slice(0, 4));
    for (const v of values) {
      facetMs.push(await timed(page, click(`[data-testid="${v}"]`)));
      await settled(page);
      const value = v.slice('facet-leadTag-'.length);
      facetBase.push(await engineMs(ws.engine, 'reconcile-people', requestOf({ filters: [...largest.list.filters, { column: 'leadTag', op: 'in', values: [value === 'null' ? null : value] }] })));
      await timed(page, click(`[data-testid="${v}"]`));
      await settled(page);
    }
    // The summary call (count and facets) for the largest queue, for the report.
    const ts = performance.now();
    await ok(ws.engine, 'reconcile-people', { ...requestOf({}), limit: 1, facets: ['status', 'products', 'leadTag', 'registeredMonth', 'contacts', 'blank:name', 'dup:name', 'blank:email'] });
    notes.push(`engine: the largest queue's summary call (count + 8 facets) takes ${Math.round(performance.now() - ts)} ms; the grid asks for it after the rows, so rows paint first`);
    await page.getByTestId('grid-facets-toggle').click();

    // Scrolling 10,000 rows at speed: 20 rows a frame; blank rows on screen counted every frame.
    await page.getByTestId('grid').focus();
    const scroll = await page.evaluate(
      async ({ rows, perFrame }) => {
        const grid = document.querySelector<HTMLElement>('[data-testid="grid"]')!;
        const rowH = 26;
        let blank = 0;
        let frames = 0;
        const box = grid.getBoundingClientRect();
        const start = performance.now();
        for (let done = 0; done < rows; done += perFrame) {
          grid.scrollTop += perFrame * rowH;
          await new Promise((r) => requestAnimationFrame(r));
          frames++;
          for (const r of grid.querySelectorAll('[data-blank="true"]')) {
            const b = r.getBoundingClientRect();
            if (b.bottom > box.top + 56 && b.top < box.bottom) blank++;
          }
        }
        return { blank, frames, ms: performance.now() - start };
      },
      { rows: ROWS_TO_SCROLL, perFrame: ROWS_PER_FRAME },
    );
    notes.push(`scrolled ${ROWS_TO_SCROLL.toLocaleString('en-US')} rows in ${scroll.frames} frames (${Math.round(scroll.ms)} ms, ${Math.round((ROWS_TO_SCROLL / scroll.ms) * 1000).toLocaleString('en-US')} rows/s)`);

    // Heap after scrolling, after a garbage collection.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };

    // The last row is reachable: Ctrl+End in the grid of all people.
    await page.getByTestId('queue-people').click();
    await page.locator('[data-testid="queue-people"][aria-current="page"]').waitFor();
    await settled(page);
    await page.getByTestId('grid').focus();
    await page.keyboard.press('Control+End');
    const people = status.people;
    await page.locator(`[data-testid="grid"] [role="row"][aria-rowindex="${people + 1}"][data-row-id]`).waitFor({ timeout: 120_000 });
    const lastBox = await page.evaluate((n) => {
      const grid = document.querySelector<HTMLElement>('[data-testid="grid"]')!;
      const row = grid.querySelector(`[aria-rowindex="${n + 1}"]`)!.getBoundingClientRect();
      const box = grid.getBoundingClientRect();
      return { visible: row.top >= box.top && row.bottom <= box.bottom + 1, height: grid.scrollHeight };
    }, people);
    notes.push(`last row (${people.toLocaleString('en-US')} of all people) reached by Ctrl+End and on screen: ${lastBox.visible}; scroll height ${lastBox.height.toLocaleString('en-US')} px (Chromium's cap 33,554,428 px: 26 px rows fit ${Math.floor(33_554_428 / 26).toLocaleString('en-US')})`);

    return {
      name: 'grid',
      notes,
      figures: {
        filter_ms: { value: median(filterMs), unit: 'ms', target: 150, better: 'lower', baseline: { name: 'engine page query alone (median)', value: median(filterBase) } },
        sort_ms: { value: median(sortMs), unit: 'ms', target: 150, better: 'lower', baseline: { name: 'engine page query alone (median)', value: median(sortBase) } },
        facet_ms: { value: median(facetMs), unit: 'ms', target: 150, better: 'lower', baseline: { name: 'engine page query alone (median)', value: median(facetBase) } },
        scroll_blank_rows: { value: scroll.blank, unit: 'rows', target: 0, better: 'lower' },
        first_paint_ms: { value: median(firstPaint), unit: 'ms', target: 1000, better: 'lower', baseline: { name: 'engine first page alone', value: openBaseline } },
        renderer_heap_mb: { value: heap.usedSize / 2 ** 20, unit: 'MB', target: 200, better: 'lower' },
      },
    };
  } finally {
    await browser.close();
    await host.close();
    await ws.close();
  }
}
