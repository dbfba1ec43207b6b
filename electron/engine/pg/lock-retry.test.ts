// test-postgres: 17
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TargetError } from './errors.ts';
import { inLockedTransaction, withLockRetry } from './lock-retry.ts';
import { connectClient } from './client.ts';
import { withTestDatabase } from './testing.ts';

const lockError = () => Object.assign(new Error('canceling statement due to lock timeout'), { code: '55P03' });

/** A fake clock that advances only when the code under test sleeps. */
function fakeTime() {
  let t = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    hooks: { now: () => t, sleep: async (ms: number) => void (sleeps.push(ms), (t += ms)), random: () => 0.5 },
  };
}

test('retries only lock timeouts, with growing jittered delays, until the attempt succeeds', async () => {
  const time = fakeTime();
  let calls = 0;
  const result = await withLockRetry(
    async (n) => {
      calls++;
      if (n < 4) throw lockError();
      return 'done';
    },
    { backoff: { baseMs: 100, maxMs: 10_000 } },
    time.hooks,
  );
  assert.deepEqual(result, { value: 'done', attempts: 4, elapsedMs: 75 + 150 + 300 });
  assert.equal(calls, 4);
  assert.deepEqual(time.sleeps, [75, 150, 300]);
});

test('beforeRetry runs after each back-off, right before the next attempt; what it throws ends the retrying', async () => {
  const time = fakeTime();
  const events: string[] = [];
  const result = await withLockRetry(
    async (n) => {
      events.push(`attempt ${n}`);
      if (n < 3) throw lockError();
      return n;
    },
    { backoff: { baseMs: 100, maxMs: 10_000 } },
    { ...time.hooks, sleep: async (ms) => void events.push(`sleep ${ms}`), beforeRetry: (n) => void events.push(`before ${n}`) },
  );
  assert.equal(result.value, 3);
  assert.deepEqual(events, ['attempt 1', 'sleep 75', 'before 2', 'attempt 2', 'sleep 150', 'before 3', 'attempt 3']);
  let attempts = 0;
  await assert.rejects(
    withLockRetry(
      async () => {
        attempts++;
        throw lockError();
      },
      {},
      { ...time.hooks, beforeRetry: () => Promise.reject(lockError()) },
    ),
    /lock timeout/,
  );
  assert.equal(attempts, 1, 'an error of beforeRetry is not another lost race');
});

test('any other error is thrown at once', async () => {
  let calls = 0;
  await assert.rejects(
    withLockRetry(async () => {
      calls++;
      throw Object.assign(new Error('duplicate key'), { code: '23505' });
    }),
    /duplicate key/,
  );
  assert.equal(calls, 1);
});

test('gives up at the attempt cap with a lock_timeout TargetError', async () => {
  const time = fakeTime();
  let calls = 0;
  const failing = withLockRetry(
    async () => {
      calls++;
      throw lockError();
    },
    { maxAttempts: 3 },
    time.hooks,
  );
  await assert.rejects(failing, (e: unknown) => e instanceof TargetError && e.reason === 'lock_timeout' && /after 3 attempts/.test(e.message));
  assert.equal(calls, 3);
});

test('never starts an attempt that could not finish waiting before the deadline', async () => {
  const time = fakeTime();
  let calls = 0;
  const failing = withLockRetry(
    async () => {
      calls++;
      throw lockError();
    },
    { maxAttempts: 100, deadlineMs: 1_000, lockTimeoutMs: 200, backoff: { baseMs: 100, maxMs: 100 } },
    time.hooks,
  );
  await assert.rejects(failing, (e: unknown) => e instanceof TargetError && e.reason === 'lock_timeout');
  // Each failed attempt is followed by 75 ms of backoff; the one that would end past 1 s is not started.
  assert.equal(calls, 11);
  assert.ok(time.hooks.now() + 75 + 200 > 1_000);
});

test('on a real server: waits out a session holding a lock, then commits once', async () => {
  await withTestDatabase(async (url) => {
    const [blocker, swapper] = [await connectClient(url), await connectClient(url)];
    try {
      await swapper.query('CREATE TABLE t (id int)');
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE t IN ACCESS SHARE MODE');
      const retries: number[] = [];
      const result = await inLockedTransaction(
        swapper,
        async () => {
          await swapper.query('LOCK TABLE t IN ACCESS EXCLUSIVE MODE');
          await swapper.query('INSERT INTO t VALUES (1)');
          return (await swapper.query('SHOW lock_timeout')).rows[0].lock_timeout as string;
        },
        { lockTimeoutMs: 50 },
        {
          // The blocker lets go as soon as we have been refused once: no timing involved.
          onRetry: async (e) => {
            retries.push(e.attempt);
            await blocker.query('COMMIT');
          },
        },
      );
      assert.equal(result.value, '50ms');
      assert.equal(result.attempts, 2);
      assert.deepEqual(retries, [1]);
      assert.equal((await swapper.query('SELECT count(*)::int AS n FROM t')).rows[0].n, 1);
      // SET LOCAL: the session's own setting is untouched after the transaction.
      assert.equal((await swapper.query('SHOW lock_timeout')).rows[0].lock_timeout, '0');
    } finally {
      await Promise.all([blocker.end(), swapper.end()]);
    }
  });
});

test('on a real server: a lock never released ends in lock_timeout with nothing written', async () => {
  await withTestDatabase(async (url) => {
    const [blocker, swapper] = [await connectClient(url), await connectClient(url)];
    try {
      await swapper.query('CREATE TABLE t (id int)');
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE t IN ACCESS SHARE MODE');
      const attempt = inLockedTransaction(
        swapper,
        async () => {
          await swapper.query('INSERT INTO t VALUES (1)');
          await swapper.query('LOCK TABLE t IN ACCESS EXCLUSIVE MODE');
        },
        { lockTimeoutMs: 20, maxAttempts: 3, backoff: { baseMs: 1, maxMs: 1 } },
      );
      await assert.rejects(attempt, (e: unknown) => e instanceof TargetError && e.reason === 'lock_timeout');
      await blocker.query('COMMIT');
      assert.equal((await swapper.query('SELECT count(*)::int AS n FROM t')).rows[0].n, 0);
    } finally {
      await Promise.all([blocker.end(), swapper.end()]);
    }
  });
});
