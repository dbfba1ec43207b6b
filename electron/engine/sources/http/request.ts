// GET a JSON page from a source API: paced by its rate-limit headers, retried with backoff on
// 429, 5xx, timeouts, dropped connections and truncated bodies — and only on those. A 401/403
// stops at once with a message that names the source, never the key; a host that does not
// resolve or fails TLS stops at once, a refused connection after a few quick tries, each saying
// which host and why (network-error.ts).
import { CutoverError, errors } from '../../../../shared/api/errors.ts';
import { backoffDelay, retryAfterMs, type BackoffPolicy, DEFAULT_BACKOFF } from './backoff.ts';
import { causeText, networkCause, unreachableMessage } from './network-error.ts';
import type { Pacer, WaitListener } from './pacer.ts';

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
  /** Hears when the request waits for the rate limit, and until when. */
  onWait?: WaitListener;
}

export interface JsonResponse {
  status: number;
  body: unknown;
  /** The body as sent, which `body` was parsed from. */
  text: string;
}

export async function getJson(url: string, opts: RequestOptions): Promise<JsonResponse> {
  const maxAttempts = opts.maxAttempts ?? 10;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const host = new URL(url).host;
  for (let attempt = 1; ; attempt++) {
    const slot = await opts.pacer.acquire(opts.signal, opts.onWait);
    let status: number | null = null;
    let reason: string;
    let serverSaidWhen = false;
    try {
      const res = await fetch(url, {
        headers: { Accept: 'application/json', ...opts.headers },
        signal: AbortSignal.any([opts.signal, AbortSignal.timeout(timeoutMs)]),
      });
      status = res.status;
      slot.observe(res.headers);
      const text = await res.text();
      let body: unknown;
      let parsed = true;
      try {
        body = text.length ? JSON.parse(text) : null;
      } catch {
        parsed = false;
      }
      if ((res.ok || (status === 404 && opts.allowNotFound)) && parsed) return { status, body, text };
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
      slot.release();
      if (err instanceof CutoverError) throw err;
      if (opts.signal.aborted) throw errors.cancelled();
      // No answer: say which host and why, at once when a retry cannot help.
      const cause = networkCause(err);
      reason = causeText(cause, timeoutMs);
      if (attempt >= Math.min(maxAttempts, cause.attempts ?? maxAttempts)) {
        throw new CutoverError('SOURCE_UNREACHABLE', unreachableMessage(opts.source, host, cause, attempt, timeoutMs));
      }
    }
    if (attempt >= maxAttempts) {
      throw new CutoverError('SOURCE_FAILED', `${opts.source} (${host}) kept failing (${reason}) after ${attempt} attempts; run the pull again to resume.`);
    }
    // A stated wait is honoured (the pacer holds it); otherwise back off.
    const waitMs = serverSaidWhen ? 0 : backoffDelay(attempt, opts.backoff ?? DEFAULT_BACKOFF);
    opts.onRetry?.({ attempt, status, reason, waitMs });
    await sleep(waitMs, opts.signal);
  }
}

function describe(opts: RequestOptions, status: number, body: unknown): string {
  if (opts.describeError) return opts.describeError(status, body);
  return typeof body === 'object' && body !== null ? JSON.stringify(body).slice(0, 300) : String(body).slice(0, 300);
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

