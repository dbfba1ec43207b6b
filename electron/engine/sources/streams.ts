// What the Pull step shows about each of the cache's raw streams.
import type Database from 'better-sqlite3';
import type { StreamId, StreamStatus } from '../../../shared/api/sources.ts';
import { streamDefs } from './ingest/streams.ts';

export function streamStatuses(db: Database.Database): StreamStatus[] {
  const quarantined = new Map(
    (db.prepare('SELECT stream, count(*) AS n FROM quarantine GROUP BY stream').all() as { stream: string; n: number }[]).map((r) => [r.stream, r.n]),
  );
  const checkpoint = db.prepare('SELECT status, updated_at, last_complete_at, last_changed FROM pull_checkpoints WHERE stream = ?');
  return (Object.keys(streamDefs) as StreamId[]).map((stream) => {
    const { table, label, deletable } = streamDefs[stream];
    // Table names come from the fixed map above, never from input.
    const records = db.prepare(`SELECT count(*) FROM "${table}"${deletable ? ' WHERE deleted_at IS NULL' : ''}`).pluck().get() as number;
    const deleted = deletable ? (db.prepare(`SELECT count(*) FROM "${table}" WHERE deleted_at IS NOT NULL`).pluck().get() as number) : 0;
    const cp = checkpoint.get(stream) as
      | { status: 'partial' | 'complete'; updated_at: string; last_complete_at: string | null; last_changed: number | null }
      | undefined;
    return {
      stream,
      label,
      records,
      quarantined: quarantined.get(stream) ?? 0,
      deleted,
      lastPulledAt: cp?.last_complete_at ?? null,
      checkpoint: cp ? cp.status : 'never',
      lastChanged: cp?.last_changed ?? null,
    };
  });
}
