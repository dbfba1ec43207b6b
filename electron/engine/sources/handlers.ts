// Connecting to the sources, pulling them, importing CSV exports, and what the cache holds.
import { randomUUID } from 'node:crypto';
import { QuarantineRow } from '../../../shared/api/sources.ts';
import { removeTemporary, type FileGrant } from '../files/grants.ts';
import { defineJob } from '../jobs/job-runner.ts';
import { handlers } from '../registry.ts';
import type { EngineContext } from '../context.ts';
import { withBulkWrites } from '../workspace/bulk-writes.ts';
import { applyConnectionInput, connectionStatus, resolveEndpoints } from './connection.ts';
import { importCsv, type CsvImportRequest } from './csv/import-csv.ts';
import { streamDefs } from './ingest/streams.ts';
import { runPull, type PullRequest } from './pull/run-pull.ts';
import { streamStatuses } from './streams.ts';
import { runPage, type PagedSource } from '../query/paged.ts';

const pull = defineJob({
  kind: 'pull',
  locks: { cache: 'exclusive' },
  async run({ ctx, request }: { ctx: EngineContext; request: PullRequest }, job) {
    const result = await withBulkWrites(ctx.workspace.db, () => runPull(ctx.workspace.db, request, job));
    ctx.workspace.settings.set('pull.unfinished', null);
    return result;
  },
  // Nothing to undo: every page landed with its checkpoint, and the next pull resumes from there.
  recover: () => 'The next Pull resumes from the last page this one stored.',
});

const csvImport = defineJob({
  kind: 'csv-import',
  locks: { cache: 'exclusive' },
  label: ({ request }: { ctx: EngineContext; request: CsvImportRequest; file: FileGrant | null }) => `Import ${streamDefs[request.kind].label} CSV`,
  async run({ ctx, request, file }, job) {
    try {
      return await withBulkWrites(ctx.workspace.db, () => importCsv(ctx.workspace.db, request, job, { timeZone: ctx.workspace.settings.get('timeZone') }));
    } finally {
      if (file) removeTemporary(file);
    }
  },
});

export const sourceJobs = [pull, csvImport];

const quarantineSource: PagedSource = {
  from: 'quarantine',
  id: { sql: 'quarantine.id', type: 'integer' },
  columns: {
    stream: { sql: 'stream', type: 'text', facet: true },
    recordKey: { sql: 'record_key', type: 'text', search: true },
    reason: { sql: 'reason', type: 'text', search: true },
    receivedAt: { sql: 'received_at', type: 'text' },
    // Enough of the record to recognise it; the whole of it stays in the cache.
    raw: { sql: 'substr(raw, 1, 2000)', type: 'text', sortable: false },
  },
};

export const sourceHandlers = handlers({
  'connection-get': (_input, ctx) => connectionStatus(ctx),
  'connection-set': (input, ctx) => {
    applyConnectionInput(ctx, input);
    return connectionStatus(ctx);
  },
  'pull-start': async (input, ctx) => {
    const endpoints = await resolveEndpoints(ctx, input.sources);
    const settings = ctx.workspace.settings;
    // A pull that was interrupted (killed, cancelled, failed) is resumed by the next auto pull.
    const unfinished = settings.get('pull.unfinished');
    const pullId = input.mode === 'auto' && unfinished ? unfinished.pullId : randomUUID();
    settings.set('pull.unfinished', { pullId });
    const request: PullRequest = {
      pullId,
      mode: input.mode,
      endpoints,
      lookbackDays: settings.get('pull.lookbackDays'),
      timeoutMs: settings.get('pull.requestTimeoutMs'),
    };
    return ctx.jobs.start(pull, { ctx, request });
  },
  'csv-import': (input, ctx, call) => {
    const { kind, content, fileToken } = input;
    // A token is spent by the call that names it, on the transport it was granted for.
    const file = fileToken === undefined ? null : ctx.files.take(fileToken, call.transport);
    const fileName = input.fileName ?? file?.name;
    const named = fileName === undefined ? {} : { fileName };
    const request: CsvImportRequest = file ? { kind, ...named, path: file.path } : { kind, ...named, content: content! };
    return ctx.jobs.start(csvImport, { ctx, request, file });
  },
  'pull-status': (_input, ctx) => streamStatuses(ctx.workspace.db),
  'quarantine-list': (input, ctx) => runPage(ctx.workspace.db, quarantineSource, input, (r) => QuarantineRow.parse(r)),
});
