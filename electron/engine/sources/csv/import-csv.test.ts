import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CutoverError } from '../../../../shared/api/errors.ts';
import { RawWriter } from '../ingest/writer.ts';
import { importCsv } from './import-csv.ts';
import { derivedContactId } from './systeme-contacts.ts';
import { withEngine } from '../../testing/engine.ts';
import { stubJob, tempWorkspace, withTempWorkspace } from '../../testing/csv.ts';

const TZ = { timeZone: 'Asia/Manila' };
const INVOICE_HEADER = 'Invoice ID,External ID,Status,Description,Amount,Currency,Email,Customer Email,Created Date,Paid Date,Payment Method';

function invoiceCsv(n: number, opts: { bad?: boolean; change?: number } = {}): string {
  const lines = [INVOICE_HEADER];
  for (let i = 0; i < n; i++) {
    const id = (0x65a1b2c3d4e5f6n * 1000n + BigInt(i)).toString(16).padStart(24, '0');
    const amount = i === opts.change ? '"1,300.00"' : '1000';
    lines.push(`${id},ext-${i},PAID,Papers to Profits Learning Fee,${amount},PHP,p${i}@example.com,,2024-09-03 13:12:44,09/03/2024 14:00,EWALLET`);
  }
  if (opts.bad) lines.push('badrow,ext-x,PAID,x,lots,PHP,,,2024-09-03 13:12:44,,');
  return `${lines.join('\r\n')}\r\n`;
}

const apiInvoice = (id: string) => ({
  id,
  external_id: 'api-ext',
  user_id: 'merchant',
  status: 'SETTLED',
  amount: 1300,
  currency: 'PHP',
  payer_email: 'api@example.com',
  description: 'from the API',
  created: '2024-09-01T00:00:00.000Z',
  updated: '2024-09-02T00:00:00.000Z',
  paid_at: '2024-09-01T00:05:00.000Z',
});

test('imports invoices in batches with progress, reports bad rows, and a re-import changes nothing', async () => {
  await withTempWorkspace(async (ws) => {
    const db = ws.workspace.db;
    const text = invoiceCsv(2_500, { bad: true });
    const job = stubJob();
    const first = await importCsv(db, { kind: 'xendit-invoices', content: text }, job, TZ);
    assert.deepEqual(first, {
      kind: 'xendit-invoices',
      rows: 2_501,
      imported: 2_500,
      unchanged: 0,
      errors: [{ line: 2_502, message: 'Invoice badrow: unreadable amount "lots"; row skipped' }],
      errorCount: 1,
    });
    assert.equal(db.prepare("SELECT count(*) FROM raw_xendit_invoices WHERE origin = 'csv'").pluck().get(), 2_500);
    assert.ok(job.progress.length >= 3, 'progress between batches');
    assert.deepEqual(job.progress.at(-1), { done: 2_501, total: 2_501 });
    const dones = job.progress.map((p) => p.done);
    assert.deepEqual(dones, [...dones].sort((a, b) => a - b), 'progress only goes up');

    const again = await importCsv(db, { kind: 'xendit-invoices', content: text }, stubJob(), TZ);
    assert.equal(again.imported, 0);
    assert.equal(again.unchanged, 2_500);
    assert.equal(db.prepare('SELECT max(revision) FROM raw_xendit_invoices').pluck().get(), 1);

    // One row edited: exactly that record changes.
    const edited = await importCsv(db, { kind: 'xendit-invoices', content: invoiceCsv(2_500, { change: 7 }) }, stubJob(), TZ);
    assert.equal(edited.imported, 1);
    assert.equal(edited.unchanged, 2_499);
    assert.equal(db.prepare("SELECT amount_minor FROM raw_xendit_invoices WHERE external_id = 'ext-7'").pluck().get(), 130_000);
  });
});

test('a file path is streamed and gives the same result as its content (BOM, CRLF)', async () => {
  const a = tempWorkspace();
  const b = tempWorkspace();
  try {
    const text = `\uFEFF${invoiceCsv(1_200)}`;
    const path = join(a.path, 'invoices.csv');
    writeFileSync(path, text);
    const fromPath = await importCsv(a.workspace.db, { kind: 'xendit-invoices', path }, stubJob(), TZ);
    const fromContent = await importCsv(b.workspace.db, { kind: 'xendit-invoices', content: text }, stubJob(), TZ);
    assert.deepEqual(fromPath, fromContent);
    assert.equal(fromPath.imported, 1_200);
    const dump = (db: typeof a.workspace.db) => db.prepare('SELECT id, external_id, amount_minor, created_at, paid_at, raw FROM raw_xendit_invoices ORDER BY id').all();
    assert.deepEqual(dump(a.workspace.db), dump(b.workspace.db));
    assert.ok(!(dump(a.workspace.db)[0] as { raw: string }).raw.includes('\uFEFF'));
  } finally {
    a.close();
    b.close();
  }
});

test('a record the API supplied is never replaced by its CSV row', async () => {
  await withTempWorkspace(async (ws) => {
    const db = ws.workspace.db;
    const id = '65a1b2c3d4e5f60718293a4b';
    new RawWriter(db).writePage('xendit-invoices', [apiInvoice(id)], {});
    const csv = `${INVOICE_HEADER}\n${id},csv-ext,UNPAID,from the CSV,1,PHP,csv@example.com,,2024-09-03 13:12:44,,\n`;
    const result = await importCsv(db, { kind: 'xendit-invoices', content: csv }, stubJob(), TZ);
    assert.equal(result.imported, 0);
    assert.equal(result.unchanged, 1);
    const row = db.prepare('SELECT origin, external_id, status, amount_minor, revision FROM raw_xendit_invoices WHERE id = ?').get(id);
    assert.deepEqual(row, { origin: 'api', external_id: 'api-ext', status: 'SETTLED', amount_minor: 130_000, revision: 1 });
  });
});

test('contacts: merged rows, derived ids; a re-import changes nothing', async () => {
  await withTempWorkspace(async (ws) => {
    const db = ws.workspace.db;
    const text = [
      'ID,Email,First name,Last name,Phone,Tag,Date Registered',
      '1,ana@example.com,Ana,,,"Canva,PaidCanva",2024-09-03T13:12:44+08:00',
      '2,ben@example.com,Ben,,,squeeze,2024-09-04 10:00:00',
      '1,ana@example.com,,,,PaidP2P,09/03/2024 13:12',
      ',cat@example.com,Cat,,,Imported,2024-09-05 10:00:00',
      '3,,x,,,,2024-09-05 10:00:00',
    ].join('\n');
    const result = await importCsv(db, { kind: 'systeme-contacts', content: text, fileName: 'contacts.csv' }, stubJob(), TZ);
    assert.deepEqual(result, {
      kind: 'systeme-contacts',
      rows: 5,
      imported: 3,
      unchanged: 0,
      errors: [{ line: 6, message: 'Contact 3: no Email; row skipped' }],
      errorCount: 1,
    });
    const cat = derivedContactId('cat@example.com');
    assert.deepEqual(db.prepare('SELECT id, email, first_name, registered_at, tags, origin FROM raw_systeme_contacts ORDER BY id').all(), [
      { id: cat, email: 'cat@example.com', first_name: 'Cat', registered_at: '2024-09-05T02:00:00.000Z', tags: '["Imported"]', origin: 'csv' },
      { id: 1, email: 'ana@example.com', first_name: 'Ana', registered_at: '2024-09-03T05:12:00.000Z', tags: '["Canva","PaidCanva","PaidP2P"]', origin: 'csv' },
      { id: 2, email: 'ben@example.com', first_name: 'Ben', registered_at: '2024-09-04T02:00:00.000Z', tags: '["squeeze"]', origin: 'csv' },
    ]);
    const again = await importCsv(db, { kind: 'systeme-contacts', content: text }, stubJob(), TZ);
    assert.equal(again.imported, 0);
    assert.equal(again.unchanged, 3);
  });
});

test('the wrong kind of file, an empty file, a missing file and a bad zone fail clearly', async () => {
  await withTempWorkspace(async (ws) => {
    const db = ws.workspace.db;
    const contacts = 'ID,Email,First name,Last name,Phone,Tag,Date Registered\n1,a@b.c,,,,,2024-09-03 13:12:44\n';
    await assert.rejects(importCsv(db, { kind: 'xendit-invoices', content: contacts, fileName: 'contacts.csv' }, stubJob(), TZ), (err: unknown) => {
      assert.ok(err instanceof CutoverError);
      assert.equal(err.code, 'BAD_INPUT');
      assert.match(err.message, /^"contacts.csv" is not a Xendit invoice export: its first row \(7 columns\) lacks the columns "Invoice ID", "External ID", "Status", "Amount", "Created Date"\./);
      assert.match(err.message, /It looks like a Systeme\.io contacts export: import it as Systeme\.io contacts\.$/);
      return true;
    });
    await assert.rejects(importCsv(db, { kind: 'systeme-contacts', content: invoiceCsv(1) }, stubJob(), TZ), /lacks the column "Date Registered".*It looks like a Xendit invoice export/s);
    await assert.rejects(importCsv(db, { kind: 'systeme-contacts', content: 'a,b\n1,2\n' }, stubJob(), TZ), (err: unknown) => {
      assert.ok(err instanceof CutoverError && err.code === 'BAD_INPUT');
      assert.match(err.message, /its first row \(2 columns\) lacks the columns "Email", "Date Registered"\.$/);
      return true;
    });
    await assert.rejects(importCsv(db, { kind: 'systeme-contacts', content: '' }, stubJob(), TZ), /is empty/);
    await assert.rejects(importCsv(db, { kind: 'systeme-contacts', path: join(ws.path, 'nope.csv') }, stubJob(), TZ), /Cannot read .*nope\.csv: no such file/);
    await assert.rejects(importCsv(db, { kind: 'systeme-contacts', content: contacts }, stubJob(), { timeZone: 'Mars/Olympus' }), /Unknown time zone/);
    assert.equal(db.prepare('SELECT count(*) FROM raw_systeme_contacts').pluck().get(), 0);
  });
});

test('cancel stops between batches and keeps the batches written', async () => {
  await withTempWorkspace(async (ws) => {
    const db = ws.workspace.db;
    const job = stubJob({ cancelAfterSets: 2 });
    await assert.rejects(importCsv(db, { kind: 'xendit-invoices', content: invoiceCsv(5_000) }, job, { ...TZ, batchSize: 500 }), (err: unknown) => err instanceof CutoverError && err.code === 'CANCELLED');
    const kept = db.prepare('SELECT count(*) FROM raw_xendit_invoices').pluck().get() as number;
    assert.ok(kept > 0 && kept < 5_000 && kept % 500 === 0, `kept ${kept}`);
    // Importing again finishes the job; what was kept counts as unchanged.
    const rest = await importCsv(db, { kind: 'xendit-invoices', content: invoiceCsv(5_000) }, stubJob(), TZ);
    assert.equal(rest.imported + rest.unchanged, 5_000);
    assert.equal(rest.unchanged, kept);
  });
});

test('the csv-import procedure runs the import as a job and records its result', async () => {
  await withEngine(async (engine) => {
    const content = invoiceCsv(30, { bad: true });
    const started = await engine.call('csv-import', { kind: 'xendit-invoices', content, fileName: 'invoices.csv' });
    assert.ok(started.ok);
    const job = await engine.context.jobs.wait(started.result.jobId, 30_000);
    assert.equal(job.state, 'done');
    assert.deepEqual(job.result, { kind: 'xendit-invoices', rows: 31, imported: 30, unchanged: 0, errors: [{ line: 32, message: 'Invoice badrow: unreadable amount "lots"; row skipped' }], errorCount: 1 });
    assert.deepEqual([job.progress.done, job.progress.total], [31, 31]);

    const wrong = await engine.call('csv-import', { kind: 'systeme-contacts', content, fileName: 'invoices.csv' });
    assert.ok(wrong.ok);
    const failed = await engine.context.jobs.wait(wrong.result.jobId, 30_000);
    assert.equal(failed.state, 'failed');
    assert.equal(failed.error?.code, 'BAD_INPUT');
    assert.match(failed.error?.message ?? '', /"invoices.csv" is not a Systeme.io contacts export/);
  });
});
