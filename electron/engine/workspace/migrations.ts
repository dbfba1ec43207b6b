// Versioned, forward-only migrations of the workspace cache, one .sql file each in sql/sqlite/,
// named NNNN_what.sql, optionally followed by a TypeScript backfill step registered below under
// the same version. PRAGMA user_version records the last one applied.
//
// Each migration runs in one transaction with foreign keys off, so a table can be rebuilt the way
// SQLite requires (create new, copy, drop old, rename) without cascading or failing half-way;
// `foreign_key_check` must come back empty before it commits.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { CutoverError } from '../../../shared/api/errors.ts';
import { sqlDir } from '../paths.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** Runs after the SQL, in the same transaction (data that SQL alone cannot compute). */
  backfill?: (db: Database.Database) => void;
}

/** TypeScript steps by migration version. */
const backfills: Record<number, (db: Database.Database) => void> = {};

export function loadMigrations(dir = join(sqlDir(), 'sqlite'), steps: Record<number, (db: Database.Database) => void> = backfills): Migration[] {
  const migrations = readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_-]+\.sql$/.test(f))
    .sort()
    .map((file): Migration => {
      const version = Number(file.slice(0, 4));
      const backfill = steps[version];
      return { version, name: file.slice(5, -4), sql: readFileSync(join(dir, file), 'utf8'), ...(backfill ? { backfill } : {}) };
    });
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.version}_${m.name}: expected version ${i + 1}`);
  });
  for (const version of Object.keys(steps).map(Number)) {
    if (!migrations.some((m) => m.version === version)) throw new Error(`backfill for migration ${version}, which does not exist`);
  }
  return migrations;
}

/** Refuses a workspace written by a newer version before anything is changed in it. */
export function assertNotTooNew(db: Database.Database, migrations: readonly Migration[]): void {
  const from = db.pragma('user_version', { simple: true }) as number;
  if (from > migrations.length) {
    throw new CutoverError(
      'WORKSPACE_TOO_NEW',
      `This workspace was written by a newer version of Cutover (schema ${from}; this version knows ${migrations.length}). Update the app to open it.`,
    );
  }
}

/** Applies every migration newer than the workspace, each in its own transaction. */
export function migrate(db: Database.Database, migrations: readonly Migration[]): { from: number; to: number } {
  assertNotTooNew(db, migrations);
  const from = db.pragma('user_version', { simple: true }) as number;
  const fkWasOn = db.pragma('foreign_keys', { simple: true }) === 1;
  // PRAGMA foreign_keys is a no-op inside a transaction: switch it around each one.
  db.pragma('foreign_keys = OFF');
  try {
    for (const m of migrations.slice(from)) {
      db.transaction(() => {
        db.exec(m.sql);
        m.backfill?.(db);
        const broken = db.pragma('foreign_key_check') as { table: string; parent: string }[];
        if (broken.length) {
          const where = [...new Set(broken.map((b) => `${b.table} → ${b.parent}`))].join(', ');
          throw new Error(`migration ${m.version}_${m.name} left ${broken.length} rows without their parent (${where}); nothing was changed`);
        }
        db.pragma(`user_version = ${m.version}`);
      })();
    }
  } finally {
    if (fkWasOn) db.pragma('foreign_keys = ON');
  }
  return { from, to: migrations.length };
}
