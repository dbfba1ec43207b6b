// The Approve step's sign-off (shared/api/approval.ts). A sign-off records the plan as the
// reviewer saw it (its sha256, rows and amount) and the decision log's last action; it holds
// while no later action is logged and no pull or CSV import started after it.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ApprovalStatus } from '../../../shared/api/approval.ts';
import { errors } from '../../../shared/api/errors.ts';
import type { EngineContext } from '../context.ts';
import { handlers } from '../registry.ts';
import { meta } from '../reconcile/derived-store.ts';
import { planDigest, type PlanExportOptions } from '../reconcile/plan-export.ts';
import { fresh } from '../reconcile/service.ts';

interface ApprovalRow {
  id: string;
  kind: 'sign' | 'revoke';
  reviewer: string;
  at: string;
  note: string;
  plan_sha256: string;
  plan_rows: number;
  amount_minor: number;
  action_seq: number;
}

const lastActionSeq = (db: Database.Database) => db.prepare('SELECT coalesce(max(seq), 0) FROM recon_actions').pluck().get() as number;

/** The sign-off as it stands now (no recompute is started for it). */
export function approvalStatus(ctx: EngineContext): ApprovalStatus {
  const db = ctx.workspace.db;
  const rows = db.prepare('SELECT * FROM approvals ORDER BY seq DESC LIMIT 2').all() as ApprovalRow[];
  const latest = rows[0];
  const lastSign = latest?.kind === 'sign' ? latest : latest?.kind === 'revoke' && rows[1]?.kind === 'sign' ? rows[1] : undefined;
  const approval = lastSign
    ? { id: lastSign.id, reviewer: lastSign.reviewer, at: lastSign.at, note: lastSign.note, planSha256: lastSign.plan_sha256, planRows: lastSign.plan_rows, amountMinor: lastSign.amount_minor }
    : null;
  let invalidatedBy: ApprovalStatus['invalidatedBy'] = null;
  if (lastSign && latest?.kind === 'revoke') {
    invalidatedBy = { kind: 'revoked', at: latest.at, detail: `Withdrawn by ${latest.reviewer}${latest.note ? `: ${latest.note}` : ''}.` };
  } else if (lastSign) {
    const action = db
      .prepare('SELECT kind, reviewer, at FROM recon_actions WHERE seq > ? ORDER BY seq LIMIT 1')
      .get(lastSign.action_seq) as { kind: string; reviewer: string; at: string } | undefined;
    const pull = db
      .prepare("SELECT kind, coalesce(started_at, queued_at) AS at FROM jobs WHERE kind IN ('pull', 'csv-import') AND coalesce(started_at, queued_at) >= ? ORDER BY 2 LIMIT 1")
      .get(lastSign.at) as { kind: string; at: string } | undefined;
    if (action && (!pull || action.at <= pull.at)) {
      const what = action.kind === 'decide' ? 'a decision' : action.kind === 'import' ? 'an imported decision set' : `an ${action.kind}`;
      invalidatedBy = { kind: 'decision', at: action.at, detail: `${what[0]!.toUpperCase()}${what.slice(1)} by ${action.reviewer} came after the sign-off.` };
    } else if (pull) {
      invalidatedBy = { kind: 'repull', at: pull.at, detail: pull.kind === 'pull' ? 'The sources were pulled again after the sign-off.' : 'A CSV import came after the sign-off.' };
    }
  }
  // Before the first recompute the derived tables do not exist yet.
  const computed = meta(db, 'computed_at') !== null;
  const blocking = computed ? (db.prepare("SELECT count(*) FROM recon_findings WHERE status = 'open' AND severity = 'error'").pluck().get() as number) : 0;
  const cannotSign = !computed
    ? 'The reconciliation has not run yet: pull the sources first.'
    : blocking > 0
        ? `${blocking.toLocaleString('en-US')} open finding${blocking === 1 ? '' : 's'} still block${blocking === 1 ? 's' : ''} the approval.`
        : null;
  return { approval, valid: approval !== null && invalidatedBy === null, invalidatedBy, cannotSign };
}

function planFacts(ctx: EngineContext, catalog: PlanExportOptions['catalog']): { sha: string; rows: number; amount: number } {
  const db = ctx.workspace.db;
  const settings = ctx.workspace.settings;
  const { sha256: sha } = planDigest(db, { catalog, timeZone: settings.get('timeZone'), fiscalYearStartMonth: settings.get('fiscalYearStartMonth') });
  const rows = db.prepare('SELECT (SELECT count(*) FROM plan_auth_users) + (SELECT count(*) FROM plan_profiles) + (SELECT count(*) FROM plan_transactions) + (SELECT count(*) FROM plan_enrollments) + (SELECT count(*) FROM plan_affiliates)').pluck().get() as number;
  const amount = db.prepare('SELECT coalesce(sum(amount_minor), 0) FROM plan_transactions').pluck().get() as number;
  return { sha, rows, amount };
}

export const approvalHandlers = handlers({
  // A plain read: it starts no recompute (an empty workspace has nothing to approve).
  'approval-status': (_input, ctx) => approvalStatus(ctx),
  'approval-sign': async ({ note, planSha256 }, ctx) => {
    const rec = await fresh(ctx);
    const now = approvalStatus(ctx);
    if (now.cannotSign) throw errors.conflict(now.cannotSign);
    if (rec.staleReason() !== null) throw errors.conflict(`The reconciliation is out of date (${rec.staleReason()}); wait for the recompute, then review the totals again.`);
    const plan = planFacts(ctx, rec.catalog);
    if (plan.sha !== planSha256) throw errors.conflict('The plan changed since it was shown; review the totals again before signing off.');
    const db = ctx.workspace.db;
    db.prepare('INSERT INTO approvals (id, kind, reviewer, at, note, plan_sha256, plan_rows, amount_minor, action_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
      randomUUID(),
      'sign',
      ctx.workspace.settings.get('reviewerName') || 'unnamed reviewer',
      new Date().toISOString(),
      note,
      plan.sha,
      plan.rows,
      plan.amount,
      lastActionSeq(db),
    );
    return approvalStatus(ctx);
  },
  'approval-revoke': ({ reason }, ctx) => {
    const db = ctx.workspace.db;
    const now = approvalStatus(ctx);
    if (!now.approval || now.invalidatedBy?.kind === 'revoked') throw errors.conflict('There is no sign-off to withdraw.');
    db.prepare('INSERT INTO approvals (id, kind, reviewer, at, note, plan_sha256, plan_rows, amount_minor, action_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
      randomUUID(),
      'revoke',
      ctx.workspace.settings.get('reviewerName') || 'unnamed reviewer',
      new Date().toISOString(),
      reason,
      now.approval.planSha256,
      now.approval.planRows,
      now.approval.amountMinor,
      lastActionSeq(db),
    );
    return approvalStatus(ctx);
  },
});
