// A started job's outcome: its steps when it has any, a line while it waits or runs, its error if
// it did not finish, else its typed result drawn by `children`.
import type { ReactNode } from 'react';
import type { JobInfo } from '../../../shared/api/jobs.ts';
import { waitingText } from '../jobSummary.ts';
import { JobSteps } from './JobSteps.tsx';

/** A job of a kind whose result is R (e.g. JobOf<'csv-import'>). */
export type JobWithResult<R> = Pick<JobInfo, 'state' | 'error' | 'steps' | 'waitingFor'> & { result?: R };

interface Props<R> {
  job: JobWithResult<R>;
  /** What the job is called in its messages, e.g. "import". */
  noun: string;
  runningText: ReactNode;
  children: (result: R) => ReactNode;
}

function Outcome<R>({ job, noun, runningText, children }: Props<R>) {
  if (job.state === 'queued') return <p className="muted">{waitingText(job)}…</p>;
  if (job.state === 'running') return <p className="muted">{runningText}</p>;
  if (job.state !== 'done') return <p className="error-text-inline">{job.error?.message ?? `The ${noun} ended: ${job.state}.`}</p>;
  if (job.result === undefined) return <p className="muted">{`The ${noun} finished but reported no result.`}</p>;
  return children(job.result);
}

export function JobResult<R>(props: Props<R>) {
  return (
    <>
      <JobSteps steps={props.job.steps} />
      <Outcome {...props} />
    </>
  );
}
