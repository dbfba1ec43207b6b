// A query's identity: its procedure and its input, as JSON with object keys in sorted order, so
// `{a: 1, b: 2}` and `{b: 2, a: 1}` are one query. Undefined members are left out, as JSON does.

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : canonical(v)));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = canonical(v);
    }
    return out;
  }
  return value;
}

/** The same text for equal inputs, whatever the order their keys were written in. */
export function stableJson(value: unknown): string {
  return JSON.stringify(canonical(value ?? {}));
}

export function queryKey(name: string, input: unknown): string {
  return `${name} ${stableJson(input)}`;
}
