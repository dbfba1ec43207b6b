import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HistoryEntry } from '../../shared/api/cutover.ts';
import { parkedSwaps, swapState } from './cutoverState.ts';

let next = 1;
function entry(kind: HistoryEntry['kind'], status: HistoryEntry['status'], more: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    id: next++,
    kind,
    status,
    startedAt: '2025-07-01T00:00:00Z',
    committedAt: status === 'committed' ? '2025-07-01T00:00:01Z' : null,
    finishedAt: '2025-07-01T00:00:01Z',
    planSha256: null,
    tables: [{ live: 'public.transactions', standby: 'cutover_staging.transactions', park: 'cutover_backup_1.transactions' }],
    standbySchema: 'cutover_staging',
    parkSchema: kind === 'drop-backups' ? null : `park_${next}`,
    ofHistory: null,
    captureHighWater: null,
    lockAttempts: 1,
    lockWaitMs: 0,
    lockHoldMs: 40,
    summary: {},
    error: status === 'failed' ? 'lock timeout' : null,
    appVersion: null,
    rolledBack: false,
    backupsDropped: false,
    ...more,
  };
}

test('production is cut over while a cutover is in effect, rolled back after a committed rollback, and neither otherwise', () => {
  const cutover = entry('cutover', 'committed');
  assert.equal(swapState([cutover], cutover), 'in-effect');
  assert.equal(swapState([], null), 'none');
  // A failed attempt changed nothing.
  assert.equal(swapState([entry('cutover', 'failed')], null), 'none');
  const undone = { ...cutover, rolledBack: true };
  const rollback = entry('rollback', 'committed', { ofHistory: cutover.id });
  assert.equal(swapState([rollback, undone], null), 'rolled-back');
  // Dropping the backups afterwards does not hide the rollback; a failed cutover attempt after it neither.
  assert.equal(swapState([entry('cutover', 'failed'), entry('drop-backups', 'committed'), rollback, undone], null), 'rolled-back');
});

test('the backups offered for dropping are the parked tables of committed swaps not yet dropped', () => {
  const kept = entry('cutover', 'committed');
  const dropped = entry('cutover', 'committed', { backupsDropped: true });
  const failed = entry('cutover', 'failed');
  const drop = entry('drop-backups', 'committed');
  const rollback = entry('rollback', 'committed');
  assert.deepEqual(parkedSwaps([rollback, drop, failed, dropped, kept]).map((h) => h.id), [rollback.id, kept.id]);
});
