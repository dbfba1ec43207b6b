// The simulator's live data: five ordered collections plus the mutations tests and mid-crawl plans
// apply. The store owns deep copies, so callers' datasets are never changed behind their back.
import type {
  XenditInvoice,
  XenditRefund,
  XenditTransaction,
} from '../../../../shared/sources/xendit.ts';
import type { SystemeContact, SystemeTag } from '../../../../shared/sources/systeme.ts';
import { SortedCollection, type RecordId } from './collection.ts';
import { breakRecord, type FaultInjector } from './faults.ts';
import type {
  CollectionName,
  MalformedIds,
  NewContact,
  SimulatorDataset,
  TagRef,
} from './types.ts';

/** Systeme.io writes timestamps with a `+00:00` offset and no fractions. */
export function systemeTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** Xendit writes `2024-01-01T00:00:00.000Z`. */
export function xenditTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}

export class DataStore {
  readonly invoices: SortedCollection<XenditInvoice>;
  readonly transactions: SortedCollection<XenditTransaction>;
  readonly refunds: SortedCollection<XenditRefund>;
  readonly contacts: SortedCollection<SystemeContact>;
  readonly tags: SortedCollection<SystemeTag>;
  private highestContactId = 0;

  constructor(
    dataset: SimulatorDataset,
    private readonly faults: FaultInjector,
    private readonly now: () => number,
  ) {
    const serializer =
      (collection: CollectionName) =>
      (record: { id?: unknown }): string => {
        const kind = this.faults.malformedKind(collection, record.id as RecordId);
        return JSON.stringify(kind ? breakRecord(record, kind) : record);
      };
    this.invoices = new SortedCollection<XenditInvoice>({
      ordering: 'time-desc',
      idOf: (r) => r.id,
      timeOf: (r) => r.created,
      serialize: serializer('invoices'),
    });
    this.transactions = new SortedCollection<XenditTransaction>({
      ordering: 'time-asc',
      idOf: (r) => r.id,
      timeOf: (r) => r.created,
      serialize: serializer('transactions'),
    });
    this.refunds = new SortedCollection<XenditRefund>({
      ordering: 'time-asc',
      idOf: (r) => r.id,
      timeOf: (r) => r.created,
      serialize: serializer('refunds'),
    });
    this.contacts = new SortedCollection<SystemeContact>({
      ordering: 'id-asc',
      idOf: (r) => r.id,
      timeOf: (r) => r.registeredAt,
      serialize: serializer('contacts'),
    });
    this.tags = new SortedCollection<SystemeTag>({
      ordering: 'id-asc',
      idOf: (r) => r.id,
      timeOf: (r) => r.createdAt,
      serialize: serializer('tags'),
    });
    this.invoices.load(structuredClone(dataset.invoices));
    this.transactions.load(structuredClone(dataset.transactions));
    this.refunds.load(structuredClone(dataset.refunds));
    this.contacts.load(structuredClone(dataset.contacts));
    this.tags.load(structuredClone(dataset.tags));
  }

  /** Re-renders every record, after the malformed settings changed. */
  reserializeAll(): void {
    this.invoices.reserialize();
    this.transactions.reserialize();
    this.refunds.reserialize();
    this.contacts.reserialize();
    this.tags.reserialize();
  }

  malformedIds(): MalformedIds {
    const pick = <R>(collection: CollectionName, c: SortedCollection<R>) =>
      c.entries.filter((e) => this.faults.malformedKind(collection, e.id) !== null).map((e) => e.id);
    return {
      invoices: pick('invoices', this.invoices) as string[],
      transactions: pick('transactions', this.transactions) as string[],
      refunds: pick('refunds', this.refunds) as string[],
      contacts: pick('contacts', this.contacts) as number[],
      tags: pick('tags', this.tags) as number[],
    };
  }

  snapshot(): SimulatorDataset {
    return structuredClone({
      invoices: this.invoices.records(),
      transactions: this.transactions.records(),
      refunds: this.refunds.records(),
      contacts: this.contacts.records(),
      tags: this.tags.records(),
    });
  }

  // --- Xendit mutations -------------------------------------------------------------------------

  settleInvoice(id: string): XenditInvoice {
    const invoice = this.requireInvoice(id);
    if (invoice.status !== 'PAID') {
      throw new Error(`invoice ${id} is ${invoice.status}; only PAID invoices settle`);
    }
    const settled = this.updateInvoice(id, { status: 'SETTLED' });
    // The ledger moves with it: the invoice's payment row settles, and its `updated` moves.
    for (const txn of this.transactions.records()) {
      if (txn.product_id === id && txn.type === 'PAYMENT') {
        this.transactions.replace({ ...txn, settlement_status: 'SETTLED', updated: settled.updated });
      }
    }
    return settled;
  }

  addInvoice(invoice: XenditInvoice): void {
    this.invoices.insert(structuredClone(invoice));
  }

  /** Patches an invoice and bumps `updated` (unless the patch sets it), as the real API does. */
  updateInvoice(id: string, patch: Partial<XenditInvoice>): XenditInvoice {
    const current = this.requireInvoice(id);
    const next: XenditInvoice = {
      ...current,
      updated: xenditTimestamp(this.now()),
      ...structuredClone(patch),
      id,
    };
    this.invoices.replace(next);
    return structuredClone(next);
  }

  private requireInvoice(id: string): XenditInvoice {
    const invoice = this.invoices.get(id);
    if (!invoice) throw new Error(`no invoice ${id}`);
    return invoice;
  }

  // --- Systeme.io mutations ---------------------------------------------------------------------

  /** Like an auto-increment column: ids of deleted contacts are never handed out again. */
  nextContactId(): number {
    const last = this.contacts.entries.at(-1);
    return Math.max(this.highestContactId, last ? Number(last.id) : 0) + 1;
  }

  addContact(contact: NewContact): SystemeContact {
    const full: SystemeContact = { ...structuredClone(contact), id: contact.id ?? this.nextContactId() };
    this.contacts.insert(full);
    this.highestContactId = Math.max(this.highestContactId, full.id);
    return structuredClone(full);
  }

  deleteContact(id: number): boolean {
    const last = this.contacts.entries.at(-1);
    if (last) this.highestContactId = Math.max(this.highestContactId, Number(last.id));
    return this.contacts.remove(id);
  }

  retagContact(id: number, tags: ReadonlyArray<number | TagRef>): SystemeContact {
    const contact = this.contacts.get(id);
    if (!contact) throw new Error(`no contact ${id}`);
    const refs = tags.map((t) => {
      if (typeof t !== 'number') return { id: t.id, name: t.name };
      const tag = this.tags.get(t);
      if (!tag) throw new Error(`no tag ${t}`);
      return { id: tag.id, name: tag.name };
    });
    const next: SystemeContact = { ...contact, tags: refs };
    this.contacts.replace(next);
    return structuredClone(next);
  }

  /** Distinct contact fields, for /api/contact_fields. */
  contactFields(): Array<{ slug: string; fieldName: string }> {
    const seen = new Map<string, string>();
    for (const entry of this.contacts.entries) {
      for (const field of entry.record.fields ?? []) {
        if (!seen.has(field.slug)) seen.set(field.slug, field.fieldName);
      }
    }
    return [...seen].map(([slug, fieldName]) => ({ slug, fieldName }));
  }
}
