// Test fixtures for the cutover: the demo production with a staging push beside it (made by
// sql/postgres/cutover/test-staging.sql as target/staging-layout.ts describes, until the real
// push lands), as a template cloned per test; the requests a cutover and a rollback make.
import { withClient } from '../pg/client.ts';
import { executeScript } from '../pg/query.ts';
import { loadSql } from '../pg/sql-files.ts';
import type { TestTemplate } from '../pg/testing.ts';
import { demoProductionTemplate } from '../demo/production/testing.ts';
import { DEFAULT_SWAP_TABLES } from '../target/swap-tables.ts';
import { STAGING_SCHEMA } from '../target/staging-layout.ts';
import type { FactsRequest } from '../cutover/facts.ts';
import type { PlanOptions } from '../cutover/model.ts';
import { BACKUP_PREFIX, parkSchemaName } from '../cutover/names.ts';

/** Pushes the fixture staging into the database at `url` (a superuser's). */
export async function pushTestStaging(url: string, options: { newUsers?: number } = {}): Promise<void> {
  await withClient(url, async (c) => {
    await c.query("SELECT set_config('cutover.test_new_users', $1, false)", [String(options.newUsers ?? 5)]);
    await executeScript(c, loadSql('cutover/test-staging'));
  });
}

/** The demo production (scale 0.05 unless said) with the fixture staging pushed, as a template. */
export function stagedDemoTemplate(options: { scale?: number; newUsers?: number } = {}): TestTemplate {
  const base = demoProductionTemplate({ scale: options.scale ?? 0.05 });
  return {
    name: `${base.name}_staged_${options.newUsers ?? 5}`,
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
