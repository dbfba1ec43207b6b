// The GRANT and REVOKE statements that make one object's ACL exactly another's (aclitems are read
// by pg/acl.ts). Pure: no database.
import { grantStatements, parseAclItem, roleSql, type AclTarget } from '../pg/acl.ts';
import { quoteIdent } from '../pg/quote.ts';

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
