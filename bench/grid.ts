// The review grid at scale 40 (~1.2M source records, ~640k people): a workspace filled straight
// from the demo generator, reconciled, served by the web host and driven in Chromium. Each timing
// runs from the input event (a click, a typed filter value) to the updated rows painted (the
// grid's rows changed and none of those on screen is blank, then two animation frames), measured
// in the page. Baseline, same run: the engine's own time for the same page query, called in
// process without the browser, so the renderer's share is visible; the notes split each median
// into the page's part before its first call, the call (the engine's part of it timed in the host)
// and the drawing after it. The load average is noted beside the figures (the machine is shared).
// GRID_BENCH_WORKSPACE=<folder> reuses a reconciled workspace kept there (a copy of one this bench
// or a test left), skipping the fill and the recompute, for iterating on the grid alone.
import { chromium, type Page } from 'playwright-core';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { seededWorkspace } from '../electron/engine/testing/seeded-workspace.ts';
import { ok, recompute } from '../electron/engine/testing/reconcile.ts';
import { appRoot } from '../electron/engine/paths.ts';
import { startWebHost } from '../electron/web/server.ts';
import { createEngine, type Engine } from '../electron/engine/engine.ts';
import type { PageRequest } from '../shared/api/paged.ts';
import { CHROMIUM } from '../e2e/support/app-under-test.ts';
import type { BenchResult } from './support/report.ts';

const SCALE = Number(process.env.GRID_BENCH_SCALE ?? 40);
const ROWS_TO_SCROLL = 10_000;
/** 20 rows a frame at 60 frames a second, kept whatever the frame rate the page manages: a slow page scrolls as far in fewer frames. */
const SCROLL_ROWS_PER_S = 1_200;
const ROW_HEIGHT = 26;
const HEADER_HEIGHT = 56;

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

/** One timing: the total, and when (after the input) the first engine call left the page and its answer was in. */
interface Timing {
  ms: number;
  sent: number;
  answered: number;
}

/**
 * In the page: performs `act` (a click, or a value typed into a React-controlled input), then
 * resolves with the milliseconds until the grid shows the rows of its new request (data-view
 * changed), none of the rows on screen is blank, and two frames have painted.
 */
async function timed(page: Page, act: Act): Promise<Timing> {
  return page.evaluate(async (a) => {
    performance.clearResourceTimings();
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
    const ms = performance.now() - start;
    const call = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/call/') && e.startTime >= start) as PerformanceResourceTiming | undefined;
    return { ms, sent: call ? call.startTime - start : NaN, answered: call ? call.responseEnd - start : NaN };
  }, act);
}

/** The median timing's parts, for the notes. */
function split(what: string, ts: Timing[], engineMs: number[]): string {
  const m = (xs: number[]) => Math.round(median(xs.filter((x) => !Number.isNaN(x))));
  const total = m(ts.map((t) => t.ms));
  const sent = m(ts.map((t) => t.sent));
  const answered = m(ts.map((t) => t.answered));
  return `${what}: median ${total} ms = ${sent} ms in the page before its first call, ${answered - sent} ms for the call (the engine's part ${m(engineMs)} ms), ${total - answered} ms drawing and two frames (medians of each part)`;
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
  const reuse = process.env.GRID_BENCH_WORKSPACE;
  let ws: { engine: Engine; close(): Promise<void> };
  if (reuse && existsSync(join(reuse, 'workspace.sqlite'))) {
    const engine = createEngine({ dataDir: reuse, host: 'web', create: false });
    ws = { engine, close: () => engine.close() };
    notes.push(`workspace reused from ${reuse} (filled and reconciled before this run)`);
  } else {
    let t = performance.now();
    ws = await seededWorkspace({ scale: SCALE, host: 'web' });
    notes.push(`cache filled from the generator in ${((performance.now() - t) / 1000).toFixed(0)} s`);
    t = performance.now();
    await recompute(ws.engine);
    notes.push(`reconcile recompute in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  }
  // The engine's time for each call the page makes, as the host hands it over (JSON excluded).
  const engineCalls: number[] = [];
  const handle = ws.engine.handle.bind(ws.engine);
  ws.engine.handle = async (name, input, transport) => {
    const at = performance.now();
    try {
      return await handle(name, input, transport);
    } finally {
      engineCalls.push(performance.now() - at);
    }
  };
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
    /** A timing, with the engine's time for the first call made during it. */
    const measure = async (act: Act, into: Timing[], engine: number[]): Promise<void> => {
      const from = engineCalls.length;
      into.push(await timed(page, act));
      engine.push(engineCalls[from] ?? NaN);
    };
    const load = () => `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`;
    notes.push(`before the timings: ${load()} (2 shared cores)`);

    // Opening the largest queue: a click on its link to its first rows painted.
    const firstPaint: Timing[] = [];
    const firstPaintEngine: number[] = [];
    for (let i = 0; i < 5; i++) {
      await page.getByTestId('queue-manual-p2p').click();
      await page.locator('[data-testid="queue-manual-p2p"][aria-current="page"]').waitFor();
      await settled(page);
      // A new page load's cache would be cold: drop the renderer's cached rows by reloading.
      await page.reload();
      await settled(page);
      await measure(click(`[data-testid="queue-${largest.id}"]`), firstPaint, firstPaintEngine);
      await settled(page);
    }
    const requestOf = (extra: Partial<PageRequest>): PageRequest => ({ filters: largest.list.filters, ...extra });
    const openBaseline = await engineMs(ws.engine, 'reconcile-people', requestOf({}));

    // Filter: a value typed into the e-mail column's filter.
    const filterMs: Timing[] = [];
    const filterEngine: number[] = [];
    const filterBase: number[] = [];
    for (const value of ['gmail', 'yahoo', 'ana', 'santos', 'mar', 'cruz', 'reyes']) {
      await measure(typeInto('[data-testid="filter-email"]', value), filterMs, filterEngine);
      await settled(page);
      filterBase.push(await engineMs(ws.engine, 'reconcile-people', requestOf({ filters: [...largest.list.filters, { column: 'email', op: 'contains', value }] })));
    }
    await timed(page, typeInto('[data-testid="filter-email"]', ''));
    await settled(page);

    // Sort: a click on a column's sort button (ascending, descending, off, …).
    const sortMs: Timing[] = [];
    const sortEngine: number[] = [];
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
      await measure(click(`[data-testid="sort-${col}"]`), sortMs, sortEngine);
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
    const facetMs: Timing[] = [];
    const facetEngine: number[] = [];
    const facetBase: number[] = [];
    const values = await page.locator('[data-testid="facet-leadTag"] input').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!).slice(0, 4));
    for (const v of values) {
      await measure(click(`[data-testid="${v}"]`), facetMs, facetEngine);
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
    await settled(page);
    notes.push(split('filter', filterMs, filterEngine), split('sort', sortMs, sortEngine), split('facet', facetMs, facetEngine), split('first paint', firstPaint, firstPaintEngine));

    // Scrolling 10,000 rows at 1,200 rows a second, by the clock (a page that draws fewer frames
    // moves further each frame). Every frame, each row position on screen below the header counts
    // as blank unless a row with its data is drawn there: a placeholder, or nothing at all.
    await page.getByTestId('grid').focus();
    notes.push(`before the scroll: ${load()}`);
    const scroll = await page.evaluate(
      async ({ rows, perS, rowH, headH }) => {
        const grid = document.querySelector<HTMLElement>('[data-testid="grid"]')!;
        let blank = 0;
        let frames = 0;
        const from = grid.scrollTop;
        const view = grid.clientHeight - headH;
        const start = performance.now();
        for (let done = 0; done < rows; ) {
          done = Math.min(rows, Math.round(((performance.now() - start) * perS) / 1000));
          grid.scrollTop = from + done * rowH;
          await new Promise((r) => requestAnimationFrame(r));
          frames++;
          const top = grid.scrollTop;
          for (let i = Math.floor(top / rowH); i * rowH < top + view; i++) {
            if (!grid.querySelector(`[role="row"][aria-rowindex="${i + 2}"][data-row-id]`)) blank++;
          }
        }
        return { blank, frames, ms: performance.now() - start };
      },
      { rows: ROWS_TO_SCROLL, perS: SCROLL_ROWS_PER_S, rowH: ROW_HEIGHT, headH: HEADER_HEIGHT },
    );
    notes.push(
      `scrolled ${ROWS_TO_SCROLL.toLocaleString('en-US')} rows in ${scroll.frames} frames (${Math.round(scroll.ms)} ms, ${Math.round((ROWS_TO_SCROLL / scroll.ms) * 1000).toLocaleString('en-US')} rows/s, ${Math.round(ROWS_TO_SCROLL / scroll.frames)} rows a frame)`,
    );

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
        filter_ms: { value: median(filterMs.map((t) => t.ms)), unit: 'ms', target: 150, better: 'lower', baseline: { name: 'engine page query alone (median)', value: median(filterBase) } },
        sort_ms: { value: median(sortMs.map((t) => t.ms)), unit: 'ms', target: 150, better: 'lower', baseline: { name: 'engine page query alone (median)', value: median(sortBase) } },
        facet_ms: { value: median(facetMs.map((t) => t.ms)), unit: 'ms', target: 150, better: 'lower', baseline: { name: 'engine page query alone (median)', value: median(facetBase) } },
        scroll_blank_rows: { value: scroll.blank, unit: 'rows', target: 0, better: 'lower' },
        first_paint_ms: { value: median(firstPaint.map((t) => t.ms)), unit: 'ms', target: 1000, better: 'lower', baseline: { name: 'engine first page alone', value: openBaseline } },
        renderer_heap_mb: { value: heap.usedSize / 2 ** 20, unit: 'MB', target: 200, better: 'lower' },
      },
    };
  } finally {
    await browser.close();
    await host.close();
    await ws.close();
  }
}
