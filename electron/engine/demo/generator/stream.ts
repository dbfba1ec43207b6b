// One pass over every record, producing each from its index alone: invoices with their ledger
// rows, then contacts in registration order, then the tag dictionary. Nothing is kept between
// records, so memory stays flat at any scale.
import type { SystemeContact, SystemeTag } from '../../../../shared/sources/systeme.ts';
import type {
  XenditInvoice,
  XenditRefund,
  XenditTransaction,
} from '../../../../shared/sources/xendit.ts';
import { buildContact, type ContactTruth } from './contacts.ts';
import { buildInvoice, invoiceSpecs, merchantId, type InvoiceTruth } from './invoices.ts';
import { buildLedger, type Ledger } from './ledger.ts';
import { Plan } from './plan.ts';
import { tagRecords } from './tags.ts';

export interface GeneratorOptions {
  /** Any integer; the same seed and scale give byte-identical output. Default 1. */
  seed?: number;
  /** 1 reproduces the seed's numbers; counts scale linearly (0.05 for fast tests, 40 for benchmarks). */
  scale?: number;
}

export type StreamedRecord =
  | { source: 'xendit-invoice'; record: XenditInvoice }
  | { source: 'xendit-transaction'; record: XenditTransaction }
  | { source: 'xendit-refund'; record: XenditRefund }
  | { source: 'systeme-contact'; record: SystemeContact }
  | { source: 'systeme-tag'; record: SystemeTag };

/** A record with the truth about it, for the answer key. */
export type Emitted =
  | { kind: 'invoice'; record: XenditInvoice; truth: InvoiceTruth; ledger: Ledger }
  | { kind: 'contact'; record: SystemeContact; truth: ContactTruth }
  | { kind: 'tag'; record: SystemeTag };

export function planFor(options: GeneratorOptions = {}): Plan {
  return new Plan(options.seed ?? 1, options.scale ?? 1);
}

export function* emitAll(plan: Plan): Generator<Emitted> {
  const merchant = merchantId(plan.seed);
  for (const spec of invoiceSpecs(plan)) {
    const { record, truth } = buildInvoice(plan, spec, merchant);
    yield { kind: 'invoice', record, truth, ledger: buildLedger(plan, spec, record, truth, merchant) };
  }
  for (let c = 0; c < plan.contactSlots; c++) {
    const { record, truth } = buildContact(plan, c);
    yield { kind: 'contact', record, truth };
  }
  for (const record of tagRecords()) yield { kind: 'tag', record };
}

/**
 * Every record of the demo sources, one at a time, with O(1) memory: invoices each followed by
 * their transactions and refunds, then contacts (id ascending), then tags. The same records as
 * generateDataset, in a different order.
 */
export function* streamRecords(options: GeneratorOptions = {}): Generator<StreamedRecord> {
  for (const item of emitAll(planFor(options))) {
    if (item.kind === 'invoice') {
      yield { source: 'xendit-invoice', record: item.record };
      for (const record of item.ledger.transactions) yield { source: 'xendit-transaction', record };
      for (const record of item.ledger.refunds) yield { source: 'xendit-refund', record };
    } else if (item.kind === 'contact') {
      yield { source: 'systeme-contact', record: item.record };
    } else {
      yield { source: 'systeme-tag', record: item.record };
    }
  }
}
