// Privileges as PostgreSQL stores them (aclitem text: grantee=privileges/grantor) and the GRANTs
// that give an object exactly those items, in their order. Pure: no database. The push (its
// staged clones) and the cutover (objects it re-creates or re-points) both reproduce ACLs with it.
import { readName } from './names.ts';
import { quoteIdent } from './quote.ts';

/** aclitem letters (src/include/utils/acl.h) and the keyword GRANT takes for each. */
const PRIVILEGES: Readonly<Record<string, string>> = {
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
    const read = readName(item, i, '=/');
    i = read.end;
    return read.name;
  };
  const grantee = name();
  if (item[i] !== '=') throw new Error(`not an aclitem: ${item}`);
  i++;
  const privileges: string[] = [];
  const grantable: string[] = [];
  while (i < item.length && item[i] !== '/') {
    const letter = item[i++]!;
    if (!(letter in PRIVILEGES)) throw new Error(`unknown privilege ${letter} in ${item}`);
    if (item[i] === '*') {
      grantable.push(letter);
      i++;
    } else privileges.push(letter);
  }
  if (item[i] !== '/') throw new Error(`not an aclitem: ${item}`);
  i++;
  return { grantee, grantor: name(), privileges, grantable };
}

export const roleSql = (grantee: string): string => (grantee === '' ? 'PUBLIC' : quoteIdent(grantee));

export interface AclTarget {
  /** The object as GRANT names it: "TABLE public.t", "SEQUENCE public.s", "FUNCTION public.f(text)". */
  object: string;
  /** For column privileges: the column. */
  column?: string;
}

/** GRANTs giving `entries` on `target`, item by item (GRANT appends, so the stored order follows). */
export function grantStatements(target: AclTarget, entries: readonly AclEntry[]): string[] {
  const columns = target.column === undefined ? '' : ` (${quoteIdent(target.column)})`;
  const words = (letters: string[]) => letters.map((l) => `${PRIVILEGES[l]}${columns}`).join(', ');
  const out: string[] = [];
  for (const e of entries) {
    if (e.privileges.length) out.push(`GRANT ${words(e.privileges)} ON ${target.object} TO ${roleSql(e.grantee)}`);
    if (e.grantable.length) out.push(`GRANT ${words(e.grantable)} ON ${target.object} TO ${roleSql(e.grantee)} WITH GRANT OPTION`);
  }
  return out;
}
