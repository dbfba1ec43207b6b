// The engine: everything the app does, in plain Node. Every host (Electron's utility process,
// the web host, the CLI) creates one per workspace and talks to it through call() and events.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineEvent } from '../../shared/api/events.ts';
import type { ProcedureName } from '../../shared/api/index.ts';
import type { CallOutcome } from '../../shared/api/transport.ts';
import type { EngineContext, HostKind } from './context.ts';
import { dispatch } from './dispatch.ts';
import type { HandlerTable } from './handler-table.ts';
import { JobRunner } from './jobs/job-runner.ts';
import { appHandlers } from './app/handlers.ts';
import { jobHandlers } from './jobs/handlers.ts';
import { sourceHandlers } from './sources/handlers.ts';
import { appRoot } from './paths.ts';
import { memorySecretStore, redact, secretsFromEnv, type SecretStore } from './secrets.ts';
import { openWorkspace } from './workspace/workspace.ts';

// A missing or duplicated procedure is a compile error here.
const handlers: HandlerTable<ProcedureName> = { ...appHandlers, ...jobHandlers, ...sourceHandlers };

export interface EngineOptions {
  dataDir: string;
  host: HostKind;
  secrets?: SecretStore;
}

export interface Engine {
  call(name: string, input: unknown): Promise<CallOutcome>;
  onEvent(listener: (event: EngineEvent) => void): () => void;
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
  const workspace = openWorkspace(opts.dataDir, { appVersion: version });
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
  const closers: (() => void | Promise<void>)[] = [];
  const secrets = opts.secrets ?? memorySecretStore(secretsFromEnv());
  const jobs = new JobRunner(workspace.db, (job) => emit({ type: 'job', job }), Date.now, (text) => redact(text, secrets.values()));
  const context: EngineContext = {
    workspace,
    jobs,
    secrets,
    host: opts.host,
    version,
    onClose: (fn) => closers.push(fn),
  };
  let closed = false;
  return {
    context,
    call: (name, input) => dispatch(handlers, context, name, input),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      if (closed) return;
      closed = true;
      await jobs.shutdown();
      for (const fn of closers.reverse()) await fn();
      listeners.clear();
      workspace.close();
    },
  };
}
