// The pieces every job is made of: its state, its progress parts, its steps, and how a job kind
// is declared in the contract (its kind, label, progress parts, steps and result schema).
import { z } from 'zod';
import { ApiErrorBody } from './errors.ts';

/** queued: waiting for a resource another job holds (the cache, the target database). */
export const JobState = z.enum(['queued', 'running', 'done', 'failed', 'cancelled', 'interrupted']);
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

export const StepStatus = z.enum(['pending', 'running', 'ok', 'failed', 'skipped']);
export type StepStatus = z.infer<typeof StepStatus>;

/** One step of a job that runs a fixed sequence (a push, a cutover), with its own outcome. */
export const JobStep = z.object({
  id: z.string(),
  label: z.string(),
  status: StepStatus,
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** Why it was skipped or failed, or what it found. */
  note: z.string().optional(),
});
export type JobStep = z.infer<typeof JobStep>;

export const JobStarted = z.object({ jobId: z.string() });
export type JobStarted = z.infer<typeof JobStarted>;

/** A kind of job as the contract declares it. */
export interface JobKindDef<K extends string = string, R extends z.ZodType = z.ZodType, P extends string = string, S extends string = string> {
  kind: K;
  /** What the job bar and history call it. */
  label: string;
  /** The unit of its overall progress. */
  unit: string;
  /** The schema of what a finished job returns. */
  result: R;
  /** The named parts its progress is split into (e.g. one per stream), when it has any. */
  parts?: readonly P[];
  /** The fixed steps it runs, in order, when it has any. */
  steps?: readonly { id: S; label: string }[];
}

export function jobKind<const K extends string, R extends z.ZodType, const P extends string = never, const S extends string = never>(
  def: JobKindDef<K, R, P, S>,
): JobKindDef<K, R, P, S> {
  return def;
}

/** The schema of one job of a kind, as the engine reports it. */
export function jobInfoSchema<K extends string, R extends z.ZodType>(def: JobKindDef<K, R>) {
  return z.object({
    id: z.string(),
    kind: z.literal(def.kind),
    label: z.string(),
    state: JobState,
    /** When it was asked for; `startedAt` is when it began running (after any queueing). */
    queuedAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    /** Overall progress, plus named parts for work with several streams (e.g. one per source). */
    progress: ProgressPart,
    parts: z.record(z.string(), ProgressPart),
    steps: z.array(JobStep),
    /** Present when the job is queued: what it waits for. */
    waitingFor: z.string().optional(),
    result: def.result.optional(),
    error: ApiErrorBody.optional(),
  });
}
