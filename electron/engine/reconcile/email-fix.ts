// A proposed fix for an address that cannot become an auth user: spaces removed, and a missing
// @ put back before a well-known mail domain. Only a proposal: applying it is a decision.
import { emailKey, emailProblem } from '../domain/email.ts';

const DOMAINS = ['gmail.com', 'googlemail.com', 'yahoo.com.ph', 'yahoo.com', 'ymail.com', 'hotmail.com', 'outlook.com', 'icloud.com'];

export function suggestEmailFix(email: string): string | null {
  let fixed = emailKey(email).replace(/\s+/g, '');
  if (!fixed) return null;
  if (!fixed.includes('@')) {
    const domain = DOMAINS.find((d) => fixed.endsWith(d) && fixed.length > d.length);
    if (!domain) return null;
    const local = fixed.slice(0, -domain.length).replace(/[.]$/, '');
    fixed = `${local}@${domain}`;
  }
  return emailProblem(fixed) === null && fixed !== emailKey(email) ? fixed : null;
}
