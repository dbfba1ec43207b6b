import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CACHE_FILE, openWorkspace, type Workspace } from '../../workspace/workspace.ts';
import { loadMigrations } from '../../workspace/migrations.ts';
import { contentHash } from './prepare.ts';
import { tempDir } from '../../testing/engine.ts';
import { transaction } from '../../demo/simulator/test-fixtures.ts';
import { RawWriter } from './writer.ts';

const hasIndex = (db: Database.Database) =>
  db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = 'raw_xendit_transactions_id'").get() !== undefined;
const rows = (db: Database.Database) =>
  db.prepare('SELECT id, status, revision FROM raw_xendit_transactions ORDER BY id').all() as { id: string; status: string; revision: number }[];
/** A fresh workspace for the test, closed and removed after it. */
function withWorkspace(fn: (ws: Workspace) => void): void {
  const dir = tempDir();
  const ws = openWorkspace(dir.path);
  try {
    fn(ws);
  } finally {
    ws.close();
    dir.remove();
  }
}
const page = (from: number, to: number, status: 'PENDING' | 'SUCCESS' = 'PENDING') =>
  Array.from({ length: to - from }, (_, i) => transaction(from + i, { status }));

test('a first load fills the empty table without its id index, updates records seen twice in place, and ends indexed', () => {
  withWorkspace((ws) => {
    const writer = new RawWriter(ws.db);
    writer.beginFirstLoad('xendit-transactions');
    assert.equal(hasIndex(ws.db), false);
    assert.deepEqual(writer.writePage('xendit-transactions', page(0, 100), {}), { inserted: 100, changed: 0, unchanged: 0, quarantined: 0 });
    // The next page overlaps: 10 records again, 5 of them changed since.
    const overlap = [...page(90, 95), ...page(95, 100, 'SUCCESS'), ...page(100, 150)];
    assert.deepEqual(writer.writePage('xendit-transactions', overlap, {}), { inserted: 50, changed: 5, unchanged: 5, quarantined: 0 });
    writer.finishFirstLoad('xendit-transactions');
    assert.equal(hasIndex(ws.db), true);
    const all = rows(ws.db);
    assert.equal(all.length, 150);
    assert.equal(all.filter((r) => r.revision === 2 && r.status === 'SUCCESS').length, 5);
  });
});

test('a table with rows keeps its index when a full crawl begins', () => {
  withWorkspace((ws) => {
    const writer = new RawWriter(ws.db);
    writer.writePage('xendit-transactions', page(0, 10), {});
    writer.beginFirstLoad('xendit-transactions');
    assert.equal(hasIndex(ws.db), true);
  });
});

test('a page that fails to commit leaves no trace, and a load interrupted by a crash carries on from the table', () => {
  const dir = tempDir();
  let ws = openWorkspace(dir.path);
  try {
    let writer = new RawWriter(ws.db);
    writer.beginFirstLoad('xendit-transactions');
    writer.writePage('xendit-transactions', page(0, 100), {});
    assert.throws(() =>
      writer.writePage('xendit-transactions', page(100, 200), {
        checkpoint: () => {
          throw new Error('disk full');
        },
      }),
    );
    assert.equal(rows(ws.db).length, 100);
    // The process dies here: the table is still loading (no index) when it is next opened.
    ws.db.close();
    ws = openWorkspace(dir.path);
    assert.equal(hasIndex(ws.db), false);
    writer = new RawWriter(ws.db);
    assert.deepEqual(writer.writePage('xendit-transactions', page(50, 200), {}), { inserted: 100, changed: 0, unchanged: 50, quarantined: 0 });
    writer.finishFirstLoad('xendit-transactions');
    assert.equal(hasIndex(ws.db), true);
    assert.equal(rows(ws.db).length, 200);
    // Indexed again, the ordinary upsert path takes over and still sees every id.
    assert.deepEqual(writer.writePage('xendit-transactions', page(150, 250), {}), { inserted: 50, changed: 0, unchanged: 50, quarantined: 0 });
  } finally {
    ws.close();
    dir.remove();
  }
});

test('a cache from the version before keeps its transactions, now indexed by id', () => {
  const dir = tempDir();
  const old = new Database(join(dir.path, CACHE_FILE));
  for (const m of loadMigrations().slice(0, 2)) old.exec(m.sql);
  old.pragma('user_version = 2');
  const t = transaction(1);
  old
    .prepare(
      `INSERT INTO raw_xendit_transactions (id, type, status, product_id, reference_id, amount_minor, currency, cashflow, created_at, updated_at, origin, raw, content_hash, first_seen_at, changed_at)
       VALUES (?, 'PAYMENT', 'SUCCESS', 'p', 'r', 130000, 'PHP', 'MONEY_IN', ?, ?, 'api', ?, ?, ?, ?)`,
    )
    .run(t.id, t.created, t.updated, JSON.stringify(t), contentHash(JSON.stringify(t)), t.created, t.created);
  old.close();

  const ws = openWorkspace(dir.path);
  try {
    assert.equal(hasIndex(ws.db), true);
    assert.deepEqual(rows(ws.db), [{ id: t.id, status: 'SUCCESS', revision: 1 }]);
    const writer = new RawWriter(ws.db);
    assert.deepEqual(writer.writePage('xendit-transactions', [t, transaction(2)], {}), { inserted: 1, changed: 0, unchanged: 1, quarantined: 0 });
  } finally {
    ws.close();
    dir.remove();
  }
});
