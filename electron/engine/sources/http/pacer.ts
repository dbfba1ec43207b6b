// Paces requests from the rate-limit headers a server sends, so 429s stay rare. One pacer per
// rate-limited endpoint (Xendit) or account (Systeme.io), shared by every stream that uses it:
// it hands out request slots one at a time, in arrival order, never more than the server said
// remain (minus requests still in flight). Once nothing remains, the first waiter alone goes when
// the stated reset passes — one slot has freed — and its answer says what remains next; the other
// waiters keep waiting instead of all waking for that one slot.
import { errors } from '../../../../shared/api/errors.ts';

export interface RateLimitHeaders {
  remaining: string;
  /** Header whose value is the seconds until capacity frees up. */
  reset: string;
}

export const XENDIT_HEADERS: RateLimitHeaders = { remaining: 'rate-limit-remaining', reset: 'rate-limit-reset' };
export const SYSTEME_HEADERS: RateLimitHeaders = { remaining: 'x-ratelimit-remaining', reset: 'x-ratelimit-refill' };

/** Servers round their reset times (Xendit to 10 ms, Systeme.io to whole seconds): aim just after. */
const MARGIN_MS = 25;

/** Told when a caller has to wait for the rate limit (the time it resumes, epoch ms), and null once it goes. */
export type WaitListener = (resumesAt: number | null) => void;

/** A request's place under the limit: report its response's headers, or release it when there was none. */
export interface Slot {
  observe(headers: { get(name: string): string | null }): void;
  release(): void;
}

interface Waiter {
  grant(slot: Slot): void;
  onWait?: WaitListener;
  /** The resume time last told to onWait (0 = not waiting). */
  told: number;
}

export class Pacer {
  /** Whether the server announces limits: unknown until its first answer. */
  private limited: boolean | null = null;
  /** What the latest answer said remains (after that request). */
  private remaining = 0;
  /** The order of the slot whose answer set `remaining`. */
  private remainingFrom = 0;
  /** No request before this (a stated reset or Retry-After). */
  private notBefore = 0;
  private inFlight = 0;
  private issued = 0;
  private readonly queue: Waiter[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly headers: RateLimitHeaders,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until the stated reset (0 when none is pending). */
  waitMs(): number {
    return Math.max(0, this.notBefore - this.now());
  }

  /** Resolves with a slot once a request may go; `onWait` hears when (and until when) it has to wait. */
  acquire(signal: AbortSignal, onWait?: WaitListener): Promise<Slot> {
    if (signal.aborted) return Promise.reject(errors.cancelled());
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        onWait,
        told: 0,
        grant: (slot) => {
          signal.removeEventListener('abort', onAbort);
          if (waiter.told) onWait?.(null);
          resolve(slot);
        },
      };
      const onAbort = () => {
        const at = this.queue.indexOf(waiter);
        if (at >= 0) this.queue.splice(at, 1);
        reject(errors.cancelled());
        this.pump();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
      this.pump();
    });
  }

  /** After a 429 with Retry-After: nothing goes before the server's stated wait. */
  holdFor(ms: number): void {
    this.notBefore = Math.max(this.notBefore, this.now() + ms + MARGIN_MS);
    this.remaining = 0;
    this.pump();
  }

  /** Admits waiters while the limit allows, in order; schedules the next look when it does not. */
  private pump(): void {
    // One reading of the clock for the decision and the wait: read twice, the reset could pass
    // in between, leaving a waiter neither admitted nor timed.
    const now = this.now();
    while (this.queue.length && this.mayGo(now)) {
      this.inFlight++;
      const slot = this.slot(++this.issued);
      this.queue.shift()!.grant(slot);
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const wait = Math.max(0, this.notBefore - now);
    if (this.queue.length === 0 || wait === 0) return;
    // Waiting for the stated reset: say until when, and look again then.
    for (const w of this.queue) {
      if (w.told !== this.notBefore) w.onWait?.((w.told = this.notBefore));
    }
    this.timer = setTimeout(() => this.pump(), wait);
  }

  private mayGo(now: number): boolean {
    if (now < this.notBefore) return false;
    // Until the first answer says whether there are limits, one request at a time.
    if (this.limited === null) return this.inFlight === 0;
    if (!this.limited) return true;
    if (this.remaining - this.inFlight > 0) return true;
    // Nothing remains and the reset has passed: one slot has freed; one request finds out what's next.
    return this.inFlight === 0;
  }

  private slot(order: number): Slot {
    let open = true;
    const close = () => {
      if (!open) return false;
      open = false;
      this.inFlight--;
      return true;
    };
    return {
      observe: (headers) => {
        if (!close()) return;
        this.read(headers, order);
        this.pump();
      },
      release: () => {
        if (close()) this.pump();
      },
    };
  }

  private read(headers: { get(name: string): string | null }, order: number): void {
    const remainingText = headers.get(this.headers.remaining);
    const resetText = headers.get(this.headers.reset);
    if (remainingText === null || resetText === null) {
      // No limits announced; an answer without them (a gateway's error page) changes nothing once they were.
      if (this.limited === null) this.limited = false;
      return;
    }
    const remaining = Number(remainingText);
    const reset = Number(resetText);
    if (!Number.isFinite(remaining)) return;
    this.limited = true;
    // An answer to an earlier request that arrives late may not raise what remains.
    this.remaining = order >= this.remainingFrom ? remaining : Math.min(this.remaining, remaining);
    this.remainingFrom = Math.max(this.remainingFrom, order);
    if (remaining <= 0 && Number.isFinite(reset) && reset >= 0) {
      this.notBefore = Math.max(this.notBefore, this.now() + Math.min(reset, 3_600) * 1000 + MARGIN_MS);
    }
  }
}
