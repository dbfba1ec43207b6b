import { test } from 'node:test';
import assert from 'node:assert/strict';
import { slidingWindowMakespanMs, tokenBucketMakespanMs } from './rate-bound.ts';

test('a sliding window sends its limit at once, then a batch per window', () => {
  assert.equal(slidingWindowMakespanMs(0, 60, 60_000), 0);
  assert.equal(slidingWindowMakespanMs(60, 60, 60_000), 0);
  assert.equal(slidingWindowMakespanMs(61, 60, 60_000), 60_000);
  assert.equal(slidingWindowMakespanMs(121, 60, 60_000), 120_000);
});

test('a token bucket spends its capacity, then one request per refill', () => {
  assert.equal(tokenBucketMakespanMs(60, 60, 1), 0);
  assert.equal(tokenBucketMakespanMs(155, 60, 1), 95_000);
  assert.equal(tokenBucketMakespanMs(160, 60, 2), 50_000);
});
