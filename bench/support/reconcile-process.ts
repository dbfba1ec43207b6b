// Measures the reconciliation of one seeded workspace in a fresh process (so its peak RSS is the
// reconciliation's own): a full recompute, then incremental decisions and grid page queries.
// Prints one JSON line.
import { readFileSync } from 'node:fs';
import { createEngine } from '../../electron/engine/engine.ts';
import { derivedState, ok, recompute } from '../../electron/engine/testing/reconcile.ts';
import { reconcilerOf } from '../../electron/engine/reconcile/service.ts';
import { reconcileSql } from '../../electron/engine/reconcile/reconciler.ts';
import { naiveReconcile } from './naive-reconcile.ts';

const [dir, mode] = process.argv.slice(2) as [string, 'full' | 'naive'];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const peakMb = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;

const engine = createEngine({ dataDir: dir, host: 'cli' });
const out: Record<string, unknown> = {};
if (mode === 'naive') {
  // The same result both ways: the set-based recompute's rows, then the naive one's, compared.
  await recompute(engine);
  const db = engine.context.workspace.db;
  const ours = derivedState(db);
  const started = performance.now();
  db.transaction(() => naiveReconcile(db, reconcilerOf(engine.context), reconcileSql()))();
  out.seconds = (performance.now() - started) / 1000;
  out.same = derivedState(db) === ours;
} else {
  // Three full recomputes; the median is the figure.
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    await recompute(engine);
    times.push((performance.now() - started) / 1000);
  }
  out.recomputeSeconds = median(times);
  out.recomputeRuns = times;
  out.peakRssMb = peakMb();
  const db = engine.context.workspace.db;
  out.records = db.prepare('SELECT count(*) FROM recon_records').pluck().get();
  out.people = db.prepare('SELECT count(*) FROM recon_people').pluck().get();
  out.findings = db.prepare('SELECT count(*) FROM recon_findings').pluck().get();
  out.manualCandidates = db.prepare("SELECT count(*) FROM recon_findings WHERE queue = 'manual-p2p'").pluck().get();
  out.transactions = db.prepare('SELECT count(*) FROM plan_transactions').pluck().get();

  // One decision at a time, of the kinds a reviewer makes most, each its own incremental update.
  const manual = (await ok(engine, 'reconcile-findings', { filters: [{ column: 'queue', op: 'eq', value: 'manual-p2p' }], limit: 10, withTotals: false })).rows;
  const pairs = (await ok(engine, 'reconcile-suggestions', { filters: [{ column: 'likely', op: 'eq', value: true }], limit: 20, withTotals: false })).rows;
  const paid = (await ok(engine, 'reconcile-payments', { filters: [{ column: 'inPlan', op: 'eq', value: true }], limit: 10, withTotals: false })).rows;
  const decisions = [
    ...manual.map((f) => ({ kind: 'resolve' as const, finding: f.id, value: 'approve' as const })),
    ...pairs.slice(0, 10).map((s) => ({ kind: 'merge' as const, a: s.personA, b: s.personB })),
    ...pairs.slice(10, 20).map((s) => ({ kind: 'decline' as const, a: s.personA, b: s.personB })),
    ...paid.map((p) => ({ kind: 'mark-test' as const, record: p.id, value: true })),
  ];
  const decisionMs: number[] = [];
  for (const d of decisions) {
    const started = performance.now();
    await ok(engine, 'reconcile-decide', { decisions: [d] });
    decisionMs.push(performance.now() - started);
  }
  out.decisionMs = median(decisionMs);
  out.decisionCount = decisionMs.length;
  out.decisionMax = Math.max(...decisionMs);

  // A filtered, sorted, faceted page of the largest review queue, as the grid asks for it.
  const months = (await ok(engine, 'reconcile-findings', { filters: [{ column: 'queue', op: 'eq', value: 'manual-p2p' }], facets: ['month'], limit: 1 })).facets.month!.map((f) => f.value as string);
  const pageMs: number[] = [];
  let total = 0;
  for (let i = 0; i < 20; i++) {
    const started = performance.now();
    const page = await ok(engine, 'reconcile-findings', {
      filters: [
        { column: 'queue', op: 'eq', value: 'manual-p2p' },
        { column: 'status', op: 'eq', value: 'open' },
        { column: 'month', op: 'in', values: months.slice(i % 4, (i % 4) + 6) },
      ],
      sort: [{ column: 'amountMinor', dir: 'desc' }],
      facets: ['month', 'product', 'status'],
      limit: 100,
    });
    pageMs.push(performance.now() - started);
    total = page.total ?? 0;
  }
  out.pageMs = median(pageMs);
  out.pageTotal = total;
  const leadsMs: number[] = [];
  for (let i = 0; i < 10; i++) {
    const started = performance.now();
    await ok(engine, 'reconcile-people', { filters: [{ column: 'status', op: 'eq', value: 'lead' }], sort: [{ column: 'name', dir: 'asc' }], facets: ['registeredMonth', 'leadTag'], limit: 100 });
    leadsMs.push(performance.now() - started);
  }
  out.leadsPageMs = median(leadsMs);
}
await engine.close();
process.stdout.write(`${JSON.stringify(out)}\n`);
