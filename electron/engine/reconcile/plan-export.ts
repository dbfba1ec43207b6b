// The plan as one deterministic JSON document: rows in key order, keys in a fixed order, no
// timestamps of its own, nothing that depends on the workspace it was computed in — so two plans
// compare byte for byte, and the same data with the same decisions gives the same bytes anywhere.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Catalog } from '../../../shared/api/reconcile.ts';
import { planRows, planTableDefs } from './plan-tables.ts';
import { controlTotals, funnel, revenue } from './reports.ts';

export const PLAN_FORMAT = 'cutover-plan/1';

export function exportPlan(db: Database.Database, opts: { catalog: Catalog; timeZone: string; fiscalYearStartMonth: number }): string {
  const parts: string[] = [];
  const put = (key: string, value: unknown, last = false) => parts.push(`${JSON.stringify(key)}:${JSON.stringify(value)}${last ? '' : ','}`);
  parts.push('{');
  put('format', PLAN_FORMAT);
  put('settings', { timeZone: opts.timeZone, fiscalYearStartMonth: opts.fiscalYearStartMonth });
  put('catalog', opts.catalog);
  parts.push('"tables":{');
  planTableDefs.forEach((def, i) => {
    parts.push(`${JSON.stringify(def.table)}:{"key":"id","ownedColumns":${JSON.stringify(def.columns.map((c) => c.name))},"rows":[`);
    let first = true;
    for (const row of planRows(db, def)) {
      parts.push(`${first ? '' : ','}${JSON.stringify(row)}`);
      first = false;
    }
    parts.push(`]}${i === planTableDefs.length - 1 ? '' : ','}`);
  });
  parts.push('},');
  put('controlTotals', controlTotals(db, 'plan'));
  put('revenueByMonth', revenue(db, 'month', opts.fiscalYearStartMonth));
  put('revenueByQuarter', revenue(db, 'quarter', opts.fiscalYearStartMonth));
  put('funnel', funnel(db));
  put('decisionsInForce', db.prepare("SELECT decision_id FROM recon_decision_state WHERE state = 'active' ORDER BY decision_id").pluck().all(), true);
  parts.push('}');
  return parts.join('');
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
