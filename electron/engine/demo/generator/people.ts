// Who a person is: name, phone, e-mail addresses and how they mistype them. Computed from the
// person number alone, so invoices and contacts of the same person agree without shared state.
import type { Plan, PersonMess, PersonRef, TagGroup } from './plan.ts';
import { entityRng, type Rng } from './random.ts';

const FIRST_NAMES = [
  'Maria', 'Ana', 'Kristine', 'Jocelyn', 'Rowena', 'Mary Grace', 'Mary Ann', 'Rhea', 'Liza',
  'Marites', 'Jennifer', 'Michelle', 'Joy', 'Grace', 'Cherry', 'Lorna', 'Melanie', 'Aileen',
  'Janine', 'Katrina', 'Camille', 'Patricia', 'Angelica', 'Bea', 'Rica', 'Donna', 'Gemma', 'Hazel',
  'Ivy', 'Jessa', 'Leah', 'Nikki', 'Sheila', 'Trisha', 'Clarisse', 'Divina', 'Erlinda', 'Fe',
  'Imelda', 'Jasmine', 'Precious', 'Lovely', 'Kimberly', 'Rochelle', 'Charmaine', 'Shiela Mae',
  'Jose', 'Juan', 'Mark', 'John Paul', 'Carlo', 'Miguel', 'Paolo', 'Rafael', 'Jerome', 'Noel',
] as const;

const LAST_NAMES = [
  'Santos', 'Reyes', 'Cruz', 'Bautista', 'Ocampo', 'Garcia', 'Mendoza', 'Torres', 'Tomas',
  'Andrada', 'Castillo', 'Flores', 'Villanueva', 'Ramos', 'Castro', 'Rivera', 'Aquino', 'Navarro',
  'Salazar', 'Mercado', 'Dela Cruz', 'De Leon', 'Gonzales', 'Lopez', 'Hernandez', 'Perez',
  'Soriano', 'Manalo', 'Pascual', 'Dizon', 'Santiago', 'Valdez', 'Aguilar', 'Fernandez',
  'Del Rosario', 'Lim', 'Tan', 'Go', 'Sy', 'Uy', 'Macaraeg', 'Magbanua', 'Dimaculangan',
  'Panganiban', 'Mañalac', 'Ibañez', 'Catacutan', 'Evangelista', 'Sarmiento', 'Tolentino',
] as const;

const DOMAINS: readonly (readonly [string, number])[] = [
  ['gmail.com', 78],
  ['yahoo.com', 9],
  ['ymail.com', 2],
  ['hotmail.com', 3],
  ['outlook.com', 3],
  ['icloud.com', 3],
  ['yahoo.com.ph', 2],
];

/** The person id the answer key uses. */
export function personId(person: number): string {
  return `P${person}`;
}

export interface Person {
  index: number;
  id: string;
  ref: PersonRef;
  tagGroup: TagGroup;
  mess: PersonMess;
  firstName: string;
  lastName: string;
  /** As the person typed it; null when they gave none. */
  phone: string | null;
  /** Canonical address (lower-case, trimmed). */
  email: string;
  /** Where a case/whitespace-mangled copy of `email` shows up, if anywhere. */
  variantSide: 'invoice' | 'contact' | null;
  isTest: boolean;
}

const emailNames = new Map<string, string>();

/** Letters only, lower-case, for e-mail local parts ("Mañalac" → "manalac"). Memoised: few names. */
function emailName(name: string): string {
  let local = emailNames.get(name);
  if (local === undefined) {
    local = name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z]/g, '');
    emailNames.set(name, local);
  }
  return local;
}

function phoneNumber(rng: Rng): string | null {
  if (rng.chance(0.3)) return null;
  const digits = `9${String(rng.int(1e9)).padStart(9, '0')}`;
  return rng.chance(0.6) ? `+63${digits}` : `0${digits}`;
}

/**
 * Every local part ends in the person's unique number right after a letter, and no alternate
 * address does (they put a dot, a plus or a different tail there), so no two people share an
 * address however the names repeat.
 */
function primaryEmail(first: string, last: string, n: number, rng: Rng): string {
  const f = emailName(first);
  const l = emailName(last);
  const domain = rng.weighted(DOMAINS);
  const style = rng.int(5);
  const local =
    style === 0 ? `${f}${l}${n}`
    : style === 1 ? `${f}.${l}${n}`
    : style === 2 ? `${f}_${l}${n}`
    : style === 3 ? `${f.slice(0, 1)}${l}${n}`
    : `${l}.${f}${n}`;
  return `${local}@${domain}`;
}

/**
 * A second address of theirs (used when they pay or register with another e-mail). Computed on
 * demand from its own random stream: few people have one and the stream is hot.
 */
export function alternateEmail(plan: Plan, person: Person): string {
  const rng = entityRng(plan.seed, 'person-alt', person.index);
  const primary = person.email;
  const n = plan.emailNumber(person.index);
  const at = primary.indexOf('@');
  const local = primary.slice(0, at);
  const domain = primary.slice(at + 1);
  const f = emailName(person.firstName);
  const l = emailName(person.lastName);
  // The Gmail dot variant is the same mailbox to Google; a plus tag likewise: both are the
  // "looser keys" the app may only suggest merges on.
  if (domain === 'gmail.com' && local === `${f}${l}${n}` && rng.chance(0.5)) {
    return `${f}.${l}${n}@gmail.com`;
  }
  const kind = rng.int(3);
  if (kind === 0) return `${local}+shop@${domain}`;
  if (kind === 1) return `${f}.${l}.${n}@${rng.pick(['yahoo.com', 'gmail.com', 'outlook.com'])}`;
  return `${f}${l.slice(0, 1)}.work.${n}@gmail.com`;
}

function testEmail(first: string, n: number, local: number): string {
  const f = emailName(first);
  const style = local % 3;
  if (style === 0) return `test${n}@example.com`;
  if (style === 1) return `demo.${f}${n}@example.com`;
  return `${f}.test${n}@gmail.com`;
}

export function describePerson(plan: Plan, index: number): Person {
  const rng = entityRng(plan.seed, 'person', index);
  const ref = plan.ref(index);
  const firstName = rng.pick(FIRST_NAMES);
  const lastName = rng.pick(LAST_NAMES);
  const phone = phoneNumber(rng);
  const n = plan.emailNumber(index);
  let email: string;
  if (ref.kind === 'testAccount') email = testEmail(firstName, n, ref.local);
  else if (ref.kind === 'xenditTester') email = `${emailName(firstName)}.${emailName(lastName)}${n}@xendit.co`;
  else email = primaryEmail(firstName, lastName, n, rng);
  const mess = plan.mess(ref);
  const variantSide = mess === 'caseVariant' ? (rng.chance(0.6) ? 'invoice' : 'contact') : null;
  return {
    index,
    id: personId(index),
    ref,
    tagGroup: plan.tagGroup(ref),
    mess,
    firstName,
    lastName,
    phone,
    email,
    variantSide,
    isTest: ref.kind === 'testAccount' || ref.kind === 'xenditTester',
  };
}

/**
 * The same address as a person might type it: different case and/or stray whitespace. Always a
 * different string whose trimmed lower-case form is the original.
 */
export function mangleEmail(email: string, rng: Rng): string {
  const [local = '', domain = ''] = email.split('@');
  switch (rng.int(5)) {
    case 0:
      return `${local.slice(0, 1).toUpperCase()}${local.slice(1)}@${domain}`;
    case 1:
      return email.toUpperCase();
    case 2:
      return ` ${email}`;
    case 3:
      return `${email}  `;
    default:
      return `${local.slice(0, 1).toUpperCase()}${local.slice(1)}@${domain.slice(0, 1).toUpperCase()}${domain.slice(1)} `;
  }
}

