// The web host: the built renderer and the engine's API over HTTP + server-sent events, on
// 127.0.0.1 only, behind a per-launch token. It is how tests and headless machines run the app.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Engine } from '../engine/engine.ts';
import type { ApiErrorBody } from '../../shared/api/errors.ts';
import { API_PREFIX, DOWNLOAD_PREFIX, EVENTS_PATH, TOKEN_FRAGMENT_KEY, type CallOutcome } from '../../shared/api/transport.ts';
import { exportFile } from '../engine/export/grid-export.ts';
import { CONTENT_SECURITY_POLICY, bearer, httpStatusFor, isAllowedHost, isAllowedOrigin, tokenMatches } from './guards.ts';

const MAX_BODY_BYTES = 300 * 1024 * 1024; // CSV uploads travel as call input
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
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return sendJson(res, 415, fail('BAD_INPUT', 'Send the input as application/json.'));
      }
      const name = decodeURIComponent(url.pathname.slice(API_PREFIX.length));
      const body = await readBody(req, MAX_BODY_BYTES);
      if (body === null) return sendJson(res, 413, fail('BAD_INPUT', `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB.`));
      let input: unknown = {};
      if (body.length > 0) {
        try {
          input = JSON.parse(body.toString('utf8'));
        } catch {
          return sendJson(res, 400, fail('BAD_INPUT', 'The request body is not valid JSON.'));
        }
      }
      const outcome = await opts.engine.handle(name, input);
      return sendJson(res, outcome.ok ? 200 : httpStatusFor(outcome.error.code), outcome);
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, fail('BAD_INPUT', 'Method not allowed.'));
    return serveStatic(url.pathname, res);
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

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((ok, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) over = true;
      else chunks.push(c);
    });
    req.on('end', () => ok(over ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
