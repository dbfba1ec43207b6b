// The decision log as the pipeline reads it: which actions are undone (undo and redo are entries
// of their own, replayed as two stacks), which decision is in force on each target (the latest
// active one), and the effects in force as rows for the pipeline's tables. Pure: log in, state out.
import type Database from 'better-sqlite3';
import type { Catalog, DecisionInput, DecisionKind, DecisionState } from '../../../../shared/api/reconcile.ts';
import { applyCatalogChange, catalogProblem, DEFAULT_CATALOG, type CatalogChange } from '../catalog.ts';

export interface ActionEntry {
  seq: number;
  id: string;
  kind: 'decide' | 'import' | 'undo' | 'redo';
  refAction: string | null;
}

export interface LoggedDecision {
  seq: number;
  id: string;
  actionId: string;
  kind: DecisionKind;
  targetKey: string;
  target: Record<string, unknown>;
  before: unknown;
  after: unknown;
  reason: string;
  reviewer: string;
  decidedAt: string;
  origin: string;
}

export interface LogState {
  undone: Set<string>;
  /** The action undo would undo next, and the one redo would redo. */
  undoTarget: string | null;
  redoTarget: string | null;
  /** The decision in force per target key (active, latest). */
  effective: Map<string, LoggedDecision>;
  /** Every decision's state apart from staleness (which needs the data). */
  states: Map<string, Exclude<DecisionState, 'stale'>>;
}

/** Replays undo/redo entries: each undo pops the undo stack onto the redo stack, and back. */
export function replayActions(actions: readonly ActionEntry[]): Pick<LogState, 'undone' | 'undoTarget' | 'redoTarget'> {
  const undo: string[] = [];
  let redo: string[] = [];
  const undone = new Set<string>();
  for (const a of actions) {
    if (a.kind === 'decide' || a.kind === 'import') {
      undo.push(a.id);
      redo = [];
    } else if (a.kind === 'undo' && a.refAction) {
      const at = undo.lastIndexOf(a.refAction);
      if (at >= 0) undo.splice(at, 1);
      redo.push(a.refAction);
      undone.add(a.refAction);
    } else if (a.kind === 'redo' && a.refAction) {
      const at = redo.lastIndexOf(a.refAction);
      if (at >= 0) redo.splice(at, 1);
      undo.push(a.refAction);
      undone.delete(a.refAction);
    }
  }
  return { undone, undoTarget: undo.at(-1) ?? null, redoTarget: redo.at(-1) ?? null };
}

export function logState(actions: readonly ActionEntry[], decisions: readonly LoggedDecision[]): LogState {
  const replayed = replayActions(actions);
  const effective = new Map<string, LoggedDecision>();
  const states = new Map<string, Exclude<DecisionState, 'stale'>>();
  for (const d of decisions) {
    if (replayed.undone.has(d.actionId)) {
      states.set(d.id, 'undone');
      continue;
    }
    const previous = effective.get(d.targetKey);
    if (previous) states.set(previous.id, 'superseded');
    effective.set(d.targetKey, d);
    states.set(d.id, 'active');
  }
  return { ...replayed, effective, states };
}

interface ActionRow {
  seq: number;
  id: string;
  kind: ActionEntry['kind'];
  ref_action: string | null;
}
interface DecisionDbRow {
  seq: number;
  id: string;
  action_id: string;
  kind: DecisionKind;
  target_key: string;
  target: string;
  before: string;
  after: string;
  reason: string;
  reviewer: string;
  decided_at: string;
  origin: string;
}

export function toLogged(r: DecisionDbRow): LoggedDecision {
  return {
    seq: r.seq,
    id: r.id,
    actionId: r.action_id,
    kind: r.kind,
    targetKey: r.target_key,
    target: JSON.parse(r.target) as Record<string, unknown>,
    before: JSON.parse(r.before) as unknown,
    after: JSON.parse(r.after) as unknown,
    reason: r.reason,
    reviewer: r.reviewer,
    decidedAt: r.decided_at,
    origin: r.origin,
  };
}

export function readLog(db: Database.Database): { actions: ActionEntry[]; decisions: LoggedDecision[] } {
  const actions = (db.prepare('SELECT seq, id, kind, ref_action FROM recon_actions ORDER BY seq').all() as ActionRow[]).map((a) => ({
    seq: a.seq,
    id: a.id,
    kind: a.kind,
    refAction: a.ref_action,
  }));
  const decisions = (db.prepare('SELECT * FROM recon_decisions ORDER BY seq').all() as DecisionDbRow[]).map(toLogged);
  return { actions, decisions };
}

/** The key two competing decisions share: the later one on the same key is in force. */
export function targetKeyOf(d: DecisionInput): string {
  switch (d.kind) {
    case 'merge':
    case 'decline': {
      const [a, b] = [d.a, d.b].sort();
      return `pair:${a}|${b}`;
    }
    case 'split':
      return `split:${d.record}`;
    case 'edit-field':
      return `field:${d.record}:${d.field}`;
    case 'mark-test':
      return `test:${d.record}`;
    case 'exclude':
      return `exclude:${d.record}`;
    case 'set-product':
      return `product:${d.record}`;
    case 'resolve':
      return `finding:${d.finding}`;
    case 'catalog-product':
      return `catalog:product:${d.product}`;
    case 'catalog-status':
      return `catalog:status:${d.status}`;
    case 'catalog-test-rules':
      return 'catalog:test-rules';
  }
}

/** The stored parts of a decision: what it is about, and what it sets. */
export function splitInput(d: DecisionInput): { target: Record<string, unknown>; after: unknown } {
  const { kind: _kind, reason: _reason, expect: _expect, ...rest } = d;
  if ('value' in rest) {
    const { value, ...target } = rest as typeof rest & { value: unknown };
    return { target, after: value };
  }
  return { target: rest, after: d.kind === 'merge' ? 'merged' : d.kind === 'decline' ? 'kept apart' : 'split off' };
}

export const isCatalogKind = (kind: DecisionKind): boolean => kind.startsWith('catalog-');

/**
 * The catalog in force: the defaults with the catalog decisions in force applied in log order. One
 * that would leave a catalog that cannot be used (only an imported one can: a local one is refused
 * when made) is left out and returned as rejected, to be flagged stale.
 */
export function catalogOf(effective: Iterable<LoggedDecision>): { catalog: Catalog; rejected: { decisionId: string; reason: string }[] } {
  let catalog = DEFAULT_CATALOG;
  const rejected: { decisionId: string; reason: string }[] = [];
  const catalogDecisions = [...effective].filter((d) => isCatalogKind(d.kind)).sort((a, b) => a.seq - b.seq);
  for (const d of catalogDecisions) {
    const next = applyCatalogChange(catalog, { kind: d.kind, ...d.target, value: d.after } as CatalogChange);
    const problem = catalogProblem(next);
    if (problem) rejected.push({ decisionId: d.id, reason: `It would leave a catalog that cannot be used: ${problem}.` });
    else catalog = next;
  }
  return { catalog, rejected };
}

/** Rows for the pipeline's decision tables, from the decisions in force. */
export interface EffectRows {
  overrides: { rid: string; field: string; value: string | null; basis: string | null; decisionId: string }[];
  links: { kind: 'merge' | 'decline'; a: string; b: string; decisionId: string }[];
  resolutions: { findingId: string; value: string; basis: string; decisionId: string; reviewer: string; decidedAt: string }[];
}

export function effectRows(decisions: Iterable<LoggedDecision>): EffectRows {
  const out: EffectRows = { overrides: [], links: [], resolutions: [] };
  for (const d of decisions) {
    const t = d.target;
    const rid = typeof t.record === 'string' ? t.record : '';
    switch (d.kind) {
      case 'edit-field':
        out.overrides.push({ rid, field: String(t.field), value: (d.after as string | null) ?? null, basis: JSON.stringify(d.before ?? null), decisionId: d.id });
        break;
      case 'split':
        out.overrides.push({ rid, field: 'split', value: '1', basis: null, decisionId: d.id });
        break;
      case 'mark-test':
        out.overrides.push({ rid, field: 'test', value: d.after ? '1' : '0', basis: null, decisionId: d.id });
        break;
      case 'exclude':
        out.overrides.push({ rid, field: 'exclude', value: d.after ? '1' : '0', basis: null, decisionId: d.id });
        break;
      case 'set-product':
        out.overrides.push({ rid, field: 'product', value: String(d.after), basis: null, decisionId: d.id });
        break;
      case 'merge':
      case 'decline': {
        const [a, b] = [String(t.a), String(t.b)].sort() as [string, string];
        out.links.push({ kind: d.kind, a, b, decisionId: d.id });
        break;
      }
      case 'resolve': {
        const before = (d.before ?? {}) as { fingerprint?: string };
        out.resolutions.push({ findingId: String(t.finding), value: String(d.after), basis: before.fingerprint ?? '', decisionId: d.id, reviewer: d.reviewer, decidedAt: d.decidedAt });
        break;
      }
      default:
        break;
    }
  }
  return out;
}
