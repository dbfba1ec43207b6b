// Duplicate review, as dedupe asks it: the two people of a suggested merge side by side with
// each field's score and the rule; y merges, n keeps them apart (never suggested again), u
// leaves it unsure and moves on, p goes back to the previous pair.
import { useEffect, useMemo, useState } from 'react';
import type { SuggestionRow } from '../../../shared/api/reconcile.ts';
import { useDecide } from '../hooks/useDecide.ts';
import { useWindowedRows } from '../hooks/useQuery.ts';
import { routeHref } from '../hooks/useRoute.ts';
import { ScoreTable } from './ReviewPage.tsx';
import { formatNumber } from '../format.ts';

const REQUEST = { filters: [], sort: [{ column: 'score', dir: 'desc' as const }] };

export function DuplicatesPage() {
  const rows = useWindowedRows('reconcile-suggestions', REQUEST, (r: SuggestionRow) => r.id, 'Suggested merges');
  const decide = useDecide();
  const [index, setIndex] = useState(0);
  const [tally, setTally] = useState({ merged: 0, apart: 0, unsure: 0 });
  const [busy, setBusy] = useState(false);
  const { want } = rows;
  useEffect(() => want(Math.max(0, index - 2), index + 5), [want, index]);
  const pair = rows.rowAt(index);
  const total = rows.summary?.total ?? rows.count;

  const act = useMemo(
    () => async (key: string) => {
      if (busy) return;
      if (key === 'p') return setIndex((i) => Math.max(0, i - 1));
      if (!pair) return;
      if (key === 'u') {
        setTally((t) => ({ ...t, unsure: t.unsure + 1 }));
        return setIndex((i) => i + 1);
      }
      if (key !== 'y' && key !== 'n') return;
      setBusy(true);
      // A decided pair leaves the list, so the next one takes its place at the same index.
      const ok = await decide([{ kind: key === 'y' ? 'merge' : 'decline', a: pair.personA, b: pair.personB }], key === 'y' ? `merged ${pair.emailA} and ${pair.emailB}` : `kept ${pair.emailA} and ${pair.emailB} apart`);
      // Wait for the list without it, so a quick second key cannot decide the same pair again.
      if (ok) await rows.reload();
      setBusy(false);
      if (ok) setTally((t) => (key === 'y' ? { ...t, merged: t.merged + 1 } : { ...t, apart: t.apart + 1 }));
    },
    [busy, pair, decide, rows],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (e.ctrlKey || e.metaKey || e.altKey || (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable))) return;
      if (['y', 'n', 'u', 'p'].includes(e.key)) {
        e.preventDefault();
        void act(e.key);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [act]);

  return (
    <div className="page">
      <header className="page-header">
        <div className="eyebrow">
          <a href={routeHref({ page: 'step', step: 'review', queue: 'duplicate-people' })}>Review</a> · Duplicate people
        </div>
        <h1 data-testid="page-title" tabIndex={-1}>
          Duplicate review
        </h1>
        <p className="summary">
          <kbd>y</kbd> merge · <kbd>n</kbd> keep apart · <kbd>u</kbd> unsure, next · <kbd>p</kbd> previous
        </p>
        <p className="muted small" data-testid="dup-tally" aria-live="polite">
          Pair {rows.ready && total > 0 ? `${formatNumber(Math.min(index + 1, total))} of ${formatNumber(total)}` : '—'} · this session: {tally.merged} merged, {tally.apart} kept apart, {tally.unsure} unsure
        </p>
      </header>
      {!rows.ready ? (
        <p className="muted">{rows.error ? 'The suggestions could not be read.' : 'Reading the suggested merges…'}</p>
      ) : !pair ? (
        <section className="card" data-testid="dup-done">
          <p>{total === 0 ? 'No suggested merges: every pair has been decided.' : 'You are past the last pair. Press p to go back.'}</p>
        </section>
      ) : (
        <section className="card dup-pair" aria-label="Suggested pair" data-testid="dup-pair" data-pair={pair.id} aria-busy={busy}>
          <div className="dup-sides">
            <PersonSide label="A" name={pair.nameA} email={pair.emailA} records={pair.recordsA} id={pair.personA} />
            <PersonSide label="B" name={pair.nameB} email={pair.emailB} records={pair.recordsB} id={pair.personB} />
          </div>
          <p data-testid="dup-explanation">
            <strong>Why:</strong> {pair.explanation}
          </p>
          <ScoreTable s={pair} />
          <div className="actions">
            <button type="button" className="primary" disabled={busy} onClick={() => void act('y')} data-testid="dup-yes">
              Merge (y)
            </button>
            <button type="button" disabled={busy} onClick={() => void act('n')} data-testid="dup-no">
              Keep apart (n)
            </button>
            <button type="button" disabled={busy} onClick={() => void act('u')} data-testid="dup-unsure">
              Unsure (u)
            </button>
            <button type="button" disabled={busy || index === 0} onClick={() => void act('p')} data-testid="dup-previous">
              Previous (p)
            </button>
          </div>
        </section>
      )}
    </div>
  );
}

function PersonSide({ label, name, email, records, id }: { label: string; name: string | null; email: string | null; records: string[]; id: string }) {
  return (
    <div className="dup-side" data-testid={`dup-side-${label}`}>
      <h2>
        {label}: {name ?? '(no name)'}
      </h2>
      <p className="mono">{email ?? '(no e-mail)'}</p>
      <p className="small muted">
        {records.length} record{records.length === 1 ? '' : 's'}: <span className="mono">{records.join(', ')}</span>
      </p>
      <a href={routeHref({ page: 'person', id })} className="small">
        Open person {label}
      </a>
    </div>
  );
}
