// Long work (pull, import, push, cutover) runs as a job: started by a procedure that returns its
// id at once, then reported through job events until it is done, failed or cancelled. A job's
// shape depends on its kind: `JobInfo` is a union discriminated by `kind`, so a job's result is
// typed wherever it is read.
import { z } from 'zod';
import { query, mutation } from './define.ts';
import { jobInfoSchema, type JobKindDef } from './job-parts.ts';
import { sessionResumeJob, workspaceCheckJob } from './app.ts';
import { csvImportJob, pullJob } from './sources.ts';
import { reconcileJob } from './reconcile.ts';
import { gridExportJob } from './export.ts';
import { pushJob } from './target.ts';
import { cutoverJob, cutoverPlanJob, rollbackJob } from './cutover.ts';

/** Every kind of job, each declared beside the procedure that starts it. */
export const jobKinds = [workspaceCheckJob, sessionResumeJob, pullJob, csvImportJob, reconcileJob, gridExportJob, pushJob, cutoverPlanJob, cutoverJob, rollbackJob] as const;
export type JobKind = (typeof jobKinds)[number]['kind'];
export type JobKindOf<K extends JobKind> = Extract<(typeof jobKinds)[number], { kind: K }>;

export const JobInfo = z.discriminatedUnion('kind', [
  jobInfoSchema(workspaceCheckJob),
  jobInfoSchema(sessionResumeJob),
  jobInfoSchema(pullJob),
  jobInfoSchema(csvImportJob),
  jobInfoSchema(reconcileJob),
  jobInfoSchema(gridExportJob),
  jobInfoSchema(pushJob),
  jobInfoSchema(cutoverPlanJob),
  jobInfoSchema(cutoverJob),
  jobInfoSchema(rollbackJob),
]);
export type JobInfo = z.infer<typeof JobInfo>;
export type JobOf<K extends JobKind> = Extract<JobInfo, { kind: K }>;
/** What a finished job of kind K returns. */
export type JobResult<K extends JobKind> = z.output<JobKindOf<K>['result']>;

export function isJobOf<K extends JobKind>(job: JobInfo, kind: K): job is JobOf<K> {
  return job.kind === kind;
}

export function jobKindDef<K extends JobKind>(kind: K): JobKindOf<K> {
  const def = (jobKinds as readonly JobKindDef[]).find((k) => k.kind === kind);
  if (!def) throw new Error(`unknown job kind ${kind}`);
  return def as JobKindOf<K>;
}

const JobRef = z.object({ jobId: z.string().min(1).max(100) }).strict();

export const jobProcedures = {
  'jobs-list': query({
    input: z.object({ limit: z.number().int().min(1).max(500).default(50) }).strict(),
    output: z.array(JobInfo),
    summary: 'Queued, running and recent jobs, newest first.',
    reads: ['jobs'],
  }),
  'job-get': query({ input: JobRef, output: JobInfo, summary: 'One job by id.', reads: ['jobs'] }),
  'job-cancel': mutation({
    input: JobRef,
    output: JobInfo,
    summary: 'Asks a job to stop at its next safe point (a queued one never starts); its work so far is kept.',
    writes: ['jobs'],
  }),
  'job-wait': query({
    input: JobRef.extend({ timeoutMs: z.number().int().min(0).max(3_600_000).default(600_000) }).strict(),
    output: JobInfo,
    summary: 'Waits until the job ends (or the timeout passes) and returns it.',
    reads: ['jobs'],
  }),
};
