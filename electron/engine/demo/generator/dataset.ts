// The whole demo dataset in memory, in the orders the real APIs list them, with its answer key.
import type { SystemeContact, SystemeTag } from '../../../../shared/sources/systeme.ts';
import type {
  XenditInvoice,
  XenditRefund,
  XenditTransaction,
} from '../../../../shared/sources/xendit.ts';
import { AnswerKeyBuilder, type AnswerKey } from './answer-key.ts';
import { emitAll, planFor, type GeneratorOptions } from './stream.ts';

export interface DemoDataset {
  /** Newest created first, ties by id descending (GET /v2/invoices order). */
  invoices: XenditInvoice[];
  /** Created ascending, ties by id (GET /transactions order). */
  transactions: XenditTransaction[];
  /** Created ascending, ties by id. */
  refunds: XenditRefund[];
  /** Id ascending (which is registration order). */
  contacts: SystemeContact[];
  /** Id ascending. */
  tags: SystemeTag[];
  answerKey: AnswerKey;
}

const byCreatedAsc = (a: { created: string; id: string }, b: { created: string; id: string }) =>
  a.created < b.created ? -1 : a.created > b.created ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

export function generateDataset(options: GeneratorOptions = {}): DemoDataset {
  const plan = planFor(options);
  const key = new AnswerKeyBuilder(plan);
  const dataset: Omit<DemoDataset, 'answerKey'> = { invoices: [], transactions: [], refunds: [], contacts: [], tags: [] };
  for (const item of emitAll(plan)) {
    if (item.kind === 'invoice') {
      dataset.invoices.push(item.record);
      dataset.transactions.push(...item.ledger.transactions);
      dataset.refunds.push(...item.ledger.refunds);
      key.addInvoice(item.record, item.truth, item.ledger);
    } else if (item.kind === 'contact') {
      dataset.contacts.push(item.record);
      key.addContact(item.record, item.truth);
    } else {
      dataset.tags.push(item.record);
    }
  }
  // Timestamps share one format (…sssZ), so string order is time order.
  dataset.invoices.sort((a, b) => byCreatedAsc(b, a));
  dataset.transactions.sort(byCreatedAsc);
  dataset.refunds.sort(byCreatedAsc);
  dataset.contacts.sort((a, b) => a.id - b.id);
  dataset.tags.sort((a, b) => a.id - b.id);
  return { ...dataset, answerKey: key.build() };
}
