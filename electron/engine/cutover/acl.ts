// Privileges as PostgreSQL stores them (aclitem text: grantee=privileges/grantor) and the GRANT and
// REVOKE statements that make one object's ACL exactly another's. Pure: no database.
import { quoteIdent } from '../pg/quote.ts';

const PRIVILEGES: Record<string, string> = {
  r: 'SELECT',
  a: 'INSERT',
  w: 'UPDATE',
  d: 'DELETE',
  D: 'TRUNCATE',
  x: 'REFERENCES',
  t: 'TRIGGER',
  m: 'MAINTAIN',
  U: 'USAGE',
  X: 'EXECUTE',
  C: 'CREATE',
  c: 'CONNECT',
  T: 'TEMPORARY',
  s: 'SET',
  A: 'ALTER SYSTEM',
};

export interface AclEntry {
  /** '' is PUBLIC. */
  grantee: string;
  grantor: string;
  /** Privilege letters without grant option, and those with it. */
  privileges: string[];
  grantable: string[];
}

/** Reads one aclitem: `anon=arwd/postgres`, `=r/postgres` (PUBLIC), `"my role"=r*w/postgres`. */
export function parseAclItem(item: string): AclEntry {
  let i = 0;
  const name = (): string => {
    if (item[i] !== '"') {
      const start = i;
      while (i < item.length && item[i] !== '=' && item[i] !== '/') i++;
      return item.slice(start, i);
    }
    let out = '';
    i++;
    while (i < item.length) {
      if (item[i] === '"' && item[i + 1] === '"') {
        out += '"';
        i += 2;
      } else if (item[i] === '"') {
        i++;
        break;
      } else out += item[i++];
    }
    return out;
  };
  const grantee = name();
  if (item[i] !== '=') throw new Error(`not an aclitem: ${item}`);
  i++;
  const privileges: string[] = [];
  const grantable: string[] = [];
  while (i < item.length && item[i] !== '/') {
    const letter = item[i++] as string;
    if (item[i] === '*') {
      grantable.push(letter);
      i++;
    } else privileges.push(letter);
  }
  if (item[i] !== '/') throw new Error(`not an aclitem: ${item}`);
  i++;
  return { grantee, grantor: name(), privileges, grantable };
}

const roleSql = (grantee: string) => (grantee === '' ? 'PUBLIC' : quoteIdent(grantee));
const words = (letters: string[], columns: string) => letters.map((l) => `${PRIVILEGES[l] ?? l}${columns}`).join(', ');

export interface AclTarget {
  /** The object as GRANT names it: "TABLE public.t", "SEQUENCE public.s", "FUNCTION public.f(text)". */
  object: string;
  /** For column privileges: the column. */
  column?: string;
}

/**
 * Statements turning the ACL `current` into `wanted` on `target`: every grantee either side names
 * loses everything, then gets exactly what is wanted, in the wanted order (GRANT appends, so the
 * stored array ends up equal, not just equivalent). A null ACL means the object's default, given
 * as `defaultAcl` (the owner's implicit privileges; for functions also PUBLIC's EXECUTE). Grants
 * are made by whoever runs them (the owner, for our objects), so other grantors are not reproduced.
 */
export function aclStatements(target: AclTarget, current: readonly string[] | null, wanted: readonly string[] | null, defaultAcl: readonly string[]): string[] {
  if (JSON.stringify(current ?? null) === JSON.stringify(wanted ?? null)) return [];
  const columns = target.column === undefined ? '' : ` (${quoteIdent(target.column)})`;
  const now = (current ?? defaultAcl).map(parseAclItem);
  const want = (wanted ?? defaultAcl).map(parseAclItem);
  const out: string[] = [];
  for (const grantee of [...new Set([...now, ...want].map((e) => e.grantee))]) {
    if (now.some((e) => e.grantee === grantee)) out.push(`REVOKE ALL${columns} ON ${target.object} FROM ${roleSql(grantee)} CASCADE`);
  }
  out.push(...grantStatements(target, want));
  return out;
}

function grantStatements(target: AclTarget, want: readonly AclEntry[]): string[] {
  const columns = target.column === undefined ? '' : ` (${quoteIdent(target.column)})`;
  const out: string[] = [];
  for (const e of want) {
    if (e.privileges.length) out.push(`GRANT ${words(e.privileges, columns)} ON ${target.object} TO ${roleSql(e.grantee)}`);
    if (e.grantable.length) out.push(`GRANT ${words(e.grantable, columns)} ON ${target.object} TO ${roleSql(e.grantee)} WITH GRANT OPTION`);
  }
  return out;
}

/**
 * For an object just created (a re-created function or materialized view), whose ACL came from
 * whatever default privileges apply: revoke every grant it has, whoever holds it, then grant
 * exactly `wanted`. `aclQuery` selects its current aclitem[] (with defaults filled in).
 */
export function resetAclStatements(target: AclTarget, aclQuery: string, wanted: readonly string[] | null, defaultAcl: readonly string[]): string[] {
  const revoke = `DO $cutover$ DECLARE g text; BEGIN
    FOR g IN SELECT DISTINCT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END FROM aclexplode((${aclQuery})) AS a LOOP
      EXECUTE 'REVOKE ALL ON ${target.object.replace(/'/g, "''")} FROM ' || g || ' CASCADE';
    END LOOP;
  END $cutover$`;
  return [revoke, ...grantStatements(target, (wanted ?? defaultAcl).map(parseAclItem))];
}
