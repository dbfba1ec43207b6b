// What every handler gets: the open workspace, the job runner, secrets, and host facts.
import type { Workspace } from './workspace/workspace.ts';
import type { JobRunner } from './jobs/job-runner.ts';
import type { SecretStore } from './secrets.ts';

export type HostKind = 'desktop' | 'web' | 'cli';

export interface EngineContext {
  readonly workspace: Workspace;
  readonly jobs: JobRunner;
  readonly secrets: SecretStore;
  readonly host: HostKind;
  readonly version: string;
  /** Resources to release when the engine closes (servers, timers). */
  onClose(fn: () => void | Promise<void>): void;
}
