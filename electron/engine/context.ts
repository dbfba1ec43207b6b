// What every handler gets: the open workspace, the job runner, secrets, and host facts.
import type { Host } from '../../shared/api/app.ts';
import type { Dataset } from '../../shared/api/datasets.ts';
import type { SourceId } from '../../shared/api/sources.ts';
import type { Workspace } from './workspace/workspace.ts';
import type { JobRunner } from './jobs/job-runner.ts';
import type { SecretStore } from './secrets.ts';
import type { FileGrants, Transport } from './files/grants.ts';

export type HostKind = Host;

/** Where a source is pulled from, with its key. */
export interface Endpoint {
  baseUrl: string;
  key: string;
}

/**
 * Sources served by the demo's simulator instead of the live APIs. The engine plugs the demo in
 * here, so the sources never import the demo and a live pull never passes through it.
 */
export interface SimulatedSources {
  /** Starts (or reuses) the simulator for the workspace's demo settings; where each source is. */
  endpoints(ctx: EngineContext): Promise<Record<SourceId, Endpoint>>;
  /** The running simulator's URL, if one runs. */
  url(ctx: EngineContext): string | null;
}

/**
 * The demo workspace's production database (an embedded PostgreSQL in the workspace folder),
 * plugged in here by the engine so the target code never imports the demo.
 */
export interface DemoTarget {
  /** Starts (or adopts) it, installing it on first start with this scale and seed; the owner role's URL. */
  start(ctx: EngineContext, options: { scale: number; seed: number }): Promise<{ url: string }>;
}

/** Facts about one call, stated by the host that carried it. */
export interface CallInfo {
  readonly transport: Transport;
}

export interface EngineContext {
  readonly workspace: Workspace;
  readonly jobs: JobRunner;
  readonly secrets: SecretStore;
  /** Files the host opened for a call to read (csv-import's fileToken). */
  readonly files: FileGrants;
  readonly host: HostKind;
  readonly version: string;
  readonly demo: SimulatedSources;
  readonly demoTarget: DemoTarget;
  /** Announces data written outside a procedure's own announcement. */
  changed(datasets: readonly Dataset[]): void;
  /** Resources to release when the engine closes (servers, timers). */
  onClose(fn: () => void | Promise<void>): void;
}
