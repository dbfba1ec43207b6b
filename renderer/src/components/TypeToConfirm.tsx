// Type-to-confirm for what cannot be taken back lightly (a cutover, a rollback, dropping the
// backups): the action's button stays disabled until the exact phrase shown is typed. The engine
// checks the phrase too where it takes one; this makes the person read what they confirm.
import { useId, useState, type FormEvent, type ReactNode } from 'react';

/** empty: nothing typed; partial: a correct start; mismatch: a typo; match: the exact phrase. */
export type ConfirmState = 'empty' | 'partial' | 'mismatch' | 'match';

/** Exact and case-sensitive: spaces around the text are the only thing forgiven (a paste brings them). */
export function confirmState(typed: string, phrase: string): ConfirmState {
  const t = typed.trim();
  if (t === '') return 'empty';
  if (t === phrase) return 'match';
  return phrase.startsWith(t) ? 'partial' : 'mismatch';
}

interface Props {
  /** What must be typed, shown verbatim. */
  phrase: string;
  /** The button's text, e.g. "Cut over". */
  action: string;
  /** The button's text while the action is on its way. */
  busyAction: string;
  busy: boolean;
  /** Why the action cannot run now, shown instead of the form's button being usable. */
  disabled?: boolean;
  /** Called with the typed phrase once it matches. */
  onConfirm: (typed: string) => void;
  /** Prefix of the test ids: `${testId}-input`, `${testId}-submit`. */
  testId: string;
  /** What confirming does, read before the field (and announced with it). */
  children?: ReactNode;
}

export function TypeToConfirm({ phrase, action, busyAction, busy, disabled = false, onConfirm, testId, children }: Props) {
  const id = useId();
  const [typed, setTyped] = useState('');
  const state = confirmState(typed, phrase);
  const canSubmit = state === 'match' && !busy && !disabled;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!canSubmit) return;
    onConfirm(typed.trim());
    setTyped('');
  };

  return (
    <form className="type-confirm" onSubmit={submit} aria-labelledby={`${id}-label`} data-testid={testId} data-state={state}>
      {children && (
        <div id={`${id}-what`} className="type-confirm-what">
          {children}
        </div>
      )}
      <label id={`${id}-label`} htmlFor={`${id}-input`}>
        Type <code className="type-confirm-phrase">{phrase}</code> to confirm
      </label>
      <div className="type-confirm-row">
        <input
          id={`${id}-input`}
          type="text"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          disabled={disabled || busy}
          aria-invalid={state === 'mismatch'}
          aria-describedby={`${children ? `${id}-what ` : ''}${id}-hint`}
          data-testid={`${testId}-input`}
        />
        <button type="submit" className="danger" disabled={!canSubmit} data-testid={`${testId}-submit`}>
          {busy ? busyAction : action}
        </button>
      </div>
      <p id={`${id}-hint`} className={`field-hint${state === 'mismatch' ? ' bad' : ''}`} aria-live="polite">
        {state === 'mismatch' ? 'That is not the text shown: it must match exactly, capitals included.' : state === 'match' ? `Press Enter or “${action}”.` : '\u00a0'}
      </p>
    </form>
  );
}
