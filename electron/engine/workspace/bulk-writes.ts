// Long write runs (pulls, imports) checkpoint the WAL rarely: each checkpoint fsyncs, and on
// slow disks fsyncs, not inserts, set the pace. Durability is unchanged (synchronous=NORMAL
// still makes every commit atomic and crash-safe); the WAL just grows larger between checkpoints
// and is folded back and truncated when the run ends.
import type Database from 'better-sqlite3';

const BULK_AUTOCHECKPOINT_PAGES = 25_000; // ~100 MB of WAL at 4 KiB pages
const DEFAULT_AUTOCHECKPOINT_PAGES = 1_000;

let active = 0;

export async function withBulkWrites<T>(db: Database.Database, work: () => Promise<T>): Promise<T> {
  if (active++ === 0) db.pragma(`wal_autocheckpoint = ${BULK_AUTOCHECKPOINT_PAGES}`);
  try {
    return await work();
  } finally {
    if (--active === 0 && db.open) {
      db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
      db.pragma('wal_checkpoint(TRUNCATE)');
    }
  }
}
