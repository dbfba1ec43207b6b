// Seeded, counter-based randomness. Every entity (person, invoice, contact slot…) gets its own
// generator seeded from (seed, stream, index), so any record can be produced on its own, in any
// order, without replaying a global sequence: that is what lets streamRecords hold O(1) memory and
// still agree byte for byte with generateDataset.

/** Final mixer of MurmurHash3: a cheap 32-bit avalanche. */
export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash of a few integers; order matters. */
export function hashInts(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const v of values) h = mix32((h ^ mix32(v >>> 0)) + 0x7f4a7c15 + (h << 6) + (h >>> 2));
  return h;
}

/** Stable 32-bit code of a short label, so streams can be named instead of numbered. */
export function labelCode(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A 32-bit hash of a label: its FNV-1a code, avalanched. Stable per label, whatever the call order. */
export function hashLabel(label: string): number {
  return mix32(labelCode(label));
}

/** Four hex digits for each 16-bit value: ids are built in the hottest loop. */
const HEX4 = Array.from({ length: 65536 }, (_, i) => i.toString(16).padStart(4, '0'));

/** Eight hex digits of a 32-bit value. */
export function hex32(x: number): string {
  return `${HEX4[(x >>> 16) & 0xffff]}${HEX4[x & 0xffff]}`;
}

/** A small uniform generator (mulberry32) with the helpers the generator needs. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform 32-bit unsigned integer. */
  u32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform integer in [lo, hi]. */
  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** Pick by weight: entries are [item, weight]. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of entries) total += w;
    let r = this.next() * total;
    for (const [item, w] of entries) {
      r -= w;
      if (r < 0) return item;
    }
    const last = entries[entries.length - 1];
    if (!last) throw new Error('weighted pick from an empty list');
    return last[0];
  }

  /** Up to `count` distinct items, in random order (a partial Fisher–Yates shuffle of a copy). */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = items.slice();
    const n = Math.min(Math.max(0, Math.floor(count)), pool.length);
    for (let i = 0; i < n; i++) {
      const j = i + this.int(pool.length - i);
      const tmp = pool[i] as T;
      pool[i] = pool[j] as T;
      pool[j] = tmp;
    }
    pool.length = n;
    return pool;
  }

  /** Exponential with the given mean, capped, for waiting times. */
  exponential(mean: number, cap: number): number {
    return Math.min(cap, -Math.log(1 - this.next()) * mean);
  }

  /** `count` lower-case hex characters. */
  hex(count: number): string {
    let out = '';
    for (let i = 0; i < count; i += 4) out += HEX4[this.u32() & 0xffff];
    return out.length === count ? out : out.slice(0, count);
  }
}

/** The generator of one entity of one stream. */
export function entityRng(seed: number, stream: string, index: number): Rng {
  return new Rng(hashInts(seed, labelCode(stream), index));
}

/**
 * A bijection on 32-bit integers (xor-shift and odd multiplications are each invertible), keyed,
 * so distinct indexes give distinct, random-looking values: the unique part of ids.
 */
export function scramble32(x: number, key: number): number {
  let h = (x ^ key) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  return (h + key) >>> 0;
}

/**
 * A keyed pseudo-random permutation of [0, n) with its inverse (a balanced Feistel network on the
 * smallest even bit width covering n, cycle-walking outside values back into range). It assigns
 * exact-count roles to randomly spread indexes without storing a shuffled array.
 */
export class Permutation {
  private readonly halfBits: number;
  private readonly halfMask: number;
  private readonly keys: readonly number[];

  constructor(
    readonly size: number,
    key: number,
  ) {
    let bits = 2;
    while (2 ** bits < size) bits += 2;
    this.halfBits = bits / 2;
    this.halfMask = 2 ** this.halfBits - 1;
    this.keys = [0, 1, 2, 3].map((round) => hashInts(key, round));
  }

  at(i: number): number {
    this.check(i);
    let x = this.encrypt(i);
    while (x >= this.size) x = this.encrypt(x);
    return x;
  }

  inverse(j: number): number {
    this.check(j);
    let x = this.decrypt(j);
    while (x >= this.size) x = this.decrypt(x);
    return x;
  }

  private check(i: number): void {
    if (!(i >= 0 && i < this.size && Number.isInteger(i))) {
      throw new RangeError(`index ${i} outside permutation of ${this.size}`);
    }
  }

  private round(half: number, k: number): number {
    return mix32((half ^ k) >>> 0) & this.halfMask;
  }

  private encrypt(x: number): number {
    let left = Math.floor(x / (this.halfMask + 1));
    let right = x & this.halfMask;
    for (const k of this.keys) {
      const next = left ^ this.round(right, k);
      left = right;
      right = next;
    }
    return left * (this.halfMask + 1) + right;
  }

  private decrypt(x: number): number {
    let left = Math.floor(x / (this.halfMask + 1));
    let right = x & this.halfMask;
    for (let r = this.keys.length - 1; r >= 0; r--) {
      const prev = right ^ this.round(left, this.keys[r] ?? 0);
      right = left;
      left = prev;
    }
    return left * (this.halfMask + 1) + right;
  }
}

/** A random version-4 UUID from the entity's generator, with a unique leading group. */
export function uuidWithPrefix(rng: Rng, unique32: number): string {
  const head = hex32(unique32);
  const variant = ((rng.u32() & 0x3) | 0x8).toString(16);
  return `${head}-${rng.hex(4)}-4${rng.hex(3)}-${variant}${rng.hex(3)}-${rng.hex(12)}`;
}
