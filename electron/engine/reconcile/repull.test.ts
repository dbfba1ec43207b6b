// Decisions survive a re-pull: the engine replays them by itself when the pull ends; a decision
// whose record changed elsewhere still applies, one whose own field changed at the source is
// flagged stale with the reason (never dropped), and a declined pair stays declined.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isJobOf } from '../../../shared/api/jobs.ts';
import { pullFixture } from '../testing/pull.ts';
import { ok } from '../testing/reconcile.ts';
import type { Engine } from '../engine.ts';

/** The reconcile job the end of a pull queued, once it has run. */
async function replayAfterPull(engine: Engine, pulledAt: string) {
  const jobs = await ok(engine, 'jobs-list', { limit: 50 });
  const replay = jobs.find((j) => j.kind === 'reconcile' && j.queuedAt >= pulledAt);
  assert.ok(replay, 'the end of the pull queued a recompute');
  const done = await engine.context.jobs.wait(replay.id, 600_000);
  assert.ok(isJobOf(done, 'reconcile') && done.state === 'done', `replay ${done.state}`);
  return done;
}

test('a re-pull that changes decided records replays every decision: changed elsewhere it applies, changed under it it is stale with the reason', async () => {
  const f = await pullFixture({ scale: 0.05 });
  try {
    const e = f.engine;
    let at = new Date().toISOString();
    assert.equal((await f.pull('full')).state, 'done');
    await replayAfterPull(e, at);

    const paid = (await ok(e, 'reconcile-payments', { filters: [{ column: 'status', op: 'eq', value: 'PAID' }, { column: 'product', op: 'eq', value: 'canva' }], limit: 3 })).rows;
    const [settles, excluded, edited] = paid as [(typeof paid)[number], (typeof paid)[number], (typeof paid)[number]];
    const pair = (await ok(e, 'reconcile-suggestions', { filters: [{ column: 'likely', op: 'eq', value: true }], limit: 1 })).rows[0]!;
    await ok(e, 'reconcile-decide', {
      decisions: [
        { kind: 'set-product', record: settles.id, value: 'store-member', reason: 'sold at the fair' },
        { kind: 'exclude', record: excluded.id, value: true },
        { kind: 'edit-field', record: edited.id, field: 'email', value: 'fixed.by.review@gmail.com' },
        { kind: 'decline', a: pair.personA, b: pair.personB },
      ],
    });
    const decisions = (await ok(e, 'reconcile-decisions', { limit: 100 })).total!;

    // The source moves on: one invoice settles, another one's payer address is corrected there.
    f.simulator.settleInvoice(settles.invoiceId);
    f.simulator.updateInvoice(edited.invoiceId, { payer_email: 'corrected.at.source@gmail.com' });
    at = new Date().toISOString();
    assert.equal((await f.pull('full')).state, 'done');
    await replayAfterPull(e, at);

    const now = new Map((await ok(e, 'reconcile-payments', { filters: [{ column: 'invoiceId', op: 'in', values: [settles.invoiceId, excluded.invoiceId, edited.invoiceId] }] })).rows.map((p) => [p.invoiceId, p]));
    assert.equal(now.get(settles.invoiceId)!.status, 'SETTLED', 'the record changed');
    assert.equal(now.get(settles.invoiceId)!.product, 'store-member', 'and the decision still applies');
    assert.equal(now.get(excluded.invoiceId)!.inPlan, false);
    assert.equal(now.get(edited.invoiceId)!.email, 'corrected.at.source@gmail.com', 'the source’s new value stands');

    const log = await ok(e, 'reconcile-decisions', { limit: 100 });
    assert.equal(log.total, decisions, 'no decision was dropped');
    const stale = log.rows.filter((d) => d.state === 'stale');
    assert.equal(stale.length, 1);
    assert.equal(stale[0]!.kind, 'edit-field');
    assert.match(stale[0]!.staleReason!, /corrected\.at\.source@gmail\.com/);
    assert.ok(log.rows.filter((d) => d.state === 'active').length === decisions - 1);
    const suggested = (await ok(e, 'reconcile-suggestions', { filters: [{ column: 'personA', op: 'eq', value: pair.personA }] })).rows.some((s) => s.personB === pair.personB);
    assert.equal(suggested, false, 'a declined pair is not suggested again after a re-pull');
  } finally {
    await f.close();
  }
});
