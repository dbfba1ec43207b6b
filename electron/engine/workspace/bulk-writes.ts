// Long write runs (pulls, imports) checkpoint the WAL rarely: each checkpoint fsyncs, and on
// slow disks fsyncs, not inserts, set the pace. Durability is unchanged (synchronous=NORMAL
// still makes every commit atomic and crash-safe); the WAL just grows larger between checkpoints
// and is folded back and truncated when the run ends.
import type Database from 'better-sqlite3';

const BULK_WAL_BYTES = 100 * 2 ** 20;
const DEFAULT_AUTOCHECKPOINT_PAGES = 1_000;

/** Bulk runs under way per database: a pull and an import may overlap on one workspace. */
const active = new WeakMap<Database.Database, number>();

export async function withBulkWrites<T>(db: Database.Database, work: () => Promise<T>): Promise<T> {
  const runs = active.get(db) ?? 0;
  active.set(db, runs + 1);
  if (runs === 0) db.pragma(`wal_autocheckpoint = ${Math.round(BULK_WAL_BYTES / (db.pragma('page_size', { simple: true }) as number))}`);
  try {
    return await work();
  } finally {
    const left = active.get(db)! - 1;
    active.set(db, left);
    if (left === 0 && db.open) {
      db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
      db.pragma('wal_checkpoint(TRUNCATE)');
    }
  }
}
