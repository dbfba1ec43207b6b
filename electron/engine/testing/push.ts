// Test fixtures for the push: the demo workspace's reconciled, signed-off plan as the push reads
// it, the real push of it, and checksums of production's rows to show what a push or a cutover
// left unchanged.
import type pg from 'pg';
import type { Queryable } from '../pg/query.ts';
import { reconcilerOf } from '../reconcile/service.ts';
import { sqlitePlanSource, type PlanSource } from '../target/push/plan-source.ts';
import { pushPlan } from '../target/push/push.ts';
import { recompute } from './reconcile.ts';
import { seededWorkspace, type SeededWorkspace } from './seeded-workspace.ts';

export interface DemoPlanSource {
  ws: SeededWorkspace;
  plan: PlanSource;
  close: () => Promise<void>;
}

/** The demo workspace's reconciled, signed-off plan as the push reads it; made once per process and scale. */
const planSources = new Map<number, Promise<DemoPlanSource>>();
export function demoPlanSource(scale: number): Promise<DemoPlanSource> {
  let source = planSources.get(scale);
  if (!source) {
    source = (async () => {
      const ws = await seededWorkspace({ scale });
      await recompute(ws.engine);
      const amountMinor = ws.db.prepare('SELECT coalesce(sum(amount_minor), 0) FROM plan_transactions').pluck().get() as number;
      const plan = sqlitePlanSource(ws.db, {
        sha256: 'c'.repeat(64),
        approvedBy: 'Test',
        approvedAt: new Date().toISOString(),
        rows: 0,
        amountMinor,
        timeZone: 'Asia/Manila',
        catalog: reconcilerOf(ws.engine.context).catalog,
      });
      return { ws, plan, close: () => ws.close() };
    })();
    planSources.set(scale, source);
  }
  return source;
}

/** Pushes the demo plan for real (target/push/) through `client` (the app's role); throws unless it was pushed. */
export async function pushDemoPlan(client: pg.ClientBase, scale = 0.05): Promise<void> {
  const { plan } = await demoPlanSource(scale);
  const result = await pushPlan(client, plan, { target: 'test', workspaceId: 'test', reportDir: null });
  if (result.outcome !== 'pushed') throw new Error(`the test push was ${result.outcome}: ${JSON.stringify(result.validation.checks.filter((x) => !x.passed).map((x) => x.id))}`);
}

/** Closes the workspaces demoPlanSource opened (call from the test file's `after`). */
export async function closeDemoPlanSources(): Promise<void> {
  const sources = [...planSources.values()];
  planSources.clear();
  for (const s of sources) await (await s).close();
}

/** Row count and a checksum of every row (as jsonb, in a fixed order) of each watched table. */
export async function rowChecksums(c: Queryable, tables: readonly string[]): Promise<Record<string, { rows: number; md5: string }>> {
  const out: Record<string, { rows: number; md5: string }> = {};
  for (const t of tables) {
    const r = await c.query(`SELECT count(*)::int AS rows, coalesce(md5(string_agg(j, '|' ORDER BY j)), '') AS md5 FROM (SELECT to_jsonb(x)::text AS j FROM ${t} x) y`);
    out[t] = r.rows[0] as { rows: number; md5: string };
  }
  return out;
}

/** Every table of production's own schemas (public and auth). */
export async function productionTables(c: Queryable): Promise<string[]> {
  const { rows } = await c.query("SELECT format('%I.%I', schemaname, tablename) AS t FROM pg_tables WHERE schemaname IN ('public', 'auth') ORDER BY 1");
  return rows.map((r) => (r as { t: string }).t);
}
