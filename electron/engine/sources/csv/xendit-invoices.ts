// The Xendit dashboard's invoice export → rows of raw_xendit_invoices, with the same column
// meanings as the API path (invoiceStream in ingest/streams.ts):
//   id              "Invoice ID"
//   external_id     "External ID"
//   status          "Status" — the dashboard says UNPAID for the API's PENDING
//   amount_minor    "Amount" in pesos ("1300", "1,300.00") → centavos, rounded like toCentavos
//   currency        "Currency" (PHP when the export has no such column)
//   payer_email     "Email", else "Customer Email" (the API's payer_email ?? customer.email), verbatim
//   description, payment_method   verbatim; blank = none
//   created_at, paid_at           any of the export's timestamp styles → ISO UTC
//   updated_at      the export has no update time: paid_at, else created_at
import { invoiceStatuses, type InvoiceStatus } from '../../../../shared/sources/xendit.ts';
import { toCentavos } from '../../domain/money.ts';
import type { ExtractedRow } from '../ingest/writer.ts';
import { cell, ExportMapper, optional, type ColumnSpec, type ErrorLog } from './columns.ts';
import { parseTimestamp } from './timestamps.ts';

type Key = 'id' | 'externalId' | 'status' | 'description' | 'amount' | 'currency' | 'email' | 'customerEmail' | 'created' | 'paid' | 'paymentMethod';

const INVOICE_COLUMNS: readonly ColumnSpec<Key>[] = [
  { key: 'id', label: 'Invoice ID', required: true },
  { key: 'externalId', label: 'External ID', required: true },
  { key: 'status', label: 'Status', required: true },
  { key: 'description', label: 'Description', required: false },
  { key: 'amount', label: 'Amount', required: true },
  { key: 'currency', label: 'Currency', required: false },
  { key: 'email', label: 'Email', aliases: ['Payer Email'], required: false },
  { key: 'customerEmail', label: 'Customer Email', required: false },
  { key: 'created', label: 'Created Date', aliases: ['Created', 'Created At', 'Creation Date'], required: true },
  { key: 'paid', label: 'Paid Date', aliases: ['Paid At'], required: false },
  { key: 'paymentMethod', label: 'Payment Method', required: false },
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

    let currency = 'PHP';
    if (m.index.currency !== undefined) {
      const c = cell(m, fields, 'currency').trim().toUpperCase();
      if (/^[A-Z]{3}$/.test(c)) currency = c;
      else problems.push(c === '' ? 'no Currency' : `unreadable currency "${cell(m, fields, 'currency')}"`);
    }

    const createdText = cell(m, fields, 'created');
    const created = parseTimestamp(createdText, this.timeZone);
    if (!created.ok) problems.push(createdText.trim() === '' ? 'no Created Date' : `Created Date: ${created.error}`);
    const paidText = cell(m, fields, 'paid');
    const paid = paidText.trim() === '' ? null : parseTimestamp(paidText, this.timeZone);
    if (paid && !paid.ok) problems.push(`Paid Date: ${paid.error}`);

    if (id !== '') {
      const first = this.seen.get(id);
      if (first !== undefined) problems.push(`invoice ${id} already appeared on line ${first}`);
    }
    if (problems.length || !created.ok || (paid && !paid.ok) || status === null || amount === null || externalId === null) {
      return this.skip(line, id ? `Invoice ${id}` : '', problems);
    }
    this.seen.set(id, line);
    const paidAt = paid?.ok ? paid.iso : null;
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
          created_at: created.iso,
          updated_at: paidAt ?? created.iso,
          paid_at: paidAt,
        },
        raw: this.rawJson(fields),
      },
    ];
  }
}
