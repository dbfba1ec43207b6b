// HTTP plumbing: routing, then the same pipeline for every request —
// auth → forced 429 bursts → rate limit → injected fault → route — and stats for all of it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { faultKindOf, type FaultInjector, type RequestFault } from './faults.ts';
import { checkSystemeAuth, checkXenditAuth } from './auth.ts';
import type { MidCrawlScheduler } from './mid-crawl.ts';
import type { SlidingWindowLimiter, TokenBucketLimiter } from './rate-limit.ts';
import {
  JSON_TYPE,
  PROBLEM_TYPE,
  jsonResult,
  systemeError,
  xenditError,
  type RouteResult,
} from './response.ts';
import type { StatsRecorder } from './stats.ts';
import type { DataStore } from './store.ts';
import {
  getContact,
  listContactFields,
  listContacts,
  listTags,
} from './systeme-routes.ts';
import type { ApiName, EndpointName, FaultKind, SimulatorKeys } from './types.ts';
import {
  getInvoice,
  idCursor,
  invoiceCursor,
  listInvoices,
  listRefunds,
  listTransactions,
} from './xendit-routes.ts';

export interface ServerContext {
  store: DataStore;
  faults: FaultInjector;
  stats: StatsRecorder;
  midCrawl: MidCrawlScheduler;
  keys: SimulatorKeys;
  now: () => number;
  xenditLimiter: SlidingWindowLimiter | null;
  xenditRetryAfter: boolean;
  systemeLimiter: TokenBucketLimiter | null;
  /** Requests deliberately left unanswered; close() destroys them so nothing hangs. */
  held: Set<ServerResponse>;
  /** Delayed answers still pending; close() cancels them. */
  timers: Set<NodeJS.Timeout>;
}

interface Route {
  api: ApiName;
  endpoint: EndpointName;
  handle(store: DataStore, q: URLSearchParams, param: string): RouteResult;
  cursor(q: URLSearchParams): string | null;
}

const startingAfter = (q: URLSearchParams) => q.get('startingAfter') || null;
const noCursor = () => null;

const exactRoutes = new Map<string, Route>([
  ['/v2/invoices', { api: 'xendit', endpoint: '/v2/invoices', handle: (s, q) => listInvoices(s, q), cursor: invoiceCursor }],
  ['/transactions', { api: 'xendit', endpoint: '/transactions', handle: (s, q) => listTransactions(s, q), cursor: idCursor }],
  ['/refunds', { api: 'xendit', endpoint: '/refunds', handle: (s, q) => listRefunds(s, q), cursor: idCursor }],
  ['/api/contacts', { api: 'systeme', endpoint: '/api/contacts', handle: (s, q) => listContacts(s, q), cursor: startingAfter }],
  ['/api/tags', { api: 'systeme', endpoint: '/api/tags', handle: (s, q) => listTags(s, q), cursor: startingAfter }],
  ['/api/contact_fields', { api: 'systeme', endpoint: '/api/contact_fields', handle: (s) => listContactFields(s), cursor: noCursor }],
]);

const invoiceById: Route = {
  api: 'xendit',
  endpoint: '/v2/invoices/:id',
  handle: (s, _q, id) => getInvoice(s, id),
  cursor: noCursor,
};
const contactById: Route = {
  api: 'systeme',
  endpoint: '/api/contacts/:id',
  handle: (s, _q, id) => getContact(s, id),
  cursor: noCursor,
};

function matchRoute(path: string): { route: Route; param: string } | null {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  const exact = exactRoutes.get(trimmed);
  if (exact) return { route: exact, param: '' };
  const invoice = /^\/v2\/invoices\/([^/]+)$/.exec(trimmed);
  if (invoice?.[1]) return { route: invoiceById, param: decodeURIComponent(invoice[1]) };
  const contact = /^\/api\/contacts\/([^/]+)$/.exec(trimmed);
  if (contact?.[1]) return { route: contactById, param: decodeURIComponent(contact[1]) };
  return null;
}

function send(res: ServerResponse, result: RouteResult, headers: Record<string, string>): void {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(result.status, {
    ...headers,
    'Content-Type': result.contentType,
    'Content-Length': String(Buffer.byteLength(result.body)),
  });
  res.end(result.body);
}

/** A 200 whose body stops halfway: either well framed (`cut`) or a dropped connection (`drop`). */
function sendTruncated(
  res: ServerResponse,
  result: RouteResult,
  headers: Record<string, string>,
  mode: 'cut' | 'drop',
): void {
  const bytes = Buffer.from(result.body);
  const half = bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2)));
  if (mode === 'cut') {
    res.writeHead(200, { ...headers, 'Content-Type': result.contentType, 'Content-Length': String(half.length) });
    res.end(half);
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Type': result.contentType, 'Content-Length': String(bytes.length) });
  res.write(half, () => res.destroy());
}

function serverError(api: ApiName, status: 500 | 502 | 503): RouteResult {
  if (status === 502) {
    // A gateway in front of the API answers, not the API: HTML, not JSON. Clients must cope.
    return {
      status,
      body: '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>',
      contentType: 'text/html; charset=utf-8',
      count: 0,
    };
  }
  if (api === 'xendit') {
    return status === 500
      ? xenditError(500, 'SERVER_ERROR', 'An unexpected error occurred, our team has been notified and will troubleshoot the issue.')
      : xenditError(503, 'SERVICE_UNAVAILABLE', 'Service is temporarily unavailable. Please try again later.');
  }
  return status === 500
    ? jsonResult(500, { type: 'https://tools.ietf.org/html/rfc2616#section-10', title: 'An error occurred', detail: 'Internal Server Error' }, PROBLEM_TYPE)
    : systemeError(503, 'Service Unavailable');
}

function tooManyRequests(api: ApiName): RouteResult {
  return api === 'xendit'
    ? xenditError(429, 'RATE_LIMIT_EXCEEDED', 'You have exceeded the rate limit for this endpoint. Please retry later.')
    : systemeError(429, 'Too many requests: the API quota of this account is used up. Retry later.');
}

function notFound(path: string): RouteResult {
  return path.startsWith('/api/')
    ? systemeError(404, 'Not Found')
    : xenditError(404, 'NOT_FOUND', `No route for ${path}`);
}

/** The query as a server that ignores some ledger filters reads it. */
function withoutIgnoredFilters(endpoint: EndpointName, q: URLSearchParams, ignored: readonly string[]): URLSearchParams {
  if (ignored.length === 0 || (endpoint !== '/transactions' && endpoint !== '/refunds')) return q;
  const read = new URLSearchParams(q);
  for (const name of ignored) read.delete(name);
  return read;
}

export function createSimulatorServer(ctx: ServerContext): Server {
  let served = 0;

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? '/';
    const qi = url.indexOf('?');
    const path = qi >= 0 ? url.slice(0, qi) : url;
    const search = qi >= 0 ? url.slice(qi + 1) : '';
    const matched = matchRoute(path);
    if (!matched) {
      ctx.stats.unknown(404);
      send(res, notFound(path), {});
      return;
    }
    const { route, param } = matched;
    const { api, endpoint } = route;

    // Scripted changes land between requests: request n+1 sees the data after "n requests served".
    ctx.midCrawl.beforeRequest(served);
    served++;

    const q = new URLSearchParams(search);
    const log = (status: number, count: number, fault: FaultKind | null) =>
      ctx.stats.record({ endpoint, cursor: route.cursor(q), query: search, count, status, fault });

    if (req.method !== 'GET') {
      const result =
        api === 'xendit'
          ? xenditError(405, 'METHOD_NOT_ALLOWED', 'The simulator only serves GET')
          : systemeError(405, 'Method Not Allowed');
      log(result.status, 0, null);
      send(res, result, { Allow: 'GET' });
      return;
    }

    const auth =
      api === 'xendit'
        ? checkXenditAuth(req.headers.authorization, ctx.keys.xendit)
        : checkSystemeAuth(req.headers['x-api-key'], ctx.keys.systeme);
    if (!auth.ok) {
      log(auth.result.status, 0, null);
      send(res, auth.result, {});
      return;
    }

    const headers: Record<string, string> = {};
    const fault: RequestFault = ctx.faults.decide(endpoint);

    if (fault.kind === 'rate_limit_burst') {
      // Forced 429s look exactly like real ones, but do not consume the real limiter's budget.
      const seconds = fault.retryAfterSeconds;
      if (api === 'xendit') {
        headers['Rate-Limit-Limit'] = String(ctx.xenditLimiter?.limit ?? 60);
        headers['Rate-Limit-Remaining'] = '0';
        headers['Rate-Limit-Reset'] = seconds.toFixed(2);
        if (ctx.xenditRetryAfter) headers['Retry-After'] = String(Math.ceil(seconds));
      } else {
        headers['X-RateLimit-Limit'] = String(ctx.systemeLimiter?.capacity ?? 60);
        headers['X-RateLimit-Remaining'] = '0';
        headers['X-RateLimit-Refill'] = String(Math.ceil(seconds));
        headers['Retry-After'] = String(Math.ceil(seconds));
      }
      log(429, 0, 'rate_limit_burst');
      send(res, tooManyRequests(api), headers);
      return;
    }

    if (api === 'xendit' && ctx.xenditLimiter) {
      // Xendit limits each endpoint separately, per key.
      const d = ctx.xenditLimiter.take(`${auth.key}|${endpoint}`, ctx.now());
      headers['Rate-Limit-Limit'] = String(d.limit);
      headers['Rate-Limit-Remaining'] = String(d.remaining);
      headers['Rate-Limit-Reset'] = d.resetSeconds.toFixed(2);
      if (!d.allowed) {
        if (ctx.xenditRetryAfter) headers['Retry-After'] = String(Math.max(1, Math.ceil(d.resetSeconds)));
        log(429, 0, null);
        send(res, tooManyRequests(api), headers);
        return;
      }
    }
    if (api === 'systeme' && ctx.systemeLimiter) {
      // Systeme.io has one quota per account, shared by every endpoint and key.
      const d = ctx.systemeLimiter.take('account', ctx.now());
      headers['X-RateLimit-Limit'] = String(d.limit);
      headers['X-RateLimit-Remaining'] = String(d.remaining);
      headers['X-RateLimit-Refill'] = String(d.refillSeconds);
      if (!d.allowed) {
        headers['Retry-After'] = String(d.retryAfterSeconds);
        log(429, 0, null);
        send(res, tooManyRequests(api), headers);
        return;
      }
    }

    if (fault.kind === 'server_error') {
      const result = serverError(api, fault.status);
      log(result.status, 0, 'server_error');
      send(res, result, headers);
      return;
    }

    const result = route.handle(ctx.store, withoutIgnoredFilters(endpoint, q, ctx.faults.current.ignoredFilters), param);
    const kind = faultKindOf(fault);

    if (fault.kind === 'timeout') {
      const delayMs = fault.delayMs;
      if (delayMs === null) {
        log(0, 0, kind);
        ctx.held.add(res);
        res.on('close', () => ctx.held.delete(res));
        return;
      }
      log(result.status, result.count, kind);
      ctx.held.add(res);
      const timer = setTimeout(() => {
        ctx.timers.delete(timer);
        ctx.held.delete(res);
        send(res, result, headers);
      }, delayMs);
      ctx.timers.add(timer);
      res.on('close', () => {
        ctx.held.delete(res);
        clearTimeout(timer);
        ctx.timers.delete(timer);
      });
      return;
    }

    if (fault.kind === 'truncated' && result.status === 200) {
      log(200, result.count, kind);
      sendTruncated(res, result, headers, fault.mode);
      return;
    }

    log(result.status, result.count, null);
    send(res, result, headers);
  };

  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (error) {
      // A bug in the simulator should look like a server error to the client, not kill the process.
      const message = error instanceof Error ? error.message : String(error);
      send(res, { status: 500, body: JSON.stringify({ error_code: 'SERVER_ERROR', message }), contentType: JSON_TYPE, count: 0 }, {});
    }
  });
  return server;
}
