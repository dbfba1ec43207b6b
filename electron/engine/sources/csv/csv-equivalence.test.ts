// The CSV exports of a generated dataset import to the same cache content as its API records:
// the same ids, and per record the same values in every column both carry (timestamps at the
// precision the export wrote them: milliseconds, seconds, or minutes for the MM/DD/YYYY HH:mm
// style). The export's real header is what the generator writes, so a header the importer does
// not know fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { StreamId } from '../../../../shared/api/sources.ts';
import { generateDataset, writeSystemeContactsCsv, writeXenditInvoicesCsv, type CsvSink } from '../../demo/generator/index.ts';
import { RawWriter } from '../ingest/writer.ts';
import { importCsv } from './import-csv.ts';
import { stubJob, tempWorkspace } from '../../testing/csv.ts';
import { parseTimestamp, type TimestampPrecision } from './timestamps.ts';
import { emailKey } from '../../domain/email.ts';

const TIME_ZONE = 'Asia/Manila';

async function writeFile(path: string, write: (out: CsvSink) => Promise<void>): Promise<void> {
  const out = createWriteStream(path);
  await write(out);
  out.end();
  await once(out, 'finish');
}

/** An ISO UTC instant cut to a precision, in the cache's form. */
function cut(iso: string, precision: TimestampPrecision): string {
  const ms = Date.parse(iso);
  const unit = precision === 'millisecond' ? 1 : precision === 'second' ? 1_000 : precision === 'minute' ? 60_000 : 86_400_000;
  return new Date(Math.floor(ms / unit) * unit).toISOString();
}

const RANK: Record<TimestampPrecision, number> = { millisecond: 0, second: 1, minute: 2, day: 3 };

function precisionOf(text: string): TimestampPrecision {
  const parsed = parseTimestamp(text, TIME_ZONE);
  assert.ok(parsed.ok, text);
  return parsed.precision;
}

type Row = Record<string, string | number | null> & { id: string | number; raw: string };

function rows(db: Database.Database, table: string, columns: readonly string[]): Map<string, Row> {
  const all = db.prepare(`SELECT id, ${columns.join(', ')}, raw, origin FROM ${table}`).all() as Row[];
  return new Map(all.map((r) => [String(r.id), r]));
}

function writeApi(db: Database.Database, stream: StreamId, records: readonly unknown[]): void {
  const writer = new RawWriter(db);
  for (let i = 0; i < records.length; i += 100) {
    const counts = writer.writePage(stream, records.slice(i, i + 100), {});
    assert.equal(counts.quarantined, 0);
  }
}

test('CSV exports import to the same cache content as the API records', async () => {
  const dataset = generateDataset({ seed: 1, scale: 0.05 });
  const fromCsv = tempWorkspace();
  const fromApi = tempWorkspace();
  try {
    const invoicesPath = join(fromCsv.path, 'invoices.csv');
    const contactsPath = join(fromCsv.path, 'contacts.csv');
    await writeFile(invoicesPath, (out) => writeXenditInvoicesCsv(dataset.invoices, out));
    await writeFile(contactsPath, (out) => writeSystemeContactsCsv(dataset.contacts, out));

    const inv = await importCsv(fromCsv.workspace.db, { kind: 'xendit-invoices', path: invoicesPath }, stubJob(), { timeZone: TIME_ZONE });
    assert.deepEqual(inv.errors, []);
    assert.equal(inv.rows, dataset.invoices.length);
    assert.equal(inv.imported, dataset.invoices.length);
    const con = await importCsv(fromCsv.workspace.db, { kind: 'systeme-contacts', path: contactsPath }, stubJob(), { timeZone: TIME_ZONE });
    assert.deepEqual(con.errors, []);
    assert.ok(con.rows > dataset.contacts.length, 'some contacts span several rows');
    assert.equal(con.imported, dataset.contacts.length);

    writeApi(fromApi.workspace.db, 'xendit-invoices', dataset.invoices);
    writeApi(fromApi.workspace.db, 'systeme-contacts', dataset.contacts);

    // Invoices.
    const invoiceColumns = [
      'external_id',
      'status',
      'amount_minor',
      'currency',
      'payer_email',
      'description',
      'payment_method',
      'created_at',
      'paid_at',
      'expires_at',
      'received_minor',
      'customer_name',
      'customer_mobile',
    ] as const;
    const times: readonly string[] = ['created_at', 'paid_at', 'expires_at'];
    // Only the export has the settlement time and Xendit's fee.
    const csvInvoices = rows(fromCsv.workspace.db, 'raw_xendit_invoices', [...invoiceColumns, 'settled_at', 'fee_minor']);
    const apiInvoices = rows(fromApi.workspace.db, 'raw_xendit_invoices', invoiceColumns);
    assert.equal(csvInvoices.size, dataset.invoices.length);
    assert.deepEqual([...csvInvoices.keys()].sort(), [...apiInvoices.keys()].sort());
    const formats = new Map<TimestampPrecision, number>();
    for (const [id, csv] of csvInvoices) {
      const api = apiInvoices.get(id)!;
      const precision = precisionOf((JSON.parse(csv.raw) as Record<string, string>)['Created Timestamp']!);
      formats.set(precision, (formats.get(precision) ?? 0) + 1);
      const expected: Record<string, unknown> = {};
      const actual: Record<string, unknown> = {};
      for (const c of invoiceColumns) {
        const a = api[c] ?? null;
        expected[c] = times.includes(c) && typeof a === 'string' ? cut(a, precision) : a;
        actual[c] = csv[c] ?? null;
      }
      assert.deepEqual(actual, expected, `invoice ${id}`);
      assert.equal(csv.settled_at !== null, csv.status === 'SETTLED', `invoice ${id}: a settlement time exactly when settled`);
      assert.equal(csv.fee_minor === null ? null : (csv.fee_minor as number) + (csv.received_minor as number), csv.received_minor === null ? null : csv.amount_minor);
      assert.equal(csv.origin, 'csv');
    }
    assert.ok((formats.get('second') ?? 0) > 0 && (formats.get('millisecond') ?? 0) > 0, 'both precisions were exercised');
    assert.ok([...apiInvoices.values()].some((r) => r.customer_name !== null && r.customer_mobile !== null && r.received_minor !== null), 'the API path fills the new columns too');

    // Contacts: the export has no contact id (nor phone), so each is known by its e-mail.
    const contactColumns = ['email', 'first_name', 'surname', 'tags', 'registered_at'] as const;
    const byEmail = (m: Map<string, Row>) => new Map([...m.values()].map((r) => [emailKey(String(r.email)), r]));
    const csvContacts = byEmail(rows(fromCsv.workspace.db, 'raw_systeme_contacts', contactColumns));
    const apiContacts = byEmail(rows(fromApi.workspace.db, 'raw_systeme_contacts', contactColumns));
    assert.equal(csvContacts.size, dataset.contacts.length);
    assert.deepEqual([...csvContacts.keys()].sort(), [...apiContacts.keys()].sort());
    let merged = 0;
    for (const [id, csv] of csvContacts) {
      const api = apiContacts.get(id)!;
      const raw = JSON.parse(csv.raw) as Record<string, string> | Record<string, string>[];
      const sourceRows = Array.isArray(raw) ? raw : [raw];
      if (sourceRows.length > 1) merged++;
      // The earliest of the rows' dates, each cut to its row's precision, is the API date cut to the coarsest.
      const precision = sourceRows.map((r) => precisionOf(r['Date Registered']!)).reduce((a, b) => (RANK[b] > RANK[a] ? b : a));
      const expected: Record<string, unknown> = {};
      const actual: Record<string, unknown> = {};
      for (const c of contactColumns) {
        const a = api[c] ?? null;
        expected[c] = c === 'registered_at' && typeof a === 'string' ? cut(a, precision) : a;
        actual[c] = csv[c] ?? null;
      }
      assert.deepEqual(actual, expected, `contact ${id}`);
    }
    assert.ok(merged > 0, 'some contacts were merged from several rows');

    // Importing both files again changes nothing.
    const again = await importCsv(fromCsv.workspace.db, { kind: 'xendit-invoices', path: invoicesPath }, stubJob(), { timeZone: TIME_ZONE });
    assert.equal(again.imported, 0);
    assert.equal(again.unchanged, dataset.invoices.length);
    const againContacts = await importCsv(fromCsv.workspace.db, { kind: 'systeme-contacts', path: contactsPath }, stubJob(), { timeZone: TIME_ZONE });
    assert.equal(againContacts.imported, 0);
    assert.equal(againContacts.unchanged, dataset.contacts.length);
  } finally {
    fromCsv.close();
    fromApi.close();
  }
});
