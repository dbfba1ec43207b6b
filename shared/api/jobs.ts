// Long work (pull, import, push, cutover) runs as a job: started by a procedure that returns
// its id at once, then reported through job events until it is done, failed or cancelled.
import { z } from 'zod';
import { ApiErrorBody } from './errors.ts';
import { procedure } from './define.ts';

export const JobState = z.enum(['running', 'done', 'failed', 'cancelled', 'interrupted']);
export type JobState = z.infer<typeof JobState>;

export const ProgressPart = z.object({
  label: z.string(),
  done: z.number().int().nonnegative(),
  /** Null while the total is unknown (APIs that give no count). */
  total: z.number().int().nonnegative().nullable(),
  /** Items per second over the recent past; null until measurable. */
  rate: z.number().nonnegative().nullable(),
  etaSeconds: z.number().nonnegative().nullable(),
  unit: z.string(),
  note: z.string().optional(),
});
export type ProgressPart = z.infer<typeof ProgressPart>;

export const JobInfo = z.object({
  id: z.string(),
  kind: z.string(),
  label: z.string(),
  state: JobState,
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Overall progress, plus named parts for work with several streams (e.g. one per source). */
  progress: ProgressPart,
  parts: z.record(z.string(), ProgressPart),
  result: z.unknown().optional(),
  error: ApiErrorBody.optional(),
});
export type JobInfo = z.infer<typeof JobInfo>;

export const JobStarted = z.object({ jobId: z.string() });
export type JobStarted = z.infer<typeof JobStarted>;

const JobRef = z.object({ jobId: z.string().min(1) }).strict();

export const jobProcedures = {
  'jobs-list': procedure({
    input: z.object({ limit: z.number().int().min(1).max(500).default(50) }).strict(),
    output: z.array(JobInfo),
    summary: 'Running and recent jobs, newest first.',
  }),
  'job-get': procedure({ input: JobRef, output: JobInfo, summary: 'One job by id.' }),
  'job-cancel': procedure({
    input: JobRef,
    output: JobInfo,
    summary: 'Asks a running job to stop at its next safe point; its work so far is kept.',
  }),
  'job-wait': procedure({
    input: JobRef.extend({ timeoutMs: z.number().int().min(0).max(3_600_000).default(600_000) }).strict(),
    output: JobInfo,
    summary: 'Waits until the job ends (or the timeout passes) and returns it.',
  }),
};
