import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CutoverError } from '../../../../shared/api/errors.ts';
import { ErrorLog } from './columns.ts';
import { mapExport } from '../../testing/csv.ts';
import { parseAmount, XenditInvoiceMapper } from './xendit-invoices.ts';

const mapAll = (text: string) => mapExport(text, (header, errors) => new XenditInvoiceMapper(header, errors, 'Asia/Manila'));

const HEADER = 'Invoice ID,External ID,Status,Description,Amount,Currency,Email,Customer Email,Created Date,Paid Date,Payment Method';

test('maps the export to the API columns: statuses, amounts, e-mails, dates', () => {
  const text = [
    HEADER,
    '65a1b2c3d4e5f60718293a4b,p2p-001,PAID,Papers to Profits Learning Fee,1000,PHP,"  Ana@Example.com ",,2024-09-03T13:12:44+08:00,2024-09-03T13:40:00+08:00,EWALLET',
    '65a1b2c3d4e5f60718293a4c,canva-002,UNPAID,Canva Ebook,"1,300.50",php,,buyer@example.com,2024-09-03 13:12:44,,',
    '65a1b2c3d4e5f60718293a4d,x-003,settled,"Store, ""Public""",49,PHP,c@example.com,other@example.com,09/03/2024 13:12,09/03/2024 14:05,CREDIT_CARD',
    '65a1b2c3d4e5f60718293a4e,x-004,EXPIRED,,49.00,PHP,,,2024-09-03 13:12:44,,',
  ].join('\r\n');
  const { rows, errors } = mapAll(text);
  assert.deepEqual(errors.first, []);
  assert.deepEqual(
    rows.map((r) => [r.id, r.columns]),
    [
      [
        '65a1b2c3d4e5f60718293a4b',
        {
          external_id: 'p2p-001',
          status: 'PAID',
          amount_minor: 100_000,
          currency: 'PHP',
          payer_email: '  Ana@Example.com ',
          description: 'Papers to Profits Learning Fee',
          payment_method: 'EWALLET',
          created_at: '2024-09-03T05:12:44.000Z',
          updated_at: '2024-09-03T05:40:00.000Z',
          paid_at: '2024-09-03T05:40:00.000Z',
        },
      ],
      [
        '65a1b2c3d4e5f60718293a4c',
        {
          external_id: 'canva-002',
          status: 'PENDING',
          amount_minor: 130_050,
          currency: 'PHP',
          payer_email: 'buyer@example.com',
          description: 'Canva Ebook',
          payment_method: null,
          created_at: '2024-09-03T05:12:44.000Z',
          updated_at: '2024-09-03T05:12:44.000Z',
          paid_at: null,
        },
      ],
      [
        '65a1b2c3d4e5f60718293a4d',
        {
          external_id: 'x-003',
          status: 'SETTLED',
          amount_minor: 4_900,
          currency: 'PHP',
          payer_email: 'c@example.com',
          description: 'Store, "Public"',
          payment_method: 'CREDIT_CARD',
          created_at: '2024-09-03T05:12:00.000Z',
          updated_at: '2024-09-03T06:05:00.000Z',
          paid_at: '2024-09-03T06:05:00.000Z',
        },
      ],
      [
        '65a1b2c3d4e5f60718293a4e',
        {
          external_id: 'x-004',
          status: 'EXPIRED',
          amount_minor: 4_900,
          currency: 'PHP',
          payer_email: null,
          description: null,
          payment_method: null,
          created_at: '2024-09-03T05:12:44.000Z',
          updated_at: '2024-09-03T05:12:44.000Z',
          paid_at: null,
        },
      ],
    ],
  );
  // The raw record is the row verbatim, column → value.
  assert.deepEqual(JSON.parse(rows[0]!.raw), {
    'Invoice ID': '65a1b2c3d4e5f60718293a4b',
    'External ID': 'p2p-001',
    Status: 'PAID',
    Description: 'Papers to Profits Learning Fee',
    Amount: '1000',
    Currency: 'PHP',
    Email: '  Ana@Example.com ',
    'Customer Email': '',
    'Created Date': '2024-09-03T13:12:44+08:00',
    'Paid Date': '2024-09-03T13:40:00+08:00',
    'Payment Method': 'EWALLET',
  });
});

test('headers match ignoring case, spacing and order; extra columns are kept in raw only', () => {
  const text = 'status, AMOUNT ,created  date,invoiceid,EXTERNAL ID,Notes\n' + 'Paid,49,2024-09-03 13:12:44,abc,e-1,hello\n';
  const { rows, errors } = mapAll(text);
  assert.equal(errors.count, 0);
  assert.equal(rows[0]?.id, 'abc');
  assert.equal(rows[0]?.columns.status, 'PAID');
  assert.equal(rows[0]?.columns.currency, 'PHP', 'no Currency column: PHP');
  assert.equal(JSON.parse(rows[0]!.raw).Notes, 'hello');
});

test('per-row problems are reported with their line and the row skipped; the rest import', () => {
  const text = [
    HEADER, // line 1
    'a1,e1,PAID,d,abc,PHP,x@y.z,,2024-09-03 13:12:44,,', // 2: bad amount
    'a2,e2,REFUNDED,d,49,PHP,x@y.z,,2024-09-03 13:12:44,,', // 3: unknown status
    'a3,e3,PAID,d,49,PHP,x@y.z,,2024-02-30 13:12:44,,', // 4: impossible date
    ',e4,PAID,d,49,PHP,x@y.z,,2024-09-03 13:12:44,,', // 5: no id
    'a5,e5,PAID,"multi', // 6-7: a quoted line break makes this row too short
    'line",49,PHP', //
    'a6,e6,PAID,d,49,PHP,x@y.z,,2024-09-03 13:12:44,yesterday,', // 8: bad paid date
    'a7,e7,PAID,d,-49,PHP,x@y.z,,2024-09-03 13:12:44,,', // 9: negative amount
    'a8,,PAID,d,49,PHP,x@y.z,,,,', // 10: no external id, no created date
    'ok1,e9,PAID,d,49,PHP,x@y.z,,2024-09-03 13:12:44,,', // 11: fine
    'ok1,e9,PAID,d,49,PHP,x@y.z,,2024-09-03 13:12:44,,', // 12: a repeat of line 11
  ].join('\n');
  const { rows, errors } = mapAll(text);
  assert.deepEqual(
    rows.map((r) => r.id),
    ['ok1'],
  );
  const byLine = new Map(errors.first.map((e) => [e.line, e.message]));
  assert.deepEqual([...byLine.keys()], [2, 3, 4, 5, 6, 8, 9, 10, 12]);
  assert.match(byLine.get(2)!, /^Invoice a1: unreadable amount "abc"; row skipped$/);
  assert.match(byLine.get(3)!, /unknown status "REFUNDED"/);
  assert.match(byLine.get(4)!, /Created Date: impossible date "2024-02-30 13:12:44"/);
  assert.match(byLine.get(5)!, /no Invoice ID/);
  assert.match(byLine.get(6)!, /the row has 6 fields where the header has 11/);
  assert.match(byLine.get(8)!, /Paid Date: unreadable date "yesterday"/);
  assert.match(byLine.get(9)!, /unreadable amount "-49"/);
  assert.match(byLine.get(10)!, /no External ID; no Created Date/);
  assert.match(byLine.get(12)!, /invoice ok1 already appeared on line 11/);
});

test('amount styles', () => {
  assert.equal(parseAmount('1300'), 130_000);
  assert.equal(parseAmount('1,300.00'), 130_000);
  assert.equal(parseAmount(' 49.5 '), 4_950);
  assert.equal(parseAmount('PHP 1,000'), 100_000);
  assert.equal(parseAmount('₱800'), 80_000);
  assert.equal(parseAmount('12,34'), null, 'not a thousands grouping');
  assert.equal(parseAmount('1.300,00'), null);
  assert.equal(parseAmount(''), null);
});

test('a file of another kind fails as a whole, naming the missing columns and none of its own text', () => {
  assert.throws(
    () => new XenditInvoiceMapper(['ID', 'Email', 'First name', 'Last name', 'Phone', 'Tag', 'Date Registered'], new ErrorLog(), 'Asia/Manila', '"contacts.csv"'),
    (err: unknown) =>
      err instanceof CutoverError &&
      err.code === 'BAD_INPUT' &&
      err.message.includes('"contacts.csv" is not a Xendit invoice export') &&
      err.message.includes('"Invoice ID", "External ID", "Status", "Amount", "Created Date"') &&
      // The file's header cells are its content: never repeated into the message.
      !err.message.includes('Date Registered') &&
      !err.message.includes('First name'),
  );
});
