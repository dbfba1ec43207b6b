// Inventories of the same schema on different PostgreSQL majors differ in a few known, harmless
// ways. Each rule here names one; nothing else is smoothed over, so any other difference between
// versions still shows.
import type { Inventory, TableInventory } from './inventory.ts';

/** PG 17 added the MAINTAIN privilege ('m'), which ALL now includes: drop it from an aclitem. */
export function withoutMaintain(item: string): string {
  const slash = item.lastIndexOf('/');
  const eq = item.lastIndexOf('=', slash);
  if (slash < 0 || eq < 0) return item;
  return `${item.slice(0, eq + 1)}${item.slice(eq + 1, slash).replace(/m\*?/g, '')}${item.slice(slash)}`;
}

/**
 * PG 16 stopped qualifying columns in pg_get_viewdef when a view reads a single relation
 * ("p.email" became "email"): drop the alias from such definitions.
 */
export function unqualifiedSingleTableView(definition: string): string {
  const from = /\n\s*FROM ([\w."]+) (\w+)(;|\n)/.exec(definition);
  if (!from || /\bJOIN\b|\bFROM\b[^\n]*,/.test(definition) || (definition.match(/\bFROM\b/g) ?? []).length !== 1) return definition;
  return definition.replace(new RegExp(`\\b${from[2]}\\.(?=\\w)`, 'g'), '');
}

const acl = (items: string[] | null) => (items ? items.map(withoutMaintain) : items);

function normaliseTable(t: TableInventory): TableInventory {
  const notNull = new Set(t.columns.filter((c) => c.notNull).map((c) => c.name));
  return {
    ...t,
    acl: acl(t.acl),
    columns: t.columns.map((c) => ({ ...c, acl: acl(c.acl) })),
    // PG 18 records NOT NULL as constraints (contype 'n'); attnotnull, on every version, carries
    // the same fact. Keep only those that say more (NOT VALID, NO INHERIT).
    constraints: t.constraints.filter((c) => !(c.type === 'not null' && c.validated && !c.noInherit && c.columns.every((col) => notNull.has(col)))),
    sequences: t.sequences.map((q) => ({ ...q, acl: acl(q.acl) })),
    views: t.views.map((v) => ({ ...v, acl: acl(v.acl), definition: unqualifiedSingleTableView(v.definition) })),
    functions: t.functions.map((f) => ({ ...f, acl: acl(f.acl) })),
  };
}

/** The inventory without what differs only because of the server's major version. */
export function normaliseAcrossVersions(inventory: Inventory): Omit<Inventory, 'server'> {
  return { tables: inventory.tables.map(normaliseTable), enums: inventory.enums, unsupported: inventory.unsupported };
}
