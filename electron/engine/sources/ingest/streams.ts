// How each raw stream is validated and which columns are extracted beside the verbatim JSON.
// Pure: wire record in, row out.
import { toCentavos } from '../../domain/money.ts';
import type { z } from 'zod';
import type { StreamId } from '../../../../shared/api/sources.ts';
import { customerName, XenditInvoice, XenditRefund, XenditTransaction } from '../../../../shared/sources/xendit.ts';
import { SystemeContact, SystemeTag, contactField } from '../../../../shared/sources/systeme.ts';

export type SqlValue = string | number | null;

export interface StreamDef<T = unknown> {
  stream: StreamId;
  /** What the Pull step calls it. */
  label: string;
  table: string;
  schema: z.ZodType<T>;
  /** Extracted columns, in table order, excluding id and bookkeeping. */
  columns: readonly string[];
  id(record: T): SqlValue;
  extract(record: T): Record<string, SqlValue>;
  /** Contacts can disappear from the source; they are marked, never removed. */
  deletable: boolean;
  /** Ids in no order (Xendit's txn_<uuid>): the table is keyed by arrival (seq), with a separate unique index on id (first-load.ts). */
  randomIds: boolean;
}

/** Money as integer minor units, so sums are exact. */
const CANONICAL_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
/** Timestamps are stored as ISO-8601 UTC so they sort and compare as text (Xendit's already are: kept as sent, skipping a Date round trip). */
export const toUtc = (iso: string): string => (CANONICAL_UTC.test(iso) ? iso : new Date(iso).toISOString());
const optUtc = (iso: string | null | undefined): string | null => (iso ? toUtc(iso) : null);
/** A contact's tags column: its tag names, unique and sorted, as JSON (API and CSV alike). */
export const tagsColumn = (names: readonly string[]): string => JSON.stringify([...new Set(names)].sort());

export const invoiceStream: StreamDef<XenditInvoice> = {
  stream: 'xendit-invoices',
  label: 'Xendit invoices',
  table: 'raw_xendit_invoices',
  randomIds: false, // they begin with their creation time
  schema: XenditInvoice,
  columns: [
    'external_id',
    'status',
    'amount_minor',
    'currency',
    'payer_email',
    'description',
    'payment_method',
    'created_at',
    'updated_at',
    'paid_at',
    'settled_at',
    'expires_at',
    'fee_minor',
    'received_minor',
    'customer_name',
    'customer_mobile',
  ],
  id: (r) => r.id,
  deletable: false,
  // The API has no settlement time and no Xendit fee on an invoice (its fees[] are what the
  // customer was charged); the export has both. The received amount is adjusted_received_amount.
  extract: (r) => ({
    external_id: r.external_id,
    status: r.status,
    amount_minor: toCentavos(r.amount),
    currency: r.currency,
    payer_email: r.payer_email ?? r.customer?.email ?? null,
    description: r.description ?? null,
    payment_method: r.payment_method ?? null,
    created_at: toUtc(r.created),
    updated_at: toUtc(r.updated),
    paid_at: optUtc(r.paid_at),
    settled_at: null,
    expires_at: optUtc(r.expiry_date),
    fee_minor: null,
    received_minor: r.adjusted_received_amount === null || r.adjusted_received_amount === undefined ? null : toCentavos(r.adjusted_received_amount),
    customer_name: customerName(r),
    customer_mobile: r.customer?.mobile_number ?? null,
  }),
};

export const transactionStream: StreamDef<XenditTransaction> = {
  stream: 'xendit-transactions',
  label: 'Xendit transactions',
  table: 'raw_xendit_transactions',
  randomIds: true,
  schema: XenditTransaction,
  columns: ['type', 'status', 'product_id', 'reference_id', 'amount_minor', 'net_amount_minor', 'fee_minor', 'currency', 'cashflow', 'settlement_status', 'created_at', 'updated_at'],
  id: (r) => r.id,
  deletable: false,
  extract: (r) => ({
    type: r.type,
    status: r.status,
    product_id: r.product_id,
    reference_id: r.reference_id,
    amount_minor: toCentavos(r.amount),
    net_amount_minor: r.net_amount === null || r.net_amount === undefined ? null : toCentavos(r.net_amount),
    fee_minor: r.fee ? toCentavos(r.fee.xendit_fee + r.fee.value_added_tax) : null,
    currency: r.currency,
    cashflow: r.cashflow,
    settlement_status: r.settlement_status ?? null,
    created_at: toUtc(r.created),
    updated_at: toUtc(r.updated),
  }),
};

export const refundStream: StreamDef<XenditRefund> = {
  stream: 'xendit-refunds',
  label: 'Xendit refunds',
  table: 'raw_xendit_refunds',
  randomIds: true,
  schema: XenditRefund,
  columns: ['invoice_id', 'status', 'amount_minor', 'currency', 'reason', 'created_at', 'updated_at'],
  id: (r) => r.id,
  deletable: false,
  extract: (r) => ({
    invoice_id: r.invoice_id ?? null,
    status: r.status,
    amount_minor: toCentavos(r.amount),
    currency: r.currency,
    reason: r.reason ?? null,
    created_at: toUtc(r.created),
    updated_at: toUtc(r.updated),
  }),
};

export const contactStream: StreamDef<SystemeContact> = {
  stream: 'systeme-contacts',
  label: 'Systeme.io contacts',
  table: 'raw_systeme_contacts',
  randomIds: false,
  schema: SystemeContact,
  columns: ['email', 'first_name', 'surname', 'phone', 'registered_at', 'locale', 'unsubscribed', 'bounced', 'needs_confirmation', 'tags'],
  id: (r) => r.id,
  deletable: true,
  extract: (r) => ({
    email: r.email,
    first_name: contactField(r, 'first_name'),
    surname: contactField(r, 'surname'),
    phone: contactField(r, 'phone_number'),
    registered_at: toUtc(r.registeredAt),
    locale: r.locale ?? null,
    unsubscribed: r.unsubscribed ? 1 : 0,
    bounced: r.bounced ? 1 : 0,
    needs_confirmation: r.needsConfirmation ? 1 : 0,
    tags: tagsColumn(r.tags.map((t) => t.name)),
  }),
};

export const tagStream: StreamDef<SystemeTag> = {
  stream: 'systeme-tags',
  label: 'Systeme.io tags',
  table: 'raw_systeme_tags',
  randomIds: false,
  schema: SystemeTag,
  columns: ['name', 'created_at'],
  id: (r) => r.id,
  deletable: false,
  extract: (r) => ({ name: r.name, created_at: toUtc(r.createdAt) }),
};

export const streamDefs: Record<StreamId, StreamDef> = {
  'xendit-invoices': invoiceStream as StreamDef,
  'xendit-transactions': transactionStream as StreamDef,
  'xendit-refunds': refundStream as StreamDef,
  'systeme-contacts': contactStream as StreamDef,
  'systeme-tags': tagStream as StreamDef,
};
