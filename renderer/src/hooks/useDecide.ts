// Recording decisions from any screen: one action per call (all or nothing, 1,000 at most), its
// outcome announced to screen readers, a failure sent to the error banner. Undo and redo too.
import { useCallback } from 'react';
import type { DecisionInput } from '../../../shared/api/reconcile.ts';
import { useApi } from './useApi.ts';
import { useErrors } from './useErrors.ts';
import { announce } from '../components/Announcer.tsx';

const MAX = 1000;

export function useDecide(): (decisions: DecisionInput[], what: string) => Promise<boolean> {
  const api = useApi();
  const { report } = useErrors();
  return useCallback(
    async (decisions, what) => {
      try {
        for (let i = 0; i < decisions.length; i += MAX) await api.call('reconcile-decide', { decisions: decisions.slice(i, i + MAX) });
        announce(`Recorded: ${what}.`);
        return true;
      } catch (err) {
        report(err, what);
        return false;
      }
    },
    [api, report],
  );
}

export function useUndoRedo(): { undo(): Promise<void>; redo(): Promise<void> } {
  const api = useApi();
  const { report } = useErrors();
  const run = useCallback(
    async (which: 'reconcile-undo' | 'reconcile-redo') => {
      try {
        const out = await api.call(which, {});
        announce(out.actionId ? `${which === 'reconcile-undo' ? 'Undone' : 'Redone'}: ${out.decisions.length} decision${out.decisions.length === 1 ? '' : 's'}.` : `Nothing to ${which === 'reconcile-undo' ? 'undo' : 'redo'}.`);
      } catch (err) {
        report(err, which === 'reconcile-undo' ? 'Undo' : 'Redo');
      }
    },
    [api, report],
  );
  return { undo: useCallback(() => run('reconcile-undo'), [run]), redo: useCallback(() => run('reconcile-redo'), [run]) };
}
