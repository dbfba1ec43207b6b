// Tiny, hand-made datasets for the simulator's tests (deliberately independent of the generator).
import type {
  XenditInvoice,
  XenditRefund,
  XenditTransaction,
} from '../../../../shared/sources/xendit.ts';
import type { SystemeContact, SystemeTag } from '../../../../shared/sources/systeme.ts';
import type { SimulatorDataset } from './types.ts';

const BASE = Date.parse('2025-01-01T00:00:00.000Z');
const MINUTE = 60_000;

/** Record n's moment (n minutes after BASE), plus an offset, as Xendit writes it. */
function at(n: number, plusMs = 0): string {
  return new Date(BASE + n * MINUTE + plusMs).toISOString();
}

export function invoiceId(n: number): string {
  return n.toString(16).padStart(24, '0');
}

export function invoice(n: number, overrides: Partial<XenditInvoice> = {}): XenditInvoice {
  const created = at(n);
  const status = overrides.status ?? (['PAID', 'SETTLED', 'EXPIRED', 'PENDING'] as const)[n % 4] ?? 'PAID';
  const paid = status === 'PAID' || status === 'SETTLED';
  return {
    id: invoiceId(n),
    external_id: `order-${n}`,
    user_id: '5f0000000000000000000001',
    status,
    amount: 1300,
    currency: 'PHP',
    payer_email: `buyer${n}@example.com`,
    description: 'P2P course',
    created,
    updated: created,
    expiry_date: at(n, 86_400_000),
    ...(paid ? { paid_at: at(n, 5 * MINUTE), paid_amount: 1300 } : {}),
    ...overrides,
  };
}

export function transaction(n: number, overrides: Partial<XenditTransaction> = {}): XenditTransaction {
  const created = at(n);
  return {
    id: `txn_${String(n).padStart(8, '0')}`,
    product_id: invoiceId(n),
    type: n % 5 === 0 ? 'REFUND' : 'PAYMENT',
    status: n % 7 === 0 ? 'VOIDED' : 'SUCCESS',
    channel_category: 'INVOICE',
    channel_code: 'GCASH',
    reference_id: `order-${n}`,
    currency: 'PHP',
    amount: 1300,
    net_amount: 1250,
    cashflow: 'MONEY_IN',
    settlement_status: 'SETTLED',
    business_id: 'biz_1',
    created,
    updated: created,
    fee: { xendit_fee: 45, value_added_tax: 5 },
    ...overrides,
  };
}

export function refund(n: number, overrides: Partial<XenditRefund> = {}): XenditRefund {
  const created = at(n);
  return {
    id: `rfd_${String(n).padStart(6, '0')}`,
    invoice_id: invoiceId(n),
    amount: 1300,
    currency: 'PHP',
    status: 'SUCCEEDED',
    reason: 'REQUESTED_BY_CUSTOMER',
    created,
    updated: created,
    ...overrides,
  };
}

export function tag(id: number, name = `tag-${id}`): SystemeTag {
  return { id, name, createdAt: '2024-06-01T00:00:00+00:00' };
}

export function contact(id: number, overrides: Partial<SystemeContact> = {}): SystemeContact {
  return {
    id,
    email: `person${id}@example.com`,
    registeredAt: at(id).replace('.000Z', '+00:00'),
    locale: 'en',
    sourceURL: null,
    unsubscribed: id % 6 === 0,
    bounced: id % 9 === 0,
    needsConfirmation: false,
    fields: [
      { fieldName: 'First name', slug: 'first_name', value: `First${id}` },
      { fieldName: 'Last name', slug: 'surname', value: null },
    ],
    tags: [],
    ...overrides,
  };
}

export interface FixtureSizes {
  invoices?: number;
  transactions?: number;
  refunds?: number;
  contacts?: number;
  tags?: number;
}

/** Records numbered 1..n; contact ids are spaced (3, 6, 9, …) so gaps exist, as in real data. */
export function fixtureDataset(sizes: FixtureSizes = {}): SimulatorDataset {
  const range = (n = 0) => Array.from({ length: n }, (_, i) => i + 1);
  const tags = range(sizes.tags ?? 3).map((id) => tag(id, ['PaidP2P', 'Canva', 'Imported', 'Lead'][id - 1] ?? `tag-${id}`));
  return {
    // Given in scrambled order on purpose: the simulator must sort.
    invoices: range(sizes.invoices ?? 0).reverse().map((n) => invoice(n)),
    transactions: range(sizes.transactions ?? 0).reverse().map((n) => transaction(n)),
    refunds: range(sizes.refunds ?? 0).map((n) => refund(n)),
    contacts: range(sizes.contacts ?? 0).map((n) => {
      const id = n * 3;
      const own = tags.filter((t) => id % (t.id + 1) === 0).map((t) => ({ id: t.id, name: t.name }));
      return contact(id, { tags: own });
    }),
    tags,
  };
}

export function basic(key: string): Record<string, string> {
  return { Authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` };
}

/** A hand-cranked clock for rate-limit tests. */
export class FakeClock {
  constructor(public t = BASE) {}
  readonly now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}
