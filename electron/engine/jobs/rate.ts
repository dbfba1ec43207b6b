// Rate and ETA from recent progress samples: a sliding window, so a stall or a burst shows up
// within seconds instead of being averaged over the whole job.
export interface Sample {
  t: number; // ms
  done: number;
}

export class RateMeter {
  private samples: Sample[] = [];

  constructor(private readonly windowMs = 5_000) {}

  add(t: number, done: number): void {
    this.samples.push({ t, done });
    while (this.samples.length > 2 && t - this.samples[1]!.t >= this.windowMs) this.samples.shift();
  }

  /** Items per second over the window; null until two samples at least 200 ms apart exist. */
  rate(): number | null {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.t - first.t < 200) return null;
    return Math.max(0, ((last.done - first.done) * 1000) / (last.t - first.t));
  }
}

export function etaSeconds(done: number, total: number | null, rate: number | null): number | null {
  if (total === null || rate === null) return null;
  if (done >= total) return 0;
  if (rate <= 0) return null;
  return (total - done) / rate;
}
