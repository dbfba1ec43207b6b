// test-postgres: 17
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arrayLiteral, copyField, copyRows } from './copy.ts';
import { connectClient } from './client.ts';
import { withTestDatabase } from './testing.ts';

test('fields are escaped for COPY text format', () => {
  assert.equal(copyField(null), '\\N');
  assert.equal(copyField('a\tb\nc\\d\re'), 'a\\tb\\nc\\\\d\\re');
  assert.equal(copyField(true), 't');
  assert.equal(copyField(12.5), '12.5');
  assert.equal(copyField({ a: 'x"y' }), '{"a":"x\\"y"}'.replace(/\\/g, '\\\\'));
  assert.equal(arrayLiteral(['a', 'b c', 'NULL', 'q"u\\o', '{,}']), '{"a","b c","NULL","q\\"u\\\\o","{,}"}');
});

test('awkward values survive a round trip through COPY', async () => {
  await withTestDatabase(async (url) => {
    const client = await connectClient(url);
    try {
      await client.query('CREATE TABLE t (s text, n numeric(10,2), b boolean, j jsonb, a text[], at timestamptz)');
      const values = [
        ['tab\tnew\nline back\\slash \\N', 1.5, true, { k: ['v', null, 'é"'] }, ['x', 'NULL', 'a,b', '"q"', ''], new Date('2025-01-02T03:04:05.678Z')],
        [null, null, null, null, [], null],
      ] as const;
      assert.equal(await copyRows(client, { schema: 'public', table: 't' }, ['s', 'n', 'b', 'j', 'a', 'at'], values), 2);
      const { rows } = await client.query("SELECT s, n, b, j, a, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') AS at FROM t ORDER BY s NULLS LAST");
      assert.deepEqual(rows[0], { s: values[0][0], n: '1.50', b: true, j: values[0][3], a: [...values[0][4]], at: '2025-01-02 03:04:05.678' });
      assert.deepEqual(rows[1], { s: null, n: null, b: null, j: null, a: [], at: null });
    } finally {
      await client.end();
    }
  });
});
