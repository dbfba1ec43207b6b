// Rate and ETA from recent progress samples: a sliding window, so a stall or a burst shows up
// within seconds instead of being averaged over the whole job. The window ends now, not at the
// last sample: while nothing arrives (a rate-limit wait) the rate decays towards zero.
export interface Sample {
  t: number; // ms
  done: number;
}

export class RateMeter {
  private samples: Sample[] = [];

  constructor(private readonly windowMs = 5_000) {}

  add(t: number, done: number): void {
    this.samples.push({ t, done });
    // Keep one sample from before the window: the count the window starts from.
    while (this.samples.length > 2 && t - this.samples[1]!.t >= this.windowMs) this.samples.shift();
  }

  /** Items per second over the window ending at `now`; null until the samples span 200 ms. */
  rate(now?: number): number | null {
    const last = this.samples[this.samples.length - 1];
    if (!last) return null;
    const end = Math.max(now ?? last.t, last.t);
    // The count at the window's start: the newest sample at or before it (else the oldest).
    let base = this.samples[0]!;
    for (const s of this.samples) {
      if (s.t > end - this.windowMs) break;
      base = s;
    }
    if (end - base.t < 200) return null;
    return Math.max(0, ((last.done - base.done) * 1000) / (end - base.t));
  }
}

export function etaSeconds(done: number, total: number | null, rate: number | null): number | null {
  if (total === null || rate === null) return null;
  if (done >= total) return 0;
  if (rate <= 0) return null;
  return (total - done) / rate;
}
