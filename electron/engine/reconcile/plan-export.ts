// The plan as one deterministic JSON document: rows in key order, keys in a fixed order, no
// timestamps of its own, nothing that depends on the workspace it was computed in — so two plans
// compare byte for byte, and the same data with the same decisions gives the same bytes anywhere.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Catalog } from '../../../shared/api/reconcile.ts';
import { planRows, planTableDefs } from './plan-tables.ts';
import { controlTotals, funnel, revenue } from './reports.ts';

export const PLAN_FORMAT = 'cutover-plan/1';

export interface PlanExportOptions {
  catalog: Catalog;
  timeZone: string;
  fiscalYearStartMonth: number;
}

export function exportPlan(db: Database.Database, opts: PlanExportOptions): string {
  const parts: string[] = [];
  writePlan(db, opts, (part) => parts.push(part));
  return parts.join('');
}

/** The export's SHA-256 and size without the document in memory (a row at a time into the hash). */
export function planDigest(db: Database.Database, opts: PlanExportOptions): { sha256: string; bytes: number } {
  const hash = createHash('sha256');
  let bytes = 0;
  writePlan(db, opts, (part) => {
    hash.update(part);
    bytes += Buffer.byteLength(part);
  });
  return { sha256: hash.digest('hex'), bytes };
}

function writePlan(db: Database.Database, opts: PlanExportOptions, out: (part: string) => void): void {
  const parts = { push: out };
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
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
