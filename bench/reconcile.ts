// The reconciliation: a full recompute at scale 1 and at scale 40 (~1.2M records), its peak RSS,
// one decision's incremental update and a faceted page of a queue at scale 40, and the same
// scale-1 recompute done naively (a query per record), measured in the same run. Each workspace
// is seeded by its own process and measured by another, so neither the generator's memory nor
// its time is counted.
import { tempDir } from '../electron/engine/testing/engine.ts';
import type { BenchResult } from './support/report.ts';
import { runChild } from './support/child.ts';


async function seeded<T>(scale: number, work: (dir: string) => Promise<T>): Promise<T> {
  const dir = tempDir(`cutover-bench-reconcile-${scale}-`);
  try {
    await runChild('seed-process.ts', [String(scale), dir.path]);
    return await work(dir.path);
  } finally {
    dir.remove();
  }
}

export async function run(args: string[]): Promise<BenchResult> {
  const bigScale = Number(args[0] ?? '40');
  // The naive run first: the measuring run ends by making decisions, which the naive one does not replay.
  const small = await seeded(1, async (dir) => {
    const naive = await runChild('reconcile-process.ts', [dir, 'naive']);
    return { naive, ours: await runChild('reconcile-process.ts', [dir, 'full']) };
  });
  const big = await seeded(bigScale, (dir) => runChild('reconcile-process.ts', [dir, 'full']));
  const ours1 = small.ours.recomputeSeconds as number;
  const naive1 = small.naive.seconds as number;
  if (small.naive.same !== true) throw new Error('the naive recompute did not give the same rows as ours');
  return {
    name: 'reconcile',
    figures: {
      recompute_scale1_s: { value: ours1, unit: 's', target: 1, better: 'lower' },
      [`recompute_scale${bigScale}_s`]: { value: big.recomputeSeconds as number, unit: 's', target: 30, better: 'lower' },
      peak_rss_mb: { value: big.peakRssMb as number, unit: 'MB', target: 600, better: 'lower' },
      decision_update_ms: { value: big.decisionMs as number, unit: 'ms', target: 100, better: 'lower' },
      page_query_ms: { value: big.pageMs as number, unit: 'ms', target: 100, better: 'lower' },
      naive_ratio: { value: naive1 / ours1, unit: 'x', target: null, better: 'higher', baseline: { name: 'naive scale-1 recompute (s)', value: naive1 } },
    },
    notes: [
      `scale 1: ${String(small.ours.records)} records, ${String(small.ours.people)} people, ${String(small.ours.findings)} findings; recompute runs ${JSON.stringify(small.ours.recomputeRuns)} s`,
      `scale ${bigScale}: ${String(big.records)} records, ${String(big.people)} people, ${String(big.findings)} findings; recompute runs ${JSON.stringify(big.recomputeRuns)} s`,
      `decision_update_ms: median of ${String(big.decisionCount)} single decisions (approve a manual payment, merge, decline, mark a payment as a test), max ${Math.round(big.decisionMax as number)} ms`,
      `page_query_ms: manual-payment queue filtered by status and six months, sorted by amount, 3 facets, total and sum (${String(big.pageTotal)} rows match); leads list sorted by name with 2 facets: ${Math.round(big.leadsPageMs as number)} ms`,
      'naive baseline: the same recompute through the same record and person code, a query (and a write) per record and per person; its rows are checked equal to ours',
    ],
  };
}
