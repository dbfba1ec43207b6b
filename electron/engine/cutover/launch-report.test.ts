// The launch report from a swap's result: the data the print route shows and the HTML page,
// with everything that came from the database escaped.
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { LaunchReport, type SwapRunResult } from '../../../shared/api/cutover.ts';
import { tempDir } from '../testing/engine.ts';
import { launchReportOf, launchReportPath, renderLaunchReport, writeLaunchReport } from './launch-report.ts';

const HOSTILE = '<script>alert("x")</script>&';

function run(direction: 'cutover' | 'rollback' = 'cutover'): SwapRunResult {
  return {
    at: '2026-12-02T11:23:37.000Z',
    target: 'postgres@127.0.0.1:5432/prod',
    direction,
    rowDeltas: [{ table: 'public.transactions', liveRows: 10, standbyRows: 12, added: 3, removed: 1, changed: 4 }],
    reportFile: null,
    swap: {
      historyId: 7,
      plan: {
        direction,
        tables: [{ live: 'public.transactions', standby: 'cutover_staging.transactions', park: 'cutover_backup_20261202_112337_a1b2c3.transactions' }],
        standbySchema: 'cutover_staging',
        parkSchema: 'cutover_backup_20261202_112337_a1b2c3',
        refusals: [],
        orphanCases: [
          { id: 'fk:1', childTable: 'public.refund_requests', constraint: 'refund_requests_transaction_id_fkey', childColumns: ['transaction_id'], parentTable: 'public.transactions', parentKey: { id: HOSTILE }, childRows: 2, onDelete: 'no action', choice: 'keep-parent' },
        ],
        lockOrder: ['public.refund_requests', 'public.transactions'],
        steps: [
          { id: 'swap', phase: 'locked', statements: [{ sql: `ALTER TABLE public.transactions SET SCHEMA x -- ${HOSTILE}`, params: [], label: 'production moves to its backup', kind: 'ddl' }] },
          { id: 'validate', phase: 'after', statements: [{ sql: 'ALTER TABLE public.refund_requests VALIDATE CONSTRAINT refund_requests_transaction_id_fkey', params: [], label: 'validate', kind: 'ddl' }] },
        ],
        catchUp: [],
        captureSince: 0,
        rowDeltas: [],
        pendingWrites: 1,
        expectedLockMs: 12,
        rollback: ['Production’s tables come back from the backup schema.'],
        security: [{ table: 'public.transactions', rls: 'enabled', policies: 3, grants: ['authenticated=r/postgres'] }],
        options: { choices: {}, migrationColumns: 'production' },
        sha256: 'f'.repeat(64),
      },
      lockAttempts: 2,
      lockWaitMs: 210.5,
      lockHoldMs: 41.2,
      stepMs: { prepare: 120, lock: 210.5, swap: 3.5, commit: 0 },
      carried: [{ table: 'public.transactions', action: 'updated', key: { id: HOSTILE } }],
      carriedCounts: { 'public.transactions': { updated: 1 } },
      checks: [{ step: 'verify', label: 'row counts match' }],
      after: [{ step: 'validate', label: 'validate refund_requests_transaction_id_fkey', ok: true, ms: 8 }],
      auth: { counts: { added: 5, healed: 1 }, kept: [] },
    },
  };
}

const context = { jobId: 'job-1', appVersion: '0.1.0', database: 'prod', reportFile: null };

test('the launch report holds the plan, the figures, the checks, the carried writes, the auth changes and how to roll back', () => {
  const r = LaunchReport.parse(launchReportOf(run(), context));
  assert.equal(r.historyId, 7);
  assert.deepEqual(r.figures.stepTimings.map((s) => [s.step, s.ms]), [
    ['prepare', 120],
    ['lock', 210.5],
    ['swap', 3.5],
    ['commit', 0],
    ['validate', 8],
  ]);
  assert.equal(r.figures.lockHoldMs, 41.2);
  assert.equal(r.figures.lockAttempts, 2);
  assert.deepEqual(r.figures.rowDeltas, run().rowDeltas);
  assert.deepEqual(r.carriedOver.counts, [{ table: 'public.transactions', action: 'updated', rows: 1 }]);
  assert.equal(r.carriedOver.total, 1);
  assert.deepEqual(r.auth.counts, { added: 5, healed: 1 });
  assert.equal(r.rollback.available, true);
  assert.ok(r.rollback.howTo.some((h) => h.includes('“roll back prod”')));
  assert.ok(r.rollback.howTo.some((h) => h.includes('cutover_backup_20261202_112337_a1b2c3')));

  const back = launchReportOf(run('rollback'), context);
  assert.equal(back.rollback.available, false);
  assert.match(back.rollback.howTo[0]!, /To cut over again: push, plan and cut over/);
});

test('the HTML page shows every section and escapes what came from the database', () => {
  const html = renderLaunchReport(launchReportOf(run(), context));
  for (const text of ['Cutover report: committed', 'Figures', '41.2 ms', '2 attempts', 'Rows per table', 'The SQL that ran', 'Before COMMIT', 'After COMMIT', 'Writes carried over', 'Auth users', 'How to roll back', 'f'.repeat(64)]) {
    assert.ok(html.includes(text), text);
  }
  assert.ok(!html.includes('<script>'), 'a value from the database is never markup');
  assert.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;'), 'it is shown escaped');
  assert.ok(!/<script|<link|src=|href=/i.test(html), 'self-contained: no scripts, no outside resources');
});

test('the page is written where the report says, private to the user', () => {
  const dir = tempDir();
  try {
    const r = run();
    const file = launchReportPath(join(dir.path, 'reports'), r);
    assert.equal(writeLaunchReport({ ...launchReportOf(r, { ...context, reportFile: file }), reportFile: file }), file);
    assert.match(readFileSync(file, 'utf8'), /How to roll back/);
    assert.equal(statSync(file).mode & 0o777, 0o600);
  } finally {
    dir.remove();
  }
});
