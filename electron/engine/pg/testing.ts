// Postgres for tests: one cluster per major per test run, a database per test cloned from a
// template. scripts/test.mjs starts the clusters once (serve-test-clusters.ts) and passes their
// URLs as CUTOVER_TEST_PG<major>_URL; a test file run on its own starts its own cluster, stopped
// when the file ends.
import { randomBytes } from 'node:crypto';
import { SUPERUSER, type PgMajor } from './cluster.ts';
import { withClient } from './client.ts';
import { quoteIdent } from './quote.ts';
import { startTestCluster, testClusterEnv, type TestCluster } from './test-cluster.ts';

export { startTestCluster, testClusterEnv };

const ownClusters = new Map<PgMajor, Promise<TestCluster>>();
const started: TestCluster[] = [];
// Stops the clusters this process started when it exits, after every test and hook of the file
// (a node:test `after` here would run before the file's own), pass, fail or crash.
process.once('exit', () => {
  for (const cluster of started) cluster.stopNow();
});

/** The superuser URL of this run's cluster of that major (starting one if this process has none). */
export async function testClusterUrl(major: PgMajor): Promise<string> {
  const fromEnv = process.env[testClusterEnv(major)];
  if (fromEnv) return fromEnv;
  let cluster = ownClusters.get(major);
  if (!cluster) {
    cluster = startTestCluster(major).then((c) => (started.push(c), c));
    ownClusters.set(major, cluster);
  }
  return (await cluster).url();
}

/** A template: built once per cluster (whichever test process gets there first), then cloned. */
export interface TestTemplate {
  /** Unique per content, ≤ 40 bytes. */
  name: string;
  /** Fills the freshly created database at `url`; `superuserUrl` reaches the same cluster's `postgres`. */
  build(url: string, context: { superuserUrl: string; password: string }): Promise<void>;
  /** Runs as the superuser on each clone: what CREATE DATABASE … TEMPLATE does not copy (database ACLs). */
  afterClone?(url: string): Promise<void>;
}

export const EMPTY_TEMPLATE: TestTemplate = { name: 'tpl_empty', build: async () => undefined };

export interface TestDatabase {
  name: string;
  major: PgMajor;
  /** The superuser's URL of this database. */
  url: string;
  /** This database as another role; test clusters give every login role the superuser's password. */
  urlAs(user: string): string;
}

let counter = 0;

/** Runs `fn` on a fresh database cloned from `template`, dropped afterwards whatever happens. */
export async function withTestDatabase<T>(
  fn: (url: string, db: TestDatabase) => Promise<T>,
  options: { major?: PgMajor; template?: TestTemplate } = {},
): Promise<T> {
  const db = await createTestDatabase(options);
  try {
    return await fn(db.url, db);
  } finally {
    await dropTestDatabase(db);
  }
}

export async function createTestDatabase(options: { major?: PgMajor; template?: TestTemplate } = {}): Promise<TestDatabase> {
  const major = options.major ?? 17;
  const template = options.template ?? EMPTY_TEMPLATE;
  const superuserUrl = await testClusterUrl(major);
  await ensureTemplate(superuserUrl, template);
  const name = `t_${process.pid}_${++counter}_${randomBytes(3).toString('hex')}`;
  await withClient(superuserUrl, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template.name)}`));
  const url = withDatabase(superuserUrl, name);
  try {
    await template.afterClone?.(url);
  } catch (error) {
    await withClient(superuserUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
    throw error;
  }
  return { name, major, url, urlAs: (user) => withUser(url, user) };
}

export async function dropTestDatabase(db: TestDatabase): Promise<void> {
  const superuserUrl = await testClusterUrl(db.major);
  await withClient(superuserUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(db.name)} WITH (FORCE)`));
}

/** Creates the template database unless it exists; an advisory lock makes concurrent test files wait for the first. */
async function ensureTemplate(superuserUrl: string, template: TestTemplate): Promise<void> {
  await withClient(superuserUrl, async (c) => {
    await c.query('SELECT pg_advisory_lock(hashtext($1))', [template.name]);
    try {
      const exists = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [template.name]);
      if (exists.rowCount) return;
      const building = `${template.name}_building`;
      await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(building)} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${quoteIdent(building)} TEMPLATE template0`);
      const password = decodeURIComponent(new URL(superuserUrl).password);
      await template.build(withDatabase(superuserUrl, building), { superuserUrl, password });
      // The builder's connections are closed; renaming needs none open on it.
      await c.query(`ALTER DATABASE ${quoteIdent(building)} RENAME TO ${quoteIdent(template.name)}`);
      await c.query(`ALTER DATABASE ${quoteIdent(template.name)} WITH IS_TEMPLATE true`);
    } finally {
      await c.query('SELECT pg_advisory_unlock(hashtext($1))', [template.name]);
    }
  });
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

export function withUser(url: string, user: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  return u.toString();
}

export { SUPERUSER };
