import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tagsColumn, toMinor, toUtc } from './streams.ts';

test('timestamps are stored as ISO-8601 UTC whatever offset they came with', () => {
  assert.equal(toUtc('2025-07-29T14:31:32.734Z'), '2025-07-29T14:31:32.734Z');
  assert.equal(toUtc('2024-09-04T17:28:42+00:00'), '2024-09-04T17:28:42.000Z');
  assert.equal(toUtc('2024-09-05T01:28:42+08:00'), '2024-09-04T17:28:42.000Z');
  assert.equal(toUtc('2024-09-04T17:28:42Z'), '2024-09-04T17:28:42.000Z');
  assert.equal(toUtc('2024-09-04T17:28:42.5Z'), '2024-09-04T17:28:42.500Z');
});

test('money is integer minor units and tags a sorted set', () => {
  assert.equal(toMinor(1300), 130_000);
  assert.equal(toMinor(49.99), 4_999);
  assert.equal(toMinor(0.1 + 0.2), 30);
  assert.equal(tagsColumn(['PaidP2P', 'Canva', 'PaidP2P']), '["Canva","PaidP2P"]');
});
