// Test support for CSV imports: a fresh workspace and a stand-in for the job runner's context.
import { CutoverError } from '../../../../shared/api/errors.ts';
import type { JobContext, PartHandle } from '../../jobs/job-runner.ts';
import { tempDir } from '../../testing.ts';
import { openWorkspace, type Workspace } from '../../workspace/workspace.ts';

export interface StubJob extends JobContext {
  /** Every overall.set call, in order. */
  readonly progress: { done: number; total: number | null | undefined }[];
  readonly notes: string[];
  cancel(): void;
}

export function stubJob(opts: { cancelAfterSets?: number } = {}): StubJob {
  const controller = new AbortController();
  const progress: StubJob['progress'] = [];
  const notes: string[] = [];
  const overall: PartHandle = {
    set(done, total) {
      progress.push({ done, total });
      if (opts.cancelAfterSets !== undefined && progress.length >= opts.cancelAfterSets) controller.abort();
    },
    add(n) {
      const last = progress.at(-1);
      progress.push({ done: (last?.done ?? 0) + n, total: last?.total });
    },
    note(text) {
      notes.push(text);
    },
  };
  return {
    signal: controller.signal,
    overall,
    progress,
    notes,
    part: () => overall,
    throwIfCancelled() {
      if (controller.signal.aborted) throw new CutoverError('CANCELLED', 'Cancelled; the work done so far is kept.');
    },
    cancel: () => controller.abort(),
  };
}

export interface TempWorkspace {
  workspace: Workspace;
  path: string;
  close(): void;
}

export function tempWorkspace(): TempWorkspace {
  const dir = tempDir('cutover-csv-');
  const workspace = openWorkspace(dir.path);
  return {
    workspace,
    path: dir.path,
    close() {
      workspace.close();
      dir.remove();
    },
  };
}
