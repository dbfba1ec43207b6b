// A typed filter reaches the engine at once after a quiet spell (a paste, the first key), then
// at most every `ms` while typing goes on, the latest value last. Applied in the input's own
// event (not in an effect after it), so a key costs one render before its request goes out.
// Plain TypeScript: the clock and timers are given, so it is tested under node.

export interface Throttle<T> {
  /** A new value: applied now, or when the spell since the last one applied ends. */
  push(value: T): void;
  /** Drops a value waiting (the grid is going away). */
  cancel(): void;
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export function throttle<T>(apply: (value: T) => void, ms: number, clock: Clock = realClock): Throttle<T> {
  let last = -Infinity;
  let timer: unknown = null;
  let waiting: { value: T } | null = null;
  const fire = () => {
    timer = null;
    if (!waiting) return;
    const { value } = waiting;
    waiting = null;
    last = clock.now();
    apply(value);
  };
  return {
    push(value) {
      waiting = { value };
      const wait = last + ms - clock.now();
      if (wait <= 0) {
        if (timer !== null) clock.clearTimeout(timer);
        fire();
      } else if (timer === null) timer = clock.setTimeout(fire, wait);
    },
    cancel() {
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      waiting = null;
    },
  };
}
