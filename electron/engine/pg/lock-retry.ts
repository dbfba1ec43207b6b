// The one lock-timeout retry. A statement waiting for a lock blocks every later request on that
// table, so we wait briefly (lock_timeout per attempt), give up with SQLSTATE 55P03, back off with
// jitter and try again, under an attempt cap and an overall deadline (research/cutover.md §6).
import { backoffDelay, type BackoffPolicy } from '../sources/http/backoff.ts';
import { TargetError, sqlState } from './errors.ts';
import type { Queryable } from './query.ts';

export const LOCK_NOT_AVAILABLE = '55P03';

export interface LockRetryPolicy {
  /** lock_timeout of each attempt. */
  lockTimeoutMs: number;
  maxAttempts: number;
  /** No new attempt starts if it could not finish its lock wait before this much time has passed. */
  deadlineMs: number;
  backoff: BackoffPolicy;
}

export const DEFAULT_LOCK_RETRY: LockRetryPolicy = {
  lockTimeoutMs: 200,
  maxAttempts: 12,
  deadlineMs: 30_000,
  backoff: { baseMs: 50, maxMs: 2_000 },
};

export interface LockRetryEvent {
  /** The attempt that just failed, 1-based. */
  attempt: number;
  elapsedMs: number;
  /** How long we wait before the next attempt. */
  delayMs: number;
  message: string;
}

export interface LockRetryHooks {
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Called after each failed attempt that will be retried. */
  onRetry?: (event: LockRetryEvent) => void | Promise<void>;
  /** Called after the back-off, right before the next attempt; what it throws ends the retrying. */
  beforeRetry?: (attempt: number) => void | Promise<void>;
}

export interface LockRetryResult<T> {
  value: T;
  attempts: number;
  elapsedMs: number;
}

export function isLockTimeout(error: unknown): boolean {
  return sqlState(error) === LOCK_NOT_AVAILABLE;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` until it does not fail with 55P03. Each attempt must leave the database as it
 * found it when it fails (a transaction that rolls back), so trying again is safe.
 */
export async function withLockRetry<T>(
  attempt: (n: number) => Promise<T>,
  policy: Partial<LockRetryPolicy> = {},
  hooks: LockRetryHooks = {},
): Promise<LockRetryResult<T>> {
  const p = { ...DEFAULT_LOCK_RETRY, ...policy };
  const now = hooks.now ?? Date.now;
  const sleep = hooks.sleep ?? realSleep;
  const started = now();
  for (let n = 1; ; n++) {
    try {
      const value = await attempt(n);
      return { value, attempts: n, elapsedMs: now() - started };
    } catch (error) {
      if (!isLockTimeout(error)) throw error;
      const elapsedMs = now() - started;
      const delayMs = Math.round(backoffDelay(n, p.backoff, hooks.random));
      const message = (error as Error).message;
      if (n >= p.maxAttempts || elapsedMs + delayMs + p.lockTimeoutMs > p.deadlineMs) {
        throw new TargetError(
          'lock_timeout',
          `Gave up waiting for locks after ${n} attempt${n === 1 ? '' : 's'} over ${(elapsedMs / 1000).toFixed(1)} s ` +
            `(lock_timeout ${p.lockTimeoutMs} ms each): another session kept holding them. Last attempt: ${message}`,
        );
      }
      await hooks.onRetry?.({ attempt: n, elapsedMs, delayMs, message });
      await sleep(delayMs);
      await hooks.beforeRetry?.(n + 1);
    }
  }
}

/**
 * `fn` in a transaction whose lock waits are bounded by the policy's lock_timeout (SET LOCAL, so a
 * pooled connection never keeps it), retried as a whole on 55P03.
 */
export async function inLockedTransaction<T>(
  client: Queryable,
  fn: (attempt: number) => Promise<T>,
  policy: Partial<LockRetryPolicy> = {},
  hooks: LockRetryHooks = {},
): Promise<LockRetryResult<T>> {
  const lockTimeoutMs = policy.lockTimeoutMs ?? DEFAULT_LOCK_RETRY.lockTimeoutMs;
  return withLockRetry(
    async (n) => {
      await client.query('BEGIN');
      try {
        await client.query("SELECT set_config('lock_timeout', $1, true)", [`${Math.round(lockTimeoutMs)}ms`]);
        const value = await fn(n);
        await client.query('COMMIT');
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    },
    policy,
    hooks,
  );
}
