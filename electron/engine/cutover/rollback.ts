// Rollback: the same swap in reverse. The backups a cutover parked become the standby, the tables
// it put in are parked in turn (kept until dropped), writes made since the cutover are carried
// back under the lock, and what the cutover did to auth.users is undone (auth-merge.ts).
import type pg from 'pg';
import { TargetError } from '../pg/errors.ts';
import type { QualifiedName } from '../target/swap-tables.ts';
import type { FactsRequest } from './facts.ts';
import { currentCutover, readHistory, type HistoryRow } from './history.ts';
import type { PlanOptions } from './model.ts';
import { parkSchemaName, ROLLED_BACK_PREFIX } from './names.ts';
import { splitSchemaQualified } from '../pg/names.ts';

/** The cutover a rollback would undo now: the one in effect, whose backups are still there. */
export async function cutoverToUndo(client: pg.ClientBase, historyId?: number): Promise<HistoryRow> {
  const history = await readHistory(client, 500);
  const cutover = historyId === undefined ? currentCutover(history) : history.find((h) => h.id === historyId && h.kind === 'cutover');
  if (!cutover || cutover.status !== 'committed') throw new TargetError('refused_plan', historyId === undefined ? 'There is no cutover in effect to roll back.' : `Cutover ${historyId} is not a committed cutover.`);
  if (cutover.rolledBack) throw new TargetError('refused_plan', `Cutover ${cutover.id} was already rolled back.`);
  if (cutover.backupsDropped || !cutover.parkSchema) throw new TargetError('refused_plan', `The backups of cutover ${cutover.id} were dropped, so it can no longer be rolled back.`);
  if (currentCutover(history)?.id !== cutover.id) throw new TargetError('refused_plan', `Cutover ${cutover.id} is not the one in effect; roll back the later one first.`);
  return cutover;
}

export function rollbackRequest(cutover: HistoryRow, options: PlanOptions, parkSchema = parkSchemaName(ROLLED_BACK_PREFIX)): FactsRequest {
  const tables: QualifiedName[] = cutover.tables.map((t) => splitSchemaQualified(t.live));
  return {
    direction: 'rollback',
    tables,
    standbySchema: cutover.parkSchema as string,
    parkSchema,
    options,
    undoOf: { historyId: cutover.id },
  };
}
