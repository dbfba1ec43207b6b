// Versioned, forward-only migrations of the workspace cache, one .sql file each in sql/sqlite/,
// named NNNN_what.sql. PRAGMA user_version records the last one applied.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { CutoverError } from '../../../shared/api/errors.ts';
import { sqlDir } from '../paths.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(dir = join(sqlDir(), 'sqlite')): Migration[] {
  const migrations = readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_-]+\.sql$/.test(f))
    .sort()
    .map((file) => ({ version: Number(file.slice(0, 4)), name: file.slice(5, -4), sql: readFileSync(join(dir, file), 'utf8') }));
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.version}_${m.name}: expected version ${i + 1}`);
  });
  return migrations;
}

/** Applies every migration newer than the workspace, each in its own transaction. */
export function migrate(db: Database.Database, migrations: Migration[]): { from: number; to: number } {
  const from = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.length;
  if (from > latest) {
    throw new CutoverError(
      'WORKSPACE_TOO_NEW',
      `This workspace was written by a newer version of Cutover (schema ${from}; this version knows ${latest}). Update the app to open it.`,
    );
  }
  for (const m of migrations.slice(from)) {
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return { from, to: latest };
}
