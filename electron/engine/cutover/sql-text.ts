// Small pure helpers over SQL text the catalog prints: qualified names (regclass text), and the
// rewriting of one schema's table names into another's for comparing two inventories.
import { quoteIdent } from '../pg/quote.ts';

/** Splits a name as regclass or regprocedure text prints it: `public.t`, `"My Schema"."T"`. */
export function splitQualified(text: string): { schema: string; name: string } {
  const parts: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      let out = '';
      i++;
      while (i < text.length) {
        if (text[i] === '"' && text[i + 1] === '"') {
          out += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else out += text[i++];
      }
      parts.push(out);
    } else {
      const start = i;
      while (i < text.length && text[i] !== '.') i++;
      parts.push(text.slice(start, i));
    }
    if (text[i] === '.') i++;
  }
  if (parts.length !== 2) throw new Error(`not a schema-qualified name: ${text}`);
  return { schema: parts[0] as string, name: parts[1] as string };
}

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
