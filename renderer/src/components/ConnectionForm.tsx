// Live sources: the Xendit secret key and Systeme.io API key (password fields, never shown back),
// and optional base URLs. Only filled-in fields are sent; BAD_INPUT issues show by their field.
import { useState, type FormEvent } from 'react';
import type { ConnectionInput, ConnectionStatus } from '../../../shared/api/sources.ts';
import { ApiError, type Issue } from '../api/ApiError.ts';
import { useAction, useApi } from '../hooks/useApi.ts';

type Field = 'xendit.secretKey' | 'xendit.baseUrl' | 'systeme.apiKey' | 'systeme.baseUrl';

function FieldIssues({ issues }: { issues: Issue[] }) {
  if (issues.length === 0) return null;
  return (
    <ul className="field-issues" role="alert">
      {issues.map((i, n) => (
        <li key={n}>{i.message}</li>
      ))}
    </ul>
  );
}

export function ConnectionForm({ status, onSaved }: { status: ConnectionStatus | undefined; onSaved: (s: ConnectionStatus) => void }) {
  const api = useApi();
  const action = useAction();
  const [values, setValues] = useState<Record<Field, string>>({
    'xendit.secretKey': '',
    'xendit.baseUrl': '',
    'systeme.apiKey': '',
    'systeme.baseUrl': '',
  });
  const [issues, setIssues] = useState<Issue[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const set = (f: Field) => (e: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [f]: e.target.value }));
    setSaved(false);
  };
  const issuesFor = (f: Field) => issues.filter((i) => i.path === f);
  const known: string[] = ['xendit.secretKey', 'xendit.baseUrl', 'systeme.apiKey', 'systeme.baseUrl'];
  const otherIssues = issues.filter((i) => !known.includes(i.path));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setIssues([]);
    setFormError(null);
    const v = Object.fromEntries(Object.entries(values).map(([k, x]) => [k, x.trim()])) as Record<Field, string>;
    const input: ConnectionInput = {};
    if (v['xendit.secretKey'] || v['xendit.baseUrl']) {
      input.xendit = {
        ...(v['xendit.secretKey'] ? { secretKey: v['xendit.secretKey'] } : {}),
        ...(v['xendit.baseUrl'] ? { baseUrl: v['xendit.baseUrl'] } : {}),
      };
    }
    if (v['systeme.apiKey'] || v['systeme.baseUrl']) {
      input.systeme = {
        ...(v['systeme.apiKey'] ? { apiKey: v['systeme.apiKey'] } : {}),
        ...(v['systeme.baseUrl'] ? { baseUrl: v['systeme.baseUrl'] } : {}),
      };
    }
    if (!input.xendit && !input.systeme) {
      setFormError('Fill in at least one key or base URL.');
      return;
    }
    const result = await action.run(() => api.call('connection-set', input), {
      context: 'Save connection',
      onError: (err) => {
        if (err instanceof ApiError && err.code === 'BAD_INPUT') {
          setIssues(err.issues);
          const allPlaced = err.issues.length > 0 && err.issues.every((i) => known.includes(i.path));
          setFormError(allPlaced ? 'Please correct the marked field.' : err.message);
          return true;
        }
        return false;
      },
    });
    if (result) {
      // Keys are never kept in the page once the engine has them.
      setValues((x) => ({ ...x, 'xendit.secretKey': '', 'systeme.apiKey': '' }));
      setSaved(true);
      onSaved(result);
    }
  }

  const hint = (s: ConnectionStatus['xendit'] | undefined) =>
    s?.hasKey ? `A key is set (${s.keyHint ?? 'hidden'}). Leave blank to keep it.` : 'No key set yet.';

  return (
    <section className="card" aria-labelledby="live-heading">
      <h2 id="live-heading">Live sources</h2>
      <form onSubmit={(e) => void submit(e)} noValidate data-testid="connection-form">
        <fieldset>
          <legend>Xendit</legend>
          <label htmlFor="xendit-key">Secret key</label>
          <input
            id="xendit-key"
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder="xnd_production_…"
            value={values['xendit.secretKey']}
            onChange={set('xendit.secretKey')}
            aria-invalid={issuesFor('xendit.secretKey').length > 0}
            data-testid="xendit-key"
          />
          <div className="field-hint">{hint(status?.xendit)}</div>
          <FieldIssues issues={issuesFor('xendit.secretKey')} />
          <label htmlFor="xendit-url">Base URL</label>
          <input
            id="xendit-url"
            type="url"
            spellCheck={false}
            placeholder={status?.xendit.baseUrl ?? 'https://api.xendit.co'}
            value={values['xendit.baseUrl']}
            onChange={set('xendit.baseUrl')}
            aria-invalid={issuesFor('xendit.baseUrl').length > 0}
            data-testid="xendit-url"
          />
          <FieldIssues issues={issuesFor('xendit.baseUrl')} />
        </fieldset>
        <fieldset>
          <legend>Systeme.io</legend>
          <label htmlFor="systeme-key">API key</label>
          <input
            id="systeme-key"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={values['systeme.apiKey']}
            onChange={set('systeme.apiKey')}
            aria-invalid={issuesFor('systeme.apiKey').length > 0}
            data-testid="systeme-key"
          />
          <div className="field-hint">{hint(status?.systeme)}</div>
          <FieldIssues issues={issuesFor('systeme.apiKey')} />
          <label htmlFor="systeme-url">Base URL</label>
          <input
            id="systeme-url"
            type="url"
            spellCheck={false}
            placeholder={status?.systeme.baseUrl ?? 'https://api.systeme.io'}
            value={values['systeme.baseUrl']}
            onChange={set('systeme.baseUrl')}
            aria-invalid={issuesFor('systeme.baseUrl').length > 0}
            data-testid="systeme-url"
          />
          <FieldIssues issues={issuesFor('systeme.baseUrl')} />
        </fieldset>
        {(formError || otherIssues.length > 0) && (
          <div className="form-error" role="alert" data-testid="connection-issues">
            {formError && <p>{formError}</p>}
            <FieldIssues issues={otherIssues.map((i) => ({ ...i, message: i.path ? `${i.path}: ${i.message}` : i.message }))} />
          </div>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={action.busy} data-testid="connection-save">
            {action.busy ? 'Saving…' : 'Save connection'}
          </button>
          {saved && <span className="good">Saved.</span>}
        </div>
      </form>
    </section>
  );
}
