// The keys records are compared on, beside the exact e-mail key (domain/email.ts): looser e-mail
// keys that only ever suggest a merge, the parts of an address's local part, and normalised
// names and phone numbers. Pure functions; the recompute calls them once per record, so they
// scan characters rather than chain regular expressions.
import { emailKey, emailProblem, gmailKey } from '../domain/email.ts';

/** The same mailbox to most providers: Gmail's dots and +tags, googlemail, and any provider's +tag. */
export function subaddressKey(email: string): string {
  const key = gmailKey(email);
  const at = key.lastIndexOf('@');
  if (at <= 0) return key;
  const plus = key.indexOf('+');
  return plus >= 0 && plus < at ? `${key.slice(0, plus)}${key.slice(at)}` : key;
}

const NON_ASCII = /[^ -~]/;

function fold(text: string): string {
  const lower = text.toLowerCase();
  return NON_ASCII.test(lower) ? lower.normalize('NFD').replace(/[\u0300-\u036f]/g, '') : lower;
}

export interface AddressParts {
  /** The exact key (trimmed, lower-case); '' for no address. */
  key: string;
  sub: string;
  /** Letters of the local part before any +tag, accents folded: "Noel.Torres.4480" → "noeltorres". */
  letters: string;
  /** Digits of the local part before any +tag: "4480"; '' when none. */
  digits: string;
  problem: string | null;
}

export function addressParts(email: string | null | undefined): AddressParts {
  const key = emailKey(email ?? '');
  const problem = emailProblem(key);
  const folded = fold(key);
  let letters = '';
  let digits = '';
  for (let i = 0; i < folded.length; i++) {
    const c = folded.charCodeAt(i);
    if (c === 64 /* @ */ || c === 43 /* + */) break;
    if (c >= 97 && c <= 122) letters += folded[i];
    else if (c >= 48 && c <= 57) digits += folded[i];
  }
  return { key, sub: key ? subaddressKey(key) : '', letters, digits, problem };
}

/** A name for comparing: letters and single spaces, lower-case, accents folded; null when empty. */
export function normalName(...parts: (string | null | undefined)[]): string | null {
  let text = '';
  for (const part of parts) if (part) text += ` ${part}`;
  const folded = fold(text);
  let out = '';
  let space = true;
  for (let i = 0; i < folded.length; i++) {
    const c = folded.charCodeAt(i);
    if (c >= 97 && c <= 122) {
      out += folded[i];
      space = false;
    } else if (!space) {
      out += ' ';
      space = true;
    }
  }
  out = out.trimEnd();
  return out || null;
}

/** The last ten digits of a phone number (Philippine mobiles: +63 9xx… and 09xx… agree); null when too short. */
export function normalPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  let digits = '';
  for (let i = 0; i < phone.length; i++) {
    const c = phone.charCodeAt(i);
    if (c >= 48 && c <= 57) digits += phone[i];
  }
  return digits.length >= 9 ? digits.slice(-10) : null;
}
