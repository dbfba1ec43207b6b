// A throw-away cluster for tests: a temp folder, no fsync, a random password, removed on stop.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster, stopClusterNow, type Cluster, type PgMajor } from './cluster.ts';

/** The environment variable holding a running test cluster's superuser URL. */
export function testClusterEnv(major: PgMajor): string {
  return `CUTOVER_TEST_PG${major}_URL`;
}

export interface TestCluster extends Cluster {
  /** Stops it at once and removes its folder, synchronously (for exit handlers). */
  stopNow(): void;
}

/** A cluster started for tests, in a temp folder that goes with it. */
export async function startTestCluster(major: PgMajor, options: { ssl?: { certFile: string; keyFile: string } } = {}): Promise<TestCluster> {
  const root = mkdtempSync(join(tmpdir(), `cutover-pg${major}-`));
  const cluster = await startCluster({ major, dataDir: join(root, 'data'), password: randomBytes(12).toString('hex'), ephemeral: true, ...options });
  return {
    ...cluster,
    stop: async () => {
      await cluster.stop();
      rmSync(root, { recursive: true, force: true });
    },
    stopNow: () => {
      stopClusterNow(major, cluster.dataDir);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

