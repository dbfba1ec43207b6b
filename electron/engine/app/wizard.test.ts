import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cutoverSteps, type CutoverFacts } from './wizard.ts';

const PUSHED = '2025-07-01T10:00:00.000Z';
const none: CutoverFacts = { running: null, plan: null, last: null };
const planned = (at: string, runnable = true): CutoverFacts['plan'] => ({ at, direction: 'cutover', runnable, refusals: runnable ? 0 : 2 });
const states = (c: CutoverFacts, pushAt: string | null = PUSHED) => cutoverSteps(c, pushAt).map((s) => s.state);

test('before a push nothing of the cutover can start; after it the plan is next', () => {
  assert.deepEqual(states(none, null), ['blocked', 'blocked', 'blocked']);
  assert.deepEqual(states(none), ['todo', 'blocked', 'blocked']);
  assert.deepEqual(states({ ...none, running: 'cutover-plan' }), ['running', 'blocked', 'blocked']);
});

test('a runnable plan made after the push opens the cutover; a refused or older one does not', () => {
  assert.deepEqual(states({ ...none, plan: planned('2025-07-01T11:00:00.000Z') }), ['done', 'todo', 'blocked']);
  const refused = cutoverSteps({ ...none, plan: planned('2025-07-01T11:00:00.000Z', false) }, PUSHED);
  assert.deepEqual(refused.map((s) => s.state), ['todo', 'blocked', 'blocked']);
  assert.match(refused[0]!.summary, /refused \(2 objects/);
  // A plan from before the latest push describes staging as it was: plan again.
  assert.deepEqual(states({ ...none, plan: planned('2025-07-01T09:00:00.000Z') }), ['todo', 'blocked', 'blocked']);
});

test('after a cutover every step is done and says so; a rollback runs in Verify and leaves the plan to make again', () => {
  const cut: CutoverFacts = { running: null, plan: planned('2025-07-01T11:00:00.000Z'), last: { at: '2025-07-01T12:00:00.000Z', direction: 'cutover', historyId: 1, lockHoldMs: 42.4 } };
  const steps = cutoverSteps(cut, PUSHED);
  assert.deepEqual(steps.map((s) => s.state), ['done', 'done', 'done']);
  assert.match(steps[1]!.summary, /locked for 42 ms/);
  assert.deepEqual(states({ ...cut, running: 'rollback' }), ['done', 'done', 'running']);
  const back = cutoverSteps({ ...cut, last: { at: '2025-07-01T13:00:00.000Z', direction: 'rollback', historyId: 2, lockHoldMs: 30 } }, PUSHED);
  assert.deepEqual(back.map((s) => s.state), ['todo', 'blocked', 'done']);
  assert.match(back[0]!.summary, /Rolled back: plan again/);
  assert.match(back[2]!.summary, /Rolled back: production has its tables back/);
  assert.match(back[2]!.facts[0]!.value, /2025-07-01T13:00:00.000Z: rollback \(history #2/);
});
