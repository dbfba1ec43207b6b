// test-postgres: 17
// kill -9 of the engine in the middle of the push's COPY: the target drops the connection and
// rolls the transaction back, so staging is absent (or, after an earlier push, exactly as that
// push left it) — never partial — and no capture trigger is left behind.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setTimeout as pause } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import type pg from 'pg';
import { withClient } from '../../pg/client.ts';
import { createTestDatabase, dropTestDatabase, type TestDatabase } from '../../pg/testing.ts';
import { demoProductionTemplate } from '../../demo/production/testing.ts';
import { seededWorkspace, type SeededWorkspace } from '../../testing/seeded-workspace.ts';
import { recompute } from '../../testing/reconcile.ts';
import { STAGING_SCHEMA } from '../staging-layout.ts';

const SCALE = 0.1;
const fixture = fileURLToPath(new URL('./kill.fixture.ts', import.meta.url));
let ws: SeededWorkspace;
let db: TestDatabase;

before(async () => {
  ws = await seededWorkspace({ scale: SCALE });
  await recompute(ws.engine);
  await ws.engine.close(); // the fixture's engine opens the workspace
  db = await createTestDatabase({ template: demoProductionTemplate({ scale: SCALE }) });
});
after(async () => {
  if (db) await dropTestDatabase(db);
  await ws?.close();
});

/** Runs the fixture; in "slow" mode kills it with SIGKILL as soon as it says the COPY is under way. */
function run(mode: 'slow' | 'full'): Promise<{ killed: boolean; lines: string[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, ws.dataDir, db.urlAs('postgres'), mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  let buffer = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffer += chunk;
    for (let nl; (nl = buffer.indexOf('\n')) >= 0; ) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      lines.push(line);
      if (mode === 'slow' && line.startsWith('copying')) child.kill('SIGKILL');
    }
  });
  return new Promise((resolve) => child.on('exit', (_code, signal) => resolve({ killed: signal === 'SIGKILL', lines })));
}

/** Waits until the server has noticed the killed client and ended its backend (its transaction rolled back). */
async function backendGone(c: pg.ClientBase): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const n = Number((await c.query("SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'cutover-kill-fixture'")).rows[0].n);
    if (n === 0) return;
    await pause(50);
  }
  throw new Error('the killed push still has a backend after 30 s');
}

const state = async (c: pg.ClientBase) => ({
  staged: (await c.query<{ n: string }>('SELECT tablename AS n FROM pg_tables WHERE schemaname = $1 ORDER BY 1', [STAGING_SCHEMA])).rows.map((r) => r.n),
  triggers: Number((await c.query("SELECT count(*) AS n FROM pg_trigger WHERE tgname = 'cutover_capture'")).rows[0].n),
  counts: (await c.query<{ t: string; n: string }>(
    `SELECT c.relname AS t, c.reltuples::text AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = $1 AND c.relkind = 'r' ORDER BY 1`,
    [STAGING_SCHEMA],
  )).rows,
});

test('kill -9 mid-COPY: staging absent and no capture trigger; after a complete push, a killed re-push leaves that push exactly as it was', async () => {
  await withClient(db.url, async (c) => {
    const first = await run('slow');
    assert.ok(first.killed && first.lines.some((l) => l.startsWith('copying')) && !first.lines.includes('pushed'), `killed mid-COPY: ${first.lines.join(' | ')}`);
    await backendGone(c);
    assert.deepEqual(await state(c), { staged: [], triggers: 0, counts: [] });

    const complete = await run('full');
    assert.ok(complete.lines.includes('pushed'));
    const pushed = await state(c);
    assert.equal(pushed.triggers, 4);
    const manifest = async () => (await c.query(`SELECT pushed_at, tables FROM ${STAGING_SCHEMA}.push_manifest`)).rows;
    const before = await manifest();
    const rows = async () => (await c.query(`SELECT (SELECT count(*) FROM ${STAGING_SCHEMA}.transactions) AS t, (SELECT count(*) FROM ${STAGING_SCHEMA}.unified_profiles) AS p`)).rows[0];
    const rowsBefore = await rows();

    const second = await run('slow');
    assert.ok(second.killed && !second.lines.includes('pushed'));
    await backendGone(c);
    assert.deepEqual(await state(c), pushed);
    assert.deepEqual(await manifest(), before);
    assert.deepEqual(await rows(), rowsBefore);
  });
});
