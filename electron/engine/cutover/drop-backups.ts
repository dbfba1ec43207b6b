// Dropping a park schema (a cutover's backups, or the tables a rollback took out): only when asked,
// with the schema's name typed as confirmation, in one transaction, and never with CASCADE — a
// dependency the swap missed makes the drop fail loudly instead of silently taking the new tables'
// defaults, views or functions with it (research/cutover.md §5, checklist 10).
import type pg from 'pg';
import { TargetError } from '../pg/errors.ts';
import { quoteIdent } from '../pg/quote.ts';
import { inTransaction, rows } from '../pg/query.ts';
import { fileQuery } from '../pg/sql-files.ts';
import { ensureAdminSchema, readHistory, type HistoryRow } from './history.ts';
import { ADVISORY_LOCK_KEY } from './names.ts';

export interface DropBackupsResult {
  historyId: number;
  schema: string;
  dropped: string[];
}

/** The swap whose park schema would be dropped, and what it holds. */
export async function backupsOf(client: pg.ClientBase, historyId: number): Promise<{ swap: HistoryRow; tables: string[] }> {
  const swap = (await readHistory(client, 500)).find((h) => h.id === historyId);
  if (!swap || swap.status !== 'committed' || swap.kind === 'drop-backups' || !swap.parkSchema) throw new TargetError('refused_plan', `History entry ${historyId} is not a committed cutover or rollback.`);
  if (swap.backupsDropped) throw new TargetError('refused_plan', `The tables ${swap.parkSchema} held were already dropped.`);
  const tables = (await rows<{ name: string }>(client, fileQuery('cutover/park-tables', [swap.parkSchema]))).map((r) => r.name);
  return { swap, tables };
}

export async function dropBackups(client: pg.ClientBase, historyId: number, confirmation: string, appVersion?: string): Promise<DropBackupsResult> {
  const { swap, tables } = await backupsOf(client, historyId);
  const schema = swap.parkSchema as string;
  if (confirmation !== schema) throw new TargetError('refused_plan', `To drop them, type the schema's name exactly: ${schema}.`);
  return inTransaction(client, async () => {
    const got = await client.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS got', [ADVISORY_LOCK_KEY]);
    if (!got.rows[0]?.got) throw new TargetError('busy', 'A cutover or rollback is running on this database; try again when it has finished.');
    await ensureAdminSchema(client);
    try {
      // One statement for all of them: their foreign keys to one another need no CASCADE then.
      if (tables.length) await client.query(`DROP TABLE ${tables.join(', ')}`);
      await client.query(`DROP SCHEMA ${quoteIdent(schema)}`);
    } catch (error) {
      const detail = (error as { detail?: string }).detail;
      throw new TargetError('other', `${schema} was not dropped, because something still depends on it (nothing is ever dropped with CASCADE): ${(error as Error).message}${detail ? `. ${detail}` : ''}`);
    }
    const inserted = await client.query(fileQuery('cutover/history-dropped').sql, [JSON.stringify(swap.tables), schema, swap.id, JSON.stringify({ dropped: tables }), appVersion ?? null]);
    return { historyId: Number(inserted.rows[0].id), schema, dropped: tables };
  });
}
