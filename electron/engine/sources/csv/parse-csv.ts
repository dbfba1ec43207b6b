// A streaming RFC 4180 reader: comma-separated fields, double-quoted fields that may hold commas,
// doubled quotes and line breaks, CRLF / LF (and lone CR) line ends, an optional UTF-8 BOM, a
// final line with or without its line end. Input arrives in chunks of any size (a file read
// stream, or a string cut into pieces); state carries over between chunks, so nothing is scanned
// twice and memory holds only the row being read.
//
// It never throws on bad input. A malformed row comes out with `error` set (and is meant to be
// reported and skipped):
//   - text after a closing quote (`"abc"def`) — the rest of the field is kept literally;
//   - a quoted field still open at the end of the input — the whole rest of the file would be
//     one field. That row is reported, and reading starts again on the line after the one where
//     the quote opened, so one stray quote costs one row, not the rest of the file.
// A quote inside an unquoted field (`5" screen`) is taken literally, as spreadsheets write it.
// Blank lines are not rows.

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

/** Reader states (plain numbers: the hot loop switches on them). */
const S = {
  /** At the start of a field. */
  Start: 0,
  Unquoted: 1,
  Quoted: 2,
  /** Just read a quote inside a quoted field: a doubled quote or the closing one. */
  QuoteInQuoted: 3,
  /** After a closing quote: a comma or line end must follow. */
  AfterQuoted: 4,
} as const;
type State = (typeof S)[keyof typeof S];

/**
 * Each recovery from an unterminated quote reads the rest of the input again; past this many the
 * input is hopeless (and re-reading it would be quadratic), so the rest is reported as one error.
 */
const MAX_RECOVERIES = 50;

export class CsvParser {
  private fields: string[] = [];
  private field = '';
  private state: State = S.Start;
  private line = 1;
  private rowLine = 1;
  private quoteLine = 1;
  /** A CR ended the last chunk: an LF starting the next one belongs to it. */
  private skipLF = false;
  /** Inside quoted text, the previous character was a CR (line counting of CRLF). */
  private prevCR = false;
  private first = true;
  private error: string | undefined;
  /** The current row's raw text from earlier chunks, kept only to recover from an unterminated quote. */
  private rowRaw: string[] = [];
  private recoveries = 0;

  /** Reads a chunk; complete rows are appended to `out`. */
  push(chunk: string, out: CsvRow[]): void {
    const n = chunk.length;
    let i = 0;
    if (n === 0) return;
    if (this.first) {
      this.first = false;
      if (chunk.charCodeAt(0) === BOM) i = 1;
    }
    if (this.skipLF) {
      this.skipLF = false;
      if (chunk.charCodeAt(i) === LF) i++;
    }
    let rowStart = i;
    while (i < n) {
      switch (this.state) {
        case S.Start: {
          if (chunk.charCodeAt(i) === QUOTE) {
            this.state = S.Quoted;
            this.quoteLine = this.line;
            this.prevCR = false;
            i++;
          } else {
            this.state = S.Unquoted;
          }
          break;
        }
        case S.Unquoted: {
          let j = i;
          let c = 0;
          while (j < n) {
            c = chunk.charCodeAt(j);
            if (c === COMMA || c === LF || c === CR) break;
            j++;
          }
          if (j > i) this.field = this.field === '' ? chunk.slice(i, j) : this.field + chunk.slice(i, j);
          if (j === n) {
            i = n;
            break;
          }
          this.fields.push(this.field);
          this.field = '';
          this.state = S.Start;
          if (c === COMMA) {
            i = j + 1;
          } else {
            i = this.endRow(chunk, j, out);
            rowStart = i;
          }
          break;
        }
        case S.Quoted: {
          const q = chunk.indexOf('"', i);
          const end = q === -1 ? n : q;
          this.countLines(chunk, i, end);
          if (end > i) this.field += chunk.slice(i, end);
          if (q === -1) {
            i = n;
          } else {
            this.state = S.QuoteInQuoted;
            i = q + 1;
          }
          break;
        }
        case S.QuoteInQuoted: {
          if (chunk.charCodeAt(i) === QUOTE) {
            this.field += '"';
            this.state = S.Quoted;
            this.prevCR = false;
            i++;
          } else {
            this.state = S.AfterQuoted;
          }
          break;
        }
        case S.AfterQuoted: {
          const c = chunk.charCodeAt(i);
          if (c === COMMA) {
            this.fields.push(this.field);
            this.field = '';
            this.state = S.Start;
            i++;
          } else if (c === LF || c === CR) {
            this.fields.push(this.field);
            this.field = '';
            this.state = S.Start;
            i = this.endRow(chunk, i, out);
            rowStart = i;
          } else {
            this.error ??= `unexpected text after a closing quote in field ${this.fields.length + 1}`;
            this.state = S.Unquoted;
          }
          break;
        }
      }
    }
    if (this.rowInProgress() && rowStart < n) this.rowRaw.push(rowStart === 0 ? chunk : chunk.slice(rowStart));
  }

  /** Ends the input: the last row (without a line end) and any unterminated quote. */
  end(out: CsvRow[]): void {
    if (this.state === S.QuoteInQuoted) this.state = S.AfterQuoted;
    if (this.state === S.Quoted) {
      this.recoverUnterminated(out);
      return;
    }
    if (this.rowInProgress()) {
      this.fields.push(this.field);
      this.field = '';
      this.emit(out);
    }
    this.state = S.Start;
  }

  private rowInProgress(): boolean {
    return this.fields.length > 0 || this.field !== '' || this.state !== S.Start;
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
    const blank = fields.length === 1 && fields[0] === '' && this.error === undefined;
    if (!blank) out.push(this.error === undefined ? { line: this.rowLine, fields } : { line: this.rowLine, fields, error: this.error });
    this.fields = [];
    this.error = undefined;
    this.rowRaw = [];
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

  private recoverUnterminated(out: CsvRow[]): void {
    const raw = this.rowRaw.join('');
    const rowLine = this.rowLine;
    const quoteLine = this.quoteLine;
    out.push({
      line: rowLine,
      fields: [],
      error:
        quoteLine === rowLine
          ? 'a quoted field opened on this line is never closed (unbalanced ")'
          : `a quoted field opened on line ${quoteLine} is never closed (unbalanced ")`,
    });
    this.fields = [];
    this.field = '';
    this.error = undefined;
    this.rowRaw = [];
    this.state = S.Start;
    if (++this.recoveries > MAX_RECOVERIES) {
      out.push({ line: rowLine, fields: [], error: `too many unbalanced quotes: the file was not read past line ${rowLine}` });
      return;
    }
    // Skip the lines up to and including the one where the quote opened; read the rest again.
    let skip = quoteLine - rowLine + 1;
    let k = 0;
    while (skip > 0 && k < raw.length) {
      const c = raw.charCodeAt(k++);
      if (c === LF) skip--;
      else if (c === CR) {
        if (raw.charCodeAt(k) === LF) k++;
        skip--;
      }
    }
    if (skip > 0 || k >= raw.length) return;
    this.line = quoteLine + 1;
    this.rowLine = this.line;
    this.skipLF = false;
    this.push(raw.slice(k), out);
    this.end(out);
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
    const decoder = new TextDecoder('utf-8');
    for await (const chunk of input as AsyncIterable<string | Uint8Array>) {
      const rows: CsvRow[] = [];
      if (typeof chunk === 'string') {
        parser.push(chunk, rows);
        consumed += chunk.length;
      } else {
        parser.push(decoder.decode(chunk, { stream: true }), rows);
        consumed += chunk.byteLength;
      }
      if (rows.length) yield { rows, consumed };
    }
    const tail: CsvRow[] = [];
    parser.push(decoder.decode(), tail);
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
