// The engine's spine: one registry keyed by the contract, writes announced, jobs serialised
// on the cache, and recovery hooks for jobs a dead engine left behind.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { combine } from '../../shared/api/define.ts';
import type { EngineEvent } from '../../shared/api/events.ts';
import { createEngine } from './engine.ts';
import { buildRegistry, handlers, type Handlers } from './registry.ts';
import { appHandlers } from './app/handlers.ts';
import { jobHandlers } from './jobs/handlers.ts';
import { sourceHandlers } from './sources/handlers.ts';
import { demoHandlers } from './demo/handlers.ts';
import { reconcileHandlers } from './reconcile/handlers.ts';
import { approvalHandlers } from './approval/handlers.ts';
import { exportHandlers } from './export/grid-export.ts';
import { targetHandlers } from './target/handlers.ts';
import { cutoverHandlers } from './cutover/handlers.ts';
import { tempDir, withEngine } from './testing/engine.ts';
import { pullFixture } from './testing/pull.ts';
import { toCsvText, xenditInvoiceCsvLines } from './demo/generator/index.ts';

test('a procedure defined twice is refused, naming it', () => {
  const again = handlers({ 'app-info': appHandlers['app-info'] });
  // @ts-expect-error -- the compiler sees the duplicate too
  assert.throws(() => combine('the engine handlers', appHandlers, again), /"app-info" is defined twice/);
});

test('the registry refuses a contract procedure without a handler, and a job kind without a definition', () => {
  const { 'app-info': _missing, ...rest } = appHandlers;
  const partial = combine('h', rest, jobHandlers, sourceHandlers, demoHandlers, reconcileHandlers, approvalHandlers, exportHandlers) as unknown as Handlers;
  assert.throws(() => buildRegistry(partial, []), /no handler for app-info/);
  const full = combine('h', appHandlers, jobHandlers, sourceHandlers, demoHandlers, reconcileHandlers, approvalHandlers, exportHandlers, targetHandlers, cutoverHandlers) satisfies Handlers;
  assert.throws(() => buildRegistry(full, []), /no job definition for workspace-check, session-resume, pull, csv-import, reconcile, grid-export, push, cutover-plan, cutover, rollback/);
});

test('a procedure that writes announces what it changed; a read announces nothing', async () => {
  await withEngine(async (engine) => {
    const events: EngineEvent[] = [];
    engine.onEvent((e) => events.push(e));
    assert.ok((await engine.call('settings-get', {})).ok);
    assert.deepEqual(events, []);
    const set = await engine.call('settings-set', { reviewerName: 'Ana' });
    assert.ok(set.ok && set.result.reviewerName === 'Ana');
    assert.deepEqual(events, [{ type: 'data-changed', datasets: ['settings'] }]);
    const bad = await engine.call('settings-set', { timeZone: 'Mars/Olympus' });
    assert.equal(!bad.ok && bad.error.code, 'BAD_INPUT');
    assert.equal(events.length, 1, 'a refused write announces nothing');
  });
});

test('a pull announces the cache changed as its pages land, while it is still running', async () => {
  const f = await pullFixture({ scale: 0.05 });
  try {
    const whileRunning: EngineEvent[] = [];
    f.engine.onEvent((e) => {
      const pulling = f.engine.context.jobs.active().some((j) => j.kind === 'pull' && j.state === 'running');
      if (e.type === 'data-changed' && pulling) whileRunning.push(e);
    });
    const job = await f.pull();
    assert.equal(job.state, 'done');
    assert.ok(
      whileRunning.some((e) => e.type === 'data-changed' && e.datasets.includes('cache')),
      'a data-changed event for the cache came before the pull ended',
    );
  } finally {
    await f.close();
  }
});

test('a CSV import started during a pull waits for the cache, then runs', async () => {
  const f = await pullFixture({ scale: 0.05 });
  try {
    const pull = await f.engine.call('pull-start', {});
    const csv = await f.engine.call('csv-import', { kind: 'xendit-invoices', content: toCsvText(xenditInvoiceCsvLines(f.dataset.invoices.slice(0, 20))) });
    assert.ok(pull.ok && csv.ok);
    const queued = await f.engine.call('job-get', { jobId: csv.result.jobId });
    assert.ok(queued.ok);
    assert.equal(queued.result.state, 'queued');
    const importDone = await f.engine.context.jobs.wait(csv.result.jobId, 600_000);
    const pullDone = f.engine.context.jobs.get(pull.result.jobId);
    assert.equal(pullDone.state, 'done');
    assert.equal(importDone.state, 'done');
    assert.ok(importDone.startedAt! >= pullDone.finishedAt!, 'the import began after the pull had ended');
  } finally {
    await f.close();
  }
});

test("a job cut off by kill -9 is marked interrupted on reopen, and its kind's recovery hook runs", async () => {
  // A source that never answers: the pull is surely running when it is killed.
  let arrived!: () => void;
  const requested = new Promise<void>((r) => (arrived = r));
  const server = createServer(() => arrived());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = tempDir();
  try {
    const setup = createEngine({ dataDir: dir.path, host: 'cli' });
    assert.ok((await setup.call('connection-set', { xendit: { baseUrl: url, secretKey: 'xnd_development_abc' }, systeme: { baseUrl: url, apiKey: 'systeme-key-123' } })).ok);
    await setup.close();
    const bin = fileURLToPath(new URL('../../bin/cutover.mjs', import.meta.url));
    const child = spawn(process.execPath, [bin, 'pull-start', '--data-dir', dir.path], {
      env: { ...process.env, CUTOVER_XENDIT_SECRET_KEY: 'xnd_development_abc', CUTOVER_SYSTEME_API_KEY: 'systeme-key-123' },
      stdio: 'ignore',
    });
    const exited = new Promise((r) => child.on('exit', r));
    await requested;
    child.kill('SIGKILL');
    await exited;

    const engine = createEngine({ dataDir: dir.path, host: 'cli' });
    try {
      const jobs = await engine.call('jobs-list', { limit: 5 });
      assert.ok(jobs.ok);
      const pull = jobs.result.find((j) => j.kind === 'pull');
      assert.equal(pull?.state, 'interrupted');
      assert.match(pull?.progress.note ?? '', /The next Pull resumes from the last page/);
    } finally {
      await engine.close();
    }
  } finally {
    server.closeAllConnections();
    server.close();
    dir.remove();
  }
});
