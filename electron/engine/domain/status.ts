// What each Xendit invoice status means for revenue. PAID and SETTLED both mean paid (SETTLED
// adds that the funds reached the balance); EXPIRED and PENDING are not revenue. The target's own
// vocabulary is mapped from these meanings, never from the raw strings.
import type { InvoiceStatus } from '../../../shared/sources/xendit.ts';

export type PaymentMeaning = 'paid' | 'pending' | 'expired';

export const invoiceStatusMeaning: Readonly<Record<InvoiceStatus, PaymentMeaning>> = {
  PAID: 'paid',
  SETTLED: 'paid',
  PENDING: 'pending',
  EXPIRED: 'expired',
};

export function isPaidStatus(status: InvoiceStatus): boolean {
  return invoiceStatusMeaning[status] === 'paid';
}

/** The statuses that count as revenue, for SQL `IN (…)` lists. */
export const PAID_STATUSES: readonly InvoiceStatus[] = (Object.keys(invoiceStatusMeaning) as InvoiceStatus[]).filter(isPaidStatus);
