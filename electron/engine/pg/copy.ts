// COPY … FROM STDIN in text format, streamed: rows are encoded as the server reads them, a chunk
// at a time, so a table never has to sit in memory as one string.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { quoteIdent, quoteQualified } from './quote.ts';

/** What a COPY field can hold: objects become jsonb text, string arrays text[] literals. */
export type CopyValue = string | number | boolean | null | Date | readonly string[] | { readonly [key: string]: unknown };

/** Escapes one field for COPY's text format. */
export function copyField(value: CopyValue | undefined): string {
  if (value === null || value === undefined) return '\\N';
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`cannot COPY the number ${value}`);
    text = String(value);
  } else if (typeof value === 'boolean') text = value ? 't' : 'f';
  else if (value instanceof Date) text = value.toISOString();
  else if (Array.isArray(value)) text = arrayLiteral(value);
  else text = JSON.stringify(value);
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

type Row = readonly (CopyValue | undefined)[];
/** Rows are sent in chunks of about this many bytes: one write per row costs more than the encoding. */
const CHUNK_BYTES = 64 * 1024;

/**
 * Streams `rows` into schema.table (the given columns, in order); resolves to the row count.
 * `rows` may be asynchronous (a source that reads as it goes); either way only a chunk is in
 * memory at a time.
 */
export async function copyRows(
  client: pg.ClientBase,
  target: { schema: string; table: string },
  columns: readonly string[],
  rows: Iterable<Row> | AsyncIterable<Row>,
): Promise<number> {
  const sql = `COPY ${quoteQualified(target.schema, target.table)} (${columns.map(quoteIdent).join(', ')}) FROM STDIN`;
  const stream = client.query(copyFrom(sql));
  const line = (row: Row) => {
    if (row.length !== columns.length) throw new Error(`a row of ${target.table} has ${row.length} values for ${columns.length} columns`);
    return copyLine(row);
  };
  function* chunks(source: Iterable<Row>) {
    let chunk = '';
    for (const row of source) {
      chunk += line(row);
      if (chunk.length >= CHUNK_BYTES) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  async function* chunksAsync(source: AsyncIterable<Row>) {
    let chunk = '';
    for await (const row of source) {
      chunk += line(row);
      if (chunk.length >= CHUNK_BYTES) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  const body = Symbol.asyncIterator in rows ? chunksAsync(rows as AsyncIterable<Row>) : chunks(rows as Iterable<Row>);
  await pipeline(Readable.from(body), stream);
  return stream.rowCount;
}
