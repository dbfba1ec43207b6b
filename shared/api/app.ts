import { z } from 'zod';
import { jobProcedure, query } from './define.ts';
import { jobKind } from './job-parts.ts';

export const hosts = ['desktop', 'web', 'cli'] as const;
export const Host = z.enum(hosts);
export type Host = z.infer<typeof Host>;

export const AppInfo = z.object({
  version: z.string(),
  host: Host,
  workspace: z.object({
    path: z.string(),
    schemaVersion: z.number().int(),
    createdAt: z.string(),
    timeZone: z.string(),
  }),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const stepIds = ['connect', 'pull', 'review', 'approve', 'push', 'plan', 'cutover', 'verify'] as const;
export const StepId = z.enum(stepIds);
export type StepId = z.infer<typeof StepId>;

export const StepState = z.enum([
  'todo', // can be done now
  'done',
  'running',
  'blocked', // waits for an earlier step
  'unavailable', // the capability has not shipped yet
]);

export const WizardStep = z.object({
  id: StepId,
  title: z.string(),
  state: StepState,
  /** One line on where this step stands, from the workspace's real state. */
  summary: z.string(),
  /** Facts worth showing on the step's page (counts, times). */
  facts: z.array(z.object({ label: z.string(), value: z.string() })),
});
export type WizardStep = z.infer<typeof WizardStep>;

export const WorkspaceCheckResult = z.object({
  /** 'ok', or 'not ok' with the problems found. */
  integrity: z.string(),
  /** What SQLite found wrong (the first few), or empty. */
  problems: z.array(z.string()).default([]),
  /** Each table's rows; a damaged table has null rows (it could not be counted) or a problem. */
  tables: z.array(z.object({ name: z.string(), rows: z.number().int().nullable(), problem: z.string().optional() })),
});
export type WorkspaceCheckResult = z.infer<typeof WorkspaceCheckResult>;

export const workspaceCheckJob = jobKind({
  kind: 'workspace-check',
  label: 'Check workspace',
  unit: 'tables',
  result: WorkspaceCheckResult,
  steps: [
    { id: 'integrity', label: "SQLite's integrity check" },
    { id: 'counts', label: 'Row counts per table' },
  ],
});

/** Recorded once when a workspace is opened after its last session ended without closing it (a crash, a kill). */
export const SessionResumeResult = z.object({
  /** What the History says: the last session ended without closing; resuming. */
  note: z.string(),
  previous: z.object({ pid: z.number().int(), host: z.string(), since: z.string() }),
  /** Jobs that session left running or queued, now marked interrupted. */
  interruptedJobs: z.number().int(),
});
export type SessionResumeResult = z.infer<typeof SessionResumeResult>;

export const sessionResumeJob = jobKind({ kind: 'session-resume', label: 'Resume after an unclean exit', unit: 'sessions', result: SessionResumeResult });

const NoInput = z.object({}).strict();

export const appProcedures = {
  'app-info': query({ input: NoInput, output: AppInfo, summary: 'Version, host and the open workspace.', reads: ['settings'] }),
  'wizard-status': query({
    input: NoInput,
    output: z.array(WizardStep),
    summary: 'The launch wizard: each step with its state derived from the workspace.',
    reads: ['connection', 'cache', 'settings', 'jobs', 'findings', 'decisions', 'approval', 'target'],
  }),
  'workspace-check': jobProcedure(workspaceCheckJob, {
    input: NoInput,
    summary: "Starts a job that checks the cache's integrity table by table and counts its rows.",
    writes: [],
  }),
};
