// Jobs as the engine reports them through events: one store for the whole page, so the job bar,
// the pages and the wizard all see the same state. A job a page started is also fetched once
// directly (its first events may come before the page knows its id), and after the event stream
// dropped and came back the jobs are read again (useEngineSync).
import { createContext, useContext, useEffect, useRef, useSyncExternalStore } from 'react';
import type { ApiClient } from '../../../shared/api/index.ts';
import type { JobInfo } from '../../../shared/api/jobs.ts';

/** A job was queued, started or ended (or the page first heard of it). */
type StateListener = (job: JobInfo) => void;

/** How many recent jobs are read when the page opens or the event stream comes back. */
const RECENT = 20;

/** Queued or running: not yet ended. */
export function isRunning(job: JobInfo): boolean {
  return job.state === 'running' || job.state === 'queued';
}

export class JobStore {
  private readonly jobs = new Map<string, JobInfo>();
  /** When this page learned that a job ended (for the bar's "show done for a few seconds"). */
  private readonly endedAt = new Map<string, number>();
  private snapshot: JobInfo[] = [];
  private readonly changeListeners = new Set<() => void>();
  private readonly stateListeners = new Set<StateListener>();

  constructor(private readonly api: ApiClient) {}

  /** Takes in a job's latest state. `quiet` records it without announcing a change of state. */
  upsert(job: JobInfo, quiet = false): void {
    const prev = this.jobs.get(job.id);
    // Events and direct reads can arrive out of order: an ended job never runs again.
    if (prev && !isRunning(prev) && isRunning(job)) return;
    if (prev && JSON.stringify(prev) === JSON.stringify(job)) return;
    this.jobs.set(job.id, job);
    const ended = !isRunning(job) && (!prev || isRunning(prev));
    if (ended) this.endedAt.set(job.id, Date.now());
    this.snapshot = [...this.jobs.values()].sort((a, b) => b.queuedAt.localeCompare(a.queuedAt));
    for (const l of [...this.changeListeners]) l();
    if (quiet || prev?.state === job.state) return;
    for (const l of [...this.stateListeners]) l(job);
  }

  /** Fetches a job this page just started, in case its events came first or not at all. */
  async track(jobId: string): Promise<void> {
    try {
      this.upsert(await this.api.call('job-get', { jobId }));
    } catch {
      // its events will still tell
    }
  }

  /** Jobs running when the page opened (e.g. after a reload during a pull), taken in quietly. */
  async seed(): Promise<void> {
    for (const job of await this.recent()) if (isRunning(job)) this.upsert(job, true);
  }

  /**
   * After missed events (the stream dropped and came back): the jobs this page thought running
   * may have ended, and others may have been queued or started. Their ends are announced.
   */
  async resync(): Promise<void> {
    const list = await this.recent();
    for (const job of list) if (isRunning(job) || this.jobs.has(job.id)) this.upsert(job);
    const listed = new Set(list.map((j) => j.id));
    await Promise.all(this.snapshot.filter((j) => isRunning(j) && !listed.has(j.id)).map((j) => this.track(j.id)));
  }

  private async recent(): Promise<JobInfo[]> {
    try {
      return await this.api.call('jobs-list', { limit: RECENT });
    } catch {
      return []; // the pages that list jobs report their own failures
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

  onStateChange(listener: StateListener): () => void {
    this.stateListeners.add(listener);
    return () => {
      this.stateListeners.delete(listener);
    };
  }
}

export const JobsContext = createContext<JobStore | null>(null);

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

/** Calls back when a job is queued, starts or ends (the latest callback, no resubscribing). */
export function useJobStateChanges(listener: StateListener): void {
  const store = useJobStore();
  const ref = useRef(listener);
  useEffect(() => {
    ref.current = listener;
  });
  useEffect(() => store.onStateChange((job) => ref.current(job)), [store]);
}

/**
 * A job by id that this page did not start (the last plan, a swap started before a reload): read
 * once if the store does not know it yet; its events keep it current from then on.
 */
export function useKnownJob(jobId: string | null): JobInfo | undefined {
  const store = useJobStore();
  const job = useJob(jobId);
  useEffect(() => {
    if (jobId && !store.get(jobId)) void store.track(jobId);
  }, [jobId, store]);
  return job;
}
