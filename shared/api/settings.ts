// The workspace settings an operator can see and change. The engine keeps its own bookkeeping
// settings beside these (electron/engine/workspace/settings.ts); secrets are never settings.
import { z } from 'zod';
import { mutation, query } from './define.ts';

export const DEFAULT_TIME_ZONE = 'Asia/Manila';

export const WorkspaceSettings = z.object({
  /** IANA zone months, quarters and "today" are read in; zone-less CSV timestamps are read in it too. */
  timeZone: z.string().min(1).max(64).default(DEFAULT_TIME_ZONE),
  /** First month of the fiscal year (1 = January). */
  fiscalYearStartMonth: z.number().int().min(1).max(12).default(1),
  /** Who this workspace's decisions are recorded as. */
  reviewerName: z.string().trim().max(100).default(''),
});
export type WorkspaceSettings = z.infer<typeof WorkspaceSettings>;

export const settingsProcedures = {
  'settings-get': query({
    input: z.object({}).strict(),
    output: WorkspaceSettings,
    summary: "The workspace's settings: time zone, fiscal-year start, reviewer name.",
    reads: ['settings'],
  }),
  'settings-set': mutation({
    input: WorkspaceSettings.partial().strict(),
    output: WorkspaceSettings,
    summary: 'Changes some of the workspace settings; the others stay as they are.',
    writes: ['settings'],
  }),
};
