// A started job's outcome: a line while it runs, its error if it did not finish, else its
// recorded result (checked against the contract's schema) drawn by `children`.
import type { ReactNode } from 'react';
import type { z } from 'zod';
import type { JobInfo } from '../../../shared/api/jobs.ts';

interface Props<S extends z.ZodType> {
  job: JobInfo;
  schema: S;
  /** What the job is called in its messages, e.g. "import". */
  noun: string;
  runningText: ReactNode;
  children: (result: z.output<S>) => ReactNode;
}

export function JobResult<S extends z.ZodType>({ job, schema, noun, runningText, children }: Props<S>) {
  if (job.state === 'running') return <p className="muted">{runningText}</p>;
  if (job.state !== 'done') return <p className="error-text-inline">{job.error?.message ?? `The ${noun} ended: ${job.state}.`}</p>;
  const parsed = schema.safeParse(job.result);
  if (!parsed.success) return <p className="muted">{`The ${noun} finished but reported no result.`}</p>;
  return children(parsed.data);
}
