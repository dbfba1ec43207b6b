import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PAID_STATUSES, isPaidStatus } from './status.ts';

test('PAID and SETTLED are paid; PENDING and EXPIRED are not revenue', () => {
  assert.deepEqual([...PAID_STATUSES].sort(), ['PAID', 'SETTLED']);
  assert.equal(isPaidStatus('PENDING'), false);
  assert.equal(isPaidStatus('EXPIRED'), false);
});
