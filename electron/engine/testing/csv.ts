// Test support for CSV imports: a fresh workspace, a stand-in for the job runner's context, and
// an export mapped in memory.
import { errors } from '../../../shared/api/errors.ts';
import type { PartHandle, WorkContext } from '../jobs/job-runner.ts';
import { tempDir } from './engine.ts';
import { openWorkspace, type Workspace } from '../workspace/workspace.ts';
import type { ExtractedRow } from '../sources/ingest/writer.ts';
import { ErrorLog, type CsvMapper } from '../sources/csv/columns.ts';
import { parseCsvText } from '../sources/csv/parse-csv.ts';

export interface StubJob extends WorkContext {
  /** Every overall.set call, in order. */
  readonly progress: { done: number; total: number | null | undefined }[];
  readonly notes: string[];
  cancel(): void;
}

export function stubJob(opts: { cancelAfterSets?: number } = {}): StubJob {
  const controller = new AbortController();
  const progress: StubJob['progress'] = [];
  const notes: string[] = [];
  const overall: PartHandle = {
    set(done, total) {
      progress.push({ done, total });
      if (opts.cancelAfterSets !== undefined && progress.length >= opts.cancelAfterSets) controller.abort();
    },
    add(n) {
      const last = progress.at(-1);
      progress.push({ done: (last?.done ?? 0) + n, total: last?.total });
    },
    note(text) {
      if (text !== undefined) notes.push(text);
    },
  };
  return {
    id: 'stub-job',
    signal: controller.signal,
    overall,
    progress,
    notes,
    throwIfCancelled() {
      if (controller.signal.aborted) throw errors.cancelled();
    },
    critical: (work) => work(),
    changed: () => {},
    cancel: () => controller.abort(),
  };
}

export interface TempWorkspace {
  workspace: Workspace;
  path: string;
  close(): void;
}

export function tempWorkspace(): TempWorkspace {
  const dir = tempDir('cutover-csv-');
  const workspace = openWorkspace(dir.path);
  return {
    workspace,
    path: dir.path,
    close() {
      workspace.close();
      dir.remove();
    },
  };
}

/** Runs `fn` with a fresh workspace, closed and removed afterwards. */
export async function withTempWorkspace(fn: (ws: TempWorkspace) => Promise<void>): Promise<void> {
  const ws = tempWorkspace();
  try {
    await fn(ws);
  } finally {
    ws.close();
  }
}

/** Maps a whole export text: the first row is the header; unreadable rows go to the error log. */
export function mapExport(text: string, createMapper: (header: string[], errors: ErrorLog) => CsvMapper): { rows: ExtractedRow[]; errors: ErrorLog } {
  const [header, ...data] = parseCsvText(text);
  const errors = new ErrorLog();
  const mapper = createMapper(header!.fields, errors);
  const rows: ExtractedRow[] = [];
  for (const r of data) {
    if (r.error) errors.add(r.line, r.error);
    else rows.push(...mapper.add(r.line, r.fields));
  }
  rows.push(...mapper.finish());
  return { rows, errors };
}
