import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RateMeter, etaSeconds } from './rate.ts';

test('rate is unknown until progress spans some time, then reflects the recent window', () => {
  const m = new RateMeter(5_000);
  m.add(0, 0);
  assert.equal(m.rate(), null);
  m.add(1_000, 100);
  assert.equal(m.rate(), 100);
  // A burst long ago falls out of the window: only the last seconds count.
  for (let t = 2_000; t <= 20_000; t += 1_000) m.add(t, 100 + (t / 1_000 - 1) * 10);
  assert.ok(Math.abs(m.rate()! - 10) < 0.5, `rate ${m.rate()}`);
});

test('eta is remaining work over rate, null when either is unknown', () => {
  assert.equal(etaSeconds(50, 150, 10), 10);
  assert.equal(etaSeconds(50, null, 10), null);
  assert.equal(etaSeconds(50, 150, null), null);
  assert.equal(etaSeconds(150, 150, 0), 0);
  assert.equal(etaSeconds(10, 150, 0), null);
});

test('while nothing arrives the rate decays to zero instead of showing the last one', () => {
  const m = new RateMeter(5_000);
  for (let t = 0; t <= 10_000; t += 1_000) m.add(t, t / 10); // 100/s
  assert.equal(m.rate(10_000), 100);
  const later = [11_000, 12_000, 14_000, 16_000].map((t) => m.rate(t)!);
  for (let i = 1; i < later.length; i++) assert.ok(later[i]! < later[i - 1]!, `decays: ${later.join(', ')}`);
  assert.ok(later[0]! < 100);
  assert.equal(m.rate(16_000), 0, 'a whole window without progress: zero');
  m.add(17_000, 1_100);
  assert.ok(m.rate(17_000)! > 0, 'and comes back with progress');
});
