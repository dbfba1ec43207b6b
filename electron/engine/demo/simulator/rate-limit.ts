// The two rate-limit algorithms the real APIs use (research/xendit.md §4, research/systemeio.md §4).
// Both are pure: the caller passes the current time in, so tests drive them with a fake clock.

export interface SlidingWindowOptions {
  /** Requests allowed inside any window. */
  limit: number;
  /** Window length in milliseconds. */
  windowMs: number;
}

export interface SlidingWindowDecision {
  allowed: boolean;
  limit: number;
  /** Requests still allowed in the current window, after this one. */
  remaining: number;
  /**
   * Seconds until the oldest request in the window leaves it, i.e. until one more slot frees.
   * Zero when the window is empty. Xendit sends this as a decimal (`58.37`).
   */
  resetSeconds: number;
}

/**
 * Xendit's limiter: a true sliding window (a log of accepted request times per key).
 * Refused requests are not logged, so a client that waits `resetSeconds` always gets a slot.
 */
export class SlidingWindowLimiter {
  private readonly logs = new Map<string, number[]>();

  constructor(private readonly options: SlidingWindowOptions) {}

  get limit(): number {
    return this.options.limit;
  }

  take(key: string, now: number): SlidingWindowDecision {
    const log = this.prune(key, now);
    const { limit, windowMs } = this.options;
    const allowed = log.length < limit;
    if (allowed) log.push(now);
    const oldest = log[0];
    return {
      allowed,
      limit,
      remaining: Math.max(0, limit - log.length),
      resetSeconds: oldest === undefined ? 0 : Math.max(0, (oldest + windowMs - now) / 1000),
    };
  }

  private prune(key: string, now: number): number[] {
    let log = this.logs.get(key);
    if (!log) {
      log = [];
      this.logs.set(key, log);
    }
    const cutoff = now - this.options.windowMs;
    let drop = 0;
    while (drop < log.length && (log[drop] as number) <= cutoff) drop++;
    if (drop > 0) log.splice(0, drop);
    return log;
  }
}

export interface TokenBucketOptions {
  /** Bucket size: the burst a fresh client can make. */
  capacity: number;
  /** Tokens added per second (continuously). */
  refillPerSecond: number;
}

export interface TokenBucketDecision {
  allowed: boolean;
  limit: number;
  /** Whole tokens left after this request. */
  remaining: number;
  /** Whole seconds (rounded up) until the next token arrives; 0 when the bucket is full. */
  refillSeconds: number;
  /** For a refused request: whole seconds (at least 1) until a request would be accepted. */
  retryAfterSeconds: number;
}

/** Systeme.io's limiter: one token bucket per account, shared by every endpoint and key. */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly options: TokenBucketOptions) {}

  get capacity(): number {
    return this.options.capacity;
  }

  take(key: string, now: number): TokenBucketDecision {
    const { capacity, refillPerSecond } = this.options;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: capacity, at: now };
      this.buckets.set(key, bucket);
    }
    const elapsed = Math.max(0, now - bucket.at) / 1000;
    bucket.tokens = Math.min(capacity, bucket.tokens + elapsed * refillPerSecond);
    bucket.at = now;

    // The epsilon absorbs float drift from fractional refills (0.1 s × 10 must make a token).
    const allowed = bucket.tokens >= 1 - 1e-9;
    if (allowed) bucket.tokens = Math.max(0, bucket.tokens - 1);

    const missing = bucket.tokens >= capacity ? 0 : 1 - (bucket.tokens % 1);
    const refillSeconds = missing === 0 ? 0 : Math.ceil(missing / refillPerSecond - 1e-9);
    const untilOne = Math.max(0, 1 - bucket.tokens) / refillPerSecond;
    return {
      allowed,
      limit: capacity,
      remaining: Math.floor(bucket.tokens + 1e-9),
      refillSeconds,
      retryAfterSeconds: Math.max(1, Math.ceil(untilOne - 1e-9)),
    };
  }
}
