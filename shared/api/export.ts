// CSV export of a grid's current view: the rows its filters, search and sort select — all of
// them, not only those loaded — streamed by the engine into a file of the workspace's exports
// folder as a job with progress, then handed to the reviewer by the host (a download on the web
// host, a save dialog in the desktop app).
import { z } from 'zod';
import { jobProcedure } from './define.ts';
import { jobKind } from './job-parts.ts';
import { PageRequest } from './paged.ts';

export const exportableGrids = ['reconcile-findings', 'reconcile-suggestions', 'reconcile-people', 'reconcile-payments', 'reconcile-decisions'] as const;
export const ExportableGrid = z.enum(exportableGrids);
export type ExportableGrid = z.infer<typeof ExportableGrid>;

/** An export's id: what the host's download asks for (never a path). */
export const ExportId = z.string().regex(/^[0-9a-f-]{36}$/, 'an export id is a UUID');

export const GridExportInput = z
  .object({
    grid: ExportableGrid,
    /** The grid's request; its cursor, offset, limit and facets are ignored. */
    request: PageRequest,
    /** The columns shown, in order: the engine's column name and the header to write. */
    columns: z
      .array(z.object({ id: z.string().min(1).max(64), header: z.string().min(1).max(200) }).strict())
      .min(1)
      .max(60),
    /** What to call the file (letters, digits, spaces, dashes). */
    name: z.string().trim().regex(/^[\w .-]{1,80}$/, 'a name of letters, digits, spaces and dashes').default('export'),
  })
  .strict();
export type GridExportInput = z.input<typeof GridExportInput>;

export const GridExportResult = z.object({
  exportId: ExportId,
  fileName: z.string(),
  rows: z.number().int(),
  bytes: z.number().int(),
});
export type GridExportResult = z.infer<typeof GridExportResult>;

export const gridExportJob = jobKind({ kind: 'grid-export', label: 'CSV export', unit: 'rows', result: GridExportResult });

export const exportProcedures = {
  'export-grid': jobProcedure(gridExportJob, {
    input: GridExportInput,
    summary: "Writes every row of a grid's current view (filters, search and sort applied) to a CSV file, streamed, with progress.",
    writes: [],
  }),
};
