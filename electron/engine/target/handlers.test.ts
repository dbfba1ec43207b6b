// test-postgres: 17
// The target procedures through the engine: connecting to a URL (a refused password stays out of
// everything the workspace keeps), the ownership table, and the push job of the signed-off plan
// with its validation, against a live URL and against the demo production the engine starts.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { withClient } from '../pg/client.ts';
import { createTestDatabase, dropTestDatabase, type TestDatabase } from '../pg/testing.ts';
import { demoProductionTemplate } from '../demo/production/testing.ts';
import { seededWorkspace, type SeededWorkspace } from '../testing/seeded-workspace.ts';
import { ok, recompute } from '../testing/reconcile.ts';
import type { Engine } from '../engine.ts';

const SCALE = 0.1;
let db: TestDatabase;

before(async () => {
  db = await createTestDatabase({ template: demoProductionTemplate({ scale: SCALE }) });
});
after(async () => {
  if (db) await dropTestDatabase(db);
});

/** A seeded, reconciled workspace whose plan is signed off. */
async function signedWorkspace(): Promise<SeededWorkspace> {
  const ws = await seededWorkspace({ scale: SCALE });
  const e = ws.engine;
  await ok(e, 'settings-set', { reviewerName: 'Ana' });
  await recompute(e);
  const blocking = await ok(e, 'reconcile-findings', { filters: [{ column: 'severity', op: 'eq', value: 'error' }, { column: 'status', op: 'eq', value: 'open' }], limit: 1000 });
  if (blocking.rows.length) await ok(e, 'reconcile-decide', { decisions: blocking.rows.map((f) => ({ kind: 'resolve' as const, finding: f.id, value: 'approve' as const })) });
  const { sha256 } = await ok(e, 'reconcile-plan-export', { content: false });
  await ok(e, 'approval-sign', { planSha256: sha256 });
  return ws;
}

async function pushAndWait(e: Engine) {
  const { jobId } = await ok(e, 'push-start', {});
  const job = await e.context.jobs.wait(jobId, 600_000);
  assert.equal(job.state, 'done', job.error?.message);
  return job;
}

/** Every byte the workspace folder holds (cache, WAL, reports), as text. */
function everythingStored(dir: string): string {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (name === 'demo-production') continue; // the demo's own cluster and credentials
      if (statSync(p).isDirectory()) walk(p);
      else out.push(readFileSync(p).toString('latin1'));
    }
  };
  walk(dir);
  return out.join('\n');
}

test('a live URL: a wrong password is refused and kept nowhere; the right one connects, and the push stages and validates the signed-off plan', async () => {
  const ws = await signedWorkspace();
  try {
    const e = ws.engine;
    const password = decodeURIComponent(new URL(db.url).password);
    const url = new URL(db.urlAs('postgres'));
    const wrong = 'Wr0ng#pass/wörd';
    url.password = encodeURIComponent(wrong);
    const refused = await e.call('target-connect', { url: url.toString() });
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.error.code, 'TARGET_FAILED');
    assert.match(!refused.ok ? refused.error.message : '', /refused the user name or password/);
    assert.ok(!JSON.stringify(refused).includes(wrong));
    assert.equal((await ok(e, 'target-status', {})).mode, 'none');
    const before = await ok(e, 'push-status', {});
    assert.match(before.cannotPush ?? '', /Connect to the target/);

    url.password = encodeURIComponent(password);
    const status = await ok(e, 'target-connect', { url: url.toString() });
    assert.equal(status.mode, 'live');
    assert.equal(status.major, 17);
    assert.equal(status.currentUser, 'postgres');
    assert.equal(status.hasPassword, true);
    assert.deepEqual(status.missingPrivileges, []);
    assert.ok(status.target && !status.target.includes(password));

    const ownership = await ok(e, 'target-ownership', {});
    const profiles = ownership.find((t) => t.table === 'public.unified_profiles')!;
    const owner = (c: string) => profiles.columns.find((x) => x.column === c)?.owner;
    assert.deepEqual([owner('email'), owner('login_count'), owner('admin_metadata'), owner('search_name')], ['plan', 'production', 'production', 'generated']);
    assert.equal(ownership.find((t) => t.table === 'public.affiliates')!.columns.every((c) => c.owner !== 'plan'), true);

    const job = await pushAndWait(e);
    assert.equal(job.kind, 'push');
    const result = job.kind === 'push' ? job.result! : null;
    assert.equal(result?.outcome, 'pushed');
    assert.equal(result?.validation.passed, true);
    assert.deepEqual(
      job.steps.map((s) => [s.id, s.status]),
      ['prepare', 'load', 'merge', 'validate', 'finish'].map((id) => [id, 'ok']),
    );
    for (const table of ['auth_users', 'unified_profiles', 'transactions', 'enrollments']) {
      const part = job.parts[table]!;
      assert.ok(part.total !== null && part.done === part.total, `${table}: ${JSON.stringify(part)}`);
    }
    const last = (await ok(e, 'push-status', {})).last;
    assert.equal(last?.jobId, job.id);
    assert.ok(last?.validation.reportFile && readFileSync(last.validation.reportFile, 'utf8').includes('staging holds the plan'));

    // The password, in any of its forms, is nowhere the workspace keeps anything (cache, WAL,
    // job history, settings, the report), nor the wrong one that was tried.
    ws.db.pragma('wal_checkpoint(FULL)');
    const stored = everythingStored(ws.dataDir);
    for (const secret of [password, encodeURIComponent(password), wrong, encodeURIComponent(wrong)]) assert.ok(!stored.includes(secret), 'a password is stored');
    assert.ok(stored.includes('postgres@127.0.0.1'), 'the target is recorded, without its password');
    await withClient(db.url, async (c) => {
      assert.equal(Number((await c.query('SELECT count(*) AS n FROM cutover_staging.push_manifest')).rows[0].n), 1);
      // Reset for the next test: staging and capture as the push left them are dropped.
      await c.query('DROP SCHEMA cutover_staging CASCADE; DROP SCHEMA cutover_capture CASCADE');
    });
  } finally {
    await ws.close();
  }
});

test('the demo target: the engine starts the workspace\'s production and the push runs against it', async () => {
  const ws = await signedWorkspace();
  try {
    const e = ws.engine;
    const status = await ok(e, 'target-demo-start', {});
    assert.equal(status.mode, 'demo');
    assert.equal(status.currentUser, 'postgres');
    assert.deepEqual(status.missingPrivileges, []);
    const job = await pushAndWait(e);
    assert.equal(job.kind === 'push' && job.result?.outcome, 'pushed');
  } finally {
    await ws.close();
  }
});
