import type { HandlerTable } from '../handler-table.ts';
import { wizardSteps } from './wizard.ts';
import { streamStatuses } from '../sources/streams.ts';
import { connectionStatus } from '../sources/connection.ts';
import { checkWorkspace } from '../workspace/check.ts';

export const appHandlers: HandlerTable<'app-info' | 'wizard-status' | 'workspace-check'> = {
  'app-info': (_input, ctx) => ({
    version: ctx.version,
    host: ctx.host,
    workspace: {
      path: ctx.workspace.path,
      schemaVersion: ctx.workspace.schemaVersion,
      createdAt: ctx.workspace.createdAt,
      timeZone: ctx.workspace.getSetting('timeZone', 'Asia/Manila'),
    },
  }),

  'wizard-status': (_input, ctx) =>
    wizardSteps({
      connection: connectionStatus(ctx),
      streams: streamStatuses(ctx.workspace.db),
      pullRunning: ctx.jobs.list(20).some((j) => j.kind === 'pull' && j.state === 'running'),
    }),

  'workspace-check': (_input, ctx) => ({
    jobId: ctx.jobs.start({ kind: 'workspace-check', label: 'Check workspace', unit: 'tables', exclusive: true }, (job) =>
      checkWorkspace(ctx.workspace.db, job),
    ),
  }),
};
