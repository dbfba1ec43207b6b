// The ledger side of a paid invoice: its PAYMENT transaction (GET /transactions), and when money
// went back, the REFUND/CHARGEBACK rows and the refund object (GET /refunds). A refund within a
// day on an unsettled payment voids it instead of adding a REFUND row (research/xendit.md §3).
import type {
  XenditInvoice,
  XenditRefund,
  XenditTransaction,
} from '../../../../shared/sources/xendit.ts';
import { CURRENCY, isPaid, paymentFees } from './catalog.ts';
import { channelOf, type InvoiceSpec, type InvoiceTruth } from './invoices.ts';
import type { Plan } from './plan.ts';
import { entityRng, hashInts, labelCode, scramble32, uuidWithPrefix, type Rng } from './random.ts';
import { AS_OF, DAY, HOUR, MINUTE, xenditTime } from './time.ts';

export interface RefundTruth {
  refundId: string;
  invoiceId: string;
  personId: string;
  amount: number;
  status: 'SUCCEEDED' | 'FAILED';
  reason: string;
  /** The payment was voided (no REFUND ledger row). */
  voided: boolean;
  /** The REFUND ledger row, if any. */
  transactionId: string | null;
}

export interface ChargebackTruth {
  invoiceId: string;
  personId: string;
  transactionId: string;
  amount: number;
}

export interface Ledger {
  transactions: XenditTransaction[];
  refunds: XenditRefund[];
  refund: RefundTruth | null;
  chargeback: ChargebackTruth | null;
}

/** Unpaid invoices have no ledger rows; one shared, frozen empty ledger saves an allocation each. */
const NO_LEDGER: Ledger = Object.freeze({
  transactions: Object.freeze([]) as unknown as XenditTransaction[],
  refunds: Object.freeze([]) as unknown as XenditRefund[],
  refund: null,
  chargeback: null,
});

const REFUND_REASONS = ['REQUESTED_BY_CUSTOMER', 'CANCELLATION', 'OTHERS'] as const;

/** Ledger rows are stamped a few seconds after the invoice event they record. */
function lag(rng: Rng): number {
  return rng.between(1_000, 20_000);
}

function beforeNow(ms: number): number {
  return Math.min(AS_OF - 5 * MINUTE, ms);
}

/** A REFUND or CHARGEBACK row: money going back out, in full and without fees. */
function moneyOutRow(
  invoice: XenditInvoice,
  merchant: string,
  row: Pick<XenditTransaction, 'id' | 'product_id' | 'type' | 'status' | 'created' | 'updated'>,
): XenditTransaction {
  const { amount } = invoice;
  return {
    id: row.id,
    product_id: row.product_id,
    type: row.type,
    status: row.status,
    channel_category: 'INVOICE',
    channel_code: invoice.payment_channel ?? null,
    reference_id: invoice.external_id,
    account_identifier: null,
    currency: CURRENCY,
    amount,
    net_amount: amount,
    net_amount_currency: CURRENCY,
    cashflow: 'MONEY_OUT',
    settlement_status: null,
    business_id: merchant,
    created: row.created,
    updated: row.updated,
    fee: { xendit_fee: 0, value_added_tax: 0, xendit_withholding_tax: 0, third_party_withholding_tax: 0, status: 'COMPLETED' },
  };
}

export function buildLedger(
  plan: Plan,
  spec: InvoiceSpec,
  invoice: XenditInvoice,
  truth: InvoiceTruth,
  merchant: string,
): Ledger {
  if (!isPaid(invoice.status)) return NO_LEDGER;
  const ledger: Ledger = { transactions: [], refunds: [], refund: null, chargeback: null };
  const rng = entityRng(plan.seed, 'ledger', spec.index);
  const idKey = hashInts(plan.seed, labelCode('ledger-id'));
  // Four id slots per invoice: payment, refund row, chargeback row, refund object.
  const uniqueId = (slot: number) => scramble32(spec.index * 4 + slot, idKey);
  const paidAt = Date.parse(invoice.paid_at ?? invoice.created);
  const amount = invoice.amount;
  const channel = channelOf(invoice);
  const { fee, vat, net } = paymentFees(channel, amount);
  const settled = invoice.status === 'SETTLED';
  const paymentCreated = paidAt + lag(rng);
  const settlementTime = paidAt + rng.between(1, 3) * DAY;

  const refundWanted = spec.after === 'refund' || spec.after === 'failedRefund' || spec.after === 'duplicateRefund';
  const refundFails = spec.after === 'failedRefund';
  const voided = refundWanted && !refundFails && !settled && rng.chance(0.4);
  const chargeback = spec.after === 'chargeback';
  const paymentStatus = voided ? 'VOIDED' : chargeback ? 'REVERSED' : 'SUCCESS';

  const payment: XenditTransaction = {
    id: `txn_${uuidWithPrefix(rng, uniqueId(0))}`,
    product_id: invoice.id,
    type: 'PAYMENT',
    status: paymentStatus,
    channel_category: 'INVOICE',
    channel_code: invoice.payment_channel ?? null,
    reference_id: invoice.external_id,
    account_identifier: null,
    currency: CURRENCY,
    amount,
    net_amount: net,
    net_amount_currency: CURRENCY,
    cashflow: 'MONEY_IN',
    settlement_status: voided ? null : settled ? 'SETTLED' : 'PENDING',
    estimated_settlement_time: xenditTime(settlementTime),
    business_id: merchant,
    created: xenditTime(paymentCreated),
    updated: xenditTime(beforeNow(settled ? settlementTime : paymentCreated + lag(rng))),
    fee: {
      xendit_fee: fee,
      value_added_tax: vat,
      xendit_withholding_tax: 0,
      third_party_withholding_tax: 0,
      status: voided ? 'REVERSED' : 'COMPLETED',
    },
  };
  ledger.transactions.push(payment);

  if (refundWanted) {
    const created = beforeNow(
      voided ? paidAt + HOUR + rng.int(18 * HOUR) : paidAt + rng.between(2, 20) * DAY + rng.int(DAY),
    );
    const updated = beforeNow(created + rng.between(1, 90) * MINUTE);
    const status = refundFails ? 'FAILED' : 'SUCCEEDED';
    const reason = spec.after === 'duplicateRefund' ? 'DUPLICATE' : rng.pick(REFUND_REASONS);
    const refund: XenditRefund = {
      id: `rfd-${uuidWithPrefix(rng, uniqueId(3))}`,
      payment_request_id: null,
      invoice_id: invoice.id,
      reference_id: invoice.external_id,
      amount,
      currency: CURRENCY,
      channel_code: invoice.payment_channel ?? null,
      status,
      reason,
      failure_code: refundFails ? 'INSUFFICIENT_BALANCE' : null,
      created: xenditTime(created),
      updated: xenditTime(updated),
    };
    ledger.refunds.push(refund);
    let transactionId: string | null = null;
    if (!voided) {
      const row = moneyOutRow(invoice, merchant, {
        id: `txn_${uuidWithPrefix(rng, uniqueId(1))}`,
        product_id: refund.id,
        type: 'REFUND',
        status: refundFails ? 'FAILED' : 'SUCCESS',
        created: xenditTime(created + lag(rng)),
        updated: xenditTime(beforeNow(updated + lag(rng))),
      });
      ledger.transactions.push(row);
      transactionId = row.id;
    }
    ledger.refund = {
      refundId: refund.id,
      invoiceId: invoice.id,
      personId: truth.personId,
      amount,
      status,
      reason,
      voided,
      transactionId,
    };
  }

  if (chargeback) {
    const created = beforeNow(paidAt + rng.between(20, 60) * DAY);
    const row = moneyOutRow(invoice, merchant, {
      id: `txn_${uuidWithPrefix(rng, uniqueId(2))}`,
      product_id: invoice.id,
      type: 'CHARGEBACK',
      status: 'SUCCESS',
      created: xenditTime(created),
      updated: xenditTime(beforeNow(created + rng.between(1, 48) * HOUR)),
    });
    ledger.transactions.push(row);
    ledger.chargeback = { invoiceId: invoice.id, personId: truth.personId, transactionId: row.id, amount };
  }
  return ledger;
}
