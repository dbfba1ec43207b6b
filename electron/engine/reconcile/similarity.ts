// Scoring a suggested merge of two people: a per-field score (each 0–1, null when a side lacks
// the field) and a combined score, from evidence weights that add up in log-odds, so agreeing
// fields raise it and disagreeing ones (a different name, a different phone) pull it down.
import type { FieldScores, SuggestionRule } from '../../../shared/api/reconcile.ts';

/** Jaro–Winkler similarity (prefix scale 0.1, up to 4 characters). */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return a.length ? 1 : 0;
  if (!a.length || !b.length) return 0;
  const range = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aHit = new Uint8Array(a.length);
  const bHit = new Uint8Array(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const lo = Math.max(0, i - range);
    const hi = Math.min(b.length - 1, i + range);
    for (let j = lo; j <= hi; j++) {
      if (bHit[j] || a[i] !== b[j]) continue;
      aHit[i] = 1;
      bHit[j] = 1;
      m++;
      break;
    }
  }
  if (!m) return 0;
  let t = 0;
  for (let i = 0, j = 0; i < a.length; i++) {
    if (!aHit[i]) continue;
    while (!bHit[j]) j++;
    if (a[i] !== b[j]) t++;
    j++;
  }
  const jaro = (m / a.length + m / b.length + (m - t / 2) / m) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** What one side of a pair offers: every address, name and phone of the person's records. */
export interface PersonSide {
  subKeys: string[];
  /** Local-part letters and digits of each address. */
  locals: { letters: string; digits: string }[];
  /** Normalised first and last names, each as given (either may be missing). */
  names: { first: string | null; last: string | null }[];
  phones: string[];
}

export interface PairScore {
  score: number;
  fields: FieldScores;
  explanation: string;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

function best<T>(as: readonly T[], bs: readonly T[], f: (a: T, b: T) => number): number | null {
  let out: number | null = null;
  for (const a of as) for (const b of bs) out = Math.max(out ?? 0, f(a, b));
  return out;
}

/** How alike two people's names are, comparing only the parts both gave; null when none is comparable. */
function nameScore(a: readonly PersonSide['names'][number][], b: readonly PersonSide['names'][number][]): number | null {
  let out: number | null = null;
  for (const x of a) {
    for (const y of b) {
      const parts: number[] = [];
      if (x.first && y.first) parts.push(jaroWinkler(x.first, y.first));
      if (x.last && y.last) parts.push(jaroWinkler(x.last, y.last));
      if (parts.length) out = Math.max(out ?? 0, parts.reduce((s, v) => s + v, 0) / parts.length);
    }
  }
  return out;
}

const squash = (s: string) => s.replace(/ /g, '');

/**
 * One side's names explain the other side's address: its first name is in it, or it is built
 * from a first name (or initial) and a last name of which at least one is this side's
 * ("mibanez" from the other side's "Melanie" and this side's "Ibañez").
 */
function namesExplainAddress(x: PersonSide, y: PersonSide): boolean {
  const own = (n: string | null) => !!n && x.names.some((v) => v.first === n || v.last === n);
  const firsts = [...new Set([...x.names, ...y.names].flatMap((n) => (n.first ? [n.first] : [])))];
  const lasts = [...new Set([...x.names, ...y.names].flatMap((n) => (n.last ? [n.last] : [])))];
  for (const { letters } of y.locals) {
    if (letters.length < 4) continue;
    if (x.names.some((n) => n.first && squash(n.first).length >= 3 && letters.includes(squash(n.first)))) return true;
    for (const f of firsts) {
      for (const l of lasts) {
        if (!own(f) && !own(l)) continue;
        const [sf, sl] = [squash(f), squash(l)];
        if ([`${sf}${sl}`, `${sf[0]}${sl}`, `${sl}${sf}`, `${sf}${sl[0]}`].some((p) => p.length >= 4 && letters.startsWith(p))) return true;
      }
    }
  }
  return false;
}

/**
 * Weights in log-odds: a prior that two people sharing a blocking key are one person, then each
 * field's evidence. The score is the logistic of the sum.
 */
export function scorePair(a: PersonSide, b: PersonSide, rule: SuggestionRule): PairScore {
  const why: string[] = [];
  let logit = -3;
  const sub = a.subKeys.some((k) => b.subKeys.includes(k)) ? 1 : a.subKeys.length && b.subKeys.length ? 0 : null;
  if (sub === 1) {
    logit += 8;
    why.push('the same mailbox once dots and +tags are ignored');
  }
  const digitsA = a.locals.map((l) => l.digits).filter((d) => d.length >= 3);
  const digitsB = b.locals.map((l) => l.digits).filter((d) => d.length >= 3);
  let emailNumber: number | null = null;
  if (digitsA.length && digitsB.length) {
    emailNumber = digitsA.some((d) => digitsB.includes(d)) ? 1 : 0;
    const len = Math.max(...digitsA.filter((d) => digitsB.includes(d)).map((d) => d.length), 0);
    if (emailNumber) {
      logit += len >= 4 ? 4 : 2.5;
      why.push(`the same number in both addresses (${len} digits)`);
    } else {
      logit -= 2;
      why.push('different numbers in the addresses');
    }
  }
  const email = best(a.locals, b.locals, (x, y) => (x.letters && y.letters ? jaroWinkler(x.letters, y.letters) : 0));
  if (email !== null && email >= 0.9) {
    logit += 2;
    why.push(`similar addresses (${round(email)})`);
  } else if (email !== null && email >= 0.8) {
    logit += 1;
  }
  if (namesExplainAddress(a, b) || namesExplainAddress(b, a)) {
    logit += 1.5;
    why.push("one side's name is in the other's address");
  }
  const name = nameScore(a.names, b.names);
  if (name !== null) {
    if (name >= 0.95) {
      logit += 3;
      why.push('the same name');
    } else if (name >= 0.88) {
      logit += 1.5;
      why.push(`similar names (${round(name)})`);
    } else if (name < 0.75) {
      logit -= 4;
      why.push(`different names (${round(name)})`);
    }
  }
  let phone: number | null = null;
  if (a.phones.length && b.phones.length) {
    phone = a.phones.some((p) => b.phones.includes(p)) ? 1 : 0;
    if (phone) {
      logit += 5;
      why.push('the same phone number');
    } else {
      logit -= 3;
      why.push('different phone numbers');
    }
  }
  const score = round(1 / (1 + Math.exp(-logit)));
  return {
    score,
    fields: { email: email === null ? null : round(email), emailNumber, name: name === null ? null : round(name), phone, subaddress: sub },
    explanation: `${ruleText[rule]}: ${why.join('; ') || 'little else agrees'}.`,
  };
}

export const ruleText: Record<SuggestionRule, string> = {
  subaddress: 'Same mailbox (Gmail dots, +tags, googlemail)',
  'external-id': 'Two payer e-mails on one external id',
  phone: 'Same phone number',
  'email-number': 'Same number and name in the addresses',
  name: 'Similar name',
};
