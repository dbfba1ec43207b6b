// Full pull of the demo at scale 1 under the researched default rate limits (Xendit 60/min per
// endpoint, Systeme.io a 60-request bucket refilled at 1/s), against the rate-limit bound for
// the pages it fetched: both sources concurrently, each limiter's allowance spent at once.
import { createEngine } from '../electron/engine/engine.ts';
import { tempDir } from '../electron/engine/testing/engine.ts';
import { generateDataset } from '../electron/engine/demo/generator/index.ts';
import { startSimulator, rateLimitDefaults } from '../electron/engine/demo/simulator/index.ts';
import { connectTo, pullAndWait } from '../electron/engine/testing/pull.ts';
import type { BenchResult } from './support/report.ts';
import { slidingWindowMakespanMs, tokenBucketMakespanMs } from './support/rate-bound.ts';

export async function run(): Promise<BenchResult> {
  const dataset = generateDataset({ seed: 1, scale: 1 });
  const simulator = await startSimulator({ dataset, rateLimits: {} });
  const dir = tempDir('cutover-bench-');
  const engine = createEngine({ dataDir: dir.path, host: 'cli' });
  try {
    await connectTo(engine, simulator.url, simulator.keys);
    const started = performance.now();
    const job = await pullAndWait(engine);
    const wallMs = performance.now() - started;
    if (job.state !== 'done') throw new Error(`pull ${job.state}: ${job.error?.message}`);

    const stats = simulator.stats();
    const ok = (endpoint: string) => stats.pages.filter((p) => p.endpoint === endpoint && p.status === 200).length;
    const all = (endpoint: string) => stats.pages.filter((p) => p.endpoint === endpoint).length;
    const x = rateLimitDefaults.xendit;
    const s = rateLimitDefaults.systeme;
    const xenditEndpoints = ['/v2/invoices', '/v2/invoices/:id', '/transactions', '/refunds'];
    const xenditBound = Math.max(...xenditEndpoints.map((e) => slidingWindowMakespanMs(ok(e), x.limit, x.windowMs)));
    const systemePages = ok('/api/contacts') + ok('/api/tags');
    const systemeBound = tokenBucketMakespanMs(systemePages, s.capacity, s.refillPerSecond);
    const boundMs = Math.max(xenditBound, systemeBound);
    const naiveMs = Math.max(...xenditEndpoints.map((e) => (ok(e) / x.limit) * x.windowMs), (systemePages / s.refillPerSecond) * 1000);
    const records = job.progress.done;
    const rateLimited = stats.byStatus['429'] ?? 0;
    return {
      name: 'pull',
      figures: {
        wall_time: { value: wallMs / 1000, unit: 's', target: (boundMs / 1000) * 1.1, better: 'lower', baseline: { name: 'rate-limit bound', value: boundMs / 1000 } },
        ratio_to_bound: { value: wallMs / boundMs, unit: '×', target: 1.1, better: 'lower', baseline: { name: 'rate-limit bound', value: 1 } },
        records: { value: records, unit: 'records', target: null, better: 'higher' },
        responses_429: { value: rateLimited, unit: 'responses', target: null, better: 'lower' },
      },
      notes: [
        `pages: invoices ${ok('/v2/invoices')}, invoice lookups ${ok('/v2/invoices/:id')}, transactions ${ok('/transactions')}, refunds ${ok('/refunds')}, contacts ${ok('/api/contacts')}, tags ${ok('/api/tags')} (requests incl. retries: ${stats.total})`,
        `bound: Xendit ${(xenditBound / 1000).toFixed(1)} s (slowest endpoint), Systeme.io ${(systemeBound / 1000).toFixed(1)} s (one bucket); pages ÷ sustained rate alone: ${(naiveMs / 1000).toFixed(1)} s`,
        `all requests by endpoint: ${xenditEndpoints.concat(['/api/contacts', '/api/tags']).map((e) => `${e} ${all(e)}`).join(', ')}`,
      ],
    };
  } finally {
    await engine.close();
    await simulator.close();
    dir.remove();
  }
}
