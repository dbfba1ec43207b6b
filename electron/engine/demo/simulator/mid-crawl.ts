// Scripted data changes during a crawl: the source keeps living while the app pulls it. Invoices
// settle, contacts arrive, leave and get retagged. Choices are seeded so a run can be replayed.
import { Rng } from '../generator/random.ts';
import { systemeTime } from '../generator/time.ts';
import type { DataStore } from './store.ts';
import type { MidCrawlChange, MidCrawlPlan, TagRef } from './types.ts';

export class MidCrawlScheduler {
  private readonly pending: MidCrawlPlan[];
  private readonly applied: MidCrawlChange[] = [];
  private readonly random: Rng;

  constructor(
    plans: MidCrawlPlan | MidCrawlPlan[] | undefined,
    seed: number,
    private readonly store: DataStore,
    private readonly now: () => number,
  ) {
    const list = plans === undefined ? [] : Array.isArray(plans) ? plans : [plans];
    this.pending = [...list].sort((a, b) => a.afterRequests - b.afterRequests);
    this.random = new Rng(seed);
  }

  /** Called with the number of requests already served, before serving the next one. */
  beforeRequest(served: number): void {
    while (this.pending.length > 0 && (this.pending[0] as MidCrawlPlan).afterRequests <= served) {
      this.apply(this.pending.shift() as MidCrawlPlan);
    }
  }

  changes(): MidCrawlChange[] {
    return structuredClone(this.applied);
  }

  private apply(plan: MidCrawlPlan): void {
    const store = this.store;
    const change: MidCrawlChange = {
      afterRequests: plan.afterRequests,
      settledInvoices: [],
      addedContacts: [],
      deletedContacts: [],
      retaggedContacts: [],
    };

    const paid = store.invoices.entries.filter((e) => e.record.status === 'PAID').map((e) => e.record.id);
    for (const id of this.random.sample(paid, plan.settle ?? 0)) {
      store.settleInvoice(id);
      change.settledInvoices.push(id);
    }

    // Deletions and retags pick from contacts that exist before this batch's additions.
    const existing = store.contacts.entries.map((e) => e.id as number);
    const deleted = this.random.sample(existing, plan.deleteContacts ?? 0);
    for (const id of deleted) {
      store.deleteContact(id);
      change.deletedContacts.push(id);
    }
    const gone = new Set(deleted);
    const survivors = existing.filter((id) => !gone.has(id));
    const tags: TagRef[] = store.tags.entries.map((e) => ({ id: e.record.id, name: e.record.name }));
    for (const id of this.random.sample(survivors, plan.retagContacts ?? 0)) {
      store.retagContact(id, this.someTags(tags));
      change.retaggedContacts.push(id);
    }

    for (let i = 0; i < (plan.addContacts ?? 0); i++) {
      const id = store.nextContactId();
      store.addContact({
        id,
        email: `late.signup.${id}@example.com`,
        registeredAt: systemeTime(this.now()),
        locale: 'en',
        sourceURL: null,
        unsubscribed: false,
        bounced: false,
        needsConfirmation: false,
        fields: [
          { fieldName: 'First name', slug: 'first_name', value: 'Late' },
          { fieldName: 'Last name', slug: 'surname', value: `Signup ${id}` },
        ],
        tags: this.someTags(tags),
      });
      change.addedContacts.push(id);
    }
    this.applied.push(change);
  }

  private someTags(tags: readonly TagRef[]): TagRef[] {
    const count = tags.length === 0 ? 0 : 1 + this.random.int(Math.min(2, tags.length));
    return this.random.sample(tags, count).sort((a, b) => a.id - b.id);
  }
}
