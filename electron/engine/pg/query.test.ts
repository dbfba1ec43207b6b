// test-postgres: 17
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execute, inTransaction, one, query, rows } from './query.ts';
import { fileQuery, loadSql } from './sql-files.ts';
import { connectClient } from './client.ts';
import { withTestDatabase } from './testing.ts';

test('a query is a plain value: SQL and parameters, built without a database', () => {
  const q = query<{ n: number }>('SELECT $1::int AS n', [7], 'seven');
  assert.deepEqual(q, { sql: 'SELECT $1::int AS n', params: [7], label: 'seven' });
  assert.deepEqual(JSON.parse(JSON.stringify(q)), q);
});

test('named SQL files load from sql/postgres, and only by plain names', () => {
  assert.match(loadSql('introspect/tables'), /pg_class/);
  assert.equal(fileQuery('introspect/tables', [['public']]).label, 'introspect/tables.sql');
  assert.throws(() => loadSql('../sqlite/0001_workspace'), /not an SQL file name/);
});

test('the runner executes queries: rows, exactly one, row counts, and transactions that roll back', async () => {
  await withTestDatabase(async (url) => {
    const client = await connectClient(url);
    try {
      assert.deepEqual(await one(client, query<{ n: number }>('SELECT $1::int AS n', [7])), { n: 7 });
      await execute(client, query('CREATE TABLE t (v text)'));
      assert.equal(await execute(client, query("INSERT INTO t SELECT 'x' || g FROM generate_series(1, 3) g")), 3);
      await assert.rejects(one(client, query('SELECT v FROM t', [], 'all of t')), /all of t returned 3 rows/);
      await assert.rejects(
        inTransaction(client, async () => {
          await execute(client, query('DELETE FROM t'));
          throw new Error('changed my mind');
        }),
        /changed my mind/,
      );
      assert.equal((await rows(client, query('SELECT v FROM t'))).length, 3);
    } finally {
      await client.end();
    }
  });
});
