// The seam the Postgres target plugs its production-side findings into: a registered source's
// findings appear in their queue after a recompute, are resolved like any other, and a
// resolution of one that disappears is flagged stale.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededWorkspace } from '../testing/seeded-workspace.ts';
import { ok, recompute } from '../testing/reconcile.ts';
import { registerFindingSource, type ExternalFinding } from './finding-sources.ts';

test('a registered finding source feeds a queue; its findings resolve, and vanish with the source', async () => {
  const ws = await seededWorkspace({ scale: 0.05 });
  const finding: ExternalFinding = {
    id: 'production-only:transactions:42',
    queue: 'quarantined',
    severity: 'error',
    rule: 'a production row no source backs',
    summary: 'transactions row 42 is in production and in no source',
    proposal: 'Keep it (copied from production).',
    personId: null,
    email: null,
    product: null,
    month: null,
    amountMinor: 130_000,
    records: ['p:transactions:42'],
    detail: { table: 'transactions' },
    fingerprint: 'row-42-v1',
  };
  const unregister = registerFindingSource({ name: 'test production', findings: () => [finding] });
  try {
    await recompute(ws.engine);
    const list = async () => (await ok(ws.engine, 'reconcile-findings', { filters: [{ column: 'queue', op: 'eq', value: 'quarantined' }] })).rows;
    assert.deepEqual((await list()).map((f) => [f.id, f.status]), [[finding.id, 'open']]);
    await ok(ws.engine, 'reconcile-decide', { decisions: [{ kind: 'resolve', finding: finding.id, value: 'approve' }] });
    assert.equal((await list())[0]!.status, 'approved');
    await ok(ws.engine, 'reconcile-undo', {});
    assert.equal((await list())[0]!.status, 'open');
    await ok(ws.engine, 'reconcile-redo', {});
    unregister();
    await recompute(ws.engine);
    assert.deepEqual(await list(), []);
    const log = (await ok(ws.engine, 'reconcile-decisions', { limit: 10 })).rows;
    assert.equal(log[0]!.state, 'stale');
    assert.match(log[0]!.staleReason!, /no longer applies/);
  } finally {
    unregister();
    await ws.close();
  }
});
