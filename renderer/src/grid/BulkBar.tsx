// What a reviewer can do to the selected rows at once. Each action turns the rows into decisions
// (approve, reject, mark test, exclude, set product, merge, decline); the engine records them
// as one action, all or nothing, in calls of at most 1,000.
import { useState } from 'react';
import type { DecisionInput } from '../../../shared/api/reconcile.ts';

export type Decide = (decisions: DecisionInput[], what: string) => Promise<boolean>;

export interface BulkAction<R> {
  id: string;
  label: string;
  /** For actions that need a value (set product): the choices. */
  choices?: readonly { value: string; label: string }[];
  run(rows: R[], value?: string): DecisionInput[];
}

export function BulkBar<R>({ count, actions, rows, onDecide, onClear }: { count: number; actions: readonly BulkAction<R>[]; rows(): R[]; onDecide?: Decide; onClear(): void }) {
  const [choice, setChoice] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const act = async (a: BulkAction<R>) => {
    const decisions = a.run(rows(), choice[a.id] ?? a.choices?.[0]?.value);
    if (!decisions.length || !onDecide) return;
    setBusy(true);
    try {
      if (await onDecide(decisions, `${a.label}: ${count} row${count === 1 ? '' : 's'}`)) onClear();
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="bulk-bar" role="region" aria-label="Selected rows" data-testid="bulk-bar">
      <strong data-testid="bulk-count">{count} selected</strong>
      {actions.map((a) => (
        <span key={a.id} className="bulk-action">
          {a.choices && (
            <select aria-label={`${a.label}: value`} value={choice[a.id] ?? a.choices[0]?.value ?? ''} onChange={(e) => setChoice((c) => ({ ...c, [a.id]: e.target.value }))} data-testid={`bulk-${a.id}-value`}>
              {a.choices.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
          )}
          <button type="button" className="secondary small" disabled={busy} onClick={() => void act(a)} data-testid={`bulk-${a.id}`}>
            {a.label}
          </button>
        </span>
      ))}
      <button type="button" className="link small" onClick={onClear} data-testid="bulk-clear">
        Clear selection
      </button>
    </div>
  );
}
