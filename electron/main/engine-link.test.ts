import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CallOutcome } from '../../shared/api/transport.ts';
import { createEngine } from '../engine/engine.ts';
import { tempDir } from '../engine/testing/engine.ts';
import { createEngineLink, type ChildLike } from './engine-link.ts';
import type { SecretValues, ToEngine } from './engine-protocol.ts';
import { createHostSecretStore } from './engine-secrets.ts';
import { serveEngine, type EngineLike, type PortLike } from './engine-server.ts';

/**
 * A utility process in memory: the link's child and the server's parentPort, joined with
 * structuredClone and a macrotask hop, as Electron's message ports behave.
 */
function pipe() {
  const toChild = new EventEmitter();
  const toParent = new EventEmitter();
  let alive = true;
  const sent: ToEngine[] = [];
  const exit = (code: number) => {
    if (!alive) return;
    alive = false;
    setImmediate(() => toParent.emit('exit', code));
  };
  const child: ChildLike & { sent: ToEngine[] } = {
    sent,
    postMessage(message) {
      if (!alive) throw new Error('process gone');
      sent.push(message);
      const data = structuredClone(message);
      setImmediate(() => toChild.emit('message', { data }));
    },
    on(event: 'message' | 'exit', listener: ((message: unknown) => void) | ((code: number) => void)) {
      toParent.on(event, listener as (...args: unknown[]) => void);
      return child;
    },
    kill() {
      exit(143);
      return true;
    },
  };
  const port: PortLike = {
    on(_event, listener) {
      toChild.on('message', listener);
    },
    postMessage(message) {
      if (!alive) throw new Error('parent gone');
      const data = structuredClone(message);
      setImmediate(() => toParent.emit('message', data));
    },
  };
  return { child, port, exit };
}

test('calls and events cross the link to a real engine, and shutdown closes the workspace', async () => {
  const dir = tempDir('cutover-link-');
  const { child, port, exit } = pipe();
  let closedCount = 0;
  serveEngine(
    port,
    () => createEngine({ dataDir: dir.path, host: 'desktop' }),
    () => {
      closedCount++;
      exit(0);
    },
  );
  const exits: [number, boolean][] = [];
  const link = createEngineLink(child, { onExit: (code, expected) => exits.push([code, expected]) });
  try {
    const events: unknown[] = [];
    const off = link.onEvent((e) => events.push(e));

    const info = await link.call('app-info', {});
    assert.ok(info.ok, JSON.stringify(info));
    assert.equal((info.result as { host: string }).host, 'desktop');

    const [a, b] = await Promise.all([link.call('wizard-status', {}), link.call('job-get', { jobId: 'nope' })]);
    assert.ok(a.ok && Array.isArray(a.result));
    assert.equal(!b.ok && b.error.code, 'NOT_FOUND');

    const started = await link.call('workspace-check', {});
    assert.ok(started.ok);
    const jobId = (started.result as { jobId: string }).jobId;
    for (let i = 0; i < 200 && !events.some((e) => isJobDone(e, jobId)); i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(events.some((e) => isJobDone(e, jobId)), 'the job events arrive through the link');
    off();

    await link.shutdown(5_000);
    assert.equal(closedCount, 1);
    assert.deepEqual(exits, [[0, true]]);
    assert.equal(link.exited, true);
    const after = await link.call('app-info', {});
    assert.equal(!after.ok && after.error.code, 'INTERNAL');
  } finally {
    dir.remove();
  }
});

function isJobDone(e: unknown, jobId: string): boolean {
  const job = (e as { type?: string; job?: { id?: string; state?: string } }).job;
  return (e as { type?: string }).type === 'job' && job?.id === jobId && job.state === 'done';
}

test('a workspace that cannot be opened answers every call with the reason', async () => {
  const { child, port } = pipe();
  serveEngine(port, () => {
    throw new Error('could not open the workspace');
  });
  const link = createEngineLink(child);
  const outcome = await link.call('app-info', {});
  assert.equal(!outcome.ok && outcome.error.code, 'INTERNAL');
  assert.match(!outcome.ok ? outcome.error.message : '', /could not open the workspace/);
});

test('when the engine process dies, pending calls are answered with INTERNAL', async () => {
  const { child, port, exit } = pipe();
  let release!: () => void;
  let arrived!: () => void;
  const reachedEngine = new Promise<void>((r) => (arrived = r));
  const engine: EngineLike = {
    handle: () =>
      new Promise<CallOutcome>((r) => {
        release = () => r({ ok: true, result: 1 });
        arrived();
      }),
    onEvent: () => () => {},
    close: async () => {},
    grantFile: () => 'unused',
  };
  serveEngine(port, () => engine);
  const exits: [number, boolean][] = [];
  const link = createEngineLink(child, { onExit: (code, expected) => exits.push([code, expected]) });
  const pending = link.call('app-info', {});
  await reachedEngine;
  exit(1);
  const outcome = await pending;
  assert.equal(!outcome.ok && outcome.error.code, 'INTERNAL');
  assert.match(!outcome.ok ? outcome.error.message : '', /stopped unexpectedly/);
  assert.deepEqual(exits, [[1, false]]);
  release();
});

test('a hung engine is killed after the shutdown timeout', async () => {
  const { child, port } = pipe();
  serveEngine(port, () => ({ handle: async () => ({ ok: true, result: 1 }), onEvent: () => () => {}, close: () => new Promise<void>(() => {}), grantFile: () => 'unused' }));
  const link = createEngineLink(child);
  const t0 = Date.now();
  await link.shutdown(100);
  assert.ok(Date.now() - t0 >= 90);
  assert.ok(child.sent.some((m) => m.kind === 'shutdown'), 'it was asked first');
  await new Promise((r) => setImmediate(r));
  assert.equal(link.exited, true);
});

test('a result that cannot be cloned still answers the call', async () => {
  const { child, port } = pipe();
  serveEngine(port, () => ({ handle: async () => ({ ok: true, result: () => 1 }), onEvent: () => () => {}, close: async () => {}, grantFile: () => 'unused' }));
  const outcome = await createEngineLink(child).call('app-info', {});
  assert.equal(!outcome.ok && outcome.error.code, 'INTERNAL');
});

test('the engine ignores malformed messages and the link ignores malformed replies', async () => {
  const { child, port } = pipe();
  const calls: string[] = [];
  serveEngine(port, () => ({
    handle: async (name) => {
      calls.push(name);
      return { ok: true, result: name };
    },
    onEvent: () => () => {},
    close: async () => {},
    grantFile: () => 'unused',
  }));
  const link = createEngineLink(child);
  for (const junk of [null, 'call', { kind: 'call' }, { kind: 'call', id: 'x', name: 'a' }, { kind: 'eval', code: '1' }]) {
    child.postMessage(junk as ToEngine);
  }
  const outcome = await link.call('app-info', {});
  assert.deepEqual(outcome, { ok: true, result: 'app-info' });
  assert.deepEqual(calls, ['app-info']);
});

test("a file the main process granted after its dialog is imported once by the window's call; no other token works", async () => {
  const dir = tempDir('cutover-link-');
  const { child, port, exit } = pipe();
  serveEngine(port, () => createEngine({ dataDir: join(dir.path, 'ws'), host: 'desktop' }), () => exit(0));
  const link = createEngineLink(child);
  try {
    const file = join(dir.path, 'contacts.csv');
    writeFileSync(file, 'ID,Email,Date Registered\n1,ana@example.com,2024-09-03 13:12:44\n');
    const granted = await link.grantFile(file);
    assert.ok(granted.ok);
    const { fileToken } = granted.result as { fileToken: string };
    const started = await link.call('csv-import', { kind: 'systeme-contacts', fileToken });
    assert.ok(started.ok, JSON.stringify(started));
    const done = await link.call('job-wait', { jobId: (started.result as { jobId: string }).jobId });
    assert.ok(done.ok);
    const job = done.result as { state: string; label: string; result: { imported: number } };
    assert.equal(job.state, 'done');
    assert.equal(job.result.imported, 1);
    // Spent, and a guessed token names nothing.
    for (const token of [fileToken, 'B'.repeat(32)]) {
      const again = await link.call('csv-import', { kind: 'systeme-contacts', fileToken: token });
      assert.equal(!again.ok && again.error.code, 'BAD_INPUT');
      assert.match(!again.ok ? again.error.message : '', /no longer available/);
    }
    // Calls on the link are the window's (IPC): a path is refused there too.
    const withPath = await link.call('csv-import', { kind: 'systeme-contacts', path: file });
    assert.equal(!withPath.ok && withPath.error.code, 'BAD_INPUT');
    assert.ok(existsSync(file), "a granted file is the user's own: it is not removed");
    await link.shutdown(5_000);
  } finally {
    dir.remove();
  }
});

/** An engine process as engine-process.ts wires it: a real engine whose keys come from main. */
function serveDesktopEngine({ port, exit }: ReturnType<typeof pipe>, dataDir: string) {
  const secrets = createHostSecretStore((message) => port.postMessage(message));
  serveEngine(port, () => createEngine({ dataDir, host: 'desktop', secrets }), () => exit(0), { onSecretsInit: (m) => secrets.init(m) });
}

test('keys set in the app reach main to be kept, and come back to the next engine before its first call', async () => {
  const dir = tempDir('cutover-link-secrets-');
  const key = 'xnd_development_AbCdEf0123456789';
  try {
    // First session: main is still reading its vault when the window's first call comes.
    const first = pipe();
    serveDesktopEngine(first, dir.path);
    let release!: (m: ToEngine) => void;
    const saved: SecretValues[] = [];
    const link = createEngineLink(first.child, { firstMessage: new Promise<ToEngine>((r) => (release = r)), onSecretsSave: (s) => saved.push(s) });
    const pending = link.call('connection-set', { xendit: { secretKey: key } });
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(first.child.sent.length, 0, 'no call goes out before the keys');
    release({ kind: 'secrets-init', secrets: {}, persist: { ok: true } });
    const set = await pending;
    assert.ok(set.ok, JSON.stringify(set));
    assert.deepEqual(first.child.sent.map((m) => m.kind), ['secrets-init', 'call']);
    for (let i = 0; i < 50 && saved.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(saved, [{ 'xendit.secretKey': key }]);
    await link.shutdown(1_000);

    // Next session: the kept key is there for the first call, and is never shown.
    const second = pipe();
    serveDesktopEngine(second, dir.path);
    const next = createEngineLink(second.child, { firstMessage: Promise.resolve({ kind: 'secrets-init', secrets: saved[0]!, persist: { ok: true } }) });
    const status = await next.call('connection-get', {});
    assert.ok(status.ok);
    const xendit = (status.result as { xendit: { hasKey: boolean; keyHint: string } }).xendit;
    assert.equal(xendit.hasKey, true);
    assert.equal(xendit.keyHint, 'xnd_development_…6789');
    assert.ok(!JSON.stringify(status).includes(key));
    await next.shutdown(1_000);
  } finally {
    dir.remove();
  }
});

test('in a memory-only session the engine sends main no keys', async () => {
  const dir = tempDir('cutover-link-secrets-');
  try {
    const engineProcess = pipe();
    serveDesktopEngine(engineProcess, dir.path);
    const { child } = engineProcess;
    const saved: SecretValues[] = [];
    const link = createEngineLink(child, {
      firstMessage: Promise.resolve({ kind: 'secrets-init', secrets: {}, persist: { ok: false, reason: 'No keyring is available.' } }),
      onSecretsSave: (s) => saved.push(s),
    });
    const set = await link.call('connection-set', { xendit: { secretKey: 'xnd_development_AbCdEf0123456789' } });
    assert.ok(set.ok && (set.result as { xendit: { hasKey: boolean } }).xendit.hasKey);
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(saved, []);
    await link.shutdown(1_000);
  } finally {
    dir.remove();
  }
});
