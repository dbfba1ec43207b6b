// The job runner on a fake clock: nothing here waits for real time to pass.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Dataset } from '../../../shared/api/datasets.ts';
import { CutoverError } from '../../../shared/api/errors.ts';
import type { JobInfo } from '../../../shared/api/jobs.ts';
import { openWorkspace } from '../workspace/workspace.ts';
import { tempDir } from '../testing/engine.ts';
import { defineJob, JobRunner, type JobContext } from './job-runner.ts';

function setup() {
  const dir = tempDir();
  const ws = openWorkspace(dir.path);
  const events: JobInfo[] = [];
  const changes: Dataset[][] = [];
  const clock = { t: Date.parse('2025-08-01T00:00:00Z') };
  const runner = new JobRunner(ws.db, { job: (j) => events.push(j), changed: (d) => changes.push(d) }, { now: () => clock.t, writes: () => ['cache'] });
  return { dir, ws, events, changes, clock, runner, done: () => (ws.close(), dir.remove()) };
}

/** A promise and the functions that settle it, for work that waits on the test. */
function gate<T = void>() {
  let open!: (value: T) => void;
  const promise = new Promise<T>((r) => (open = r));
  return { promise, open };
}

const checkResult = { integrity: 'ok', problems: [] as string[], tables: [] };
/** A job of a real kind whose work the test supplies. */
const job = (locks: 'exclusive' | 'shared' = 'exclusive') =>
  defineJob({ kind: 'workspace-check', locks: { cache: locks }, run: (work: (ctx: JobContext<'workspace-check'>) => Promise<typeof checkResult>, ctx) => work(ctx) });

test('a job reports progress with rate and ETA, then its result', async () => {
  const { runner, events, clock, done } = setup();
  const { jobId } = runner.start(job(), async (ctx) => {
    ctx.overall.set(0, 40);
    for (let i = 1; i <= 40; i++) {
      clock.t += 250; // 4 items a second
      ctx.overall.set(i);
      await Promise.resolve();
    }
    return checkResult;
  });
  const end = await runner.wait(jobId, 60_000);
  assert.equal(end.state, 'done');
  assert.deepEqual(end.result, checkResult);
  assert.equal(end.progress.done, 40);
  const mid = events.filter((e) => e.state === 'running' && e.progress.rate !== null);
  assert.ok(mid.length > 0, 'progress events carry a rate');
  assert.ok(mid.every((e) => Math.abs(e.progress.rate! - 4) < 0.01), 'the rate is what the clock says');
  const early = mid.find((e) => e.progress.done === 20);
  assert.ok(early && Math.abs(early.progress.etaSeconds! - 5) < 0.01, '20 left at 4/s is 5 s');
  assert.equal(events.at(-1)?.state, 'done');
  assert.equal(runner.list(10)[0]?.state, 'done', 'persisted');
  done();
});

test('declared steps report their own status, and steps a failed job never reached are skipped', async () => {
  const { runner, done } = setup();
  const { jobId } = runner.start(job(), async (ctx) => {
    await ctx.runStep('integrity', () => 'ok');
    await ctx.runStep('counts', () => {
      throw new CutoverError('INTERNAL', 'disk gone');
    });
    return checkResult;
  });
  const end = await runner.wait(jobId, 60_000);
  assert.equal(end.state, 'failed');
  assert.deepEqual(
    end.steps.map((s) => [s.id, s.status, s.note ?? null]),
    [
      ['integrity', 'ok', null],
      ['counts', 'failed', 'disk gone'],
    ],
  );
  const skipped = runner.start(job(), async () => {
    throw new CutoverError('SOURCE_FAILED', 'gone');
  });
  const end2 = await runner.wait(skipped.jobId, 60_000);
  assert.deepEqual(
    end2.steps.map((s) => s.status),
    ['skipped', 'skipped'],
  );
  done();
});

test('cancel stops a job at its next safe point and records it as cancelled', async () => {
  const { runner, done } = setup();
  const reachedLoop = gate();
  let rounds = 0;
  const { jobId } = runner.start(job(), async (ctx) => {
    for (;;) {
      ctx.throwIfCancelled();
      rounds++;
      reachedLoop.open();
      await new Promise((r) => setImmediate(r));
    }
  });
  await reachedLoop.promise;
  runner.cancel(jobId);
  const end = await runner.wait(jobId, 60_000);
  assert.equal(end.state, 'cancelled');
  assert.equal(end.error?.code, 'CANCELLED');
  const after = rounds;
  await new Promise((r) => setImmediate(r));
  assert.equal(rounds, after, 'it stopped');
  done();
});

test('two writers on one cache are serialised: the second waits, queued, and runs after the first', async () => {
  const { runner, events, done } = setup();
  const order: string[] = [];
  const release = gate();
  const first = runner.start(job(), async () => {
    order.push('first:start');
    await release.promise;
    order.push('first:end');
    return checkResult;
  });
  const second = runner.start(job(), async () => {
    order.push('second:start');
    return checkResult;
  });
  await new Promise((r) => setImmediate(r));
  const queued = runner.get(second.jobId);
  assert.equal(queued.state, 'queued');
  assert.match(queued.waitingFor ?? '', /the workspace cache \(Check workspace\)/);
  release.open();
  await runner.wait(second.jobId, 60_000);
  assert.equal(runner.get(first.jobId).state, 'done');
  assert.equal(runner.get(second.jobId).state, 'done');
  assert.deepEqual(order, ['first:start', 'first:end', 'second:start']);
  assert.ok(events.some((e) => e.id === second.jobId && e.state === 'queued'), 'the queue was announced');
  done();
});

test('readers share the cache; a queued job cancelled before it starts never runs', async () => {
  const { runner, done } = setup();
  const release = gate();
  const a = runner.start(job('shared'), async () => (await release.promise, checkResult));
  const b = runner.start(job('shared'), async () => checkResult);
  assert.equal((await runner.wait(b.jobId, 60_000)).state, 'done', 'a second reader does not wait for the first');
  let ran = false;
  const writer = runner.start(job('exclusive'), async () => ((ran = true), checkResult));
  runner.cancel(writer.jobId);
  assert.equal((await runner.wait(writer.jobId, 60_000)).state, 'cancelled');
  release.open();
  await runner.wait(a.jobId, 60_000);
  assert.equal(ran, false);
  done();
});

test('a critical section is not cut short by Cancel or shutdown; the cancel takes effect after it', async () => {
  const { runner, done } = setup();
  const inside = gate();
  const commit = gate();
  let committed = false;
  const { jobId } = runner.start(job(), async (ctx) => {
    await ctx.critical(async () => {
      inside.open();
      await commit.promise;
      ctx.throwIfCancelled(); // a cancel asked for now is not seen inside
      committed = true;
    });
    ctx.throwIfCancelled();
    return checkResult;
  });
  await inside.promise;
  runner.cancel(jobId);
  const stopping = runner.shutdown();
  assert.equal(runner.get(jobId).state, 'running');
  commit.open();
  await stopping;
  assert.equal(committed, true, 'the section ran to its end');
  assert.equal(runner.get(jobId).state, 'cancelled', 'and the cancel applied after it');
  done();
});

test('a failing job reports its error; writes are announced as the job goes and when it ends', async () => {
  const { runner, changes, clock, done } = setup();
  const { jobId } = runner.start(job(), async (ctx) => {
    ctx.changed('quarantine');
    clock.t += 1_000;
    throw new CutoverError('SOURCE_FAILED', 'The source kept failing.');
  });
  const end = await runner.wait(jobId, 60_000);
  assert.equal(end.state, 'failed');
  assert.equal(end.error?.message, 'The source kept failing.');
  const announced = changes.flat();
  assert.ok(announced.includes('quarantine'), 'what it wrote on the way');
  assert.ok(announced.includes('cache'), "and its procedure's writes at the end");
  assert.ok(announced.includes('jobs'));
  done();
});

test('a job that was running when the engine died is marked interrupted on reopen', async () => {
  const { dir, ws, runner } = setup();
  const started = gate();
  runner.start(job(), async () => {
    started.open();
    return new Promise<never>(() => {});
  });
  await started.promise;
  ws.close(); // the engine "dies" with the job running
  const reopened = openWorkspace(dir.path);
  const again = new JobRunner(reopened.db, { job: () => {}, changed: () => {} });
  assert.equal(again.list(5)[0]?.state, 'interrupted');
  assert.equal(again.interruptedOnOpen.length, 1);
  reopened.close();
  dir.remove();
});
