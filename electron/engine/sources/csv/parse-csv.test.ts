import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvBatches, parseCsv, parseCsvText, type CsvRow } from './parse-csv.ts';

const fields = (rows: CsvRow[]) => rows.map((r) => r.fields);

/** Feeds the text in chunks of `size` characters. */
async function chunked(text: string, size: number): Promise<CsvRow[]> {
  async function* pieces() {
    for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
  }
  const out: CsvRow[] = [];
  for await (const row of parseCsv(pieces())) out.push(row);
  return out;
}

test('plain rows, with and without a trailing newline, LF and CRLF', () => {
  assert.deepEqual(fields(parseCsvText('a,b,c\n1,2,3\n')), [['a', 'b', 'c'], ['1', '2', '3']]);
  assert.deepEqual(fields(parseCsvText('a,b,c\r\n1,2,3')), [['a', 'b', 'c'], ['1', '2', '3']]);
  assert.deepEqual(fields(parseCsvText('a,b\r1,2\r')), [['a', 'b'], ['1', '2']], 'a lone CR ends a line too');
  assert.deepEqual(fields(parseCsvText('a,,\n,,\n')), [['a', '', ''], ['', '', '']], 'empty fields');
  assert.deepEqual(fields(parseCsvText('a,b,')), [['a', 'b', '']], 'a trailing comma at the end of the input');
  assert.deepEqual(parseCsvText(''), []);
  assert.deepEqual(parseCsvText('\n\r\n'), [], 'blank lines are not rows');
});

test('quoted fields: commas, doubled quotes, line breaks, empty quotes', () => {
  const text = 'id,text,n\r\n1,"a, b",x\r\n2,"say ""hi""",y\r\n3,"two\r\nlines\nand more",z\r\n4,"",w\r\n';
  const rows = parseCsvText(text);
  assert.deepEqual(fields(rows), [
    ['id', 'text', 'n'],
    ['1', 'a, b', 'x'],
    ['2', 'say "hi"', 'y'],
    ['3', 'two\r\nlines\nand more', 'z'],
    ['4', '', 'w'],
  ]);
  assert.deepEqual(
    rows.map((r) => r.line),
    [1, 2, 3, 4, 7],
    'each row carries the line it starts on; a quoted line break counts',
  );
  assert.ok(rows.every((r) => r.error === undefined));
  assert.deepEqual(fields(parseCsvText('"  padded  ",x')), [['  padded  ', 'x']], 'spaces inside quotes are kept');
  assert.deepEqual(fields(parseCsvText('5" screen,ok')), [['5" screen', 'ok']], 'a quote inside an unquoted field is literal');
});

test('a UTF-8 BOM is dropped, in text and in bytes', async () => {
  assert.deepEqual(fields(parseCsvText('\uFEFFID,Email\n1,a@b.c\n')), [['ID', 'Email'], ['1', 'a@b.c']]);
  const bytes = new TextEncoder().encode('\uFEFFID,Email\n1,ñandú@b.c\n');
  // Cut the bytes inside the two-byte ñ, to prove decoding spans chunks.
  const cut = bytes.indexOf(0xc3) + 1;
  const out: CsvRow[] = [];
  for await (const row of parseCsv([bytes.slice(0, cut), bytes.slice(cut)])) out.push(row);
  assert.deepEqual(fields(out), [['ID', 'Email'], ['1', 'ñandú@b.c']]);
});

test('any chunking gives the same rows and lines', async () => {
  const text = '\uFEFFh1,h2\r\n"a\r\nb","c,""d"""\r\nplain,"x"\r\n\r\nlast,"q"';
  const whole = parseCsvText(text);
  assert.deepEqual(fields(whole), [['h1', 'h2'], ['a\r\nb', 'c,"d"'], ['plain', 'x'], ['last', 'q']]);
  assert.deepEqual(whole.map((r) => r.line), [1, 2, 4, 6]);
  for (const size of [1, 2, 3, 5, 7, 64]) assert.deepEqual(await chunked(text, size), whole, `chunks of ${size}`);
});

test('a stray quote is one row error and reading resumes on the next line', async () => {
  for (const text of ['id,name\n1,"ok"\n2,"broken\n3,fine\n4,"also fine"\n', 'id,name\n1,"ok"\n2,"broken\n3,fine\n4,also fine\n']) {
    const rows = parseCsvText(text);
    assert.deepEqual(rows[0]?.fields, ['id', 'name']);
    assert.deepEqual(rows[1]?.fields, ['1', 'ok']);
    const bad = rows.filter((r) => r.error);
    assert.equal(bad.length, 1, text);
    assert.equal(bad[0]?.line, 3);
    assert.match(bad[0]?.error ?? '', /quoted field opened on this line/);
    assert.deepEqual(
      rows.filter((r) => !r.error).map((r) => [r.line, ...r.fields]),
      [
        [1, 'id', 'name'],
        [2, '1', 'ok'],
        [4, '3', 'fine'],
        [5, '4', 'also fine'],
      ],
    );
    for (const size of [1, 3, 10]) assert.deepEqual(await chunked(text, size), rows, `the same when streamed in chunks of ${size}`);
  }
});

test('an unterminated quote at the very end', async () => {
  const tail = parseCsvText('a,b\n1,"open');
  assert.equal(tail.length, 2);
  assert.equal(tail[1]?.line, 2);
  assert.match(tail[1]?.error ?? '', /never closed/);
  assert.deepEqual(await chunked('a,b\n1,"open', 2), tail);
  // Many stray quotes still end, and every good row is read.
  const messy = 'h\n' + Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? `"bad${i}` : `good${i}`)).join('\n') + '\n';
  const rows = parseCsvText(messy);
  assert.ok(rows.some((r) => r.error));
  assert.ok(rows.filter((r) => !r.error).length >= 150);
});

test('text after a closing quote marks the row', () => {
  const rows = parseCsvText('a,b\n"x"y,z\nok,1\n');
  assert.match(rows[1]?.error ?? '', /after a closing quote/);
  assert.equal(rows[1]?.line, 2);
  assert.deepEqual(rows[2], { line: 3, fields: ['ok', '1'] });
});

test('batches report how much input they consumed', async () => {
  const text = 'a,b\n' + '1,2\n'.repeat(200_000);
  let last = 0;
  let rows = 0;
  for await (const batch of csvBatches(text)) {
    assert.ok(batch.consumed > last);
    last = batch.consumed;
    rows += batch.rows.length;
  }
  assert.equal(last, text.length);
  assert.equal(rows, 200_001);
});

test('a 400k-row export streams through in batches with every row intact', async () => {
  const line = '65a1b2c3d4e5f60718293a4b,INV-000123,PAID,"Papers to Profits Course - Full Payment",1300,PHP,"  Someone@Example.com",,2024-09-03 13:12:44,"1,300.00"\r\n';
  const text = 'h1,h2,h3,h4,h5,h6,h7,h8,h9,h10\r\n' + line.repeat(400_000);
  let rows = 0;
  let last: CsvRow | undefined;
  for await (const batch of csvBatches(text)) {
    rows += batch.rows.length;
    last = batch.rows.at(-1);
  }
  assert.equal(rows, 400_001);
  assert.deepEqual(last?.fields.slice(6), ['  Someone@Example.com', '', '2024-09-03 13:12:44', '1,300.00']);
});
