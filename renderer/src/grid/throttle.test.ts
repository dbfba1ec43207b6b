import { test } from 'node:test';
import assert from 'node:assert/strict';
import { throttle, type Clock } from './throttle.ts';

/** A clock the test moves by hand, with its timers. */
function fakeClock(): Clock & { advance(ms: number): void } {
  let now = 0;
  let timers: { at: number; fn(): void }[] = [];
  return {
    now: () => now,
    setTimeout: (fn, ms) => {
      const t = { at: now + ms, fn };
      timers.push(t);
      return t;
    },
    clearTimeout: (h) => {
      timers = timers.filter((t) => t !== h);
    },
    advance(ms) {
      now += ms;
      for (const t of timers.filter((x) => x.at <= now)) {
        timers = timers.filter((x) => x !== t);
        t.fn();
      }
    },
  };
}

test('the first value applies at once; typing on applies at most every interval, the latest value last', () => {
  const clock = fakeClock();
  const applied: string[] = [];
  const t = throttle((v: string) => applied.push(v), 250, clock);
  t.push('g');
  assert.deepEqual(applied, ['g'], 'no wait after a quiet spell');
  for (const v of ['gm', 'gma', 'gmai']) {
    clock.advance(50);
    t.push(v);
  }
  assert.deepEqual(applied, ['g'], 'keys within the interval wait');
  clock.advance(100);
  assert.deepEqual(applied, ['g', 'gmai'], 'one request for the keys of one interval, with the latest value');
  clock.advance(1_000);
  t.push('gmail');
  assert.deepEqual(applied, ['g', 'gmai', 'gmail'], 'after a quiet spell, at once again');
});

test('a cancelled value never applies', () => {
  const clock = fakeClock();
  const applied: string[] = [];
  const t = throttle((v: string) => applied.push(v), 250, clock);
  t.push('a');
  clock.advance(10);
  t.push('ab');
  t.cancel();
  clock.advance(1_000);
  assert.deepEqual(applied, ['a']);
});
