// Suggested merges. Blocking keeps this far from quadratic: candidate pairs are only people who
// share an indexed key — the looser mailbox key, the same number in the address, the same phone,
// the same external id — and a key shared by more than BLOCK_CAP people says too little to be
// worth a pair (it is skipped and counted). Each candidate pair is scored field by field in JS.
// Declined pairs are never suggested again; merged ones are one person and need no suggestion.
import type Database from 'better-sqlite3';
import type { Catalog, SuggestionRule } from '../../../shared/api/reconcile.ts';
import { normalName } from './keys.ts';
import { scorePair, type PersonSide } from './similarity.ts';

export const BLOCK_CAP = 20;
/** Pairs scoring below this are not worth a reviewer's time (and not stored). */
const MIN_SCORE = 0.05;

/**
 * Each blocking rule: the values shared by two or more people (from a covering index, so this
 * reads no rows) and the people of one value. A mailbox key is shared only when some record's
 * looser key differs from its exact one, and then with the records whose exact key it is.
 */
interface Block {
  rule: SuggestionRule;
  /** Values held by more than one person (from a covering index, so no row is read). */
  shared: string;
  /** The values the people in json_each(@p) hold (a decision's scope). */
  ofScope: string;
  /** The people holding value @p. */
  people: string;
}

const SCOPE = 'person_id IN (SELECT value FROM json_each(@p))';

const blocks: Block[] = [
  {
    rule: 'subaddress',
    shared: `SELECT v FROM (
        SELECT sub_key AS v, person_id AS p FROM recon_records WHERE sub_key <> email_key
        UNION ALL SELECT key, person_id FROM recon_records WHERE key IN (SELECT sub_key FROM recon_records WHERE sub_key <> email_key))
      GROUP BY v HAVING min(p) < max(p)`,
    ofScope: `SELECT sub_key FROM recon_records WHERE ${SCOPE} UNION SELECT key FROM recon_records WHERE ${SCOPE}`,
    people: 'SELECT person_id FROM recon_records WHERE sub_key = @p AND sub_key <> email_key UNION SELECT person_id FROM recon_records WHERE key = @p',
  },
  {
    rule: 'external-id',
    shared: 'SELECT external_id FROM recon_payments GROUP BY external_id HAVING min(person_id) < max(person_id)',
    ofScope: `SELECT DISTINCT external_id FROM recon_payments WHERE ${SCOPE}`,
    people: 'SELECT DISTINCT person_id FROM recon_payments WHERE external_id = @p',
  },
  {
    rule: 'phone',
    shared: 'SELECT phone_key FROM recon_records WHERE phone_key IS NOT NULL GROUP BY phone_key HAVING min(person_id) < max(person_id)',
    ofScope: `SELECT DISTINCT phone_key FROM recon_records WHERE ${SCOPE} AND phone_key IS NOT NULL`,
    people: 'SELECT DISTINCT person_id FROM recon_records WHERE phone_key = @p',
  },
  {
    rule: 'email-number',
    shared: 'SELECT digits FROM recon_records WHERE length(digits) >= 3 GROUP BY digits HAVING min(person_id) < max(person_id)',
    ofScope: `SELECT DISTINCT digits FROM recon_records WHERE ${SCOPE} AND length(digits) >= 3`,
    people: 'SELECT DISTINCT person_id FROM recon_records WHERE length(digits) >= 3 AND digits = @p',
  },
];
const priority = new Map(blocks.map((b, i) => [b.rule, i]));

export interface SuggestStats {
  pairs: number;
  stored: number;
  skippedBlocks: number;
}

/** Candidate pairs (a < b) with the strongest rule that produced each; all people, or those touching `scope`. */
function candidates(db: Database.Database, scope: readonly string[] | null): { pairs: Map<string, SuggestionRule>; skipped: number } {
  const pairs = new Map<string, SuggestionRule>();
  let skipped = 0;
  const inScope = scope ? new Set(scope) : null;
  for (const b of blocks) {
    const values = (scope ? db.prepare(b.ofScope).pluck().all({ p: JSON.stringify(scope) }) : db.prepare(b.shared).pluck().all()) as string[];
    const peopleOf = db.prepare(b.people).pluck();
    for (const v of values) {
      const people = (peopleOf.all({ p: v }) as string[]).sort();
      if (people.length < 2) continue;
      if (people.length > BLOCK_CAP) {
        skipped++;
        continue;
      }
      for (let i = 0; i < people.length; i++) {
        for (let j = i + 1; j < people.length; j++) {
          if (inScope && !inScope.has(people[i]!) && !inScope.has(people[j]!)) continue;
          const id = `${people[i]}~${people[j]}`;
          const had = pairs.get(id);
          if (!had || priority.get(b.rule)! < priority.get(had)!) pairs.set(id, b.rule);
        }
      }
    }
  }
  return { pairs, skipped };
}

interface SideRow {
  person_id: string;
  sub_key: string;
  letters: string;
  digits: string;
  first_name: string | null;
  last_name: string | null;
  phone_key: string | null;
}

function sides(db: Database.Database, people: readonly string[]): Map<string, PersonSide> {
  const out = new Map<string, PersonSide>();
  const stmt = db.prepare('SELECT person_id, sub_key, letters, digits, first_name, last_name, phone_key FROM recon_records WHERE person_id IN (SELECT value FROM json_each(?))');
  for (let i = 0; i < people.length; i += 500) {
    for (const r of stmt.all(JSON.stringify(people.slice(i, i + 500))) as SideRow[]) {
      let s = out.get(r.person_id);
      if (!s) out.set(r.person_id, (s = { subKeys: [], locals: [], names: [], phones: [] }));
      if (r.sub_key) s.subKeys.push(r.sub_key);
      if (r.letters || r.digits) s.locals.push({ letters: r.letters, digits: r.digits });
      const first = normalName(r.first_name);
      const last = normalName(r.last_name);
      if ((first || last) && !s.names.some((n) => n.first === first && n.last === last)) s.names.push({ first, last });
      if (r.phone_key && !s.phones.includes(r.phone_key)) s.phones.push(r.phone_key);
    }
  }
  return out;
}

/** Declined pairs as they stand now: the people their keys belong to. */
function declinedPairs(db: Database.Database): Set<string> {
  const rows = db
    .prepare(
      `SELECT (SELECT person_id FROM recon_records WHERE key = l.a LIMIT 1) AS pa, (SELECT person_id FROM recon_records WHERE key = l.b LIMIT 1) AS pb
       FROM recon_links l WHERE l.kind = 'decline' AND l.stale_reason IS NULL`,
    )
    .all() as { pa: string | null; pb: string | null }[];
  const out = new Set<string>();
  for (const r of rows) if (r.pa && r.pb) out.add(r.pa < r.pb ? `${r.pa}~${r.pb}` : `${r.pb}~${r.pa}`);
  return out;
}

/** Writes the suggestions for all people, or again for those in `scope` (whose old ones the caller removed). */
export function suggest(db: Database.Database, catalog: Catalog, scope: readonly string[] | null): SuggestStats {
  const { pairs, skipped } = candidates(db, scope);
  const declined = declinedPairs(db);
  for (const id of declined) pairs.delete(id);
  const people = [...new Set([...pairs.keys()].flatMap((id) => id.split('~')))];
  const side = sides(db, people);
  const insert = db.prepare(
    'INSERT OR REPLACE INTO recon_suggestions (id, person_a, person_b, rule, score, likely, fields, explanation) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  let stored = 0;
  for (const [id, rule] of pairs) {
    const [a, b] = id.split('~') as [string, string];
    const sa = side.get(a);
    const sb = side.get(b);
    if (!sa || !sb) continue;
    const s = scorePair(sa, sb, rule);
    if (s.score < MIN_SCORE) continue;
    insert.run(id, a, b, rule, s.score, s.score >= catalog.suggestionThreshold ? 1 : 0, JSON.stringify(s.fields), s.explanation);
    stored++;
  }
  const counts = `UPDATE recon_people SET suggestions = (SELECT count(*) FROM recon_suggestions s WHERE s.person_a = recon_people.person_id OR s.person_b = recon_people.person_id)`;
  if (scope) db.prepare(`${counts} WHERE person_id IN (SELECT value FROM json_each(?))`).run(JSON.stringify([...new Set([...scope, ...people])]));
  else db.prepare(`${counts} WHERE person_id IN (SELECT person_a FROM recon_suggestions UNION SELECT person_b FROM recon_suggestions)`).run();
  return { pairs: pairs.size, stored, skippedBlocks: skipped };
}
