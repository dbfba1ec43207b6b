import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { tempDir } from '../testing/engine.ts';
import { loadMigrations, migrate } from './migrations.ts';

function migrationsDir(files: Record<string, string>): { path: string; remove(): void } {
  const dir = tempDir('cutover-migrations-');
  mkdirSync(dir.path, { recursive: true });
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir.path, name), sql);
  return dir;
}

const base = {
  '0001_base.sql': `
    CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT NOT NULL);
    CREATE TABLE payments (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE, amount INTEGER NOT NULL);
  `,
};
// Rebuilds the parent table the way SQLite requires: with foreign keys on, DROP TABLE would
// cascade into payments and empty it.
const rebuild = {
  '0002_rebuild_people.sql': `
    CREATE TABLE people_new (id INTEGER PRIMARY KEY, email TEXT NOT NULL, email_key TEXT);
    INSERT INTO people_new (id, email) SELECT id, email FROM people;
    DROP TABLE people;
    ALTER TABLE people_new RENAME TO people;
  `,
};

function seeded(): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  return db;
}

test('a migration can rebuild a referenced table: children keep their rows, foreign keys stay on after', () => {
  const dir = migrationsDir({ ...base, ...rebuild });
  const db = seeded();
  migrate(db, loadMigrations(dir.path, {}).slice(0, 1));
  db.prepare("INSERT INTO people VALUES (1, ' Ana@X.com')").run();
  db.prepare('INSERT INTO payments VALUES (10, 1, 130000)').run();
  migrate(db, loadMigrations(dir.path, { 2: (d) => d.prepare('UPDATE people SET email_key = lower(trim(email))').run() }));
  assert.equal(db.prepare('SELECT count(*) FROM payments').pluck().get(), 1, 'the rebuild did not cascade');
  assert.equal(db.prepare('SELECT email_key FROM people').pluck().get(), 'ana@x.com', 'the TypeScript backfill ran');
  assert.equal(db.pragma('user_version', { simple: true }), 2);
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
  dir.remove();
});

test('a migration that leaves rows without their parent changes nothing', () => {
  const dir = migrationsDir({ ...base, '0002_lose_parents.sql': 'DELETE FROM people;' });
  const db = seeded();
  migrate(db, loadMigrations(dir.path, {}).slice(0, 1));
  db.prepare("INSERT INTO people VALUES (1, 'ana@x.com')").run();
  db.prepare('INSERT INTO payments VALUES (10, 1, 130000)').run();
  assert.throws(() => migrate(db, loadMigrations(dir.path, {})), /migration 2_lose_parents left 1 rows without their parent \(payments → people\)/);
  assert.equal(db.pragma('user_version', { simple: true }), 1);
  assert.equal(db.prepare('SELECT count(*) FROM people').pluck().get(), 1);
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
  dir.remove();
});

test('a backfill for a migration that does not exist is refused', () => {
  const dir = migrationsDir(base);
  assert.throws(() => loadMigrations(dir.path, { 7: () => {} }), /backfill for migration 7/);
  dir.remove();
});
