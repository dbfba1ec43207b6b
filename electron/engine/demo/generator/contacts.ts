// Systeme.io contacts (GET /api/contacts objects). Contact slots are in registration order, so ids
// ascend with registeredAt; the plan says which person (and which of their contacts) fills a slot,
// and the person's kind says which tags they carry.
import type { SystemeContact } from '../../../../shared/sources/systeme.ts';
import { alternateEmail, describePerson, mangleEmail, type Person } from './people.ts';
import type { Plan } from './plan.ts';
import { entityRng, type Rng } from './random.ts';
import { TAG, tagId, type TagName } from './tags.ts';
import { slotTime } from './timeline.ts';
import { systemeTime } from './time.ts';

/** Contact ids start here and grow by 1–3 per slot (deleted contacts leave gaps). */
const CONTACT_ID_BASE = 48_210_000;

export interface ContactTruth {
  contactId: number;
  personId: string;
  person: number;
  secondary: boolean;
  /** The address as stored, and whether it is a case/whitespace-mangled one. */
  email: string;
  emailMangled: boolean;
  /** The address as typed cannot be an e-mail (no @, a space inside): a lead's sign-up typo. */
  emailInvalid: boolean;
  tags: TagName[];
  isTest: boolean;
}

export function contactId(c: number, rng: Rng): number {
  return CONTACT_ID_BASE + 3 * c + rng.int(3);
}

/** Optional engagement tags of course buyers and manual payers. */
function p2pExtras(rng: Rng, tags: Set<TagName>): void {
  if (rng.chance(0.65)) tags.add(TAG.invitedToCourse);
  if (rng.chance(0.55)) tags.add(TAG.enrolledP2p);
  if (rng.chance(0.45)) tags.add(TAG.fbInviteSent);
  if (rng.chance(0.3)) tags.add(TAG.joinCommunity);
  if (rng.chance(0.5)) tags.add(TAG.squeeze);
}

/** The tags of a person's primary contact. PaidP2P, Canva and Imported follow the plan exactly. */
function primaryTags(person: Person, rng: Rng): Set<TagName> {
  const tags = new Set<TagName>();
  const group = person.tagGroup;
  switch (person.ref.kind) {
    case 'both':
      tags.add(TAG.paidP2p).add(TAG.canva);
      if (group !== 'untaggedCanva') tags.add(TAG.paidCanva);
      p2pExtras(rng, tags);
      break;
    case 'p2pOnly':
      if (group !== 'untagged') {
        tags.add(TAG.paidP2p);
        p2pExtras(rng, tags);
      } else if (rng.chance(0.5)) {
        tags.add(TAG.squeeze);
      }
      if (group === 'withCanva') tags.add(TAG.canva);
      if (person.mess === 'importedTag') tags.add(rng.chance(0.3) ? TAG.importedLower : TAG.importedUpper);
      break;
    case 'canvaOnly':
      tags.add(TAG.canva);
      if (group !== 'untagged') tags.add(TAG.paidCanva);
      if (rng.chance(0.15)) tags.add(TAG.squeeze);
      if (rng.chance(0.1)) tags.add(TAG.joinCommunity);
      break;
    case 'manual':
      tags.add(TAG.paidP2p);
      if (group === 'withCanva') tags.add(TAG.canva);
      p2pExtras(rng, tags);
      break;
    case 'imported':
      tags.add(person.ref.local % 3 === 2 ? TAG.importedLower : TAG.importedUpper);
      if (group === 'withPaidP2P') tags.add(TAG.paidP2p);
      if (rng.chance(0.3)) tags.add(TAG.enrolledP2p);
      break;
    case 'testAccount':
      if (person.ref.local % 4 !== 3) tags.add(TAG.testTag);
      if (rng.chance(0.5)) tags.add(TAG.squeeze);
      break;
    case 'lead':
      if (group === 'withCanva') tags.add(TAG.canva);
      else if (rng.chance(0.7)) tags.add(TAG.squeeze);
      if (rng.chance(0.15)) tags.add(TAG.fbInviteSent);
      if (rng.chance(0.08)) tags.add(TAG.joinCommunity);
      break;
    default:
      break;
  }
  return tags;
}

/** A second sign-up carries only light lead tags, never the buyer, Canva or Imported ones. */
function secondaryTags(rng: Rng): Set<TagName> {
  const tags = new Set<TagName>();
  if (rng.chance(0.6)) tags.add(TAG.squeeze);
  if (rng.chance(0.2)) tags.add(TAG.fbInviteSent);
  if (rng.chance(0.1)) tags.add(TAG.joinCommunity);
  return tags;
}

const LANDING_PAGES = {
  p2p: 'https://gracefulhomeschooling.com/papers-to-profits',
  squeeze: 'https://gracefulhomeschooling.systeme.io/p2p-free-training',
  canva: 'https://gracefulhomeschooling.systeme.io/canva-ebook',
  store: 'https://gracefulhomeschooling.com/shop',
} as const;

function sourceUrl(tags: Set<TagName>, rng: Rng): string | null {
  if (rng.chance(0.6)) return null;
  if (tags.has(TAG.canva)) return LANDING_PAGES.canva;
  if (tags.has(TAG.squeeze)) return rng.chance(0.8) ? LANDING_PAGES.squeeze : `${LANDING_PAGES.squeeze}?fbclid=IwAR${rng.hex(10)}`;
  return rng.pick([LANDING_PAGES.p2p, LANDING_PAGES.store]);
}

/** People type names as they like: mostly capitalised, some all lower-case, some skipped. */
function typedName(name: string, rng: Rng, skipChance: number): string | null {
  if (rng.chance(skipChance)) return null;
  if (rng.chance(0.05)) return name.toLowerCase();
  if (rng.chance(0.02)) return ` ${name}`;
  return name;
}

/** About eight leads per scale 1 (at least one) typed an address that cannot be one. */
function typesInvalidEmail(plan: Plan, person: Person): boolean {
  if (person.ref.kind !== 'lead' || person.mess !== 'none') return false;
  const wanted = Math.max(1, Math.round(8 * plan.scale));
  const step = Math.max(1, Math.floor(plan.segment('lead').count / wanted));
  return person.ref.local % step === step - 1 && person.ref.local < wanted * step;
}

/** The typo: the @ left out, or a space typed inside the address. */
function invalidate(email: string, style: number): string {
  const at = email.indexOf('@');
  if (style % 3 === 0) return `${email.slice(0, at)}${email.slice(at + 1)}`;
  if (style % 3 === 1) return `${email.slice(0, Math.ceil(at / 2))} ${email.slice(Math.ceil(at / 2))}`;
  return `${email.slice(0, at)} @${email.slice(at + 1)}`;
}

export function buildContact(plan: Plan, c: number): { record: SystemeContact; truth: ContactTruth } {
  const rng = entityRng(plan.seed, 'contact', c);
  const slot = plan.contactSlot(c);
  const person = describePerson(plan, slot.person);
  const id = contactId(c, rng);
  const mangled = !slot.secondary && person.variantSide === 'contact';
  const invalid = !slot.secondary && typesInvalidEmail(plan, person);
  const email = slot.secondary ? alternateEmail(plan, person) : mangled ? mangleEmail(person.email, rng) : invalid ? invalidate(person.email, person.ref.local) : person.email;
  const tagSet = slot.secondary ? secondaryTags(rng) : primaryTags(person, rng);
  const tagNames = [...tagSet].sort((a, b) => tagId(a) - tagId(b));
  const tags = tagNames.map((name) => ({ id: tagId(name), name }));
  const record: SystemeContact = {
    id,
    email,
    registeredAt: systemeTime(slotTime(plan, c)),
    locale: 'en',
    sourceURL: sourceUrl(tagSet, rng),
    unsubscribed: rng.chance(0.04),
    bounced: rng.chance(0.01),
    needsConfirmation: rng.chance(0.02),
    fields: [
      { fieldName: 'First name', slug: 'first_name', value: typedName(person.firstName, rng, 0.03) },
      { fieldName: 'Last name', slug: 'surname', value: typedName(person.lastName, rng, slot.secondary ? 0.5 : 0.1) },
      { fieldName: 'Phone number', slug: 'phone_number', value: slot.secondary && rng.chance(0.5) ? null : person.phone },
    ],
    tags,
  };
  return {
    record,
    truth: {
      contactId: id,
      personId: person.id,
      person: slot.person,
      secondary: slot.secondary,
      email,
      emailMangled: mangled,
      emailInvalid: invalid,
      tags: tagNames,
      isTest: person.isTest,
    },
  };
}
