// The sign-off: refused while findings block or when the plan shown is not the plan; valid until
// a later decision (or undo) or a re-pull, and the status says which; withdrawn on request.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { seededWorkspace, type SeededWorkspace } from '../testing/seeded-workspace.ts';
import { ok, recompute } from '../testing/reconcile.ts';

let ws: SeededWorkspace;
before(async () => {
  ws = await seededWorkspace({ scale: 0.1 });
  await ok(ws.engine, 'settings-set', { reviewerName: 'Ana' });
  await recompute(ws.engine);
});
after(() => ws.close());

const sha = async () => (await ok(ws.engine, 'reconcile-plan-export', { content: false })).sha256;

test('a sign-off is refused while findings block, holds until a later decision, and says what invalidated it', async () => {
  const e = ws.engine;
  const before = await ok(e, 'approval-status', {});
  assert.equal(before.approval, null);
  assert.match(before.cannotSign ?? '', /block/);
  const refused = await e.call('approval-sign', { planSha256: await sha() });
  assert.equal(refused.ok, false);
  assert.equal(!refused.ok && refused.error.code, 'CONFLICT');

  // Decide every blocking finding.
  const blocking = await ok(e, 'reconcile-findings', { filters: [{ column: 'severity', op: 'eq', value: 'error' }, { column: 'status', op: 'eq', value: 'open' }], limit: 1000 });
  assert.ok(blocking.rows.length > 0);
  await ok(e, 'reconcile-decide', { decisions: blocking.rows.map((f) => ({ kind: 'resolve' as const, finding: f.id, value: 'approve' as const })) });

  // The plan shown must be the plan signed.
  const stale = await e.call('approval-sign', { planSha256: '0'.repeat(64) });
  assert.equal(!stale.ok && stale.error.code, 'CONFLICT');

  const signed = await ok(e, 'approval-sign', { note: 'looks right', planSha256: await sha() });
  assert.equal(signed.valid, true);
  assert.equal(signed.approval?.reviewer, 'Ana');
  assert.equal(signed.approval?.planSha256, await sha());
  assert.ok((signed.approval?.planRows ?? 0) > 0);

  // A later decision invalidates it.
  const other = await ok(e, 'reconcile-findings', { filters: [{ column: 'status', op: 'eq', value: 'open' }], limit: 1 });
  await ok(e, 'reconcile-decide', { decisions: [{ kind: 'resolve', finding: other.rows[0]!.id, value: 'reject' }] });
  const after = await ok(e, 'approval-status', {});
  assert.equal(after.valid, false);
  assert.equal(after.invalidatedBy?.kind, 'decision');
  assert.match(after.invalidatedBy?.detail ?? '', /decision by Ana came after the sign-off/);

  // Signed again, then an undo invalidates it too; a withdrawal is reported as such.
  await ok(e, 'approval-sign', { planSha256: await sha() });
  assert.equal((await ok(e, 'approval-status', {})).valid, true);
  await ok(e, 'reconcile-undo', {});
  assert.match((await ok(e, 'approval-status', {})).invalidatedBy?.detail ?? '', /undo/);
  await ok(e, 'approval-sign', { planSha256: await sha() });
  const withdrawn = await ok(e, 'approval-revoke', { reason: 'wrong month' });
  assert.equal(withdrawn.valid, false);
  assert.equal(withdrawn.invalidatedBy?.kind, 'revoked');
});

test('a pull or CSV import after the sign-off invalidates it as a re-pull', async () => {
  const e = ws.engine;
  await ok(e, 'approval-sign', { planSha256: await sha() });
  assert.equal((await ok(e, 'approval-status', {})).valid, true);
  // A job row of a pull started after the sign-off (what a re-pull leaves), without the network.
  const at = new Date(Date.now() + 1000).toISOString();
  e.context.workspace.db
    .prepare("INSERT INTO jobs (id, kind, label, state, started_at, queued_at, finished_at, progress, parts) VALUES ('repull', 'pull', 'Pull', 'done', ?, ?, ?, '{}', '{}')")
    .run(at, at, at);
  const now = await ok(e, 'approval-status', {});
  assert.equal(now.valid, false);
  assert.equal(now.invalidatedBy?.kind, 'repull');
});
