// CSV export of a grid's current view (shared/api/export.ts): the grid's own paged source, read
// by keyset pages of a few thousand rows and written to the file as they come, so memory stays
// flat however many rows match. The file lands in the workspace's exports/ folder under the
// export's id; hosts hand it to the reviewer by that id only (exportFile), never by a path
// from the renderer.
import { randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { ExportId, type ExportableGrid, type GridExportInput, type GridExportResult } from '../../../shared/api/export.ts';
import { PageRequest, type Page } from '../../../shared/api/paged.ts';
import { errors } from '../../../shared/api/errors.ts';
import type { EngineContext } from '../context.ts';
import { defineJob, type WorkContext } from '../jobs/job-runner.ts';
import { runPage, type PagedSource } from '../query/paged.ts';
import { handlers } from '../registry.ts';
import { decisionsSource, findingsSource, paymentsSource, peopleSource, suggestionsSource } from '../reconcile/queries.ts';
import { withLiveIndexes } from '../reconcile/derived-store.ts';
import { fresh } from '../reconcile/service.ts';
import type { z } from 'zod';

const sources: Record<ExportableGrid, PagedSource> = {
  'reconcile-findings': findingsSource,
  'reconcile-suggestions': suggestionsSource,
  'reconcile-people': peopleSource,
  'reconcile-payments': paymentsSource,
  'reconcile-decisions': decisionsSource,
};

const CHUNK = 2_000;

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break; a leading =+-@ is defused for spreadsheets. */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (/^[=+\-@\t\r]/.test(s) && typeof v === 'string') s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function exportsDir(ctx: EngineContext): string {
  return join(ctx.workspace.path, 'exports');
}

/** The finished file of an export, by its id; null when there is none. */
export function exportFile(workspacePath: string, id: string): string | null {
  if (!ExportId.safeParse(id).success) return null;
  const file = join(workspacePath, 'exports', `${id}.csv`);
  return existsSync(file) ? file : null;
}

interface ExportArgs {
  ctx: EngineContext;
  input: z.output<typeof GridExportInput>;
  exportId: string;
}

export const gridExportJobDef = defineJob({
  kind: 'grid-export',
  // Reads the derived tables: a recompute must not rebuild them under it.
  locks: { cache: 'shared' },
  label: ({ input }: ExportArgs) => `CSV export: ${input.name}`,
  run: ({ ctx, input, exportId }: ExportArgs, job) => writeExport(ctx, input, exportId, job),
  recover: (_job, ctx) => {
    const dir = exportsDir(ctx);
    if (!existsSync(dir)) return undefined;
    const parts = readdirSync(dir).filter((f) => f.endsWith('.csv.part'));
    for (const f of parts) rmSync(join(dir, f), { force: true });
    return parts.length ? 'The unfinished export file was removed; export again.' : undefined;
  },
});

async function writeExport(ctx: EngineContext, input: ExportArgs['input'], exportId: string, job: WorkContext): Promise<GridExportResult> {
  const db = ctx.workspace.db;
  const source = withLiveIndexes(db, sources[input.grid]);
  for (const c of input.columns) if (!Object.prototype.hasOwnProperty.call(source.columns, c.id)) throw errors.badInput(`There is no column "${c.id}" in this grid.`);
  const base = PageRequest.parse({ ...input.request, cursor: null, offset: 0, facets: [], withTotals: true, limit: 1 });
  const total = runPage(db, source, base, (r) => r, []).total ?? 0;
  job.overall.set(0, total);
  const dir = exportsDir(ctx);
  mkdirSync(dir, { recursive: true });
  const final = join(dir, `${exportId}.csv`);
  const part = `${final}.part`;
  const out = createWriteStream(part, { encoding: 'utf8' });
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const select = input.columns.map((c) => c.id);
  let rows = 0;
  try {
    // A byte-order mark, so spreadsheets read the file as UTF-8.
    await write(`\uFEFF${input.columns.map((c) => csvField(c.header)).join(',')}\r\n`);
    let cursor: string | null = null;
    do {
      job.throwIfCancelled();
      const page: Page<Record<string, unknown>> = runPage(db, source, { ...base, withTotals: false, cursor, limit: CHUNK }, (r) => r, select);
      let text = '';
      for (const r of page.rows) text += `${select.map((c) => csvField(r[c])).join(',')}\r\n`;
      await write(text);
      rows += page.rows.length;
      job.overall.set(rows, total);
      cursor = page.next;
    } while (cursor);
    out.end();
    await once(out, 'finish');
  } catch (err) {
    out.destroy();
    rmSync(part, { force: true });
    throw err;
  }
  renameSync(part, final);
  return { exportId, fileName: `${input.name.replace(/\s+/g, '-')}.csv`, rows, bytes: statSync(final).size };
}

export const exportJobs = [gridExportJobDef];

export const exportHandlers = handlers({
  'export-grid': async (input, ctx) => {
    await fresh(ctx);
    return ctx.jobs.start(gridExportJobDef, { ctx, input, exportId: randomUUID() });
  },
});
