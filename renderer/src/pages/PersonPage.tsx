// One person: every source record (raw JSON on demand), the findings and suggested merges about
// them, the decisions that shaped them and the plan rows they become. Reached from every grid
// (Shift+Enter, or the side panel) and from the duplicate review.
import type { PersonDetail } from '../../../shared/api/reconcile.ts';
import { formatMoney } from '../grid/columns.ts';
import { useDecide } from '../hooks/useDecide.ts';
import { useQuery } from '../hooks/useQuery.ts';
import { routeHref } from '../hooks/useRoute.ts';

export function PersonPage({ id }: { id: string }) {
  const q = useQuery('reconcile-person', { id }, 'Person');
  const decide = useDecide();
  const d = q.data;
  return (
    <div className="page">
      <header className="page-header">
        <div className="eyebrow">
          <a href={routeHref({ page: 'step', step: 'review', queue: 'people' })}>People</a> · Person
        </div>
        <h1 data-testid="page-title" tabIndex={-1}>
          {d ? (d.person.name ?? d.person.email ?? id) : 'Person'}
        </h1>
        {d && (
          <p className="summary" data-testid="person-summary">
            {d.person.email ?? 'no e-mail'} · {d.person.status} · {d.person.contacts} contact{d.person.contacts === 1 ? '' : 's'}, {d.person.invoices} invoice{d.person.invoices === 1 ? '' : 's'} ({d.person.paid} paid,{' '}
            {formatMoney(d.person.paidMinor)}){d.person.userId ? ` · production user ${d.person.userId}` : ''}
          </p>
        )}
      </header>
      {d === undefined ? (
        <p className="muted">{q.loading ? 'Reading the person…' : 'This person could not be read (a merge or split may have renamed them).'}</p>
      ) : (
        <>
          <section className="card" aria-labelledby="records-h">
            <h2 id="records-h">Source records ({d.records.length})</h2>
            <table className="data-table" data-testid="person-records">
              <thead>
                <tr>
                  <th scope="col">Record</th>
                  <th scope="col">E-mail</th>
                  <th scope="col">Name</th>
                  <th scope="col">Phone</th>
                  <th scope="col">When</th>
                  <th scope="col">What</th>
                  <th scope="col">Decide</th>
                </tr>
              </thead>
              <tbody>
                {d.records.map((r) => (
                  <tr key={r.id}>
                    <td className="mono">{r.id}</td>
                    <td>{r.email ?? '—'}</td>
                    <td>{r.name ?? '—'}</td>
                    <td>{r.phone ?? '—'}</td>
                    <td className="nowrap">{r.at.slice(0, 10)}</td>
                    <td>
                      {r.summary}
                      <details>
                        <summary className="small">Raw record</summary>
                        <pre className="raw">{r.raw}</pre>
                      </details>
                    </td>
                    <td className="nowrap">
                      {d.records.length > 1 && (
                        <button type="button" className="secondary small" onClick={() => void decide([{ kind: 'split', record: r.id as never }], `split ${r.id} off`)}>
                          Split off
                        </button>
                      )}{' '}
                      <button type="button" className="secondary small" onClick={() => void decide([{ kind: 'mark-test', record: r.id as never, value: true }], `${r.id} marked as a test`)}>
                        Mark test
                      </button>{' '}
                      <button type="button" className="secondary small" onClick={() => void decide([{ kind: 'exclude', record: r.id as never, value: true }], `${r.id} excluded`)}>
                        Exclude
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="card" aria-labelledby="findings-h">
            <h2 id="findings-h">Findings ({d.findings.length})</h2>
            {d.findings.length === 0 ? (
              <p className="muted">None.</p>
            ) : (
              <ul data-testid="person-findings">
                {d.findings.map((f) => (
                  <li key={f.id}>
                    <a href={routeHref({ page: 'step', step: 'review', queue: f.queue })}>{f.queue}</a>: {f.summary} — <strong>{f.status}</strong>
                    {f.decidedBy ? ` by ${f.decidedBy}` : ''}
                  </li>
                ))}
              </ul>
            )}
            {d.suggestions.length > 0 && (
              <>
                <h3>Suggested merges</h3>
                <ul>
                  {d.suggestions.map((s) => {
                    const other = s.personA === id ? s.personB : s.personA;
                    return (
                      <li key={s.id}>
                        with <a href={routeHref({ page: 'person', id: other })}>{other}</a> ({s.rule}, score {s.score.toFixed(2)}): {s.explanation}
                      </li>
                    );
                  })}
                </ul>
              </>
            )}
          </section>
          <section className="card" aria-labelledby="decisions-h">
            <h2 id="decisions-h">Decisions ({d.decisions.length})</h2>
            {d.decisions.length === 0 ? (
              <p className="muted">No decision has shaped this person.</p>
            ) : (
              <table className="data-table" data-testid="person-decisions">
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">Decision</th>
                    <th scope="col">About</th>
                    <th scope="col">State</th>
                    <th scope="col">By</th>
                    <th scope="col">When</th>
                  </tr>
                </thead>
                <tbody>
                  {d.decisions.map((x) => (
                    <tr key={x.id}>
                      <td className="n">{x.seq}</td>
                      <td>{x.kind}</td>
                      <td className="mono small">{x.targetKey}</td>
                      <td>{x.state}</td>
                      <td>{x.reviewer}</td>
                      <td className="nowrap">{x.decidedAt.replace('T', ' ').slice(0, 19)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <PlanRows plan={d.plan} />
        </>
      )}
    </div>
  );
}

function PlanRows({ plan }: { plan: PersonDetail['plan'] }) {
  const tables = Object.entries(plan).filter(([, rows]) => rows.length > 0);
  return (
    <section className="card" aria-labelledby="plan-h">
      <h2 id="plan-h">Plan rows</h2>
      {tables.length === 0 ? (
        <p className="muted">This person becomes no row of the plan.</p>
      ) : (
        tables.map(([table, rows]) => {
          const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((c) => c !== 'sources' && c !== 'decisions');
          return (
            <div key={table} className="plan-table" data-testid={`plan-${table}`}>
              <h3>
                {table} ({rows.length})
              </h3>
              <div className="table-scroll" tabIndex={0} role="region" aria-label={`${table} rows`}>
                <table className="data-table">
                  <thead>
                    <tr>
                      {cols.map((c) => (
                        <th key={c} scope="col">
                          {c}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r, i) => (
                      <tr key={i}>
                        {cols.map((c) => (
                          <td key={c} className="small">
                            {r[c] === null || r[c] === undefined ? '—' : typeof r[c] === 'object' ? JSON.stringify(r[c]) : String(r[c])}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          );
        })
      )}
    </section>
  );
}
