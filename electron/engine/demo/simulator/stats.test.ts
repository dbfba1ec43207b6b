import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator } from './index.ts';
import { basic, fixtureDataset, invoiceId } from './test-fixtures.ts';

test('stats: requests per endpoint and status, a log of served pages, reset', async () => {
  const sim = await startSimulator({ dataset: fixtureDataset({ invoices: 25, contacts: 25 }), rateLimits: false });
  const x = basic(sim.keys.xendit);
  const s = { 'X-API-Key': sim.keys.systeme };
  const get = async (path: string, headers: Record<string, string>) => {
    const res = await fetch(`${sim.url}${path}`, { headers });
    await res.arrayBuffer();
    return res.status;
  };
  try {
    await get('/v2/invoices?limit=10', x);
    await get(`/v2/invoices?limit=10&last_invoice=${invoiceId(16)}`, x);
    await get(`/v2/invoices?limit=10&last_invoice_id=${invoiceId(16)}`, x); // the same page again
    await get(`/v2/invoices?limit=10&last_invoice=${invoiceId(6)}`, x);
    await get('/api/contacts?limit=10', s);
    await get('/api/contacts?limit=10&startingAfter=48', s);
    await get('/api/contacts?limit=5', s); // 422
    await get('/api/contacts', {}); // 401
    await get('/nowhere', {}); // 404

    const stats = sim.stats();
    assert.equal(stats.total, 9);
    assert.deepEqual(stats.byEndpoint, { '/v2/invoices': 4, '/api/contacts': 4, unknown: 1 });
    assert.deepEqual(stats.byStatus, { '200': 6, '422': 1, '401': 1, '404': 1 });
    assert.equal(stats.pages.length, 8);
    assert.deepEqual(stats.pages[0], { endpoint: '/v2/invoices', cursor: null, query: 'limit=10', count: 10, status: 200, fault: null });
    assert.equal(stats.pages[3]?.count, 5);

    // How often was each page fetched? (Both cursor names count as the same cursor.)
    const fetches = new Map<string, number>();
    for (const p of stats.pages) {
      const key = `${p.endpoint} ${p.cursor ?? ''}`;
      fetches.set(key, (fetches.get(key) ?? 0) + 1);
    }
    assert.equal(fetches.get(`/v2/invoices ${invoiceId(16)}`), 2);
    assert.equal(fetches.get('/api/contacts 48'), 1);
    assert.deepEqual(stats.pages.slice(4).map((p) => p.status), [200, 200, 422, 401]);

    // stats() is a copy.
    stats.pages.length = 0;
    assert.equal(sim.stats().pages.length, 8);

    sim.resetStats();
    assert.deepEqual(sim.stats(), { total: 0, byEndpoint: {}, byStatus: {}, pages: [] });
    await get('/api/tags', s);
    assert.equal(sim.stats().total, 1);
  } finally {
    await sim.close();
  }
});
