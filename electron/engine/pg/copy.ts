// COPY … FROM STDIN in text format, streamed: rows are encoded one at a time as the server reads
// them, so a table never has to sit in memory as one string.
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
  return text.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));
}

/** A text[] literal with every element quoted, so commas, braces and NULL-looking words stay text. */
export function arrayLiteral(items: readonly string[]): string {
  return `{${items.map((s) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

export function copyLine(values: readonly (CopyValue | undefined)[]): string {
  return `${values.map(copyField).join('\t')}\n`;
}

/** Streams `rows` into schema.table (the given columns, in order); resolves to the row count. */
export async function copyRows(
  client: pg.ClientBase,
  target: { schema: string; table: string },
  columns: readonly string[],
  rows: Iterable<readonly (CopyValue | undefined)[]>,
): Promise<number> {
  const sql = `COPY ${quoteQualified(target.schema, target.table)} (${columns.map(quoteIdent).join(', ')}) FROM STDIN`;
  const stream = client.query(copyFrom(sql));
  function* lines() {
    for (const row of rows) {
      if (row.length !== columns.length) throw new Error(`a row of ${target.table} has ${row.length} values for ${columns.length} columns`);
      yield copyLine(row);
    }
  }
  await pipeline(Readable.from(lines()), stream);
  return stream.rowCount;
}
