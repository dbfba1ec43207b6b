// Xendit invoices (GET /v2/invoices objects). Slots are enumerated per product from the buyers'
// side (first purchases, double payments, tests, retries, abandoned checkouts) and then the
// "other" products, so the status × product cells come out exact; each slot becomes one record
// plus the truth about it.
import type { InvoiceStatus, XenditInvoice } from '../../../../shared/sources/xendit.ts';
import { invoiceStatuses } from '../../../../shared/sources/xendit.ts';
import {
  CANVA_PRICE,
  CURRENCY,
  describeCanva,
  describeP2p,
  DESCRIPTIONS,
  isNewCheckout,
  isPaid,
  MERCHANT_NAME,
  OFF_PRICE_AMOUNTS,
  p2pPrice,
  PAYMENT_CHANNELS,
  paymentFees,
  SHOP_ITEMS,
  TEST_DESCRIPTIONS,
  UNKNOWN_DESCRIPTIONS,
  type PaymentChannel,
  type ProductKey,
} from './catalog.ts';
import { alternateEmail, describePerson, mangleEmail, type Person } from './people.ts';
import type { Plan } from './plan.ts';
import { entityRng, hashInts, hex32, labelCode, scramble32, type Rng } from './random.ts';
import { clampClosed, personRegistration, purchaseTime } from './timeline.ts';
import {
  AS_OF,
  DAY,
  HOUR,
  LAST_CLOSED_INVOICE,
  MINUTE,
  PENDING_WINDOW_START,
  REGISTRATION_START,
  xenditTime,
} from './time.ts';

/** Why an invoice exists. */
export type InvoiceRole =
  | 'purchase' // a buyer's (first) payment
  | 'duplicate' // a second payment for a product already paid
  | 'retry' // an expired attempt before the payment went through
  | 'abandoned' // a checkout that was never paid (expired or still pending)
  | 'test' // made by the merchant's team
  | 'other'; // shop sales and unknown products

/** What happened after the payment, on the ledger. */
export type AfterPayment = 'refund' | 'failedRefund' | 'duplicateRefund' | 'chargeback';

/** Which of the person's addresses the invoice carries. */
export type EmailUse = 'primary' | 'alt' | 'variant';

export interface InvoiceSpec {
  /** Position in enumeration order: the unique part of ids. */
  index: number;
  person: number;
  product: ProductKey;
  role: InvoiceRole;
  status: InvoiceStatus;
  created: number;
  offPrice: boolean;
  after: AfterPayment | null;
}

export interface InvoiceTruth {
  invoiceId: string;
  personId: string;
  product: ProductKey;
  role: InvoiceRole;
  status: InvoiceStatus;
  isTest: boolean;
  emailUse: EmailUse;
  offPrice: boolean;
  unknownDescription: boolean;
  after: AfterPayment | null;
  /** Creation time in ms, for the answer key's months. */
  createdMs: number;
}

/** The merchant's Xendit user id (invoices' user_id, transactions' business_id). */
export function merchantId(seed: number): string {
  const rng = entityRng(seed, 'merchant', 0);
  return `64b${rng.hex(21)}`;
}

/** Whole-product test people: the team's own accounts and Xendit staff. */
function testPerson(plan: Plan, rng: Rng): number {
  const accounts = plan.segment('testAccount').count;
  const staff = plan.segment('xenditTester').count;
  const pick = rng.int(accounts + staff);
  return pick < accounts ? plan.personOf('testAccount', pick) : plan.personOf('xenditTester', pick - accounts);
}

function uniformClosedTime(rng: Rng): number {
  return REGISTRATION_START + Math.floor(rng.next() * (LAST_CLOSED_INVOICE - REGISTRATION_START));
}

/** Pending checkouts were opened in the last two weeks, at least an hour before the export. */
function pendingTime(rng: Rng): number {
  return PENDING_WINDOW_START + Math.floor(rng.next() * (AS_OF - HOUR - PENDING_WINDOW_START));
}

/** The "other" products' slot kinds: a fixed pattern so even one slot holds an unknown product. */
function otherKind(status: InvoiceStatus, j: number): 'unknown' | 'test' | 'shop' {
  if (j % 4 === 0) return 'unknown';
  if (j % 4 === 2 && (status === 'PAID' || status === 'EXPIRED')) return 'test';
  return 'shop';
}

/** Every invoice slot, in a fixed order. O(1) memory. */
export function* invoiceSpecs(plan: Plan): Generator<InvoiceSpec> {
  let index = 0;
  /** The next slot; most are on price and nothing happens after them. */
  const slot = (
    fields: Omit<InvoiceSpec, 'index' | 'offPrice' | 'after'> & Partial<Pick<InvoiceSpec, 'offPrice' | 'after'>>,
  ): InvoiceSpec => ({ offPrice: false, after: null, ...fields, index: index++ });
  for (const product of ['p2p', 'canva'] as const) {
    const p = plan.products[product];
    const slotRng = (role: string, k: number) => entityRng(plan.seed, `slot:${product}:${role}`, k);
    for (let b = 0; b < p.buyers; b++) {
      const person = plan.buyerPerson(product, b);
      const mod = plan.buyerMod(product, b);
      const after: AfterPayment | null =
        mod === 'chargeback' ? 'chargeback'
        : mod === 'refund' ? (plan.modRank(product, b, 'refund') < p.failedRefunds ? 'failedRefund' : 'refund')
        : null;
      yield slot({
        person,
        product,
        role: 'purchase',
        status: plan.paidStatus(product, b),
        created: purchaseTime(plan, person, product),
        offPrice: mod === 'offPrice',
        after,
      });
    }
    for (let k = 0; k < p.dup; k++) {
      const person = plan.buyerPerson(product, plan.buyerWith(product, 'dup', k));
      const gap = 2 * MINUTE + Math.floor(slotRng('dup', k).exponential(DAY, 5 * DAY));
      yield slot({
        person,
        product,
        role: 'duplicate',
        status: plan.paidStatus(product, p.buyers + k),
        created: clampClosed(purchaseTime(plan, person, product) + gap),
        after: k < p.dupRefunds ? 'duplicateRefund' : null,
      });
    }
    for (let k = 0; k < p.testPaid; k++) {
      const rng = slotRng('test-paid', k);
      const person = testPerson(plan, rng);
      yield slot({ person, product, role: 'test', status: plan.paidStatus(product, p.buyers + p.dup + k), created: uniformClosedTime(rng) });
    }
    for (let k = 0; k < p.retry; k++) {
      const person = plan.buyerPerson(product, plan.buyerWith(product, 'retry', k));
      const gap = 10 * MINUTE + Math.floor(slotRng('retry', k).exponential(6 * HOUR, 3 * DAY));
      yield slot({ person, product, role: 'retry', status: 'EXPIRED', created: clampClosed(purchaseTime(plan, person, product) - gap) });
    }
    for (let k = 0; k < p.testExpired; k++) {
      const rng = slotRng('test-expired', k);
      const person = testPerson(plan, rng);
      yield slot({ person, product, role: 'test', status: 'EXPIRED', created: uniformClosedTime(rng) });
    }
    for (let k = 0; k < p.abandonSlots; k++) {
      const { person } = plan.abandoner(product, k);
      const rng = slotRng('abandoned', k);
      const pending = plan.isPending(product, k);
      const created = pending
        ? pendingTime(rng)
        : clampClosed(personRegistration(plan, person) + MINUTE + Math.floor(rng.exponential(3 * DAY, 60 * DAY)));
      yield slot({ person, product, role: 'abandoned', status: pending ? 'PENDING' : 'EXPIRED', created });
    }
  }
  for (const status of invoiceStatuses) {
    for (let j = 0; j < plan.cells[status].other; j++) {
      const rng = entityRng(plan.seed, `slot:other:${status}`, j);
      const kind = otherKind(status, j);
      const created = status === 'PENDING' ? pendingTime(rng) : uniformClosedTime(rng);
      yield slot({
        person: kind === 'test' ? testPerson(plan, rng) : plan.personOf('otherBuyer', plan.otherOffsets[status] + j),
        product: kind === 'shop' ? 'shop' : 'unknown',
        role: kind === 'test' ? 'test' : 'other',
        status,
        created,
      });
    }
  }
}

/** Which address the payer typed. */
function emailFor(plan: Plan, person: Person, product: ProductKey, rng: Rng): { email: string; use: EmailUse } {
  // Buyers of both products paid for the course from their second address, the ebook not.
  if (person.mess === 'altEmail' && !(person.ref.kind === 'both' && product === 'canva')) {
    return { email: alternateEmail(plan, person), use: 'alt' };
  }
  if (person.variantSide === 'invoice') return { email: mangleEmail(person.email, rng), use: 'variant' };
  return { email: person.email, use: 'primary' };
}

const PRODUCT_CODES: Readonly<Record<ProductKey, string>> = {
  p2p: 'p2p',
  canva: 'canva-ebook',
  shop: 'store',
  unknown: 'misc',
};

function externalId(spec: InvoiceSpec, token: string, newCheckout: boolean, isTest: boolean, rng: Rng): string {
  const code = PRODUCT_CODES[spec.product];
  if (isTest) return `${rng.pick(['test', 'demo', 'sample', 'trial'])}-${code}-${token}`;
  if (!newCheckout) return `${code}-${Math.floor(spec.created / 1000)}-${token}`;
  return `gh_${code}_${token}${rng.hex(4)}`;
}

interface Priced {
  description: string;
  amount: number;
  items: { name: string; price: number; quantity: number; category: string }[] | null;
}

function priceAndDescribe(spec: InvoiceSpec, newCheckout: boolean, isTestDescription: boolean, rng: Rng): Priced {
  switch (spec.product) {
    case 'p2p': {
      const amount = spec.offPrice ? rng.pick(OFF_PRICE_AMOUNTS.p2p) : p2pPrice(spec.created);
      const description = describeP2p(newCheckout, rng);
      const item = { name: 'Papers to Profits Course', price: amount, quantity: 1, category: 'Course' };
      return { description, amount, items: newCheckout ? [item] : null };
    }
    case 'canva': {
      const amount = spec.offPrice ? rng.pick(OFF_PRICE_AMOUNTS.canva) : CANVA_PRICE;
      const item = { name: 'My Canva Business Ebook', price: amount, quantity: 1, category: 'Ebook' };
      return { description: describeCanva(newCheckout), amount, items: newCheckout ? [item] : null };
    }
    case 'shop': {
      const items = Array.from({ length: rng.between(1, 3) }, () => {
        const item = rng.pick(SHOP_ITEMS);
        return { name: item.name, price: item.price, quantity: rng.between(1, 2), category: 'Store' };
      });
      const amount = items.reduce((sum, item) => sum + item.price * item.quantity, 0);
      const description = rng.chance(0.6) ? DESCRIPTIONS.shopMember : DESCRIPTIONS.shopPublic;
      return { description, amount, items };
    }
    case 'unknown': {
      const description = isTestDescription ? rng.pick(TEST_DESCRIPTIONS) : rng.pick(UNKNOWN_DESCRIPTIONS);
      const amount = isTestDescription ? rng.pick([1, 10, 20]) : rng.pick([100, 250, 500, 1500, 2000]);
      return { description, amount, items: null };
    }
  }
}

/** Mobile numbers in invoices are E.164. */
function e164(phone: string | null): string | null {
  if (phone === null) return null;
  return phone.startsWith('+') ? phone : `+63${phone.slice(1)}`;
}

export function buildInvoice(
  plan: Plan,
  spec: InvoiceSpec,
  merchant: string,
): { record: XenditInvoice; truth: InvoiceTruth } {
  const rng = entityRng(plan.seed, 'invoice', spec.index);
  const person = describePerson(plan, spec.person);
  const isTest = person.isTest;
  const newCheckout = isNewCheckout(spec.created, rng);
  const idKey = hashInts(plan.seed, labelCode('invoice-id'));
  const unique = scramble32(spec.index, idKey);
  const id = `${hex32(Math.floor(spec.created / 1000))}${hex32(unique)}${rng.hex(8)}`;
  const token = unique.toString(36).padStart(7, '0');
  const testDescription = spec.role === 'test' && spec.product === 'unknown';
  // A test invoice always carries a marker the rules can see: a test external_id unless the
  // payer address (@xendit.co, @example.com) or the description already gives it away.
  const markedByEmail = /@(xendit\.co|example\.com)$/.test(person.email);
  const testExternalId = isTest && !testDescription && (!markedByEmail || rng.chance(0.5));
  const { email, use } = emailFor(plan, person, spec.product, rng);
  const priced = priceAndDescribe(spec, newCheckout, testDescription, rng);
  const expiresAfter = spec.status === 'PENDING' ? 30 * DAY : DAY;
  const expiry = spec.created + expiresAfter;
  const paid = isPaid(spec.status);
  const paidAt = spec.created + MINUTE + Math.floor(rng.exponential(25 * MINUTE, 3 * HOUR));
  const updated =
    spec.status === 'PAID' ? paidAt + rng.between(800, 9000)
    : spec.status === 'SETTLED' ? Math.min(AS_OF - MINUTE, paidAt + rng.between(1, 3) * DAY + rng.int(HOUR))
    : spec.status === 'EXPIRED' ? expiry
    : spec.created;

  const record: XenditInvoice = {
    id,
    external_id: externalId(spec, token, newCheckout, testExternalId, rng),
    user_id: merchant,
    status: spec.status,
    merchant_name: MERCHANT_NAME,
    amount: priced.amount,
    payer_email: email,
    description: priced.description,
    expiry_date: xenditTime(expiry),
    invoice_url: `https://checkout.xendit.co/web/${id}`,
    should_send_email: newCheckout,
    created: xenditTime(spec.created),
    updated: xenditTime(updated),
    currency: CURRENCY,
  };
  if (paid) {
    const channel = rng.weighted(PAYMENT_CHANNELS);
    record.paid_at = xenditTime(paidAt);
    record.paid_amount = priced.amount;
    record.adjusted_received_amount = paymentFees(channel, priced.amount).net;
    record.payment_method = channel.method;
    record.payment_channel = channel.channel;
  }
  if (priced.items) record.items = priced.items;
  if (newCheckout && rng.chance(0.7)) {
    const mobile = e164(person.phone);
    record.customer = {
      given_names: person.firstName,
      surname: person.lastName,
      email,
      ...(mobile ? { mobile_number: mobile } : {}),
    };
  }
  if (newCheckout || (isTest && rng.chance(0.5))) {
    record.metadata = {
      product_code: PRODUCT_CODES[spec.product],
      source: rng.pick(['website', 'facebook', 'email']),
      ...(isTest && rng.chance(0.6) ? { isTest: true } : {}),
    };
  }
  return {
    record,
    truth: {
      invoiceId: id,
      personId: person.id,
      product: spec.product,
      role: spec.role,
      status: spec.status,
      isTest,
      emailUse: use,
      offPrice: spec.offPrice,
      unknownDescription: spec.product === 'unknown' && !testDescription,
      after: spec.after,
      createdMs: spec.created,
    },
  };
}

/** The channel rule an invoice was paid through. */
export function channelOf(invoice: XenditInvoice): PaymentChannel | undefined {
  const found = PAYMENT_CHANNELS.find(([c]) => c.channel === invoice.payment_channel);
  return found ? found[0] : undefined;
}
