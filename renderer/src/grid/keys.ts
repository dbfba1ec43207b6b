// The WAI-ARIA grid pattern's keys as pure moves over (row, column) positions, so the rules are
// tested without a browser: arrows, Home/End (Ctrl: first/last row), PageUp/PageDown, and the
// actions Space (select), Enter (open), F2 (edit), Ctrl+C (copy), Escape.
export interface Pos {
  row: number;
  col: number;
}

export type GridKeyResult =
  | { type: 'move'; to: Pos; extend: boolean }
  | { type: 'select' }
  | { type: 'open' }
  | { type: 'person' }
  | { type: 'edit' }
  | { type: 'copy' }
  | { type: 'clear' }
  | { type: 'none' };

export interface KeyInput {
  key: string;
  ctrl: boolean;
  shift: boolean;
}

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

/** What a key press does at `at` in a grid of `rows` × `cols`, with `page` rows on screen. */
export function gridKey(k: KeyInput, at: Pos, rows: number, cols: number, page: number): GridKeyResult {
  if (rows === 0 || cols === 0) return { type: 'none' };
  const lastRow = rows - 1;
  const lastCol = cols - 1;
  const move = (row: number, col: number): GridKeyResult => ({ type: 'move', to: { row: clamp(row, 0, lastRow), col: clamp(col, 0, lastCol) }, extend: k.shift });
  switch (k.key) {
    case 'ArrowDown':
      return move(at.row + 1, at.col);
    case 'ArrowUp':
      return move(at.row - 1, at.col);
    case 'ArrowRight':
      return move(at.row, at.col + 1);
    case 'ArrowLeft':
      return move(at.row, at.col - 1);
    case 'Home':
      return k.ctrl ? move(0, 0) : move(at.row, 0);
    case 'End':
      return k.ctrl ? move(lastRow, lastCol) : move(at.row, lastCol);
    case 'PageDown':
      return move(at.row + Math.max(1, page), at.col);
    case 'PageUp':
      return move(at.row - Math.max(1, page), at.col);
    case ' ':
      return { type: 'select' };
    case 'Enter':
      return k.shift ? { type: 'person' } : { type: 'open' };
    case 'F2':
      return { type: 'edit' };
    case 'Escape':
      return { type: 'clear' };
    case 'c':
    case 'C':
      return k.ctrl ? { type: 'copy' } : { type: 'none' };
    default:
      return { type: 'none' };
  }
}

/** The rectangle between two positions, inclusive. */
export function rangeOf(a: Pos, b: Pos): { top: number; bottom: number; left: number; right: number } {
  return { top: Math.min(a.row, b.row), bottom: Math.max(a.row, b.row), left: Math.min(a.col, b.col), right: Math.max(a.col, b.col) };
}
