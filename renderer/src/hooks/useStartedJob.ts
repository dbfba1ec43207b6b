// A job a page starts and then shows the outcome of (pull, CSV import, workspace check), typed
// by its kind.
import { useCallback, useState } from 'react';
import type { JobStarted } from '../../../shared/api/index.ts';
import { isJobOf, type JobKind, type JobOf } from '../../../shared/api/jobs.ts';
import { useAction } from './useApi.ts';
import { isRunning, useJob, useJobStore } from './useJobs.ts';

export interface StartedJob<K extends JobKind> {
  job: JobOf<K> | undefined;
  /** The start call is on its way. */
  busy: boolean;
  /** The started job is known and queued or running. */
  running: boolean;
  start(begin: () => Promise<JobStarted>, context: string): Promise<void>;
}

export function useStartedJob<K extends JobKind>(kind: K): StartedJob<K> {
  const store = useJobStore();
  const { busy, run } = useAction();
  const [jobId, setJobId] = useState<string | null>(null);
  const found = useJob(jobId);
  const job = found && isJobOf(found, kind) ? found : undefined;

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
