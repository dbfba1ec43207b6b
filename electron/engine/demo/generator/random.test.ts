import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entityRng, Permutation, scramble32 } from './random.ts';
import { Layout } from './layout.ts';

test('a permutation is a bijection of [0, n) and inverse undoes it', () => {
  for (const n of [1, 2, 3, 7, 64, 1000, 4097]) {
    const perm = new Permutation(n, 12345);
    const seen = new Set<number>();
    for (let i = 0; i < n; i++) {
      const j = perm.at(i);
      assert.ok(j >= 0 && j < n);
      assert.equal(perm.inverse(j), i);
      seen.add(j);
    }
    assert.equal(seen.size, n);
  }
});

test('permutations with different keys differ, and an index outside the range is refused', () => {
  const a = new Permutation(1000, 1);
  const b = new Permutation(1000, 2);
  let same = 0;
  for (let i = 0; i < 1000; i++) if (a.at(i) === b.at(i)) same++;
  assert.ok(same < 20);
  assert.throws(() => a.at(1000), RangeError);
});

test('entity generators are reproducible and independent of call order', () => {
  const first = [entityRng(7, 'x', 3).u32(), entityRng(7, 'x', 4).u32()];
  const again = [entityRng(7, 'x', 3).u32(), entityRng(7, 'x', 4).u32()];
  assert.deepEqual(first, again);
  assert.notEqual(entityRng(7, 'x', 3).u32(), entityRng(8, 'x', 3).u32());
  assert.notEqual(entityRng(7, 'x', 3).u32(), entityRng(7, 'y', 3).u32());
});

test('scramble32 is injective on a large range', () => {
  const seen = new Set<number>();
  for (let i = 0; i < 200_000; i++) seen.add(scramble32(i, 99));
  assert.equal(seen.size, 200_000);
});

test('a layout gives exact counts and never overflows', () => {
  const layout = new Layout<'a' | 'b' | 'rest'>(10, [['a', 3], ['b', 20]], 'rest');
  assert.equal(layout.count('a'), 3);
  assert.equal(layout.count('b'), 7);
  assert.equal(layout.count('rest'), 0);
  assert.equal(layout.labelAt(2), 'a');
  assert.equal(layout.labelAt(3), 'b');
});
