// Full pulls of the demo at scale 1 under the researched default rate limits (Xendit 60/min per
// endpoint, Systeme.io a 60-request bucket refilled at 1/s), against the rate-limit bound: the
// fewest requests a complete pull can make (the pages that hold the data, plus one request for
// each catch-up pass) with each limiter's allowance spent at once, both sources concurrently.
// Twice: against the faithful simulator, and against one that ignores the ledger's created[gte]
// and updated[gte] filters (as an independent emulator did); then a re-pull of the unchanged
// data from the latter, whose requests are compared with its full pull's.
import { createEngine } from '../electron/engine/engine.ts';
import { tempDir } from '../electron/engine/testing/engine.ts';
import { generateDataset, type DemoDataset } from '../electron/engine/demo/generator/index.ts';
import { startSimulator, rateLimitDefaults, type FaultOptions, type SimulatorStats } from '../electron/engine/demo/simulator/index.ts';
import { connectTo, differences, pullAndWait } from '../electron/engine/testing/pull.ts';
import type { BenchResult } from './support/report.ts';
import { slidingWindowMakespanMs, tokenBucketMakespanMs } from './support/rate-bound.ts';

const PAGE = 100;
const XENDIT_ENDPOINTS = ['/v2/invoices', '/v2/invoices/:id', '/transactions', '/refunds'] as const;
const ALL_ENDPOINTS = [...XENDIT_ENDPOINTS, '/api/contacts', '/api/tags'] as const;

/** The fewest requests per endpoint a complete pull of the dataset can make. */
function minimalRequests(d: DemoDataset): Record<(typeof ALL_ENDPOINTS)[number], number> {
  const pages = (n: number) => Math.max(1, Math.ceil(n / PAGE));
  return {
    // A bare array: the page that ends it is short, so a whole last page needs one more.
    '/v2/invoices': Math.floor(d.invoices.length / PAGE) + 1,
    '/v2/invoices/:id': 0,
    // The ledger, and its catch-up for rows changed while it was read.
    '/transactions': pages(d.transactions.length) + 1,
    '/refunds': pages(d.refunds.length),
    // The contacts, and the pass for contacts registered while they were read.
    '/api/contacts': pages(d.contacts.length) + 1,
    '/api/tags': pages(d.tags.length),
  };
}

function boundMs(d: DemoDataset): { ms: number; xendit: number; systeme: number } {
  const min = minimalRequests(d);
  const x = rateLimitDefaults.xendit;
  const s = rateLimitDefaults.systeme;
  const xendit = Math.max(...XENDIT_ENDPOINTS.map((e) => slidingWindowMakespanMs(min[e], x.limit, x.windowMs)));
  const systeme = tokenBucketMakespanMs(min['/api/contacts'] + min['/api/tags'], s.capacity, s.refillPerSecond);
  return { ms: Math.max(xendit, systeme), xendit, systeme };
}

const byEndpoint = (stats: SimulatorStats) => ALL_ENDPOINTS.map((e) => `${e} ${stats.pages.filter((p) => p.endpoint === e).length}`).join(', ');

/** A full pull into a fresh workspace; with `repull`, then a second pull of the unchanged data. */
async function pulls(dataset: DemoDataset, faults: FaultOptions, repull: boolean) {
  const simulator = await startSimulator({ dataset, rateLimits: {}, faults });
  const dir = tempDir('cutover-bench-');
  const engine = createEngine({ dataDir: dir.path, host: 'cli' });
  try {
    await connectTo(engine, simulator.url, simulator.keys);
    const run = async () => {
      simulator.resetStats();
      const started = performance.now();
      const job = await pullAndWait(engine);
      const seconds = (performance.now() - started) / 1000;
      if (job.state !== 'done') throw new Error(`pull ${job.state}: ${job.error?.message}`);
      const diff = differences(engine.context.workspace.db, simulator);
      if (diff.length) throw new Error(`the cache differs from the source: ${diff.slice(0, 3).join('; ')}`);
      return { seconds, stats: simulator.stats(), records: job.progress.done };
    };
    const full = await run();
    const again = repull ? await run() : null;
    return { full, again };
  } finally {
    await engine.close();
    await simulator.close();
    dir.remove();
  }
}

export async function run(): Promise<BenchResult> {
  const dataset = generateDataset({ seed: 1, scale: 1 });
  const bound = boundMs(dataset);
  const faithful = await pulls(dataset, {}, false);
  const ignoring = await pulls(dataset, { ignoredFilters: ['created[gte]', 'updated[gte]'] }, true);
  const again = ignoring.again!;
  const boundS = bound.ms / 1000;
  const min = minimalRequests(dataset);
  const fig429 = (stats: SimulatorStats) => stats.byStatus['429'] ?? 0;
  return {
    name: 'pull',
    figures: {
      wall_time: { value: faithful.full.seconds, unit: 's', target: boundS * 1.1, better: 'lower', baseline: { name: 'rate-limit bound', value: boundS } },
      ratio_to_bound: { value: faithful.full.seconds / boundS, unit: '×', target: 1.1, better: 'lower', baseline: { name: 'rate-limit bound', value: 1 } },
      wall_time_filters_ignored: { value: ignoring.full.seconds, unit: 's', target: boundS * 1.1, better: 'lower', baseline: { name: 'rate-limit bound', value: boundS } },
      ratio_to_bound_filters_ignored: { value: ignoring.full.seconds / boundS, unit: '×', target: 1.1, better: 'lower', baseline: { name: 'rate-limit bound', value: 1 } },
      repull_request_ratio: {
        value: again.stats.total / ignoring.full.stats.total,
        unit: '×',
        target: 0.6,
        better: 'lower',
        baseline: { name: 'full pull requests', value: ignoring.full.stats.total },
      },
      repull_requests: { value: again.stats.total, unit: 'requests', target: null, better: 'lower' },
      records: { value: faithful.full.records, unit: 'records', target: null, better: 'higher' },
      responses_429: { value: fig429(faithful.full.stats) + fig429(ignoring.full.stats) + fig429(again.stats), unit: 'responses', target: 0, better: 'lower' },
    },
    notes: [
      `bound ${boundS.toFixed(1)} s: Xendit ${(bound.xendit / 1000).toFixed(1)} s (slowest endpoint), Systeme.io ${(bound.systeme / 1000).toFixed(1)} s (one bucket), for the fewest requests a complete pull makes: ${ALL_ENDPOINTS.map((e) => `${e} ${min[e]}`).join(', ')}`,
      `faithful simulator, full pull (${faithful.full.stats.total} requests): ${byEndpoint(faithful.full.stats)}`,
      `filters ignored, full pull (${ignoring.full.stats.total} requests, ${ignoring.full.seconds.toFixed(1)} s): ${byEndpoint(ignoring.full.stats)}`,
      `filters ignored, re-pull of unchanged data (${again.stats.total} requests, ${again.seconds.toFixed(1)} s): ${byEndpoint(again.stats)}`,
      'every pull ended exact: the cache equals what the simulator serves',
    ],
  };
}
