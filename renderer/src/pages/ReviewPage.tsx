// Review: the finding queues with their counts (from the engine), the chosen queue as a grid,
// and the active item's explanation — its rule, its records, what approving or rejecting does —
// in a side panel with the buttons that decide it. Every payment and every person have a grid too.
import { useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { FindingRow, PaymentRow, PersonRow, QueueSummary, SuggestionRow } from '../../../shared/api/reconcile.ts';
import { ProgressBar } from '../components/ProgressBar.tsx';
import { StateBadge } from '../components/StateBadge.tsx';
import { formatNumber } from '../format.ts';
import { Grid } from '../grid/Grid.tsx';
import { formatMoney } from '../grid/columns.ts';
import { useDecide } from '../hooks/useDecide.ts';
import { useJobs } from '../hooks/useJobs.ts';
import { useQuery } from '../hooks/useQuery.ts';
import { NeedsSources } from '../components/NeedsSources.tsx';
import { navigate, routeHref, type ReviewView } from '../hooks/useRoute.ts';
import {
  findingActions,
  findingColumns,
  paymentActions,
  paymentColumns,
  personColumns,
  suggestionActions,
  suggestionColumns,
  type Choice,
} from '../review/grids.ts';

const openPerson = (id: string) => navigate({ page: 'person', id });

export function ReviewPage({ view }: { view?: ReviewView }) {
  return (
    <NeedsSources what="nothing to review" title="Review" titleTestId="step-title">
      <Review view={view} />
    </NeedsSources>
  );
}

function Review({ view }: { view?: ReviewView }) {
  const queues = useQuery('reconcile-queues', {}, 'Review queues');
  const status = useQuery('reconcile-status', {}, 'Reconciliation status');
  const catalog = useQuery('reconcile-catalog', {}, 'Catalog');
  const recompute = useJobs().find((j) => j.kind === 'reconcile' && (j.state === 'running' || j.state === 'queued'));
  const products: Choice[] = useMemo(() => (catalog.data?.products ?? []).map((p) => ({ value: p.key, label: p.name })), [catalog.data]);
  const list = queues.data ?? [];
  const chosen: ReviewView = view ?? list.find((q) => q.blocking > 0)?.id ?? list.find((q) => q.open > 0)?.id ?? 'duplicate-people';
  const queue = list.find((q) => q.id === chosen);

  return (
    <div className="page page-wide">
      <header className="page-header">
        <div className="eyebrow">Step 3 of 8</div>
        <div className="title-row">
          <h1 data-testid="step-title" tabIndex={-1}>
            Review
          </h1>
          {status.data && <StateBadge state={status.data.recomputing ? 'running' : status.data.stale ? 'todo' : 'done'} />}
        </div>
        <p className="summary" data-testid="review-summary">
          {status.data === undefined
            ? status.loading
              ? 'Reading the reconciliation…'
              : 'The reconciliation could not be read.'
            : status.data.computedAt === null
              ? 'Nothing reconciled yet: pull the sources (or import CSV exports) first.'
              : `${formatNumber(status.data.records)} records in ${formatNumber(status.data.people)} people; ${formatNumber(status.data.findings)} findings and ${formatNumber(status.data.suggestions)} suggested merges.${status.data.stale ? ' The sources changed since: a recompute is due.' : ''}`}
        </p>
        {recompute && (
          <div className="recompute" data-testid="recompute-progress">
            <ProgressBar part={recompute.progress} state={recompute.state} label="Reconciling" size="small" />
            <span className="muted small">Reconciling: {recompute.steps.find((s) => s.status === 'running')?.label ?? recompute.waitingFor ?? 'starting'}…</span>
          </div>
        )}
      </header>
      <div className="review-layout">
        <nav className="queue-list" aria-label="Queues" data-testid="queue-list">
          <ul>
            {queues.data === undefined && <li className="muted small">{queues.loading ? 'Reading the queues…' : 'The queues could not be read.'}</li>}
            {list.map((q) => (
              <QueueLink key={q.id} q={q} active={q.id === chosen} />
            ))}
            <li className="queue-sep" aria-hidden="true" />
            {(['payments', 'people'] as const).map((v) => (
              <li key={v}>
                <a href={routeHref({ page: 'step', step: 'review', queue: v })} className={`queue-item${chosen === v ? ' active' : ''}`} aria-current={chosen === v ? 'page' : undefined} data-testid={`queue-${v}`}>
                  <span className="queue-title">{v === 'payments' ? 'All payments' : 'All people'}</span>
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <section className="queue-body" aria-label={queue?.title ?? (chosen === 'payments' ? 'All payments' : 'All people')}>
          {queue && (
            <div className="queue-head">
              <h2 data-testid="queue-title">{queue.title}</h2>
              <p className="muted small">{queue.description}</p>
              {queue.id === 'duplicate-people' && (
                <a href={routeHref({ page: 'duplicates' })} className="button-link" data-testid="open-duplicates">
                  Review the pairs one by one (y / n / u)
                </a>
              )}
            </div>
          )}
          <QueueGrid key={chosen} view={chosen} queue={queue} products={products} />
        </section>
      </div>
    </div>
  );
}

function QueueLink({ q, active }: { q: QueueSummary; active: boolean }) {
  return (
    <li>
      <a href={routeHref({ page: 'step', step: 'review', queue: q.id })} className={`queue-item${active ? ' active' : ''}`} aria-current={active ? 'page' : undefined} data-testid={`queue-${q.id}`} data-open={q.open}>
        <span className={`sev sev-${q.severity}`} aria-label={`severity ${q.severity}`} />
        <span className="queue-title">{q.title}</span>
        <span className="queue-count" aria-label={`${q.open} open of ${q.total}`}>
          {q.id === 'leads' ? formatNumber(q.total) : `${formatNumber(q.open)}/${formatNumber(q.total)}`}
        </span>
      </a>
    </li>
  );
}

function QueueGrid({ view, queue, products }: { view: ReviewView; queue: QueueSummary | undefined; products: Choice[] }) {
  const decide = useDecide();
  const [active, setActive] = useState<unknown>(undefined);
  const panel = useRef<HTMLElement>(null);
  // Enter on a row: the panel shows that row (now, not after the next render), then takes the focus.
  const focusPanel = (row: unknown) => {
    flushSync(() => setActive(row));
    panel.current?.querySelector<HTMLElement>('button')?.focus();
  };
  // Stable column and action lists: the grid keys its table on them.
  const cols = useMemo(
    () => ({ findings: findingColumns(view, products), findingActions: findingActions(products), payments: paymentColumns(products), paymentActions: paymentActions(products) }),
    [view, products],
  );

  if (view === 'payments') {
    return (
      <Grid
        procedure="reconcile-payments"
        label="All payments"
        testId="grid-payments"
        columns={cols.payments}
        rowId={(r: PaymentRow) => r.id}
        pinned={['externalId']}
        sums={{ amountMinor: 'amount' }}
        bulkActions={cols.paymentActions}
        onDecide={decide}
        personOf={(r) => r.personId}
        onOpenPerson={openPerson}
        onOpen={(r) => openPerson(r.personId)}
      />
    );
  }
  if (view === 'people' || view === 'leads') {
    return (
      <Grid
        procedure="reconcile-people"
        label={view === 'leads' ? 'Leads' : 'All people'}
        testId="grid-people"
        columns={personColumns}
        rowId={(r: PersonRow) => r.id}
        pinned={['name']}
        sums={{ paidMinor: 'paid' }}
        baseFilters={view === 'leads' ? queue?.list.filters : undefined}
        personOf={(r) => r.id}
        onOpenPerson={openPerson}
        onOpen={(r) => openPerson(r.id)}
        empty={view === 'leads' ? 'No leads: every person bought something.' : undefined}
      />
    );
  }
  if (view === 'duplicate-people') {
    const s = active as SuggestionRow | undefined;
    return (
      <div className="grid-and-panel">
        <Grid
          procedure="reconcile-suggestions"
          label="Suggested merges"
          testId="grid-suggestions"
          columns={suggestionColumns}
          rowId={(r: SuggestionRow) => r.id}
          bulkActions={suggestionActions}
          onDecide={decide}
          onActiveRow={setActive}
          onOpen={focusPanel}
          personOf={(r) => r.personA}
          onOpenPerson={openPerson}
          empty="No suggested merges left."
        />
        <aside className="explain" ref={panel} aria-label="The pair" data-testid="explain">
          {s ? (
            <>
              <h3>
                {s.nameA ?? s.emailA} · {s.nameB ?? s.emailB}
              </h3>
              <p>{s.explanation}</p>
              <ScoreTable s={s} />
              <div className="actions">
                <button type="button" className="primary" onClick={() => void decide([{ kind: 'merge', a: s.personA, b: s.personB }], 'merge')} data-testid="explain-approve">
                  Merge
                </button>
                <button type="button" onClick={() => void decide([{ kind: 'decline', a: s.personA, b: s.personB }], 'keep apart')} data-testid="explain-reject">
                  Keep apart
                </button>
              </div>
              <p className="small">
                <a href={routeHref({ page: 'person', id: s.personA })}>Person A</a> · <a href={routeHref({ page: 'person', id: s.personB })}>Person B</a>
              </p>
            </>
          ) : (
            <p className="muted">Choose a pair to see why it is suggested.</p>
          )}
        </aside>
      </div>
    );
  }
  const f = active as FindingRow | undefined;
  return (
    <div className="grid-and-panel">
      <Grid
        procedure="reconcile-findings"
        label={queue?.title ?? 'Findings'}
        testId="grid-findings"
        columns={cols.findings}
        rowId={(r: FindingRow) => r.id}
        baseFilters={queue?.list.filters ?? [{ column: 'queue', op: 'eq', value: view }]}
        sums={{ amountMinor: 'amount' }}
        bulkActions={cols.findingActions}
        onDecide={decide}
        onActiveRow={setActive}
        onOpen={focusPanel}
        personOf={(r) => r.personId}
        onOpenPerson={openPerson}
        empty="Nothing in this queue."
      />
      <aside className="explain" ref={panel} aria-label="The finding" data-testid="explain">
        {f && queue ? <FindingExplanation f={f} queue={queue} decide={decide} /> : <p className="muted">Choose an item to see its rule, its records and what deciding it does.</p>}
      </aside>
    </div>
  );
}

function FindingExplanation({ f, queue, decide }: { f: FindingRow; queue: QueueSummary; decide: ReturnType<typeof useDecide> }) {
  const resolve = (value: 'approve' | 'reject') => void decide([{ kind: 'resolve', finding: f.id, value }], `${value === 'approve' ? 'approved' : 'rejected'}: ${f.summary}`);
  return (
    <>
      <h3 data-testid="explain-title">{f.summary}</h3>
      <dl className="facts-list">
        <dt>Status</dt>
        <dd data-testid="explain-status">
          {f.status}
          {f.decidedBy ? ` (by ${f.decidedBy})` : ''}
        </dd>
        <dt>Rule</dt>
        <dd>{f.rule}</dd>
        <dt>Proposed</dt>
        <dd>{f.proposal}</dd>
        {f.amountMinor !== null && (
          <>
            <dt>Amount</dt>
            <dd>{formatMoney(f.amountMinor)}</dd>
          </>
        )}
        <dt>Records</dt>
        <dd className="mono small">{f.records.join(', ') || '—'}</dd>
        {Object.entries(f.detail).map(([k, v]) => (
          <FactRow key={k} k={k} v={v} />
        ))}
      </dl>
      <p className="small">
        <strong>Approve:</strong> {queue.approveMeans}
        <br />
        <strong>Reject:</strong> {queue.rejectMeans}
        <br />
        <strong>Undecided:</strong> {queue.undecidedMeans}
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={() => resolve('approve')} data-testid="explain-approve">
          Approve
        </button>
        <button type="button" onClick={() => resolve('reject')} data-testid="explain-reject">
          Reject
        </button>
        {f.personId && (
          <a href={routeHref({ page: 'person', id: f.personId })} className="small" data-testid="explain-person">
            Open person
          </a>
        )}
      </div>
    </>
  );
}

function FactRow({ k, v }: { k: string; v: unknown }) {
  return (
    <>
      <dt>{k}</dt>
      <dd>{typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}</dd>
    </>
  );
}

export function ScoreTable({ s }: { s: SuggestionRow }) {
  const fields: [keyof SuggestionRow['fields'], string][] = [
    ['email', 'E-mail'],
    ['subaddress', 'Mailbox (dots, +tags)'],
    ['emailNumber', 'Number in the address'],
    ['name', 'Name'],
    ['phone', 'Phone'],
  ];
  return (
    <table className="data-table scores" data-testid="scores">
      <caption className="sr-only">Per-field scores</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col" className="n">
            Score
          </th>
        </tr>
      </thead>
      <tbody>
        {fields.map(([k, label]) => (
          <tr key={k}>
            <th scope="row">{label}</th>
            <td className="n">{s.fields[k] === null ? 'n/a' : s.fields[k]!.toFixed(2)}</td>
          </tr>
        ))}
        <tr>
          <th scope="row">
            Overall ({s.rule}
            {s.likely ? ', likely' : ''})
          </th>
          <td className="n">
            <strong>{s.score.toFixed(2)}</strong>
          </td>
        </tr>
      </tbody>
    </table>
  );
}
