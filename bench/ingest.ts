// Ingest at scale 40 (~1.2M records) with no rate limit: the engine pulls everything from a
// simulator running in another process into a fresh SQLite cache. Records/s over the whole
// pull (HTTP, JSON, validation, hashing, upserts) and the engine process's peak RSS.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../electron/engine/engine.ts';
import { tempDir } from '../electron/engine/testing.ts';
import type { BenchResult } from './support/report.ts';
import { peakRssMb } from './support/report.ts';

export async function run(args: string[]): Promise<BenchResult> {
  const scale = Number(args[0] ?? '40');
  const script = fileURLToPath(new URL('./support/simulator-process.ts', import.meta.url));
  const child = spawn(process.execPath, [...(process.env.BENCH_CHILD_ARGS?.split(' ') ?? []), '--max-old-space-size=12000', '--import', 'tsx', script, String(scale)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const ready = await new Promise<{ url: string; keys: { xendit: string; systeme: string }; records: number }>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => resolve(JSON.parse(line)));
    child.once('exit', (code) => reject(new Error(`simulator exited (${code})`)));
  });
  const baseRssMb = process.memoryUsage().rss / 2 ** 20;
  let sampledMax = 0;
  const sampler = setInterval(() => (sampledMax = Math.max(sampledMax, process.memoryUsage().rss)), 100);
  const dir = tempDir('cutover-ingest-');
  const engine = createEngine({ dataDir: dir.path, host: 'cli' });
  try {
    await engine.call('connection-set', {
      xendit: { baseUrl: ready.url, secretKey: ready.keys.xendit },
      systeme: { baseUrl: ready.url, apiKey: ready.keys.systeme },
    });
    const started = performance.now();
    const out = await engine.call('pull-start', {});
    if (!out.ok) throw new Error(out.error.message);
    const job = await engine.context.jobs.wait((out.result as { jobId: string }).jobId, 3_600_000);
    const seconds = (performance.now() - started) / 1000;
    if (job.state !== 'done') throw new Error(`pull ${job.state}: ${job.error?.message}`);
    const records = job.progress.done;
    if (records !== ready.records) throw new Error(`pulled ${records} of ${ready.records} records`);
    clearInterval(sampler);
    const peak = peakRssMb(sampledMax);
    return {
      name: 'ingest',
      figures: {
        records_per_second: { value: records / seconds, unit: 'records/s', target: 50_000, better: 'higher' },
        peak_rss: { value: peak, unit: 'MB', target: 400, better: 'lower' },
        records: { value: records, unit: 'records', target: null, better: 'higher' },
        wall_time: { value: seconds, unit: 's', target: null, better: 'lower' },
      },
      notes: [`scale ${scale}; engine process RSS before the pull ${baseRssMb.toFixed(0)} MB (node + tsx + modules); simulator in a separate process`],
    };
  } finally {
    clearInterval(sampler);
    await engine.close();
    child.stdin!.end();
    dir.remove();
  }
}
