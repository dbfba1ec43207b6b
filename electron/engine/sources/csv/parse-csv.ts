// A streaming RFC 4180 reader: comma-separated fields, double-quoted fields that may hold commas,
// doubled quotes and line breaks, CRLF / LF (and lone CR) line ends, an optional UTF-8 BOM, a
// final line with or without its line end. Input arrives in chunks of any size (a file read
// stream, or a string cut into pieces); state carries over between chunks, so text is scanned
// once (bar the recovery below) and memory holds only the rows of the current chunk.
//
// It never throws on bad input. A malformed row comes out with `error` set (and is meant to be
// reported and skipped):
//   - text after a closing quote (`"abc"def`) — the rest of the field is kept literally;
//   - a stray quote: a quoted field still open at the end of the input, or one that runs over
//     line breaks and then closes into more text. RFC 4180 would make the following lines part
//     of that field; instead the row is reported and reading starts again on the line after the
//     one where the quote opened, so one stray quote costs one row, not the rest of the file.
// A quote inside an unquoted field (`5" screen`) is taken literally, as spreadsheets write it.
// Blank lines are not rows.

import { StringDecoder } from 'node:string_decoder';

export interface CsvRow {
  /** 1-based line of the input where the row starts. */
  line: number;
  fields: string[];
  /** Set when the row is malformed; its fields are then unreliable. */
  error?: string;
}

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;
const BOM = 0xfeff;

// Reader states: plain number constants, which the hot loop compares without a property load.
/** At the start of a field. */
const START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** Just read a quote inside a quoted field: a doubled quote or the closing one. */
const QUOTE_IN_QUOTED = 3;
/** After a closing quote: a comma or line end must follow. */
const AFTER_QUOTED = 4;
type State = typeof START | typeof UNQUOTED | typeof QUOTED | typeof QUOTE_IN_QUOTED | typeof AFTER_QUOTED;

/**
 * Each recovery from a quote left open at the end reads the rest of the input again; past this
 * many the input is hopeless (and re-reading it would be quadratic), so the rest is one error.
 */
const MAX_RECOVERIES = 50;

export class CsvParser {
  private fields: string[] = [];
  private field = '';
  private state: State = START;
  private line = 1;
  private rowLine = 1;
  private quoteLine = 1;
  /** A CR ended the last chunk: an LF starting the next one belongs to it. */
  private skipLF = false;
  /** Inside quoted text, the previous character was a CR (line counting of CRLF). */
  private prevCR = false;
  private first = true;
  private error: string | undefined;
  /** The current row's raw text from earlier chunks, kept to re-read it after a stray quote. */
  private rowRaw: string[] = [];
  private recoveries = 0;
  private stopped = false;

  /** Reads a chunk; complete rows are appended to `out`. */
  push(chunk: string, out: CsvRow[]): void {
    let text: string | null = chunk;
    while (text !== null && !this.stopped) text = this.scan(text, out);
  }

  /** Ends the input: the last row (without a line end) and any unterminated quote. */
  end(out: CsvRow[]): void {
    for (;;) {
      if (this.stopped) return;
      if (this.state === QUOTE_IN_QUOTED) this.state = AFTER_QUOTED;
      if (this.state === QUOTED) {
        const again = this.recover(this.rowRaw.join(''), out, 'is never closed', true);
        if (again === null) return;
        this.push(again, out);
        continue;
      }
      if (this.rowInProgress()) {
        this.fields.push(this.field);
        this.field = '';
        this.emit(out);
      }
      this.state = START;
      return;
    }
  }

  /** Scans one chunk; returns text to read again after a stray quote, else null. */
  private scan(chunk: string, out: CsvRow[]): string | null {
    const n = chunk.length;
    let i = 0;
    if (n === 0) return null;
    if (this.first) {
      this.first = false;
      if (chunk.charCodeAt(0) === BOM) i = 1;
    }
    if (this.skipLF) {
      this.skipLF = false;
      if (chunk.charCodeAt(i) === LF) i++;
    }
    // The hot loop works on locals, written back before anything else reads them.
    let state: State = this.state;
    let field = this.field;
    let fields = this.fields;
    let rowStart = i;
    while (i < n) {
      if (state === START || state === UNQUOTED) {
        if (state === START && chunk.charCodeAt(i) === QUOTE) {
          state = QUOTED;
          this.quoteLine = this.line;
          this.prevCR = false;
          i++;
          continue;
        }
        let j = i;
        let c = 0;
        while (j < n) {
          c = chunk.charCodeAt(j);
          if (c === COMMA || c === LF || c === CR) break;
          j++;
        }
        if (j > i) field = field === '' ? chunk.slice(i, j) : field + chunk.slice(i, j);
        if (j === n) {
          state = UNQUOTED;
          i = n;
          break;
        }
        fields.push(field);
        field = '';
        state = START;
        if (c === COMMA) {
          i = j + 1;
          continue;
        }
        this.fields = fields;
        i = this.endRow(chunk, j, out);
        fields = this.fields;
        rowStart = i;
      } else if (state === QUOTED) {
        const q = chunk.indexOf('"', i);
        const end = q === -1 ? n : q;
        this.countLines(chunk, i, end);
        if (end > i) field += chunk.slice(i, end);
        if (q === -1) {
          i = n;
        } else {
          state = QUOTE_IN_QUOTED;
          i = q + 1;
        }
      } else if (state === QUOTE_IN_QUOTED) {
        if (chunk.charCodeAt(i) === QUOTE) {
          field += '"';
          state = QUOTED;
          this.prevCR = false;
          i++;
        } else {
          state = AFTER_QUOTED;
        }
      } else {
        const c = chunk.charCodeAt(i);
        if (c === COMMA || c === LF || c === CR) {
          // Back to the unquoted path with an empty remainder: it ends the field (and the row).
          state = UNQUOTED;
        } else if (this.line > this.quoteLine) {
          // A quote that spans lines and then closes into text is a stray quote that swallowed
          // the lines after it: report the row, read again from the line after the quote's.
          const raw = this.rowRaw.join('') + (rowStart === 0 ? chunk : chunk.slice(rowStart));
          this.state = START;
          this.field = '';
          this.fields = [];
          return this.recover(raw, out, `closes on line ${this.line} into more text`);
        } else {
          this.error ??= `unexpected text after a closing quote in field ${fields.length + 1}`;
          state = UNQUOTED;
        }
      }
    }
    this.state = state;
    this.field = field;
    this.fields = fields;
    if (this.rowInProgress() && rowStart < n) this.rowRaw.push(rowStart === 0 ? chunk : chunk.slice(rowStart));
    return null;
  }

  private rowInProgress(): boolean {
    return this.fields.length > 0 || this.field !== '' || this.state !== START;
  }

  /** Ends the row at the line break at `j`; returns the index after the break. */
  private endRow(chunk: string, j: number, out: CsvRow[]): number {
    let next = j + 1;
    if (chunk.charCodeAt(j) === CR) {
      if (next < chunk.length) {
        if (chunk.charCodeAt(next) === LF) next++;
      } else {
        this.skipLF = true;
      }
    }
    this.emit(out);
    this.line++;
    this.rowLine = this.line;
    return next;
  }

  private emit(out: CsvRow[]): void {
    const fields = this.fields;
    if (fields.length === 1 && fields[0] === '' && this.error === undefined) {
      fields.length = 0; // a blank line is not a row
    } else {
      out.push(this.error === undefined ? { line: this.rowLine, fields } : { line: this.rowLine, fields, error: this.error });
      this.fields = [];
      this.error = undefined;
    }
    if (this.rowRaw.length) this.rowRaw = [];
  }

  /** Counts line breaks in quoted text: CRLF, LF and a lone CR are one line each. */
  private countLines(chunk: string, from: number, to: number): void {
    let prevCR = this.prevCR;
    for (let k = from; k < to; k++) {
      const c = chunk.charCodeAt(k);
      if (c === LF) {
        if (!prevCR) this.line++;
        prevCR = false;
      } else if (c === CR) {
        this.line++;
        prevCR = true;
      } else {
        prevCR = false;
      }
    }
    this.prevCR = prevCR;
  }

  /**
   * Reports the current row as broken by a stray quote and returns the text to read again: its
   * raw text after the line where the quote opened (null when nothing is left, or when the input
   * has had so many stray quotes that re-reading would never end).
   */
  private recover(raw: string, out: CsvRow[], what: string, atEnd = false): string | null {
    const { rowLine, quoteLine } = this;
    const where = quoteLine === rowLine ? 'on this line' : `on line ${quoteLine}`;
    out.push({ line: rowLine, fields: [], error: `a quoted field opened ${where} ${what} (unbalanced ")` });
    this.fields = [];
    this.field = '';
    this.error = undefined;
    this.rowRaw = [];
    this.state = START;
    this.skipLF = false;
    if (atEnd && ++this.recoveries > MAX_RECOVERIES) {
      out.push({ line: rowLine, fields: [], error: `too many unbalanced quotes: the file was not read past line ${rowLine}` });
      this.stopped = true;
      return null;
    }
    let skip = quoteLine - rowLine + 1;
    let k = 0;
    while (skip > 0 && k < raw.length) {
      const c = raw.charCodeAt(k++);
      if (c === LF) skip--;
      else if (c === CR) {
        if (k < raw.length && raw.charCodeAt(k) === LF) k++;
        skip--;
      }
    }
    this.line = quoteLine + 1;
    this.rowLine = this.line;
    if (skip > 0 || k >= raw.length) return null;
    return raw.slice(k);
  }
}

/** Parses a whole text at once (tests, small inputs). */
export function parseCsvText(text: string): CsvRow[] {
  const out: CsvRow[] = [];
  const parser = new CsvParser();
  parser.push(text, out);
  parser.end(out);
  return out;
}

export type CsvInput = string | AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

export interface CsvBatch {
  rows: CsvRow[];
  /** Input consumed so far: bytes for byte chunks, characters for text. */
  consumed: number;
}

/** Pieces a string input is cut into, so a big text still reports progress batch by batch. */
const TEXT_PIECE = 256 * 1024;

/**
 * Reads the input and yields its rows in batches (one per input chunk that completed rows).
 * Byte chunks are decoded as UTF-8 (a character split across chunks is handled).
 */
export async function* csvBatches(input: CsvInput): AsyncGenerator<CsvBatch> {
  const parser = new CsvParser();
  let consumed = 0;
  if (typeof input === 'string') {
    let at = 0;
    while (at < input.length) {
      let end = Math.min(input.length, at + TEXT_PIECE);
      // Never cut a surrogate pair in two.
      const last = input.charCodeAt(end - 1);
      if (end < input.length && last >= 0xd800 && last <= 0xdbff) end++;
      const rows: CsvRow[] = [];
      parser.push(input.slice(at, end), rows);
      consumed = at = end;
      if (rows.length) yield { rows, consumed };
    }
  } else {
    // StringDecoder keeps a character split across chunks whole (and is much faster than a
    // streaming TextDecoder); the parser drops the BOM.
    const decoder = new StringDecoder('utf8');
    for await (const chunk of input as AsyncIterable<string | Uint8Array>) {
      const rows: CsvRow[] = [];
      if (typeof chunk === 'string') {
        parser.push(chunk, rows);
        consumed += chunk.length;
      } else {
        parser.push(decoder.write(chunk as Buffer), rows);
        consumed += chunk.byteLength;
      }
      if (rows.length) yield { rows, consumed };
    }
    const tail: CsvRow[] = [];
    parser.push(decoder.end(), tail);
    if (tail.length) yield { rows: tail, consumed };
  }
  const rows: CsvRow[] = [];
  parser.end(rows);
  if (rows.length) yield { rows, consumed };
}

/** The rows one at a time. */
export async function* parseCsv(input: CsvInput): AsyncGenerator<CsvRow> {
  for await (const batch of csvBatches(input)) yield* batch.rows;
}
