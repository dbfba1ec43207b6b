// Retry timing: exponential backoff with full jitter, unless the server said how long to wait.
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 250, maxMs: 30_000 };

/** Delay before retry number `attempt` (1-based). `random` in [0, 1). */
export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
  // Half fixed, half jitter: spreads retries without ever retrying immediately.
  return ceiling / 2 + random() * (ceiling / 2);
}

/** Seconds to wait as a server states it (Retry-After: seconds or an HTTP date), in ms; null if absent or unusable. */
export function retryAfterMs(value: string | null | undefined, now: number = Date.now()): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? Math.min(seconds * 1000, 3_600_000) : null;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.min(date - now, 3_600_000));
}
