// The generic paged-rows contract every grid uses: filter, search, sort and page in the engine's
// SQL (keyset paging: a cursor past the last row seen, never OFFSET deep into a large table), with
// facet counts, sums and the total computed over the same filtered rows.
import { z } from 'zod';

export const Scalar = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);
export type Scalar = z.infer<typeof Scalar>;

/** duplicate / unique: the row's value occurs more than once (or once) among the source's rows, whatever the other filters. */
export const filterOps = ['eq', 'neq', 'in', 'contains', 'gte', 'lte', 'blank', 'notblank', 'duplicate', 'unique'] as const;
export const FilterOp = z.enum(filterOps);
export type FilterOp = z.infer<typeof FilterOp>;

const ColumnName = z.string().min(1).max(64);

export const ColumnFilter = z
  .object({
    column: ColumnName,
    op: FilterOp,
    /** For eq, neq, contains, gte, lte. */
    value: Scalar.optional(),
    /** For in. */
    values: z.array(Scalar).max(1000).optional(),
  })
  .strict();
export type ColumnFilter = z.infer<typeof ColumnFilter>;

export const SortKey = z.object({ column: ColumnName, dir: z.enum(['asc', 'desc']).default('asc') }).strict();
export type SortKey = z.infer<typeof SortKey>;

export const PageRequest = z
  .object({
    filters: z.array(ColumnFilter).max(20).default([]),
    /** Free text matched against the columns the source marks searchable. */
    search: z.string().max(200).default(''),
    sort: z.array(SortKey).max(3).default([]),
    /** The `next` of the previous page; null for the first page. */
    cursor: z.string().max(4000).nullable().default(null),
    /**
     * Skip this many rows first: from the top (a jump of the scroll bar), or after the cursor (a
     * page read beyond one still on its way).
     */
    offset: z.number().int().min(0).max(50_000_000).default(0),
    limit: z.number().int().min(1).max(1000).default(100),
    /**
     * Columns to count values of, each over the rows the other filters leave. `blank:<column>`
     * counts blank and non-blank values instead ('blank' / 'notblank'); `dup:<column>` counts rows
     * whose value is duplicated or unique ('duplicate' / 'unique').
     */
    facets: z.array(z.string().min(1).max(70)).max(12).default([]),
    /** Count the matching rows (and sum the summable columns); skipped when paging on. */
    withTotals: z.boolean().default(true),
  })
  .strict();
export type PageRequest = z.input<typeof PageRequest>;
export type ParsedPageRequest = z.output<typeof PageRequest>;

export const FacetCount = z.object({ value: Scalar, count: z.number().int() });
export type FacetCount = z.infer<typeof FacetCount>;

/** A page of rows of the given schema. */
export function pageOf<R extends z.ZodType>(row: R) {
  return z.object({
    rows: z.array(row),
    /** Rows matching the filters; null when totals were not asked for. */
    total: z.number().int().nullable(),
    /** Per faceted column, its values (most frequent first, at most 50) and how many rows have each. */
    facets: z.record(z.string(), z.array(FacetCount)),
    /** Per summable column, its sum over the matching rows (money in centavos). */
    sums: z.record(z.string(), z.number()),
    /** The cursor of the next page, null after the last. */
    next: z.string().nullable(),
  });
}
export type Page<R> = { rows: R[]; total: number | null; facets: Record<string, FacetCount[]>; sums: Record<string, number>; next: string | null };
