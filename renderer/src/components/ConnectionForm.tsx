// Live sources: the Xendit secret key and Systeme.io API key (password fields, never shown back),
// and optional base URLs. Only filled-in fields are sent; BAD_INPUT issues show by their field.
import { useState, type FormEvent } from 'react';
import type { ConnectionInput, ConnectionStatus, SourceId } from '../../../shared/api/sources.ts';
import { ApiError, issueText, type Issue } from '../api/ApiError.ts';
import { useAction, useApi } from '../hooks/useApi.ts';

const sources = [
  { id: 'xendit', name: 'Xendit', keyName: 'secretKey', keyLabel: 'Secret key', keyPlaceholder: 'xnd_production_…', defaultUrl: 'https://api.xendit.co' },
  { id: 'systeme', name: 'Systeme.io', keyName: 'apiKey', keyLabel: 'API key', keyPlaceholder: undefined, defaultUrl: 'https://api.systeme.io' },
] as const;

type Source = (typeof sources)[number];
/** A field by the path the engine names it with in BAD_INPUT issues. */
type Field = `${Source['id']}.${Source['keyName'] | 'baseUrl'}`;

const keyField = (s: Source) => `${s.id}.${s.keyName}` as Field;
const urlField = (s: Source) => `${s.id}.baseUrl` as Field;
const fields: string[] = sources.flatMap((s) => [keyField(s), urlField(s)]);
const empty = Object.fromEntries(fields.map((f) => [f, ''])) as Record<Field, string>;

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

interface TextFieldProps {
  id: string;
  label: string;
  type: 'password' | 'url';
  placeholder: string | undefined;
  value: string;
  onChange: (value: string) => void;
  issues: Issue[];
  hint?: string;
}

function TextField({ id, label, type, placeholder, value, onChange, issues, hint }: TextFieldProps) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        autoComplete={type === 'password' ? 'off' : undefined}
        spellCheck={false}
        placeholder={placeholder}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={issues.length > 0}
        data-testid={id}
      />
      {hint !== undefined && <div className="field-hint">{hint}</div>}
      <FieldIssues issues={issues} />
    </>
  );
}

function keyHint(s: ConnectionStatus[SourceId] | undefined): string {
  return s?.hasKey ? `A key is set (${s.keyHint ?? 'hidden'}). Leave blank to keep it.` : 'No key set yet.';
}

export function ConnectionForm({ status, onSaved }: { status: ConnectionStatus | undefined; onSaved: (s: ConnectionStatus) => void }) {
  const api = useApi();
  const action = useAction();
  const [values, setValues] = useState(empty);
  const [issues, setIssues] = useState<Issue[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const set = (f: Field) => (value: string) => {
    setValues((v) => ({ ...v, [f]: value }));
    setSaved(false);
  };
  const issuesFor = (f: Field) => issues.filter((i) => i.path === f);
  const otherIssues = issues.filter((i) => !fields.includes(i.path));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setIssues([]);
    setFormError(null);
    const input: ConnectionInput = {};
    for (const s of sources) {
      const key = values[keyField(s)].trim();
      const baseUrl = values[urlField(s)].trim();
      if (key || baseUrl) input[s.id] = { ...(key ? { [s.keyName]: key } : {}), ...(baseUrl ? { baseUrl } : {}) };
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
          const allPlaced = err.issues.length > 0 && err.issues.every((i) => fields.includes(i.path));
          setFormError(allPlaced ? 'Please correct the marked field.' : err.message);
          return true;
        }
        return false;
      },
    });
    if (result) {
      // Keys are never kept in the page once the engine has them.
      setValues((x) => ({ ...x, ...Object.fromEntries(sources.map((s) => [keyField(s), ''])) }));
      setSaved(true);
      onSaved(result);
    }
  }

  return (
    <section className="card" aria-labelledby="live-heading">
      <h2 id="live-heading">Live sources</h2>
      <form onSubmit={(e) => void submit(e)} noValidate data-testid="connection-form">
        {sources.map((s) => (
          <fieldset key={s.id}>
            <legend>{s.name}</legend>
            <TextField
              id={`${s.id}-key`}
              label={s.keyLabel}
              type="password"
              placeholder={s.keyPlaceholder}
              value={values[keyField(s)]}
              onChange={set(keyField(s))}
              issues={issuesFor(keyField(s))}
              hint={keyHint(status?.[s.id])}
            />
            <TextField
              id={`${s.id}-url`}
              label="Base URL"
              type="url"
              placeholder={status?.[s.id].baseUrl ?? s.defaultUrl}
              value={values[urlField(s)]}
              onChange={set(urlField(s))}
              issues={issuesFor(urlField(s))}
            />
          </fieldset>
        ))}
        {(formError || otherIssues.length > 0) && (
          <div className="form-error" role="alert" data-testid="connection-issues">
            {formError && <p>{formError}</p>}
            <FieldIssues issues={otherIssues.map((i) => ({ ...i, message: issueText(i) }))} />
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
