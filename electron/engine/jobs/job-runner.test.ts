import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openWorkspace } from '../workspace/workspace.ts';
import { tempDir } from '../testing.ts';
import { JobRunner } from './job-runner.ts';
import type { JobInfo } from '../../../shared/api/jobs.ts';
import { CutoverError } from '../../../shared/api/errors.ts';

function setup() {
  const dir = tempDir();
  const ws = openWorkspace(dir.path);
  const events: JobInfo[] = [];
  const runner = new JobRunner(ws.db, (j) => events.push(j));
  return { dir, ws, events, runner, done: () => (ws.close(), dir.remove()) };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

test('a job reports progress with rate and ETA, then its result', async () => {
  const { runner, events, done } = setup();
  const id = runner.start({ kind: 'count', label: 'Count', unit: 'items', total: 40 }, async (ctx) => {
    const part = ctx.part('a', 'Source A', 'pages', 40);
    for (let i = 1; i <= 40; i++) {
      await tick();
      ctx.overall.set(i);
      part.set(i);
    }
    return { counted: 40 };
  });
  const end = await runner.wait(id, 10_000);
  assert.equal(end.state, 'done');
  assert.deepEqual(end.result, { counted: 40 });
  assert.equal(end.progress.done, 40);
  assert.equal(end.parts.a?.done, 40);
  const mid = events.filter((e) => e.state === 'running' && e.progress.rate !== null);
  assert.ok(mid.length > 0, 'some progress events carry a rate');
  assert.ok(mid.some((e) => e.progress.etaSeconds !== null && e.progress.etaSeconds > 0));
  assert.equal(events.at(-1)?.state, 'done');
  assert.equal(runner.list(10)[0]?.state, 'done'); // persisted
  done();
});

test('cancel stops a job at its next safe point and records it as cancelled', async () => {
  const { runner, done } = setup();
  let steps = 0;
  const id = runner.start({ kind: 'loop', label: 'Loop', unit: 'steps' }, async (ctx) => {
    for (;;) {
      ctx.throwIfCancelled();
      steps++;
      await tick();
    }
  });
  await tick();
  runner.cancel(id);
  const end = await runner.wait(id, 5_000);
  assert.equal(end.state, 'cancelled');
  assert.equal(end.error?.code, 'CANCELLED');
  const after = steps;
  await tick();
  assert.equal(steps, after);
  done();
});

test('a failing job reports its error; an exclusive kind cannot run twice at once', async () => {
  const { runner, done } = setup();
  const failing = runner.start({ kind: 'x', label: 'Explode', unit: 'u' }, async () => {
    throw new CutoverError('SOURCE_FAILED', 'The source kept failing.');
  });
  const end = await runner.wait(failing, 5_000);
  assert.equal(end.state, 'failed');
  assert.equal(end.error?.message, 'The source kept failing.');

  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const first = runner.start({ kind: 'pull', label: 'Pull', unit: 'records', exclusive: true }, () => gate);
  assert.throws(() => runner.start({ kind: 'pull', label: 'Pull', unit: 'records', exclusive: true }, async () => {}), /already running/);
  release();
  await runner.wait(first, 5_000);
  done();
});

test('a job that was running when the engine died is marked interrupted on reopen', async () => {
  const { dir, ws, runner } = setup();
  runner.start({ kind: 'pull', label: 'Pull', unit: 'records' }, () => new Promise(() => {}));
  ws.close(); // the engine "dies" with the job running
  const reopened = openWorkspace(dir.path);
  const again = new JobRunner(reopened.db, () => {});
  assert.equal(again.list(5)[0]?.state, 'interrupted');
  reopened.close();
  dir.remove();
});
