// Pushes a signed-off workspace into a target through the engine, as the app does (the push job:
// the plan checked against the sign-off, COPY, merge, validation, commit), in a fresh process so
// its peak RSS is the push's own. argv: workspace folder, target URL. Prints one JSON line.
import { readFileSync } from 'node:fs';
import { createEngine } from '../../electron/engine/engine.ts';
import { ok } from '../../electron/engine/testing/reconcile.ts';

const [dir, url] = process.argv.slice(2) as [string, string];
const peakMb = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;
const engine = createEngine({ dataDir: dir, host: 'cli' });
await ok(engine, 'target-connect', { url });
const before = peakMb();
const { jobId } = await ok(engine, 'push-start', {});
const job = await engine.context.jobs.wait(jobId, 3_600_000);
if (job.kind !== 'push' || job.state !== 'done' || !job.result) throw new Error(`push ${job.state}: ${job.error?.message ?? ''}`);
const seconds = (Date.parse(job.finishedAt!) - Date.parse(job.startedAt!)) / 1000;
await engine.close();
process.stdout.write(`${JSON.stringify({ seconds, peakRssMb: peakMb(), rssBeforeMb: before, result: job.result, steps: job.steps })}\n`);
