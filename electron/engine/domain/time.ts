// Business time. The business is in the Philippines: months, quarters and "today" are read in the
// workspace's zone, Asia/Manila by default. Timestamps are stored as UTC ISO-8601 text.

export const DEFAULT_TIME_ZONE = 'Asia/Manila';

/** True for an IANA zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(zone: string, at: Date): { year: number; month: number; day: number } {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hourCycle: 'h23' });
    formatters.set(zone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day) };
}

/** 'YYYY-MM' of an instant in the zone. */
export function monthOf(iso: string, zone: string = DEFAULT_TIME_ZONE): string {
  const { year, month } = partsIn(zone, new Date(iso));
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** 'YYYY-MM-DD' of an instant in the zone. */
export function dayOf(iso: string, zone: string = DEFAULT_TIME_ZONE): string {
  const { year, month, day } = partsIn(zone, new Date(iso));
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The fiscal quarter of a 'YYYY-MM' month, as 'FY2025-Q1'. A fiscal year is named by the calendar
 * year it starts in; `fiscalYearStart` is its first month (1 = January).
 */
export function fiscalQuarter(month: string, fiscalYearStart = 1): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const offset = (m - fiscalYearStart + 12) % 12;
  const fy = m >= fiscalYearStart ? y : y - 1;
  return `FY${fy}-Q${Math.floor(offset / 3) + 1}`;
}

const HOUR_MS = 3_600_000;

/**
 * monthOf/dayOf for many instants at once: the zone's offset is looked up once per UTC hour
 * (offsets change on hour boundaries, never inside one), so a million timestamps cost a few
 * thousand Intl calls.
 */
export function zonedClock(zone: string = DEFAULT_TIME_ZONE): { month(iso: string): string; day(iso: string): string } {
  const offsets = new Map<number, number>();
  const wallClock = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const probe = (hour: number): number => {
    const p = Object.fromEntries(wallClock.formatToParts(new Date(hour * HOUR_MS)).map((x) => [x.type, Number(x.value)]));
    return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!) - hour * HOUR_MS;
  };
  // A UTC day whose first and last hours share an offset has it all day (zones change at most
  // once a day): two probes a day, one per hour only on the days a zone changes.
  const dayOffsets = new Map<number, number | null>();
  const offsetAt = (hour: number): number => {
    let offset = offsets.get(hour);
    if (offset !== undefined) return offset;
    const dayIndex = Math.floor(hour / 24);
    let whole = dayOffsets.get(dayIndex);
    if (whole === undefined) {
      const first = probe(dayIndex * 24);
      whole = first === probe(dayIndex * 24 + 23) ? first : null;
      dayOffsets.set(dayIndex, whole);
    }
    offset = whole ?? probe(hour);
    offsets.set(hour, offset);
    return offset;
  };
  const local = (ms: number): string => new Date(ms + offsetAt(Math.floor(ms / HOUR_MS))).toISOString();
  // Canonical UTC text of one hour shares its local day when the offset is whole hours (nearly every zone): cached by that hour.
  const days = new Map<string, string>();
  const day = (iso: string): string => {
    const hourKey = iso.length === 24 && iso.endsWith('Z') ? iso.slice(0, 13) : null;
    if (hourKey !== null) {
      const hit = days.get(hourKey);
      if (hit !== undefined) return hit;
    }
    const ms = Date.parse(iso);
    const out = local(ms).slice(0, 10);
    if (hourKey !== null && (offsets.get(Math.floor(ms / HOUR_MS))! % HOUR_MS) === 0) days.set(hourKey, out);
    return out;
  };
  return { month: (iso) => day(iso).slice(0, 7), day };
}
