// A full recompute does not hold the engine: while it builds its tables, reads are answered from
// the tables in place and decisions apply to them; the swap then carries those decisions over, so
// what is left is exactly what a full recompute gives. A cancelled recompute leaves nothing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { JobInfo } from '../../../shared/api/jobs.ts';
import type { Engine } from '../engine.ts';
import { seededWorkspace, type SeededWorkspace } from '../testing/seeded-workspace.ts';
import { derivedState, ok, recompute } from '../testing/reconcile.ts';

let ws: SeededWorkspace;

before(async () => {
  ws = await seededWorkspace({ scale: 0.1 });
  await recompute(ws.engine);
});
after(() => ws.close());

/** Resolves the first time a reconcile job's step is running. */
function stepRunning(engine: Engine, step: string): Promise<JobInfo> {
  return new Promise((resolve) => {
    const off = engine.onEvent((e) => {
      if (e.type === 'job' && e.job.kind === 'reconcile' && e.job.state === 'running' && e.job.steps.some((s) => s.id === step && s.status === 'running')) {
        off();
        resolve(e.job);
      }
    });
  });
}

const running = (engine: Engine, jobId: string) => engine.context.jobs.active().some((j) => j.id === jobId && j.state === 'running');
const manualQueue = { filters: [{ column: 'queue', op: 'eq' as const, value: 'manual-p2p' }, { column: 'status', op: 'eq' as const, value: 'open' }], limit: 5 };

test('during a recompute reads are answered from the tables in place and a decision applies; the new tables carry it', async () => {
  const e = ws.engine;
  const before = await ok(e, 'reconcile-findings', manualQueue);
  const deriving = stepRunning(e, 'derive');
  const { jobId } = await ok(e, 'reconcile-recompute', {});
  await deriving;

  const read = await ok(e, 'reconcile-findings', manualQueue);
  assert.ok(running(e, jobId), 'the read was answered while the recompute ran');
  assert.deepEqual(read, before, 'from the tables in place');
  const finding = before.rows[0]!;
  const decided = await ok(e, 'reconcile-decide', { decisions: [{ kind: 'resolve', finding: finding.id, value: 'approve' }] });
  assert.ok(running(e, jobId), 'the decision was made while the recompute ran');
  assert.equal(decided.decisions[0]!.state, 'active');

  const job = await e.context.jobs.wait(jobId, 600_000);
  assert.equal(job.state, 'done');
  const after = await ok(e, 'reconcile-findings', { filters: [{ column: 'queue', op: 'eq', value: 'manual-p2p' }], limit: 1000 });
  assert.equal(after.rows.find((f) => f.id === finding.id)?.status, 'approved', 'the decision made during the recompute is in the new tables');
  const left = derivedState(ws.db);
  await recompute(e);
  assert.equal(derivedState(ws.db), left, 'what the swap left is what a full recompute gives');
  const leftovers = ws.db.prepare("SELECT name FROM sqlite_schema WHERE name LIKE '%\\_\\_next' ESCAPE '\\' OR name LIKE '%\\_\\_old' ESCAPE '\\'").pluck().all();
  assert.deepEqual(leftovers, [], 'no table of the build is left');
});

test('a cancelled recompute leaves the reconciliation as it was, and nothing of its build', async () => {
  const e = ws.engine;
  const state = derivedState(ws.db);
  const building = stepRunning(e, 'records');
  const { jobId } = await ok(e, 'reconcile-recompute', {});
  await building;
  await ok(e, 'job-cancel', { jobId });
  const job = await e.context.jobs.wait(jobId, 600_000);
  assert.equal(job.state, 'cancelled');
  assert.equal(derivedState(ws.db), state);
  const leftovers = ws.db.prepare("SELECT name FROM sqlite_schema WHERE name LIKE '%\\_\\_next' ESCAPE '\\'").pluck().all();
  assert.deepEqual(leftovers, []);
});
