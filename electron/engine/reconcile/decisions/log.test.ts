import assert from 'node:assert/strict';
import { test } from 'node:test';
import { logState, replayActions, type ActionEntry, type LoggedDecision } from './log.ts';

const act = (seq: number, id: string, kind: ActionEntry['kind'] = 'decide', refAction: string | null = null): ActionEntry => ({ seq, id, kind, refAction });

test('undo and redo replay as two stacks; a new action clears what could be redone', () => {
  let s = replayActions([act(1, 'a'), act(2, 'b')]);
  assert.deepEqual([s.undoTarget, s.redoTarget, [...s.undone]], ['b', null, []]);
  s = replayActions([act(1, 'a'), act(2, 'b'), act(3, 'u1', 'undo', 'b'), act(4, 'u2', 'undo', 'a')]);
  assert.deepEqual([s.undoTarget, s.redoTarget, [...s.undone].sort()], [null, 'a', ['a', 'b']]);
  s = replayActions([act(1, 'a'), act(2, 'b'), act(3, 'u1', 'undo', 'b'), act(4, 'r1', 'redo', 'b')]);
  assert.deepEqual([s.undoTarget, s.redoTarget, [...s.undone]], ['b', null, []]);
  s = replayActions([act(1, 'a'), act(2, 'b'), act(3, 'u1', 'undo', 'b'), act(4, 'c')]);
  assert.deepEqual([s.undoTarget, s.redoTarget, [...s.undone]], ['c', null, ['b']], 'b stays undone and can no longer be redone');
});

test('of two active decisions on one target the later is in force; an undone one gives way to the one before', () => {
  const d = (seq: number, id: string, actionId: string, after: unknown): LoggedDecision => ({
    seq, id, actionId, kind: 'resolve', targetKey: 'finding:x', target: { finding: 'x' }, before: null, after, reason: '', reviewer: 'r', decidedAt: '2026-01-01T00:00:00.000Z', origin: 'local',
  });
  const decisions = [d(1, 'd1', 'a', 'approve'), d(2, 'd2', 'b', 'reject')];
  let s = logState([act(1, 'a'), act(2, 'b')], decisions);
  assert.equal(s.effective.get('finding:x')!.id, 'd2');
  assert.deepEqual(Object.fromEntries(s.states), { d1: 'superseded', d2: 'active' });
  s = logState([act(1, 'a'), act(2, 'b'), act(3, 'u', 'undo', 'b')], decisions);
  assert.equal(s.effective.get('finding:x')!.id, 'd1');
  assert.deepEqual(Object.fromEntries(s.states), { d1: 'active', d2: 'undone' });
});
