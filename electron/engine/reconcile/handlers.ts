// The reconciliation procedures of the contract.
import { errors } from '../../../shared/api/errors.ts';
import type { DecisionRow, PersonDetail, PlanTable, QueueSummary } from '../../../shared/api/reconcile.ts';
import type { EngineContext } from '../context.ts';
import { runPage } from '../query/paged.ts';
import { handlers } from '../registry.ts';
import { removeTemporary } from '../files/grants.ts';
import { meta, withLiveIndexes } from './derived-store.ts';
import { exportDecisions, importDecisions } from './decisions/exchange.ts';
import { type LoggedDecision } from './decisions/log.ts';
import { exportPlan, PLAN_FORMAT, planDigest, sha256 } from './plan-export.ts';
import { planRow, planTableDefs } from './plan-tables.ts';
import { queueDefs } from './queues.ts';
import { decisionRow, decisionsSource, findingRow, findingsSource, paymentRow, paymentsSource, peopleSource, personRow, suggestionRow, suggestionsSource } from './queries.ts';
import { controlTotals, funnel, revenue } from './reports.ts';
import { ensureRecompute, fresh, reconcileJobDef, reconcilerOf } from './service.ts';

export const reconcileJobs = [reconcileJobDef];

const count = (ctx: EngineContext, sql: string, ...params: unknown[]) => ctx.workspace.db.prepare(sql).pluck().get(...params) as number;

function rowsOf(ctx: EngineContext, decisions: readonly LoggedDecision[]): DecisionRow[] {
  if (!decisions.length) return [];
  const stmt = ctx.workspace.db.prepare('SELECT state, stale_reason FROM recon_decision_state WHERE decision_id = ?');
  return decisions.map((d) => {
    const s = stmt.get(d.id) as { state: DecisionRow['state']; stale_reason: string | null } | undefined;
    return { ...d, before: d.before ?? null, after: d.after ?? null, state: s?.state ?? 'active', staleReason: s?.stale_reason ?? null };
  });
}

function queues(ctx: EngineContext): QueueSummary[] {
  const db = ctx.workspace.db;
  const counts = new Map<string, { total: number; open: number; approved: number; rejected: number; blocking: number }>();
  for (const r of db.prepare('SELECT queue, status, severity, count(*) AS n FROM recon_findings GROUP BY 1, 2, 3').all() as { queue: string; status: string; severity: string; n: number }[]) {
    const c = counts.get(r.queue) ?? { total: 0, open: 0, approved: 0, rejected: 0, blocking: 0 };
    c.total += r.n;
    if (r.status === 'open') c.open += r.n;
    if (r.status === 'approved') c.approved += r.n;
    if (r.status === 'rejected') c.rejected += r.n;
    if (r.status === 'open' && r.severity === 'error') c.blocking += r.n;
    counts.set(r.queue, c);
  }
  const suggestions = db.prepare('SELECT count(*) AS total, coalesce(sum(likely), 0) AS likely FROM recon_suggestions').get() as { total: number; likely: number };
  const leads = count(ctx, "SELECT count(*) FROM recon_people WHERE status = 'lead'");
  return queueDefs.map((q) => {
    const c =
      q.id === 'duplicate-people'
        ? { total: suggestions.total, open: suggestions.total, approved: 0, rejected: 0, blocking: 0 }
        : q.id === 'leads'
          ? { total: leads, open: 0, approved: 0, rejected: 0, blocking: 0 }
          : (counts.get(q.id) ?? { total: 0, open: 0, approved: 0, rejected: 0, blocking: 0 });
    const list =
      q.id === 'duplicate-people'
        ? { procedure: 'reconcile-suggestions' as const, filters: [] }
        : q.id === 'leads'
          ? { procedure: 'reconcile-people' as const, filters: [{ column: 'status', op: 'eq' as const, value: 'lead' }] }
          : { procedure: 'reconcile-findings' as const, filters: [{ column: 'queue', op: 'eq' as const, value: q.id }] };
    return { id: q.id, title: q.title, description: q.description, approveMeans: q.approveMeans, rejectMeans: q.rejectMeans, undecidedMeans: q.undecidedMeans, severity: q.severity, list, ...c };
  });
}

function person(ctx: EngineContext, id: string): PersonDetail {
  const db = ctx.workspace.db;
  const row = db.prepare('SELECT * FROM recon_people WHERE person_id = ?').get(id) as Record<string, unknown> | undefined;
  if (!row) throw errors.notFound(`person ${JSON.stringify(id)} (people are named by an e-mail key; a merge or split may have renamed this one)`);
  const page = <T>(source: Parameters<typeof runPage>[1], toRow: (r: Record<string, unknown>) => T, column: string) =>
    runPage(db, withLiveIndexes(db, source), { filters: [{ column, op: 'eq', value: id }], search: '', sort: [], cursor: null, offset: 0, limit: 1000, facets: [], withTotals: false }, toRow).rows;
  const records = (
    db
      .prepare(
        `SELECT r.rid AS id, r.kind, r.email, trim(coalesce(r.first_name, '') || ' ' || coalesce(r.last_name, '')) AS name, r.phone, r.at, r.key,
           coalesce(c.raw, i.raw) AS raw,
           CASE r.kind WHEN 'contact' THEN 'Systeme.io contact, tags ' || r.tags ELSE 'Xendit invoice ' || i.external_id || ': ' || i.status || ' ' || (i.amount_minor / 100.0) || ' ' || i.currency || ', ' || coalesce(i.description, '') END AS summary
         FROM recon_records r
         LEFT JOIN raw_systeme_contacts c ON r.kind = 'contact' AND c.id = CAST(r.source_id AS INTEGER)
         LEFT JOIN raw_xendit_invoices i ON r.kind = 'invoice' AND i.id = r.source_id
         WHERE r.person_id = ? ORDER BY r.at, r.rid`,
      )
      .all(id) as (PersonDetail['records'][number] & { name: string })[]
  ).map((r) => ({ ...r, name: r.name || null }));
  const suggestions = [...page(suggestionsSource, suggestionRow, 'personA'), ...page(suggestionsSource, suggestionRow, 'personB')];
  const decisionIds = db.prepare('SELECT decision_id FROM recon_person_decisions WHERE person_id = ?').pluck().all(id) as string[];
  const rec = reconcilerOf(ctx);
  const wanted = new Set(decisionIds);
  const plan = {} as Record<PlanTable, Record<string, unknown>[]>;
  for (const def of planTableDefs) plan[def.table] = (db.prepare(`SELECT * FROM ${def.derived} WHERE person_id = ? ORDER BY id`).all(id) as Record<string, unknown>[]).map((r) => planRow(def, r));
  return {
    person: personRow({ id, ...mapPerson(row) }),
    records,
    findings: page(findingsSource, findingRow, 'personId'),
    suggestions,
    decisions: rowsOf(ctx, rec.allDecisions.filter((d) => wanted.has(d.id))),
    plan,
  };
}

/** A recon_people row under the people grid's column names. */
function mapPerson(r: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, col] of Object.entries(peopleSource.columns)) out[name] = r[col.sql];
  return out;
}

export const reconcileHandlers = handlers({
  'reconcile-status': (_input, ctx) => {
    const rec = reconcilerOf(ctx);
    const stale = rec.staleReason();
    return {
      computedAt: meta(ctx.workspace.db, 'computed_at'),
      stale: stale !== null,
      recomputing: ctx.jobs.active().some((j) => j.kind === 'reconcile'),
      records: count(ctx, 'SELECT count(*) FROM recon_records'),
      people: count(ctx, 'SELECT count(*) FROM recon_people'),
      findings: count(ctx, 'SELECT count(*) FROM recon_findings'),
      suggestions: count(ctx, 'SELECT count(*) FROM recon_suggestions'),
      decisions: rec.allDecisions.length,
      canUndo: rec.log.undoTarget !== null,
      canRedo: rec.log.redoTarget !== null,
    };
  },
  'reconcile-recompute': (_input, ctx) => ({ jobId: ensureRecompute(ctx, true)! }),
  'reconcile-catalog': async (_input, ctx) => (await fresh(ctx)).catalog,
  'reconcile-queues': async (_input, ctx) => {
    await fresh(ctx);
    return queues(ctx);
  },
  'reconcile-findings': async (input, ctx) => {
    await fresh(ctx);
    return runPage(ctx.workspace.db, withLiveIndexes(ctx.workspace.db, findingsSource), input, findingRow);
  },
  'reconcile-suggestions': async (input, ctx) => {
    await fresh(ctx);
    return runPage(ctx.workspace.db, suggestionsSource, input, suggestionRow);
  },
  'reconcile-people': async (input, ctx) => {
    await fresh(ctx);
    return runPage(ctx.workspace.db, withLiveIndexes(ctx.workspace.db, peopleSource), input, personRow);
  },
  'reconcile-person': async ({ id }, ctx) => {
    await fresh(ctx);
    return person(ctx, id);
  },
  'reconcile-payments': async (input, ctx) => {
    await fresh(ctx);
    return runPage(ctx.workspace.db, paymentsSource, input, paymentRow);
  },
  'reconcile-decide': async (input, ctx) => {
    const rec = await fresh(ctx);
    const out = rec.decide(input.decisions, input.reason === undefined ? {} : { reason: input.reason });
    return {
      actionId: out.actionId,
      decisions: rowsOf(ctx, out.decisions),
      touched: { people: out.touched.people, findings: out.touched.findings, planRows: out.touched.planRows },
      recomputeJobId: out.touched.needsFull ? ensureRecompute(ctx) : null,
    };
  },
  'reconcile-undo': async (_input, ctx) => {
    // An undo must be possible whatever state the last decision left (a failing recompute included).
    const rec = await fresh(ctx).catch(() => reconcilerOf(ctx));
    const out = rec.undo();
    return { actionId: out.actionId, decisions: out.actionId ? rec.decisionsOfAction(out.actionId).map((d) => d.id) : [], recomputeJobId: out.touched?.needsFull ? ensureRecompute(ctx) : null };
  },
  'reconcile-redo': async (_input, ctx) => {
    const rec = await fresh(ctx).catch(() => reconcilerOf(ctx));
    const out = rec.redo();
    return { actionId: out.actionId, decisions: out.actionId ? rec.decisionsOfAction(out.actionId).map((d) => d.id) : [], recomputeJobId: out.touched?.needsFull ? ensureRecompute(ctx) : null };
  },
  'reconcile-decisions': (input, ctx) => runPage(ctx.workspace.db, decisionsSource, input, decisionRow),
  'reconcile-decisions-export': (_input, ctx) => exportDecisions(reconcilerOf(ctx), ctx.workspace.settings.get('reviewerName')),
  'reconcile-decisions-import': async (input, ctx, call) => {
    // A token is spent by the call that names it, on the transport it was granted for.
    const granted = input.fileToken === undefined ? null : ctx.files.take(input.fileToken, call.transport);
    try {
      const rec = await fresh(ctx);
      const name = input.fileName ?? granted?.name;
      const file = granted ? { path: granted.path, name: name ?? granted.name } : { content: input.content!, ...(name === undefined ? {} : { name }) };
      const { needsFull, ...report } = await importDecisions(rec, file, input.prefer);
      return { ...report, recomputeJobId: needsFull ? ensureRecompute(ctx) : null };
    } finally {
      if (granted) removeTemporary(granted);
    }
  },
  'reconcile-plan-summary': async (_input, ctx) => {
    const rec = await fresh(ctx);
    const db = ctx.workspace.db;
    return {
      computedAt: meta(db, 'computed_at'),
      stale: rec.staleReason() !== null,
      tables: planTableDefs.map((d) => ({ table: d.table, rows: count(ctx, `SELECT count(*) FROM ${d.derived}`), ownedColumns: d.columns.map((c) => c.name) })),
      blocking: count(ctx, "SELECT count(*) FROM recon_findings WHERE status = 'open' AND severity = 'error'"),
      warnings: count(ctx, "SELECT count(*) FROM recon_findings WHERE status = 'open' AND severity = 'warn'"),
      decisions: {
        active: count(ctx, "SELECT count(*) FROM recon_decision_state WHERE state = 'active'"),
        stale: count(ctx, "SELECT count(*) FROM recon_decision_state WHERE state = 'stale'"),
        reviewers: db
          .prepare("SELECT d.reviewer, count(*) AS decisions FROM recon_decisions d JOIN recon_decision_state s ON s.decision_id = d.id WHERE s.state IN ('active', 'stale') GROUP BY 1 ORDER BY 2 DESC, 1")
          .all() as { reviewer: string; decisions: number }[],
      },
    };
  },
  'reconcile-totals': async ({ of }, ctx) => {
    await fresh(ctx);
    return controlTotals(ctx.workspace.db, of);
  },
  'reconcile-revenue': async ({ by }, ctx) => {
    await fresh(ctx);
    return revenue(ctx.workspace.db, by, ctx.workspace.settings.get('fiscalYearStartMonth'));
  },
  'reconcile-funnel': async (_input, ctx) => {
    await fresh(ctx);
    return funnel(ctx.workspace.db);
  },
  'reconcile-plan-export': async ({ content }, ctx) => {
    const rec = await fresh(ctx);
    if (meta(ctx.workspace.db, 'needs_full') !== null) throw errors.conflict('A catalog edit waits for the recompute queued behind another job; export the plan when it has run.');
    const settings = ctx.workspace.settings;
    const opts = { catalog: rec.catalog, timeZone: settings.get('timeZone'), fiscalYearStartMonth: settings.get('fiscalYearStartMonth') };
    // Without the content, only its digest: the document never sits in memory.
    if (!content) return { format: PLAN_FORMAT, ...planDigest(ctx.workspace.db, opts), content: null };
    const text = exportPlan(ctx.workspace.db, opts);
    return { format: PLAN_FORMAT, sha256: sha256(text), bytes: Buffer.byteLength(text), content: text };
  },
});
