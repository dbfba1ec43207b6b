import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { backoffDelay, retryAfterMs } from './backoff.ts';
import { Pacer, XENDIT_HEADERS } from './pacer.ts';
import { getJson } from './request.ts';
import { CutoverError } from '../../../../shared/api/errors.ts';

test('backoff grows exponentially with jitter, capped, and never retries at once', () => {
  const policy = { baseMs: 100, maxMs: 1_000 };
  assert.equal(backoffDelay(1, policy, () => 0), 50);
  assert.equal(backoffDelay(1, policy, () => 0.999999) < 100, true);
  assert.equal(backoffDelay(4, policy, () => 0), 400);
  assert.equal(backoffDelay(20, policy, () => 0), 500);
  assert.ok(backoffDelay(20, policy, () => 0.99) <= 1_000);
});

test('Retry-After is read as seconds or an HTTP date', () => {
  assert.equal(retryAfterMs('3'), 3_000);
  assert.equal(retryAfterMs('0.5'), 500);
  assert.equal(retryAfterMs(null), null);
  assert.equal(retryAfterMs('soon'), null);
  assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 4_000), 6_000);
});

async function serve(handler: Parameters<typeof createServer>[1]) {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    closeAll: () => server.closeAllConnections(),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const opts = (retries: { n: number; reasons?: string[] }) => ({
  source: 'Test API',
  headers: {},
  pacer: new Pacer(XENDIT_HEADERS),
  signal: new AbortController().signal,
  backoff: { baseMs: 1, maxMs: 5 },
  // Generous: only the test of timeouts relies on one firing.
  timeoutMs: 60_000,
  onRetry: (info: { reason: string }) => {
    retries.n++;
    retries.reasons?.push(info.reason);
  },
});

test('requests retry 429, 5xx and truncated bodies, then succeed', async () => {
  let calls = 0;
  const s = await serve((_req, res) => {
    calls++;
    if (calls === 1) return void res.writeHead(429, { 'Retry-After': '0' }).end('{}');
    if (calls === 2) return void res.writeHead(503).end('<html>busy</html>');
    if (calls === 3) return void res.writeHead(200, { 'Content-Type': 'application/json' }).end('[{"id":');
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('[{"id":"a"}]');
  });
  const retries = { n: 0, reasons: [] as string[] };
  try {
    const out = await getJson(`${s.url}/x`, opts(retries));
    assert.deepEqual(out.body, [{ id: 'a' }]);
    assert.deepEqual(retries.reasons, ['rate limited', 'server error 503', 'the response body was cut off']);
  } finally {
    await s.close();
  }
});

test('a request the server never answers times out and is retried', async () => {
  let calls = 0;
  const s = await serve((_req, res) => {
    // The first request is held forever; later ones are answered at once.
    if (++calls > 1) res.writeHead(200, { 'Content-Type': 'application/json' }).end('[{"id":"a"}]');
  });
  const retries = { n: 0, reasons: [] as string[] };
  try {
    const out = await getJson(`${s.url}/x`, { ...opts(retries), timeoutMs: 250 });
    assert.deepEqual(out.body, [{ id: 'a' }]);
    // A loaded machine may time out an answered request too; every retry is still a timeout.
    assert.ok(retries.reasons.length >= 1);
    assert.ok(retries.reasons.every((r) => r === 'timed out after 0.3 s'), retries.reasons.join(', '));
  } finally {
    s.closeAll();
    await s.close();
  }
});

test('401/403 and other 4xx stop at once with a clear message; no retry', async () => {
  for (const [status, code, pattern] of [
    [401, 'AUTH_FAILED', /Test API refused the key \(HTTP 401/],
    [403, 'AUTH_FAILED', /refused the key/],
    [422, 'SOURCE_FAILED', /rejected the request \(HTTP 422/],
  ] as const) {
    let calls = 0;
    const s = await serve((_req, res) => {
      calls++;
      res.writeHead(status, { 'Content-Type': 'application/json' }).end('{"detail":"nope"}');
    });
    try {
      await assert.rejects(getJson(`${s.url}/x`, opts({ n: 0 })), (e: unknown) => e instanceof CutoverError && e.code === code && pattern.test(e.message));
      assert.equal(calls, 1);
    } finally {
      await s.close();
    }
  }
});

test('a source that keeps failing gives up after the attempt limit, saying a re-run resumes', async () => {
  const s = await serve((_req, res) => void res.writeHead(500).end('{}'));
  try {
    await assert.rejects(getJson(`${s.url}/x`, { ...opts({ n: 0 }), maxAttempts: 3 }), /\(127\.0\.0\.1:\d+\) kept failing \(server error 500\) after 3 attempts; run the pull again to resume/);
  } finally {
    await s.close();
  }
});

/** A port nothing listens on (just freed). */
async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

const unreachable = (pattern: RegExp) => (e: unknown) => e instanceof CutoverError && e.code === 'SOURCE_UNREACHABLE' && pattern.test(e.message);

test('a refused connection fails after a couple of quick tries, naming the host and the cause', async () => {
  const port = await closedPort();
  const retries = { n: 0, reasons: [] as string[] };
  await assert.rejects(
    getJson(`http://127.0.0.1:${port}/v2/invoices`, opts(retries)),
    unreachable(new RegExp(`^Cannot reach Test API at 127\\.0\\.0\\.1:${port}: the connection was refused \\(ECONNREFUSED, 3 tries\\)`)),
  );
  assert.deepEqual(retries.reasons, ['connection refused (ECONNREFUSED)', 'connection refused (ECONNREFUSED)']);
});

test('a host name that does not resolve fails at once, saying so', async () => {
  const retries = { n: 0, reasons: [] as string[] };
  await assert.rejects(getJson('http://no-such-host.invalid/v2/invoices', opts(retries)), unreachable(/^Cannot reach Test API: the host name no-such-host\.invalid does not resolve \(DNS lookup failed, E[A-Z_]+/));
  // A resolver that says "try again" (EAI_AGAIN, no network) gets the quick tries; a name that does not exist none.
  assert.ok(retries.n <= 2, retries.reasons.join(', '));
});

test('a TLS handshake that fails is not retried, and says it was TLS', async () => {
  let requests = 0;
  const s = await serve((_req, res) => {
    requests++;
    res.writeHead(200).end('[]');
  });
  const retries = { n: 0 };
  try {
    await assert.rejects(getJson(`${s.url.replace('http:', 'https:')}/x`, opts(retries)), unreachable(/^Cannot reach Test API at 127\.0\.0\.1:\d+: the secure connection failed \(TLS error [A-Z_]+\)/));
    assert.equal(retries.n, 0);
    assert.equal(requests, 0, 'the plain server never saw an HTTP request');
  } finally {
    await s.close();
  }
});

test('a source that never answers gives up saying it timed out, and on which host', async () => {
  const s = await serve(() => {}); // holds every request
  try {
    await assert.rejects(getJson(`${s.url}/x`, { ...opts({ n: 0 }), timeoutMs: 200, maxAttempts: 2 }), unreachable(/^Test API at 127\.0\.0\.1:\d+ did not answer: timed out after 0\.2 s, 2 tries; run the pull again to resume\.$/));
  } finally {
    s.closeAll();
    await s.close();
  }
});
