// Events the engine pushes to every connected client.
import { z } from 'zod';
import { Dataset } from './datasets.ts';
import { JobInfo } from './jobs.ts';

export const EngineEvent = z.discriminatedUnion('type', [
  /** A job was queued, started, made progress, or ended. Progress updates are throttled (~10/s per job). */
  z.object({ type: z.literal('job'), job: JobInfo }),
  /** Something was written: queries that read any of these datasets are stale. */
  z.object({ type: z.literal('data-changed'), datasets: z.array(Dataset).min(1) }),
]);
export type EngineEvent = z.infer<typeof EngineEvent>;
