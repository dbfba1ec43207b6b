// GET a JSON page from a source API: paced by its rate-limit headers, retried with backoff on
// 429, 5xx, timeouts, dropped connections and truncated bodies — and only on those. A 401/403
// stops at once with a message that names the source, never the key.
//
// What a source sends is bounded: a redirect is followed only within the same origin (the key
// rides in a header that fetch would carry anywhere), a body is read as a stream and abandoned
// once it passes MAX_RESPONSE_BYTES, and text taken from an error body is clipped.
import { CutoverError, errors } from '../../../../shared/api/errors.ts';
import { backoffDelay, retryAfterMs, type BackoffPolicy, DEFAULT_BACKOFF } from './backoff.ts';
import type { Pacer } from './pacer.ts';

export interface RequestOptions {
  source: string; // for messages: "Xendit", "Systeme.io"
  headers: Record<string, string>;
  pacer: Pacer;
  signal: AbortSignal;
  timeoutMs?: number;
  /** Answer a 404 as a result (a lookup that found nothing) instead of failing. */
  allowNotFound?: boolean;
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  /** Reads an error body into a short message. */
  describeError?: (status: number, body: unknown) => string;
  onRetry?: (info: { attempt: number; status: number | null; reason: string; waitMs: number }) => void;
}

/**
 * The largest response taken from a source. The biggest page the simulator serves at the APIs'
 * maximum page size (100) is ~91 KB (Xendit invoices, the 100 largest records; measured at
 * scale 1); real records run larger (long descriptions, item lists), so this leaves ~90× room.
 */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
/** Redirects followed within one origin before giving up. */
const MAX_REDIRECTS = 5;
/** Text from a source's error body that reaches a message (and so a job's record). */
export const MAX_ERROR_TEXT = 500;

export interface JsonResponse {
  status: number;
  body: unknown;
}

export async function getJson(url: string, opts: RequestOptions): Promise<JsonResponse> {
  const maxAttempts = opts.maxAttempts ?? 10;
  for (let attempt = 1; ; attempt++) {
    await sleep(opts.pacer.waitMs(), opts.signal);
    let status: number | null = null;
    let reason: string;
    let serverSaidWhen = false;
    try {
      const res = await fetchSameOrigin(url, opts, AbortSignal.any([opts.signal, AbortSignal.timeout(opts.timeoutMs ?? 30_000)]));
      status = res.status;
      opts.pacer.observe(res.headers);
      const text = await readCapped(res, opts.source);
      let body: unknown;
      let parsed = true;
      try {
        body = text.length ? JSON.parse(text) : null;
      } catch {
        parsed = false;
      }
      if ((res.ok || (status === 404 && opts.allowNotFound)) && parsed) return { status, body };
      if (res.ok) {
        reason = 'the response body was cut off';
      } else if (status === 401 || status === 403) {
        throw new CutoverError('AUTH_FAILED', `${opts.source} refused the key (HTTP ${status}: ${describe(opts, status, body)}). Check the key and its permissions in Connect.`);
      } else if (status === 429) {
        reason = 'rate limited';
        // The pacer has read the rate-limit headers already; Retry-After, if sent, comes on top.
        const retryAfter = retryAfterMs(res.headers.get('retry-after'));
        if (retryAfter !== null) opts.pacer.holdFor(retryAfter);
        serverSaidWhen = retryAfter !== null || opts.pacer.waitMs() > 0;
      } else if (status >= 500) {
        reason = `server error ${status}`;
      } else {
        throw new CutoverError('SOURCE_FAILED', `${opts.source} rejected the request (HTTP ${status}: ${describe(opts, status, body)}).`);
      }
    } catch (err) {
      if (err instanceof CutoverError) throw err;
      if (opts.signal.aborted) throw errors.cancelled();
      const e = err as Error;
      reason = e.name === 'TimeoutError' ? 'timed out' : `connection failed (${clip(e.message, 200)})`;
    }
    if (attempt >= maxAttempts) {
      throw new CutoverError('SOURCE_FAILED', `${opts.source} kept failing (${reason}) after ${attempt} attempts; run the pull again to resume.`);
    }
    // A stated wait is honoured (the pacer holds it); otherwise back off.
    const waitMs = serverSaidWhen ? 0 : backoffDelay(attempt, opts.backoff ?? DEFAULT_BACKOFF);
    opts.onRetry?.({ attempt, status, reason, waitMs });
    await sleep(waitMs, opts.signal);
  }
}

function describe(opts: RequestOptions, status: number, body: unknown): string {
  const text = opts.describeError ? opts.describeError(status, body) : typeof body === 'object' && body !== null ? JSON.stringify(body) : String(body);
  return clip(text, MAX_ERROR_TEXT);
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

/**
 * Fetches `url`, following redirects only to the same origin (scheme, host and port): a
 * redirect elsewhere is refused before anything is sent there, naming where it pointed.
 */
async function fetchSameOrigin(url: string, opts: RequestOptions, signal: AbortSignal): Promise<Response> {
  let at = new URL(url);
  for (let hop = 0; ; hop++) {
    const res = await fetch(at, { headers: { Accept: 'application/json', ...opts.headers }, signal, redirect: 'manual' });
    if (res.status < 300 || res.status > 399 || res.status === 304) return res;
    await res.body?.cancel();
    const location = res.headers.get('location');
    if (!location) throw new CutoverError('SOURCE_FAILED', `${opts.source} answered with a redirect (HTTP ${res.status}) that says nowhere to go.`);
    let next: URL;
    try {
      next = new URL(location, at);
    } catch {
      throw new CutoverError('SOURCE_FAILED', `${opts.source} redirected to an address that is not a URL.`);
    }
    if (next.origin !== at.origin) {
      throw new CutoverError(
        'SOURCE_FAILED',
        `${opts.source} redirected the request to another server (${clip(next.host, 100)}); Cutover does not send the key there. Check the base URL in Connect.`,
      );
    }
    if (hop >= MAX_REDIRECTS) throw new CutoverError('SOURCE_FAILED', `${opts.source} redirected more than ${MAX_REDIRECTS} times; stopping.`);
    at = next;
  }
}

/** The body as text, read as it arrives; past MAX_RESPONSE_BYTES the rest is abandoned, unread. */
async function readCapped(res: Response, source: string): Promise<string> {
  const tooLarge = () => new CutoverError('SOURCE_FAILED', `${source} sent a response larger than ${MAX_RESPONSE_BYTES / 2 ** 20} MB; stopping (no page of records is that large).`);
  const declared = Number(res.headers.get('content-length'));
  if (declared > MAX_RESPONSE_BYTES) {
    await res.body?.cancel();
    throw tooLarge();
  }
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_RESPONSE_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return signal.aborted ? Promise.reject(errors.cancelled()) : Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(errors.cancelled());
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(errors.cancelled());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

