// Seeded randomness for the simulator. Everything the simulator "chooses" (which request fails,
// which record is served broken, which contact is deleted mid-crawl) must be reproducible from a
// seed, so a failing test or a demo run can be replayed exactly.

/** A small, fast PRNG (mulberry32). Returns floats in [0, 1). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A stateless hash of a string to [0, 1). Used where a choice must depend only on a record's
 * identity (not on request order), so the same record is always picked for the same seed.
 */
export function hashToUnit(text: string): number {
  // FNV-1a, then a murmur3 finalizer so nearby inputs ("…|1", "…|2") spread evenly.
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** Picks up to `count` distinct items, in a seed-determined order (partial Fisher–Yates). */
export function pickSome<T>(items: readonly T[], count: number, random: () => number): T[] {
  const pool = items.slice();
  const n = Math.min(Math.max(0, Math.floor(count)), pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    const tmp = pool[i] as T;
    pool[i] = pool[j] as T;
    pool[j] = tmp;
  }
  return pool.slice(0, n);
}
