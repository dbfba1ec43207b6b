// Xendit's list endpoints, as page fetchers. Basic auth with the secret key as user name.
import { CutoverError } from '../../../../shared/api/errors.ts';
import { XenditRefundsPage, XenditTransactionsPage } from '../../../../shared/sources/xendit.ts';
import { getJson, type RequestOptions } from '../http/request.ts';
import { Pacer, XENDIT_HEADERS } from '../http/pacer.ts';
import { lastId, PAGE_SIZE, type Page } from '../page.ts';
import type { DateWindow } from '../pull/crawl-state.ts';

/** A lower date bound on a ledger query: the parameter, the record's field it bounds, and the bound. */
interface LowerBound {
  param: 'created[gte]' | 'updated[gte]';
  field: 'created' | 'updated';
  from: string;
}

/** A record the filter should have left out; one whose date cannot be read stays (its schema check will say why). */
function outside(record: unknown, filter: LowerBound): boolean {
  const value = (record as Record<string, unknown> | null)?.[filter.field];
  const t = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isFinite(t) && t < Date.parse(filter.from);
}

export interface XenditClient {
  invoices(cursor: string | null, window?: DateWindow): Promise<Page>;
  transactions(cursor: string | null, createdFrom?: string): Promise<Page>;
  /** Ledger rows updated at or after `since` (settlements, voids, reversals). */
  transactionsUpdatedSince(cursor: string | null, since: string): Promise<Page>;
  /** One invoice, or null when Xendit has no invoice with that id (for a few; a date window re-lists many). */
  invoice(id: string): Promise<unknown>;
  refunds(cursor: string | null): Promise<Page>;
}

/** Xendit limits each endpoint separately: one pacer per endpoint, shared by every client of one account. */
export function xenditPacers() {
  return {
    invoices: new Pacer(XENDIT_HEADERS),
    invoice: new Pacer(XENDIT_HEADERS),
    transactions: new Pacer(XENDIT_HEADERS),
    refunds: new Pacer(XENDIT_HEADERS),
  };
}

export function xenditClient(opts: {
  baseUrl: string;
  secretKey: string;
  signal: AbortSignal;
  pacers?: ReturnType<typeof xenditPacers>;
  onRetry?: RequestOptions['onRetry'];
  onWait?: RequestOptions['onWait'];
  timeoutMs?: number;
}): XenditClient {
  const auth = `Basic ${Buffer.from(`${opts.secretKey}:`).toString('base64')}`;
  const pacers = opts.pacers ?? xenditPacers();
  // The ledger endpoints share one envelope: {data, has_more}, paged by after_id. A date filter
  // is applied here too: a server that ignores it sends rows outside it, which are dropped, and
  // the page says the filter was ignored.
  const ledgerPage = async (path: '/transactions' | '/refunds', params: URLSearchParams, cursor: string | null, filter?: LowerBound): Promise<Page> => {
    if (cursor) params.set('after_id', cursor);
    if (filter) params.set(filter.param, filter.from);
    const envelope = path === '/transactions' ? XenditTransactionsPage : XenditRefundsPage;
    const { body, text } = await get(path, params, path === '/transactions' ? pacers.transactions : pacers.refunds);
    const page = envelope.safeParse(body);
    if (!page.success) throw new CutoverError('SOURCE_FAILED', `Xendit answered ${path} with an unexpected shape.`);
    const records = page.data.data;
    const next = page.data.has_more ? lastId(records, 'Xendit') : null;
    const inside = filter ? records.filter((r) => !outside(r, filter)) : records;
    if (inside.length < records.length) return { records: inside, next, ignoredFilter: filter!.param };
    return { records, next, body: { text, key: 'data' } };
  };
  const get = async (path: string, params: URLSearchParams, pacer: Pacer, allowNotFound = false) => {
    const { status, body, text } = await getJson(`${opts.baseUrl}${path}?${params}`, {
      allowNotFound,
      source: 'Xendit',
      headers: { Authorization: auth },
      pacer,
      signal: opts.signal,
      onRetry: opts.onRetry,
      onWait: opts.onWait,
      timeoutMs: opts.timeoutMs,
      describeError: (status, b) => {
        const e = b as { error_code?: string; message?: string } | null;
        return e?.error_code ? `${e.error_code}: ${e.message ?? ''}` : `HTTP ${status}`;
      },
    });
    return status === 404 ? { body: null, text: '' } : { body, text };
  };

  return {
    async invoices(cursor, window) {
      const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
      // The cursor's name differs between API generations; the server ignores the other one.
      if (cursor) {
        params.set('last_invoice', cursor);
        params.set('last_invoice_id', cursor);
      }
      if (window) {
        params.set('created_after', window.after);
        params.set('created_before', window.before);
      }
      const { body, text } = await get('/v2/invoices', params, pacers.invoices);
      if (!Array.isArray(body)) throw new CutoverError('SOURCE_FAILED', 'Xendit answered /v2/invoices with something other than a list of invoices.');
      return { records: body, next: body.length >= PAGE_SIZE ? lastId(body, 'Xendit') : null, body: { text, key: null } };
    },
    transactions(cursor, createdFrom) {
      const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
      return ledgerPage('/transactions', params, cursor, createdFrom ? { param: 'created[gte]', field: 'created', from: createdFrom } : undefined);
    },
    transactionsUpdatedSince(cursor, since) {
      return ledgerPage('/transactions', new URLSearchParams({ limit: String(PAGE_SIZE) }), cursor, { param: 'updated[gte]', field: 'updated', from: since });
    },
    async invoice(id) {
      return (await get(`/v2/invoices/${encodeURIComponent(id)}`, new URLSearchParams(), pacers.invoice, true)).body;
    },
    refunds(cursor) {
      return ledgerPage('/refunds', new URLSearchParams({ limit: String(PAGE_SIZE) }), cursor);
    },
  };
}
