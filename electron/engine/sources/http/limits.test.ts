// What a source can make a request do: redirects stay on the source's origin, a response is read
// only up to its cap, and an error body's text is clipped before it reaches a message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CutoverError } from '../../../../shared/api/errors.ts';
import { Pacer, XENDIT_HEADERS } from './pacer.ts';
import { getJson, MAX_ERROR_TEXT, MAX_RESPONSE_BYTES } from './request.ts';

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const KEY = 'xnd_development_RedirectedKey0123456789';
const opts = (signal = new AbortController().signal) => ({
  source: 'Test API',
  headers: { 'X-API-Key': KEY },
  pacer: new Pacer(XENDIT_HEADERS),
  signal,
  backoff: { baseMs: 1, maxMs: 5 },
  timeoutMs: 60_000,
  maxAttempts: 3,
});

test('a redirect within the origin is followed with the key; one to another origin is refused before anything reaches it', async () => {
  const elsewhere: (string | undefined)[] = [];
  const other = await serve((req, res) => {
    elsewhere.push(req.headers['x-api-key'] as string | undefined);
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('[]');
  });
  const keysSeen: string[] = [];
  const source = await serve((req, res) => {
    keysSeen.push(String(req.headers['x-api-key']));
    if (req.url === '/moved') return void res.writeHead(301, { Location: '/here' }).end();
    if (req.url === '/here') return void res.writeHead(200, { 'Content-Type': 'application/json' }).end('[{"id":"a"}]');
    if (req.url === '/away') return void res.writeHead(302, { Location: `${other.url.replace('127.0.0.1', 'localhost')}/steal` }).end();
    if (req.url === '/loop') return void res.writeHead(307, { Location: '/loop' }).end();
    res.writeHead(404).end();
  });
  try {
    assert.deepEqual((await getJson(`${source.url}/moved`, opts())).body, [{ id: 'a' }]);
    assert.deepEqual(keysSeen, [KEY, KEY]);

    await assert.rejects(getJson(`${source.url}/away`, opts()), (err: unknown) => {
      assert.ok(err instanceof CutoverError && err.code === 'SOURCE_FAILED');
      assert.match(err.message, /^Test API redirected the request to another server \(localhost:\d+\); Cutover does not send the key there\./);
      return true;
    });
    assert.deepEqual(elsewhere, [], 'nothing was sent to the other origin');

    await assert.rejects(getJson(`${source.url}/loop`, opts()), /redirected more than 5 times/);
  } finally {
    await source.close();
    await other.close();
  }
});

test('a response larger than the cap is refused: by its Content-Length unread, and a stream as soon as it passes the cap', async () => {
  let declaredCalls = 0;
  let streamClosed!: () => void;
  const closed = new Promise<void>((r) => (streamClosed = r));
  let streamedBytes = 0;
  const s = await serve((req, res) => {
    if (req.url === '/declared') {
      declaredCalls++;
      // Says 1 GB is coming, then sends a little: the client must not wait for the rest.
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(2 ** 30) });
      res.write('[');
      return;
    }
    // Endless: chunks for as long as the client reads.
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.on('close', () => streamClosed());
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (!res.destroyed && res.write(chunk)) streamedBytes += chunk.length;
      if (!res.destroyed) res.once('drain', pump);
    };
    res.write('[');
    pump();
  });
  try {
    const tooLarge = (err: unknown) => err instanceof CutoverError && err.code === 'SOURCE_FAILED' && /sent a response larger than 8 MB/.test(err.message);
    await assert.rejects(getJson(`${s.url}/declared`, opts()), tooLarge);
    assert.equal(declaredCalls, 1, 'not retried');
    await assert.rejects(getJson(`${s.url}/endless`, opts()), tooLarge);
    await closed; // the client hung up on the endless body
    // It stopped reading near the cap (the socket buffers a few MB beyond what was read).
    assert.ok(streamedBytes < MAX_RESPONSE_BYTES * 4, `the server got ${streamedBytes} bytes out`);
  } finally {
    await s.close();
  }
});

test('cancel during an endless body stops reading it at once', async () => {
  const controller = new AbortController();
  let closed!: () => void;
  const hungUp = new Promise<void>((r) => (closed = r));
  const s = await serve((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.on('close', () => closed());
    // A trickle well under the cap: only cancel can end it.
    res.write('[');
    res.write(' '.repeat(1024), () => controller.abort());
  });
  try {
    await assert.rejects(getJson(`${s.url}/slow`, opts(controller.signal)), (err: unknown) => err instanceof CutoverError && err.code === 'CANCELLED');
    await hungUp;
  } finally {
    await s.close();
  }
});

test("text from a source's error body is clipped before it reaches the message", async () => {
  const huge = 'x'.repeat(5 * 1024 * 1024);
  const s = await serve((_req, res) => void res.writeHead(422, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: huge })));
  try {
    await assert.rejects(getJson(`${s.url}/x`, opts()), (err: unknown) => {
      assert.ok(err instanceof CutoverError && err.code === 'SOURCE_FAILED');
      assert.ok(err.message.length < MAX_ERROR_TEXT + 200, `the message is ${err.message.length} characters`);
      assert.match(err.message, /rejected the request \(HTTP 422: \{"message":"x+…\)\.$/);
      return true;
    });
  } finally {
    await s.close();
  }
});
