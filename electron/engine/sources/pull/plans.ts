// What a pull fetches for each stream, full or incremental. Plans are rebuilt from the saved
// crawl state on resume, so they depend on nothing but that state and the clients.
import { CutoverError } from '../../../../shared/api/errors.ts';
import type { SystemeClient } from '../systeme/client.ts';
import type { XenditClient } from '../xendit/client.ts';
import type { CrawlState, DateWindow } from './crawl-state.ts';
import type { Phase, StreamPlan } from './page-loop.ts';

const DAY = 86_400_000;
/** The invoice fallback walks back to here; no merchant data predates it. */
const EARLIEST = Date.parse('2010-01-01T00:00:00Z');

/** Newest first, growing spans: many invoices are recent, few are old. */
export function fallbackWindows(from: string): DateWindow[] {
  const windows: DateWindow[] = [];
  let before = Date.parse(from) + DAY;
  let span = 30 * DAY;
  while (before > EARLIEST) {
    const after = Math.max(EARLIEST, before - span);
    windows.push({ after: new Date(after).toISOString(), before: new Date(before).toISOString() });
    before = after;
    span *= 2;
  }
  return windows;
}

/** Halves a window whose cursor loops: each half is walked on its own. */
export function splitWindow(w: DateWindow): [DateWindow, DateWindow] {
  const a = Date.parse(w.after);
  const b = Date.parse(w.before);
  if (b - a < 2_000) throw new CutoverError('SOURCE_FAILED', `Xendit's invoice paging loops even within ${w.after}…${w.before}; cannot page further.`);
  const mid = new Date(a + Math.floor((b - a) / 2)).toISOString();
  return [
    { after: mid, before: w.before },
    { after: w.after, before: mid },
  ];
}

export function invoicePlan(client: XenditClient): StreamPlan {
  const phase: Phase = {
    name: 'invoices',
    fetch: (s) => client.invoices(s.cursor, s.windows?.[0]),
    replan(s, page) {
      // A server that ignores the cursor returns the same page again: its last id is the cursor.
      if (s.cursor === null || page.next !== s.cursor) return null;
      const windows = s.windows?.length ? [...splitWindow(s.windows[0]!), ...s.windows.slice(1)] : fallbackWindows(s.startedAt);
      return { ...s, cursor: null, windows };
    },
    advance(s) {
      const rest = (s.windows ?? []).slice(1);
      return rest.length ? { ...s, cursor: null, windows: rest } : null;
    },
  };
  // Invoices have no updated-since filter, but their ledger rows do: a settlement, void or
  // reversal since the crawl began (or since the look-back point) names the invoice to re-read.
  const changed: Phase = {
    name: 'changed',
    async fetch(s) {
      const page = await client.transactionsUpdatedSince(s.cursor, changedSince(s));
      const ids = [...new Set(page.records.map((t) => (t as { product_id?: unknown }).product_id).filter((id): id is string => typeof id === 'string' && /^[0-9a-f]{24}$/.test(id)))];
      const invoices: unknown[] = [];
      for (const id of ids) {
        const invoice = await client.invoice(id);
        if (invoice !== null) invoices.push(invoice);
      }
      return { records: invoices, next: page.next };
    },
  };
  return { stream: 'xendit-invoices', phases: [phase, changed] };
}

/** Ledger changes worth re-reading: since the look-back point, or (a full crawl) since it began. */
function changedSince(s: CrawlState): string {
  return s.mode === 'incremental' && s.since ? s.since : s.startedAt;
}

export function initialInvoiceState(s: CrawlState, now: string): CrawlState {
  // Incremental: one window from the look-back point to a day ahead (clock skew), paged by cursor.
  return s.mode === 'incremental' && s.since ? { ...s, windows: [{ after: s.since, before: new Date(Date.parse(now) + DAY).toISOString() }] } : s;
}

export function transactionPlan(client: XenditClient): StreamPlan {
  return {
    stream: 'xendit-transactions',
    phases: [
      {
        name: 'transactions',
        fetch: (s) => client.transactions(s.cursor, s.mode === 'incremental' ? s.since : undefined),
        replan(s, page) {
          if (s.cursor !== null && page.next === s.cursor) throw new CutoverError('SOURCE_FAILED', 'Xendit returned the same transactions page twice; stopping rather than looping.');
          return null;
        },
      },
      // Rows settled, voided or reversed while the crawl ran (it walks oldest first, so it may
      // have passed them already).
      { name: 'changed', fetch: (s) => client.transactionsUpdatedSince(s.cursor, changedSince(s)) },
    ],
  };
}

export function refundPlan(client: XenditClient): StreamPlan {
  return { stream: 'xendit-refunds', phases: [{ name: 'refunds', fetch: (s) => client.refunds(s.cursor) }] };
}

/**
 * Systeme.io offers no updated-since filter: tag changes and deletions only show in a full crawl.
 * The crawl runs newest first, so contacts registered while it runs sit above its start; a
 * registeredAfter pass from the crawl's start picks them up.
 */
export function contactPlan(client: SystemeClient): StreamPlan {
  return {
    stream: 'systeme-contacts',
    phases: [
      { name: 'full', fetch: (s) => client.contacts(s.cursor), tracksDeletions: true },
      { name: 'new', fetch: (s) => client.contacts(s.cursor, systemeTime(new Date(Date.parse(s.startedAt) - 60_000).toISOString())) },
    ],
  };
}

export function tagPlan(client: SystemeClient): StreamPlan {
  return { stream: 'systeme-tags', phases: [{ name: 'tags', fetch: (s) => client.tags(s.cursor) }] };
}

/** Systeme.io's date-time form: seconds precision with an explicit offset. */
export function systemeTime(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}
