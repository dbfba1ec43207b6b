import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyCatalogChange, catalogProblem, DEFAULT_CATALOG, listPrice, ProductMatcher, testRuleHit } from './catalog.ts';

const p2p = DEFAULT_CATALOG.products.find((p) => p.key === 'p2p')!;

test('products are recognised by description, then by item, else fall back', () => {
  const m = new ProductMatcher(DEFAULT_CATALOG);
  assert.equal(m.match('Papers to Profits Learning Fee', []).product, 'p2p');
  assert.equal(m.match('  papers to profits course - monthly plan', []).product, 'p2p');
  assert.equal(m.match('My Canva Business Ebook', []).product, 'canva');
  assert.equal(m.match('Public Store Purchase', []).product, 'store-public');
  assert.equal(m.match('Checkout', ['My Canva Business Ebook']).product, 'canva');
  assert.deepEqual(m.match('Love Gift / Donation', []), { product: 'other', rule: 'fallback' });
});

test('the P2P price rose from ₱1,000 to ₱1,300 on 2025-06-29; the manual price is ₱800', () => {
  assert.equal(listPrice(p2p, '2025-06-28', 'PHP'), 100_000);
  assert.equal(listPrice(p2p, '2025-06-29', 'PHP'), 130_000);
  assert.equal(listPrice(p2p, '2025-06-29', 'PHP', 'manual'), 80_000);
  assert.equal(listPrice(p2p, '2025-06-29', 'USD'), null);
});

test('test rules: payments by external id, description and metadata; accounts by address and tag', () => {
  const payment = (facts: Parameters<typeof testRuleHit>[2]) => testRuleHit(DEFAULT_CATALOG, 'payment', facts)?.id ?? null;
  const account = (facts: Parameters<typeof testRuleHit>[2]) => testRuleHit(DEFAULT_CATALOG, 'account', facts)?.id ?? null;
  assert.equal(payment({ externalId: 'demo-p2p-1', description: 'Papers to Profits Learning Fee' }), 'external-id-demo');
  assert.equal(payment({ externalId: 'gh_p2p_1', description: 'TEST invoice' }), 'description-test');
  assert.equal(payment({ externalId: 'gh_p2p_1', metadataIsTest: true }), 'metadata-is-test');
  assert.equal(payment({ externalId: 'gh_p2p_1', description: 'Papers to Profits Learning Fee' }), null);
  assert.equal(account({ email: 'ana.reyes@xendit.co' }), 'email-xendit');
  assert.equal(account({ email: 'maria.test42@gmail.com' }), 'email-test-token');
  assert.equal(account({ email: 'contest.winner@gmail.com' }), null, '"test" inside a word is not the word');
  assert.equal(account({ email: 'ana@gmail.com', tags: ['squeeze', 'TestTag'] }), 'tag-testtag');
});

test('catalog edits replace, add and remove products; a catalog without its fallback product is refused', () => {
  const priced = applyCatalogChange(DEFAULT_CATALOG, { kind: 'catalog-product', product: 'canva', value: { ...DEFAULT_CATALOG.products[1]!, prices: [{ from: '2000-01-01', amountMinor: 5_000, currency: 'PHP', channel: 'xendit' }] } });
  assert.equal(listPrice(priced.products.find((p) => p.key === 'canva'), '2025-01-01', 'PHP'), 5_000);
  assert.equal(listPrice(DEFAULT_CATALOG.products.find((p) => p.key === 'canva'), '2025-01-01', 'PHP'), 4_900, 'the defaults are untouched');
  const removed = applyCatalogChange(DEFAULT_CATALOG, { kind: 'catalog-product', product: 'other', value: null });
  assert.match(catalogProblem(removed)!, /fallback/);
  assert.equal(catalogProblem(DEFAULT_CATALOG), null);
});
