// Small pure helpers over SQL text the catalog prints: printed names (pg/names.ts reads them), and
// the rewriting of one schema's table names into another's for comparing two inventories.
import { quoteIdent } from '../pg/quote.ts';

/** The name as regclass text prints it (quoted only where needed). */
export function printedName(schema: string, name: string): string {
  const part = (s: string) => (/^[a-z_][a-z0-9_$]*$/.test(s) ? s : quoteIdent(s));
  return `${part(schema)}.${part(name)}`;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Rewrites references to `from` tables into `to` ones in catalog-printed SQL (a policy's USING, a
 * trigger's definition), for comparison only: `cutover_staging.unified_profiles` → `public.unified_profiles`.
 */
export function renameTables(sql: string, mapping: Readonly<Record<string, string>>): string {
  let out = sql;
  for (const [from, to] of Object.entries(mapping)) {
    out = out.replace(new RegExp(`(?<![\\w"$])${escapeRegex(from)}(?![\\w"$])`, 'g'), to);
  }
  return out;
}

/** pg_get_viewdef ends its text with a semicolon; CREATE VIEW … AS wants it without. */
export function withoutTrailingSemicolon(sql: string): string {
  return sql.trim().replace(/;\s*$/, '');
}
