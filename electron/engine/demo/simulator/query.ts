// Query-string parsing shared by both APIs. Each API reports problems in its own error format, so
// these helpers only collect problems; the routes decide how to render them.

export interface Problem {
  /** The parameter at fault. */
  path: string;
  message: string;
}

/**
 * All values of a list parameter, whatever the client's encoding: repeated keys
 * (`statuses=PAID&statuses=SETTLED`), bracketed keys (`statuses[]=PAID`), a JSON array string
 * (`statuses=["PAID","SETTLED"]`) or commas (`statuses=PAID,SETTLED`). Xendit's own SDKs disagree
 * on the encoding (research/xendit.md §1), so the simulator accepts them all.
 */
export function listParam(q: URLSearchParams, name: string, problems: Problem[]): string[] | null {
  const raw = [...q.getAll(name), ...q.getAll(`${name}[]`)];
  if (raw.length === 0) return null;
  const values: string[] = [];
  for (const value of raw) {
    const trimmed = value.trim();
    if (trimmed.startsWith('[')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(trimmed);
      } catch {
        problems.push({ path: name, message: `${name} is not a valid JSON array` });
        continue;
      }
      if (!Array.isArray(parsed) || parsed.some((v) => typeof v !== 'string')) {
        problems.push({ path: name, message: `${name} must be an array of strings` });
        continue;
      }
      values.push(...(parsed as string[]));
    } else {
      values.push(...trimmed.split(',').map((v) => v.trim()).filter((v) => v !== ''));
    }
  }
  return values;
}

/**
 * A scalar parameter: `null` when absent or empty, `undefined` (plus a problem) when `parse`
 * refuses it.
 */
function scalarParam<T>(
  q: URLSearchParams,
  name: string,
  problems: Problem[],
  expected: string,
  parse: (value: string) => T | undefined,
): T | null | undefined {
  const value = q.get(name);
  if (value === null || value === '') return null;
  const parsed = parse(value);
  if (parsed === undefined) problems.push({ path: name, message: `${name} must be ${expected}` });
  return parsed;
}

/** An integer parameter. */
export function intParam(q: URLSearchParams, name: string, problems: Problem[]): number | null | undefined {
  return scalarParam(q, name, problems, 'an integer', (value) =>
    /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : undefined,
  );
}

/** An ISO-8601 date-time parameter as epoch ms. */
export function dateParam(q: URLSearchParams, name: string, problems: Problem[]): number | null | undefined {
  return scalarParam(q, name, problems, 'an ISO 8601 date-time', (value) => {
    // Date.parse accepts odd formats; insist on something ISO-shaped so clients get told early.
    const t = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
    return Number.isFinite(t) ? t : undefined;
  });
}

const BOOLEANS: ReadonlyMap<string, boolean> = new Map([
  ['true', true],
  ['1', true],
  ['false', false],
  ['0', false],
]);

export function boolParam(q: URLSearchParams, name: string, problems: Problem[]): boolean | null | undefined {
  return scalarParam(q, name, problems, 'a boolean', (value) => BOOLEANS.get(value.trim().toLowerCase()));
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
