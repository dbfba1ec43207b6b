// A job a page starts and then shows the outcome of (pull, CSV import, workspace check).
import { useCallback, useState } from 'react';
import type { JobInfo, JobStarted } from '../../../shared/api/index.ts';
import { useAction } from './useApi.ts';
import { isRunning, useJob, useJobStore } from './useJobs.ts';

export interface StartedJob {
  job: JobInfo | undefined;
  /** The start call is on its way. */
  busy: boolean;
  /** The started job is known and still running. */
  running: boolean;
  start(begin: () => Promise<JobStarted>, context: string): Promise<void>;
}

export function useStartedJob(): StartedJob {
  const store = useJobStore();
  const { busy, run } = useAction();
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId);

  const start = useCallback(
    async (begin: () => Promise<JobStarted>, context: string) => {
      const started = await run(begin, { context });
      if (!started) return;
      setJobId(started.jobId);
      await store.track(started.jobId);
    },
    [run, store],
  );

  return { job, busy, running: job !== undefined && isRunning(job), start };
}
