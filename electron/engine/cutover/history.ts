// The cutover history in the target (cutover_admin.history): every cutover, rollback and drop of
// backups, failed attempts included, with its figures. It lives in the target so that any copy of
// the app — or a person with psql — can see what was done to production and undo it.
import type { Queryable } from '../pg/query.ts';
import { executeScript, rows } from '../pg/query.ts';
import { fileQuery, loadSql } from '../pg/sql-files.ts';
import { ADMIN_SCHEMA, HISTORY_TABLE } from './names.ts';

import type { HistoryEntry, HistoryKind } from '../../../shared/api/cutover.ts';

/** A row of the history, as the contract shows it. */
export type HistoryRow = HistoryEntry;
export type { HistoryKind };

export async function ensureAdminSchema(db: Queryable): Promise<void> {
  await executeScript(db, loadSql('cutover/admin-schema'));
}

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v === null || v === undefined ? null : String(v));

/** The history, newest first; empty where no cutover ever ran. */
export async function readHistory(db: Queryable, limit = 100): Promise<HistoryRow[]> {
  const exists = await db.query('SELECT to_regclass($1) IS NOT NULL AS e', [`${ADMIN_SCHEMA}.${HISTORY_TABLE}`]);
  if (!exists.rows[0]?.e) return [];
  const found = await rows<Record<string, unknown>>(db, fileQuery('cutover/history-list', [limit]));
  return found.map((r) => ({
    id: Number(r.id),
    kind: r.kind as HistoryKind,
    status: r.status as HistoryRow['status'],
    startedAt: iso(r.started_at) as string,
    committedAt: iso(r.committed_at),
    finishedAt: iso(r.finished_at),
    planSha256: (r.plan_sha256 as string | null) ?? null,
    tables: (r.tables as HistoryRow['tables']) ?? [],
    standbySchema: (r.standby_schema as string | null) ?? null,
    parkSchema: (r.park_schema as string | null) ?? null,
    ofHistory: r.of_history === null ? null : Number(r.of_history),
    captureHighWater: r.capture_high_water === null ? null : Number(r.capture_high_water),
    lockAttempts: (r.lock_attempts as number | null) ?? null,
    lockWaitMs: (r.lock_wait_ms as number | null) ?? null,
    lockHoldMs: (r.lock_hold_ms as number | null) ?? null,
    summary: (r.summary as Record<string, unknown>) ?? {},
    error: (r.error as string | null) ?? null,
    appVersion: (r.app_version as string | null) ?? null,
    rolledBack: Boolean(r.rolled_back),
    backupsDropped: Boolean(r.backups_dropped),
  }));
}

/** The cutover now in effect: the newest committed one not rolled back (a rollback's cutover is the one it undid). */
export function currentCutover(history: readonly HistoryRow[]): HistoryRow | null {
  const last = history.find((h) => h.status === 'committed' && (h.kind === 'cutover' || h.kind === 'rollback'));
  return last && last.kind === 'cutover' ? last : null;
}
