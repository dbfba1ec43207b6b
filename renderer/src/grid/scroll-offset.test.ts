import { test } from 'node:test';
import assert from 'node:assert/strict';
import { observeElementOffset, Virtualizer } from '@tanstack/react-virtual';
import { observeScrollOffset } from './scroll-offset.ts';

const ROW = 26;

/**
 * A virtualizer over a scroll element that is faked just enough (its offset, its scroll event,
 * a window's timers run by hand); `drawnBeforePaint` holds the rows each synchronous notice
 * asks to draw, as the grid's useVirtualizer draws them at once (flushSync) in the scroll event.
 */
function setUp(observe: typeof observeScrollOffset) {
  const timers = new Map<number, () => void>();
  let nextTimer = 1;
  const win = {
    setTimeout: (fn: () => void) => (timers.set(nextTimer, fn), nextTimer++),
    clearTimeout: (id: number) => void timers.delete(id),
  };
  const listeners: (() => void)[] = [];
  const element = {
    scrollTop: 0,
    scrollHeight: 100_000 * ROW,
    clientHeight: 400,
    ownerDocument: { defaultView: win },
    addEventListener: (type: string, fn: () => void) => type === 'scroll' && listeners.push(fn),
    removeEventListener: () => {},
    scrollTo: () => {},
  };
  const drawnBeforePaint: [number, number][] = [];
  const v = new Virtualizer<HTMLElement, HTMLElement>({
    count: 100_000,
    getScrollElement: () => element as unknown as HTMLElement,
    estimateSize: () => ROW,
    scrollToFn: () => {},
    observeElementRect: (_i, cb) => cb({ width: 800, height: 400 }),
    observeElementOffset: observe as never,
    onChange: (instance, sync) => {
      if (sync && instance.range) drawnBeforePaint.push([instance.range.startIndex, instance.range.endIndex]);
    },
  });
  v._didMount();
  v._willUpdate();
  return {
    drawnBeforePaint,
    /** The element scrolls; its scroll event comes later (in the next frame's scroll steps). */
    scrollTo: (top: number) => void (element.scrollTop = top),
    scrollEvent: () => listeners.forEach((l) => l()),
    /** The quiet spell after the last scroll event ends (its timer fires). */
    quietSpell: () => {
      const due = [...timers.values()];
      timers.clear();
      due.forEach((fn) => fn());
    },
  };
}

test('a frame slower than the quiet spell: the scroll event that ends it draws its rows before the frame paints', () => {
  const g = setUp(observeScrollOffset);
  g.scrollTo(1_000 * ROW);
  g.scrollEvent();
  assert.deepEqual(g.drawnBeforePaint.at(-1)?.[0], 1_000);
  // A busy frame: the page scrolls on, and the quiet spell ends before the scroll's event comes.
  g.scrollTo(5_000 * ROW);
  g.quietSpell();
  g.scrollEvent();
  assert.deepEqual(g.drawnBeforePaint.at(-1)?.[0], 5_000);
});

test("virtual-core's own observer leaves those rows to a later render (why the grid has its own)", () => {
  const g = setUp(observeElementOffset as typeof observeScrollOffset);
  g.scrollTo(1_000 * ROW);
  g.scrollEvent();
  g.scrollTo(5_000 * ROW);
  g.quietSpell();
  g.scrollEvent();
  assert.deepEqual(g.drawnBeforePaint.at(-1)?.[0], 1_000);
});

test('a still grid is reported still after the quiet spell, at the offset its last scroll event saw', () => {
  const reports: [number, boolean][] = [];
  const g = setUp(((instance, cb) => observeScrollOffset(instance, (o, s) => (reports.push([o, s]), cb(o, s)))) as typeof observeScrollOffset);
  g.scrollTo(300 * ROW);
  g.scrollEvent();
  g.quietSpell();
  assert.deepEqual(reports, [
    [300 * ROW, true],
    [300 * ROW, false],
  ]);
});
