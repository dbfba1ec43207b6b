// Paces requests from the rate-limit headers a server sends, so 429s stay rare: once a
// response says no requests remain, the next one waits until the window or bucket frees a slot.
export interface RateLimitHeaders {
  remaining: string;
  /** Header whose value is the seconds until capacity frees up. */
  reset: string;
}

export const XENDIT_HEADERS: RateLimitHeaders = { remaining: 'rate-limit-remaining', reset: 'rate-limit-reset' };
export const SYSTEME_HEADERS: RateLimitHeaders = { remaining: 'x-ratelimit-remaining', reset: 'x-ratelimit-refill' };

/** Servers round their reset times (Xendit to 10 ms, Systeme.io to whole seconds): aim just after. */
const MARGIN_MS = 25;

export class Pacer {
  private notBefore = 0;

  constructor(
    private readonly headers: RateLimitHeaders,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds to wait before the next request may go. */
  waitMs(): number {
    return Math.max(0, this.notBefore - this.now());
  }

  /** Reads a response's headers; `headers.get` as in fetch. */
  observe(headers: { get(name: string): string | null }): void {
    const remainingText = headers.get(this.headers.remaining);
    const resetText = headers.get(this.headers.reset);
    if (remainingText === null || resetText === null) return; // no limits announced
    const remaining = Number(remainingText);
    const reset = Number(resetText);
    if (Number.isFinite(remaining) && remaining <= 0 && Number.isFinite(reset) && reset >= 0) {
      this.notBefore = Math.max(this.notBefore, this.now() + Math.min(reset, 3_600) * 1000 + MARGIN_MS);
    }
  }

  /** After a 429: nothing goes before the server's stated wait. */
  holdFor(ms: number): void {
    this.notBefore = Math.max(this.notBefore, this.now() + ms + MARGIN_MS);
  }
}
