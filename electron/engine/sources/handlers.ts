import { CutoverError } from '../../../shared/api/errors.ts';
import type { HandlerTable } from '../handler-table.ts';
import { applyConnectionInput, connectionStatus } from './connection.ts';
import { streamStatuses } from './streams.ts';

type SourceProcedures = 'connection-get' | 'connection-set' | 'demo-open' | 'pull-start' | 'pull-status' | 'csv-import' | 'quarantine-list';

const notYet = (what: string) => () => {
  throw new CutoverError('INTERNAL', `${what} is not built yet.`);
};

export const sourceHandlers: HandlerTable<SourceProcedures> = {
  'connection-get': (_input, ctx) => connectionStatus(ctx),
  'connection-set': (input, ctx) => {
    applyConnectionInput(ctx, input);
    return connectionStatus(ctx);
  },
  'demo-open': notYet('The demo'),
  'pull-start': notYet('Pulling'),
  'csv-import': notYet('CSV import'),
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
