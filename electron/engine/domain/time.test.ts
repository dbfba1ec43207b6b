import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dayOf, fiscalQuarter, isTimeZone, monthOf } from './time.ts';

test('months are read on the Manila calendar', () => {
  // 16:30 UTC on the last day of June is already 1 July in Manila.
  assert.equal(monthOf('2025-06-30T16:30:00.000Z'), '2025-07');
  assert.equal(monthOf('2025-06-30T15:59:59.999Z'), '2025-06');
  assert.equal(dayOf('2025-06-30T16:30:00.000Z'), '2025-07-01');
  assert.equal(monthOf('2025-06-30T16:30:00.000Z', 'UTC'), '2025-06');
});

test('fiscal quarters follow the fiscal-year start', () => {
  assert.equal(fiscalQuarter('2025-01'), 'FY2025-Q1');
  assert.equal(fiscalQuarter('2025-12'), 'FY2025-Q4');
  assert.equal(fiscalQuarter('2025-07', 7), 'FY2025-Q1');
  assert.equal(fiscalQuarter('2025-06', 7), 'FY2024-Q4');
  assert.equal(fiscalQuarter('2025-09', 7), 'FY2025-Q1');
  assert.equal(fiscalQuarter('2025-10', 7), 'FY2025-Q2');
});

test('unknown zones are told apart', () => {
  assert.equal(isTimeZone('Asia/Manila'), true);
  assert.equal(isTimeZone('Mars/Olympus'), false);
});
