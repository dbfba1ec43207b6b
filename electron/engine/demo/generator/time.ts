// The demo's calendar and the timestamp formats each source writes. The business runs on
// Asia/Manila time, which is UTC+8 all year (no daylight saving), so a fixed offset is exact.

export const MANILA_OFFSET_MS = 8 * 3_600_000;
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** Milliseconds of a Manila wall-clock time. */
export function manila(year: number, month: number, day: number, hour = 0, minute = 0): number {
  return Date.UTC(year, month - 1, day, hour, minute) - MANILA_OFFSET_MS;
}

/** First and last moment a contact can register (Systeme.io opt-ins). */
export const REGISTRATION_START = manila(2024, 9, 1);
export const REGISTRATION_END = manila(2025, 7, 24);
/** Non-pending invoices are created no later than this, so their 24 h expiry is in the past. */
export const LAST_CLOSED_INVOICE = manila(2025, 7, 29, 22);
/** Pending invoices were opened in the last two weeks and are still payable. */
export const PENDING_WINDOW_START = manila(2025, 7, 17);
/** "Now" for the demo: the moment the sources were exported. */
export const AS_OF = manila(2025, 8, 1);

const PAD2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
/** 'YYYY-MM-DD' per UTC day number; the demo touches a few hundred days, so this stays small. */
const dayStrings = new Map<number, string>();

function utcDay(day: number): string {
  let text = dayStrings.get(day);
  if (text === undefined) {
    text = new Date(day * DAY).toISOString().slice(0, 10);
    if (dayStrings.size < 100_000) dayStrings.set(day, text);
  }
  return text;
}

/**
 * Formats a UTC instant without Date#toISOString (the hottest call of the million-record stream).
 * Parts are joined with Array#join, which yields one flat string: template literals would build
 * a rope of a dozen cons-string objects per timestamp, and a retained dataset holds ~100k of them.
 */
function formatUtc(time: number, between: string, tail: string, withMillis: boolean): string {
  const ms = Math.floor(time);
  const day = Math.floor(ms / DAY);
  let rest = ms - day * DAY;
  const millis = rest % 1000;
  rest = (rest - millis) / 1000;
  const seconds = rest % 60;
  rest = (rest - seconds) / 60;
  const minutes = rest % 60;
  const hours = (rest - minutes) / 60;
  const parts = [utcDay(day), between, PAD2[hours], ':', PAD2[minutes], ':', PAD2[seconds]];
  if (withMillis) parts.push('.', PAD3[millis]);
  parts.push(tail);
  return parts.join('');
}

/** Xendit: `2024-09-03T05:12:44.123Z`. */
export function xenditTime(ms: number): string {
  return formatUtc(ms, 'T', 'Z', true);
}

/** Systeme.io: `2024-09-03T05:12:44+00:00`, no fractions. */
export function systemeTime(ms: number): string {
  return formatUtc(ms, 'T', '+00:00', false);
}

/** Manila calendar month, 'YYYY-MM'. */
export function manilaMonth(ms: number): string {
  return utcDay(Math.floor((ms + MANILA_OFFSET_MS) / DAY)).slice(0, 7);
}

/** The Manila wall clock as `YYYY-MM-DDTHH:mm:ss` (no zone). */
function manilaWall(ms: number): string {
  return formatUtc(ms + MANILA_OFFSET_MS, 'T', '', false);
}

/** ISO 8601 in Manila time with its offset: `2024-09-03T13:12:44+08:00`. */
export function manilaIso(ms: number): string {
  return formatUtc(ms + MANILA_OFFSET_MS, 'T', '+08:00', false);
}

/** Spreadsheet style in Manila time: `2024-09-03 13:12:44`. */
export function manilaSpaced(ms: number): string {
  return formatUtc(ms + MANILA_OFFSET_MS, ' ', '', false);
}

/** Spreadsheet style in Manila time with milliseconds: `2024-09-03 13:12:44.123`. */
export function manilaSpacedMs(ms: number): string {
  return formatUtc(ms + MANILA_OFFSET_MS, ' ', '', true);
}

/** PostgreSQL's text form in Manila time: `2024-09-03 13:12:44.123+08`. */
export function manilaPostgres(ms: number): string {
  return formatUtc(ms + MANILA_OFFSET_MS, ' ', '+08', true);
}

/** US style in Manila time, minutes only: `09/03/2024 13:12`. */
export function manilaUs(ms: number): string {
  const wall = manilaWall(ms);
  return `${wall.slice(5, 7)}/${wall.slice(8, 10)}/${wall.slice(0, 4)} ${wall.slice(11, 16)}`;
}
