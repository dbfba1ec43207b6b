// The window of a grid's rows without a browser: a steady scroll at speed never reaches a row
// that is not loaded, the blocks ahead come by keyset cursor (no offset the engine counts
// through), the counting waits for the rows on screen, and a long scroll keeps a bounded number
// of rows. Time is the test's: each frame moves the clock, each engine answer is due after its
// latency.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page, PageRequest } from '../../../shared/api/paged.ts';
import { BLOCK, WindowEntry } from './window.ts';

interface Row {
  id: number;
}

/**
 * An engine over `total` rows whose answers take `latency` ms of its time, one at a time (as the
 * engine's one thread answers), plus `transport` ms on the way there and back (overlapping).
 */
function engine(total: number, latency: (req: PageRequest) => number, transport = 0) {
  let now = 0;
  let busyUntil = 0;
  const due: { at: number; resolve(): void }[] = [];
  const requests: PageRequest[] = [];
  const fetch = (req: PageRequest): Promise<Page<Row>> => {
    requests.push(req);
    const start = (req.cursor ? Number(req.cursor) : 0) + (req.offset ?? 0);
    const limit = req.limit ?? 100;
    const end = Math.min(total, start + limit);
    const page: Page<Row> = {
      rows: Array.from({ length: Math.max(0, end - start) }, (_, i) => ({ id: start + i })),
      total: req.withTotals ? total : null,
      facets: Object.fromEntries((req.facets ?? []).map((f) => [f, [{ value: f, count: total }]])),
      sums: {},
      next: end < total ? String(end) : null,
    };
    busyUntil = Math.max(busyUntil, now + transport / 2) + latency(req);
    return new Promise((resolve) => due.push({ at: busyUntil + transport / 2, resolve: () => resolve(page) }));
  };
  const owner = { failed: (err: unknown) => assert.fail(String(err)), idle: () => {}, used: () => {} };
  // What waits for the next frame to have painted (each tick is a frame).
  let frame: (() => void)[] = [];
  const entry = new WindowEntry<Row>('k', [], 'test', owner, fetch, { filters: [] }, (r) => r.id, () => now, (fn) => frame.push(fn));
  return {
    entry,
    requests,
    /** Moves the clock on, delivers the answers due by then, then paints a frame (unless told not to). */
    async tick(ms: number, paint = true) {
      now += ms;
      for (const d of due.filter((x) => x.at <= now)) {
        due.splice(due.indexOf(d), 1);
        d.resolve();
        await new Promise((r) => setImmediate(r));
      }
      if (!paint) return;
      const painted = frame;
      frame = [];
      for (const fn of painted) fn();
    },
  };
}

const SCREEN = 25;

/** Scrolls `rows` down from the top, `perFrame` rows a frame; the blank rows seen on screen. */
async function scrollDown(e: ReturnType<typeof engine>, rows: number, perFrame: number): Promise<number> {
  let blank = 0;
  for (let top = 0; top < rows; top += perFrame) {
    e.entry.want(top, top + SCREEN);
    await e.tick(16);
    const s = e.entry.getSnapshot();
    for (let i = top; i < top + SCREEN; i++) if (s.rowAt(i) === undefined) blank++;
  }
  return blank;
}

test('a steady scroll at 20 rows a frame never shows a blank row; the blocks ahead come by cursor', async () => {
  // 40 ms a call (a loaded machine), 2 s for the counting.
  const e = engine(1_000_000, (req) => (req.withTotals ? 2_000 : 40));
  const stop = e.entry.subscribe(() => {});
  e.entry.want(0, SCREEN);
  while (e.entry.getSnapshot().rowAt(0) === undefined) await e.tick(16);
  // Let the first blocks ahead and the counting arrive, as a reader looks at the first rows.
  await e.tick(3_000);
  assert.equal(await scrollDown(e, 10_000, 20), 0);
  const byOffset = e.requests.filter((r) => !r.withTotals && !r.cursor && (r.offset ?? 0) > 0);
  assert.deepEqual(byOffset, [], 'no block was read by offset');
  // Fewer calls than blocks: the ones ahead come several to a call.
  const rowCalls = e.requests.filter((r) => !r.withTotals);
  assert.ok(rowCalls.length < 10_000 / BLOCK, `${rowCalls.length} calls`);
  stop();
});

test('on a loaded machine (300 ms a round trip, 0.4 ms a row), a scroll from still at 20 rows a frame never shows a blank row', async () => {
  const e = engine(1_000_000, (req) => (req.withTotals ? 5_000 : 0.4 * (req.limit ?? 100)), 300);
  const stop = e.entry.subscribe(() => {});
  e.entry.want(0, SCREEN);
  // The reader looks at the first rows for a moment (frames go on) before scrolling.
  for (let t = 0; t < 8_000; t += 16) await e.tick(16);
  assert.equal(await scrollDown(e, 10_000, 20), 0);
  const rowCalls = e.requests.filter((r) => !r.withTotals);
  // Two runs on their way at once: the second starts after the cursor of the last loaded block, skipping the first's rows.
  assert.ok(rowCalls.some((r) => typeof r.cursor === 'string' && (r.offset ?? 0) > 0), 'a run read past one still on its way');
  assert.deepEqual(rowCalls.filter((r) => !r.cursor && (r.offset ?? 0) > 0), [], 'nothing read by an offset from the top');
  stop();
});

test('the counting and the blocks ahead are asked for only once the rows on screen have painted; a jump reads its block by offset', async () => {
  const e = engine(50_000, () => 10);
  const stop = e.entry.subscribe(() => {});
  e.entry.want(0, SCREEN);
  assert.equal(e.requests.length, 1, 'one call for a new view: its rows on screen');
  assert.equal(e.requests[0]!.withTotals, false);
  assert.equal(e.requests[0]!.limit, BLOCK);
  // The answer arrives; nothing more is asked for until the frame showing it has painted.
  await e.tick(10, false);
  assert.ok(e.entry.getSnapshot().rowAt(0) !== undefined);
  assert.equal(e.requests.length, 1, 'nothing competes with drawing the first rows');
  await e.tick(0);
  assert.ok(e.requests.some((r) => r.withTotals), 'counting asked for after the first rows painted');
  assert.ok(e.requests.some((r) => typeof r.cursor === 'string'), 'the blocks ahead after them too');
  await e.tick(1_000);
  assert.equal(e.entry.getSnapshot().count, 50_000);
  // Ctrl+End: the last rows, by offset.
  e.entry.want(50_000 - SCREEN, 50_000);
  await e.tick(100);
  const s = e.entry.getSnapshot();
  assert.deepEqual(s.rowAt(49_999), { id: 49_999 });
  assert.ok(e.requests.some((r) => r.offset === Math.floor((50_000 - SCREEN) / BLOCK) * BLOCK));
  stop();
});

test('the counting: the total first, then one call per facet shown, one at a time; none while no facet is shown, none for a view left behind', async () => {
  const e = engine(50_000, (req) => (req.withTotals || req.facets?.length ? 1_000 : 10));
  const stop = e.entry.subscribe(() => {});
  e.entry.want(0, SCREEN);
  for (let t = 0; t < 3_000; t += 16) await e.tick(16);
  const counting = () => e.requests.filter((r) => r.withTotals || (r.facets?.length ?? 0) > 0);
  assert.deepEqual(counting().map((r) => [r.withTotals, r.facets]), [[true, []]], 'the total alone while no facet is shown');
  assert.equal(e.entry.getSnapshot().summary?.total, 50_000);
  e.entry.countFacets(['status', 'month']);
  e.entry.countFacets(['status', 'month']);
  await e.tick(16);
  assert.deepEqual(counting().slice(1).map((r) => r.facets), [['status']], 'one facet a call, one call at a time');
  // A scroll meanwhile: its rows are asked for at once and answered after that one facet, not after the whole counting.
  e.entry.want(2_000, 2_000 + SCREEN);
  await e.tick(16);
  const scrollCall = e.requests.at(-1)!;
  assert.equal(scrollCall.withTotals, false);
  assert.deepEqual(scrollCall.facets, []);
  for (let t = 0; t < 3_000; t += 16) await e.tick(16);
  assert.deepEqual(counting().slice(1).map((r) => r.facets), [['status'], ['month']]);
  assert.deepEqual(Object.keys(e.entry.getSnapshot().summary!.facets).sort(), ['month', 'status']);
  // Left behind (the grid moved to another view): nothing more is counted for it.
  stop();
  const before = e.requests.length;
  e.entry.countFacets(['status', 'month', 'rule']);
  for (let t = 0; t < 3_000; t += 16) await e.tick(16);
  assert.equal(e.requests.length, before);
});

test('scrolling up after a jump reads the blocks above ahead of the scroll', async () => {
  const e = engine(100_000, () => 20);
  const stop = e.entry.subscribe(() => {});
  e.entry.want(60_000, 60_000 + SCREEN);
  // The jump lands and is looked at for a moment (frames go on).
  for (let t = 0; t < 2_000; t += 16) await e.tick(16);
  let blank = 0;
  for (let top = 60_000; top > 57_000; top -= 10) {
    e.entry.want(top, top + SCREEN);
    await e.tick(16);
    const s = e.entry.getSnapshot();
    for (let i = top; i < top + SCREEN; i++) if (s.rowAt(i) === undefined) blank++;
  }
  assert.equal(blank, 0);
  stop();
});

test('a long scroll keeps a bounded number of rows loaded', async () => {
  const e = engine(1_000_000, () => 5);
  const stop = e.entry.subscribe(() => {});
  for (let top = 0; top < 200_000; top += 200) {
    e.entry.want(top, top + SCREEN);
    await e.tick(16);
  }
  let loaded = 0;
  const s = e.entry.getSnapshot();
  for (let i = 0; i < 210_000; i += BLOCK) if (s.rowAt(i) !== undefined) loaded++;
  assert.ok(loaded <= 300, `${loaded} blocks loaded`);
  assert.ok(s.rowAt(199_900 + 10) !== undefined, 'the rows on screen are loaded');
  stop();
});
