// The catalog as workspace data: the defaults from research/platform-facts.md, changed only by
// catalog decisions, and the pure rules that read it (which product an invoice is, its list
// price on a day, which test rule a record hits). The product rules are cached per catalog,
// since a million invoices share a handful of descriptions.
import { Catalog, type CatalogProduct, type MatchRule, type TestRule } from '../../../shared/api/reconcile.ts';

export const DEFAULT_CATALOG: Catalog = Catalog.parse({
  products: [
    {
      key: 'p2p',
      name: 'Papers to Profits course',
      kind: 'course',
      rules: [
        { field: 'description', op: 'equals', pattern: 'Papers to Profits Learning Fee' },
        { field: 'description', op: 'prefix', pattern: 'Papers to Profits Course' },
        { field: 'item', op: 'equals', pattern: 'Papers to Profits Course' },
      ],
      prices: [
        { from: '2000-01-01', amountMinor: 100_000 },
        { from: '2025-06-29', amountMinor: 130_000 },
        { from: '2000-01-01', amountMinor: 80_000, channel: 'manual' },
      ],
      courseId: 'papers-to-profits',
      buyerTag: 'PaidP2P',
      impliedBuyerTags: ['PaidP2P', 'Imported', 'imported'],
      oncePerPerson: true,
      createsAccount: true,
      transactionType: 'P2P',
    },
    {
      key: 'canva',
      name: 'Canva ebook',
      kind: 'ebook',
      rules: [
        { field: 'description', op: 'equals', pattern: 'Canva Ebook' },
        { field: 'description', op: 'equals', pattern: 'My Canva Business Ebook' },
        { field: 'item', op: 'equals', pattern: 'My Canva Business Ebook' },
      ],
      prices: [{ from: '2000-01-01', amountMinor: 4_900 }],
      courseId: null,
      buyerTag: 'PaidCanva',
      impliedBuyerTags: [],
      oncePerPerson: true,
      createsAccount: false,
      transactionType: 'CANVA',
    },
    {
      key: 'store-member',
      name: 'Graceful Homeschooling store',
      kind: 'store',
      rules: [{ field: 'description', op: 'equals', pattern: 'Graceful Homeschooling Store Purchase' }],
      prices: [],
      courseId: null,
      buyerTag: null,
      impliedBuyerTags: [],
      oncePerPerson: false,
      createsAccount: false,
      transactionType: 'SHOP',
    },
    {
      key: 'store-public',
      name: 'Public store',
      kind: 'store',
      rules: [{ field: 'description', op: 'equals', pattern: 'Public Store Purchase' }],
      prices: [],
      courseId: null,
      buyerTag: null,
      impliedBuyerTags: [],
      oncePerPerson: false,
      createsAccount: false,
      transactionType: 'SHOP',
    },
    {
      key: 'other',
      name: 'Other',
      kind: 'other',
      rules: [],
      prices: [],
      courseId: null,
      buyerTag: null,
      impliedBuyerTags: [],
      oncePerPerson: false,
      createsAccount: false,
      transactionType: 'OTHER',
    },
  ],
  fallbackProduct: 'other',
  // The real platform's vocabulary ('completed'); the target issue reads production's own.
  statuses: { PAID: 'completed', SETTLED: 'completed', PENDING: 'pending', EXPIRED: 'expired', REFUNDED: 'refunded', CHARGED_BACK: 'refunded' },
  testRules: [
    ...['test', 'demo', 'trial', 'sample', 'example'].map((p) => ({
      id: `external-id-${p}`,
      applies: 'payment',
      field: 'external_id',
      op: 'prefix',
      pattern: p,
      label: `external_id starts with "${p}"`,
    })),
    { id: 'description-test', applies: 'payment', field: 'description', op: 'contains', pattern: 'test', label: 'description mentions "test"' },
    { id: 'description-trial', applies: 'payment', field: 'description', op: 'contains', pattern: 'trial', label: 'description mentions "trial"' },
    { id: 'metadata-is-test', applies: 'payment', field: 'metadata_is_test', op: 'equals', pattern: 'true', label: 'metadata.isTest is set' },
    { id: 'email-xendit', applies: 'account', field: 'email_domain', op: 'equals', pattern: 'xendit.co', label: 'an @xendit.co address (Xendit staff)' },
    { id: 'email-example', applies: 'account', field: 'email_domain', op: 'equals', pattern: 'example.com', label: 'an @example.com address' },
    { id: 'email-test-token', applies: 'account', field: 'email_local_token', op: 'equals', pattern: 'test', label: 'the address has "test" as a word' },
    { id: 'tag-testtag', applies: 'account', field: 'tag', op: 'equals', pattern: 'TestTag', label: 'tagged TestTag' },
  ],
  leadTags: ['squeeze', 'Canva'],
  suggestionThreshold: 0.8,
});

/** What a catalog decision changes, applied in log order over the defaults. */
export type CatalogChange =
  | { kind: 'catalog-product'; product: string; value: CatalogProduct | null }
  | { kind: 'catalog-status'; status: keyof Catalog['statuses']; value: string }
  | { kind: 'catalog-test-rules'; value: TestRule[] };

export function applyCatalogChange(catalog: Catalog, change: CatalogChange): Catalog {
  const next = structuredClone(catalog);
  switch (change.kind) {
    case 'catalog-product': {
      const at = next.products.findIndex((p) => p.key === change.product);
      if (change.value === null) {
        if (at >= 0) next.products.splice(at, 1);
      } else if (at >= 0) next.products[at] = { ...change.value, key: change.product };
      else next.products.splice(Math.max(0, next.products.length - 1), 0, { ...change.value, key: change.product });
      break;
    }
    case 'catalog-status':
      next.statuses[change.status] = change.value;
      break;
    case 'catalog-test-rules':
      next.testRules = change.value;
      break;
  }
  return next;
}

/** Why a catalog cannot be used, or null. */
export function catalogProblem(catalog: Catalog): string | null {
  const keys = new Set(catalog.products.map((p) => p.key));
  if (keys.size !== catalog.products.length) return 'two products share a key';
  if (!keys.has(catalog.fallbackProduct)) return `the fallback product "${catalog.fallbackProduct}" is not in the catalog`;
  return null;
}

const norm = (s: string) => s.trim().toLowerCase();

function matches(op: MatchRule['op'] | TestRule['op'], value: string, pattern: string): boolean {
  const v = norm(value);
  const p = norm(pattern);
  switch (op) {
    case 'equals':
      return v === p;
    case 'prefix':
      return v.startsWith(p);
    case 'contains':
      return v.includes(p);
    case 'suffix':
      return v.endsWith(p);
  }
}

export interface ProductMatch {
  product: string;
  /** 'description: prefix "…"', 'item: equals "…"', or 'fallback'. */
  rule: string;
}

/** The catalog's rules, compiled with a cache per description. */
export class ProductMatcher {
  private readonly byDescription = new Map<string, ProductMatch | null>();

  constructor(private readonly catalog: Catalog) {}

  private first(field: MatchRule['field'], values: readonly string[]): ProductMatch | null {
    for (const product of this.catalog.products) {
      for (const rule of product.rules) {
        if (rule.field !== field) continue;
        if (values.some((v) => matches(rule.op, v, rule.pattern))) return { product: product.key, rule: `${field} ${rule.op} "${rule.pattern}"` };
      }
    }
    return null;
  }

  byDescriptionOnly(description: string | null): ProductMatch | null {
    const key = description ?? '';
    if (!this.byDescription.has(key)) this.byDescription.set(key, description ? this.first('description', [description]) : null);
    return this.byDescription.get(key) ?? null;
  }

  byItems(itemNames: readonly string[]): ProductMatch | null {
    return itemNames.length ? this.first('item', itemNames) : null;
  }

  match(description: string | null, itemNames: readonly string[]): ProductMatch {
    return this.byDescriptionOnly(description) ?? this.byItems(itemNames) ?? { product: this.catalog.fallbackProduct, rule: 'fallback' };
  }
}

/** The list price of a product for an invoice created on `day` (workspace zone), or null. */
export function listPrice(product: CatalogProduct | undefined, day: string, currency: string, channel: 'xendit' | 'manual' = 'xendit'): number | null {
  if (!product) return null;
  let best: { from: string; amountMinor: number } | null = null;
  for (const p of product.prices) {
    if (p.channel !== channel || p.currency !== currency || p.from > day) continue;
    if (!best || p.from >= best.from) best = p;
  }
  return best ? best.amountMinor : null;
}

export interface TestFacts {
  externalId?: string | null;
  description?: string | null;
  email?: string | null;
  metadataIsTest?: boolean;
  tags?: readonly string[];
}

/** The letter words of an address's local part: "f.test12" → ["f", "test"]. */
export function localWords(email: string): string[] {
  const local = norm(email).split('@')[0] ?? '';
  return local.split(/[^a-z]+/).filter(Boolean);
}

const patterns = new WeakMap<TestRule, string>();
const patternOf = (rule: TestRule) => {
  let p = patterns.get(rule);
  if (p === undefined) patterns.set(rule, (p = norm(rule.pattern)));
  return p;
};

function matchesNormal(op: TestRule['op'], v: string, p: string): boolean {
  return op === 'equals' ? v === p : op === 'prefix' ? v.startsWith(p) : op === 'contains' ? v.includes(p) : v.endsWith(p);
}

/**
 * The first test rule of the given scope the record hits, or null. Each field is normalised once
 * per call, and only if a rule reads it (this runs for every record of the cache).
 */
export function testRuleHit(catalog: Catalog, applies: TestRule['applies'], facts: TestFacts): TestRule | null {
  let email: string | undefined;
  let words: string[] | undefined;
  let tags: string[] | undefined;
  const emailOf = () => (email ??= facts.email ? norm(facts.email) : '');
  for (const rule of catalog.testRules) {
    if (rule.applies !== applies) continue;
    const p = patternOf(rule);
    let hit = false;
    switch (rule.field) {
      case 'external_id':
        hit = !!facts.externalId && matchesNormal(rule.op, norm(facts.externalId), p);
        break;
      case 'description':
        hit = !!facts.description && matchesNormal(rule.op, norm(facts.description), p);
        break;
      case 'email':
        hit = !!emailOf() && matchesNormal(rule.op, emailOf(), p);
        break;
      case 'email_domain': {
        const e = emailOf();
        hit = e.includes('@') && matchesNormal(rule.op, e.slice(e.lastIndexOf('@') + 1), p);
        break;
      }
      case 'email_local_token':
        hit = !!emailOf() && (words ??= localWords(emailOf())).some((w) => matchesNormal(rule.op, w, p));
        break;
      case 'metadata_is_test':
        hit = facts.metadataIsTest === true;
        break;
      case 'tag':
        hit = (tags ??= (facts.tags ?? []).map(norm)).some((t) => matchesNormal(rule.op, t, p));
        break;
    }
    if (hit) return rule;
  }
  return null;
}

/** The lead tag a person is attributed to: the first of the catalog's lead tags they carry. */
export function leadTag(catalog: Catalog, tags: Iterable<string>): string | null {
  const have = new Set(tags);
  return catalog.leadTags.find((t) => have.has(t)) ?? null;
}

/** Carries a tag that says they bought a product without an invoice (a manual payment candidate). */
export function buyerTagged(catalog: Catalog, tags: readonly string[]): boolean {
  return catalog.products.some((p) => p.impliedBuyerTags.some((t) => tags.includes(t)));
}

export function productByKey(catalog: Catalog): Map<string, CatalogProduct> {
  return new Map(catalog.products.map((p) => [p.key, p]));
}
