import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LockManager } from './locks.ts';

test('an exclusive holder is alone; shared holders coexist', async () => {
  const locks = new LockManager();
  const order: string[] = [];
  const a = await locks.acquire({ cache: 'shared' }, 'A');
  const b = await locks.acquire({ cache: 'shared' }, 'B');
  const c = locks.acquire({ cache: 'exclusive' }, 'C').then((release) => (order.push('C'), release));
  assert.equal(locks.blockedBy({ cache: 'exclusive' }), 'the workspace cache (A)');
  a();
  await Promise.resolve();
  assert.deepEqual(order, []);
  b();
  const releaseC = await c;
  assert.deepEqual(order, ['C']);
  releaseC();
  assert.equal(locks.blockedBy({ cache: 'exclusive' }), null);
});

test('waiters are served in arrival order, so a writer is not starved by later readers', async () => {
  const locks = new LockManager();
  const order: string[] = [];
  const reader = await locks.acquire({ cache: 'shared' }, 'R1');
  const writer = locks.acquire({ cache: 'exclusive' }, 'W').then((r) => (order.push('W'), r));
  const lateReader = locks.acquire({ cache: 'shared' }, 'R2').then((r) => (order.push('R2'), r));
  reader();
  (await writer)();
  (await lateReader)();
  assert.deepEqual(order, ['W', 'R2']);
});

test('locks on different resources do not wait for each other; a request takes all its resources at once', async () => {
  const locks = new LockManager();
  const cache = await locks.acquire({ cache: 'exclusive' }, 'pull');
  const target = await locks.acquire({ target: 'exclusive' }, 'cutover');
  let both = false;
  const push = locks.acquire({ cache: 'shared', target: 'exclusive' }, 'push').then((r) => ((both = true), r));
  cache();
  await Promise.resolve();
  assert.equal(both, false, 'still waits for the target');
  target();
  (await push)();
  assert.equal(both, true);
});

test('cancelling a wait leaves the queue, and those behind it move up', async () => {
  const locks = new LockManager();
  const held = await locks.acquire({ cache: 'exclusive' }, 'A');
  const abort = new AbortController();
  const cancelled = locks.acquire({ cache: 'exclusive' }, 'B', abort.signal);
  const third = locks.acquire({ cache: 'shared' }, 'C');
  abort.abort();
  await assert.rejects(cancelled, { code: 'CANCELLED' });
  held();
  (await third)();
});
