import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gridKey, rangeOf } from './keys.ts';
import { toTsv } from './clipboard.ts';

const key = (k: string, mods: { ctrl?: boolean; shift?: boolean } = {}) => ({ key: k, ctrl: mods.ctrl ?? false, shift: mods.shift ?? false });

test('arrows, Home/End and PageUp/PageDown move the active cell and stop at the edges', () => {
  const at = { row: 5, col: 2 };
  assert.deepEqual(gridKey(key('ArrowDown'), at, 1_200_000, 6, 20), { type: 'move', to: { row: 6, col: 2 }, extend: false });
  assert.deepEqual(gridKey(key('ArrowLeft'), { row: 0, col: 0 }, 10, 6, 20), { type: 'move', to: { row: 0, col: 0 }, extend: false });
  assert.deepEqual(gridKey(key('Home'), at, 10, 6, 20), { type: 'move', to: { row: 5, col: 0 }, extend: false });
  assert.deepEqual(gridKey(key('End'), at, 10, 6, 20), { type: 'move', to: { row: 5, col: 5 }, extend: false });
  // Ctrl+End reaches the last of 1.2M rows.
  assert.deepEqual(gridKey(key('End', { ctrl: true }), at, 1_200_000, 6, 20), { type: 'move', to: { row: 1_199_999, col: 5 }, extend: false });
  assert.deepEqual(gridKey(key('Home', { ctrl: true }), at, 1_200_000, 6, 20), { type: 'move', to: { row: 0, col: 0 }, extend: false });
  assert.deepEqual(gridKey(key('PageDown'), at, 12, 6, 20), { type: 'move', to: { row: 11, col: 2 }, extend: false });
  assert.deepEqual(gridKey(key('PageUp'), at, 12, 6, 20), { type: 'move', to: { row: 0, col: 2 }, extend: false });
  assert.deepEqual(gridKey(key('ArrowDown', { shift: true }), at, 12, 6, 20), { type: 'move', to: { row: 6, col: 2 }, extend: true });
});

test('Space selects, Enter opens, Shift+Enter opens the person, F2 edits, Ctrl+C copies; nothing happens in an empty grid', () => {
  const at = { row: 0, col: 0 };
  assert.equal(gridKey(key(' '), at, 3, 3, 2).type, 'select');
  assert.equal(gridKey(key('Enter'), at, 3, 3, 2).type, 'open');
  assert.equal(gridKey(key('Enter', { shift: true }), at, 3, 3, 2).type, 'person');
  assert.equal(gridKey(key('F2'), at, 3, 3, 2).type, 'edit');
  assert.equal(gridKey(key('c', { ctrl: true }), at, 3, 3, 2).type, 'copy');
  assert.equal(gridKey(key('c'), at, 3, 3, 2).type, 'none');
  assert.equal(gridKey(key('ArrowDown'), at, 0, 3, 2).type, 'none');
  assert.deepEqual(rangeOf({ row: 4, col: 1 }, { row: 2, col: 3 }), { top: 2, bottom: 4, left: 1, right: 3 });
});

test('copied cells are tab-separated lines, with tabs, newlines and quotes inside a value quoted', () => {
  assert.equal(toTsv([['a', 'b'], ['c', 'd e']]), 'a\tb\nc\td e');
  assert.equal(toTsv([['x\ty', 'say "hi"', 'two\nlines']]), '"x\ty"\t"say ""hi"""\t"two\nlines"');
});
