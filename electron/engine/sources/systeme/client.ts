// Systeme.io's collections, as page fetchers. One rate-limit bucket per account: every client
// of one account shares one pacer.
import { CutoverError } from '../../../../shared/api/errors.ts';
import { SystemePage } from '../../../../shared/sources/systeme.ts';
import { getJson, type RequestOptions } from '../http/request.ts';
import { Pacer, SYSTEME_HEADERS } from '../http/pacer.ts';
import { lastId, PAGE_SIZE, type Page } from '../page.ts';

export interface SystemeClient {
  contacts(cursor: string | null, registeredAfter?: string): Promise<Page>;
  tags(cursor: string | null): Promise<Page>;
}

export function systemePacer(): Pacer {
  return new Pacer(SYSTEME_HEADERS);
}

export function systemeClient(opts: {
  baseUrl: string;
  apiKey: string;
  signal: AbortSignal;
  pacer?: Pacer;
  onRetry?: RequestOptions['onRetry'];
  onWait?: RequestOptions['onWait'];
  timeoutMs?: number;
}): SystemeClient {
  const pacer = opts.pacer ?? systemePacer();
  const page = async (path: string, params: URLSearchParams, cursor: string | null): Promise<Page> => {
    const { body, text } = await getJson(`${opts.baseUrl}${path}?${params}`, {
      source: 'Systeme.io',
      headers: { 'X-API-Key': opts.apiKey },
      pacer,
      signal: opts.signal,
      onRetry: opts.onRetry,
      onWait: opts.onWait,
      timeoutMs: opts.timeoutMs,
      describeError: (status, b) => {
        const e = b as { detail?: string; title?: string } | null;
        return e?.detail ?? e?.title ?? `HTTP ${status}`;
      },
    });
    const parsed = SystemePage.safeParse(body);
    if (!parsed.success) throw new CutoverError('SOURCE_FAILED', `Systeme.io answered ${path} with an unexpected shape.`);
    const { items, hasMore } = parsed.data;
    if (hasMore && items.length === 0) throw new CutoverError('SOURCE_FAILED', `Systeme.io sent an empty page that claims more follow (${path}); stopping rather than looping.`);
    const next = hasMore ? lastId(items, 'Systeme.io') : null;
    if (next !== null && next === cursor) throw new CutoverError('SOURCE_FAILED', `Systeme.io returned the same page twice (${path}); stopping rather than looping.`);
    return { records: items, next, body: { text, key: 'items' } };
  };
  return {
    contacts(cursor, registeredAfter) {
      const params = new URLSearchParams({ limit: String(PAGE_SIZE), order: 'desc' });
      if (cursor) params.set('startingAfter', cursor);
      if (registeredAfter) params.set('registeredAfter', registeredAfter);
      return page('/api/contacts', params, cursor);
    },
    tags(cursor) {
      const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (cursor) params.set('startingAfter', cursor);
      return page('/api/tags', params, cursor);
    },
  };
}
