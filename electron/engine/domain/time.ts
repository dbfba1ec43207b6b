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
