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

/** Rows are sent in chunks of about this many bytes: one write per row costs more than the encoding. */
const CHUNK_BYTES = 64 * 1024;

// Binary format into text columns: each field is its length in bytes (-1 for NULL), then its
// UTF-8 bytes; a tuple is its field count, then its fields. Written straight into Buffers of
// about CHUNK_BYTES (no string to flatten, no escaping).

/** The file header: signature, no flags, no header extension; the trailer: a field count of -1. */
const BINARY_HEADER = Buffer.from('PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0', 'latin1');
const BINARY_TRAILER = -1;

/** Buffers are taken this big and handed on in chunks of CHUNK_BYTES or so, the rest kept for the next ones. */
const BUFFER_BYTES = CHUNK_BYTES * 4;

/**
 * Binary COPY data for text columns, a tuple at a time, handed on a chunk at a time. A tuple is
 * started with `tuple()`, then given its fields: one by one (`field`), or laid out already
 * (`laidOut`, for a source that reads each row as one text).
 */
export class BinaryTextWriter implements Encoder {
  private buf = Buffer.allocUnsafe(BUFFER_BYTES);
  private off = BINARY_HEADER.copy(this.buf, 0);
  /** Tuples begun in `buf` so far, and where the last one began. */
  private rows = 0;
  private tupleAt = 0;
  private readonly ready: { data: Buffer; rows: number }[] = [];

  tuple(fields: number): void {
    if (this.off >= CHUNK_BYTES) this.cut(this.off);
    this.room(2);
    this.tupleAt = this.off;
    this.off = this.buf.writeInt16BE(fields, this.off);
    this.rows++;
  }

  field(value: CopyValue | undefined): void {
    if (value === null || value === undefined) {
      this.room(4);
      this.off = this.buf.writeInt32BE(-1, this.off);
      return;
    }
    const text = fieldText(value);
    this.room(4 + text.length * 3); // UTF-8 takes at most 3 bytes per UTF-16 unit
    const n = this.buf.write(text, this.off + 4, 'utf8');
    this.buf.writeInt32BE(n, this.off);
    this.off += 4 + n;
  }

  /**
   * The first `count` fields of `text`, which must be ASCII (one byte per char), laid out so:
   * each field followed by 4 chars (any) where the next one's length goes; `ends[i]` is where
   * field i ends, and bit i of `nulls` marks it NULL (its text then empty). The text is copied
   * once and the lengths written over the gaps.
   */
  laidOut(text: string, ends: readonly number[], count: number, nulls: number): void {
    const last = ends[count - 1]!;
    this.room(4 + last);
    let pos = this.off;
    this.buf.write(text, pos + 4, last, 'latin1');
    for (let i = 0, start = 0; i < count; start = ends[i]! + 4, i++) {
      const len = ends[i]! - start;
      this.buf.writeInt32BE((nulls >>> i) & 1 ? -1 : len, pos);
      pos += 4 + len;
    }
    this.off = pos;
  }

  /** A whole row, field by field. */
  add(values: readonly (CopyValue | undefined)[]): void {
    this.tuple(values.length);
    for (let i = 0; i < values.length; i++) this.field(values[i]);
  }

  /** Whether a chunk is ready to be taken. */
  get pending(): boolean {
    return this.ready.length > 0;
  }

  /** The chunks filled so far (each handed on once). */
  take(): { data: Buffer; rows: number }[] {
    return this.ready.splice(0);
  }

  /** Everything left, with the trailer. */
  end(): { data: Buffer; rows: number }[] {
    this.room(2);
    this.off = this.buf.writeInt16BE(BINARY_TRAILER, this.off);
    this.cut(this.off);
    return this.take();
  }

  /** Room for `bytes` more at `off`; a tuple begun is moved whole to the next buffer, never split. */
  private room(bytes: number): void {
    if (this.off + bytes <= this.buf.length) return;
    const begun = this.rows > 0 && this.tupleAt < this.off ? this.buf.subarray(this.tupleAt, this.off) : null;
    const kept = begun ? this.tupleAt : this.off;
    if (begun) this.rows--;
    this.cut(kept);
    if (this.buf.length < (begun?.length ?? 0) + bytes) this.buf = Buffer.allocUnsafe(Math.max(BUFFER_BYTES, (begun?.length ?? 0) + bytes));
    if (begun) {
      this.off = begun.copy(this.buf, 0);
      this.tupleAt = 0;
      this.rows = 1;
    }
  }

  /** Hands on buf[0, upTo) and carries on in what is left of it (or a new one). */
  private cut(upTo: number): void {
    if (upTo > 0) this.ready.push({ data: this.buf.subarray(0, upTo), rows: this.rows });
    this.buf = this.buf.length - upTo >= CHUNK_BYTES ? this.buf.subarray(upTo) : Buffer.allocUnsafe(BUFFER_BYTES);
    this.off = 0;
    this.rows = 0;
    this.tupleAt = 0;
  }
}

type Row = readonly (CopyValue | undefined)[];
type Rows = Iterable<Row> | AsyncIterable<Row>;
type Chunk = { data: string | Buffer; rows: number };

/**
 * Rows that write their own binary COPY data, faster than field by field (a source that reads
 * each row as one text): it must be exactly what iterating them and writing each field gives.
 */
export interface BinaryEncodedRows extends Iterable<Row> {
  /** The data from header to trailer, a chunk at a time; `fields` per row, or it throws. */
  binaryChunks(fields: number): Iterable<{ data: Buffer; rows: number }>;
}

export interface CopyOptions {
  /** Rows sent so far, after each chunk; may throw to stop the COPY (nothing of it stays). */
  onRows?(done: number): void;
}

/** Encodes rows a chunk at a time: each row added, the chunks filled taken as they are ready. */
interface Encoder {
  add(values: Row): void;
  readonly pending: boolean;
  take(): Chunk[];
  /** Whatever is left (and the format's trailer). */
  end(): Chunk[];
}

/** COPY's text format, a line per row (escaped), chunks of about CHUNK_BYTES. */
class TextLines implements Encoder {
  private chunk = '';
  private rows = 0;
  private readonly ready: Chunk[] = [];
  get pending(): boolean {
    return this.ready.length > 0;
  }
  add(values: Row): void {
    this.chunk += copyLine(values);
    this.rows++;
    if (this.chunk.length >= CHUNK_BYTES) this.cut();
  }
  take(): Chunk[] {
    return this.ready.splice(0);
  }
  end(): Chunk[] {
    this.cut();
    return this.take();
  }
  private cut(): void {
    if (this.rows) this.ready.push({ data: this.chunk, rows: this.rows });
    [this.chunk, this.rows] = ['', 0];
  }
}

/**
 * Streams `rows` into schema.table (the given columns, in order) in COPY's text format; resolves
 * to the row count. `rows` may be asynchronous (a source that reads as it goes); either way only
 * a chunk is in memory at a time.
 */
export function copyRows(client: pg.ClientBase, target: { schema: string; table: string }, columns: readonly string[], rows: Rows, options: CopyOptions = {}): Promise<number> {
  return copyChunks(client, target, columns, '', encoded(rows, new TextLines(), target, columns), options);
}

/**
 * copyRows into columns that are all of type text, in COPY's binary format (each value's text
 * is a text column's binary form). Refuses a target with a column of any other type, whose
 * binary form the text would be misread as.
 */
export async function copyTextRows(
  client: pg.ClientBase,
  target: { schema: string; table: string },
  columns: readonly string[],
  rows: Rows | BinaryEncodedRows,
  options: CopyOptions = {},
): Promise<number> {
  const { rows: others } = await client.query(
    'SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attname = ANY($2) AND atttypid <> $3::regtype ORDER BY attnum',
    [quoteQualified(target.schema, target.table), columns, 'text'],
  );
  if (others.length) throw new Error(`binary COPY into ${target.table} takes text columns only, not ${others.map((r) => (r as { attname: string }).attname).join(', ')}`);
  const chunks = 'binaryChunks' in rows ? rows.binaryChunks(columns.length) : encoded(rows, new BinaryTextWriter(), target, columns);
  return copyChunks(client, target, columns, ' WITH (FORMAT binary)', chunks, options);
}

/** The rows' chunks (synchronous for a synchronous source: no await per row). */
function encoded(rows: Rows, encoder: Encoder, target: { table: string }, columns: readonly string[]): Iterable<Chunk> | AsyncIterable<Chunk> {
  /** Whether a chunk is ready once the row is in. */
  const add = (values: Row): boolean => {
    if (values.length !== columns.length) throw new Error(`a row of ${target.table} has ${values.length} values for ${columns.length} columns`);
    encoder.add(values);
    return encoder.pending;
  };
  if (Symbol.asyncIterator in rows) {
    return (async function* () {
      for await (const values of rows) if (add(values)) yield* encoder.take();
      yield* encoder.end();
    })();
  }
  return (function* () {
    for (const values of rows) if (add(values)) yield* encoder.take();
    yield* encoder.end();
  })();
}

async function copyChunks(
  client: pg.ClientBase,
  target: { schema: string; table: string },
  columns: readonly string[],
  options: string,
  chunks: Iterable<Chunk> | AsyncIterable<Chunk>,
  { onRows }: CopyOptions,
): Promise<number> {
  const stream = client.query(copyFrom(`COPY ${quoteQualified(target.schema, target.table)} (${columns.map(quoteIdent).join(', ')}) FROM STDIN${options}`));
  let done = 0;
  // Asynchronous only per chunk, whatever the source.
  async function* counted() {
    for await (const c of chunks) {
      yield c.data;
      onRows?.((done += c.rows));
    }
  }
  await pipeline(Readable.from(counted()), stream);
  return stream.rowCount;
}
