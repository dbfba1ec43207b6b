// What a stream's progress note says while it runs: what its phase is doing ("checking 1,640
// invoices the ledger shows changed"), a rate-limit wait counting down ("waiting for the rate
// limit, resumes in 42 s"), and how often it retried; once it is done, what it worked around.
import type { PartHandle } from '../../jobs/job-runner.ts';

export class StreamNote {
  retries = 0;
  private phase: string | undefined;
  private resumesAt: number | null = null;
  private ticker: NodeJS.Timeout | null = null;

  constructor(
    private readonly part: PartHandle,
    private readonly now: () => number = Date.now,
  ) {}

  readonly setPhase = (text: string | undefined): void => {
    if (text === this.phase) return;
    this.phase = text;
    this.render();
  };

  /** The pacer's wait listener: until when the stream waits for its rate limit (null once it goes). */
  readonly waiting = (resumesAt: number | null): void => {
    this.resumesAt = resumesAt;
    if (resumesAt === null) this.stopTicker();
    // Counts down once a second; each update also lets the stream's rate fall while nothing arrives.
    else this.ticker ??= setInterval(() => this.render(), 1_000);
    this.render();
  };

  readonly retried = (): void => {
    this.retries++;
    this.render();
  };

  /** The stream ended: its retries, and any filter the server ignored. */
  finish(ignoredFilters: readonly string[]): void {
    this.stopTicker();
    this.phase = undefined;
    this.resumesAt = null;
    const ignored = ignoredFilters.length
      ? `the server ignored ${ignoredFilters.join(' and ')}: filtered here${ignoredFilters.includes('updated[gte]') ? ' (changes to older ledger rows show after a Full re-pull)' : ''}`
      : undefined;
    this.render(ignored);
  }

  stop(): void {
    this.stopTicker();
  }

  private stopTicker(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
  }

  private render(extra?: string): void {
    const waiting = this.resumesAt === null ? undefined : `waiting for the rate limit, resumes in ${Math.max(1, Math.round((this.resumesAt - this.now()) / 1000))} s`;
    const retried = this.retries ? `retried ${this.retries}×` : undefined;
    const text = [this.phase, waiting, retried, extra].filter((t) => t !== undefined).join(' · ');
    this.part.note(text === '' ? undefined : text);
  }
}
