// The demo workspace's production database: an embedded PostgreSQL 17 whose data directory lives
// in the workspace folder (one per workspace), installed on first start and started, adopted or
// stopped by the engine. Its password is made at creation and kept beside the data, readable only
// by the user; what it holds (truth.json) is kept there too for tests and the cutover.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster, stopCluster, SUPERUSER, type PgMajor } from '../../pg/cluster.ts';
import { withClient } from '../../pg/client.ts';
import { quoteIdent } from '../../pg/quote.ts';
import type { DemoProductionOptions, DemoProductionTruth } from './data.ts';
import { installDemoProduction } from './install.ts';

/** Supabase's current default major. */
export const DEMO_MAJOR: PgMajor = 17;
/** The database the app uses, as on Supabase. */
export const DEMO_DATABASE = 'postgres';
/** The role the app connects as. */
export const DEMO_OWNER_ROLE = 'postgres';

export interface DemoProductionServer {
  /** The app's owner role on the production database. */
  url: string;
  /** The cluster's superuser (for tests and rehearsal tooling only). */
  superuserUrl: string;
  /** Any login role of the demo (authenticator, supabase_auth_admin, postgres). */
  urlAs(role: string): string;
  port: number;
  truth: DemoProductionTruth;
  stop(): Promise<void>;
}

export function demoProductionDir(workspaceDir: string): string {
  return join(workspaceDir, 'demo-production');
}

const paths = (workspaceDir: string) => {
  const dir = demoProductionDir(workspaceDir);
  return { dir, data: join(dir, 'pgdata'), secret: join(dir, 'credentials.json'), truth: join(dir, 'truth.json') };
};

/** Reads what the workspace's demo production holds, or null if it was never installed. */
export function readDemoProductionTruth(workspaceDir: string): DemoProductionTruth | null {
  const file = paths(workspaceDir).truth;
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DemoProductionTruth) : null;
}

/**
 * Starts (or adopts, after a crash) the workspace's demo production and returns its URLs. The
 * first start installs it with the given seed and scale; later starts keep what is there.
 */
export async function startDemoProduction(workspaceDir: string, options: DemoProductionOptions = {}): Promise<DemoProductionServer> {
  const p = paths(workspaceDir);
  mkdirSync(p.dir, { recursive: true });
  const password = readOrCreatePassword(p.secret);
  const cluster = await startCluster({ major: DEMO_MAJOR, dataDir: p.data, password });
  try {
    let truth = readDemoProductionTruth(workspaceDir);
    if (!truth) {
      // A first start, or one that died half-way: install into a fresh database.
      await withClient(cluster.url({ database: 'template1' }), async (c) => {
        await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(DEMO_DATABASE)} WITH (FORCE)`);
        await c.query(`CREATE DATABASE ${quoteIdent(DEMO_DATABASE)}`);
      });
      truth = await installDemoProduction(cluster.url({ database: DEMO_DATABASE }), { ...options, rolePassword: password });
      writeAtomically(p.truth, JSON.stringify(truth));
    }
    return {
      url: cluster.url({ database: DEMO_DATABASE, user: DEMO_OWNER_ROLE }),
      superuserUrl: cluster.url({ database: DEMO_DATABASE, user: SUPERUSER }),
      urlAs: (role) => cluster.url({ database: DEMO_DATABASE, user: role }),
      port: cluster.port,
      truth,
      stop: () => cluster.stop(),
    };
  } catch (error) {
    await cluster.stop().catch(() => undefined);
    throw error;
  }
}

/** Stops the workspace's demo production if it runs (also one left running by a crashed engine). */
export async function stopDemoProduction(workspaceDir: string): Promise<void> {
  const { data } = paths(workspaceDir);
  if (existsSync(join(data, 'PG_VERSION'))) await stopCluster(DEMO_MAJOR, data);
}

function readOrCreatePassword(file: string): string {
  if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { password: string }).password;
  const password = randomBytes(18).toString('base64url');
  writeAtomically(file, JSON.stringify({ password }), 0o600);
  return password;
}

function writeAtomically(file: string, text: string, mode = 0o644): void {
  const temp = `${file}.tmp`;
  writeFileSync(temp, text, { mode });
  renameSync(temp, file);
}
