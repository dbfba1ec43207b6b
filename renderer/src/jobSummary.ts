// One line on what a finished job produced, from its recorded result (nothing inferred).
import type { JobInfo } from '../../shared/api/jobs.ts';
import { CsvImportResult } from '../../shared/api/sources.ts';
import { SessionResumeResult, WorkspaceCheckResult } from '../../shared/api/app.ts';
import { formatNumber } from './format.ts';

function scalar(v: unknown): string | null {
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'string') return v.length > 80 ? `${v.slice(0, 77)}…` : v;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (v === null) return '—';
  if (Array.isArray(v)) return `${formatNumber(v.length)} items`;
  return null;
}

function words(key: string): string {
  return key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[-_]/g, ' ').toLowerCase();
}

export function summarizeResult(job: JobInfo): string {
  if (job.error) return job.error.message;
  const r = job.result;
  const csv = CsvImportResult.safeParse(r);
  if (csv.success) {
    const c = csv.data;
    const matched = c.matched ? ` (${formatNumber(c.matched)} matched to pulled contacts by e-mail)` : '';
    return `${formatNumber(c.rows)} rows: ${formatNumber(c.imported)} imported, ${formatNumber(c.unchanged)} unchanged${matched}, ${formatNumber(c.errorCount)} with errors`;
  }
  const resumed = SessionResumeResult.safeParse(r);
  if (resumed.success) return resumed.data.note;
  const check = WorkspaceCheckResult.safeParse(r);
  if (check.success) {
    const rows = check.data.tables.reduce((n, t) => n + t.rows, 0);
    return `Integrity ${check.data.integrity}; ${formatNumber(check.data.tables.length)} tables, ${formatNumber(rows)} rows`;
  }
  if (r === undefined || r === null) return job.state === 'done' ? 'Done' : '';
  if (typeof r !== 'object') return scalar(r) ?? '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(r as Record<string, unknown>)) {
    const s = scalar(v);
    if (s !== null) parts.push(`${words(k)}: ${s}`);
    if (parts.length >= 6) break;
  }
  return parts.join(', ');
}
