// What a pull fetches for each stream, full or incremental. Plans are rebuilt from the saved
// crawl state on resume, so they depend on nothing but that state, the clients and the cache.
import { CutoverError } from '../../../../shared/api/errors.ts';
import type { SystemeClient } from '../systeme/client.ts';
import type { XenditClient } from '../xendit/client.ts';
import { PAGE_SIZE, type Page } from '../page.ts';
import type { CrawlState, DateWindow, Recheck } from './crawl-state.ts';
import type { Phase, StreamPlan } from './page-loop.ts';
import type { PullCache } from './pull-cache.ts';

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

/** The invoice phases' shared walk: by cursor, through `windows` when there are any; a cursor that loops splits its window. */
const windowWalk = (client: XenditClient) => ({
  fetch: (s: CrawlState) => client.invoices(s.cursor, s.windows?.[0]),
  replan(s: CrawlState, page: Page): CrawlState | null {
    // A server that ignores the cursor returns the same page again: its last id is the cursor.
    if (s.cursor === null || page.next !== s.cursor) return null;
    const windows = s.windows?.length ? [...splitWindow(s.windows[0]!), ...s.windows.slice(1)] : fallbackWindows(s.startedAt);
    return { ...s, cursor: null, windows };
  },
});

/** Where the invoices' catch-up learns what changed: the ledger stream, once it has finished. */
export interface LedgerSource {
  /** Resolves when the ledger stream has completed in this pull (rejects when it failed). */
  ready(): Promise<void>;
  cache: PullCache;
}

export function invoicePlan(client: XenditClient, ledger: LedgerSource): StreamPlan {
  const walk = windowWalk(client);
  const phase: Phase = {
    name: 'invoices',
    ...walk,
    advance(s) {
      const rest = (s.windows ?? []).slice(1);
      return rest.length ? { ...s, cursor: null, windows: rest } : null;
    },
  };
  // Invoices have no updated-since filter, but their ledger rows do: a settlement, void or
  // reversal since the crawl began (or since the look-back point) names an invoice to read again.
  // The ledger stream has just read those rows; the cache says which, and the invoices are read
  // again by date window where that takes fewer requests than looking each one up.
  const changed: Phase = {
    name: 'changed',
    catchUp: true,
    describe: (s) =>
      s.recheck
        ? `checking ${s.recheck.invoices.toLocaleString('en-US')} invoices the ledger shows changed (${Math.min(s.pages - s.recheck.fromPage, s.recheck.requests)} of ${s.recheck.requests} requests)`
        : 'waiting for the ledger, which says which invoices changed',
    async fetch(s) {
      if (!s.recheck) {
        await ledger.ready();
        const plan = planRecheck(ledger.cache, s);
        const recheck: Recheck = { invoices: plan.invoices, lookups: plan.lookups, requests: plan.requests, fromPage: s.pages + 1 };
        return { records: [], next: null, state: { recheck, windows: plan.windows, cursor: null, phaseDone: plan.requests === 0 } };
      }
      if (s.windows?.length) return walk.fetch(s);
      const [id, ...rest] = s.recheck.lookups;
      const invoice = id === undefined ? null : await client.invoice(id);
      return { records: invoice === null ? [] : [invoice], next: null, state: { recheck: { ...s.recheck, lookups: rest }, phaseDone: rest.length === 0 } };
    },
    replan: (s, page) => (s.recheck && s.windows?.length ? walk.replan(s, page) : null),
    advance(s) {
      const rest = (s.windows ?? []).slice(1);
      if (rest.length) return { ...s, cursor: null, windows: rest };
      return s.recheck?.lookups.length ? { ...s, cursor: null, windows: [] } : null;
    },
  };
  return { stream: 'xendit-invoices', phases: [phase, changed] };
}

/** Pages a date window of n invoices takes: full pages, then the short one that ends it. */
const pagesFor = (n: number): number => Math.floor(n / PAGE_SIZE) + 1;

/**
 * How to read again the invoices the ledger shows changed since the crawl's catch-up point:
 * those the crawl already read after their change are left out (an incremental crawl's window
 * read after its ledger rows last moved); the rest, in Xendit's order, are grouped into date
 * windows while a window costs no more pages than looking its invoices up one by one would; an
 * invoice alone, or one the cache does not know, is looked up.
 */
export function planRecheck(cache: PullCache, s: CrawlState): { invoices: number; windows: DateWindow[]; lookups: string[]; requests: number } {
  const changed = cache.ledgerChangedInvoices(changedSince(s));
  const positions = cache.invoicePositions([...changed.keys()]);
  // An incremental crawl read every invoice created since `since` (after the ledger rows moved, if they moved before it began).
  const windowFrom = s.mode === 'incremental' ? s.since : undefined;
  const wanted = [...changed].filter(([id, updated]) => {
    const at = positions.get(id);
    return !(at && windowFrom !== undefined && at.created >= windowFrom && updated < s.startedAt);
  });
  const lookups = wanted.filter(([id]) => !positions.has(id)).map(([id]) => id);
  const placed = wanted.flatMap(([id]) => {
    const at = positions.get(id);
    return at ? [{ id, ...at }] : [];
  });
  placed.sort((a, b) => a.position - b.position);
  const clusters: { first: (typeof placed)[number]; last: (typeof placed)[number]; count: number }[] = [];
  for (const p of placed) {
    const c = clusters.at(-1);
    // Widening the window to this invoice costs what its pages grow by; a lookup costs one.
    if (c && pagesFor(p.position - c.first.position + 1) - pagesFor(c.last.position - c.first.position + 1) <= 1) {
      c.last = p;
      c.count++;
    } else clusters.push({ first: p, last: p, count: 1 });
  }
  const windows: DateWindow[] = [];
  let requests = 0;
  for (const c of clusters) {
    if (c.count === 1) {
      lookups.push(c.first.id);
      continue;
    }
    // Newest first, so first.created is the later bound; a millisecond either side in case the server's bounds are exclusive.
    windows.push({ after: new Date(Date.parse(c.last.created) - 1).toISOString(), before: new Date(Date.parse(c.first.created) + 1).toISOString() });
    requests += pagesFor(c.last.position - c.first.position + 1);
  }
  return { invoices: wanted.length, windows, lookups, requests: requests + lookups.length };
}

/** Ledger changes worth re-reading: since the look-back point, or (a full crawl) since it began. */
function changedSince(s: CrawlState): string {
  return s.mode === 'incremental' && s.since ? s.since : s.startedAt;
}

export function initialInvoiceState(s: CrawlState, now: string): CrawlState {
  // Incremental: one window from the look-back point to a day ahead (clock skew), paged by cursor.
  return s.mode === 'incremental' && s.since ? { ...s, windows: [{ after: s.since, before: new Date(Date.parse(now) + DAY).toISOString() }] } : s;
}

/**
 * A page of a ledger query with a lower date bound that the server ignored: Xendit lists the
 * ledger oldest first, so the rows the filter should have left out come first; page on from the
 * newest cached row before the bound instead of through all of them.
 */
function skipIgnored(cache: PullCache, page: Page, bound: string): Page {
  if (!page.ignoredFilter || page.next === null) return page;
  const past = cache.ledgerRowBefore(bound, page.next);
  return past === null ? page : { ...page, next: past };
}

export function transactionPlan(client: XenditClient, cache: PullCache, lookbackDays: number): StreamPlan {
  return {
    stream: 'xendit-transactions',
    phases: [
      {
        name: 'transactions',
        async fetch(s) {
          const since = s.mode === 'incremental' ? s.since : undefined;
          const page = await client.transactions(s.cursor, since);
          return since ? skipIgnored(cache, page, since) : page;
        },
        replan(s, page) {
          if (s.cursor !== null && page.next === s.cursor) throw new CutoverError('SOURCE_FAILED', 'Xendit returned the same transactions page twice; stopping rather than looping.');
          return null;
        },
      },
      // Rows settled, voided or reversed while the crawl ran (it walks oldest first, so it may
      // have passed them already). A server that ignores updated[gte] would list the whole
      // ledger again: the rows created since the look-back before that point are read instead,
      // and changes to older rows show in the next Full re-pull.
      {
        name: 'changed',
        catchUp: true,
        async fetch(s) {
          const since = changedSince(s);
          const page = await client.transactionsUpdatedSince(s.cursor, since);
          return skipIgnored(cache, page, new Date(Date.parse(since) - lookbackDays * DAY).toISOString());
        },
      },
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
      { name: 'new', catchUp: true, fetch: (s) => client.contacts(s.cursor, systemeTime(new Date(Date.parse(s.startedAt) - 60_000).toISOString())) },
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
