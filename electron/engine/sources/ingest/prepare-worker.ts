// The page preparer's thread (preparer.ts): validates, hashes and extracts pages of records
// while the engine's thread writes the pages before them.
import { parentPort } from 'node:worker_threads';
import type { StreamId } from '../../../../shared/api/sources.ts';
import { preparePage } from './prepare.ts';

export interface PrepareRequest {
  id: number;
  stream: StreamId;
  records: unknown[];
  /** Every secret the engine's process has seen, to redact from the records. */
  secrets: string[];
}

parentPort?.on('message', ({ id, stream, records, secrets }: PrepareRequest) => {
  try {
    parentPort!.postMessage({ id, page: preparePage(stream, records, secrets) });
  } catch (err) {
    parentPort!.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});
