// The engine: everything the app does, in plain Node. Every host (Electron's utility process,
// the web host, the CLI) creates one per workspace and talks to it through call() and events.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { combine } from '../../shared/api/define.ts';
import type { EngineEvent } from '../../shared/api/events.ts';
import { procedures, type Input, type Output, type ProcedureName } from '../../shared/api/index.ts';
import type { JobKind } from '../../shared/api/jobs.ts';
import type { Dataset } from '../../shared/api/datasets.ts';
import type { CallOutcome } from '../../shared/api/transport.ts';
import type { EngineContext, HostKind } from './context.ts';
import { createDispatcher } from './dispatch.ts';
import { buildRegistry, type Handlers } from './registry.ts';
import { JobRunner } from './jobs/job-runner.ts';
import { appHandlers, appJobs, sessionResume } from './app/handlers.ts';
import { jobHandlers } from './jobs/handlers.ts';
import { demoHandlers, demoTarget, simulatedSources } from './demo/handlers.ts';
import { targetHandlers, targetJobs } from './target/handlers.ts';
import { cutoverHandlers, cutoverJobs } from './cutover/handlers.ts';
import { sourceHandlers, sourceJobs } from './sources/handlers.ts';
import { reconcileHandlers, reconcileJobs } from './reconcile/handlers.ts';
import { replayAfterSources } from './reconcile/service.ts';
import { approvalHandlers } from './approval/handlers.ts';
import { exportHandlers, exportJobs } from './export/grid-export.ts';
import { appRoot } from './paths.ts';
import { memorySecretStore, redact, redactValue, remembering, secretsFromEnv, type SecretStore } from './secrets.ts';
import { explainFailure, openWorkspace } from './workspace/workspace.ts';
import { FileGrants, type Transport } from './files/grants.ts';

// A missing procedure or one defined twice is a compile error here, and an error at start-up.
const registry = buildRegistry(
  combine('the engine handlers', appHandlers, jobHandlers, sourceHandlers, demoHandlers, reconcileHandlers, approvalHandlers, exportHandlers, targetHandlers, cutoverHandlers) satisfies Handlers,
  [...appJobs, ...sourceJobs, ...reconcileJobs, ...exportJobs, ...targetJobs, ...cutoverJobs],
);

/** What the procedure that starts each kind of job writes. */
const jobWrites = new Map<JobKind, readonly Dataset[]>(
  Object.values(procedures).flatMap((p) => (p.job ? [[p.job.kind as JobKind, p.writes] as const] : [])),
);

export interface EngineOptions {
  dataDir: string;
  host: HostKind;
  secrets?: SecretStore;
  /** Create the workspace if the folder has none (default); otherwise that is WORKSPACE_NOT_FOUND. */
  create?: boolean;
}

export interface Engine {
  /** A typed call (scripts, tests). */
  call<N extends ProcedureName>(name: N, input: Input<N>): Promise<CallOutcome<Output<N>>>;
  /** A call as a transport received it: checked against the contract before it runs. The host names its transport. */
  handle(name: string, input: unknown, transport: Transport): Promise<CallOutcome>;
  onEvent(listener: (event: EngineEvent) => void): () => void;
  /** For hosts only, in-process: a token naming a file the host opened, for one call on `transport` (FileGrants). */
  grantFile(path: string, opts: Parameters<FileGrants['grant']>[1]): string;
  readonly context: EngineContext;
  close(): Promise<void>;
}

export function appVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(appRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

export function createEngine(opts: EngineOptions): Engine {
  const version = appVersion();
  const workspace = openWorkspace(opts.dataDir, { appVersion: version, create: opts.create ?? true });
  const listeners = new Set<(event: EngineEvent) => void>();
  const emit = (event: EngineEvent) => {
    for (const l of listeners) {
      try {
        l(event);
      } catch {
        // A broken listener must not stop the others or the job that emitted.
      }
    }
  };
  const changed = (datasets: readonly Dataset[]) => {
    if (datasets.length) emit({ type: 'data-changed', datasets: [...new Set(datasets)] });
  };
  const closers: (() => void | Promise<void>)[] = [];
  // Whatever backs the store, every key it ever holds stays redacted for the process's life.
  const secrets = remembering(opts.secrets ?? memorySecretStore(secretsFromEnv()));
  const jobs = new JobRunner(
    workspace.db,
    { job: (job) => emit({ type: 'job', job }), changed },
    { redact, redactValue, explain: (err) => explainFailure(workspace, err), writes: (kind) => jobWrites.get(kind) ?? [] },
  );
  const files = new FileGrants();
  const context: EngineContext = {
    workspace,
    jobs,
    secrets,
    files,
    host: opts.host,
    version,
    demo: simulatedSources,
    demoTarget,
    changed,
    onClose: (fn) => closers.push(fn),
  };
  // The one place the engine reacts to a job's end: the reconciliation replays after new source data.
  listeners.add(replayAfterSources(context));
  const dispatch = createDispatcher(registry.handlers, context);
  const recovered = recoverInterrupted(context).then(() => noteUncleanExit(context));
  // The dispatcher checks every answer against the contract's input; the output type follows the name.
  const call = <N extends ProcedureName>(name: N, input: Input<N>) => recovered.then(() => dispatch(name, input, 'in-process')) as Promise<CallOutcome<Output<N>>>;
  let closed = false;
  return {
    context,
    call,
    handle: (name, input, transport) => recovered.then(() => dispatch(name, input, transport)),
    grantFile: (path, grant) => files.grant(path, grant),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      if (closed) return;
      closed = true;
      await recovered;
      await jobs.shutdown();
      for (const fn of closers.reverse()) await fn();
      files.close();
      listeners.clear();
      workspace.close();
    },
  };
}

/** A workspace taken over from a session that never closed it: said once, in the job history. */
async function noteUncleanExit(ctx: EngineContext): Promise<void> {
  const previous = ctx.workspace.uncleanExit;
  if (!previous) return;
  const { jobId } = ctx.jobs.start(sessionResume, { previous, interruptedJobs: ctx.jobs.interruptedOnOpen.length });
  await ctx.jobs.wait(jobId, 60_000);
}

/** Hands each job the last engine left cut off to its kind's recovery hook; calls wait for this. */
async function recoverInterrupted(ctx: EngineContext): Promise<void> {
  for (const job of ctx.jobs.interruptedOnOpen) {
    const def = registry.jobs.get(job.kind);
    if (!def?.recover) continue;
    let note: string | undefined;
    try {
      note = await def.recover(job as never, ctx);
    } catch (err) {
      note = `Recovery after the interruption failed: ${err instanceof Error ? err.message : String(err)}`;
    }
    if (note) ctx.jobs.noteRecovery(job.id, note);
  }
}
