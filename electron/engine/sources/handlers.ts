import { randomUUID } from 'node:crypto';
import { CutoverError } from '../../../shared/api/errors.ts';
import type { SourceId } from '../../../shared/api/sources.ts';
import type { EngineContext } from '../context.ts';
import type { HandlerTable } from '../handler-table.ts';
import { demoUrl, ensureDemo, openDemo } from '../demo/demo-service.ts';
import { applyConnectionInput, connectionStatus, readConnection } from './connection.ts';
import { runPull, type Endpoint } from './pull/run-pull.ts';
import { streamStatuses } from './streams.ts';
import { streamDefs } from './ingest/streams.ts';
import { withBulkWrites } from '../workspace/bulk-writes.ts';

type SourceProcedures = 'connection-get' | 'connection-set' | 'demo-open' | 'pull-start' | 'pull-status' | 'csv-import' | 'quarantine-list';

/** Where to pull each requested source from; refuses when one is not connected. */
async function endpoints(ctx: EngineContext, sources: SourceId[]): Promise<Partial<Record<SourceId, Endpoint>>> {
  await ensureDemo(ctx);
  const s = readConnection(ctx);
  const found: Record<SourceId, Endpoint | null> = {
    xendit: keyed(s.xenditBaseUrl, ctx.secrets.get('xendit.secretKey')),
    systeme: keyed(s.systemeBaseUrl, ctx.secrets.get('systeme.apiKey')),
  };
  const missing = sources.filter((source) => !found[source]);
  if (missing.length) {
    throw new CutoverError('BAD_INPUT', `Not connected: ${missing.map((m) => (m === 'xendit' ? 'Xendit' : 'Systeme.io')).join(' and ')}. Set the keys in Connect, or open the demo.`);
  }
  return Object.fromEntries(sources.map((source) => [source, found[source]!]));
}

const keyed = (baseUrl: string, key: string | undefined): Endpoint | null => (key ? { baseUrl, key } : null);

export const sourceHandlers: HandlerTable<SourceProcedures> = {
  'connection-get': (_input, ctx) => connectionStatus(ctx, demoUrl(ctx)),
  'connection-set': (input, ctx) => {
    applyConnectionInput(ctx, input);
    return connectionStatus(ctx);
  },
  'demo-open': async (input, ctx) => {
    const url = await openDemo(ctx, input);
    return connectionStatus(ctx, url);
  },
  'pull-start': async (input, ctx) => {
    const eps = await endpoints(ctx, input.sources);
    const lookbackDays = ctx.workspace.getSetting('pull.lookbackDays', 30);
    const timeoutMs = ctx.workspace.getSetting('pull.requestTimeoutMs', 30_000);
    // A pull that was interrupted (killed, cancelled, failed) is resumed by the next auto pull.
    const unfinished = ctx.workspace.getSetting<{ pullId: string } | null>('pull.unfinished', null);
    const pullId = input.mode === 'auto' && unfinished ? unfinished.pullId : randomUUID();
    ctx.workspace.setSetting('pull.unfinished', { pullId });
    return {
      jobId: ctx.jobs.start({ kind: 'pull', label: 'Pull sources', unit: 'records', exclusive: true, aggregateParts: true }, async (job) => {
        const result = await withBulkWrites(ctx.workspace.db, () =>
          runPull(ctx.workspace.db, { pullId, mode: input.mode, endpoints: eps, lookbackDays, timeoutMs }, job),
        );
        ctx.workspace.setSetting('pull.unfinished', null);
        return result;
      }),
    };
  },
  'csv-import': async (input, ctx) => {
    const { importCsv } = await import('./csv/import-csv.ts');
    const label = `Import ${streamDefs[input.kind].label} CSV`;
    return {
      jobId: ctx.jobs.start({ kind: 'csv-import', label, unit: 'rows', exclusive: true }, (job) =>
        withBulkWrites(ctx.workspace.db, () => importCsv(ctx.workspace.db, input, job, { timeZone: ctx.workspace.getSetting('timeZone', 'Asia/Manila') })),
      ),
    };
  },
  'pull-status': (_input, ctx) => streamStatuses(ctx.workspace.db),
  'quarantine-list': ({ stream, limit, offset }, ctx) => {
    const db = ctx.workspace.db;
    const where = stream ? 'WHERE stream = ?' : '';
    const args = stream ? [stream] : [];
    const total = db.prepare(`SELECT count(*) FROM quarantine ${where}`).pluck().get(...args) as number;
    const rows = db
      .prepare(`SELECT stream, record_key AS recordKey, reason, received_at AS receivedAt, substr(raw, 1, 2000) AS raw FROM quarantine ${where} ORDER BY id LIMIT ? OFFSET ?`)
      .all(...args, limit, offset) as { stream: never; recordKey: string | null; reason: string; receivedAt: string; raw: string }[];
    return { total, rows };
  },
};
