import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { contactField } from '../../../../shared/sources/systeme.ts';
import {
  csvLine,
  generateDataset,
  SYSTEME_CONTACT_CSV_COLUMNS,
  systemeContactCsvLines,
  toCsvText,
  writeXenditInvoicesCsv,
  XENDIT_INVOICE_CSV_COLUMNS,
  xenditInvoiceCsvLines,
} from './index.ts';

const data = generateDataset({ seed: 4, scale: 0.5 });

/** A strict RFC 4180 reader, written for the test (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  assert.equal(field, '', 'file ends with CRLF');
  return rows;
}

const DATE_PATTERNS = {
  iso: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/,
  postgres: /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\+08$/,
  spaced: /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/,
  'spaced-ms': /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/,
  us: /^\d\d\/\d\d\/\d{4} \d\d:\d\d$/,
};

/** Reads any of the formats back to epoch minutes (Manila wall clock → UTC). */
function parseDateMinutes(text: string): number {
  let iso: string;
  if (DATE_PATTERNS.iso.test(text)) iso = text;
  else if (DATE_PATTERNS.postgres.test(text)) iso = `${text.replace(' ', 'T')}:00`;
  else if (DATE_PATTERNS.spaced.test(text) || DATE_PATTERNS['spaced-ms'].test(text)) iso = `${text.replace(' ', 'T')}+08:00`;
  else {
    const m = /^(\d\d)\/(\d\d)\/(\d{4}) (\d\d:\d\d)$/.exec(text);
    assert.ok(m, `unknown date format ${text}`);
    iso = `${m[3]}-${m[1]}-${m[2]}T${m[4]}:00+08:00`;
  }
  return Math.floor(Date.parse(iso) / 60_000);
}

test('quoting survives commas, quotes and stray whitespace', () => {
  const line = csvLine(['a,b', 'say "hi"', ' padded ', 'plain', null, 12]);
  assert.equal(line, '"a,b","say ""hi"""," padded ",plain,,12');
  assert.deepEqual(parseCsv(`${line}\r\n`), [['a,b', 'say "hi"', ' padded ', 'plain', '', '12']]);
});

test('the Xendit invoice export has the real export\'s columns and round-trips', () => {
  const rows = parseCsv(toCsvText(xenditInvoiceCsvLines(data.invoices)));
  assert.deepEqual(rows[0], [...XENDIT_INVOICE_CSV_COLUMNS]);
  assert.equal(rows.length - 1, data.invoices.length);
  const col = (name: (typeof XENDIT_INVOICE_CSV_COLUMNS)[number]) => XENDIT_INVOICE_CSV_COLUMNS.indexOf(name);
  const formats = new Set<string>();
  data.invoices.forEach((invoice, i) => {
    const row = rows[i + 1]!;
    assert.equal(row[col('Invoice ID')], invoice.id);
    assert.equal(row[col('External ID')], invoice.external_id);
    assert.equal(row[col('Status')], invoice.status === 'PENDING' ? 'UNPAID' : invoice.status);
    assert.equal(row[col('Description')], invoice.description);
    assert.equal(Number(row[col('Amount')]!.replace(/,/g, '')), invoice.amount);
    assert.equal(row[col('Email')], invoice.payer_email, 'e-mail kept verbatim, spaces included');
    assert.equal(row[col('Customer Email')], invoice.customer?.email ?? '');
    const created = row[col('Created Timestamp')]!;
    for (const [name, pattern] of Object.entries(DATE_PATTERNS)) if (pattern.test(created)) formats.add(name);
    assert.equal(parseDateMinutes(created), Math.floor(Date.parse(invoice.created) / 60_000));
    assert.equal(parseDateMinutes(row[col('Expiry Date')]!), Math.floor(Date.parse(invoice.expiry_date!) / 60_000));
    assert.equal(row[col('Paid Timestamp')] === '', !invoice.paid_at);
    assert.equal(row[col('Settled Timestamp')] === '', invoice.status !== 'SETTLED');
    assert.equal(row[col('Timezone')], 'Asia/Manila');
    const paid = invoice.status === 'PAID' || invoice.status === 'SETTLED';
    assert.equal(row[col('Received Amount')] === '', !paid);
    if (paid) {
      const fee = Number(row[col('Fee')]!.replace(/,/g, ''));
      const received = Number(row[col('Received Amount')]!.replace(/,/g, ''));
      assert.ok(fee > 0 && Math.abs(fee + received - invoice.amount) < 0.005, `fee ${fee} + received ${received} = amount ${invoice.amount}`);
    }
    const name = [invoice.customer?.given_names, invoice.customer?.surname].filter(Boolean).join(' ');
    assert.equal(row[col('Customer Name')], name);
    assert.equal(row[col('Customer Mobile Number')], invoice.customer?.mobile_number ?? '');
  });
  assert.deepEqual([...formats].sort(), ['iso', 'postgres', 'spaced', 'spaced-ms']);
  assert.ok(rows.some((r) => r[col('Status')] === 'UNPAID'));
  assert.ok(rows.some((r) => r[col('Amount')]!.includes(',')), 'some amounts are grouped ("1,000.00")');
  assert.ok(rows.some((r) => r[col('Description')]!.includes('"')), 'a description with quotes and a comma');
});

test('the Systeme.io contact export splits some contacts across rows and round-trips their tags', () => {
  const rows = parseCsv(toCsvText(systemeContactCsvLines(data.contacts)));
  assert.deepEqual(rows[0], [...SYSTEME_CONTACT_CSV_COLUMNS]);
  const byId = new Map<string, string[][]>();
  // The export has no contact id: its rows are known by their e-mail (unique per contact here).
  for (const row of rows.slice(1)) byId.set(row[0]!, [...(byId.get(row[0]!) ?? []), row]);
  assert.equal(byId.size, data.contacts.length);
  let split = 0;
  const formats = new Set<string>();
  for (const contact of data.contacts) {
    const own = byId.get(contact.email)!;
    if (own.length > 1) split++;
    const tags = own.flatMap((r) => (r[3] === '' ? [] : r[3]!.split(',')));
    assert.deepEqual(tags.sort(), contact.tags.map((t) => t.name).sort());
    for (const row of own) {
      assert.equal(row[1], contactField(contact, 'first_name') ?? '');
      assert.equal(row[2], contactField(contact, 'surname') ?? '');
      assert.equal(parseDateMinutes(row[4]!), Math.floor(Date.parse(contact.registeredAt) / 60_000));
      for (const [name, pattern] of Object.entries(DATE_PATTERNS)) if (pattern.test(row[4]!)) formats.add(name);
    }
  }
  assert.ok(split > 10, `several rows per e-mail for some contacts (${split})`);
  assert.deepEqual([...formats].sort(), ['iso', 'spaced', 'us']);
  assert.ok(rows.some((r) => r[3]!.includes(',')), 'comma-separated tags');
});

test('the writer streams to a Node stream and respects backpressure', async () => {
  const out = new PassThrough({ highWaterMark: 1024 });
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await writeXenditInvoicesCsv(data.invoices, out);
  out.end();
  await new Promise((resolve) => out.on('end', resolve));
  assert.equal(Buffer.concat(chunks).toString('utf8'), toCsvText(xenditInvoiceCsvLines(data.invoices)));
});
