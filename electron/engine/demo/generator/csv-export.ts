// CSV exports of the same data, shaped like the legacy dashboard exports the merchant kept, so
// the CSV importer can be tested against the same answer key as the API pull.
//
// Format (both files): UTF-8, no BOM, RFC 4180: comma separator, CRLF line ends, a header row;
// a field is double-quoted when it contains a comma, a double quote, CR/LF or leading/trailing
// whitespace, with inner quotes doubled. Empty field = value absent.
//
// Xendit invoice export: the real export's columns (research/platform-facts.md, "The legacy CSV
// exports"), in this order:
//   "Invoice ID"       invoice id (24 hex)
//   "External ID"      external_id
//   "Status"           PAID | SETTLED | EXPIRED | UNPAID (the API's PENDING)
//   "Description"      description
//   "Amount"           pesos; per row either plain (1300, 49) or grouped with centavos ("1,300.00")
//   "Currency"         PHP
//   "Fee"              Xendit's fee with VAT (amount − received), same style as Amount, empty unless paid
//   "Received Amount"  adjusted_received_amount, same style, empty unless paid
//   "Email"            payer_email, verbatim (case and stray spaces kept)
//   "Customer Email"   customer.email, empty when the invoice has no customer
//   "Customer Name"    customer given_names + " " + surname, empty when none
//   "Customer Mobile Number"  customer.mobile_number, empty when none
//   "Payment Method"   payment_method (EWALLET, CREDIT_CARD, …), empty unless paid
//   "Bank Name"        the bank of a direct debit (BPI, UBP), else empty
//   "VA Number", "Promotion(s)"   always empty (no virtual accounts or promotions in the demo)
//   "Timezone"         Asia/Manila: the zone of the timestamps written without an offset
//   "Created Timestamp"  created
//   "Paid Timestamp"     paid_at, empty unless PAID/SETTLED
//   "Settled Timestamp"  when it settled (the invoice's updated), empty unless SETTLED
//   "Expiry Date"        expiry_date
// Invoice timestamps are in one of four styles, chosen per row (a row's dates share one style),
// as the real export mixes ISO and PostgreSQL forms:
//   ISO          2024-09-03T13:12:44+08:00     (an offset, no milliseconds)
//   POSTGRES     2024-09-03 13:12:44.123+08    (milliseconds and an offset)
//   SPACED       2024-09-03 13:12:44           (neither: wall clock in the row's Timezone)
//   SPACED_MS    2024-09-03 13:12:44.123       (milliseconds, no offset)
//
// Systeme.io contacts export: the real export's columns (research/platform-facts.md), in order:
//   "Email"            email, verbatim
//   "First name"       field first_name, empty when null
//   "Last name"        field surname, empty when null
//   "Tag"              tag names joined by "," with no spaces (e.g. "Canva,PaidCanva"), empty when none
//   "Date Registered"  registeredAt
// It has no contact id (and no phone): a contact is known by its e-mail. Some contacts with two
// or more tags span several consecutive rows with the same Email, each row holding a part of
// their tags (the union is the contact's tags); the other columns repeat, though the date format
// may differ between those rows. Contact dates are in one of three styles: ISO
// (2024-09-03T13:12:44+08:00), SPACED (2024-09-03 13:12:44, Manila wall clock) or US
// (09/03/2024 13:12, Manila wall clock, minutes only).
import type { SystemeContact } from '../../../../shared/sources/systeme.ts';
import { contactField } from '../../../../shared/sources/systeme.ts';
import { customerName, type XenditInvoice } from '../../../../shared/sources/xendit.ts';
import { hashLabel } from './random.ts';
import { centavos } from './catalog.ts';
import { manilaIso, manilaPostgres, manilaSpaced, manilaSpacedMs, manilaUs } from './time.ts';

export const XENDIT_INVOICE_CSV_COLUMNS = [
  'Invoice ID',
  'External ID',
  'Status',
  'Description',
  'Amount',
  'Currency',
  'Fee',
  'Received Amount',
  'Email',
  'Customer Email',
  'Customer Name',
  'Customer Mobile Number',
  'Payment Method',
  'Bank Name',
  'VA Number',
  'Promotion(s)',
  'Timezone',
  'Created Timestamp',
  'Paid Timestamp',
  'Settled Timestamp',
  'Expiry Date',
] as const;

/** The zone the invoice export's offset-less timestamps are in. */
const EXPORT_TIME_ZONE = 'Asia/Manila';

export const SYSTEME_CONTACT_CSV_COLUMNS = ['Email', 'First name', 'Last name', 'Tag', 'Date Registered'] as const;

export type CsvDateFormat = 'iso' | 'postgres' | 'spaced' | 'spaced-ms' | 'us';
const INVOICE_DATE_FORMATS: readonly CsvDateFormat[] = ['iso', 'postgres', 'spaced', 'spaced-ms'];
const CONTACT_DATE_FORMATS: readonly CsvDateFormat[] = ['iso', 'spaced', 'us'];

const FORMATTERS: Record<CsvDateFormat, (ms: number) => string> = {
  iso: manilaIso,
  postgres: manilaPostgres,
  spaced: manilaSpaced,
  'spaced-ms': manilaSpacedMs,
  us: manilaUs,
};

export function formatCsvDate(ms: number, format: CsvDateFormat): string {
  return FORMATTERS[format](ms);
}

/** One CSV field, quoted only when it must be. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  if (/[",\r\n]/.test(text) || text !== text.trim()) return `"${text.replace(/"/g, '""')}"`;
  return text;
}

export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return values.map(csvField).join(',');
}

function dateOrEmpty(iso: string | null | undefined, format: CsvDateFormat): string {
  return iso ? formatCsvDate(Date.parse(iso), format) : '';
}

function pesos(amount: number | null | undefined, grouped: boolean): string {
  if (amount === null || amount === undefined) return '';
  if (!grouped) return String(amount);
  return amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** The Xendit invoice export, header first, one line per invoice (no line terminators). */
export function* xenditInvoiceCsvLines(invoices: Iterable<XenditInvoice>): Generator<string> {
  yield csvLine(XENDIT_INVOICE_CSV_COLUMNS);
  for (const invoice of invoices) {
    // Per-row choices (date format, grouping, split) are stable functions of the row's identity.
    const h = hashLabel(invoice.id);
    const format = INVOICE_DATE_FORMATS[h % 4] ?? 'iso';
    const grouped = (h >>> 4) % 4 === 0;
    const customer = invoice.customer ?? null;
    const received = invoice.adjusted_received_amount;
    const fee = received === null || received === undefined ? null : centavos(invoice.amount - received);
    yield csvLine([
      invoice.id,
      invoice.external_id,
      invoice.status === 'PENDING' ? 'UNPAID' : invoice.status,
      invoice.description,
      pesos(invoice.amount, grouped),
      invoice.currency,
      pesos(fee, grouped),
      pesos(received, grouped),
      invoice.payer_email,
      customer?.email,
      customerName(invoice),
      customer?.mobile_number,
      invoice.payment_method,
      invoice.payment_method === 'DIRECT_DEBIT' ? invoice.payment_channel : null,
      null,
      null,
      EXPORT_TIME_ZONE,
      dateOrEmpty(invoice.created, format),
      dateOrEmpty(invoice.paid_at, format),
      dateOrEmpty(invoice.status === 'SETTLED' ? invoice.updated : null, format),
      dateOrEmpty(invoice.expiry_date, format),
    ]);
  }
}

/** How a contact's tags are split across rows: most in one row, some in two or three. */
function tagRows(contact: SystemeContact, h: number): string[][] {
  const names = contact.tags.map((t) => t.name);
  const rows = names.length >= 2 && h % 100 < 8 ? Math.min(names.length, 2 + ((h >>> 8) % 2)) : 1;
  const parts: string[][] = Array.from({ length: rows }, () => []);
  names.forEach((name, i) => parts[i % rows]?.push(name));
  return parts;
}

/** The Systeme.io contacts export, header first (no line terminators). */
export function* systemeContactCsvLines(contacts: Iterable<SystemeContact>): Generator<string> {
  yield csvLine(SYSTEME_CONTACT_CSV_COLUMNS);
  for (const contact of contacts) {
    const h = hashLabel(String(contact.id));
    const registered = Date.parse(contact.registeredAt);
    const rows = tagRows(contact, h);
    for (let row = 0; row < rows.length; row++) {
      // Rows of one contact were exported at different times, so their date styles can differ.
      const format = CONTACT_DATE_FORMATS[(h + row * (1 + ((h >>> 12) % 2))) % 3] ?? 'iso';
      yield csvLine([
        contact.email,
        contactField(contact, 'first_name') ?? '',
        contactField(contact, 'surname') ?? '',
        (rows[row] ?? []).join(','),
        formatCsvDate(registered, format),
      ]);
    }
  }
}

/** Anything with Node's Writable write/once. */
export interface CsvSink {
  write(chunk: string): boolean;
  once(event: 'drain', listener: () => void): unknown;
}

/** Writes lines with CRLF ends, in ~64 KB chunks, waiting for 'drain' when the sink is full. */
export async function writeCsvLines(lines: Iterable<string>, out: CsvSink): Promise<void> {
  let buffer = '';
  const flush = async () => {
    if (buffer === '') return;
    const ok = out.write(buffer);
    buffer = '';
    if (!ok) await new Promise<void>((resolve) => out.once('drain', resolve));
  };
  for (const line of lines) {
    buffer += `${line}\r\n`;
    if (buffer.length >= 65_536) await flush();
  }
  await flush();
}

export function writeXenditInvoicesCsv(invoices: Iterable<XenditInvoice>, out: CsvSink): Promise<void> {
  return writeCsvLines(xenditInvoiceCsvLines(invoices), out);
}

export function writeSystemeContactsCsv(contacts: Iterable<SystemeContact>, out: CsvSink): Promise<void> {
  return writeCsvLines(systemeContactCsvLines(contacts), out);
}

/** The whole file as one string (small datasets and tests). */
export function toCsvText(lines: Iterable<string>): string {
  let text = '';
  for (const line of lines) text += `${line}\r\n`;
  return text;
}
