// The validation's HTML report, kept in the workspace folder: one self-contained page (no
// scripts, no outside resources) with each check, its severity, its outcome and its samples.
import type { ValidationCheck } from '../../../../shared/api/target.ts';
import { escapeHtml as esc, writeHtmlFile } from '../../files/html.ts';
const cell = (v: unknown) => (v === null || v === undefined ? '<i>NULL</i>' : esc(typeof v === 'object' ? JSON.stringify(v) : v));

export interface ReportFacts {
  at: string;
  target: string;
  planSha256: string;
  approvedBy: string;
  outcome: 'pushed' | 'rejected';
  checks: readonly ValidationCheck[];
}

export function renderReport(f: ReportFacts): string {
  const errors = f.checks.filter((c) => !c.passed && c.severity === 'error').length;
  const warnings = f.checks.filter((c) => !c.passed && c.severity === 'warn').length;
  const order = (c: ValidationCheck) => (c.passed ? 2 : c.severity === 'error' ? 0 : 1);
  const checks = [...f.checks].sort((a, b) => order(a) - order(b));
  const section = (c: ValidationCheck) => {
    const cols = [...new Set(c.samples.flatMap((s) => Object.keys(s)))];
    const samples = c.samples.length
      ? `<table><thead><tr>${cols.map((k) => `<th>${esc(k)}</th>`).join('')}</tr></thead><tbody>${c.samples
          .map((s) => `<tr>${cols.map((k) => `<td>${cell(s[k])}</td>`).join('')}</tr>`)
          .join('')}</tbody></table>${c.failed > c.samples.length ? `<p class="more">${c.samples.length} of ${c.failed.toLocaleString('en-US')} shown.</p>` : ''}`
      : '';
    const state = c.passed ? 'pass' : c.severity === 'error' ? 'error' : 'warn';
    return `<section class="${state}"><h2><span class="badge">${state === 'pass' ? 'passed' : state === 'error' ? 'ERROR' : 'warning'}</span> ${esc(c.label)}</h2><p>${esc(c.detail)}</p>${samples}</section>`;
  };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Push validation ${esc(f.at)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1d232a}h1{font-size:1.4rem}
section{border-left:4px solid #9aa5b1;padding:.25rem 1rem;margin:1rem 0}section.error{border-color:#c62828}section.warn{border-color:#d98e04}section.pass{border-color:#2e7d32}
h2{font-size:1rem;margin:.4rem 0}.badge{font-size:.75rem;padding:.1rem .4rem;border-radius:3px;background:#eef1f4}
table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #d5dbe1;padding:.15rem .4rem;text-align:left}.more{color:#52606d}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{color:#52606d}
</style></head><body>
<h1>Push validation: ${f.outcome === 'pushed' ? 'staging holds the plan' : 'rejected, staging left as it was'}</h1>
<dl><dt>When</dt><dd>${esc(f.at)}</dd><dt>Target</dt><dd>${esc(f.target)}</dd><dt>Plan</dt><dd>${esc(f.planSha256)} (approved by ${esc(f.approvedBy)})</dd>
<dt>Result</dt><dd>${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${f.checks.length} checks${errors ? ' — errors block the cutover' : ''}</dd></dl>
${checks.map(section).join('\n')}
</body></html>
`;
}

/** Writes the report under `dir` (reports/ in the workspace); returns its path. */
export function writeReport(dir: string, facts: ReportFacts): string {
  return writeHtmlFile(dir, `push-validation-${facts.at.replace(/[:.]/g, '-')}.html`, renderReport(facts));
}
