// The answer key: what is true about the demo data, so tests can score the app's findings. It is
// derived from the records and their truths (who really made each one), grouping by true person,
// never from the generator's intentions alone: a finding counts because the data shows it.
import type { SystemeContact } from '../../../../shared/sources/systeme.ts';
import { invoiceStatuses, type InvoiceStatus, type XenditInvoice } from '../../../../shared/sources/xendit.ts';
import { isPaid, productGroup, type ProductGroup, type ProductKey } from './catalog.ts';
import type { ContactTruth } from './contacts.ts';
import type { InvoiceTruth } from './invoices.ts';
import type { ChargebackTruth, Ledger, RefundTruth } from './ledger.ts';
import { emailKey } from '../../domain/email.ts';
import type { Plan } from './plan.ts';
import { TAG, tagRecords, type TagName } from './tags.ts';
import { AS_OF, manilaMonth, xenditTime } from './time.ts';

export interface ControlTotal {
  product: ProductKey;
  status: InvoiceStatus;
  /** Manila calendar month of the invoice's `created`, 'YYYY-MM'. */
  month: string;
  currency: string;
  count: number;
  /** Sum of `amount`, pesos. */
  amount: number;
}

export interface AnswerKey {
  seed: number;
  scale: number;
  /** When the sources were "exported"; pending invoices are pending as of this moment. */
  asOf: string;
  timeZone: 'Asia/Manila';
  /** Distinct true people behind at least one record. */
  peopleCount: number;
  /** True person of every record. Contact ids are the keys' decimal strings. */
  invoicePerson: Record<string, string>;
  transactionPerson: Record<string, string>;
  refundPerson: Record<string, string>;
  contactPerson: Record<string, string>;
  /** True product of every invoice. */
  invoiceProduct: Record<string, ProductKey>;
  /** Invoices per status × product group (P2P, Canva, other) and per status. */
  invoiceCounts: Record<InvoiceStatus, Record<ProductGroup, number>>;
  statusCounts: Record<InvoiceStatus, number>;
  invoiceTotal: number;
  /** count and sum of amount per product × status × month × currency, over all invoices. */
  controlTotals: ControlTotal[];
  /** The same without test payments. */
  controlTotalsExcludingTests: ControlTotal[];
  /** Contacts tagged PaidP2P or Imported/imported whose person never paid a P2P invoice. */
  manualP2PCandidates: { contactId: number; personId: string; email: string; tags: string[] }[];
  /** Two or more paid invoices by one person for one product (tests excluded). */
  duplicatePayments: { personId: string; product: ProductKey; invoiceIds: string[] }[];
  /** Expired attempts before a person's first paid invoice of the same product. */
  retries: { personId: string; product: ProductKey; expiredInvoiceIds: string[]; paidInvoiceId: string }[];
  testPayments: string[];
  testAccounts: { personId: string; contactIds: number[]; emails: string[]; invoiceIds: string[] }[];
  /** A paying person none of whose contacts carries the product's buyer tag. */
  paidWithoutBuyerTag: { personId: string; product: 'p2p' | 'canva'; missingTag: string; contactIds: number[]; invoiceIds: string[] }[];
  /** A paying person with no Systeme.io contact at all. */
  paidWithoutContact: { personId: string; product: ProductKey; invoiceIds: string[] }[];
  /** Paid with an address that is not the one on their (primary) contact. */
  secondEmailPayments: { personId: string; invoiceId: string; invoiceEmail: string; contactEmail: string | null }[];
  /** Records whose address differs from the person's only by case or surrounding whitespace. */
  emailVariants: { personId: string; source: 'xendit-invoice' | 'systeme-contact'; recordId: string; email: string; normalized: string }[];
  /** People with two or more contacts. */
  duplicateContacts: { personId: string; contactIds: number[]; emails: string[] }[];
  /** People who paid for both the P2P course and the Canva ebook. */
  canvaP2pOverlaps: string[];
  unknownProductInvoices: string[];
  offPriceInvoices: { invoiceId: string; product: ProductKey; amount: number }[];
  refunds: RefundTruth[];
  chargebacks: ChargebackTruth[];
  contactCounts: {
    total: number;
    paidP2P: number;
    canva: number;
    paidP2PAndCanva: number;
    paidCanva: number;
    /** Tagged "Imported" or "imported". */
    imported: number;
    /** People with a contact, no payment, no PaidP2P/Imported tag, not tests. */
    leadPeople: number;
  };
  /** Contacts per tag name, every tag of the dictionary included. */
  tagCounts: Record<string, number>;
}

interface PersonFacts {
  invoices: { id: string; product: ProductKey; status: InvoiceStatus; created: number; isTest: boolean; email: string }[];
  contacts: { id: number; email: string; tags: TagName[]; secondary: boolean }[];
  isTest: boolean;
}

/** Tags that say a contact is a P2P student, paid or not. */
const P2P_STUDENT_TAGS: readonly TagName[] = [TAG.paidP2p, TAG.importedUpper, TAG.importedLower];

function emptyCounts(): Record<InvoiceStatus, Record<ProductGroup, number>> {
  const counts = {} as Record<InvoiceStatus, Record<ProductGroup, number>>;
  for (const status of invoiceStatuses) counts[status] = { p2p: 0, canva: 0, other: 0 };
  return counts;
}

/** Sum in centavos so float error never creeps into totals. */
function addPesos(a: number, b: number): number {
  return Math.round(a * 100 + b * 100) / 100;
}

/** Control totals of invoices, given each one's product. Exported so tests can recompute them. */
export function computeControlTotals(
  invoices: Iterable<XenditInvoice>,
  productOf: (invoice: XenditInvoice) => ProductKey,
): ControlTotal[] {
  const totals = new Map<string, ControlTotal>();
  for (const invoice of invoices) {
    const product = productOf(invoice);
    const month = manilaMonth(Date.parse(invoice.created));
    const key = `${product}|${invoice.status}|${month}|${invoice.currency}`;
    const total = totals.get(key) ?? { product, status: invoice.status, month, currency: invoice.currency, count: 0, amount: 0 };
    total.count += 1;
    total.amount = addPesos(total.amount, invoice.amount);
    totals.set(key, total);
  }
  return [...totals.values()].sort(
    (a, b) =>
      a.product.localeCompare(b.product) || a.status.localeCompare(b.status) || a.month.localeCompare(b.month) ||
      a.currency.localeCompare(b.currency),
  );
}

export class AnswerKeyBuilder {
  private readonly people = new Map<string, PersonFacts>();
  private readonly invoices: { record: XenditInvoice; truth: InvoiceTruth; ledger: Ledger }[] = [];
  private readonly contacts: { record: SystemeContact; truth: ContactTruth }[] = [];

  constructor(private readonly plan: Plan) {}

  private facts(personId: string, isTest: boolean): PersonFacts {
    let facts = this.people.get(personId);
    if (!facts) {
      facts = { invoices: [], contacts: [], isTest };
      this.people.set(personId, facts);
    }
    return facts;
  }

  addInvoice(record: XenditInvoice, truth: InvoiceTruth, ledger: Ledger): void {
    this.invoices.push({ record, truth, ledger });
    this.facts(truth.personId, truth.isTest).invoices.push({
      id: record.id,
      product: truth.product,
      status: record.status,
      created: truth.createdMs,
      isTest: truth.isTest,
      email: record.payer_email ?? '',
    });
  }

  addContact(record: SystemeContact, truth: ContactTruth): void {
    this.contacts.push({ record, truth });
    this.facts(truth.personId, truth.isTest).contacts.push({
      id: record.id,
      email: record.email,
      tags: truth.tags,
      secondary: truth.secondary,
    });
  }

  build(): AnswerKey {
    const invoicePerson: Record<string, string> = {};
    const invoiceProduct: Record<string, ProductKey> = {};
    const invoiceCounts = emptyCounts();
    const statusCounts = { PAID: 0, SETTLED: 0, EXPIRED: 0, PENDING: 0 } as Record<InvoiceStatus, number>;
    const testPayments: string[] = [];
    const unknownProductInvoices: string[] = [];
    const offPriceInvoices: AnswerKey['offPriceInvoices'] = [];
    const secondEmailPayments: AnswerKey['secondEmailPayments'] = [];
    const emailVariants: AnswerKey['emailVariants'] = [];
    const transactionPerson: Record<string, string> = {};
    const refundPerson: Record<string, string> = {};
    const refunds: RefundTruth[] = [];
    const chargebacks: ChargebackTruth[] = [];
    for (const { record, truth, ledger } of this.invoices) {
      invoicePerson[record.id] = truth.personId;
      invoiceProduct[record.id] = truth.product;
      invoiceCounts[record.status][productGroup(truth.product)] += 1;
      statusCounts[record.status] += 1;
      if (truth.isTest) testPayments.push(record.id);
      if (truth.unknownDescription) unknownProductInvoices.push(record.id);
      if (truth.offPrice) offPriceInvoices.push({ invoiceId: record.id, product: truth.product, amount: record.amount });
      const email = record.payer_email ?? '';
      if (truth.emailUse === 'alt') {
        const primary = this.people.get(truth.personId)?.contacts.find((c) => !c.secondary);
        secondEmailPayments.push({
          personId: truth.personId,
          invoiceId: record.id,
          invoiceEmail: email,
          contactEmail: primary?.email ?? null,
        });
      }
      if (truth.emailUse === 'variant') {
        emailVariants.push({ personId: truth.personId, source: 'xendit-invoice', recordId: record.id, email, normalized: emailKey(email) });
      }
      // Every ledger row of an invoice is its payer's.
      for (const t of ledger.transactions) transactionPerson[t.id] = truth.personId;
      if (ledger.refund) {
        refundPerson[ledger.refund.refundId] = ledger.refund.personId;
        refunds.push(ledger.refund);
      }
      if (ledger.chargeback) chargebacks.push(ledger.chargeback);
    }

    const contactPerson: Record<string, string> = {};
    const tagCounts: Record<string, number> = {};
    for (const tag of tagRecords()) tagCounts[tag.name] = 0;
    const contactCounts = { total: 0, paidP2P: 0, canva: 0, paidP2PAndCanva: 0, paidCanva: 0, imported: 0, leadPeople: 0 };
    for (const { record, truth } of this.contacts) {
      contactPerson[String(record.id)] = truth.personId;
      contactCounts.total += 1;
      const tags = truth.tags;
      for (const tag of tags) tagCounts[tag] = (tagCounts[tag] ?? 0) + 1;
      if (tags.includes(TAG.paidP2p)) contactCounts.paidP2P += 1;
      if (tags.includes(TAG.canva)) contactCounts.canva += 1;
      if (tags.includes(TAG.paidP2p) && tags.includes(TAG.canva)) contactCounts.paidP2PAndCanva += 1;
      if (tags.includes(TAG.paidCanva)) contactCounts.paidCanva += 1;
      if (tags.includes(TAG.importedUpper) || tags.includes(TAG.importedLower)) contactCounts.imported += 1;
      if (truth.emailMangled) {
        emailVariants.push({
          personId: truth.personId,
          source: 'systeme-contact',
          recordId: String(record.id),
          email: record.email,
          normalized: emailKey(record.email),
        });
      }
    }

    const manualP2PCandidates: AnswerKey['manualP2PCandidates'] = [];
    const duplicatePayments: AnswerKey['duplicatePayments'] = [];
    const retries: AnswerKey['retries'] = [];
    const testAccounts: AnswerKey['testAccounts'] = [];
    const paidWithoutBuyerTag: AnswerKey['paidWithoutBuyerTag'] = [];
    const paidWithoutContact: AnswerKey['paidWithoutContact'] = [];
    const duplicateContacts: AnswerKey['duplicateContacts'] = [];
    const canvaP2pOverlaps: string[] = [];
    const byCreated = (a: { created: number; id: string }, b: { created: number; id: string }) =>
      a.created - b.created || a.id.localeCompare(b.id);
    for (const [personId, facts] of this.people) {
      if (facts.contacts.length > 1) {
        duplicateContacts.push({ personId, contactIds: facts.contacts.map((c) => c.id), emails: facts.contacts.map((c) => c.email) });
      }
      if (facts.isTest) {
        testAccounts.push({
          personId,
          contactIds: facts.contacts.map((c) => c.id),
          emails: [...new Set([...facts.contacts.map((c) => c.email), ...facts.invoices.map((i) => i.email)])],
          invoiceIds: facts.invoices.map((i) => i.id),
        });
        continue;
      }
      const paidProducts = new Set<ProductKey>();
      const byProduct = new Map<ProductKey, PersonFacts['invoices']>();
      for (const invoice of facts.invoices) {
        const list = byProduct.get(invoice.product);
        if (list) list.push(invoice);
        else byProduct.set(invoice.product, [invoice]);
      }
      for (const [product, unsorted] of byProduct) {
        const mine = unsorted.sort(byCreated);
        const paid = mine.filter((i) => isPaid(i.status));
        if (paid.length === 0) continue;
        paidProducts.add(product);
        if (paid.length > 1) duplicatePayments.push({ personId, product, invoiceIds: paid.map((i) => i.id) });
        const first = paid[0];
        if (!first) continue;
        const before = mine.filter((i) => i.status === 'EXPIRED' && i.created < first.created);
        if (before.length > 0) {
          retries.push({ personId, product, expiredInvoiceIds: before.map((i) => i.id), paidInvoiceId: first.id });
        }
        const productInvoiceIds = paid.map((i) => i.id);
        if (facts.contacts.length === 0) {
          if (product === 'p2p' || product === 'canva') paidWithoutContact.push({ personId, product, invoiceIds: productInvoiceIds });
          continue;
        }
        if (product === 'p2p' || product === 'canva') {
          const buyerTag = product === 'p2p' ? TAG.paidP2p : TAG.paidCanva;
          if (!facts.contacts.some((c) => c.tags.includes(buyerTag))) {
            paidWithoutBuyerTag.push({
              personId,
              product,
              missingTag: buyerTag,
              contactIds: facts.contacts.map((c) => c.id),
              invoiceIds: productInvoiceIds,
            });
          }
        }
      }
      if (paidProducts.has('p2p') && paidProducts.has('canva')) canvaP2pOverlaps.push(personId);
      if (!paidProducts.has('p2p')) {
        for (const contact of facts.contacts) {
          if (contact.tags.some((t) => P2P_STUDENT_TAGS.includes(t))) {
            manualP2PCandidates.push({ contactId: contact.id, personId, email: contact.email, tags: contact.tags });
          }
        }
      }
      const studentTagged = facts.contacts.some((c) => c.tags.some((t) => P2P_STUDENT_TAGS.includes(t)));
      if (facts.contacts.length > 0 && paidProducts.size === 0 && !studentTagged) contactCounts.leadPeople += 1;
    }

    const allInvoices = this.invoices.map((i) => i.record);
    const productOf = (invoice: XenditInvoice): ProductKey => invoiceProduct[invoice.id] ?? 'unknown';
    const testSet = new Set(testPayments);
    return {
      seed: this.plan.seed,
      scale: this.plan.scale,
      asOf: xenditTime(AS_OF),
      timeZone: 'Asia/Manila',
      peopleCount: this.people.size,
      invoicePerson,
      transactionPerson,
      refundPerson,
      contactPerson,
      invoiceProduct,
      invoiceCounts,
      statusCounts,
      invoiceTotal: this.invoices.length,
      controlTotals: computeControlTotals(allInvoices, productOf),
      controlTotalsExcludingTests: computeControlTotals(allInvoices.filter((i) => !testSet.has(i.id)), productOf),
      manualP2PCandidates: manualP2PCandidates.sort((a, b) => a.contactId - b.contactId),
      duplicatePayments,
      retries,
      testPayments,
      testAccounts,
      paidWithoutBuyerTag,
      paidWithoutContact,
      secondEmailPayments,
      emailVariants,
      duplicateContacts,
      canvaP2pOverlaps,
      unknownProductInvoices,
      offPriceInvoices,
      refunds,
      chargebacks,
      contactCounts,
      tagCounts,
    };
  }
}
