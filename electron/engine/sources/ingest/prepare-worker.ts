// The page preparer's thread (preparer.ts): validates, hashes and extracts pages of records
// while the engine's thread writes the pages before them. A page comes as the records, or as
// the response text they were parsed from (cheaper to pass between threads than the objects).
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { StreamId } from '../../../../shared/api/sources.ts';
import type { PageBody } from '../page.ts';
import { preparePage } from './prepare.ts';

export type PrepareRequest = {
  id: number;
  stream: StreamId;
  /** Every secret the engine's process has seen, to redact from the records. */
  secrets: string[];
} & ({ records: unknown[] } | { body: PageBody });

/** What the worker is started with: the port its replies go to (preparer.ts reads it without waiting for the event loop). */
export interface PrepareWorkerData {
  replies: MessagePort;
}

function recordsOf(req: PrepareRequest): unknown[] {
  if ('records' in req) return req.records;
  const parsed = JSON.parse(req.body.text) as unknown;
  return (req.body.key === null ? parsed : (parsed as Record<string, unknown>)[req.body.key]) as unknown[];
}

const replies = (workerData as PrepareWorkerData | null)?.replies;

parentPort?.on('message', (req: PrepareRequest) => {
  const { id, stream, secrets } = req;
  try {
    replies!.postMessage({ id, page: preparePage(stream, recordsOf(req), secrets) });
  } catch (err) {
    replies!.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});
