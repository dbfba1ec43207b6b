// No secret key appears in logs, errors or the cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { createEngine } from '../engine.ts';
import { tempDir } from '../testing/engine.ts';
import { pullFixture } from '../testing/pull.ts';

const forms = (key: string) => [key, Buffer.from(`${key}:`).toString('base64'), encodeURIComponent(key)];

function assertAbsent(haystack: string | Buffer, keys: string[], where: string) {
  const text = Buffer.isBuffer(haystack) ? haystack.toString('latin1') : haystack;
  for (const key of keys) for (const form of forms(key)) assert.ok(!text.includes(form), `${where} contains a key (${form.slice(0, 12)}…)`);
}

function workspaceBytes(dir: string): Buffer {
  return Buffer.concat(readdirSync(dir).map((f) => readFileSync(join(dir, f))));
}

test('keys never reach the cache, the job history or the connection status', async () => {
  const f = await pullFixture({ scale: 0.05 });
  try {
    const keys = [f.simulator.keys.xendit, f.simulator.keys.systeme];
    assert.equal((await f.pull()).state, 'done');
    const status = await f.engine.call('connection-get', {});
    assert.ok(status.ok);
    assertAbsent(JSON.stringify(status.result), keys, 'connection-get');
    assert.match(JSON.stringify(status.result), /xnd_development_…/);
    assertAbsent(JSON.stringify(await f.engine.call('jobs-list', {})), keys, 'jobs-list');
    f.db.pragma('wal_checkpoint(TRUNCATE)');
    assertAbsent(workspaceBytes(f.dataDir), keys, 'the workspace files');
  } finally {
    await f.close();
  }
});

test('a server that echoes the key back in an error does not get it into messages', async () => {
  const server = createServer((req, res) => {
    // Hostile or careless: the error names the credentials it was sent.
    res.writeHead(400, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error_code: 'API_VALIDATION_ERROR', message: `bad request with ${req.headers.authorization} / ${req.headers['x-api-key']}` }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = tempDir();
  const xKey = 'xnd_development_EchoedBackSecret0123456789';
  const sKey = 'systeme-echoed-secret-abcdef123456';
  const engine = createEngine({ dataDir: dir.path, host: 'cli' });
  try {
    await engine.call('connection-set', { xendit: { baseUrl: url, secretKey: xKey }, systeme: { baseUrl: url, apiKey: sKey } });
    const out = await engine.call('pull-start', {});
    assert.ok(out.ok);
    const job = await engine.context.jobs.wait(out.result.jobId, 60_000);
    assert.equal(job.state, 'failed');
    assert.match(job.error!.message, /rejected the request/);
    assert.match(job.error!.message, /\[redacted\]/);
    assertAbsent(JSON.stringify(job), [xKey, sKey], 'the failed job');
    await engine.close();
    assertAbsent(workspaceBytes(dir.path), [xKey, sKey], 'the workspace files');
  } finally {
    await engine.close();
    server.close();
    dir.remove();
  }
});

test('the CLI never prints the keys, even when the source refuses them', async () => {
  const f = await pullFixture({ scale: 0.02 });
  await f.engine.close(); // free the workspace for the CLI process
  const wrongX = 'xnd_development_WrongKeyShouldNotBePrinted99';
  const wrongS = 'wrong-systeme-key-should-not-print';
  const bin = fileURLToPath(new URL('../../../bin/cutover.mjs', import.meta.url));
  try {
    // Asynchronously: the simulator answering the child lives in this process's event loop.
    const child = spawn(process.execPath, [bin, 'pull-start', '--data-dir', f.dataDir], {
      env: { ...process.env, CUTOVER_XENDIT_SECRET_KEY: wrongX, CUTOVER_SYSTEME_API_KEY: wrongS },
    });
    const res = { stdout: '', stderr: '', status: null as number | null };
    child.stdout.on('data', (c: Buffer) => (res.stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (res.stderr += c.toString()));
    res.status = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(res.status, 1);
    assert.match(res.stderr, /refused the key/);
    assertAbsent(res.stdout + res.stderr, [wrongX, wrongS, f.simulator.keys.xendit, f.simulator.keys.systeme], 'CLI output');
  } finally {
    await f.simulator.close();
  }
});
