// Test fixtures for the cutover: the demo production with a staging push beside it (made by
// sql/postgres/cutover/test-staging.sql as target/staging-layout.ts describes, with the push's own
// capture), as a template cloned per test; the requests a cutover and a rollback make.
import { withClient } from '../pg/client.ts';
import { executeScript, type Queryable } from '../pg/query.ts';
import { quoteIdent } from '../pg/quote.ts';
import { loadSql } from '../pg/sql-files.ts';
import { withUser, type TestTemplate } from '../pg/testing.ts';
import { demoProductionTemplate } from '../demo/production/testing.ts';
import { DEFAULT_SWAP_TABLES } from '../target/swap-tables.ts';
import { pushDemoPlan, rowChecksums } from './push.ts';

export { closeDemoPlanSources, pushDemoPlan } from './push.ts';
import { CAPTURE_SCHEMA, STAGING_SCHEMA } from '../target/staging-layout.ts';
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
    await c.query("SELECT set_config('cutover.test_new_users', $1, false), set_config('cutover.test_changes', $2, false)", [
      String(options.newUsers ?? 5),
      options.changes === false ? 'off' : 'on',
    ]);
    await c.query('SET ROLE postgres');
    if (options.replace) {
      await c.query(`DROP SCHEMA IF EXISTS ${quoteIdent(STAGING_SCHEMA)} CASCADE`);
      await c.query(`DROP SCHEMA IF EXISTS ${quoteIdent(CAPTURE_SCHEMA)} CASCADE`);
    }
    await executeScript(c, loadSql('push/capture'));
    await c.query('RESET ROLE');
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

/** Row count and checksum of each watched table (or of `tables`). */
export const checksums = (c: Queryable, tables: readonly string[] = WATCHED_TABLES) => rowChecksums(c, tables);



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

