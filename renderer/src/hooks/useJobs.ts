// Jobs as the engine reports them through events: one store for the whole page, so the job bar,
// the pages and the wizard all see the same state. A job a page started is also fetched once
// directly (events may race the call's answer), and running jobs that fall silent are re-read.
import { createContext, useContext, useEffect, useRef, useSyncExternalStore } from 'react';
import type { ApiClient } from '../../../shared/api/index.ts';
import type { JobInfo } from '../../../shared/api/jobs.ts';

type JobListener = (job: JobInfo) => void;

const SILENT_MS = 3_000;

/** Queued or running: not yet ended. */
export function isRunning(job: JobInfo): boolean {
  return job.state === 'running' || job.state === 'queued';
}

export class JobStore {
  private readonly jobs = new Map<string, JobInfo>();
  private readonly seenAt = new Map<string, number>();
  /** When this page learned that a job ended (for the bar's "show done for a few seconds"). */
  private readonly endedAt = new Map<string, number>();
  private snapshot: JobInfo[] = [];
  private readonly changeListeners = new Set<() => void>();
  private readonly startListeners = new Set<JobListener>();
  private readonly endListeners = new Set<JobListener>();

  constructor(private readonly api: ApiClient) {}

  /** Takes in a job's latest state. `quiet` records it without announcing a start or an end. */
  upsert(job: JobInfo, quiet = false): void {
    const prev = this.jobs.get(job.id);
    // Events and direct reads can arrive out of order: an ended job never runs again.
    if (prev && !isRunning(prev) && isRunning(job)) return;
    this.seenAt.set(job.id, Date.now());
    if (prev && JSON.stringify(prev) === JSON.stringify(job)) return;
    this.jobs.set(job.id, job);
    const ended = !isRunning(job) && (!prev || isRunning(prev));
    if (ended) this.endedAt.set(job.id, Date.now());
    this.snapshot = [...this.jobs.values()].sort((a, b) => b.queuedAt.localeCompare(a.queuedAt));
    for (const l of [...this.changeListeners]) l();
    if (quiet) return;
    if (!prev && isRunning(job)) for (const l of [...this.startListeners]) l(job);
    if (ended) for (const l of [...this.endListeners]) l(job);
  }

  /** Fetches a job this page just started, in case its events came first or not at all. */
  async track(jobId: string): Promise<void> {
    try {
      this.upsert(await this.api.call('job-get', { jobId }));
    } catch {
      // events will still tell; the poll below retries
    }
  }

  /** Re-reads running jobs whose events have gone quiet (e.g. the event stream reconnected). */
  async pollSilent(): Promise<void> {
    const now = Date.now();
    const silent = this.snapshot.filter((j) => isRunning(j) && now - (this.seenAt.get(j.id) ?? 0) > SILENT_MS);
    await Promise.all(silent.map((j) => this.track(j.id)));
  }

  /** Jobs running when the page opened (e.g. after a reload during a pull). */
  async seed(): Promise<void> {
    try {
      const list = await this.api.call('jobs-list', { limit: 20 });
      for (const job of list) if (isRunning(job)) this.upsert(job, true);
    } catch {
      // the pages that list jobs report their own failures
    }
  }

  endedLocallyAt(jobId: string): number | undefined {
    return this.endedAt.get(jobId);
  }

  get(jobId: string): JobInfo | undefined {
    return this.jobs.get(jobId);
  }

  getSnapshot = (): JobInfo[] => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  };

  onStart(listener: JobListener): () => void {
    this.startListeners.add(listener);
    return () => this.startListeners.delete(listener);
  }

  onEnd(listener: JobListener): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }
}

export const JobsContext = createContext<JobStore | null>(null);

/** Creates the page's job store: listens to engine events, seeds running jobs, re-reads silent ones. */
export function useJobStoreLifecycle(store: JobStore, api: ApiClient): void {
  useEffect(() => {
    const unsubscribe = api.subscribe((event) => {
      if (event.type === 'job') store.upsert(event.job);
    });
    void store.seed();
    const timer = window.setInterval(() => void store.pollSilent(), 2_000);
    return () => {
      unsubscribe();
      window.clearInterval(timer);
    };
  }, [store, api]);
}

export function useJobStore(): JobStore {
  const store = useContext(JobsContext);
  if (!store) throw new Error('useJobStore outside JobsContext');
  return store;
}

/** Every job this page knows of, newest first. */
export function useJobs(): JobInfo[] {
  const store = useJobStore();
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

/** One job by id (undefined until known); re-renders only when that job changes. */
export function useJob(jobId: string | null): JobInfo | undefined {
  const store = useJobStore();
  return useSyncExternalStore(store.subscribe, () => (jobId ? store.get(jobId) : undefined));
}

/** Calls back when any job starts or ends (latest callbacks, no resubscribing). */
export function useJobEvents(handlers: { onStart?: JobListener; onEnd?: JobListener }): void {
  const store = useJobStore();
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });
  useEffect(() => {
    const offStart = store.onStart((job) => ref.current.onStart?.(job));
    const offEnd = store.onEnd((job) => ref.current.onEnd?.(job));
    return () => {
      offStart();
      offEnd();
    };
  }, [store]);
}
