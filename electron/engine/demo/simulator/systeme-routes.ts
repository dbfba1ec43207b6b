// Systeme.io collection endpoints (research/systemeio.md §2–4): `{items, hasMore}` envelopes,
// keyset paging on the integer id (`startingAfter`), `order` asc|desc (default desc), limit 10..100
// enforced with an API-Platform style 422 (Problem JSON with `violations`).
import type { SystemeContact, SystemeTag } from '../../../../shared/sources/systeme.ts';
import { joinJson, scan, type Entry, type SortedCollection } from './collection.ts';
import { boolParam, dateParam, intParam, type Problem } from './query.ts';
import { JSON_TYPE, PROBLEM_TYPE, jsonResult, systemeError, type RouteResult } from './response.ts';
import type { DataStore } from './store.ts';

// Symfony validator codes: opaque to clients, but real responses carry one per violation.
const INVALID_TYPE = 'ba785a8c-82cb-4283-967c-3cf342181b40';
const NOT_IN_RANGE = '04b91c99-a946-4221-afc5-e65ebac401eb';
const NO_SUCH_CHOICE = '8e179f1b-97aa-4560-a02f-2a8b42e49df7';

interface Violation {
  propertyPath: string;
  message: string;
  code: string;
}

function unprocessable(violations: Violation[]): RouteResult {
  return jsonResult(
    422,
    {
      type: 'https://tools.ietf.org/html/rfc2616#section-10',
      title: 'An error occurred',
      detail: violations.map((v) => `${v.propertyPath}: ${v.message}`).join('\n'),
      violations,
    },
    PROBLEM_TYPE,
  );
}

function typeViolations(problems: Problem[]): Violation[] {
  return problems.map((p) => ({ propertyPath: p.path, message: p.message, code: INVALID_TYPE }));
}

interface Paging {
  limit: number;
  order: 'asc' | 'desc';
  startingAfter: number | null;
}

function pagingParams(q: URLSearchParams, violations: Violation[]): Paging {
  const problems: Problem[] = [];
  const limit = intParam(q, 'limit', problems);
  const startingAfter = intParam(q, 'startingAfter', problems);
  violations.push(...typeViolations(problems));
  if (typeof limit === 'number' && (limit < 10 || limit > 100)) {
    violations.push({
      propertyPath: 'limit',
      message: 'This value should be between 10 and 100.',
      code: NOT_IN_RANGE,
    });
  }
  const orderRaw = (q.get('order') ?? 'desc').toLowerCase();
  if (orderRaw !== 'asc' && orderRaw !== 'desc') {
    violations.push({
      propertyPath: 'order',
      message: 'The value you selected is not a valid choice.',
      code: NO_SUCH_CHOICE,
    });
  }
  return {
    // No documented default; 10 (the minimum) is the conservative choice.
    limit: typeof limit === 'number' ? limit : 10,
    order: orderRaw === 'asc' ? 'asc' : 'desc',
    startingAfter: typeof startingAfter === 'number' ? startingAfter : null,
  };
}

/**
 * Keyset paging by id. The cursor need not exist any more (a contact deleted mid-crawl): the walk
 * simply continues from the first id beyond it, so deletions never break or skip a crawl.
 */
function keysetPage<R>(
  collection: SortedCollection<R>,
  paging: Paging,
  match: ((e: Entry<R>) => boolean) | null,
): RouteResult {
  const cursor = paging.startingAfter;
  let start: number;
  if (paging.order === 'asc') {
    start = cursor === null ? 0 : collection.lowerBound((e) => (e.id as number) <= cursor);
  } else {
    start =
      cursor === null
        ? collection.size - 1
        : collection.lowerBound((e) => (e.id as number) < cursor) - 1;
  }
  const { page, hasMore } = scan(collection.entries, {
    start,
    step: paging.order === 'asc' ? 1 : -1,
    limit: paging.limit,
    match,
  });
  const body = `{"items":[${joinJson(page)}],"hasMore":${hasMore}}`;
  return { status: 200, body, contentType: JSON_TYPE, count: page.length };
}

export function listContacts(store: DataStore, q: URLSearchParams): RouteResult {
  const violations: Violation[] = [];
  const paging = pagingParams(q, violations);
  const problems: Problem[] = [];
  const email = q.get('email');
  const tagIds: number[] = [];
  const tagsRaw = q.get('tags');
  if (tagsRaw !== null && tagsRaw.trim() !== '') {
    for (const part of tagsRaw.split(',')) {
      const trimmed = part.trim();
      if (!/^\d+$/.test(trimmed)) {
        problems.push({ path: 'tags', message: 'tags must be comma-separated tag ids' });
        break;
      }
      tagIds.push(Number(trimmed));
    }
  }
  const after = dateParam(q, 'registeredAfter', problems);
  const before = dateParam(q, 'registeredBefore', problems);
  const flags: Array<['bounced' | 'unsubscribed' | 'needsConfirmation', boolean]> = [];
  for (const name of ['bounced', 'unsubscribed', 'needsConfirmation'] as const) {
    const value = boolParam(q, name, problems);
    if (typeof value === 'boolean') flags.push([name, value]);
  }
  violations.push(...typeViolations(problems));
  if (violations.length > 0) return unprocessable(violations);

  const filtered =
    email !== null || tagIds.length > 0 || typeof after === 'number' || typeof before === 'number' || flags.length > 0;
  const match = filtered
    ? (e: Entry<SystemeContact>) => {
        const c = e.record;
        if (email !== null && c.email !== email) return false;
        if (typeof after === 'number' && e.t < after) return false;
        if (typeof before === 'number' && e.t > before) return false;
        for (const [name, value] of flags) if (c[name] !== value) return false;
        // All of the requested tags must be present (AND), as the API documents.
        for (const id of tagIds) if (!c.tags.some((t) => t.id === id)) return false;
        return true;
      }
    : null;
  return keysetPage(store.contacts, paging, match);
}

export function getContact(store: DataStore, rawId: string): RouteResult {
  const entry = /^\d+$/.test(rawId) ? store.contacts.entry(Number(rawId)) : undefined;
  if (!entry) return systemeError(404, 'Not Found');
  return { status: 200, body: entry.json, contentType: JSON_TYPE, count: 1 };
}

export function listTags(store: DataStore, q: URLSearchParams): RouteResult {
  const violations: Violation[] = [];
  const paging = pagingParams(q, violations);
  if (violations.length > 0) return unprocessable(violations);
  const text = q.get('query')?.trim().toLowerCase() ?? '';
  const match = text
    ? (e: Entry<SystemeTag>) => e.record.name.toLowerCase().includes(text)
    : null;
  return keysetPage(store.tags, paging, match);
}

export function listContactFields(store: DataStore): RouteResult {
  const items = store.contactFields();
  return { ...jsonResult(200, { items, hasMore: false }), count: items.length };
}
