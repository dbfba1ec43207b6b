// Xendit's list endpoints, as page fetchers. Basic auth with the secret key as user name.
import { CutoverError } from '../../../../shared/api/errors.ts';
import { XenditRefundsPage, XenditTransactionsPage } from '../../../../shared/sources/xendit.ts';
import { getJson, type RequestOptions } from '../http/request.ts';
import { Pacer, XENDIT_HEADERS } from '../http/pacer.ts';
import type { DateWindow } from '../pull/crawl-state.ts';

export const PAGE_SIZE = 100;

export interface Page {
  records: unknown[];
  /** The cursor for the next page, or null when this was the last. */
  next: string | null;
}

export interface XenditClient {
  invoices(cursor: string | null, window?: DateWindow): Promise<Page & { full: boolean }>;
  transactions(cursor: string | null, createdFrom?: string): Promise<Page>;
  /** Ledger rows updated at or after `since` (settlements, voids, reversals). */
  transactionsUpdatedSince(cursor: string | null, since: string): Promise<Page>;
  /** One invoice, or null when Xendit has no invoice with that id. */
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
  timeoutMs?: number;
}): XenditClient {
  const auth = `Basic ${Buffer.from(`${opts.secretKey}:`).toString('base64')}`;
  const pacers = opts.pacers ?? xenditPacers();
  const transactionPage = async (params: URLSearchParams): Promise<Page> => {
    const page = XenditTransactionsPage.safeParse(await get('/transactions', params, pacers.transactions));
    if (!page.success) throw new CutoverError('SOURCE_FAILED', 'Xendit answered /transactions with an unexpected shape.');
    return { records: page.data.data, next: page.data.has_more ? lastId(page.data.data) : null };
  };
  const get = async (path: string, params: URLSearchParams, pacer: Pacer, allowNotFound = false) => {
    const { status, body } = await getJson(`${opts.baseUrl}${path}?${params}`, {
      allowNotFound,
      source: 'Xendit',
      headers: { Authorization: auth },
      pacer,
      signal: opts.signal,
      onRetry: opts.onRetry,
      timeoutMs: opts.timeoutMs,
      describeError: (status, b) => {
        const e = b as { error_code?: string; message?: string } | null;
        return e?.error_code ? `${e.error_code}: ${e.message ?? ''}` : `HTTP ${status}`;
      },
    });
    return status === 404 ? null : body;
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
      const body = await get('/v2/invoices', params, pacers.invoices);
      if (!Array.isArray(body)) throw new CutoverError('SOURCE_FAILED', 'Xendit answered /v2/invoices with something other than a list of invoices.');
      const full = body.length >= PAGE_SIZE;
      return { records: body, full, next: full ? lastId(body) : null };
    },
    transactions(cursor, createdFrom) {
      const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (cursor) params.set('after_id', cursor);
      if (createdFrom) params.set('created[gte]', createdFrom);
      return transactionPage(params);
    },
    transactionsUpdatedSince(cursor, since) {
      const params = new URLSearchParams({ limit: String(PAGE_SIZE), 'updated[gte]': since });
      if (cursor) params.set('after_id', cursor);
      return transactionPage(params);
    },
    invoice(id) {
      return get(`/v2/invoices/${encodeURIComponent(id)}`, new URLSearchParams(), pacers.invoice, true);
    },
    async refunds(cursor) {
      const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (cursor) params.set('after_id', cursor);
      const page = XenditRefundsPage.safeParse(await get('/refunds', params, pacers.refunds));
      if (!page.success) throw new CutoverError('SOURCE_FAILED', 'Xendit answered /refunds with an unexpected shape.');
      return { records: page.data.data, next: page.data.has_more ? lastId(page.data.data) : null };
    },
  };
}

/**
 * The cursor for the next page: the last id on this page that can be read. A malformed record
 * without an id can sit last; paging from the one before it re-reads at most that record.
 */
export function lastId(records: readonly unknown[]): string | null {
  for (let i = records.length - 1; i >= 0; i--) {
    const id = (records[i] as { id?: unknown } | null)?.id;
    if (typeof id === 'string' && id.length > 0) return id;
  }
  throw new CutoverError('SOURCE_FAILED', 'Xendit sent a full page in which no record has an id; cannot page further.');
}
