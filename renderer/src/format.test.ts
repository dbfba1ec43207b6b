import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatMs } from './format.ts';

test('measured times read in milliseconds under a second, in tenths of a second above', () => {
  assert.equal(formatMs(0), '0 ms');
  assert.equal(formatMs(41.6), '42 ms');
  assert.equal(formatMs(999.4), '999 ms');
  assert.equal(formatMs(1000), '1 s');
  assert.equal(formatMs(1340), '1.3 s');
  assert.equal(formatMs(null), '—');
  assert.equal(formatMs(Number.NaN), '—');
});
