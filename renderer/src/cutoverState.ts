// Where production stands, read from the target's own cutover history (newest first): what the
// Verify step says, and which swaps still keep the tables they replaced.
import type { HistoryEntry } from '../../shared/api/cutover.ts';

/** in-effect: a committed cutover not rolled back; rolled-back: the last committed swap was a rollback. */
export type SwapState = 'none' | 'in-effect' | 'rolled-back';

export function swapState(history: readonly HistoryEntry[], inEffect: HistoryEntry | null): SwapState {
  if (inEffect) return 'in-effect';
  const lastSwap = history.find((h) => h.status === 'committed' && h.kind !== 'drop-backups');
  return lastSwap?.kind === 'rollback' ? 'rolled-back' : 'none';
}

/** Committed swaps whose parked tables are still there: a cutover's backups, or the tables a rollback took out. */
export function parkedSwaps(history: readonly HistoryEntry[]): HistoryEntry[] {
  return history.filter((h) => h.status === 'committed' && h.kind !== 'drop-backups' && h.parkSchema !== null && !h.backupsDropped);
}
