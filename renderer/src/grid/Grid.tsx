// The one grid every screen uses: @tanstack/react-table (v9, manual mode: the engine filters,
// sorts, counts and facets in SQL) for columns, sorting, visibility, pinning, sizing and row
// selection, @tanstack/react-virtual for the rows on screen, and the window of rows
// (query/window.ts) for the data. Rows are a fixed 26 px, so 1.2M rows fit under Chromium's
// 33.5M px element cap and the last row is reachable. The keyboard follows the WAI-ARIA grid
// pattern (keys.ts); focus stays on the grid and the active cell is its aria-activedescendant.
import {
  columnPinningFeature,
  columnResizingFeature,
  columnSizingFeature,
  columnVisibilityFeature,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
  type ColumnPinningState,
  type ColumnSizingState,
  type ColumnVisibilityState,
  type RowSelectionState,
  type SortingState,
} from '@tanstack/react-table';
import { useVirtualizer, type Range } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { ColumnFilter, PageRequest } from '../../../shared/api/paged.ts';
import { formatNumber } from '../format.ts';
import { useWindowedRows } from '../hooks/useQuery.ts';
import { useAction, useApi } from '../hooks/useApi.ts';
import type { Input } from '../../../shared/api/index.ts';
import type { Page } from '../../../shared/api/paged.ts';
import type { PagedProcedureName, RowOf } from '../query/paged.ts';
import { toTsv } from './clipboard.ts';
import { cellText, formatMoney, type GridColumn } from './columns.ts';
import { FacetPanel } from './FacetPanel.tsx';
import { gridKey, rangeOf, type Pos } from './keys.ts';
import { BulkBar, type BulkAction, type Decide } from './BulkBar.tsx';
import { ExportButton } from './ExportButton.tsx';
import { throttle } from './throttle.ts';
import { overscanIndexes, slotPool } from './overscan.ts';
import { observeScrollOffset } from './scroll-offset.ts';

export const ROW_HEIGHT = 26;
/** Typing reaches the engine at most this often (the first key at once). */
const TYPING_MS = 250;
const HEADER_HEIGHT = 56;
const SELECT_WIDTH = 34;
/** "Select all matching" reads the rows' ids from the engine, up to this many. */
const SELECT_ALL_MAX = 10_000;

const features = tableFeatures({ columnVisibilityFeature, columnPinningFeature, columnSizingFeature, columnResizingFeature, rowSortingFeature, rowSelectionFeature });

export interface GridProps<N extends PagedProcedureName> {
  procedure: N;
  /** What the grid is, for screen readers and the export's file name. */
  label: string;
  testId: string;
  columns: readonly GridColumn<RowOf<N>>[];
  rowId(row: RowOf<N>): string;
  /** Filters the screen fixes (e.g. the queue); the reviewer's filters come on top. */
  baseFilters?: readonly ColumnFilter[];
  /** Columns kept at the start while scrolling sideways. */
  pinned?: readonly string[];
  /** Sums shown under the grid: engine column → label. */
  sums?: Readonly<Record<string, string>>;
  bulkActions?: readonly BulkAction<RowOf<N>>[];
  /** Enter, or a double click on a cell that cannot be edited. */
  onOpen?(row: RowOf<N>): void;
  /** Shift+Enter: the person the row is about. */
  personOf?(row: RowOf<N>): string | null;
  onOpenPerson?(personId: string): void;
  /** The active row changed (a side panel follows it). */
  onActiveRow?(row: RowOf<N> | undefined): void;
  /** An inline edit or a bulk action decided something. */
  onDecide?: Decide;
  /** Shown when no row matches. */
  empty?: ReactNode;
}

type Row<N extends PagedProcedureName> = RowOf<N>;

interface TypedText {
  search: string;
  textFilters: Record<string, string>;
}
const NO_TEXT: TypedText = { search: '', textFilters: {} };

export function Grid<N extends PagedProcedureName>(props: GridProps<N>) {
  const { procedure, columns, rowId, label } = props;
  const gridId = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  // What is typed in the search and filter boxes, and what of it the request has (throttle.ts).
  const [typed, setTyped] = useState<TypedText>(NO_TEXT);
  const [appliedText, setAppliedText] = useState<TypedText>(NO_TEXT);
  const textThrottle = useMemo(() => throttle(setAppliedText, TYPING_MS), []);
  useEffect(() => () => textThrottle.cancel(), [textThrottle]);
  const typeText = (next: TypedText) => {
    setTyped(next);
    textThrottle.push(next);
  };
  const { search, textFilters } = typed;
  const [facetFilters, setFacetFilters] = useState<ColumnFilter[]>([]);
  const [sorting, setSorting] = useState<SortingState>([]);
  const [columnVisibility, setColumnVisibility] = useState<ColumnVisibilityState>(() => Object.fromEntries(columns.filter((c) => c.hidden).map((c) => [c.id, false])));
  const [columnPinning, setColumnPinning] = useState<ColumnPinningState>({ start: [...(props.pinned ?? [])], end: [] });
  const [columnSizing, setColumnSizing] = useState<ColumnSizingState>({});
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  // Selected rows by id, kept when they scroll away (bulk actions need them).
  const selectedRows = useRef(new Map<string, Row<N>>());
  const [active, setActive] = useState<Pos>({ row: 0, col: 0 });
  const [anchor, setAnchor] = useState<Pos | null>(null);
  const [editing, setEditing] = useState<{ pos: Pos; value: string } | null>(null);
  const [showFacets, setShowFacets] = useState(false);
  const [showColumns, setShowColumns] = useState(false);

  const facetNames = useMemo(
    () => columns.flatMap((c) => (c.facets ?? []).map((f) => (f === 'values' ? c.id : f === 'blank' ? `blank:${c.id}` : `dup:${c.id}`))),
    [columns],
  );
  const request: PageRequest = useMemo(
    () => ({
      filters: [
        ...(props.baseFilters ?? []),
        ...Object.entries(appliedText.textFilters)
          .filter(([, v]) => v.trim() !== '')
          .map(([column, v]) => ({ column, op: 'contains' as const, value: v.trim() })),
        ...facetFilters,
      ],
      search: appliedText.search.trim(),
      sort: sorting.map((s) => ({ column: s.id, dir: s.desc ? ('desc' as const) : ('asc' as const) })),
    }),
    [props.baseFilters, appliedText, facetFilters, sorting],
  );
  const rows = useWindowedRows(procedure, request, rowId, label);
  // Facets are counted only while the panel shows them: each costs a pass over the matching rows.
  const { countFacets } = rows;
  useEffect(() => countFacets(showFacets ? facetNames : []), [countFacets, showFacets, facetNames]);

  const scrollRef = useRef<HTMLDivElement>(null);
  // Rows drawn beyond the screen follow the scroll's direction (overscan.ts).
  const direction = useRef<{ scrollDirection: 'forward' | 'backward' | null } | null>(null);
  const rangeExtractor = useCallback((r: Range) => overscanIndexes(r, direction.current?.scrollDirection ?? null), []);
  const virtualizer = useVirtualizer({
    count: rows.count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    rangeExtractor,
    scrollMargin: HEADER_HEIGHT,
    // Each scroll event's rows drawn before the frame paints, however slow the frame (scroll-offset.ts).
    observeElementOffset: observeScrollOffset,
  });
  direction.current = virtualizer;
  const items = virtualizer.getVirtualItems();
  const pool = slotPool(items.length);
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  const { want } = rows;
  useEffect(() => want(first, last + 1), [want, first, last]);

  // A new request starts at the top.
  const requestKey = JSON.stringify(request);
  const lastRequest = useRef(requestKey);
  useEffect(() => {
    if (lastRequest.current === requestKey) return;
    lastRequest.current = requestKey;
    scrollRef.current?.scrollTo({ top: 0 });
    setActive((a) => ({ row: 0, col: a.col }));
    setAnchor(null);
  }, [requestKey]);

  // The table sees the rows on screen (manual mode: the engine did the rest).
  const data = useMemo(() => {
    const out: Row<N>[] = [];
    for (let i = first; i <= last; i++) {
      const r = rows.rowAt(i);
      if (r !== undefined) out.push(r);
    }
    return out;
    // rows.version says the window changed.
  }, [rows.version, rows.previous, first, last]);

  // The table's rows are plain objects to it; the grid reads them through the columns' own accessors.
  const columnDefs = useMemo<ColumnDef<typeof features, object>[]>(
    () =>
      columns.map((c) => ({
        id: c.id,
        header: c.header,
        accessorFn: (r: object) => c.value(r as Row<N>) as never,
        size: c.size ?? 140,
        minSize: 50,
        enableSorting: c.sortable !== false,
        meta: undefined,
      })),
    [columns],
  );

  const table = useTable<typeof features, object>({
    features,
    columns: columnDefs,
    data: data as object[],
    getRowId: (r: object) => rowId(r as Row<N>),
    manualSorting: true,
    enableMultiSort: true,
    maxMultiSortColCount: 3,
    enableColumnResizing: true,
    columnResizeMode: 'onChange',
    enableRowSelection: true,
    state: { sorting, columnVisibility, columnPinning, columnSizing, rowSelection },
    onSortingChange: setSorting,
    onColumnVisibilityChange: setColumnVisibility,
    onColumnPinningChange: setColumnPinning,
    onColumnSizingChange: setColumnSizing,
    onRowSelectionChange: setRowSelection,
  });

  const visibleColumns = [...table.getPinnedVisibleLeafColumns('start'), ...table.getPinnedVisibleLeafColumns('center'), ...table.getPinnedVisibleLeafColumns('end')];
  const specOf = useMemo(() => new Map(columns.map((c) => [c.id, c])), [columns]);
  const headers = new Map(table.getFlatHeaders().map((h) => [h.column.id, h]));
  const totalWidth = SELECT_WIDTH + visibleColumns.reduce((s, c) => s + c.getSize(), 0);
  const pinnedStart = new Set(columnPinning.start);
  const stickyLeft = (colId: string) => SELECT_WIDTH + (table.getColumn(colId)?.getStart('start') ?? 0);

  const colCount = visibleColumns.length;
  const activeRow = rows.rowAt(active.row);
  const { onActiveRow } = props;
  // A re-read row is a new object with the same id: the panel follows it too.
  useEffect(() => onActiveRow?.(activeRow), [activeRow]);

  const toggleRow = useCallback(
    (row: Row<N>) => {
      const id = rowId(row);
      setRowSelection((sel) => {
        const next = { ...sel };
        if (next[id]) {
          delete next[id];
          selectedRows.current.delete(id);
        } else {
          next[id] = true;
          selectedRows.current.set(id, row);
        }
        return next;
      });
    },
    [rowId],
  );

  // Refetched rows replace the kept copies of selected ones (same ids).
  useEffect(() => {
    for (let i = first; i <= last; i++) {
      const r = rows.rowAt(i);
      if (r !== undefined && selectedRows.current.has(rowId(r))) selectedRows.current.set(rowId(r), r);
    }
  }, [rows.version]);

  const api = useApi();
  const selectAll = useAction();
  const selectAllMatching = () =>
    selectAll.run(async () => {
      const next: RowSelectionState = {};
      let cursor: string | null = null;
      do {
        const page = (await api.call(procedure, { ...request, cursor, limit: 1000, facets: [], withTotals: false } as Input<N>)) as Page<Row<N>>;
        for (const r of page.rows) {
          next[rowId(r)] = true;
          selectedRows.current.set(rowId(r), r);
        }
        cursor = page.next;
      } while (cursor && Object.keys(next).length < SELECT_ALL_MAX);
      setRowSelection(next);
    }, { context: `Select all in ${label}` });

  // Read when a key asks for it, never while rendering: reading a layout size in render forces a
  // style and layout pass in every scroll frame.
  const pageRows = () => Math.max(1, Math.floor(((scrollRef.current?.clientHeight ?? 400) - HEADER_HEIGHT) / ROW_HEIGHT) - 1);

  const moveTo = (to: Pos) => {
    setActive(to);
    props.onActiveRow?.(rows.rowAt(to.row));
    virtualizer.scrollToIndex(to.row, { align: 'auto' });
  };

  const copyText = (): string => {
    const cols = visibleColumns.map((c) => specOf.get(c.id)!);
    const line = (r: Row<N>, from = 0, to = cols.length - 1) => cols.slice(from, to + 1).map((c) => cellText(c.kind, c.value(r)));
    if (anchor) {
      const g = rangeOf(anchor, active);
      const out: string[][] = [];
      for (let i = g.top; i <= g.bottom; i++) {
        const r = rows.rowAt(i);
        if (r !== undefined) out.push(line(r, g.left, g.right));
      }
      return toTsv(out);
    }
    if (selectedRows.current.size) return toTsv([cols.map((c) => c.header), ...[...selectedRows.current.values()].map((r) => line(r))]);
    return activeRow === undefined ? '' : toTsv([line(activeRow, active.col, active.col)]);
  };
  const pendingCopy = useRef<string | null>(null);

  const startEdit = (pos: Pos) => {
    const spec = specOf.get(visibleColumns[pos.col]?.id ?? '');
    const row = rows.rowAt(pos.row);
    if (!spec?.edit || row === undefined) return false;
    const v = spec.value(row);
    setEditing({ pos, value: v === null || v === undefined ? '' : String(v) });
    return true;
  };

  const commitEdit = async (value: string) => {
    if (!editing) return;
    const spec = specOf.get(visibleColumns[editing.pos.col]?.id ?? '');
    const row = rows.rowAt(editing.pos.row);
    setEditing(null);
    scrollRef.current?.focus();
    if (!spec?.edit || row === undefined) return;
    const decision = spec.edit.decision(row, value);
    if (decision) await props.onDecide?.([decision], `${spec.header} set to ${value || 'blank'}`);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (editing || e.target !== e.currentTarget) return;
    const result = gridKey({ key: e.key, ctrl: e.ctrlKey || e.metaKey, shift: e.shiftKey }, active, rows.count, colCount, pageRows());
    const row = activeRow;
    switch (result.type) {
      case 'none':
        return;
      case 'move':
        if (result.extend) setAnchor((a) => a ?? active);
        else setAnchor(null);
        moveTo(result.to);
        break;
      case 'select':
        if (row !== undefined) toggleRow(row);
        break;
      case 'open':
        if (row !== undefined) props.onOpen?.(row);
        break;
      case 'person': {
        const p = row === undefined ? null : (props.personOf?.(row) ?? null);
        if (p) props.onOpenPerson?.(p);
        break;
      }
      case 'edit':
        if (!startEdit(active)) return;
        break;
      case 'copy':
        pendingCopy.current = copyText();
        // The copy event that follows (not prevented) carries the text.
        return;
      case 'clear':
        setAnchor(null);
        break;
    }
    e.preventDefault();
  };

  // What each row draws per column, the same object while no column changes, so a row whose own
  // data and state are unchanged is not drawn again (a key typed in a filter, the counting arriving).
  const cellsKey = visibleColumns.map((c) => `${c.id}:${c.getSize()}:${pinnedStart.has(c.id) ? stickyLeft(c.id) : ''}`).join(',');
  const cells = useMemo<readonly CellSpec<Row<N>>[]>(
    () =>
      visibleColumns.map((c) => {
        const pinned = pinnedStart.has(c.id);
        return { spec: specOf.get(c.id)!, width: c.getSize(), left: pinned ? stickyLeft(c.id) : undefined };
      }),
    [cellsKey, specOf],
  );
  // The rows' event handlers, stable, calling this render's code.
  const live = useRef<RowEvents<Row<N>>>(null!);
  live.current = {
    toggle: toggleRow,
    mouseDown: (pos, row, shift) => {
      if (shift) setAnchor((a) => a ?? active);
      else setAnchor(null);
      setActive(pos);
      props.onActiveRow?.(row);
    },
    doubleClick: (pos, row) => {
      if (!startEdit(pos)) props.onOpen?.(row);
    },
    editDone: (v) => (v === null ? (setEditing(null), scrollRef.current?.focus()) : void commitEdit(v)),
  };
  const rowEvents = useMemo<RowEvents<Row<N>>>(
    () => ({
      toggle: (row) => live.current.toggle(row),
      mouseDown: (pos, row, shift) => live.current.mouseDown(pos, row, shift),
      doubleClick: (pos, row) => live.current.doubleClick(pos, row),
      editDone: (v) => live.current.editDone(v),
    }),
    [],
  );

  const selection = Object.keys(rowSelection).length;
  const summary = rows.summary;
  const range = anchor ? rangeOf(anchor, active) : null;
  const activeCellId = activeRow !== undefined && active.row >= first && active.row <= last ? `${gridId}-r${active.row}-c${active.col}` : undefined;

  return (
    <div className="grid-wrap" data-testid={props.testId}>
      <div className="grid-toolbar" role="toolbar" aria-label={`${label} tools`}>
        <label className="grid-search">
          <span className="sr-only">Search {label}</span>
          <input type="search" placeholder="Search…" value={search} onChange={(e) => typeText({ ...typed, search: e.target.value })} data-testid="grid-search" />
        </label>
        {facetNames.length > 0 && (
          <button type="button" className="secondary small" aria-expanded={showFacets} onClick={() => setShowFacets((s) => !s)} data-testid="grid-facets-toggle">
            Facets{facetFilters.length ? ` (${facetFilters.length})` : ''}
          </button>
        )}
        <button type="button" className="secondary small" aria-expanded={showColumns} onClick={() => setShowColumns((s) => !s)} data-testid="grid-columns-toggle">
          Columns
        </button>
        {props.bulkActions && summary && summary.total > 0 && summary.total <= SELECT_ALL_MAX && (
          <button type="button" className="secondary small" disabled={selectAll.busy} onClick={() => void selectAllMatching()} data-testid="grid-select-all">
            Select all {formatNumber(summary.total)}
          </button>
        )}
        <ExportButton procedure={procedure} request={request} columns={visibleColumns.map((c) => ({ id: c.id, header: specOf.get(c.id)!.header }))} label={label} />
        <span className="grid-count" aria-live="polite" data-testid="grid-count">
          {summary ? `${formatNumber(summary.total)} rows` : rows.ready ? `${formatNumber(rows.count)}+ rows` : 'Counting…'}
          {summary &&
            Object.entries(props.sums ?? {}).map(([col, what]) => (
              <span key={col} className="grid-sum">
                {' '}
                · {what} {formatMoney(summary.sums[col] ?? 0)}
              </span>
            ))}
          {rows.loading && <span className="grid-loading"> · loading…</span>}
        </span>
      </div>
      {showColumns && (
        <fieldset className="grid-columns" data-testid="grid-columns">
          <legend>Columns: show, hide and pin</legend>
          {table.getAllLeafColumns().map((c) => (
            <span key={c.id} className="grid-column-choice">
              <label>
                <input type="checkbox" checked={c.getIsVisible()} onChange={() => c.toggleVisibility()} data-testid={`show-${c.id}`} /> {specOf.get(c.id)?.header}
              </label>
              <button type="button" className="link small" aria-pressed={c.getIsPinned() === 'start'} onClick={() => c.pin(c.getIsPinned() === 'start' ? false : 'start')} data-testid={`pin-${c.id}`}>
                {c.getIsPinned() === 'start' ? 'Unpin' : 'Pin'}
              </button>
            </span>
          ))}
        </fieldset>
      )}
      {selection > 0 && props.bulkActions && (
        <BulkBar
          count={selection}
          actions={props.bulkActions}
          rows={() => [...selectedRows.current.values()]}
          onDecide={props.onDecide}
          onClear={() => {
            selectedRows.current.clear();
            setRowSelection({});
          }}
        />
      )}
      <div className="grid-main">
        {showFacets && (
          <FacetPanel
            columns={columns}
            facets={summary?.facets ?? {}}
            filters={facetFilters}
            onChange={setFacetFilters}
          />
        )}
        <div
          ref={scrollRef}
          className="grid"
          role="grid"
          aria-label={label}
          aria-rowcount={rows.count + 1}
          aria-colcount={colCount + 1}
          aria-multiselectable="true"
          aria-busy={rows.loading || undefined}
          aria-activedescendant={activeCellId}
          tabIndex={0}
          onKeyDown={onKeyDown}
          onCopy={(e) => {
            const text = pendingCopy.current ?? copyText();
            pendingCopy.current = null;
            if (!text) return;
            e.clipboardData.setData('text/plain', text);
            e.preventDefault();
          }}
          data-testid="grid"
          data-rows={rows.count}
          data-ready={rows.ready && !rows.previous ? 'true' : 'false'}
          data-view={rows.previous ? undefined : requestKey}
        >
          <div className="grid-head" role="rowgroup" style={{ width: totalWidth }}>
            <div className="grid-row grid-head-row" role="row" aria-rowindex={1}>
              <div className="grid-cell grid-select sticky" role="columnheader" style={{ width: SELECT_WIDTH, left: 0 }}>
                <span className="sr-only">Selected</span>
              </div>
              {visibleColumns.map((c) => {
                const spec = specOf.get(c.id)!;
                const sorted = c.getIsSorted();
                const header = headers.get(c.id);
                const pinned = pinnedStart.has(c.id);
                return (
                  <div
                    key={c.id}
                    className={`grid-cell grid-header${pinned ? ' sticky' : ''}`}
                    role="columnheader"
                    aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                    style={{ width: c.getSize(), left: pinned ? stickyLeft(c.id) : undefined }}
                    data-col={c.id}
                  >
                    {c.getCanSort() ? (
                      <button type="button" className="grid-sort" onClick={(e) => c.toggleSorting(undefined, e.shiftKey)} data-testid={`sort-${c.id}`}>
                        {spec.header}
                        <span aria-hidden="true">{sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}</span>
                      </button>
                    ) : (
                      <span className="grid-sort">{spec.header}</span>
                    )}
                    {spec.filter && (
                      <input
                        className="grid-filter"
                        aria-label={`Filter ${spec.header}`}
                        placeholder="filter"
                        value={textFilters[c.id] ?? ''}
                        onChange={(e) => typeText({ ...typed, textFilters: { ...textFilters, [c.id]: e.target.value } })}
                        data-testid={`filter-${c.id}`}
                      />
                    )}
                    {header && c.getCanResize() && (
                      <div
                        className="grid-resize"
                        role="separator"
                        aria-orientation="vertical"
                        aria-label={`Resize ${spec.header}`}
                        aria-valuenow={c.getSize()}
                        tabIndex={0}
                        onPointerDown={header.getResizeHandler()}
                        onMouseDown={header.getResizeHandler()}
                        onKeyDown={(e) => {
                          const delta = e.key === 'ArrowRight' ? 16 : e.key === 'ArrowLeft' ? -16 : 0;
                          if (!delta) return;
                          e.preventDefault();
                          setColumnSizing((s) => ({ ...s, [c.id]: Math.max(50, c.getSize() + delta) }));
                        }}
                      />
                    )}
                  </div>
                );
              })}
            </div>
          </div>
          <div className="grid-body" role="rowgroup" style={{ height: virtualizer.getTotalSize(), width: totalWidth }}>
            {items.map((item) => {
              const row = rows.rowAt(item.index);
              const top = item.start - HEADER_HEIGHT;
              // Keyed by slot (the index modulo a pool larger than the rows drawn): a row scrolled
              // onto the screen takes the elements of one scrolled off, changing their text,
              // instead of new elements being made and styled (at speed, every row each frame).
              const slot = `s${item.index % pool}`;
              if (row === undefined) return <BlankRow key={slot} index={item.index} top={top} width={totalWidth} />;
              const id = rowId(row);
              const i = item.index;
              return (
                <GridRow
                  key={slot}
                  row={row}
                  id={id}
                  index={i}
                  top={top}
                  cells={cells}
                  gridId={gridId}
                  selected={rowSelection[id] === true}
                  activeCol={i === active.row ? active.col : -1}
                  rangeCols={range !== null && i >= range.top && i <= range.bottom ? `${range.left}:${range.right}` : null}
                  editing={editing !== null && editing.pos.row === i ? editing : null}
                  on={rowEvents}
                />
              );
            })}
          </div>
          {rows.ready && rows.count === 0 && !rows.loading && (
            <div className="grid-empty" data-testid="grid-empty">
              {props.empty ?? 'No rows match.'}
            </div>
          )}
          {!rows.ready && rows.error !== undefined && (
            <div className="grid-empty bad" role="alert">
              The rows could not be read. <button type="button" className="link" onClick={() => void rows.reload()}>Try again</button>
            </div>
          )}
        </div>
      </div>
      <p className="grid-help muted small">
        Arrows move · Space selects · Enter opens · Shift+Enter opens the person · F2 edits · Shift+arrows pick cells · Ctrl+C copies
      </p>
    </div>
  );
}

interface CellSpec<R> {
  spec: GridColumn<R>;
  width: number;
  /** Its offset when pinned (sticky), else undefined. */
  left: number | undefined;
}

interface RowEvents<R> {
  toggle(row: R): void;
  mouseDown(pos: Pos, row: R, shift: boolean): void;
  doubleClick(pos: Pos, row: R): void;
  editDone(value: string | null): void;
}

interface GridRowProps<R> {
  row: R;
  id: string;
  index: number;
  top: number;
  cells: readonly CellSpec<R>[];
  gridId: string;
  selected: boolean;
  /** The active cell's column when this is the active row, else -1. */
  activeCol: number;
  /** "left:right", the columns picked in this row (Shift+arrows), or null. */
  rangeCols: string | null;
  editing: { pos: Pos; value: string } | null;
  on: RowEvents<R>;
}

/** One row; drawn again only when its props change (memo): its data, its state, the columns. */
const GridRow = memo(function GridRow<R>({ row, id, index, top, cells, gridId, selected, activeCol, rangeCols, editing, on }: GridRowProps<R>) {
  const [left, right] = rangeCols === null ? [-1, -2] : rangeCols.split(':').map(Number);
  return (
    <div
      className={`grid-row${selected ? ' selected' : ''}${activeCol >= 0 ? ' active-row' : ''}`}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      style={{ top }}
      data-row-id={id}
      data-index={index}
    >
      <div className="grid-cell grid-select sticky" role="gridcell" style={{ width: SELECT_WIDTH, left: 0 }}>
        <input type="checkbox" tabIndex={-1} checked={selected} onChange={() => on.toggle(row)} aria-label={`Select row ${index + 1}`} />
      </div>
      {cells.map(({ spec, width, left: stickyAt }, ci) => {
        const inRange = ci >= left! && ci <= right!;
        const isEditing = editing !== null && editing.pos.col === ci;
        return (
          <div
            key={spec.id}
            id={`${gridId}-r${index}-c${ci}`}
            className={`grid-cell ${spec.kind ?? 'text'}${ci === activeCol ? ' active' : ''}${inRange ? ' in-range' : ''}${stickyAt !== undefined ? ' sticky' : ''}${spec.edit ? ' editable' : ''}`}
            role="gridcell"
            aria-selected={inRange || undefined}
            style={{ width, left: stickyAt }}
            data-col={spec.id}
            onMouseDown={(e) => on.mouseDown({ row: index, col: ci }, row, e.shiftKey)}
            onDoubleClick={() => on.doubleClick({ row: index, col: ci }, row)}
          >
            {isEditing ? <CellEditor spec={spec} initial={editing.value} onDone={on.editDone} /> : cellText(spec.kind, spec.value(row))}
          </div>
        );
      })}
    </div>
  );
}) as <R>(props: GridRowProps<R>) => ReactNode;

/** A row whose data has not arrived: drawn as a placeholder (the bench counts these). */
const BlankRow = memo(function BlankRow({ index, top, width }: { index: number; top: number; width: number }) {
  return (
    <div className="grid-row grid-row-loading" role="row" aria-rowindex={index + 2} style={{ top }} data-blank="true">
      <div className="grid-cell" role="gridcell" style={{ width }}>
        <span className="grid-skeleton" aria-hidden="true" />
        <span className="sr-only">Loading row {index + 1}</span>
      </div>
    </div>
  );
});

function CellEditor<R>({ spec, initial, onDone }: { spec: GridColumn<R>; initial: string; onDone(value: string | null): void }) {
  const [value, setValue] = useState(initial);
  const keys = (e: KeyboardEvent) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      onDone(value);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      onDone(null);
    }
    e.stopPropagation();
  };
  if (spec.edit?.type === 'choice') {
    return (
      <select autoFocus aria-label={`New ${spec.header}`} value={value} onChange={(e) => setValue(e.target.value)} onKeyDown={keys} onBlur={() => onDone(null)} data-testid="cell-editor">
        {(spec.edit.choices ?? []).map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    );
  }
  return <input autoFocus aria-label={`New ${spec.header}`} value={value} onChange={(e) => setValue(e.target.value)} onKeyDown={keys} onBlur={() => onDone(null)} data-testid="cell-editor" />;
}
