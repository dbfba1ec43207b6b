// How a grid column is declared by a screen: the engine column it sorts and filters on, how its
// value reads, the facets it offers and, for columns a reviewer may correct, the decision an
// inline edit becomes.
import type { DecisionInput } from '../../../shared/api/reconcile.ts';
import { formatNumber } from '../format.ts';

export type CellKind = 'text' | 'money' | 'int' | 'date' | 'bool' | 'score' | 'list';

export interface CellEdit<R> {
  /** 'text': a free value; 'choice': one of `choices` (e.g. a product). */
  type: 'text' | 'choice';
  choices?: readonly { value: string; label: string }[];
  /** The decision the new value becomes, or null when this row cannot be edited here. */
  decision(row: R, value: string): DecisionInput | null;
}

export interface GridColumn<R> {
  /** The engine's column name (sort, filters and facets go by it). */
  id: string;
  header: string;
  value(row: R): unknown;
  kind?: CellKind;
  size?: number;
  /** False: the engine cannot sort on it. */
  sortable?: boolean;
  /** A text filter box under the header ('contains'), or none. */
  filter?: boolean;
  /** Facets the grid's facet panel offers on this column. */
  facets?: readonly ('values' | 'blank' | 'duplicates')[];
  /** Hidden until the reviewer shows it. */
  hidden?: boolean;
  edit?: CellEdit<R>;
}

const peso = new Intl.NumberFormat('en-PH', { style: 'currency', currency: 'PHP' });

export function formatMoney(minor: number | null | undefined): string {
  if (minor === null || minor === undefined) return '—';
  return peso.format(minor / 100);
}

/** A cell's text, as shown and as copied. */
export function cellText(kind: CellKind | undefined, value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  switch (kind) {
    case 'money':
      return formatMoney(Number(value));
    case 'int':
      return formatNumber(Number(value));
    case 'score':
      return Number(value).toFixed(2);
    case 'bool':
      return value ? 'yes' : 'no';
    case 'date':
      return String(value).replace('T', ' ').replace(/\.\d+Z$|Z$/, '');
    case 'list':
      return Array.isArray(value) ? value.join(', ') : String(value);
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}
