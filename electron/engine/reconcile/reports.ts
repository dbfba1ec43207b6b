// What the plan adds up to: control totals (of the plan, or of the source invoices), revenue
// recognised per product and month or fiscal quarter, and the lead → customer funnel. All read
// from the derived tables, so they are always the plan's own figures.
import type Database from 'better-sqlite3';
import type { ControlTotal, FunnelRow, RevenueRow } from '../../../shared/api/reconcile.ts';
import { fiscalQuarter } from '../domain/time.ts';

export function controlTotals(db: Database.Database, of: 'plan' | 'sources' | 'sources-without-tests'): ControlTotal[] {
  const from = of === 'plan' ? 'plan_transactions' : 'recon_payments';
  const where = of === 'sources-without-tests' ? 'WHERE is_test = 0' : '';
  return db
    .prepare(
      `SELECT product, status, month, currency, count(*) AS count, sum(amount_minor) AS amountMinor FROM ${from} ${where}
       GROUP BY product, status, month, currency ORDER BY product, status, month, currency`,
    )
    .all() as ControlTotal[];
}

/**
 * Paid invoices and approved manual payments in the plan, in the month they were paid; refunds
 * and chargebacks netted in the month they happened (those a decision rejected are not).
 */
export function revenue(db: Database.Database, by: 'month' | 'quarter', fiscalYearStartMonth: number): RevenueRow[] {
  const rows = db
    .prepare(
      `WITH paid AS (
         SELECT product, paid_month AS period, currency, count(*) AS payments, sum(amount_minor) AS gross, 0 AS refunds, 0 AS chargebacks
         FROM plan_transactions GROUP BY 1, 2, 3),
       back AS (
         SELECT t.product, l.month AS period, l.currency, 0 AS payments, 0 AS gross,
           sum(CASE WHEN l.kind = 'refund' THEN l.amount_minor ELSE 0 END) AS refunds,
           sum(CASE WHEN l.kind = 'chargeback' THEN l.amount_minor ELSE 0 END) AS chargebacks
         FROM recon_ledger l JOIN plan_transactions t ON t.rid = l.rid
         WHERE l.succeeded = 1 AND NOT EXISTS (SELECT 1 FROM recon_findings f WHERE f.id = l.kind || ':' || l.id AND f.status = 'rejected')
         GROUP BY 1, 2, 3)
       SELECT product, period, currency, sum(payments) AS payments, sum(gross) AS gross, sum(refunds) AS refunds, sum(chargebacks) AS chargebacks
       FROM (SELECT * FROM paid UNION ALL SELECT * FROM back) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    )
    .all() as { product: string; period: string; currency: string; payments: number; gross: number; refunds: number; chargebacks: number }[];
  const out = new Map<string, RevenueRow>();
  for (const r of rows) {
    const period = by === 'quarter' ? fiscalQuarter(r.period, fiscalYearStartMonth) : r.period;
    const key = `${r.product}|${period}|${r.currency}`;
    const row = out.get(key) ?? { product: r.product, period, currency: r.currency, payments: 0, grossMinor: 0, refundsMinor: 0, chargebacksMinor: 0, netMinor: 0 };
    row.payments += r.payments;
    row.grossMinor += r.gross;
    row.refundsMinor += r.refunds;
    row.chargebacksMinor += r.chargebacks;
    row.netMinor = row.grossMinor - row.refundsMinor - row.chargebacksMinor;
    out.set(key, row);
  }
  return [...out.values()].sort((a, b) => a.product.localeCompare(b.product) || a.period.localeCompare(b.period) || a.currency.localeCompare(b.currency));
}

/** People with a contact (tests and exclusions aside), by the month they first signed up and their lead tag. */
export function funnel(db: Database.Database): FunnelRow[] {
  return db
    .prepare(
      `SELECT registered_month AS month, coalesce(lead_tag, 'none') AS tag, count(*) AS people,
         sum(status = 'customer') AS buyers, sum(status = 'student-unpaid') AS unpaidStudents, sum(status = 'lead') AS leads
       FROM recon_people WHERE contacts > 0 AND status NOT IN ('test', 'excluded')
       GROUP BY 1, 2 ORDER BY 1, 2`,
    )
    .all() as FunnelRow[];
}
