import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SlidingWindowLimiter, TokenBucketLimiter } from './rate-limit.ts';

test('sliding window: allows `limit` requests, then refuses until the oldest leaves the window', () => {
  const limiter = new SlidingWindowLimiter({ limit: 3, windowMs: 60_000 });
  const t0 = 1_000_000;
  assert.deepEqual(limiter.take('k', t0), { allowed: true, limit: 3, remaining: 2, resetSeconds: 60 });
  assert.equal(limiter.take('k', t0 + 10_000).remaining, 1);
  const third = limiter.take('k', t0 + 20_000);
  assert.equal(third.allowed, true);
  assert.equal(third.remaining, 0);
  assert.equal(third.resetSeconds, 40);

  const refused = limiter.take('k', t0 + 21_630);
  assert.equal(refused.allowed, false);
  assert.equal(refused.remaining, 0);
  assert.equal(refused.resetSeconds.toFixed(2), '38.37');

  // Refused requests are not logged: at the announced reset exactly one slot is free again.
  assert.equal(limiter.take('k', t0 + 59_999).allowed, false);
  const back = limiter.take('k', t0 + 60_000);
  assert.equal(back.allowed, true);
  assert.equal(back.remaining, 0);
  assert.equal(limiter.take('k', t0 + 60_001).allowed, false);
  assert.equal(limiter.take('k', t0 + 70_000).allowed, true);
});

test('sliding window: keys are independent', () => {
  const limiter = new SlidingWindowLimiter({ limit: 1, windowMs: 1_000 });
  assert.equal(limiter.take('a', 0).allowed, true);
  assert.equal(limiter.take('a', 1).allowed, false);
  assert.equal(limiter.take('b', 1).allowed, true);
});

test('token bucket: starts full, drains, refills continuously', () => {
  const bucket = new TokenBucketLimiter({ capacity: 3, refillPerSecond: 1 });
  const t0 = 5_000_000;
  const first = bucket.take('acct', t0);
  assert.deepEqual(first, { allowed: true, limit: 3, remaining: 2, refillSeconds: 1, retryAfterSeconds: 1 });
  bucket.take('acct', t0);
  const last = bucket.take('acct', t0);
  assert.equal(last.allowed, true);
  assert.equal(last.remaining, 0);

  const refused = bucket.take('acct', t0 + 400);
  assert.equal(refused.allowed, false);
  assert.equal(refused.retryAfterSeconds, 1);
  assert.equal(refused.refillSeconds, 1);

  // 0.4 s + 0.6 s = one token.
  const again = bucket.take('acct', t0 + 1_000);
  assert.equal(again.allowed, true);
  assert.equal(again.remaining, 0);

  // Ten seconds later the bucket is full (capped at capacity) and reports no pending refill.
  const full = bucket.take('acct', t0 + 11_000);
  assert.equal(full.remaining, 2);
});

test('token bucket: slow refill rounds Retry-After and Refill up to whole seconds', () => {
  const bucket = new TokenBucketLimiter({ capacity: 1, refillPerSecond: 0.25 });
  assert.equal(bucket.take('a', 0).allowed, true);
  const refused = bucket.take('a', 1_000);
  assert.equal(refused.allowed, false);
  assert.equal(refused.retryAfterSeconds, 3);
  assert.equal(refused.refillSeconds, 3);
  assert.equal(bucket.take('a', 4_000).allowed, true);
});

test('token bucket: fractional refills add up to a token despite float drift', () => {
  const bucket = new TokenBucketLimiter({ capacity: 1, refillPerSecond: 1 });
  let t = 0;
  assert.equal(bucket.take('a', t).allowed, true);
  for (let i = 0; i < 9; i++) {
    t += 100;
    assert.equal(bucket.take('a', t).allowed, false);
  }
  t += 100;
  assert.equal(bucket.take('a', t).allowed, true);
});
