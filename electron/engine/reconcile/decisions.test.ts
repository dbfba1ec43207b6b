// Decisions: each updates only what it touches yet leaves exactly what a full recompute would;
// undo and redo; decision sets between workspaces; conflicts; bad input refused whole.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FindingRow, SuggestionRow } from '../../../shared/api/reconcile.ts';
import { seededWorkspace, type SeededWorkspace } from '../testing/seeded-workspace.ts';
import { derivedState, ok, recompute } from '../testing/reconcile.ts';
import type { Engine } from '../engine.ts';

const SCALE = 0.1;
let ws: SeededWorkspace;

before(async () => {
  ws = await seededWorkspace({ scale: SCALE });
  await ok(ws.engine, 'settings-set', { reviewerName: 'Ana' });
  await recompute(ws.engine);
});
after(() => ws.close());

const planOf = async (engine: Engine) => (await ok(engine, 'reconcile-plan-export', {})).content!;

async function queue(engine: Engine, id: string, limit = 1000): Promise<FindingRow[]> {
  return (await ok(engine, 'reconcile-findings', { filters: [{ column: 'queue', op: 'eq', value: id }], limit })).rows;
}
async function likely(engine: Engine): Promise<SuggestionRow[]> {
  return (await ok(engine, 'reconcile-suggestions', { filters: [{ column: 'likely', op: 'eq', value: true }], limit: 1000 })).rows;
}

const derived = (engine: Engine) => derivedState(engine.context.workspace.db);

test('a sequence of decisions, undos and redos updates incrementally exactly what a full recompute gives', async () => {
  const e = ws.engine;
  const pairs = await likely(e);
  assert.ok(pairs.length >= 4, `${pairs.length} likely pairs`);
  const decide = (decisions: Parameters<typeof ok<'reconcile-decide'>>[2]['decisions']) => ok(e, 'reconcile-decide', { decisions });
  await decide([{ kind: 'merge', a: pairs[0]!.personA, b: pairs[0]!.personB }]);
  await decide([{ kind: 'decline', a: pairs[1]!.personA, b: pairs[1]!.personB, reason: 'different people' }]);
  await decide([{ kind: 'merge', a: pairs[2]!.personA, b: pairs[2]!.personB }, { kind: 'merge', a: pairs[3]!.personA, b: pairs[3]!.personB }]);
  const manual = await queue(e, 'manual-p2p', 20);
  await decide(manual.slice(0, 10).map((f) => ({ kind: 'resolve' as const, finding: f.id, value: 'approve' as const })));
  await decide([{ kind: 'resolve', finding: manual[10]!.id, value: 'reject' }]);
  const dup = (await queue(e, 'duplicate-payments'))[0]!;
  await decide([{ kind: 'resolve', finding: dup.id, value: 'reject' }]);
  const unknown = (await queue(e, 'unknown-product'))[0]!;
  await decide([{ kind: 'set-product', record: unknown.records[0]!, value: 'store-public' }]);
  const invalid = (await queue(e, 'invalid-email'))[0]!;
  await decide([{ kind: 'resolve', finding: invalid.id, value: 'approve' }]);
  const payments = await ok(e, 'reconcile-payments', { filters: [{ column: 'inPlan', op: 'eq', value: true }], limit: 3 });
  await decide([{ kind: 'mark-test', record: payments.rows[0]!.id, value: true }, { kind: 'exclude', record: payments.rows[1]!.id, value: true }]);
  const testAccount = (await queue(e, 'test-account'))[0]!;
  await decide([{ kind: 'resolve', finding: testAccount.id, value: 'reject' }]);
  const people = await ok(e, 'reconcile-people', { filters: [{ column: 'status', op: 'eq', value: 'customer' }], limit: 2 });
  await decide([{ kind: 'edit-field', record: (await ok(e, 'reconcile-person', { id: people.rows[0]!.id })).records[0]!.id, field: 'first_name', value: 'Renamed' }]);
  // Split a record back off a merged person.
  const merged = await ok(e, 'reconcile-person', { id: [pairs[2]!.personA, pairs[2]!.personB].sort()[0]! });
  assert.ok(merged.records.length >= 2);
  await decide([{ kind: 'split', record: merged.records.at(-1)!.id }]);
  assert.ok((await ok(e, 'reconcile-undo', {})).actionId);
  assert.ok((await ok(e, 'reconcile-undo', {})).actionId);
  assert.ok((await ok(e, 'reconcile-redo', {})).actionId);
  // A lead merged into someone and back out is derived person by person again, as a full recompute's one statement would.
  const lead = (await likely(e)).find((s) => s.rule === 'email-number')!;
  await decide([{ kind: 'merge', a: lead.personA, b: lead.personB }]);
  await ok(e, 'reconcile-undo', {});

  const incremental = derived(e);
  const incrementalPlan = await planOf(e);
  await recompute(e);
  assert.equal(derived(e), incremental, 'the derived tables are the full recompute’s, row for row');
  assert.equal(await planOf(e), incrementalPlan, 'and so is the plan, byte for byte');
});

test('undo then redo gives a byte-identical plan export; the log only grows', async () => {
  const e = ws.engine;
  const before = await planOf(e);
  const logBefore = (await ok(e, 'reconcile-decisions', { limit: 1 })).total!;
  const manual = (await queue(e, 'manual-p2p')).filter((f) => f.status === 'open').slice(0, 3);
  const decided = await ok(e, 'reconcile-decide', { decisions: manual.map((f) => ({ kind: 'resolve' as const, finding: f.id, value: 'approve' as const })) });
  assert.ok(decided.touched.people >= 1 && decided.touched.planRows >= 1, 'only the people it touched were derived again');
  const withDecision = await planOf(e);
  assert.notEqual(withDecision, before);
  await ok(e, 'reconcile-undo', {});
  assert.equal(await planOf(e), before);
  await ok(e, 'reconcile-redo', {});
  assert.equal(await planOf(e), withDecision);
  const log = await ok(e, 'reconcile-decisions', { limit: 1000, filters: [{ column: 'actionId', op: 'eq', value: decided.actionId }] });
  assert.equal(log.rows.length, 3);
  assert.ok(log.rows.every((d) => d.state === 'active' && d.reviewer === 'Ana' && d.before !== null));
  assert.equal((await ok(e, 'reconcile-decisions', { limit: 1 })).total, logBefore + 3, 'undo and redo erase nothing');
});

test('decisions exported from one workspace and imported into another with the same data give the same plan', async () => {
  const set = await ok(ws.engine, 'reconcile-decisions-export', {});
  assert.equal(set.format, 'cutover-decisions');
  assert.ok(set.decisions.length > 10);
  const other = await seededWorkspace({ scale: SCALE });
  try {
    await recompute(other.engine);
    const report = await ok(other.engine, 'reconcile-decisions-import', { content: JSON.stringify(set), fileName: 'ana.json' });
    assert.equal(report.imported, set.decisions.length);
    assert.deepEqual(report.conflicts, []);
    assert.equal(await planOf(other.engine), await planOf(ws.engine));
    const again = await ok(other.engine, 'reconcile-decisions-import', { content: JSON.stringify(set) });
    assert.equal(again.imported, 0);
    assert.equal(again.alreadyPresent, set.decisions.length, 'importing twice changes nothing');
  } finally {
    await other.close();
  }
});

test('conflicting imports are reported, not silently merged; taking theirs is explicit', async () => {
  const a = await seededWorkspace({ scale: SCALE });
  const b = await seededWorkspace({ scale: SCALE });
  try {
    await ok(a.engine, 'settings-set', { reviewerName: 'Ana' });
    await ok(b.engine, 'settings-set', { reviewerName: 'Ben' });
    await recompute(a.engine);
    await recompute(b.engine);
    const finding = (await queue(a.engine, 'manual-p2p', 1))[0]!;
    const pair = (await likely(a.engine))[0]!;
    await ok(a.engine, 'reconcile-decide', { decisions: [{ kind: 'resolve', finding: finding.id, value: 'approve' }, { kind: 'merge', a: pair.personA, b: pair.personB }] });
    await ok(b.engine, 'reconcile-decide', { decisions: [{ kind: 'resolve', finding: finding.id, value: 'reject' }, { kind: 'decline', a: pair.personA, b: pair.personB }] });
    const benPlan = await planOf(b.engine);
    const set = await ok(a.engine, 'reconcile-decisions-export', {});
    const report = await ok(b.engine, 'reconcile-decisions-import', { content: JSON.stringify(set) });
    assert.equal(report.imported, 0);
    assert.equal(report.conflicts.length, 2);
    for (const c of report.conflicts) assert.ok(c.ours.reviewer === 'Ben' && c.theirs.reviewer === 'Ana' && c.kept === 'ours');
    assert.equal(await planOf(b.engine), benPlan, "Ben's decisions stand");
    const theirs = await ok(b.engine, 'reconcile-decisions-import', { content: JSON.stringify(set), prefer: 'theirs' });
    assert.equal(theirs.imported, 2);
    assert.equal(await planOf(b.engine), await planOf(a.engine), "taking Ana's gives Ana's plan");
  } finally {
    await a.close();
    await b.close();
  }
});

test('bad input is refused with a clear error, and a refused batch records nothing', async () => {
  const e = ws.engine;
  const count = async () => (await ok(e, 'reconcile-decisions', { limit: 1 })).total;
  const before = await count();
  const plan = await planOf(e);
  const fail = async (input: Parameters<typeof ok<'reconcile-decide'>>[2], code: string, text: RegExp) => {
    const out = await e.call('reconcile-decide', input);
    assert.ok(!out.ok, 'refused');
    assert.equal(out.error.code, code);
    assert.match(out.error.message, text);
  };
  const manual = (await queue(e, 'manual-p2p')).filter((f) => f.status === 'open');
  await fail({ decisions: [{ kind: 'resolve', finding: manual[0]!.id, value: 'approve' }, { kind: 'mark-test', record: 'c:1', value: true }] }, 'NOT_FOUND', /record c:1/);
  await fail({ decisions: [{ kind: 'resolve', finding: 'manual-p2p:p2p:c:1', value: 'approve' }] }, 'NOT_FOUND', /finding manual-p2p:p2p:c:1/);
  const unknown = (await queue(e, 'unknown-product'))[0]!;
  await fail({ decisions: [{ kind: 'set-product', record: unknown.records[0]!, value: 'no-such-product' }] }, 'BAD_INPUT', /Unknown product "no-such-product"/);
  await fail({ decisions: [{ kind: 'resolve', finding: manual[1]!.id, value: 'approve', expect: 'approved' }] }, 'CONFLICT', /Stale decision/);
  await fail({ decisions: [{ kind: 'catalog-product', product: 'other', value: null }] }, 'BAD_INPUT', /fallback product/);
  assert.equal(await count(), before, 'nothing of a refused batch is recorded');
  assert.equal(await planOf(e), plan);

  const badFile = async (content: string, text: RegExp) => {
    const out = await e.call('reconcile-decisions-import', { content });
    assert.ok(!out.ok && out.error.code === 'BAD_INPUT', 'refused');
    assert.match(out.error.message, text);
  };
  await badFile('not json', /not JSON/);
  await badFile(JSON.stringify({ format: 'something-else' }), /not a decision file/);
  await badFile(JSON.stringify({ format: 'cutover-decisions', version: 9, decisions: [] }), /version 9/);
  const set = await ok(e, 'reconcile-decisions-export', {});
  await badFile(JSON.stringify({ ...set, decisions: [{ ...set.decisions[0]!, kind: 'merge', target: { a: 1 } }] }), /cannot read/);
  assert.equal(await count(), before);
});

test('two e-mails only a fuzzy key links stay two people until a decision merges them; a declined pair is never suggested again', async () => {
  const e = ws.engine;
  const pair = (await likely(e)).find((s) => s.rule === 'email-number' || s.rule === 'subaddress')!;
  assert.ok(pair, 'a fuzzy pair');
  assert.notEqual(pair.personA, pair.personB);
  assert.equal((await ok(e, 'reconcile-person', { id: pair.personA })).records.some((r) => pair.recordsB.includes(r.id)), false, 'two people');
  await ok(e, 'reconcile-decide', { decisions: [{ kind: 'decline', a: pair.personA, b: pair.personB }] });
  const suggested = async () => (await ok(e, 'reconcile-suggestions', { filters: [{ column: 'personA', op: 'eq', value: pair.personA }], limit: 100 })).rows.some((s) => s.personB === pair.personB);
  assert.equal(await suggested(), false);
  await recompute(e);
  assert.equal(await suggested(), false, 'not after a full recompute either');
  await ok(e, 'reconcile-decide', { decisions: [{ kind: 'merge', a: pair.personA, b: pair.personB, reason: 'same person after all' }] });
  const merged = await ok(e, 'reconcile-person', { id: [pair.personA, pair.personB].sort()[0]! });
  assert.deepEqual(merged.records.map((r) => r.id).sort(), [...pair.recordsA, ...pair.recordsB].sort());
  assert.ok(merged.decisions.some((d) => d.kind === 'merge' && d.reason === 'same person after all'));
});

test('editing the catalog is a decision: a price change re-prices the check, undo restores it', async () => {
  const e = ws.engine;
  const catalog = await ok(e, 'reconcile-catalog', {});
  const canva = catalog.products.find((p) => p.key === 'canva')!;
  const offBefore = (await queue(e, 'off-price')).length;
  const plan = await planOf(e);
  const out = await ok(e, 'reconcile-decide', { decisions: [{ kind: 'catalog-product', product: 'canva', value: { ...canva, prices: [{ from: '2000-01-01', amountMinor: 5_000, currency: 'PHP', channel: 'xendit' }] }, reason: 'Canva is ₱50' }] });
  assert.ok(out.recomputeJobId, 'a catalog edit recomputes everything, as a job');
  await e.context.jobs.wait(out.recomputeJobId, 600_000);
  assert.ok((await queue(e, 'off-price')).length > offBefore + 10, 'every ₱49 sale is now off the price list');
  assert.equal((await ok(e, 'reconcile-catalog', {})).products.find((p) => p.key === 'canva')!.prices[0]!.amountMinor, 5_000);
  await ok(e, 'reconcile-decide', { decisions: [{ kind: 'catalog-status', status: 'SETTLED', value: 'settled' }] });
  const statuses = (await ok(e, 'reconcile-totals', { of: 'plan' })).map((t) => t.status);
  assert.ok(statuses.includes('settled') && statuses.includes('completed'), 'the target vocabulary is data');
  await ok(e, 'reconcile-undo', {});
  const undo = await ok(e, 'reconcile-undo', {});
  if (undo.recomputeJobId) await e.context.jobs.wait(undo.recomputeJobId, 600_000);
  assert.equal((await queue(e, 'off-price')).length, offBefore);
  assert.equal(await planOf(e), plan);
});
