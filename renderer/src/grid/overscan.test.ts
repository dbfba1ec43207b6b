import { test } from 'node:test';
import assert from 'node:assert/strict';
import { overscanIndexes, slotPool, SCROLL_OVERSCAN, STILL_OVERSCAN } from './overscan.ts';

test('still: a few rows either side; scrolling: many ahead in its direction, a few behind; never past the ends', () => {
  const range = { startIndex: 100, endIndex: 115, count: 1_000 };
  const still = overscanIndexes(range, null);
  assert.deepEqual([still[0], still.at(-1)], [100 - STILL_OVERSCAN, 115 + STILL_OVERSCAN]);
  const down = overscanIndexes(range, 'forward');
  assert.deepEqual([down[0], down.at(-1)], [100 - STILL_OVERSCAN, 115 + SCROLL_OVERSCAN]);
  const up = overscanIndexes(range, 'backward');
  assert.deepEqual([up[0], up.at(-1)], [100 - SCROLL_OVERSCAN, 115 + STILL_OVERSCAN]);
  // At 20 rows a frame, a frame's scroll stays within the rows drawn ahead.
  assert.ok(SCROLL_OVERSCAN >= 20);
  assert.deepEqual(overscanIndexes({ startIndex: 0, endIndex: 5, count: 7 }, 'forward'), [0, 1, 2, 3, 4, 5, 6]);
  assert.deepEqual(overscanIndexes({ startIndex: 0, endIndex: 0, count: 0 }, null), []);
});

test('slots: rows drawn at once never share one, however many are drawn', () => {
  for (const drawn of [0, 1, 17, 48, 64, 200, 1_000]) {
    const pool = slotPool(drawn);
    for (const start of [0, 13, 999_990]) {
      const slots = new Set(Array.from({ length: drawn }, (_, i) => (start + i) % pool));
      assert.equal(slots.size, drawn);
    }
  }
  assert.equal(slotPool(48), 64);
  assert.equal(slotPool(65), 128);
});
