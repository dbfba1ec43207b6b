// Events the engine pushes to every connected client.
import { z } from 'zod';
import { JobInfo } from './jobs.ts';

export const EngineEvent = z.discriminatedUnion('type', [
  /** A job started, made progress, or ended. Progress updates are throttled (~10/s per job). */
  z.object({ type: z.literal('job'), job: JobInfo }),
]);
export type EngineEvent = z.infer<typeof EngineEvent>;
