// The web host: the built renderer and the engine's API over HTTP + server-sent events, on
// 127.0.0.1 only, behind a per-launch token. It is how tests and headless machines run the app.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Engine } from '../engine/engine.ts';
import type { ApiErrorBody } from '../../shared/api/errors.ts';
import { MAX_CSV_BYTES } from '../../shared/api/sources.ts';
import { API_PREFIX, DOWNLOAD_PREFIX, EVENTS_PATH, TOKEN_FRAGMENT_KEY, type CallOutcome } from '../../shared/api/transport.ts';
import { exportFile } from '../engine/export/grid-export.ts';
import { CONTENT_SECURITY_POLICY, bearer, httpStatusFor, isAllowedHost, isAllowedOrigin, isJsonContentType, tokenMatches } from './guards.ts';
import { readUpload, UploadError } from './upload.ts';

/** Any call's body but an upload's: inputs are small. */
const MAX_CALL_BYTES = 1024 * 1024;
/** csv-import's `content` is the one large input: the largest export, JSON-escaped (a quote or line break is two characters). */
const UPLOAD = { procedure: 'csv-import', field: 'content', maxBodyBytes: 2 * MAX_CSV_BYTES + MAX_CALL_BYTES, maxFileBytes: MAX_CSV_BYTES, maxMemberBytes: 64 * 1024 } as const;
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export interface WebHostOptions {
  engine: Engine;
  staticDir: string;
  port?: number;
  token?: string;
}

export interface WebHost {
  readonly port: number;
  readonly token: string;
  /** The page URL, with the token in its fragment. */
  readonly url: string;
  close(): Promise<void>;
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const staticRoot = resolve(opts.staticDir);
  const streams = new Set<ServerResponse>();
  let port = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, fail('INTERNAL', `Unexpected error: ${(err as Error).message}`));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    if (!isAllowedHost(req.headers.host, port)) {
      return sendJson(res, 403, fail('UNAUTHORIZED', 'Host not allowed: this server only answers on its loopback address.'));
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);

    if (url.pathname === EVENTS_PATH) {
      if (req.method !== 'GET') return sendJson(res, 405, fail('BAD_INPUT', 'Use GET for events.'));
      if (!tokenMatches(url.searchParams.get('token'), token)) return sendJson(res, 401, fail('UNAUTHORIZED', 'Missing or wrong access token.'));
      return openEventStream(res);
    }

    if (url.pathname.startsWith(DOWNLOAD_PREFIX)) {
      if (req.method !== 'GET') return sendJson(res, 405, fail('BAD_INPUT', 'Use GET for downloads.'));
      if (!tokenMatches(url.searchParams.get('token'), token)) return sendJson(res, 401, fail('UNAUTHORIZED', 'Missing or wrong access token.'));
      // Only an export's id: the file is looked up in the workspace's exports folder, never by a path.
      const file = exportFile(opts.engine.context.workspace.path, url.pathname.slice(DOWNLOAD_PREFIX.length));
      if (!file) return sendJson(res, 404, fail('NOT_FOUND', 'No such export.'));
      const name = (url.searchParams.get('name') ?? 'export.csv').replace(/[^\w.-]/g, '_').slice(0, 100) || 'export.csv';
      res.writeHead(200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'no-store' });
      createReadStream(file).pipe(res);
      return;
    }

    if (url.pathname.startsWith(API_PREFIX)) {
      if (req.method !== 'POST') return sendJson(res, 405, fail('BAD_INPUT', 'Use POST for calls.'));
      if (!isAllowedOrigin(req.headers.origin, port)) return sendJson(res, 403, fail('UNAUTHORIZED', 'Cross-origin calls are not allowed.'));
      if (!tokenMatches(bearer(req.headers.authorization), token)) return sendJson(res, 401, fail('UNAUTHORIZED', 'Missing or wrong access token.'));
      if (!isJsonContentType(req.headers['content-type'])) return refuse(res, 415, 'Send the input as application/json.');
      let name: string;
      try {
        name = decodeURIComponent(url.pathname.slice(API_PREFIX.length));
      } catch {
        return refuse(res, 400, 'The procedure name in the URL is not valid percent-encoding.');
      }
      const upload = name === UPLOAD.procedure;
      const limit = upload ? UPLOAD.maxBodyBytes : MAX_CALL_BYTES;
      // Refused before a byte of the body is read.
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > limit) return refuse(res, 413, tooLarge(limit));
      return upload ? callWithUpload(req, res) : callWithBody(req, res, name, limit);
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, fail('BAD_INPUT', 'Method not allowed.'));
    return serveStatic(url.pathname, res);
  }

  async function callWithBody(req: IncomingMessage, res: ServerResponse, name: string, limit: number): Promise<void> {
    const body = await readBody(req, limit);
    if (body === null) return refuse(res, 413, tooLarge(limit));
    let input: unknown = {};
    if (body.length > 0) {
      try {
        input = JSON.parse(body.toString('utf8'));
      } catch {
        return sendJson(res, 400, fail('BAD_INPUT', 'The request body is not valid JSON.'));
      }
    }
    return answer(res, await opts.engine.handle(name, input, 'web'));
  }

  /** csv-import: its content is decoded into a private temporary file as it arrives, and the engine reads that file. */
  async function callWithUpload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = join(uploads(), `${randomUUID()}.csv`);
    const file = await open(path, 'wx', 0o600);
    let body;
    try {
      body = await readUpload(bodyChunks(req), UPLOAD.field, file, UPLOAD);
    } catch (err) {
      rmSync(path, { force: true });
      if (err instanceof UploadError) return refuse(res, err.status, err.message);
      throw err;
    } finally {
      await file.close();
    }
    if (body.fileBytes === null || 'fileToken' in body.fields) {
      rmSync(path, { force: true });
      if (body.fileBytes !== null) return refuse(res, 400, 'Give either content or fileToken, not both.');
      return answer(res, await opts.engine.handle(UPLOAD.procedure, body.fields, 'web'));
    }
    const fileToken = opts.engine.grantFile(path, { transport: 'web', temporary: true, name: 'upload.csv' });
    try {
      return answer(res, await opts.engine.handle(UPLOAD.procedure, { ...body.fields, fileToken }, 'web'));
    } finally {
      // A call that did not start the import leaves its file unread: it goes now.
      opts.engine.context.files.release(fileToken);
    }
  }

  let uploadDir: string | null = null;
  const uploads = () => (uploadDir ??= mkdtempSync(join(tmpdir(), 'cutover-uploads-')));

  function answer(res: ServerResponse, outcome: CallOutcome): void {
    sendJson(res, outcome.ok ? 200 : httpStatusFor(outcome.error.code), outcome);
  }

  function openEventStream(res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    streams.add(res);
    const unsubscribe = opts.engine.onEvent((event) => res.write(`data: ${JSON.stringify(event)}\n\n`));
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    res.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
      streams.delete(res);
    });
  }

  function serveStatic(pathname: string, res: ServerResponse): void {
    let rel: string;
    try {
      rel = decodeURIComponent(pathname);
    } catch {
      return sendJson(res, 400, fail('BAD_INPUT', 'Bad path.'));
    }
    if (rel === '/' || rel === '') rel = '/index.html';
    const file = normalize(join(staticRoot, rel));
    if (file !== staticRoot && !file.startsWith(staticRoot + sep)) return sendJson(res, 404, fail('NOT_FOUND', 'Not found.'));
    if (!existsSync(file) || !statSync(file).isFile()) {
      if (rel === '/index.html') {
        res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('The renderer is not built. Run `npm run build`, then start again.\n');
        return;
      }
      return sendJson(res, 404, fail('NOT_FOUND', 'Not found.'));
    }
    res.writeHead(200, {
      'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': extname(file) === '.html' ? 'no-store' : 'max-age=3600',
    });
    res.end(readFileSync(file));
  }

  await new Promise<void>((ok, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => ok());
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/#${TOKEN_FRAGMENT_KEY}=${token}`,
    async close() {
      for (const s of streams) s.end();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      if (uploadDir) rmSync(uploadDir, { recursive: true, force: true });
    },
  };
}

function fail(code: ApiErrorBody['code'], message: string): CallOutcome {
  return { ok: false, error: { code, message } };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

/**
 * Answers a call refused before its body was read (or while reading it), and closes the
 * connection instead of reading on: the client is told at once, and the rest of a huge body is
 * never taken in.
 */
function refuse(res: ServerResponse, status: number, message: string): void {
  res.setHeader('Connection', 'close');
  sendJson(res, status, fail('BAD_INPUT', message));
  res.once('finish', () => res.req.destroy());
}

const tooLarge = (limit: number) => `The request body is larger than ${limit >= 2 ** 20 ? `${Math.round(limit / 2 ** 20)} MB` : `${limit} bytes`}.`;

/**
 * The request body's chunks, read only as fast as they are taken. Unlike the stream's own
 * iterator, stopping early does not destroy the connection: the refusal can still be sent.
 */
function bodyChunks(req: IncomingMessage): AsyncIterable<Buffer> {
  return {
    [Symbol.asyncIterator]() {
      const queue: Buffer[] = [];
      let ended = false;
      let failed: Error | null = null;
      let wake: (() => void) | null = null;
      const onData = (c: Buffer) => {
        queue.push(c);
        req.pause();
        wake?.();
      };
      const onEnd = () => {
        ended = true;
        wake?.();
      };
      const onError = (err: Error) => {
        failed = err;
        wake?.();
      };
      req.on('data', onData).on('end', onEnd).on('error', onError).pause();
      const stop = () => {
        req.off('data', onData).off('end', onEnd).off('error', onError);
        req.pause();
      };
      return {
        async next(): Promise<IteratorResult<Buffer>> {
          while (queue.length === 0 && !ended && !failed) {
            const arrived = new Promise<void>((r) => (wake = r));
            req.resume();
            await arrived;
            wake = null;
          }
          if (queue.length) return { value: queue.shift()!, done: false };
          stop();
          if (failed) throw failed;
          return { value: undefined, done: true };
        },
        async return(): Promise<IteratorResult<Buffer>> {
          stop();
          return { value: undefined, done: true };
        },
      };
    },
  };
}

/** The body, or null as soon as it passes `limit` (reading stops there). */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of bodyChunks(req)) {
    size += c.length;
    if (size > limit) return null;
    chunks.push(c);
  }
  return Buffer.concat(chunks, size);
}
