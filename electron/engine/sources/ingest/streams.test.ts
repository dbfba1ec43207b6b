import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tagsColumn, toUtc } from './streams.ts';

test('timestamps are stored as ISO-8601 UTC whatever offset they came with', () => {
  assert.equal(toUtc('2025-07-29T14:31:32.734Z'), '2025-07-29T14:31:32.734Z');
  assert.equal(toUtc('2024-09-04T17:28:42+00:00'), '2024-09-04T17:28:42.000Z');
  assert.equal(toUtc('2024-09-05T01:28:42+08:00'), '2024-09-04T17:28:42.000Z');
  assert.equal(toUtc('2024-09-04T17:28:42Z'), '2024-09-04T17:28:42.000Z');
  assert.equal(toUtc('2024-09-04T17:28:42.5Z'), '2024-09-04T17:28:42.500Z');
});

test('tags are a sorted set', () => {
  assert.equal(tagsColumn(['PaidP2P', 'Canva', 'PaidP2P']), '["Canva","PaidP2P"]');
});
