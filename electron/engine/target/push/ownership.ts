// Column ownership: per staged table, which columns the migration owns (the plan declares them,
// from the sources) and which are production's — copied from the existing row, so the swap does
// not reset what the app itself maintains (login counts, flags, notes); a new row gets the
// column's default. Generated columns are computed by the table itself. Pure.
import type { TableOwnership } from '../../../../shared/api/target.ts';
import { CutoverError } from '../../../../shared/api/errors.ts';
import type { TableInventory } from '../introspect/inventory.ts';

/** How a plan row finds the production row it is (the push keeps that row's key); see push/map-*.sql. */
export const MATCHED_BY: Readonly<Record<string, string>> = {
  unified_profiles: 'its user: an existing auth user with the same lower(email) keeps its id',
  transactions: 'external_id (the invoice), keeping production\'s id',
  enrollments: '(user_id, course_id), keeping production\'s id',
  affiliates: 'id (no plan rows: every affiliate is production\'s)',
};

export interface Ownership {
  table: TableInventory;
  /** Primary key columns (a matched row keeps production's values). */
  key: string[];
  /** Plan-owned columns, in the table's order. */
  owned: string[];
  /** Production-owned, insertable columns. */
  copied: string[];
  generated: string[];
}

export function primaryKey(t: TableInventory): string[] {
  const pk = t.constraints.find((c) => c.type === 'primary key');
  if (!pk) throw new CutoverError('TARGET_FAILED', `${t.schema}.${t.name} has no primary key: the push matches rows by it.`);
  return pk.columns;
}

export function ownershipOf(t: TableInventory, planColumns: readonly string[]): Ownership {
  const names = new Set(t.columns.map((c) => c.name));
  const unknown = planColumns.filter((c) => !names.has(c));
  if (unknown.length) {
    throw new CutoverError('TARGET_FAILED', `The plan owns ${unknown.join(', ')} of ${t.schema}.${t.name}, which production's table does not have.`);
  }
  const planned = new Set(planColumns);
  const generated = t.columns.filter((c) => c.generated !== null).map((c) => c.name);
  const owned = t.columns.filter((c) => planned.has(c.name) && c.generated === null).map((c) => c.name);
  const bad = planColumns.filter((c) => generated.includes(c));
  if (bad.length) throw new CutoverError('TARGET_FAILED', `The plan owns ${bad.join(', ')} of ${t.schema}.${t.name}, which production generates.`);
  const copied = t.columns.filter((c) => !planned.has(c.name) && c.generated === null).map((c) => c.name);
  const key = primaryKey(t);
  if (owned.length && !key.every((k) => owned.includes(k))) {
    throw new CutoverError('TARGET_FAILED', `The plan owns columns of ${t.schema}.${t.name} but not its primary key (${key.join(', ')}): its rows could not be matched to production's.`);
  }
  return { table: t, key, owned, copied, generated };
}

/** The ownership table the Plan and Push steps show. */
export function ownershipView(o: Ownership): TableOwnership {
  const t = o.table;
  return {
    table: `${t.schema}.${t.name}`,
    matchedBy: MATCHED_BY[t.name] ?? o.key.join(', '),
    columns: t.columns.map((c) => ({
      column: c.name,
      type: c.type,
      owner: c.generated !== null ? 'generated' : o.owned.includes(c.name) ? 'plan' : 'production',
      newRows: c.generated !== null || o.owned.includes(c.name) ? null : c.identity ? 'the next value of its sequence' : (c.default ?? 'NULL'),
    })),
    note: o.owned.length
      ? `${o.owned.length} of ${t.columns.length} columns come from the plan; for a row production already has, the other ${o.copied.length} are copied from it.`
      : 'The plan owns no column: every row is copied from production as it is.',
  };
}
