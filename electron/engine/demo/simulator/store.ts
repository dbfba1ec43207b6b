// The simulator's live data: five ordered collections plus the mutations tests and mid-crawl plans
// apply. The store owns deep copies, so callers' datasets are never changed behind their back.
import type {
  XenditInvoice,
  XenditRefund,
  XenditTransaction,
} from '../../../../shared/sources/xendit.ts';
import type { SystemeContact, SystemeTag } from '../../../../shared/sources/systeme.ts';
import { xenditTime } from '../generator/time.ts';
import { SortedCollection, type Ordering, type RecordId } from './collection.ts';
import { breakRecord, type FaultInjector } from './faults.ts';
import type {
  CollectionName,
  MalformedIds,
  NewContact,
  SimulatorDataset,
  TagRef,
} from './types.ts';

export class DataStore {
  readonly invoices: SortedCollection<XenditInvoice>;
  readonly transactions: SortedCollection<XenditTransaction>;
  readonly refunds: SortedCollection<XenditRefund>;
  readonly contacts: SortedCollection<SystemeContact>;
  readonly tags: SortedCollection<SystemeTag>;
  /** Like an auto-increment column: the highest contact id ever present, deleted or not. */
  private highestContactId: number;

  constructor(
    dataset: SimulatorDataset,
    private readonly faults: FaultInjector,
    private readonly now: () => number,
  ) {
    const collection = <R extends { id: RecordId }>(
      name: CollectionName,
      ordering: Ordering,
      timeOf: (record: R) => string | null | undefined,
    ) => {
      const c = new SortedCollection<R>({
        ordering,
        idOf: (r) => r.id,
        timeOf,
        serialize: (record) => {
          const kind = this.faults.malformedKind(name, record.id);
          return JSON.stringify(kind ? breakRecord(record, kind) : record);
        },
      });
      c.load(structuredClone(dataset[name] as R[]));
      return c;
    };
    this.invoices = collection<XenditInvoice>('invoices', 'time-desc', (r) => r.created);
    this.transactions = collection<XenditTransaction>('transactions', 'time-asc', (r) => r.created);
    this.refunds = collection<XenditRefund>('refunds', 'time-asc', (r) => r.created);
    this.contacts = collection<SystemeContact>('contacts', 'id-asc', (r) => r.registeredAt);
    this.tags = collection<SystemeTag>('tags', 'id-asc', (r) => r.createdAt);
    this.highestContactId = Number(this.contacts.entries.at(-1)?.id ?? 0);
  }

  /** Re-renders every record, after the malformed settings changed. */
  reserializeAll(): void {
    for (const collection of [this.invoices, this.transactions, this.refunds, this.contacts, this.tags]) {
      collection.reserialize();
    }
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
    // The ledger moves with it: the invoice's payment row settles, and its `updated` moves. This
    // scans the ledger, which is fine: settling is rare and scripted (tests, mid-crawl plans).
    const payments = this.transactions.entries.filter((e) => e.record.product_id === id && e.record.type === 'PAYMENT');
    for (const { record } of payments) {
      this.transactions.replace({ ...record, settlement_status: 'SETTLED', updated: settled.updated });
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
      updated: xenditTime(this.now()),
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

  /** Ids of deleted contacts are never handed out again. */
  nextContactId(): number {
    return this.highestContactId + 1;
  }

  addContact(contact: NewContact): SystemeContact {
    const full: SystemeContact = { ...structuredClone(contact), id: contact.id ?? this.nextContactId() };
    this.contacts.insert(full);
    this.highestContactId = Math.max(this.highestContactId, full.id);
    return structuredClone(full);
  }

  deleteContact(id: number): boolean {
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
