// Decision sets between workspaces: the decisions in force exported as versioned JSON, and an
// import that keeps what is already here, reports every item the two sides decided differently
// (applying theirs only when asked to), and appends the rest as one undoable action.
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { CutoverError, errors } from '../../../../shared/api/errors.ts';
import { DECISION_SET_FORMAT, DECISION_SET_VERSION, DecisionInput, DecisionSet, type ImportInput, type ImportReport } from '../../../../shared/api/reconcile.ts';
import type { Reconciler } from '../reconciler.ts';
import { targetKeyOf, type LoggedDecision } from './log.ts';

export function exportDecisions(rec: Reconciler, reviewer: string): DecisionSet {
  const undone = rec.log.undone;
  return {
    format: DECISION_SET_FORMAT,
    version: DECISION_SET_VERSION,
    exportedAt: new Date().toISOString(),
    reviewer,
    decisions: rec.allDecisions
      .filter((d) => !undone.has(d.actionId))
      .map((d) => ({ id: d.id, kind: d.kind, target: d.target, before: d.before ?? null, after: d.after ?? null, reason: d.reason, reviewer: d.reviewer, decidedAt: d.decidedAt })),
  };
}

/** Where the file's text comes from: the call's content, or a file the host granted. */
export type DecisionFile = { content: string; name?: string } | { path: string; name: string };

async function readSet(file: DecisionFile): Promise<{ set: DecisionSet; name: string }> {
  let text: string;
  const name = file.name ?? 'the decision file';
  if ('content' in file) text = file.content;
  else {
    try {
      text = await readFile(file.path, 'utf8');
    } catch (err) {
      throw errors.badInput(`Cannot read ${name}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'it could not be opened'}.`);
    }
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw errors.badInput(`${name} is not a decision file: it is not JSON.`);
  }
  const head = raw as { format?: unknown; version?: unknown };
  if (head?.format !== DECISION_SET_FORMAT) throw errors.badInput(`${name} is not a decision file (format ${JSON.stringify(head?.format ?? null)}, expected "${DECISION_SET_FORMAT}").`);
  if (typeof head.version === 'number' && head.version > DECISION_SET_VERSION) {
    throw errors.badInput(`${name} is a version ${head.version} decision file; this version of Cutover reads version ${DECISION_SET_VERSION}. Update the app.`);
  }
  const parsed = DecisionSet.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new CutoverError('BAD_INPUT', `${name} is not a valid decision file: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}.`, issues);
  }
  // Each decision must be one this app could have made.
  const bad: { path: string; message: string }[] = [];
  parsed.data.decisions.forEach((d, i) => {
    const check = DecisionInput.safeParse(asInput(d));
    if (!check.success) bad.push({ path: `decisions.${i}`, message: check.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ') });
  });
  if (bad.length) throw new CutoverError('BAD_INPUT', `${name} holds ${bad.length} decision(s) this app cannot read (first: ${bad[0]!.path}: ${bad[0]!.message}).`, bad.slice(0, 20));
  return { set: parsed.data, name };
}

/** A stored decision as the input that would make it (for its target key and validation). */
function asInput(d: { kind: string; target: Record<string, unknown>; after: unknown }): unknown {
  if (d.kind === 'merge' || d.kind === 'decline' || d.kind === 'split') return { kind: d.kind, ...d.target };
  return { kind: d.kind, ...d.target, value: d.after };
}

export async function importDecisions(rec: Reconciler, file: DecisionFile, prefer: z.output<typeof ImportInput>['prefer']): Promise<Omit<ImportReport, 'recomputeJobId'> & { needsFull: boolean }> {
  const { set, name } = await readSet(file);
  const known = new Set(rec.allDecisions.map((d) => d.id));
  const effective = rec.log.effective;
  const report: Omit<ImportReport, 'recomputeJobId'> & { needsFull: boolean } = { actionId: null, imported: 0, alreadyPresent: 0, conflicts: [], stale: [], needsFull: false };
  const take: Omit<LoggedDecision, 'seq' | 'actionId'>[] = [];
  for (const d of set.decisions) {
    if (known.has(d.id)) {
      report.alreadyPresent++;
      continue;
    }
    const targetKey = targetKeyOf(DecisionInput.parse(asInput(d)));
    const ours = effective.get(targetKey);
    if (ours && JSON.stringify(ours.after ?? null) === JSON.stringify(d.after ?? null)) {
      report.alreadyPresent++;
      continue;
    }
    if (ours) {
      report.conflicts.push({
        targetKey,
        ours: { id: ours.id, after: ours.after, reviewer: ours.reviewer, decidedAt: ours.decidedAt },
        theirs: { id: d.id, after: d.after, reviewer: d.reviewer, decidedAt: d.decidedAt },
        kept: prefer,
      });
      if (prefer === 'ours') continue;
    }
    take.push({ id: d.id, kind: d.kind, targetKey, target: d.target, before: d.before, after: d.after, reason: d.reason, reviewer: d.reviewer, decidedAt: d.decidedAt, origin: `import:${name}` });
    known.add(d.id);
  }
  if (!take.length) return report;
  const { actionId, touched } = rec.importDecisions(take, `import:${name}`);
  report.actionId = actionId;
  report.imported = take.length;
  report.needsFull = touched.needsFull;
  const states = rec.db.prepare("SELECT decision_id, stale_reason FROM recon_decision_state WHERE state = 'stale' AND decision_id IN (SELECT value FROM json_each(?))").all(JSON.stringify(take.map((d) => d.id))) as {
    decision_id: string;
    stale_reason: string;
  }[];
  const byId = new Map(take.map((d) => [d.id, d]));
  report.stale = states.map((s) => ({ id: s.decision_id, targetKey: byId.get(s.decision_id)!.targetKey, reason: s.stale_reason }));
  return report;
}
