// The launch report: one LaunchReport (shared/api/cutover.ts) made from a committed swap's job
// result, and its self-contained HTML page (no scripts, no outside resources) in the workspace's
// reports folder. The renderer prints the same LaunchReport for its PDF, so the two never differ
// in what they say.
import { planStepIds, planStepLabels, swapConfirmation, type LaunchReport, type SwapRunResult } from '../../../shared/api/cutover.ts';
import { basename, dirname, join } from 'node:path';
import { escapeHtml as esc, writeHtmlFile } from '../files/html.ts';

export interface LaunchReportContext {
  jobId: string;
  appVersion: string | null;
  /** The target's database name, for the confirmation text a rollback needs. */
  database: string;
  reportFile: string | null;
}

export function launchReportOf(run: SwapRunResult, c: LaunchReportContext): LaunchReport {
  const { swap } = run;
  const plan = swap.plan;
  const afterMs = (id: string) => swap.after.filter((a) => a.step === id).reduce((n, a) => n + a.ms, 0);
  const stepTimings = planStepIds.flatMap((step) => {
    const ms = swap.stepMs[step] ?? (swap.after.some((a) => a.step === step) ? afterMs(step) : undefined);
    return ms === undefined ? [] : [{ step, label: planStepLabels[step], ms }];
  });
  const counts = Object.entries(swap.carriedCounts).flatMap(([table, byAction]) =>
    Object.entries(byAction).map(([action, rows]) => ({ table, action: action as LaunchReport['carriedOver']['rows'][number]['action'], rows })),
  );
  const cutover = run.direction === 'cutover';
  const backupSchema = plan.parkSchema;
  return {
    direction: run.direction,
    at: run.at,
    target: run.target,
    historyId: swap.historyId,
    jobId: c.jobId,
    appVersion: c.appVersion,
    plan: {
      sha256: plan.sha256,
      tables: plan.tables,
      lockOrder: plan.lockOrder,
      refusals: plan.refusals,
      orphanCases: plan.orphanCases,
      options: plan.options,
      security: plan.security,
      steps: plan.steps.map((s) => ({ id: s.id, label: planStepLabels[s.id], phase: s.phase, statements: s.statements.map((x) => ({ label: x.label, sql: x.sql })) })),
    },
    figures: {
      lockHoldMs: swap.lockHoldMs,
      lockWaitMs: swap.lockWaitMs,
      lockAttempts: swap.lockAttempts,
      expectedLockMs: plan.expectedLockMs,
      stepTimings,
      rowDeltas: run.rowDeltas,
    },
    checks: { beforeCommit: swap.checks, afterCommit: swap.after },
    carriedOver: {
      total: counts.reduce((n, x) => n + x.rows, 0),
      counts,
      rows: swap.carried,
      migrationColumns: plan.options.migrationColumns,
    },
    auth: swap.auth,
    rollback: cutover
      ? {
          available: true,
          backupSchema,
          steps: plan.rollback,
          howTo: [
            `In the app: the Verify step's Roll back, typing “${swapConfirmation('rollback', c.database)}”.`,
            `From the command line: npx cutover rollback-start --input '{"confirm":"${swapConfirmation('rollback', c.database)}"}' --data-dir <workspace>`,
            `Production's tables as they were are kept in ${backupSchema} until dropped; once they are dropped (backups-drop, typing “${backupSchema}”), this cutover can no longer be rolled back.`,
          ],
        }
      : {
          available: false,
          backupSchema,
          steps: plan.rollback,
          howTo: [`This was a rollback: the tables the cutover had put in are kept in ${backupSchema} until dropped. To cut over again: push, plan and cut over.`],
        },
    reportFile: c.reportFile,
  };
}

const n = (v: number) => v.toLocaleString('en-US');
const msText = (v: number) => `${v.toLocaleString('en-US', { maximumFractionDigits: 1 })} ms`;
const list = (items: readonly string[], empty = 'none') => (items.length ? `<ul>${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>` : `<p class="none">${esc(empty)}</p>`);
const table = (head: readonly string[], rows: readonly (readonly unknown[])[], empty = 'none') =>
  rows.length
    ? `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((v) => `<td>${esc(v)}</td>`).join('')}</tr>`).join('')}</tbody></table>`
    : `<p class="none">${esc(empty)}</p>`;
const json = (v: unknown) => JSON.stringify(v);

export function renderLaunchReport(r: LaunchReport): string {
  const what = r.direction === 'cutover' ? 'Cutover' : 'Rollback';
  const f = r.figures;
  const failedAfter = r.checks.afterCommit.filter((a) => !a.ok);
  const sql = r.plan.steps
    .filter((s) => s.statements.length)
    .map(
      (s) =>
        `<details><summary>${esc(s.label)} — ${n(s.statements.length)} statement${s.statements.length === 1 ? '' : 's'} (${esc(s.phase)})</summary>${s.statements
          .map((x) => `<p class="why">${esc(x.label)}</p><pre>${esc(x.sql)}</pre>`)
          .join('')}</details>`,
    )
    .join('\n');
  const carriedListed = r.carriedOver.rows.length < r.carriedOver.total ? `<p class="none">The first ${n(r.carriedOver.rows.length)} of ${n(r.carriedOver.total)} are listed.</p>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${what} report ${esc(r.at)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1d232a}h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.6rem;border-bottom:1px solid #d5dbe1}
table{border-collapse:collapse;font-size:12px;margin:.4rem 0}td,th{border:1px solid #d5dbe1;padding:.15rem .4rem;text-align:left;vertical-align:top}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{color:#52606d}pre{white-space:pre-wrap;font-size:11px;background:#f5f7f9;padding:.4rem;margin:.2rem 0 .6rem}
.why{margin:.4rem 0 0;color:#52606d}.none{color:#52606d}.bad{color:#c62828}details{margin:.3rem 0}@media print{details{display:block}details>*{display:block}}
</style></head><body>
<h1>${what} report: committed</h1>
<dl><dt>Committed</dt><dd>${esc(r.at)}</dd><dt>Target</dt><dd>${esc(r.target)}</dd><dt>History entry</dt><dd>${esc(r.historyId)}</dd>
<dt>Plan</dt><dd>${esc(r.plan.sha256)}</dd><dt>Job</dt><dd>${esc(r.jobId)}${r.appVersion ? ` (Cutover ${esc(r.appVersion)})` : ''}</dd></dl>

<h2>Figures</h2>
<dl><dt>Locks held</dt><dd>${msText(f.lockHoldMs)} (expected about ${msText(f.expectedLockMs)})</dd><dt>Waiting for the locks</dt><dd>${msText(f.lockWaitMs)}, ${n(f.lockAttempts)} attempt${f.lockAttempts === 1 ? '' : 's'}</dd></dl>
${table(['Step', 'Time'], f.stepTimings.map((s) => [s.label, msText(s.ms)]))}
<h3>Rows per table</h3>
${table(['Table', 'Before', 'After', 'Added', 'Removed', 'Changed'], f.rowDeltas.map((d) => [d.table, n(d.liveRows), n(d.standbyRows), n(d.added), n(d.removed), n(d.changed)]), 'Not compared (run without a plan shown).')}

<h2>Plan</h2>
${table(['Table', 'Came from', 'Replaced table kept as'], r.plan.tables.map((t) => [t.live, t.standby, t.park]))}
<p>Locked in this order: ${esc(r.plan.lockOrder.join(', '))}</p>
<h3>Rows that would have lost their parent</h3>
${table(['Child table', 'Foreign key', 'Parent', 'Child rows', 'Choice'], r.plan.orphanCases.map((o) => [o.childTable, o.constraint, `${o.parentTable} ${json(o.parentKey)}`, n(o.childRows), o.choice]))}
<h3>Security reproduced</h3>
${table(['Table', 'RLS', 'Policies', 'Grants'], r.plan.security.map((s) => [s.table, s.rls, n(s.policies), s.grants.join(' ')]))}
<h3>The SQL that ran</h3>
${sql}

<h2>Checks</h2>
<h3>Before COMMIT (all passed)</h3>
${list(r.checks.beforeCommit.map((c) => c.label))}
<h3>After COMMIT</h3>
${table(['Step', 'What', 'Outcome', 'Time'], r.checks.afterCommit.map((a) => [a.step, a.label, a.ok ? 'ok' : `failed: ${a.error ?? ''}`, msText(a.ms)]))}
${failedAfter.length ? `<p class="bad">${n(failedAfter.length)} after-commit step${failedAfter.length === 1 ? '' : 's'} failed; the swap itself is committed.</p>` : ''}

<h2>Writes carried over</h2>
<p>${n(r.carriedOver.total)} row${r.carriedOver.total === 1 ? '' : 's'} the live app wrote were carried over under the lock${r.direction === 'cutover' ? ` (for migration-owned columns the app changed: ${r.carriedOver.migrationColumns === 'production' ? "production's value" : "the migration's value"})` : ''}.</p>
${table(['Table', 'Action', 'Rows'], r.carriedOver.counts.map((x) => [x.table, x.action, n(x.rows)]))}
${table(['Table', 'Action', 'Key'], r.carriedOver.rows.map((x) => [x.table, x.action, json(x.key)]), 'No writes to carry.')}
${carriedListed}

<h2>Auth users</h2>
${table(['Change', 'Users'], Object.entries(r.auth.counts).map(([k, v]) => [k, n(v)]))}
${r.auth.kept.length ? `<p>Kept because they were used since the cutover:</p>${table(['Id', 'E-mail', 'Last sign-in'], r.auth.kept.map((u) => [u.id, u.email ?? '', u.lastSignInAt ?? '']))}` : ''}

<h2>How to roll back</h2>
${list(r.rollback.howTo)}
<h3>What the rollback does</h3>
${list(r.rollback.steps)}
</body></html>
`;
}

/** Where the report of a committed swap goes under `dir` (reports/ in the workspace). */
export function launchReportPath(dir: string, run: SwapRunResult): string {
  return join(dir, `${run.direction}-${run.swap.historyId}-${run.at.replace(/[:.]/g, '-')}.html`);
}

/** Writes the page to the report's own reportFile; returns its path. */
export function writeLaunchReport(report: LaunchReport & { reportFile: string }): string {
  return writeHtmlFile(dirname(report.reportFile), basename(report.reportFile), renderLaunchReport(report));
}
