// Timestamps as the legacy dashboard exports write them, read to ISO-8601 UTC (the cache's form,
// the same as `toUtc` gives for API records):
//   2024-09-03T13:12:44+08:00   ISO 8601 with an offset (or Z; fractions allowed)
//   2024-09-03 13:12:44         wall clock in the workspace time zone (seconds optional)
//   09/03/2024 13:12            MM/DD/YYYY wall clock in the workspace time zone (seconds, AM/PM optional)
//   2024-09-03                  a bare date: midnight in the workspace time zone
// An ISO timestamp without an offset is a wall-clock time too. The zone's offset is computed with
// Intl for the instant in question (so zones with daylight saving read right), never assumed.

export type TimestampPrecision = 'millisecond' | 'second' | 'minute' | 'day';

export type ParsedTimestamp = { ok: true; iso: string; precision: TimestampPrecision } | { ok: false; error: string };

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const US_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/;

/**
 * Reads one timestamp cell. `timeZone` is an IANA zone (e.g. Asia/Manila) for the formats that
 * carry no offset.
 */
export function parseTimestamp(value: string, timeZone: string): ParsedTimestamp {
  const text = value.trim();
  let m = ISO_RE.exec(text);
  if (m) {
    const [, y, mo, d, h, mi, s, frac, zone] = m;
    const millis = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
    const parts = fieldsOf(y, mo, d, h, mi, s, millis);
    if (!parts) return invalid(value);
    const precision: TimestampPrecision = s === undefined ? 'minute' : frac ? 'millisecond' : 'second';
    if (zone === undefined) return fromWall(parts, timeZone, precision, value);
    const offset = offsetMinutes(zone);
    if (offset === null) return invalid(value);
    return ok(wallMs(parts) - offset * 60_000, precision);
  }
  m = DATE_RE.exec(text);
  if (m) {
    const parts = fieldsOf(m[1], m[2], m[3], '0', '0', '0', 0);
    return parts ? fromWall(parts, timeZone, 'day', value) : invalid(value);
  }
  m = US_RE.exec(text);
  if (m) {
    const [, mo, d, y, h, mi, s, ampm] = m;
    let hour = h === undefined ? 0 : Number(h);
    if (ampm) {
      if (hour < 1 || hour > 12) return invalid(value);
      hour = (hour % 12) + (ampm.toLowerCase() === 'pm' ? 12 : 0);
    }
    const parts = fieldsOf(y, mo, d, String(hour), mi ?? '0', s ?? '0', 0);
    if (!parts) return invalid(value);
    return fromWall(parts, timeZone, h === undefined ? 'day' : s === undefined ? 'minute' : 'second', value);
  }
  return { ok: false, error: text === '' ? 'empty date' : `unreadable date "${value}" (expected e.g. 2024-09-03T13:12:44+08:00, 2024-09-03 13:12:44 or 09/03/2024 13:12)` };
}

/** Throws a RangeError for a zone Intl does not know. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

const OFFSET_ZONE_RE = /^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?00)?$/i;

/**
 * A zone as an export names it — an IANA zone ("Asia/Manila", "UTC") or a whole-hour offset
 * ("+08:00", "GMT+8", "UTC+08:00") — as an IANA zone; null when it is neither.
 */
export function readTimeZone(text: string): string | null {
  const t = text.trim();
  const m = OFFSET_ZONE_RE.exec(t);
  if (m) {
    const hours = Number(m[2]);
    if (hours > 14) return null;
    // Etc/GMT zones count the other way: Etc/GMT-8 is UTC+8.
    return hours === 0 ? 'UTC' : `Etc/GMT${m[1] === '+' ? '-' : '+'}${hours}`;
  }
  if (t === '') return null;
  try {
    assertTimeZone(t);
    return t;
  } catch {
    return null;
  }
}

interface WallParts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
}

function fieldsOf(
  y: string | undefined,
  mo: string | undefined,
  d: string | undefined,
  h: string | undefined,
  mi: string | undefined,
  s: string | undefined,
  ms: number,
): WallParts | null {
  const p = { y: Number(y), mo: Number(mo), d: Number(d), h: Number(h ?? 0), mi: Number(mi ?? 0), s: Number(s ?? 0), ms };
  if (p.mo < 1 || p.mo > 12 || p.d < 1 || p.d > daysIn(p.y, p.mo)) return null;
  if (p.h > 23 || p.mi > 59 || p.s > 59) return null;
  return p;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  if (month === 2 && ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0)) return 29;
  return DAYS_IN_MONTH[month - 1] ?? 0;
}

/** The wall-clock fields read as if they were UTC. */
function wallMs(p: WallParts): number {
  const t = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s, p.ms);
  // Date.UTC maps years 0-99 to 1900-1999.
  return p.y < 100 ? new Date(t).setUTCFullYear(p.y) : t;
}

/** `Z`, `+08`, `+0800` or `+08:00` to minutes east of UTC. */
function offsetMinutes(zone: string): number | null {
  if (zone === 'Z' || zone === 'z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return null;
  return sign * (hours * 60 + minutes);
}

/**
 * A wall-clock time in `timeZone` to UTC: guess with the offset at the wall time read as UTC,
 * then correct once with the offset at the guessed instant (right everywhere but inside a
 * daylight-saving gap or overlap, where it picks one of the two readings).
 */
function fromWall(p: WallParts, timeZone: string, precision: TimestampPrecision, value: string): ParsedTimestamp {
  const wall = wallMs(p);
  if (!Number.isFinite(wall)) return invalid(value);
  const first = zoneOffsetMs(timeZone, wall);
  let t = wall - first;
  const second = zoneOffsetMs(timeZone, t);
  if (second !== first) t = wall - second;
  return ok(t, precision);
}

function ok(t: number, precision: TimestampPrecision): ParsedTimestamp {
  const date = new Date(t);
  if (Number.isNaN(date.getTime())) return { ok: false, error: 'date out of range' };
  return { ok: true, iso: date.toISOString(), precision };
}

function invalid(value: string): ParsedTimestamp {
  return { ok: false, error: `impossible date "${value}" (no such day, hour or offset)` };
}

// --- zone offsets -------------------------------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>();
/**
 * Offsets per zone, cached per UTC day: formatting with Intl costs microseconds, and an export of
 * 400k rows holds a million timestamps. A day whose offset is the same at its start and at the
 * next day's start (all but a few days a year) has one offset; a day with a change is looked up
 * per 15-minute slot, which is exact because every real offset change happens on a quarter hour.
 */
const offsetCache = new Map<string, Map<number, number | Map<number, number>>>();
const DAY_MS = 86_400_000;
const SLOT_MS = 15 * 60_000;
const MAX_CACHED_DAYS = 50_000;

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Milliseconds to add to a UTC instant to get the wall clock in `timeZone`. */
export function zoneOffsetMs(timeZone: string, utcMs: number): number {
  let days = offsetCache.get(timeZone);
  if (!days) offsetCache.set(timeZone, (days = new Map()));
  const day = Math.floor(utcMs / DAY_MS);
  let entry = days.get(day);
  if (entry === undefined) {
    const start = computeOffset(timeZone, day * DAY_MS);
    entry = start === computeOffset(timeZone, (day + 1) * DAY_MS) ? start : new Map<number, number>();
    if (days.size >= MAX_CACHED_DAYS) days.clear();
    days.set(day, entry);
  }
  if (typeof entry === 'number') return entry;
  const slot = Math.floor(utcMs / SLOT_MS);
  let offset = entry.get(slot);
  if (offset === undefined) entry.set(slot, (offset = computeOffset(timeZone, slot * SLOT_MS)));
  return offset;
}

function computeOffset(timeZone: string, utcMs: number): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(utcMs));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const era = parts.find((p) => p.type === 'era')?.value ?? 'AD';
  let year = get('year');
  if (era === 'BC' || era === 'B') year = 1 - year;
  const asUtc = new Date(0).setUTCFullYear(year, get('month') - 1, get('day'));
  const wall = asUtc + ((get('hour') * 60 + get('minute')) * 60 + get('second')) * 1000;
  return wall - utcMs;
}
