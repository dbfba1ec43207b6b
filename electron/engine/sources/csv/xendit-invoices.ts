// The Xendit dashboard's invoice export → rows of raw_xendit_invoices, with the same column
// meanings as the API path (invoiceStream in ingest/streams.ts). The real export's columns
// (research/platform-facts.md, "The legacy CSV exports") are the names; older spellings are aliases.
//   id              "Invoice ID"
//   external_id     "External ID"
//   status          "Status" — the dashboard says UNPAID for the API's PENDING
//   amount_minor    "Amount" in pesos ("1300", "1,300.00") → centavos, rounded like toCentavos
//   fee_minor, received_minor   "Fee", "Received Amount", in pesos the same way; blank = none
//   currency        "Currency" (PHP when the export has no such column)
//   payer_email     "Email", else "Customer Email" (the API's payer_email ?? customer.email), verbatim
//   customer_name, customer_mobile   "Customer Name", "Customer Mobile Number", verbatim
//   description, payment_method   verbatim; blank = none
//   created_at, paid_at, settled_at, expires_at   "Created Timestamp", "Paid Timestamp",
//                   "Settled Timestamp", "Expiry Date": any of the export's timestamp styles → ISO
//                   UTC; a value without an offset is in the row's "Timezone" (else the workspace's)
//   updated_at      the export has no update time: its latest event (settled, paid, else created)
import { invoiceStatuses, type InvoiceStatus } from '../../../../shared/sources/xendit.ts';
import { toCentavos } from '../../domain/money.ts';
import type { ExtractedRow } from '../ingest/writer.ts';
import { cell, ExportMapper, optional, type ColumnSpec, type ErrorLog } from './columns.ts';
import { parseTimestamp, readTimeZone } from './timestamps.ts';

type TimeKey = 'created' | 'paid' | 'settled' | 'expiry';
type Key =
  | 'id'
  | 'externalId'
  | 'status'
  | 'description'
  | 'amount'
  | 'fee'
  | 'received'
  | 'currency'
  | 'email'
  | 'customerEmail'
  | 'customerName'
  | 'customerMobile'
  | 'paymentMethod'
  | 'timezone'
  | TimeKey;

/** The real export's names of its four timestamps (also used in row messages). */
const TIME_LABELS: Record<TimeKey, string> = { created: 'Created Timestamp', paid: 'Paid Timestamp', settled: 'Settled Timestamp', expiry: 'Expiry Date' };

const INVOICE_COLUMNS: readonly ColumnSpec<Key>[] = [
  { key: 'id', label: 'Invoice ID', required: true },
  { key: 'externalId', label: 'External ID', required: true },
  { key: 'status', label: 'Status', required: true },
  { key: 'description', label: 'Description', required: false },
  { key: 'amount', label: 'Amount', required: true },
  { key: 'fee', label: 'Fee', required: false },
  { key: 'received', label: 'Received Amount', required: false },
  { key: 'currency', label: 'Currency', required: false },
  { key: 'email', label: 'Email', aliases: ['Payer Email'], required: false },
  { key: 'customerEmail', label: 'Customer Email', required: false },
  { key: 'customerName', label: 'Customer Name', required: false },
  { key: 'customerMobile', label: 'Customer Mobile Number', aliases: ['Customer Mobile'], required: false },
  { key: 'paymentMethod', label: 'Payment Method', required: false },
  { key: 'timezone', label: 'Timezone', aliases: ['Time Zone'], required: false },
  { key: 'created', label: TIME_LABELS.created, aliases: ['Created Date', 'Created', 'Created At', 'Creation Date'], required: true },
  { key: 'paid', label: TIME_LABELS.paid, aliases: ['Paid Date', 'Paid At'], required: false },
  { key: 'settled', label: TIME_LABELS.settled, aliases: ['Settled Date', 'Settled At', 'Settlement Date'], required: false },
  { key: 'expiry', label: TIME_LABELS.expiry, aliases: ['Expiry Timestamp', 'Expires At', 'Expiration Date'], required: false },
];

const STATUS_ALIASES: Record<string, InvoiceStatus> = { UNPAID: 'PENDING' };
const AMOUNT_RE = /^(?:PHP|₱)?\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$/i;

/** Pesos as the export writes them ("1300", "49.00", "1,300.00", "PHP 1,300") → minor units. */
export function parseAmount(text: string): number | null {
  const m = AMOUNT_RE.exec(text.trim());
  if (!m) return null;
  const value = Number(`${m[1]!.replace(/,/g, '')}${m[2] ?? ''}`);
  return Number.isFinite(value) ? toCentavos(value) : null;
}

function parseInvoiceStatus(text: string): InvoiceStatus | null {
  const s = text.trim().toUpperCase();
  return STATUS_ALIASES[s] ?? ((invoiceStatuses as readonly string[]).includes(s) ? (s as InvoiceStatus) : null);
}

export class XenditInvoiceMapper extends ExportMapper<Key> {
  /** Invoice id → the line it was first read from (a repeated id is reported, not written twice). */
  private readonly seen = new Map<string, number>();

  constructor(header: readonly string[], errors: ErrorLog, timeZone: string, fileLabel = 'The file') {
    super(header, INVOICE_COLUMNS, 'a Xendit invoice export', errors, timeZone, fileLabel);
  }

  protected mapRow(line: number, fields: string[]): ExtractedRow[] {
    const m = this.map;
    const problems: string[] = [];
    const id = cell(m, fields, 'id').trim();
    if (id === '') problems.push('no Invoice ID');
    const externalId = optional(m, fields, 'externalId');
    if (externalId === null) problems.push('no External ID');

    const statusText = cell(m, fields, 'status');
    const status = parseInvoiceStatus(statusText);
    if (status === null) {
      problems.push(statusText.trim() === '' ? 'no Status' : `unknown status "${statusText}" (expected PAID, SETTLED, EXPIRED or UNPAID)`);
    }

    const amountText = cell(m, fields, 'amount');
    const amount = parseAmount(amountText);
    if (amount === null) problems.push(amountText.trim() === '' ? 'no Amount' : `unreadable amount "${amountText}"`);
    const money = (key: 'fee' | 'received', label: string): number | null => {
      const text = optional(m, fields, key);
      if (text === null) return null;
      const value = parseAmount(text);
      if (value === null) problems.push(`unreadable ${label} "${text}"`);
      return value;
    };
    const fee = money('fee', 'Fee');
    const received = money('received', 'Received Amount');

    let currency = 'PHP';
    if (m.index.currency !== undefined) {
      const c = cell(m, fields, 'currency').trim().toUpperCase();
      if (/^[A-Z]{3}$/.test(c)) currency = c;
      else problems.push(c === '' ? 'no Currency' : `unreadable currency "${cell(m, fields, 'currency')}"`);
    }

    // Timestamps without an offset are in the zone the row names, else the workspace's.
    let zone = this.timeZone;
    const zoneText = optional(m, fields, 'timezone');
    if (zoneText !== null) {
      const read = readTimeZone(zoneText);
      if (read === null) problems.push(`unknown Timezone "${zoneText}" (expected e.g. Asia/Manila or +08:00)`);
      else zone = read;
    }
    const time = (key: TimeKey): string | null => {
      const text = cell(m, fields, key);
      if (text.trim() === '') {
        if (key === 'created') problems.push(`no ${TIME_LABELS.created}`);
        return null;
      }
      const parsed = parseTimestamp(text, zone);
      if (parsed.ok) return parsed.iso;
      problems.push(`${TIME_LABELS[key]}: ${parsed.error}`);
      return null;
    };
    const created = time('created');
    const paidAt = time('paid');
    const settledAt = time('settled');
    const expiresAt = time('expiry');

    if (id !== '') {
      const first = this.seen.get(id);
      if (first !== undefined) problems.push(`invoice ${id} already appeared on line ${first}`);
    }
    if (problems.length || created === null || status === null || amount === null || externalId === null) {
      return this.skip(line, id ? `Invoice ${id}` : '', problems);
    }
    this.seen.set(id, line);
    return [
      {
        id,
        columns: {
          external_id: externalId,
          status,
          amount_minor: amount,
          currency,
          payer_email: optional(m, fields, 'email') ?? optional(m, fields, 'customerEmail'),
          description: optional(m, fields, 'description'),
          payment_method: optional(m, fields, 'paymentMethod'),
          created_at: created,
          updated_at: settledAt ?? paidAt ?? created,
          paid_at: paidAt,
          settled_at: settledAt,
          expires_at: expiresAt,
          fee_minor: fee,
          received_minor: received,
          customer_name: optional(m, fields, 'customerName'),
          customer_mobile: optional(m, fields, 'customerMobile'),
        },
        raw: this.rawJson(fields),
      },
    ];
  }
}
