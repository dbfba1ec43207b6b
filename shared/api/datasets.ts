// What the engine's data is made of, as the UI sees it: each procedure says which datasets it
// reads and which it writes, and the engine announces writes with a `data-changed` event, so a
// query reloads exactly when something it reads has changed — never by polling.
import { z } from 'zod';

export const datasets = [
  'settings', // workspace settings
  'connection', // where the sources are and whether keys are set
  'cache', // the raw source records and the pull checkpoints
  'quarantine', // records that failed their schema
  'jobs', // a job was queued, started or ended (progress comes as job events)
  'catalog', // products, prices, status mapping, test rules (defaults + catalog decisions)
  'people', // clusters of records, payments and suggested merges
  'findings', // the finding queues and their resolutions
  'decisions', // the decision log
  'plan', // the approved plan: its rows, totals and reports
  'approval', // the reviewer's sign-off of the plan
  'target', // the target Postgres: the connection, staging, the last push and its validation
] as const;
export const Dataset = z.enum(datasets);
export type Dataset = z.infer<typeof Dataset>;
