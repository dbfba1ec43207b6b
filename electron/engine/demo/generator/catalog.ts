// What the merchant sells, at what price, under which invoice descriptions, and how buyers pay
// (research/platform-facts.md). Also the calibration table: the seed's invoice status × product mix.
import type { InvoiceStatus } from '../../../../shared/sources/xendit.ts';
import type { Rng } from './random.ts';
import { manila } from './time.ts';

/** The true product of an invoice. `unknown` covers descriptions the catalog does not know. */
export type ProductKey = 'p2p' | 'canva' | 'shop' | 'unknown';
/** The seed reports P2P, Canva and everything else lumped as "other". */
export type ProductGroup = 'p2p' | 'canva' | 'other';

export function productGroup(product: ProductKey): ProductGroup {
  return product === 'p2p' || product === 'canva' ? product : 'other';
}

/** Invoices at scale 1, status × product group (the seed's numbers; 9,025 in all). */
export const INVOICE_MIX: Readonly<Record<InvoiceStatus, Readonly<Record<ProductGroup, number>>>> = {
  PAID: { p2p: 3002, canva: 1484, other: 10 },
  SETTLED: { p2p: 332, canva: 1299, other: 9 },
  EXPIRED: { p2p: 973, canva: 1839, other: 6 },
  PENDING: { p2p: 36, canva: 31, other: 4 },
};

/** Paid, whether or not the money has settled yet. */
export { isPaidStatus as isPaid } from '../../domain/status.ts';

export const CURRENCY = 'PHP';
export const MERCHANT_NAME = 'Graceful Homeschooling';

export const DESCRIPTIONS = {
  p2pLegacy: 'Papers to Profits Learning Fee',
  p2pFull: 'Papers to Profits Course - Full Payment',
  p2pMonthly: 'Papers to Profits Course - Monthly Plan',
  canvaLegacy: 'Canva Ebook',
  canvaNew: 'My Canva Business Ebook',
  shopMember: 'Graceful Homeschooling Store Purchase',
  shopPublic: 'Public Store Purchase',
} as const;

/** Descriptions no catalog rule knows. One has a comma and quotes, to exercise CSV quoting. */
export const UNKNOWN_DESCRIPTIONS = [
  'Homeschool Planner 2025, "Printable" Edition',
  '1:1 Coaching Call',
  'Workshop Replay Access',
  'Love Gift / Donation',
] as const;

/** Descriptions that mark a payment as a test. */
export const TEST_DESCRIPTIONS = [
  'Test Payment - do not fulfill',
  'TEST invoice',
  'checkout test (ignore)',
] as const;

/** The newer checkout replaced the legacy descriptions from this day (legacy ones linger). */
export const NEW_CHECKOUT_FROM = manila(2025, 2, 10);
/** The P2P course price rose from ₱1,000 to ₱1,300 on this Manila day. */
export const P2P_PRICE_CHANGE = manila(2025, 6, 29);

export function p2pPrice(createdMs: number): number {
  return createdMs >= P2P_PRICE_CHANGE ? 1300 : 1000;
}

export const CANVA_PRICE = 49;

/** Amounts seen in the wild that are on no price list (typos, old promos, manual edits). */
export const OFF_PRICE_AMOUNTS: Readonly<Record<'p2p' | 'canva', readonly number[]>> = {
  p2p: [999, 1500, 950, 1200, 100],
  canva: [50, 99, 39, 490],
};

export function isNewCheckout(createdMs: number, rng: Rng): boolean {
  // Legacy links stayed in old e-mails, so some legacy descriptions appear after the switch.
  return createdMs >= NEW_CHECKOUT_FROM && !rng.chance(0.08);
}

export function describeP2p(newCheckout: boolean, rng: Rng): string {
  if (!newCheckout) return DESCRIPTIONS.p2pLegacy;
  return rng.chance(0.85) ? DESCRIPTIONS.p2pFull : DESCRIPTIONS.p2pMonthly;
}

export function describeCanva(newCheckout: boolean): string {
  return newCheckout ? DESCRIPTIONS.canvaNew : DESCRIPTIONS.canvaLegacy;
}

export interface ShopItem {
  name: string;
  price: number;
}

export const SHOP_ITEMS: readonly ShopItem[] = [
  { name: 'Homeschool Planner (Printed)', price: 450 },
  { name: 'Printable Worksheets Bundle', price: 199 },
  { name: 'Bible Verse Memory Cards', price: 150 },
  { name: 'Math Manipulatives Kit', price: 899 },
  { name: 'Phonics Flashcards', price: 275 },
  { name: 'Nature Journal', price: 320 },
];

/** How a buyer paid: the invoice's payment_method/channel and the ledger's fee rule. */
export interface PaymentChannel {
  method: string;
  channel: string;
  /** Fee in pesos before VAT. */
  fee: (amount: number) => number;
}

const percent = (rate: number, flat = 0, min = 0) => (amount: number) =>
  Math.max(min, amount * rate + flat);

export const PAYMENT_CHANNELS: readonly (readonly [PaymentChannel, number])[] = [
  [{ method: 'EWALLET', channel: 'GCASH', fee: percent(0.023) }, 52],
  [{ method: 'EWALLET', channel: 'PAYMAYA', fee: percent(0.018) }, 14],
  [{ method: 'EWALLET', channel: 'GRABPAY', fee: percent(0.02) }, 3],
  [{ method: 'EWALLET', channel: 'SHOPEEPAY', fee: percent(0.02) }, 3],
  [{ method: 'CREDIT_CARD', channel: 'CREDIT_CARD', fee: percent(0.032, 10) }, 10],
  [{ method: 'DIRECT_DEBIT', channel: 'BPI', fee: percent(0.01, 0, 15) }, 6],
  [{ method: 'DIRECT_DEBIT', channel: 'UBP', fee: percent(0.01, 0, 15) }, 2],
  [{ method: 'QR_CODE', channel: 'QRPH', fee: percent(0.014) }, 7],
  [{ method: 'RETAIL_OUTLET', channel: '7ELEVEN', fee: percent(0.015, 0, 10) }, 2],
  [{ method: 'RETAIL_OUTLET', channel: 'CEBUANA', fee: percent(0.015, 0, 10) }, 1],
];

/** Value-added tax on Xendit's fee in the Philippines. */
export const VAT_RATE = 0.12;

/** Pesos rounded to centavos, computed in integers so sums are exact. */
export function centavos(pesos: number): number {
  return Math.round(pesos * 100) / 100;
}

/** What a payment through a channel costs the merchant, and what it receives: the ledger's fee and net amount, the invoice's adjusted_received_amount. */
export function paymentFees(channel: PaymentChannel | undefined, amount: number): { fee: number; vat: number; net: number } {
  const fee = centavos(channel ? channel.fee(amount) : 0);
  const vat = centavos(fee * VAT_RATE);
  return { fee, vat, net: centavos(amount - fee - vat) };
}
