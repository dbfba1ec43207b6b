// The fastest any client could finish N requests under a rate limiter, with the limiter's
// initial allowance used at once: the baseline a pull's wall time is measured against.

/** A sliding window of `limit` requests per `windowMs`: batches of `limit`, one window apart. */
export function slidingWindowMakespanMs(requests: number, limit: number, windowMs: number): number {
  if (requests <= 0) return 0;
  return Math.floor((requests - 1) / limit) * windowMs;
}

/** A token bucket of `capacity` refilled at `perSecond`: the capacity at once, then one per token. */
export function tokenBucketMakespanMs(requests: number, capacity: number, perSecond: number): number {
  return (Math.max(0, requests - capacity) / perSecond) * 1000;
}
