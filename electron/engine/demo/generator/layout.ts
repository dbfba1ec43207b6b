// Exact-count labelling of an index range: "the first 20 positions are untagged, the next 1,543
// have the Canva tag, the rest neither". Combined with a Permutation the positions are spread at
// random, yet every count is exact and computable without materialising anything.

export class Layout<L extends string> {
  private readonly starts = new Map<L, number>();
  private readonly counts = new Map<L, number>();
  private readonly order: readonly { label: L; start: number; end: number }[];

  /**
   * Labels take consecutive positions in the given order; each gets at most what is left of
   * `size`, so a layout never overflows however small the scale. Positions past the last label
   * get `rest`.
   */
  constructor(
    readonly size: number,
    entries: readonly (readonly [L, number])[],
    private readonly rest: L,
  ) {
    const order: { label: L; start: number; end: number }[] = [];
    let at = 0;
    for (const [label, want] of entries) {
      const count = Math.max(0, Math.min(want, size - at));
      this.starts.set(label, at);
      this.counts.set(label, count);
      order.push({ label, start: at, end: at + count });
      at += count;
    }
    this.starts.set(rest, at);
    this.counts.set(rest, size - at);
    order.push({ label: rest, start: at, end: size });
    this.order = order;
  }

  labelAt(position: number): L {
    for (const range of this.order) if (position < range.end) return range.label;
    return this.rest;
  }

  start(label: L): number {
    return this.starts.get(label) ?? this.size;
  }

  count(label: L): number {
    return this.counts.get(label) ?? 0;
  }
}
