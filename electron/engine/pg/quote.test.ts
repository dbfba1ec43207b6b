// test-postgres: 17
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_IDENTIFIER_BYTES, quoteIdent, quoteQualified } from './quote.ts';
import { withTestDatabase } from './testing.ts';
import { connectClient } from './client.ts';

const hostile = [
  'plain',
  'MixedCase',
  'with space',
  'double"quote',
  '""',
  '"; DROP TABLE victims; --',
  "single'quote",
  'back\\slash',
  'new\nline',
  'tab\there',
  'ünïcødé ✓',
  'select',
  '$1',
  'a'.repeat(MAX_IDENTIFIER_BYTES),
  'é'.repeat(31), // 62 bytes in UTF-8
];

test('quoteIdent wraps in double quotes and doubles embedded ones', () => {
  assert.equal(quoteIdent('plain'), '"plain"');
  assert.equal(quoteIdent('double"quote'), '"double""quote"');
  assert.equal(quoteIdent('""'), '""""""');
  assert.equal(quoteQualified('my schema', 't"1'), '"my schema"."t""1"');
});

test('quoteIdent refuses names PostgreSQL would truncate, loudly, counting bytes not characters', () => {
  assert.throws(() => quoteIdent('a'.repeat(MAX_IDENTIFIER_BYTES + 1)), /64 bytes long; PostgreSQL keeps only 63/);
  assert.throws(() => quoteIdent('é'.repeat(32)), /64 bytes long/);
  assert.throws(() => quoteIdent(''), /cannot be empty/);
  assert.throws(() => quoteIdent('nul\0byte'), /NUL/);
});

test('every hostile name round-trips through a real table: created, found by its exact name, dropped', async () => {
  await withTestDatabase(async (url) => {
    const client = await connectClient(url);
    try {
      await client.query('CREATE SCHEMA "odd schema"');
      for (const name of hostile) {
        const table = quoteQualified('odd schema', name);
        await client.query(`CREATE TABLE ${table} (${quoteIdent(name)} int)`);
        await client.query(`INSERT INTO ${table} VALUES (1)`);
        const found = await client.query<{ relname: string; attname: string }>(
          `SELECT c.relname, a.attname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = 1
            WHERE n.nspname = 'odd schema' AND c.relname = $1`,
          [name],
        );
        assert.deepEqual(found.rows, [{ relname: name, attname: name }], name);
        await client.query(`DROP TABLE ${table}`);
      }
      const left = await client.query(`SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'odd schema'`);
      assert.equal(left.rows[0].n, 0);
    } finally {
      await client.end();
    }
  });
});
