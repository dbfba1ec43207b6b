// E-mail keys: the person key of the whole app. Only the exact key (trimmed, lower-case) merges
// records without review; the looser Gmail key only ever suggests a merge.

/** The key records are clustered on without review: trimmed and lower-cased, nothing more. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

/**
 * A looser key for suggestions: Gmail ignores dots and anything after '+' in the local part, and
 * googlemail.com is the same mailbox. Other providers' addresses keep their exact key.
 */
export function gmailKey(email: string): string {
  const key = emailKey(email);
  const at = key.lastIndexOf('@');
  if (at <= 0) return key;
  const domain = key.slice(at + 1);
  if (!GMAIL_DOMAINS.has(domain)) return key;
  const local = key.slice(0, at).split('+')[0]!.replaceAll('.', '');
  return `${local}@gmail.com`;
}

export type EmailProblem = 'empty' | 'no-at' | 'space-inside' | 'bad-shape';

/**
 * Why an address cannot become an auth user (or pass the profiles' e-mail CHECK), or null when it
 * can. Judged on the trimmed value: surrounding whitespace is normalised away, inner spaces are not.
 */
export function emailProblem(email: string | null | undefined): EmailProblem | null {
  const key = emailKey(email ?? '');
  if (key.length === 0) return 'empty';
  if (/\s/.test(key)) return 'space-inside';
  const at = key.indexOf('@');
  if (at < 0) return 'no-at';
  if (at === 0 || at !== key.lastIndexOf('@') || !/^[^@]+@[^@.]+(\.[^@.]+)+$/.test(key)) return 'bad-shape';
  return null;
}

export const emailProblemText: Record<EmailProblem, string> = {
  empty: 'the address is empty',
  'no-at': 'the address has no @',
  'space-inside': 'the address has a space inside it',
  'bad-shape': 'the address is not of the form name@domain.tld',
};
