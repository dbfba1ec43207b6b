import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, type Engine } from '../engine/engine.ts';
import { tempDir } from '../engine/testing/engine.ts';
import { startWebHost, type WebHost } from './server.ts';
import { API_PREFIX, EVENTS_PATH } from '../../shared/api/transport.ts';
import { EngineEvent } from '../../shared/api/events.ts';

let dir: ReturnType<typeof tempDir>;
let engine: Engine;
let host: WebHost;

before(async () => {
  dir = tempDir();
  const staticDir = join(dir.path, 'static');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Cutover</title>');
  writeFileSync(join(dir.path, 'secret.txt'), 'outside the static root');
  engine = createEngine({ dataDir: join(dir.path, 'ws'), host: 'web' });
  host = await startWebHost({ engine, staticDir });
});

after(async () => {
  await host.close();
  await engine.close();
  dir.remove();
});

interface Reply {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A raw request, so tests control every header (fetch forbids setting Host). */
function raw(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Reply> {
  return new Promise((ok, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const good = () => ({ Host: `127.0.0.1:${host.port}`, Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' });
const call = (name: string, body: string, headers: Record<string, string> = good()) => raw('POST', `${API_PREFIX}${name}`, headers, body);

test('a call with the token returns the result', async () => {
  const res = await call('app-info', '{}');
  assert.equal(res.status, 200);
  const out = JSON.parse(res.body);
  assert.equal(out.ok, true);
  assert.equal(out.result.host, 'web');
});

test('a missing or wrong token is rejected with 401 and a clear message', async () => {
  const { Authorization: _, ...noToken } = good();
  for (const headers of [noToken, { ...good(), Authorization: 'Bearer wrong-token-wrong-token-00' }, { ...good(), Authorization: host.token }]) {
    const res = await call('app-info', '{}', headers);
    assert.equal(res.status, 401);
    assert.deepEqual(JSON.parse(res.body).error.code, 'UNAUTHORIZED');
    assert.match(JSON.parse(res.body).error.message, /token/);
  }
});

test('a foreign Host header is rejected (DNS rebinding), even with the right token', async () => {
  for (const h of ['evil.example:80', `evil.example:${host.port}`, `127.0.0.1.evil.example:${host.port}`, `127.0.0.1:${host.port + 1}`]) {
    const res = await call('app-info', '{}', { ...good(), Host: h });
    assert.equal(res.status, 403, h);
    assert.equal(JSON.parse(res.body).error.code, 'UNAUTHORIZED');
  }
  const page = await raw('GET', '/', { Host: 'attacker.test' });
  assert.equal(page.status, 403);
});

test('a cross-origin call is rejected', async () => {
  const res = await call('app-info', '{}', { ...good(), Origin: 'https://attacker.test' });
  assert.equal(res.status, 403);
});

test('malformed input gets a clear error and the server keeps serving', async () => {
  const notJson = await call('app-info', '{"oops"');
  assert.equal(notJson.status, 400);
  assert.match(JSON.parse(notJson.body).error.message, /not valid JSON/);

  const wrongShape = await call('job-get', '{"jobId": 42}');
  assert.equal(wrongShape.status, 400);
  const err = JSON.parse(wrongShape.body).error;
  assert.equal(err.code, 'BAD_INPUT');
  assert.deepEqual(err.issues.map((i: { path: string }) => i.path), ['jobId']);

  const extra = await call('app-info', '{"surprise": true}');
  assert.equal(extra.status, 400);

  const unknown = await call('drop-everything', '{}');
  assert.equal(unknown.status, 404);
  assert.equal(JSON.parse(unknown.body).error.code, 'UNKNOWN_PROCEDURE');

  const form = await call('app-info', 'a=1', { ...good(), 'Content-Type': 'application/x-www-form-urlencoded' });
  assert.equal(form.status, 415);

  assert.equal((await call('app-info', '{}')).status, 200);
});

test('events need the token and carry job progress to the end, and what the job changed', async () => {
  const denied = await raw('GET', EVENTS_PATH, { Host: `127.0.0.1:${host.port}` });
  assert.equal(denied.status, 401);

  const events: EngineEvent[] = [];
  let started: Promise<{ status: number }> | null = null;
  await new Promise<void>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, path: `${EVENTS_PATH}?token=${host.token}`, headers: { Host: `127.0.0.1:${host.port}` } },
      (res) => {
        assert.equal(res.headers['content-type'], 'text/event-stream');
        let buf = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buf += chunk;
          // The stream is open once its first comment arrives: only then is the job started.
          if (!started && buf.includes(': connected')) started = call('workspace-check', '{}');
          for (const m of buf.matchAll(/^data: (.*)$/gm)) events.push(EngineEvent.parse(JSON.parse(m[1]!)));
          buf = buf.slice(buf.lastIndexOf('\n') + 1);
          if (events.some((e) => e.type === 'job' && e.job.state === 'done')) {
            req.destroy();
            resolve();
          }
        });
      },
    );
    req.on('error', (e) => (e.message.includes('aborted') || (e as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve() : reject(e)));
    req.end();
  });
  assert.equal((await started!)?.status, 200);
  const states = events.flatMap((e) => (e.type === 'job' ? [e.job.state] : []));
  assert.equal(states[0], 'queued');
  assert.ok(states.includes('running'));
  assert.equal(states.at(-1), 'done');
  assert.ok(events.some((e) => e.type === 'data-changed' && e.datasets.includes('jobs')), 'lists of jobs are told to reload');
});

test('static files are served with a CSP, and paths cannot escape the static root', async () => {
  const page = await raw('GET', '/', { Host: `localhost:${host.port}` });
  assert.equal(page.status, 200);
  assert.match(String(page.headers['content-security-policy']), /default-src 'self'/);
  for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
    const res = await raw('GET', path, { Host: `127.0.0.1:${host.port}` });
    assert.notEqual(res.status, 200, path);
    assert.doesNotMatch(res.body, /outside the static root/);
  }
});
