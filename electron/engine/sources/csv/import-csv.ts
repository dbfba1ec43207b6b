// Imports a legacy CSV export (Xendit invoices or Systeme.io contacts) into the raw cache, beside
// (never over) what the API pull brought: the file is streamed, rows are mapped to the stream's
// columns, and cache rows are written ~1,000 per transaction with progress and cancel between
// batches. A row with a problem is reported with its line and skipped; a file of the wrong kind
// fails as a whole, naming the columns it lacks.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type Database from 'better-sqlite3';
import { CutoverError } from '../../../../shared/api/errors.ts';
import type { CsvImportResult, CsvKind } from '../../../../shared/api/sources.ts';
import type { WorkContext } from '../../jobs/job-runner.ts';
import { streamDefs } from '../ingest/streams.ts';
import { RawWriter, type ExtractedRow } from '../ingest/writer.ts';
import { ErrorLog, type CsvMapper } from './columns.ts';
import { csvBatches, type CsvInput } from './parse-csv.ts';
import { SystemeContactMapper } from './systeme-contacts.ts';
import { assertTimeZone } from './timestamps.ts';
import { XenditInvoiceMapper } from './xendit-invoices.ts';

/**
 * What to import: the text (as the renderer sent it), or a file the host granted (read as a
 * stream; the path comes from the host, never from a call).
 */
export type CsvImportRequest = { kind: CsvKind; fileName?: string } & ({ content: string; path?: undefined } | { path: string; content?: undefined });

export interface CsvImportOptions {
  /** IANA zone the export's zone-less timestamps are in (the workspace's, default Asia/Manila). */
  timeZone: string;
  /** Cache rows per write transaction. */
  batchSize?: number;
  /** Fixed write time (tests). */
  now?: string;
}

const KIND_NAMES: Record<CsvKind, string> = {
  'xendit-invoices': 'a Xendit invoice export',
  'systeme-contacts': 'a Systeme.io contacts export',
};

const MAX_ERRORS_KEPT = 100;

export async function importCsv(db: Database.Database, input: CsvImportRequest, job: WorkContext, opts: CsvImportOptions): Promise<CsvImportResult> {
  const { kind } = input;
  const batchSize = opts.batchSize ?? 1_000;
  try {
    assertTimeZone(opts.timeZone);
  } catch {
    throw new CutoverError('BAD_INPUT', `Unknown time zone "${opts.timeZone}" (the workspace setting timeZone must be an IANA zone such as Asia/Manila).`);
  }
  const label = input.fileName ? `"${input.fileName}"` : input.path ? `"${basename(input.path)}"` : 'The file';
  const { source, size } = await open(input, label);

  const writer = new RawWriter(db);
  const errors = new ErrorLog(MAX_ERRORS_KEPT);
  let mapper: CsvMapper | null = null;
  let rows = 0;
  let imported = 0;
  let unchanged = 0;
  let pending: ExtractedRow[] = [];

  const flush = async () => {
    if (!pending.length) return;
    const counts = writer.writeExtracted(kind, pending, opts.now ? { now: opts.now } : {});
    imported += counts.inserted + counts.changed;
    unchanged += counts.unchanged;
    pending = [];
    job.changed('cache');
    await new Promise((r) => setImmediate(r));
    job.throwIfCancelled();
  };

  try {
    for await (const batch of csvBatches(source)) {
      for (const row of batch.rows) {
        if (!mapper) {
          if (row.error) throw new CutoverError('BAD_INPUT', `${label}: its header row (line ${row.line}) is unreadable: ${row.error}.`);
          mapper = createMapper(kind, row.fields, errors, opts.timeZone, label);
          continue;
        }
        rows++;
        if (row.error) {
          errors.add(row.line, `${row.error}; row skipped`);
          continue;
        }
        for (const r of mapper.add(row.line, row.fields)) pending.push(r);
        if (pending.length >= batchSize) {
          job.overall.set(rows, estimate(rows, batch.consumed, size));
          await flush();
        }
      }
      if (mapper instanceof SystemeContactMapper) job.overall.note(`Reading: ${rows.toLocaleString('en-US')} rows, ${mapper.contacts.toLocaleString('en-US')} contacts so far`);
      else job.overall.set(rows, estimate(rows, batch.consumed, size));
      await new Promise((r) => setImmediate(r));
      job.throwIfCancelled();
    }
  } catch (err) {
    throw asReadError(err, label);
  }
  if (!mapper) throw new CutoverError('BAD_INPUT', `${label} is empty: ${KIND_NAMES[kind]} starts with a header row.`);
  await flush();

  // Contacts are merged over the whole file, so they are all written now.
  const rest = mapper.finish();
  for (let at = 0; at < rest.length; at += batchSize) {
    pending = rest.slice(at, at + batchSize);
    job.overall.note(`Writing ${rest.length.toLocaleString('en-US')} contacts`);
    job.overall.set(Math.round((rows * at) / rest.length), rows);
    await flush();
  }
  job.overall.set(rows, rows);
  return { kind, rows, imported, unchanged, errors: errors.first, errorCount: errors.count };
}

function createMapper(kind: CsvKind, header: string[], errors: ErrorLog, timeZone: string, label: string): CsvMapper {
  const make = (k: CsvKind) => (k === 'xendit-invoices' ? new XenditInvoiceMapper(header, errors, timeZone, label) : new SystemeContactMapper(header, errors, timeZone, label));
  try {
    return make(kind);
  } catch (err) {
    if (!(err instanceof CutoverError)) throw err;
    // Say so when it is the other kind of export, the likeliest mistake.
    const other: CsvKind = kind === 'xendit-invoices' ? 'systeme-contacts' : 'xendit-invoices';
    try {
      make(other);
    } catch {
      throw err;
    }
    throw new CutoverError('BAD_INPUT', `${err.message} It looks like ${KIND_NAMES[other]}: import it as ${streamDefs[other].label}.`);
  }
}

async function open(input: CsvImportRequest, label: string): Promise<{ source: CsvInput; size: number }> {
  if (input.content !== undefined) return { source: input.content, size: input.content.length };
  const path = input.path;
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new CutoverError('BAD_INPUT', `${path} is not a file.`);
    size = info.size;
  } catch (err) {
    throw asReadError(err, label, path);
  }
  return { source: createReadStream(path, { highWaterMark: 1 << 20 }), size };
}

/** Rows to expect in all, from the share of the input read so far. */
function estimate(rows: number, consumed: number, size: number): number | null {
  if (size <= 0 || consumed <= 0) return null;
  return Math.max(rows, Math.round((rows * size) / consumed));
}

function asReadError(err: unknown, label: string, path?: string): unknown {
  if (err instanceof CutoverError) return err;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (err as Error).message;
    return new CutoverError('BAD_INPUT', `Cannot read ${path ?? label}: ${why}.`);
  }
  return err;
}
