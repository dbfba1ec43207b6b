// Header matching shared by the export mappers: a column is found by its name ignoring case and
// whitespace ("Invoice ID", "invoice id" and "InvoiceID" are one column), optionally under an
// alias. A file lacking a required column fails as a whole, naming what is missing (never what it
// has: that is the file's content).
import { CutoverError } from '../../../../shared/api/errors.ts';
import type { ExtractedRow } from '../ingest/writer.ts';

/** One row's problem, reported to the user; the row is skipped. */
export interface RowError {
  line: number;
  message: string;
}

export interface ColumnSpec<K extends string> {
  key: K;
  /** The name the export uses, for messages. */
  label: string;
  /** Other names the same column goes by. */
  aliases?: readonly string[];
  required: boolean;
}

const normalizeHeader = (name: string): string => name.replace(/\s+/g, '').toLowerCase();

export interface HeaderMap<K extends string> {
  /** Field index of each column found (absent columns are missing). */
  index: Partial<Record<K, number>>;
  /** The header cells as written, made unique, to key the verbatim row objects. */
  names: string[];
}

function mapHeader<K extends string>(header: readonly string[], specs: readonly ColumnSpec<K>[], what: string, fileLabel: string): HeaderMap<K> {
  const positions = new Map<string, number>();
  header.forEach((name, i) => {
    const key = normalizeHeader(name);
    if (key !== '' && !positions.has(key)) positions.set(key, i);
  });
  const index: Partial<Record<K, number>> = {};
  const missing: string[] = [];
  for (const spec of specs) {
    const at = [spec.label, ...(spec.aliases ?? [])].map((n) => positions.get(normalizeHeader(n))).find((p) => p !== undefined);
    if (at !== undefined) index[spec.key] = at;
    else if (spec.required) missing.push(`"${spec.label}"`);
  }
  if (missing.length) {
    // Only the names it was looking for: the header row is the file's own text, and a file that
    // is not an export at all (any file the user picked) must not be repeated into messages.
    const width = header.filter((h) => h.trim() !== '').length;
    throw new CutoverError(
      'BAD_INPUT',
      `${fileLabel} is not ${what}: its first row (${width} column${width === 1 ? '' : 's'}) lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`,
    );
  }
  return { index, names: uniqueNames(header) };
}

/** Header cells made usable as object keys: blank ones named by position, repeats numbered. */
function uniqueNames(header: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return header.map((h, i) => {
    let name = h === '' ? `Column ${i + 1}` : h;
    const count = seen.get(name) ?? 0;
    seen.set(name, count + 1);
    if (count > 0) name = `${name} (${count + 1})`;
    return name;
  });
}

/** The row as column → value, verbatim, for the raw record. */
function rowObject(names: readonly string[], fields: readonly string[]): Record<string, string> {
  const obj: Record<string, string> = {};
  for (let i = 0; i < names.length; i++) obj[names[i]!] = fields[i] ?? '';
  return obj;
}

/** A cell's text, or '' when the column is absent. */
export function cell<K extends string>(map: HeaderMap<K>, fields: readonly string[], key: K): string {
  const i = map.index[key];
  return i === undefined ? '' : (fields[i] ?? '');
}

/** A cell's verbatim text, or null when absent or blank. */
export function optional<K extends string>(map: HeaderMap<K>, fields: readonly string[], key: K): string | null {
  const v = cell(map, fields, key);
  return v.trim() === '' ? null : v;
}

/** Checks a data row's width against the header (extra empty cells at the end are harmless). */
function widthError(fields: readonly string[], headerWidth: number): string | null {
  if (fields.length === headerWidth) return null;
  if (fields.length > headerWidth && fields.slice(headerWidth).every((f) => f === '')) return null;
  return `the row has ${fields.length} field${fields.length === 1 ? '' : 's'} where the header has ${headerWidth} (a missing or extra comma?); row skipped`;
}

/** A row's message at most this long: it may quote a cell, and a cell can be any length. */
const MAX_ROW_MESSAGE = 300;

/** Row errors: all counted, the first `keep` kept (in the order found, which is line order). */
export class ErrorLog {
  readonly first: RowError[] = [];
  count = 0;

  constructor(private readonly keep = 100) {}

  add(line: number, message: string): void {
    this.count++;
    if (this.first.length < this.keep) this.first.push({ line, message: message.length > MAX_ROW_MESSAGE ? `${message.slice(0, MAX_ROW_MESSAGE - 1)}…` : message });
  }
}

/**
 * Turns the data rows of one export into cache rows. Rows come in file order; `finish` returns
 * what is left (contacts are merged across the whole file, so they all come out at the end).
 */
export interface CsvMapper {
  /** Maps one data row; returns the cache rows ready to write now. Problems go to the error log. */
  add(line: number, fields: string[]): ExtractedRow[];
  finish(): ExtractedRow[];
}

/**
 * What every export mapper shares: the header mapped once (a file lacking a required column
 * fails here), each data row's width checked before `mapRow` sees it, and skipped rows reported
 * in one form.
 */
export abstract class ExportMapper<K extends string> implements CsvMapper {
  protected readonly map: HeaderMap<K>;

  constructor(
    header: readonly string[],
    specs: readonly ColumnSpec<K>[],
    what: string,
    protected readonly errors: ErrorLog,
    protected readonly timeZone: string,
    fileLabel: string,
  ) {
    this.map = mapHeader(header, specs, what, fileLabel);
  }

  add(line: number, fields: string[]): ExtractedRow[] {
    const width = widthError(fields, this.map.names.length);
    if (width) {
      this.errors.add(line, width);
      return [];
    }
    return this.mapRow(line, fields);
  }

  finish(): ExtractedRow[] {
    return [];
  }

  /** Maps a data row of the header's width. */
  protected abstract mapRow(line: number, fields: string[]): ExtractedRow[];

  /** Reports a row's problems, after what the row is when that is known, and skips the row. */
  protected skip(line: number, who: string, problems: readonly string[]): ExtractedRow[] {
    this.errors.add(line, `${who ? `${who}: ` : ''}${problems.join('; ')}; row skipped`);
    return [];
  }

  /** The row verbatim as column → value JSON, for the raw record. */
  protected rawJson(fields: readonly string[]): string {
    return JSON.stringify(rowObject(this.map.names, fields));
  }
}
