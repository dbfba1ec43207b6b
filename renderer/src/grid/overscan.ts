// Rows drawn beyond those on screen. Still, a few either side: a new filter or sort draws as few
// rows as it can. While scrolling, many in the scroll's direction: the compositor moves the
// content before the page draws the rows it brings (up to ~20 rows a frame at speed), and rows
// drawn ahead are there when it does. Plain TypeScript, tested under node.

export interface VisibleRange {
  startIndex: number;
  endIndex: number;
  count: number;
}

/** Rows drawn either side when the grid is still. */
export const STILL_OVERSCAN = 3;
/** Rows drawn ahead in the direction of a scroll. */
export const SCROLL_OVERSCAN = 30;

export function overscanIndexes(range: VisibleRange, direction: 'forward' | 'backward' | null): number[] {
  const before = direction === 'backward' ? SCROLL_OVERSCAN : STILL_OVERSCAN;
  const after = direction === 'forward' ? SCROLL_OVERSCAN : STILL_OVERSCAN;
  const start = Math.max(0, range.startIndex - before);
  const end = Math.min(range.count - 1, range.endIndex + after);
  const out: number[] = [];
  for (let i = start; i <= end; i++) out.push(i);
  return out;
}

/**
 * Row elements are keyed by slot, the row's index modulo this: at least as many slots as rows
 * drawn (consecutive rows), so two rows drawn at once never share one, and few more, so after a
 * long jump most new rows take an element of a row gone; a power of two, so it changes rarely
 * (when it does, the rows are drawn anew once).
 */
export function slotPool(drawn: number): number {
  let pool = 64;
  while (pool < drawn) pool *= 2;
  return pool;
}
