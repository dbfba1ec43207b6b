import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../testing/engine.ts';
import { binariesFor, startCluster, stopCluster } from './cluster.ts';
import { withClient } from './client.ts';

test('a cluster left running by an engine that died is adopted, not started twice', async () => {
  const dir = tempDir();
  const dataDir = join(dir.path, 'data');
  try {
    // Another process starts the cluster and exits without stopping it, as a killed engine would.
    const script = join(dir.path, 'start.mts');
    writeFileSync(
      script,
      `import { startCluster } from ${JSON.stringify(new URL('./cluster.ts', import.meta.url).pathname)};\n` +
        `const c = await startCluster({ major: 17, dataDir: ${JSON.stringify(dataDir)}, password: 'pw', ephemeral: true });\n` +
        'console.log(c.port);\n',
    );
    const child = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', cwd: process.cwd() });
    assert.equal(child.status, 0, child.stderr);
    const port = Number(child.stdout.trim());

    const adopted = await startCluster({ major: 17, dataDir, password: 'pw', ephemeral: true });
    assert.equal(adopted.port, port);
    assert.equal(await withClient(adopted.url(), async (c) => (await c.query('SELECT 1 AS one')).rows[0].one), 1);
    await adopted.stop();
    await assert.rejects(withClient(adopted.url(), (c) => c.query('SELECT 1')));
    await stopCluster(17, dataDir); // stopping a stopped cluster is a no-op
  } finally {
    await stopCluster(17, dataDir).catch(() => undefined);
    dir.remove();
  }
});

test('a data directory of another major is refused with a clear message', async () => {
  const dir = tempDir();
  const dataDir = join(dir.path, 'data');
  try {
    const c = await startCluster({ major: 15, dataDir, password: 'pw', ephemeral: true });
    await c.stop();
    await assert.rejects(startCluster({ major: 17, dataDir, password: 'pw', ephemeral: true }), /holds a PostgreSQL 15 cluster, not 17/);
  } finally {
    await stopCluster(15, dataDir).catch(() => undefined);
    dir.remove();
  }
});

test('each supported major resolves to its own binaries', () => {
  const versions = ([15, 17, 18] as const).map((major) => spawnSync(binariesFor(major).pgCtl, ['--version'], { encoding: 'utf8' }).stdout);
  assert.deepEqual(versions.map((v) => /\d+/.exec(v)?.[0]), ['15', '17', '18']);
});
