// Approve: what still blocks (open queues by severity), the plan's control totals per product ×
// status × month, who decided what, and the reviewer's sign-off — which a later decision or a
// re-pull invalidates, as this page then says.
import { useMemo, useState } from 'react';
import type { ControlTotal, QueueSummary, Severity } from '../../../shared/api/reconcile.ts';
import { StateBadge } from '../components/StateBadge.tsx';
import { downloadText, toCsv } from '../download.ts';
import { formatNumber, formatTime } from '../format.ts';
import { formatMoney } from '../grid/columns.ts';
import { useAction, useApi } from '../hooks/useApi.ts';
import { useQuery } from '../hooks/useQuery.ts';
import { NeedsSources } from '../components/NeedsSources.tsx';
import { routeHref } from '../hooks/useRoute.ts';

const severities: Severity[] = ['error', 'warn', 'info'];
const severityLabel: Record<Severity, string> = { error: 'Blocks the approval', warn: 'Warnings', info: 'For information' };

export function ApprovePage() {
  return (
    <NeedsSources what="nothing to approve" title="Approve" titleTestId="step-title">
      <Approve />
    </NeedsSources>
  );
}

function Approve() {
  const api = useApi();
  const approval = useQuery('approval-status', {}, 'Approval');
  const queues = useQuery('reconcile-queues', {}, 'Queues');
  const summary = useQuery('reconcile-plan-summary', {}, 'Plan summary');
  const totals = useQuery('reconcile-totals', { of: 'plan' }, 'Control totals');
  const settings = useQuery('settings-get', {}, 'Settings');
  const sign = useAction();
  const [note, setNote] = useState('');
  const [name, setName] = useState('');
  const a = approval.data;
  const reviewer = settings.data?.reviewerName ?? '';

  const doSign = () =>
    sign.run(async () => {
      if (!reviewer && name.trim()) await api.call('settings-set', { reviewerName: name.trim() });
      const plan = await api.call('reconcile-plan-export', { content: false });
      await api.call('approval-sign', { note, planSha256: plan.sha256 });
      setNote('');
    }, { context: 'Sign off' });

  return (
    <div className="page page-wide">
      <header className="page-header">
        <div className="eyebrow">Step 4 of 8</div>
        <div className="title-row">
          <h1 data-testid="step-title" tabIndex={-1}>
            Approve
          </h1>
          {a && <StateBadge state={a.valid ? 'done' : a.cannotSign ? 'blocked' : 'todo'} testId="approve-state" />}
        </div>
        <p className="summary">Check what still blocks, the control totals of the plan and who decided what; then sign the plan off.</p>
      </header>

      <section className="card" aria-labelledby="signoff-h" data-testid="signoff">
        <h2 id="signoff-h">Sign-off</h2>
        {a === undefined ? (
          <p className="muted">{approval.loading ? 'Reading…' : 'The approval could not be read.'}</p>
        ) : (
          <>
            {a.approval && (
              <p className={a.valid ? 'good' : 'bad'} data-testid="approval-line" data-valid={a.valid}>
                {a.valid ? 'Approved' : 'No longer approved'}: signed off by <strong>{a.approval.reviewer}</strong> at {formatTime(a.approval.at, { full: true })} ({formatNumber(a.approval.planRows)} plan rows,{' '}
                {formatMoney(a.approval.amountMinor)}){a.approval.note ? ` — “${a.approval.note}”` : ''}.
              </p>
            )}
            {a.invalidatedBy && (
              <p className="warning-box" role="alert" data-testid="approval-invalidated">
                {a.invalidatedBy.detail} ({formatTime(a.invalidatedBy.at, { full: true })}) Review the totals again and sign off anew.
              </p>
            )}
            {a.cannotSign ? (
              <p className="muted" data-testid="cannot-sign">
                {a.cannotSign}
              </p>
            ) : (
              !a.valid && (
                <div className="signoff-form">
                  {!reviewer && (
                    <label>
                      Your name (recorded with every decision and the sign-off){' '}
                      <input value={name} onChange={(e) => setName(e.target.value)} data-testid="reviewer-name" />
                    </label>
                  )}
                  <label>
                    Note <input value={note} onChange={(e) => setNote(e.target.value)} data-testid="signoff-note" />
                  </label>
                  <button type="button" className="primary" disabled={sign.busy || (!reviewer && !name.trim())} onClick={() => void doSign()} data-testid="sign-off">
                    {sign.busy ? 'Signing off…' : `Sign off${reviewer ? ` as ${reviewer}` : ''}`}
                  </button>
                </div>
              )
            )}
            {a.valid && (
              <button type="button" className="secondary small" onClick={() => void sign.run(() => api.call('approval-revoke', { reason: '' }), { context: 'Withdraw' })} data-testid="revoke">
                Withdraw the sign-off
              </button>
            )}
          </>
        )}
      </section>

      <section className="card" aria-labelledby="blocks-h" data-testid="blockers">
        <h2 id="blocks-h">What is still open</h2>
        {queues.data === undefined ? <p className="muted">Reading the queues…</p> : <OpenQueues queues={queues.data} />}
      </section>

      <section className="card" aria-labelledby="totals-h">
        <div className="card-head">
          <h2 id="totals-h">Control totals of the plan</h2>
          {totals.data && (
            <button type="button" className="secondary small" onClick={() => downloadText('control-totals.csv', totalsCsv(totals.data!), 'text/csv')} data-testid="totals-csv">
              CSV
            </button>
          )}
        </div>
        {totals.data === undefined ? <p className="muted">Reading the totals…</p> : <TotalsTable totals={totals.data} />}
      </section>

      <section className="card" aria-labelledby="who-h" data-testid="who-decided">
        <h2 id="who-h">Who decided what</h2>
        {summary.data === undefined ? (
          <p className="muted">Reading…</p>
        ) : (
          <>
            <p>
              {formatNumber(summary.data.decisions.active)} decisions in force, {formatNumber(summary.data.decisions.stale)} stale. The plan: {summary.data.tables.map((t) => `${formatNumber(t.rows)} ${t.table}`).join(', ')}.
            </p>
            {summary.data.decisions.reviewers.length === 0 ? (
              <p className="muted">No decisions yet.</p>
            ) : (
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">Reviewer</th>
                    <th scope="col" className="n">
                      Decisions
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {summary.data.decisions.reviewers.map((r) => (
                    <tr key={r.reviewer}>
                      <td>{r.reviewer}</td>
                      <td className="n">{formatNumber(r.decisions)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <p className="small">
              <a href={routeHref({ page: 'history' })}>Every decision is in History</a>.
            </p>
          </>
        )}
      </section>
    </div>
  );
}

function OpenQueues({ queues }: { queues: QueueSummary[] }) {
  const open = queues.filter((q) => q.open > 0 && q.id !== 'leads');
  if (open.length === 0) return <p className="good">Nothing is open: every finding has been decided.</p>;
  return (
    <>
      {severities.map((sev) => {
        const list = open.filter((q) => q.severity === sev);
        if (!list.length) return null;
        return (
          <div key={sev} className={`sev-group sev-group-${sev}`} data-testid={`open-${sev}`}>
            <h3>
              {severityLabel[sev]} ({formatNumber(list.reduce((n, q) => n + q.open, 0))})
            </h3>
            <ul>
              {list.map((q) => (
                <li key={q.id}>
                  <a href={routeHref({ page: 'step', step: 'review', queue: q.id })}>{q.title}</a>: {formatNumber(q.open)} open — {q.undecidedMeans}
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </>
  );
}

function totalsCsv(rows: ControlTotal[]): string {
  return toCsv(['product', 'status', 'month', 'currency', 'count', 'amount'], rows.map((r) => [r.product, r.status, r.month, r.currency, r.count, (r.amountMinor / 100).toFixed(2)]));
}

function TotalsTable({ totals }: { totals: ControlTotal[] }) {
  const [product, setProduct] = useState('');
  const products = useMemo(() => [...new Set(totals.map((t) => t.product))].sort(), [totals]);
  const rows = product ? totals.filter((t) => t.product === product) : totals;
  const sum = rows.reduce((s, r) => ({ count: s.count + r.count, amount: s.amount + r.amountMinor }), { count: 0, amount: 0 });
  return (
    <>
      <label className="small">
        Product{' '}
        <select value={product} onChange={(e) => setProduct(e.target.value)} data-testid="totals-product">
          <option value="">all</option>
          {products.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
      </label>
      <div className="table-scroll tall" tabIndex={0} role="region" aria-label="Control totals">
        <table className="data-table" data-testid="totals-table">
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">Status</th>
              <th scope="col">Month</th>
              <th scope="col" className="n">
                Count
              </th>
              <th scope="col" className="n">
                Amount
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.product}|${r.status}|${r.month}|${r.currency}`}>
                <td>{r.product}</td>
                <td>{r.status}</td>
                <td>{r.month}</td>
                <td className="n">{formatNumber(r.count)}</td>
                <td className="n">{formatMoney(r.amountMinor)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={3}>
                Total
              </th>
              <td className="n" data-testid="totals-count">
                {formatNumber(sum.count)}
              </td>
              <td className="n" data-testid="totals-amount">
                {formatMoney(sum.amount)}
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
    </>
  );
}
