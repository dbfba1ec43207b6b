import { handlers } from '../registry.ts';

export const jobHandlers = handlers({
  'jobs-list': ({ limit }, ctx) => ctx.jobs.list(limit),
  'job-get': ({ jobId }, ctx) => ctx.jobs.get(jobId),
  'job-cancel': ({ jobId }, ctx) => ctx.jobs.cancel(jobId),
  'job-wait': ({ jobId, timeoutMs }, ctx) => ctx.jobs.wait(jobId, timeoutMs),
});
