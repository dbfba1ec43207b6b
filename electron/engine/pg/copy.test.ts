// test-postgres: 17
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arrayLiteral, BinaryTextWriter, copyField, copyRows, copyTextRows, type CopyValue } from './copy.ts';
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

/** The writer's data for `rows` (header and trailer included), as one Buffer. */
function written(rows: readonly (readonly CopyValue[])[], build?: (w: BinaryTextWriter) => void): Buffer {
  const w = new BinaryTextWriter();
  for (const r of rows) w.add(r);
  build?.(w);
  return Buffer.concat(w.end().map((c) => c.data));
}
const HEADER = Buffer.from('PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0', 'latin1');
const TRAILER = Buffer.from([0xff, 0xff]);

test('binary fields of text columns: length in UTF-8 bytes, then the bytes; NULL as -1', () => {
  const fields = (row: CopyValue[]) => written([row]).subarray(HEADER.length + 2, -TRAILER.length);
  assert.deepEqual(written([]), Buffer.concat([HEADER, TRAILER]));
  assert.deepEqual(written([['x', null]]), Buffer.concat([HEADER, Buffer.from([0, 2, 0, 0, 0, 1, 0x78, 0xff, 0xff, 0xff, 0xff]), TRAILER]));
  assert.deepEqual(fields(['']), Buffer.from([0, 0, 0, 0]));
  assert.deepEqual(fields(['é']), Buffer.from([0, 0, 0, 2, 0xc3, 0xa9]));
  assert.deepEqual(fields(['a'.repeat(70_000)]).subarray(0, 4), Buffer.from([0, 1, 0x11, 0x70]));
  assert.deepEqual(fields([true, 12.5]), Buffer.from([0, 0, 0, 1, 0x74, 0, 0, 0, 4, 0x31, 0x32, 0x2e, 0x35]));
});

test('fields laid out in one text are written as field by field', () => {
  // id, '' , NULL, 'abc' with 4-char gaps after each, then whatever follows (ignored).
  const text = ['id-1', '', '', 'abc', 'tail'].join('\0\0\0\0');
  const ends: number[] = [];
  for (let at = text.indexOf('\0\0\0\0'); ends.length < 4; at = text.indexOf('\0\0\0\0', at + 4)) ends.push(at);
  const laid = written([], (w) => {
    w.tuple(5);
    w.laidOut(text, ends, 4, 0b0100);
    w.field({ k: 'é' });
  });
  assert.deepEqual(laid, written([['id-1', '', null, 'abc', { k: 'é' }]]));
});

test('chunks hold whole rows, about 64 KB each, however big a row', () => {
  const rows = Array.from({ length: 3_000 }, (_, i) => [String(i), i % 500 === 0 ? 'ü'.repeat(100_000) : 'v'.repeat(i % 97)]);
  const w = new BinaryTextWriter();
  const chunks: { data: Buffer; rows: number }[] = [];
  for (const r of rows) {
    w.add(r);
    chunks.push(...w.take());
  }
  chunks.push(...w.end());
  assert.equal(chunks.reduce((n, c) => n + c.rows, 0), rows.length);
  assert.ok(chunks.length > 10);
  // Each chunk is whole tuples (the first after the header, the last before the trailer).
  const all = Buffer.concat(chunks.map((c) => c.data));
  assert.deepEqual(all, written(rows));
  for (const [i, c] of chunks.entries()) {
    assert.ok(c.data.length < 70_000 || c.rows === 1, `chunk ${i}: ${c.data.length} bytes for ${c.rows} rows`);
    let pos = i === 0 ? HEADER.length : 0;
    for (let r = 0; r < c.rows; r++) {
      const fields = c.data.readInt16BE(pos);
      pos += 2;
      for (let f = 0; f < fields; f++) pos += 4 + Math.max(0, c.data.readInt32BE(pos));
    }
    assert.equal(pos, c.data.length - (i === chunks.length - 1 ? TRAILER.length : 0), `chunk ${i} ends on a tuple's end`);
  }
});

// Every value both ways into all-text columns: what binary COPY stores is what text COPY stores.
const awkward: readonly (readonly CopyValue[])[] = [
  ['tab\there', 'new\nline', 'cr\rlf\r\n', 'back\\slash', '\\N', 'NULL'],
  [null, '', ' ', '"quoted"', "it's", '\\.'],
  ['é ñ ü', '日本語テキスト', 'emoji 😀 👩‍💻', 'combining e\u0301', '\u00ff\u0100 latin edge', 'z\u007f\u0001'],
  [9007199254740991, -0.5, 1e21, 123456789.125, true, false],
  [{ k: ['v', null, 'é"\\\n'], n: 1.5, nested: { t: '\t' } }, ['a', 'b c', 'NULL', 'q"u\\o', '{,}', ''], [], new Date('2025-01-02T03:04:05.678Z'), 'x'.repeat(4095), 'é'.repeat(3000)],
  ['y'.repeat(4096), 'ü'.repeat(40_000), '\n'.repeat(5), '\\'.repeat(7), '\t', null],
];

test('awkward values survive binary COPY into text columns exactly as text COPY stores them', async () => {
  await withTestDatabase(async (url) => {
    const client = await connectClient(url);
    try {
      const columns = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'];
      for (const t of ['by_text', 'by_binary']) await client.query(`CREATE TABLE ${t} (n int, ${columns.map((c) => `${c} text`).join(', ')})`);
      const numbered = awkward.map((row, i) => [i, ...row]);
      assert.equal(await copyRows(client, { schema: 'public', table: 'by_text' }, ['n', ...columns], numbered), awkward.length);
      assert.equal(await copyTextRows(client, { schema: 'public', table: 'by_binary' }, columns, awkward), awkward.length);
      const { rows: text } = await client.query(`SELECT ${columns.join(', ')} FROM by_text ORDER BY n`);
      // The binary table has no order column: its rows are compared as a set, by their first column's value.
      const { rows: binary } = await client.query(`SELECT ${columns.join(', ')} FROM by_binary`);
      const key = (r: Record<string, string | null>) => JSON.stringify(r);
      assert.deepEqual(binary.map(key).sort(), text.map(key).sort());
      // And what the text COPY stored is the values' own text.
      assert.deepEqual(text[0], { c1: 'tab\there', c2: 'new\nline', c3: 'cr\rlf\r\n', c4: 'back\\slash', c5: '\\N', c6: 'NULL' });
      assert.deepEqual(text[1], { c1: null, c2: '', c3: ' ', c4: '"quoted"', c5: "it's", c6: '\\.' });
      assert.deepEqual(text[3], { c1: '9007199254740991', c2: '-0.5', c3: '1e+21', c4: '123456789.125', c5: 't', c6: 'f' });
      assert.deepEqual(JSON.parse(text[4].c1 as string), awkward[4]![0]);
      assert.equal(text[4].c2, '{"a","b c","NULL","q\\"u\\\\o","{,}",""}');
      const { rows: cast } = await client.query('SELECT c2::text[] AS a, c3::text[] AS e FROM by_binary WHERE c6 = $1', ['é'.repeat(3000)]);
      assert.deepEqual(cast[0], { a: ['a', 'b c', 'NULL', 'q"u\\o', '{,}', ''], e: [] });
      assert.deepEqual(text[5], { c1: 'y'.repeat(4096), c2: 'ü'.repeat(40_000), c3: '\n'.repeat(5), c4: '\\'.repeat(7), c5: '\t', c6: null });
    } finally {
      await client.end();
    }
  });
});

test('binary COPY refuses a column that is not text, whose binary form the text would be misread as; the server refuses a NUL', async () => {
  await withTestDatabase(async (url) => {
    const client = await connectClient(url);
    try {
      await client.query('CREATE TABLE t (a text, n int4)');
      await assert.rejects(copyTextRows(client, { schema: 'public', table: 't' }, ['a', 'n'], [['x', '1234']]), /text columns only, not n/);
      assert.equal((await client.query('SELECT count(*)::int AS n FROM t')).rows[0].n, 0);
      await client.query('CREATE TEMP TABLE l (a text, b text)');
      await assert.rejects(copyTextRows(client, { schema: 'pg_temp', table: 'l' }, ['a', 'b'], [['x\0y', null]]), /invalid byte sequence for encoding "UTF8": 0x00/);
      assert.equal(await copyTextRows(client, { schema: 'pg_temp', table: 'l' }, ['a', 'b'], [['x', null]]), 1);
    } finally {
      await client.end();
    }
  });
});
