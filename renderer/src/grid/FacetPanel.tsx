// Facets, as OpenRefine has them, counted by the engine over all matching rows: a column's
// values, blank or not, and duplicated or unique. Choosing one filters the grid; each facet's
// counts leave out its own filter, so the other choices stay visible.
import type { ColumnFilter, FacetCount, Scalar } from '../../../shared/api/paged.ts';
import { formatNumber } from '../format.ts';
import { cellText, type GridColumn } from './columns.ts';

const shapeLabels: Record<string, string> = { blank: 'blank', notblank: 'not blank', duplicate: 'duplicated', unique: 'unique' };

export function FacetPanel<R>({ columns, facets, filters, onChange }: { columns: readonly GridColumn<R>[]; facets: Record<string, FacetCount[]>; filters: ColumnFilter[]; onChange(f: ColumnFilter[]): void }) {
  const others = (column: string, ops: readonly string[]) => filters.filter((f) => !(f.column === column && ops.includes(f.op)));
  const chosenValues = (column: string) => filters.find((f) => f.column === column && f.op === 'in')?.values ?? [];
  const toggleValue = (column: string, value: Scalar) => {
    const have = chosenValues(column);
    const next = have.some((v) => v === value) ? have.filter((v) => v !== value) : [...have, value];
    onChange([...others(column, ['in']), ...(next.length ? [{ column, op: 'in' as const, values: next }] : [])]);
  };
  const setShape = (column: string, ops: readonly ColumnFilter['op'][], op: ColumnFilter['op'] | null) =>
    onChange([...others(column, ops), ...(op ? [{ column, op }] : [])]);

  return (
    <aside className="facets" aria-label="Facets" data-testid="facets">
      {columns.flatMap((c) =>
        (c.facets ?? []).map((kind) => {
          const name = kind === 'values' ? c.id : `${kind === 'blank' ? 'blank' : 'dup'}:${c.id}`;
          const counts = facets[name];
          const title = kind === 'values' ? c.header : kind === 'blank' ? `${c.header}: blank?` : `${c.header}: duplicates`;
          const ops = (kind === 'blank' ? ['blank', 'notblank'] : ['duplicate', 'unique']) as ColumnFilter['op'][];
          return (
            <fieldset key={name} className="facet" data-testid={`facet-${name}`}>
              <legend>{title}</legend>
              {counts === undefined ? (
                <p className="muted small">Counting…</p>
              ) : counts.length === 0 ? (
                <p className="muted small">No values.</p>
              ) : kind === 'values' ? (
                counts.map((f) => {
                  const checked = chosenValues(c.id).some((v) => v === f.value);
                  return (
                    <label key={String(f.value)} className="facet-choice">
                      <input type="checkbox" checked={checked} onChange={() => toggleValue(c.id, f.value)} data-testid={`facet-${name}-${String(f.value)}`} />
                      <span className="facet-value">{f.value === null || f.value === '' ? '(blank)' : cellText(c.kind, f.value)}</span>
                      <span className="facet-count">{formatNumber(f.count)}</span>
                    </label>
                  );
                })
              ) : (
                counts.map((f) => {
                  const op = String(f.value) as ColumnFilter['op'];
                  const checked = filters.some((x) => x.column === c.id && x.op === op);
                  return (
                    <label key={op} className="facet-choice">
                      <input type="checkbox" checked={checked} onChange={() => setShape(c.id, ops, checked ? null : op)} data-testid={`facet-${name}-${op}`} />
                      <span className="facet-value">{shapeLabels[op] ?? op}</span>
                      <span className="facet-count">{formatNumber(f.count)}</span>
                    </label>
                  );
                })
              )}
            </fieldset>
          );
        }),
      )}
      {filters.length > 0 && (
        <button type="button" className="link small" onClick={() => onChange([])} data-testid="facets-clear">
          Clear facets
        </button>
      )}
    </aside>
  );
}
