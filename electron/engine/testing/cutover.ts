// Test fixtures for the cutover: the demo production with a staging push beside it (made by
// sql/postgres/cutover/test-staging.sql as target/staging-layout.ts describes, until the real
// push lands), as a template cloned per test; the requests a cutover and a rollback make.
import type pg from 'pg';
import { withClient } from '../pg/client.ts';
import { executeScript, type Queryable } from '../pg/query.ts';
import { loadSql } from '../pg/sql-files.ts';
import { withUser, type TestTemplate } from '../pg/testing.ts';
import { reconcilerOf } from '../reconcile/service.ts';
import { sqlitePlanSource, type PlanSource } from '../target/push/plan-source.ts';
import { pushPlan } from '../target/push/push.ts';
import { recompute } from './reconcile.ts';
import { seededWorkspace } from './seeded-workspace.ts';
import { demoProductionTemplate } from '../demo/production/testing.ts';
import { DEFAULT_SWAP_TABLES } from '../target/swap-tables.ts';
import { STAGING_SCHEMA } from '../target/staging-layout.ts';
import type { FactsRequest } from '../cutover/facts.ts';
import type { PlanOptions } from '../cutover/model.ts';
import { BACKUP_PREFIX, parkSchemaName } from '../cutover/names.ts';

export interface TestPushOptions {
  /** New auth users the staging adds (default 5). */
  newUsers?: number;
  /** false: staging is an exact copy of production (no migration changes, no new users). */
  changes?: boolean;
  /** A re-push: the previous staging and capture are dropped first. */
  replace?: boolean;
}

/** Pushes the fixture staging into the database at `url` (a superuser's). */
export async function pushTestStaging(url: string, options: TestPushOptions = {}): Promise<void> {
  await withClient(url, async (c) => {
    await c.query(
      "SELECT set_config('cutover.test_new_users', $1, false), set_config('cutover.test_changes', $2, false), set_config('cutover.test_replace', $3, false)",
      [String(options.newUsers ?? 5), options.changes === false ? 'off' : 'on', options.replace ? 'on' : 'off'],
    );
    await executeScript(c, loadSql('cutover/test-staging'));
  });
}

/** The demo production (scale 0.05 unless said) with the fixture staging pushed, as a template. */
export function stagedDemoTemplate(options: { scale?: number } & Omit<TestPushOptions, 'replace'> = {}): TestTemplate {
  const base = demoProductionTemplate({ scale: options.scale ?? 0.05 });
  return {
    name: `${base.name}_st${options.changes === false ? 'same' : (options.newUsers ?? 5)}`,
    build: async (url, context) => {
      await base.build(url, context);
      await pushTestStaging(url, options);
    },
    ...(base.afterClone ? { afterClone: base.afterClone } : {}),
  };
}

export const DEFAULT_OPTIONS: PlanOptions = { choices: {}, migrationColumns: 'production' };

export function cutoverRequest(options: Partial<PlanOptions> = {}, parkSchema = parkSchemaName(BACKUP_PREFIX)): FactsRequest {
  return {
    direction: 'cutover',
    tables: DEFAULT_SWAP_TABLES,
    standbySchema: STAGING_SCHEMA,
    parkSchema,
    options: { ...DEFAULT_OPTIONS, ...options },
  };
}

/** The tables whose rows a cutover or rollback may change: the swapped ones, their children, auth. */
export const WATCHED_TABLES = [
  'public.unified_profiles',
  'public.transactions',
  'public.enrollments',
  'public.affiliates',
  'public.user_notes',
  'public.activity_log',
  'public.email_events',
  'public.refund_requests',
  'public.ad_attributions',
  'public.course_reviews',
  'public.affiliate_clicks',
  'public.affiliate_payouts',
  'public.courses',
  'auth.users',
  'auth.identities',
] as const;

/** Row count and a checksum of every row (as jsonb, in a fixed order) of each watched table. */
export async function checksums(c: Queryable, tables: readonly string[] = WATCHED_TABLES): Promise<Record<string, { rows: number; md5: string }>> {
  const out: Record<string, { rows: number; md5: string }> = {};
  for (const t of tables) {
    const r = await c.query(`SELECT count(*)::int AS rows, coalesce(md5(string_agg(j, '|' ORDER BY j)), '') AS md5 FROM (SELECT to_jsonb(x)::text AS j FROM ${t} x) y`);
    out[t] = r.rows[0] as { rows: number; md5: string };
  }
  return out;
}

/** The demo workspace's reconciled, signed-off plan as the push reads it; made once per process and scale. */
const planSources = new Map<number, Promise<{ plan: PlanSource; close: () => Promise<void> }>>();
export function demoPlanSource(scale: number): Promise<{ plan: PlanSource; close: () => Promise<void> }> {
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
      return { plan, close: () => ws.close() };
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

/**
 * The demo production with the real push of the demo workspace's reconciled plan (target/push/),
 * as a template: what a cutover meets in the app.
 */
export function pushedDemoTemplate(options: { scale?: number } = {}): TestTemplate {
  const scale = options.scale ?? 0.05;
  const base = demoProductionTemplate({ scale });
  return {
    name: `${base.name}_pushed`,
    build: async (url, context) => {
      await base.build(url, context);
      await withClient(withUser(url, 'postgres'), (c) => pushDemoPlan(c, scale));
    },
    ...(base.afterClone ? { afterClone: base.afterClone } : {}),
  };
}

/** Closes the workspaces demoPlanSource opened (call from the test file's `after`). */
export async function closeDemoPlanSources(): Promise<void> {
  const sources = [...planSources.values()];
  planSources.clear();
  for (const s of sources) await (await s).close();
}
