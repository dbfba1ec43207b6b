// Xendit list endpoints (research/xendit.md §1–3): /v2/invoices (bare array, newest first,
// `last_invoice`/`last_invoice_id` cursor), /transactions and /refunds (`after_id` paging, oldest
// first). Filters behave as documented, including the quirk that a date window on invoices only
// applies when both of its bounds are given.
import { invoiceStatuses } from '../../../../shared/sources/xendit.ts';
import type {
  XenditInvoice,
  XenditRefund,
  XenditTransaction,
} from '../../../../shared/sources/xendit.ts';
import { joinJson, scan, timeOf, type Entry, type SortedCollection } from './collection.ts';
import { clamp, dateParam, intParam, listParam, type Problem } from './query.ts';
import { JSON_TYPE, xenditError, type RouteResult } from './response.ts';
import type { DataStore } from './store.ts';

const transactionStatuses = ['PENDING', 'SUCCESS', 'FAILED', 'VOIDED', 'REVERSED'];

function validationError(problems: Problem[]): RouteResult {
  return xenditError(
    400,
    'API_VALIDATION_ERROR',
    problems.map((p) => p.message).join('; '),
    problems,
  );
}

/** Xendit clamps an out-of-range limit rather than refusing it. */
function limitParam(q: URLSearchParams, problems: Problem[]): number {
  const raw = intParam(q, 'limit', problems);
  return clamp(raw ?? 10, 1, 100);
}

/** The invoice cursor as sent, under either of its two names (see research/xendit.md §1). */
export function invoiceCursor(q: URLSearchParams): string | null {
  return q.get('last_invoice') || q.get('last_invoice_id') || null;
}

export function listInvoices(store: DataStore, q: URLSearchParams): RouteResult {
  const problems: Problem[] = [];
  const limit = limitParam(q, problems);

  const statuses = listParam(q, 'statuses', problems);
  for (const status of statuses ?? []) {
    if (!(invoiceStatuses as readonly string[]).includes(status)) {
      problems.push({ path: 'statuses', message: `statuses has an unknown value "${status}"` });
    }
  }

  const newName = q.get('last_invoice') || null;
  const oldName = q.get('last_invoice_id') || null;
  if (newName && oldName && newName !== oldName) {
    problems.push({ path: 'last_invoice', message: 'last_invoice and last_invoice_id disagree' });
  }
  const cursor = newName ?? oldName;

  // A window counts only when both bounds are present; a lone bound is silently ignored.
  const windows: Array<{ field: keyof XenditInvoice; after: number; before: number }> = [];
  for (const [prefix, field] of [
    ['created', 'created'],
    ['paid', 'paid_at'],
    ['expired', 'expiry_date'],
  ] as const) {
    const after = dateParam(q, `${prefix}_after`, problems);
    const before = dateParam(q, `${prefix}_before`, problems);
    if (typeof after === 'number' && typeof before === 'number') {
      windows.push({ field, after, before });
    }
  }
  const externalId = q.get('external_id');
  if (problems.length > 0) return validationError(problems);

  const invoices = store.invoices;
  let start = 0;
  if (cursor) {
    const at = invoices.positionOf(cursor);
    if (at < 0) {
      return validationError([{ path: 'last_invoice', message: `invoice ${cursor} was not found` }]);
    }
    start = at + 1;
  }

  // The list is ordered by `created` desc, so a created window is a binary search plus an early stop.
  const created = windows.find((w) => w.field === 'created');
  let stop: ((e: Entry<XenditInvoice>) => boolean) | null = null;
  if (created) {
    start = Math.max(start, invoices.lowerBound((e) => e.t > created.before));
    stop = (e) => e.t < created.after;
  }
  const others = windows.filter((w) => w.field !== 'created');
  const statusSet = statuses ? new Set(statuses) : null;
  const match =
    statusSet || others.length > 0 || externalId !== null
      ? (e: Entry<XenditInvoice>) => {
          const r = e.record;
          if (statusSet && !statusSet.has(r.status)) return false;
          if (externalId !== null && r.external_id !== externalId) return false;
          for (const w of others) {
            const t = timeOf(r[w.field]);
            if (t === null || t < w.after || t > w.before) return false;
          }
          return true;
        }
      : null;

  const { page } = scan(invoices.entries, { start, step: 1, limit, match, stop });
  // The real endpoint returns a bare array: no has_more, no links. A short page is the last.
  return { status: 200, body: `[${joinJson(page)}]`, contentType: JSON_TYPE, count: page.length };
}

export function getInvoice(store: DataStore, id: string): RouteResult {
  const entry = store.invoices.entry(id);
  if (!entry) return xenditError(404, 'INVOICE_NOT_FOUND_ERROR', `Invoice ${id} not found`);
  return { status: 200, body: entry.json, contentType: JSON_TYPE, count: 1 };
}

/** `after_id` / `before_id` cursor of the ledger-style endpoints. */
export function idCursor(q: URLSearchParams): string | null {
  return q.get('after_id') || q.get('before_id') || null;
}

interface AscendingPage<R> {
  page: Entry<R>[];
  hasMore: boolean;
  backward: boolean;
}

/**
 * Paging shared by /transactions and /refunds: oldest first; `after_id` walks forward, `before_id`
 * returns the page just before that record (still in ascending order); `created[gte|lte]` bound it.
 */
function pageAscending<R>(
  collection: SortedCollection<R>,
  q: URLSearchParams,
  limit: number,
  bounds: { gte: number | null; lte: number | null },
  match: ((e: Entry<R>) => boolean) | null,
): AscendingPage<R> | RouteResult {
  const afterId = q.get('after_id') || null;
  const beforeId = q.get('before_id') || null;
  if (afterId && beforeId) {
    return validationError([{ path: 'after_id', message: 'after_id and before_id cannot be combined' }]);
  }
  const cursor = afterId ?? beforeId;
  let at = -1;
  if (cursor) {
    at = collection.positionOf(cursor);
    if (at < 0) {
      const path = afterId ? 'after_id' : 'before_id';
      return validationError([{ path, message: `${path} ${cursor} was not found` }]);
    }
  }
  const { gte, lte } = bounds;
  if (beforeId) {
    let start = at - 1;
    if (lte !== null) start = Math.min(start, collection.lowerBound((e) => e.t <= lte) - 1);
    const stop = gte !== null ? (e: Entry<R>) => e.t < gte : null;
    const result = scan(collection.entries, { start, step: -1, limit, match, stop });
    return { page: result.page.reverse(), hasMore: result.hasMore, backward: true };
  }
  let start = afterId ? at + 1 : 0;
  if (gte !== null) start = Math.max(start, collection.lowerBound((e) => e.t < gte));
  const stop = lte !== null ? (e: Entry<R>) => e.t > lte : null;
  const result = scan(collection.entries, { start, step: 1, limit, match, stop });
  return { ...result, backward: false };
}

function createdBounds(q: URLSearchParams, problems: Problem[]) {
  const gte = dateParam(q, 'created[gte]', problems);
  const lte = dateParam(q, 'created[lte]', problems);
  return { gte: typeof gte === 'number' ? gte : null, lte: typeof lte === 'number' ? lte : null };
}

export function listTransactions(store: DataStore, q: URLSearchParams): RouteResult {
  const problems: Problem[] = [];
  const limit = limitParam(q, problems);
  const types = listParam(q, 'types', problems);
  const statuses = listParam(q, 'statuses', problems);
  for (const status of statuses ?? []) {
    if (!transactionStatuses.includes(status)) {
      problems.push({ path: 'statuses', message: `statuses has an unknown value "${status}"` });
    }
  }
  const bounds = createdBounds(q, problems);
  const updatedGte = dateParam(q, 'updated[gte]', problems);
  const updatedLte = dateParam(q, 'updated[lte]', problems);
  if (problems.length > 0) return validationError(problems);

  const typeSet = types ? new Set(types) : null;
  const statusSet = statuses ? new Set(statuses) : null;
  const uGte = typeof updatedGte === 'number' ? updatedGte : null;
  const uLte = typeof updatedLte === 'number' ? updatedLte : null;
  const match =
    typeSet || statusSet || uGte !== null || uLte !== null
      ? (e: Entry<XenditTransaction>) => {
          if (typeSet && !typeSet.has(e.record.type)) return false;
          if (statusSet && !statusSet.has(e.record.status)) return false;
          if (uGte === null && uLte === null) return true;
          const updated = Date.parse(e.record.updated);
          return (uGte === null || updated >= uGte) && (uLte === null || updated <= uLte);
        }
      : null;
  const result = pageAscending(store.transactions, q, limit, bounds, match);
  if ('status' in result) return result;

  const { page, hasMore, backward } = result;
  const links: Array<{ href: string; rel: string; method: string }> = [];
  const edge = backward ? page[0] : page.at(-1);
  if (hasMore && edge) {
    // The next link repeats the request's filters with the cursor moved past this page.
    const next = new URLSearchParams(q);
    next.delete('after_id');
    next.delete('before_id');
    next.set(backward ? 'before_id' : 'after_id', String(edge.id));
    links.push({ href: `/transactions?${next.toString()}`, rel: 'next', method: 'GET' });
  }
  const body = `{"has_more":${hasMore},"data":[${joinJson(page)}],"links":${JSON.stringify(links)}}`;
  return { status: 200, body, contentType: JSON_TYPE, count: page.length };
}

export function listRefunds(store: DataStore, q: URLSearchParams): RouteResult {
  const problems: Problem[] = [];
  const limit = limitParam(q, problems);
  const bounds = createdBounds(q, problems);
  if (problems.length > 0) return validationError(problems);

  const invoiceId = q.get('invoice_id');
  const paymentRequestId = q.get('payment_request_id');
  const match =
    invoiceId !== null || paymentRequestId !== null
      ? (e: Entry<XenditRefund>) =>
          (invoiceId === null || e.record.invoice_id === invoiceId) &&
          (paymentRequestId === null || e.record.payment_request_id === paymentRequestId)
      : null;
  const result = pageAscending(store.refunds, q, limit, bounds, match);
  if ('status' in result) return result;
  const body = `{"data":[${joinJson(result.page)}],"has_more":${result.hasMore}}`;
  return { status: 200, body, contentType: JSON_TYPE, count: result.page.length };
}
