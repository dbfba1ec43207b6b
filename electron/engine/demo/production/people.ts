// Who had an account on the platform at the snapshot, derived from the demo sources and their
// answer key (never from the generator's internals): P2P buyers who paid before the snapshot,
// manual P2P payers the staff added, the team's test accounts, a few leads who signed up, staff,
// and ghost duplicates left by the failed first migration. Pure and deterministic.
import type { SystemeContact } from '../../../../shared/sources/systeme.ts';
import type { XenditInvoice } from '../../../../shared/sources/xendit.ts';
import { contactField } from '../../../../shared/sources/systeme.ts';
import type { DemoDataset } from '../generator/index.ts';
import { entityRng, hashLabel, scramble32, uuidWithPrefix } from '../generator/random.ts';
import { manila } from '../generator/time.ts';

/** Production as it stood on this Manila day; later sign-ups are what the cutover must add. */
export const SNAPSHOT_MS = manila(2025, 7, 15);
/** Buyers from before this day came from the old system by raw SQL: NULL token columns, no identity. */
export const LEGACY_IMPORT_BEFORE_MS = manila(2024, 11, 15);

export type UserKind = 'buyer' | 'manual' | 'test' | 'lead' | 'staff' | 'ghost';

export interface ProductionPerson {
  index: number;
  userId: string;
  /** The answer key's person id; null for staff, whom no source knows. */
  personId: string | null;
  kind: UserKind;
  /** As stored in auth.users (GoTrue lower-cases; raw SQL kept what was typed). */
  email: string;
  /** Created by raw SQL, not through GoTrue: token columns NULL, no identity row. */
  rawSql: boolean;
  createdMs: number;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  contact: SystemeContact | null;
  /** The P2P invoices they paid before the snapshot, oldest first (buyers and tests). */
  p2pInvoices: XenditInvoice[];
}

export interface PeopleContext {
  seed: number;
  scale: number;
  dataset: DemoDataset;
}

const STAFF = [
  ['Grace', 'Ocampo', 'grace'],
  ['Admin', null, 'admin'],
  ['Support', 'Team', 'support'],
  ['Jun', 'Developer', 'dev'],
] as const;

/** A count that scales but never vanishes, so tiny test scales still show every kind. */
export function scaled(base: number, scale: number): number {
  return Math.max(1, Math.round(base * scale));
}

export function isPaid(invoice: XenditInvoice): boolean {
  return invoice.status === 'PAID' || invoice.status === 'SETTLED';
}

export function productionUserId(seed: number, index: number): string {
  return uuidWithPrefix(entityRng(seed, 'prod:user', index), scramble32(index, hashLabel(`prod:user:${seed}`)));
}

function trimmedName(value: string | null | undefined): string | null {
  const t = value?.trim();
  return t ? t : null;
}

export function productionPeople(ctx: PeopleContext): ProductionPerson[] {
  const { dataset, seed, scale } = ctx;
  const key = dataset.answerKey;
  const contactsByPerson = new Map<string, SystemeContact[]>();
  for (const contact of dataset.contacts) {
    const person = key.contactPerson[String(contact.id)];
    if (!person) continue;
    const list = contactsByPerson.get(person);
    if (list) list.push(contact);
    else contactsByPerson.set(person, [contact]);
  }
  const primaryContact = (personId: string) => contactsByPerson.get(personId)?.[0] ?? null;
  const testPeople = new Set(key.testAccounts.map((t) => t.personId));

  const paidP2p = dataset.invoices
    .filter((i) => key.invoiceProduct[i.id] === 'p2p' && isPaid(i) && Date.parse(i.created) < SNAPSHOT_MS)
    .sort((a, b) => a.created.localeCompare(b.created) || a.id.localeCompare(b.id));
  const invoicesByPerson = new Map<string, XenditInvoice[]>();
  for (const invoice of paidP2p) {
    const person = key.invoicePerson[invoice.id] as string;
    const list = invoicesByPerson.get(person);
    if (list) list.push(invoice);
    else invoicesByPerson.set(person, [invoice]);
  }

  const people: ProductionPerson[] = [];
  const add = (p: Omit<ProductionPerson, 'index' | 'userId'>) => {
    const index = people.length;
    people.push({ ...p, index, userId: productionUserId(seed, index) });
  };
  const named = (personId: string, invoice: XenditInvoice | undefined) => {
    const contact = primaryContact(personId);
    return {
      contact,
      firstName: trimmedName(invoice?.customer?.given_names) ?? trimmedName(contact ? contactField(contact, 'first_name') : null),
      lastName: trimmedName(invoice?.customer?.surname) ?? trimmedName(contact ? contactField(contact, 'surname') : null),
      phone: trimmedName(contact ? contactField(contact, 'phone_number') : null),
    };
  };

  // Buyers: the checkout created the account from the first payment's e-mail.
  for (const [personId, invoices] of invoicesByPerson) {
    if (testPeople.has(personId)) continue;
    const first = invoices[0] as XenditInvoice;
    const paidMs = Date.parse(first.paid_at ?? first.created);
    const rawSql = Date.parse(first.created) < LEGACY_IMPORT_BEFORE_MS;
    const typed = (first.payer_email ?? '').trim();
    add({
      personId,
      kind: 'buyer',
      email: rawSql ? typed : typed.toLowerCase(),
      rawSql,
      createdMs: paidMs,
      p2pInvoices: invoices,
      ...named(personId, first),
    });
  }
  // Manual payers (bank transfer, tagged PaidP2P, no invoice) that staff added by SQL.
  const seenManual = new Set<string>();
  const contactById = new Map(dataset.contacts.map((c) => [c.id, c]));
  for (const candidate of key.manualP2PCandidates) {
    if (!candidate.tags.includes('PaidP2P') || seenManual.has(candidate.personId)) continue;
    const contact = contactById.get(candidate.contactId);
    if (!contact || Date.parse(contact.registeredAt) >= SNAPSHOT_MS) continue;
    seenManual.add(candidate.personId);
    const rng = entityRng(seed, 'prod:manual', candidate.contactId);
    add({
      personId: candidate.personId,
      kind: 'manual',
      email: contact.email.trim(),
      rawSql: true,
      createdMs: Math.min(SNAPSHOT_MS - 3_600_000, Date.parse(contact.registeredAt) + rng.between(1, 14) * 86_400_000),
      p2pInvoices: [],
      ...named(candidate.personId, undefined),
    });
  }
  // The team's test accounts, with whatever P2P test payments they made.
  for (const account of key.testAccounts) {
    const email = (account.emails[0] ?? '').trim().toLowerCase();
    const contact = primaryContact(account.personId);
    const invoices = invoicesByPerson.get(account.personId) ?? [];
    const start = contact ? Date.parse(contact.registeredAt) : Date.parse(invoices[0]?.created ?? '2024-09-01T00:00:00Z');
    add({
      personId: account.personId,
      kind: 'test',
      email,
      rawSql: false,
      createdMs: Math.min(start, SNAPSHOT_MS - 86_400_000),
      p2pInvoices: invoices,
      ...named(account.personId, invoices[0]),
    });
  }
  // A few leads signed up on the site without ever paying.
  const taken = new Set(people.map((p) => p.personId));
  const payers = new Set(Object.values(key.invoicePerson));
  const leadRng = entityRng(seed, 'prod:leads', 0);
  const leadContacts = dataset.contacts.filter((c) => {
    const personId = key.contactPerson[String(c.id)] as string;
    return !taken.has(personId) && !payers.has(personId) && c.tags.length > 0 && Date.parse(c.registeredAt) < SNAPSHOT_MS;
  });
  for (const contact of leadRng.sample(leadContacts, scaled(40, scale))) {
    const personId = key.contactPerson[String(contact.id)] as string;
    if (taken.has(personId)) continue;
    taken.add(personId);
    add({
      personId,
      kind: 'lead',
      email: contact.email.trim().toLowerCase(),
      rawSql: false,
      createdMs: Date.parse(contact.registeredAt) + 600_000,
      p2pInvoices: [],
      ...named(personId, undefined),
    });
  }
  // Staff accounts: production rows no source backs.
  STAFF.forEach(([first, last, local], i) => {
    add({
      personId: null,
      kind: 'staff',
      email: `${local}@gracefulhomeschooling.com`,
      rawSql: false,
      createdMs: manila(2024, 8, 20 + i, 9),
      firstName: first,
      lastName: last,
      phone: null,
      contact: null,
      p2pInvoices: [],
    });
  });
  // Ghosts: the failed migration inserted a second account for buyers whose payment e-mail differed
  // from their account's only by case; GoTrue never finds them (no instance, no aud) but the
  // address is taken.
  const ghostOf = people.filter((p) => p.kind === 'buyer' && !p.rawSql && (p.p2pInvoices[0]?.payer_email ?? '').trim() !== p.email);
  for (const original of entityRng(seed, 'prod:ghosts', 0).sample(ghostOf, scaled(25, scale))) {
    add({
      ...original,
      kind: 'ghost',
      email: (original.p2pInvoices[0]?.payer_email ?? '').trim(),
      rawSql: true,
      createdMs: manila(2025, 6, 20, 23),
      p2pInvoices: [],
    });
  }
  return people;
}
