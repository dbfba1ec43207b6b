// CSV export of a grid's view: every matching row (filters and sort applied, far more than a
// page), the columns asked for in order, fields quoted as CSV needs, with progress; the file is
// found by its id only.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { seededWorkspace, type SeededWorkspace } from '../testing/seeded-workspace.ts';
import { ok, recompute } from '../testing/reconcile.ts';
import { csvField, exportFile } from './grid-export.ts';

let ws: SeededWorkspace;
before(async () => {
  ws = await seededWorkspace({ scale: 0.25 });
  await recompute(ws.engine);
});
after(() => ws.close());

test('the export holds every row of the view, in its order, with the columns shown', async () => {
  const e = ws.engine;
  const request = { filters: [{ column: 'meaning', op: 'eq' as const, value: 'paid' }], sort: [{ column: 'amountMinor', dir: 'desc' as const }] };
  const { jobId } = await ok(e, 'export-grid', { grid: 'reconcile-payments', request, columns: [{ id: 'externalId', header: 'External id' }, { id: 'amountMinor', header: 'Amount, centavos' }, { id: 'description', header: 'Description' }], name: 'paid payments' });
  const job = await e.context.jobs.wait(jobId, 600_000);
  assert.equal(job.state, 'done', job.error?.message);
  assert.ok(job.kind === 'grid-export' && job.result);
  const expected: { externalId: string; amountMinor: number; description: string | null }[] = [];
  let cursor: string | null = null;
  do {
    const page: { rows: typeof expected; next: string | null } = await ok(e, 'reconcile-payments', { ...request, cursor, limit: 1000, withTotals: false });
    expected.push(...page.rows);
    cursor = page.next;
  } while (cursor);
  assert.ok(expected.length > 1000, `more rows than one page (${expected.length})`);
  assert.equal(job.result.rows, expected.length);
  assert.equal(job.progress.done, expected.length);
  assert.equal(job.result.fileName, 'paid-payments.csv');
  const file = exportFile(e.context.workspace.path, job.result.exportId)!;
  const lines = readFileSync(file, 'utf8').replace(/^\uFEFF/, '').split('\r\n');
  assert.equal(lines[0], 'External id,"Amount, centavos",Description');
  assert.equal(lines.length - 2, expected.length, 'one line per row, and a final line break');
  assert.deepEqual(lines.slice(1, 4), expected.slice(0, 3).map((r) => [r.externalId, r.amountMinor, r.description].map(csvField).join(',')));
});

test('CSV fields are quoted when needed and formula-like text is defused; exports are found by id only', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a, "b"'), '"a, ""b"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  assert.equal(csvField(-5), '-5');
  assert.equal(csvField(null), '');
  assert.equal(exportFile(ws.dataDir, '../workspace.sqlite'), null);
  assert.equal(exportFile(ws.dataDir, '00000000-0000-0000-0000-000000000000'), null);
});
