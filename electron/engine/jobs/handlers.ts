import type { HandlerTable } from '../handler-table.ts';

export const jobHandlers: HandlerTable<'jobs-list' | 'job-get' | 'job-cancel' | 'job-wait'> = {
  'jobs-list': ({ limit }, ctx) => ctx.jobs.list(limit),
  'job-get': ({ jobId }, ctx) => ctx.jobs.get(jobId),
  'job-cancel': ({ jobId }, ctx) => ctx.jobs.cancel(jobId),
  'job-wait': ({ jobId, timeoutMs }, ctx) => ctx.jobs.wait(jobId, timeoutMs),
};
