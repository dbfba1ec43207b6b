// Xendit wire formats, as the API returns them (research/xendit.md).
// Loose objects: unknown fields are kept in the raw JSON, never a reason to quarantine.
import { z } from 'zod';

const timestamp = z.iso.datetime({ offset: true });

export const invoiceStatuses = ['PENDING', 'PAID', 'SETTLED', 'EXPIRED'] as const;
export const InvoiceStatus = z.enum(invoiceStatuses);
export type InvoiceStatus = z.infer<typeof InvoiceStatus>;

export const XenditInvoice = z.looseObject({
  id: z.string().regex(/^[0-9a-f]{24}$/, 'invoice id must be 24 hex characters'),
  external_id: z.string().min(1),
  user_id: z.string(),
  status: InvoiceStatus,
  amount: z.number().nonnegative(),
  currency: z.string().length(3),
  payer_email: z.string().nullish(),
  description: z.string().nullish(),
  created: timestamp,
  updated: timestamp,
  expiry_date: timestamp.nullish(),
  paid_at: timestamp.nullish(),
  paid_amount: z.number().nullish(),
  /** What the merchant receives after Xendit's fees (research/xendit.md §1, J1 fields). */
  adjusted_received_amount: z.number().nullish(),
  payment_method: z.string().nullish(),
  payment_channel: z.string().nullish(),
  items: z
    .array(z.looseObject({ name: z.string(), price: z.number(), quantity: z.number() }))
    .nullish(),
  customer: z
    .looseObject({
      given_names: z.string().nullish(),
      surname: z.string().nullish(),
      email: z.string().nullish(),
      mobile_number: z.string().nullish(),
    })
    .nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
});
export type XenditInvoice = z.infer<typeof XenditInvoice>;

/** The invoice's customer as one name (given names, then surname), as the export's "Customer Name" has it; null when none. */
export function customerName(invoice: Pick<XenditInvoice, 'customer'>): string | null {
  const c = invoice.customer;
  return `${c?.given_names ?? ''} ${c?.surname ?? ''}`.trim() || null;
}

export const XenditTransaction = z.looseObject({
  id: z.string().regex(/^txn_/, 'transaction id must start with txn_'),
  product_id: z.string(),
  type: z.string(),
  status: z.enum(['PENDING', 'SUCCESS', 'FAILED', 'VOIDED', 'REVERSED']),
  channel_category: z.string().nullish(),
  channel_code: z.string().nullish(),
  reference_id: z.string(),
  currency: z.string().length(3),
  amount: z.number(),
  net_amount: z.number().nullish(),
  cashflow: z.enum(['MONEY_IN', 'MONEY_OUT']),
  settlement_status: z.string().nullish(),
  business_id: z.string(),
  created: timestamp,
  updated: timestamp,
  fee: z
    .looseObject({
      xendit_fee: z.number(),
      value_added_tax: z.number(),
      xendit_withholding_tax: z.number().nullish(),
      third_party_withholding_tax: z.number().nullish(),
      status: z.string().nullish(),
    })
    .nullish(),
});
export type XenditTransaction = z.infer<typeof XenditTransaction>;

export const XenditTransactionsPage = z.object({
  has_more: z.boolean(),
  data: z.array(z.unknown()),
  links: z.array(z.object({ href: z.string(), rel: z.string(), method: z.string() })).optional(),
});

export const XenditRefund = z.looseObject({
  id: z.string().min(1),
  invoice_id: z.string().nullish(),
  payment_request_id: z.string().nullish(),
  amount: z.number().nonnegative(),
  currency: z.string().length(3),
  status: z.enum(['PENDING', 'SUCCEEDED', 'FAILED', 'CANCELLED']),
  reason: z.string().nullish(),
  created: timestamp,
  updated: timestamp,
});
export type XenditRefund = z.infer<typeof XenditRefund>;

export const XenditRefundsPage = z.object({
  data: z.array(z.unknown()),
  has_more: z.boolean(),
});

/** Error body of every Xendit error response. */
export const XenditError = z.looseObject({ error_code: z.string(), message: z.string() });
