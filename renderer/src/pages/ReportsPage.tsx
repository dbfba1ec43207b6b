// Reports: revenue by product, status, month and fiscal quarter; the lead → customer funnel;
// data quality (findings by queue and over time, quarantine). Each is a chart (recharts: SVG, so
// it prints as vectors, and it draws under the strict CSP) beside the table it is drawn from, with
// the table as CSV. Print gives a PDF (print.css lays it out as a report); the print route shows
// the report alone and says when it is ready, for the desktop app's printToPDF.
import { useEffect, useMemo, type ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Funnel, FunnelChart, LabelList, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { ControlTotal, FunnelRow, QueueSummary, RevenueRow } from '../../../shared/api/reconcile.ts';
import { downloadText, toCsv } from '../download.ts';
import { formatNumber } from '../format.ts';
import { formatMoney } from '../grid/columns.ts';
import { useApi } from '../hooks/useApi.ts';
import { useQuery } from '../hooks/useQuery.ts';
import { NeedsSources } from '../components/NeedsSources.tsx';

const W = 540;
const H = 260;
const palette = ['#1f5f99', '#c2571a', '#2e8b57', '#7a4fa3', '#a33a3a', '#5f6b7a', '#b08900', '#3b8ea5'];
const pesos = (minor: number) => minor / 100;

interface Table {
  name: string;
  header: string[];
  rows: (string | number)[][];
}

function ReportBlock({ title, table, chart, testId }: { title: string; table: Table; chart: ReactNode; testId: string }) {
  return (
    <section className="card report" aria-labelledby={`${testId}-h`} data-testid={testId}>
      <div className="card-head">
        <h2 id={`${testId}-h`}>{title}</h2>
        <button type="button" className="secondary small no-print" onClick={() => downloadText(`${table.name}.csv`, toCsv(table.header, table.rows), 'text/csv')} data-testid={`${testId}-csv`}>
          CSV
        </button>
      </div>
      {table.rows.length === 0 ? (
        <p className="muted">Nothing to report yet.</p>
      ) : (
        <div className="report-body">
          <figure className="report-chart" aria-label={`${title}: chart of the table beside it`}>
            {chart}
          </figure>
          <div className="table-scroll" tabIndex={0} role="region" aria-label={`${title}: table`}>
            <table className="data-table">
              <thead>
                <tr>
                  {table.header.map((h) => (
                    <th key={h} scope="col">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((r, i) => (
                  <tr key={i}>
                    {r.map((c, j) => (
                      <td key={j} className={typeof c === 'number' ? 'n' : undefined}>
                        {typeof c === 'number' ? formatNumber(c) : c}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}

/** Rows of period × product into one object per period, a key per product (stacked bars). */
function pivot(rows: RevenueRow[], value: (r: RevenueRow) => number) {
  const products = [...new Set(rows.map((r) => r.product))].sort();
  const byPeriod = new Map<string, Record<string, number | string>>();
  for (const r of rows) {
    const o = byPeriod.get(r.period) ?? { period: r.period };
    o[r.product] = ((o[r.product] as number | undefined) ?? 0) + value(r);
    byPeriod.set(r.period, o);
  }
  return { products, data: [...byPeriod.values()].sort((a, b) => String(a.period).localeCompare(String(b.period))) };
}

function RevenueChart({ rows }: { rows: RevenueRow[] }) {
  const { products, data } = pivot(rows, (r) => pesos(r.netMinor));
  return (
    <BarChart width={W} height={H} data={data} accessibilityLayer>
      <CartesianGrid strokeDasharray="3 3" />
      <XAxis dataKey="period" fontSize={11} />
      <YAxis fontSize={11} width={70} />
      <Tooltip formatter={(v) => formatMoney(Number(v) * 100)} />
      <Legend />
      {products.map((p, i) => (
        <Bar key={p} dataKey={p} stackId="net" fill={palette[i % palette.length]} isAnimationActive={false} />
      ))}
    </BarChart>
  );
}

const revenueTable = (name: string, rows: RevenueRow[]): Table => ({
  name,
  header: ['Period', 'Product', 'Payments', 'Gross', 'Refunds', 'Chargebacks', 'Net'],
  rows: rows.map((r) => [r.period, r.product, r.payments, formatMoney(r.grossMinor), formatMoney(r.refundsMinor), formatMoney(r.chargebacksMinor), formatMoney(r.netMinor)]),
});

function byStatus(totals: ControlTotal[]) {
  const m = new Map<string, { status: string; count: number; amount: number }>();
  for (const t of totals) {
    const o = m.get(t.status) ?? { status: t.status, count: 0, amount: 0 };
    o.count += t.count;
    o.amount += t.amountMinor;
    m.set(t.status, o);
  }
  return [...m.values()].sort((a, b) => b.count - a.count);
}

function funnelTotals(rows: FunnelRow[]) {
  const sum = (f: (r: FunnelRow) => number) => rows.reduce((n, r) => n + f(r), 0);
  return [
    { stage: 'Signed up', value: sum((r) => r.people), fill: palette[0] },
    { stage: 'Tagged as students', value: sum((r) => r.buyers + r.unpaidStudents), fill: palette[1] },
    { stage: 'Paying customers', value: sum((r) => r.buyers), fill: palette[2] },
  ];
}

export function ReportsPage({ print = false }: { print?: boolean }) {
  if (print) return <Reports print />;
  return (
    <NeedsSources what="nothing to report" title="Reports" titleTestId="page-title">
      <Reports print={false} />
    </NeedsSources>
  );
}

function Reports({ print }: { print: boolean }) {
  const api = useApi();
  const monthly = useQuery('reconcile-revenue', { by: 'month' }, 'Revenue by month');
  const quarterly = useQuery('reconcile-revenue', { by: 'quarter' }, 'Revenue by quarter');
  const sources = useQuery('reconcile-totals', { of: 'sources' }, 'Totals by status');
  const funnel = useQuery('reconcile-funnel', {}, 'Funnel');
  const queues = useQuery('reconcile-queues', {}, 'Queues');
  const overTime = useQuery('reconcile-findings', { limit: 1, facets: ['month'], withTotals: true }, 'Findings over time');
  const streams = useQuery('pull-status', {}, 'Pull status');
  const all = [monthly, quarterly, sources, funnel, queues, overTime, streams];
  const ready = all.every((q) => q.data !== undefined);
  const loading = all.some((q) => q.loading);

  useEffect(() => {
    if (!print || !ready) return;
    // Charts drew in this commit; fonts may still be on their way.
    void document.fonts.ready.then(() => {
      document.documentElement.dataset.printReady = '1';
    });
  }, [print, ready]);

  const statusRows = useMemo(() => byStatus(sources.data ?? []), [sources.data]);
  const funnelRows = useMemo(() => funnelTotals(funnel.data ?? []), [funnel.data]);
  const queueRows = (queues.data ?? []).filter((q: QueueSummary) => q.id !== 'leads');
  const monthCounts = [...(overTime.data?.facets.month ?? [])].filter((f) => f.value !== null).sort((a, b) => String(a.value).localeCompare(String(b.value)));

  return (
    <div className={`page page-wide${print ? ' print-page' : ''}`}>
      <header className="page-header">
        <h1 data-testid="page-title" tabIndex={-1}>
          Reports
        </h1>
        <p className="summary">Revenue is the sum of real amounts (paid and approved manual payments, refunds and chargebacks netted), by Manila month and fiscal quarter.</p>
        <div className="actions no-print">
          <button type="button" className="secondary" onClick={() => void api.printReport('reports')} disabled={!ready} data-testid="print-report">
            Print / save as PDF
          </button>
          {loading && <span className="muted small">Reading…</span>}
        </div>
      </header>
      {!ready && !loading && <p className="bad">Some reports could not be read; the error banner says why.</p>}
      {monthly.data && <ReportBlock title="Revenue by month" testId="report-revenue-month" table={revenueTable('revenue-by-month', monthly.data)} chart={<RevenueChart rows={monthly.data} />} />}
      {quarterly.data && <ReportBlock title="Revenue by fiscal quarter" testId="report-revenue-quarter" table={revenueTable('revenue-by-quarter', quarterly.data)} chart={<RevenueChart rows={quarterly.data} />} />}
      {sources.data && (
        <ReportBlock
          title="Invoices by status"
          testId="report-status"
          table={{ name: 'invoices-by-status', header: ['Status', 'Invoices', 'Amount'], rows: statusRows.map((r) => [r.status, r.count, formatMoney(r.amount)]) }}
          chart={
            <BarChart width={W} height={H} data={statusRows} accessibilityLayer>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="status" fontSize={11} />
              <YAxis fontSize={11} width={70} />
              <Tooltip />
              <Bar dataKey="count" name="Invoices" fill={palette[0]} isAnimationActive={false} />
            </BarChart>
          }
        />
      )}
      {funnel.data && (
        <ReportBlock
          title="Lead → customer funnel"
          testId="report-funnel"
          table={{
            name: 'funnel',
            header: ['Month', 'Lead tag', 'People', 'Buyers', 'Unpaid students', 'Leads'],
            rows: funnel.data.map((r) => [r.month, r.tag, r.people, r.buyers, r.unpaidStudents, r.leads]),
          }}
          chart={
            <FunnelChart width={W} height={H} accessibilityLayer>
              <Tooltip />
              <Funnel dataKey="value" nameKey="stage" data={funnelRows} isAnimationActive={false}>
                <LabelList position="right" fill="#1f2933" stroke="none" dataKey="stage" fontSize={12} />
              </Funnel>
            </FunnelChart>
          }
        />
      )}
      {queues.data && (
        <ReportBlock
          title="Data quality: findings by queue"
          testId="report-quality"
          table={{ name: 'findings-by-queue', header: ['Queue', 'Severity', 'Open', 'Approved', 'Rejected', 'Total'], rows: queueRows.map((q) => [q.title, q.severity, q.open, q.approved, q.rejected, q.total]) }}
          chart={
            <BarChart width={W} height={H} data={queueRows} layout="vertical" accessibilityLayer>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis type="number" fontSize={11} />
              <YAxis type="category" dataKey="title" width={170} fontSize={11} />
              <Tooltip />
              <Bar dataKey="open" name="Open" stackId="q" fill={palette[1]} isAnimationActive={false} />
              <Bar dataKey="approved" name="Approved" stackId="q" fill={palette[2]} isAnimationActive={false} />
              <Bar dataKey="rejected" name="Rejected" stackId="q" fill={palette[5]} isAnimationActive={false} />
            </BarChart>
          }
        />
      )}
      {overTime.data && (
        <ReportBlock
          title="Data quality: findings over time"
          testId="report-quality-time"
          table={{ name: 'findings-by-month', header: ['Month', 'Findings'], rows: monthCounts.map((f) => [String(f.value), f.count]) }}
          chart={
            <BarChart width={W} height={H} data={monthCounts.map((f) => ({ month: String(f.value), findings: f.count }))} accessibilityLayer>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="month" fontSize={11} />
              <YAxis fontSize={11} />
              <Tooltip />
              <Bar dataKey="findings" name="Findings" fill={palette[3]} isAnimationActive={false} />
            </BarChart>
          }
        />
      )}
      {streams.data && (
        <ReportBlock
          title="Data quality: quarantine"
          testId="report-quarantine"
          table={{ name: 'quarantine', header: ['Stream', 'Records', 'Quarantined'], rows: streams.data.map((s) => [s.label, s.records, s.quarantined]) }}
          chart={
            <BarChart width={W} height={H} data={streams.data.map((s) => ({ stream: s.label, quarantined: s.quarantined }))} accessibilityLayer>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="stream" fontSize={11} />
              <YAxis fontSize={11} allowDecimals={false} />
              <Tooltip />
              <Bar dataKey="quarantined" name="Quarantined" fill={palette[4]} isAnimationActive={false} />
            </BarChart>
          }
        />
      )}
    </div>
  );
}
