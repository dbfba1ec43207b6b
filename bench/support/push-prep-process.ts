// Makes a seeded workspace ready to push, in its own process (so the push is measured in a
// process that never held the reconciliation): a full recompute, every blocking finding
// approved, the plan signed off. Prints one JSON line.
import { createEngine } from '../../electron/engine/engine.ts';
import { ok, recompute } from '../../electron/engine/testing/reconcile.ts';

const dir = process.argv[2]!;
const engine = createEngine({ dataDir: dir, host: 'cli' });
await ok(engine, 'settings-set', { reviewerName: 'bench' });
await recompute(engine);
for (;;) {
  const open = await ok(engine, 'reconcile-findings', { filters: [{ column: 'severity', op: 'eq', value: 'error' }, { column: 'status', op: 'eq', value: 'open' }], limit: 1000, withTotals: false });
  if (!open.rows.length) break;
  await ok(engine, 'reconcile-decide', { decisions: open.rows.map((f) => ({ kind: 'resolve' as const, finding: f.id, value: 'approve' as const })) });
}
const { sha256 } = await ok(engine, 'reconcile-plan-export', { content: false });
await ok(engine, 'approval-sign', { planSha256: sha256 });
const db = engine.context.workspace.db;
const rows = ['plan_auth_users', 'plan_profiles', 'plan_transactions', 'plan_enrollments'].map((t) => db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number);
await engine.close();
process.stdout.write(`${JSON.stringify({ planRows: rows.reduce((a, b) => a + b, 0) })}\n`);
