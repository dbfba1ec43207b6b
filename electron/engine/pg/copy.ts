// COPY … FROM STDIN, streamed: rows are encoded as the server reads them, a chunk at a time, so
// a table never has to sit in memory as one string. Two encodings: text format into columns of
// any type (copyRows), and binary format into columns that are all `text` (copyTextRows), which
// needs no escaping on our side and about a third less parsing on the server's.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { quoteIdent, quoteQualified } from './quote.ts';

/** What a COPY field can hold: objects become jsonb text, string arrays text[] literals. */
export type CopyValue = string | number | boolean | null | Date | readonly string[] | { readonly [key: string]: unknown };

/** A non-null value as the text Postgres reads it from (before any COPY escaping). */
export function fieldText(value: Exclude<CopyValue, null>): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`cannot COPY the number ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return arrayLiteral(value);
  return JSON.stringify(value);
}

/** Escapes one field for COPY's text format. */
export function copyField(value: CopyValue | undefined): string {
  if (value === null || value === undefined) return '\\N';
  const text = fieldText(value);
  // Most fields need no escaping: test first, replace only then (the copy's hot path).
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPES, (c) => ESCAPED[c]!) : text;
}

const NEEDS_ESCAPE = /[\\\n\r\t]/;
const ESCAPES = /[\\\n\r\t]/g;
const ESCAPED: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A text[] literal with every element quoted, so commas, braces and NULL-looking words stay text. */
export function arrayLiteral(items: readonly string[]): string {
  return `{${items.map((s) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

export function copyLine(values: readonly (CopyValue | undefined)[]): string {
  let line = copyField(values[0]);
  for (let i = 1; i < values.length; i++) line += `\t${copyField(values[i])}`;
  return `${line}\n`;
}

// Binary format, built as a one-byte (latin1) string per chunk, so a chunk becomes its Buffer in
// one copy: each char is one byte, framing included; a value's UTF-8 bytes go in as chars.

/** The file header: signature, no flags, no header extension. */
const BINARY_HEADER = 'PGCOPY\n\xff\r\n\0' + '\0\0\0\0' + '\0\0\0\0';
const BINARY_TRAILER = '\xff\xff';
const BINARY_NULL = '\xff\xff\xff\xff';
const NON_ASCII = /[^\0-\x7f]/;
const int16 = (n: number) => String.fromCharCode(n >>> 8, n & 0xff);
const int32 = (n: number) => String.fromCharCode(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
/** Most fields are short: their length prefixes are looked up rather than built. */
const SHORT_LENGTHS = Array.from({ length: 4096 }, (_, n) => int32(n));

/** One value as a binary-format field of a text column: its length, then its UTF-8 bytes. */
export function binaryTextField(value: CopyValue | undefined): string {
  if (value === null || value === undefined) return BINARY_NULL;
  let text = fieldText(value);
  if (NON_ASCII.test(text)) text = Buffer.from(text, 'utf8').toString('latin1');
  return (text.length < SHORT_LENGTHS.length ? SHORT_LENGTHS[text.length]! : int32(text.length)) + text;
}

const FIELD_COUNTS = Array.from({ length: 64 }, (_, n) => int16(n));

/** One row as a binary-format tuple of text columns (field count, then the fields). */
export function binaryTextRow(values: readonly (CopyValue | undefined)[]): string {
  let tuple = FIELD_COUNTS[values.length] ?? int16(values.length);
  for (let i = 0; i < values.length; i++) tuple += binaryTextField(values[i]);
  return tuple;
}

type Row = readonly (CopyValue | undefined)[];
type Rows = Iterable<Row> | AsyncIterable<Row>;
/** Rows are sent in chunks of about this many bytes: one write per row costs more than the encoding. */
const CHUNK_BYTES = 64 * 1024;

interface Encoding {
  options: string;
  header: string;
  row(values: Row): string;
  trailer: string;
  chunk(text: string): string | Buffer;
}

const TEXT: Encoding = { options: '', header: '', row: copyLine, trailer: '', chunk: (text) => text };
const BINARY_TEXT: Encoding = { options: ' WITH (FORMAT binary)', header: BINARY_HEADER, row: binaryTextRow, trailer: BINARY_TRAILER, chunk: (text) => Buffer.from(text, 'latin1') };

/**
 * Streams `rows` into schema.table (the given columns, in order); resolves to the row count.
 * `rows` may be asynchronous (a source that reads as it goes); either way only a chunk is in
 * memory at a time.
 */
export function copyRows(client: pg.ClientBase, target: { schema: string; table: string }, columns: readonly string[], rows: Rows): Promise<number> {
  return copyEncoded(client, target, columns, rows, TEXT);
}

/**
 * copyRows into columns that are all of type text, in COPY's binary format (each value's text
 * is a text column's binary form). Refuses a target with a column of any other type, whose
 * binary form the text would be misread as.
 */
export async function copyTextRows(client: pg.ClientBase, target: { schema: string; table: string }, columns: readonly string[], rows: Rows): Promise<number> {
  const { rows: others } = await client.query(
    'SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attname = ANY($2) AND atttypid <> $3::regtype ORDER BY attnum',
    [quoteQualified(target.schema, target.table), columns, 'text'],
  );
  if (others.length) throw new Error(`binary COPY into ${target.table} takes text columns only, not ${others.map((r) => (r as { attname: string }).attname).join(', ')}`);
  return copyEncoded(client, target, columns, rows, BINARY_TEXT);
}

async function copyEncoded(client: pg.ClientBase, target: { schema: string; table: string }, columns: readonly string[], rows: Rows, encoding: Encoding): Promise<number> {
  const sql = `COPY ${quoteQualified(target.schema, target.table)} (${columns.map(quoteIdent).join(', ')}) FROM STDIN${encoding.options}`;
  const stream = client.query(copyFrom(sql));
  const row = (values: Row) => {
    if (values.length !== columns.length) throw new Error(`a row of ${target.table} has ${values.length} values for ${columns.length} columns`);
    return encoding.row(values);
  };
  function* chunks(source: Iterable<Row>) {
    let chunk = encoding.header;
    for (const values of source) {
      chunk += row(values);
      if (chunk.length >= CHUNK_BYTES) {
        yield encoding.chunk(chunk);
        chunk = '';
      }
    }
    chunk += encoding.trailer;
    if (chunk) yield encoding.chunk(chunk);
  }
  async function* chunksAsync(source: AsyncIterable<Row>) {
    let chunk = encoding.header;
    for await (const values of source) {
      chunk += row(values);
      if (chunk.length >= CHUNK_BYTES) {
        yield encoding.chunk(chunk);
        chunk = '';
      }
    }
    chunk += encoding.trailer;
    if (chunk) yield encoding.chunk(chunk);
  }
  const body = Symbol.asyncIterator in rows ? chunksAsync(rows as AsyncIterable<Row>) : chunks(rows as Iterable<Row>);
  await pipeline(Readable.from(body), stream);
  return stream.rowCount;
}
