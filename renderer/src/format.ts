// How numbers, times and durations read in the UI: thousands separators, local time.
import type { ProgressPart } from '../../shared/api/index.ts';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

export function formatNumber(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return Number.isInteger(n) ? integer.format(n) : decimal.format(n);
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

/** An ISO timestamp in the viewer's local time; today's show only the time. */
export function formatTime(iso: string | null | undefined, opts: { full?: boolean } = {}): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const today = new Date();
  const sameDay = d.getFullYear() === today.getFullYear() && d.getMonth() === today.getMonth() && d.getDate() === today.getDate();
  return sameDay && !opts.full ? timeOnly.format(d) : dateTime.format(d);
}

/** A part's counts: "done unit", or "done / total unit" once the total is known. */
export function formatCounts(part: Pick<ProgressPart, 'done' | 'total' | 'unit'>): string {
  return part.total === null ? `${formatNumber(part.done)} ${part.unit}` : `${formatNumber(part.done)} / ${formatNumber(part.total)} ${part.unit}`;
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  return `${h} h ${m % 60} min`;
}

export function formatRate(rate: number | null | undefined, unit: string): string | null {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return null;
  return `${rate >= 10 ? integer.format(rate) : decimal.format(rate)} ${unit}/s`;
}

/** Elapsed time between two ISO timestamps (or until now). */
export function elapsed(startIso: string, endIso: string | null): string {
  const start = Date.parse(startIso);
  const end = endIso ? Date.parse(endIso) : Date.now();
  if (Number.isNaN(start) || Number.isNaN(end)) return '—';
  const secs = (end - start) / 1000;
  return secs < 1 ? `${Math.max(0, Math.round(end - start))} ms` : formatDuration(secs);
}

/** A measured time in milliseconds: "42 ms" under a second, else seconds to a tenth ("1.3 s"). */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${decimal.format(ms / 1000)} s`;
}
