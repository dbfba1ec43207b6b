// The seam for findings the sources cannot show: production rows no source backs, rows in other
// tables that would lose their parent, e-mail case conflicts in auth.users, status values with no
// mapping. They need the production database, so the Postgres target plugs a source in here (and
// adds its queue ids to the contract's queueIds); until one is registered those queues are
// absent, not faked. A full recompute asks every source for its findings; a resolution of one
// is a decision like any other, checked against the finding's fingerprint.
import type Database from 'better-sqlite3';
import type { Catalog, FindingQueue, Severity } from '../../../shared/api/reconcile.ts';
import { queueDef } from './queues.ts';

export interface ExternalFinding {
  /** Stable across recomputes (a resolution names it), e.g. 'production-only:transactions:<id>'. */
  id: string;
  queue: FindingQueue;
  severity: Severity;
  rule: string;
  summary: string;
  proposal: string;
  personId: string | null;
  email: string | null;
  product: string | null;
  month: string | null;
  amountMinor: number | null;
  records: string[];
  detail: Record<string, unknown>;
  /** What a resolution assumed: when it changes, the resolution is stale. */
  fingerprint: string;
}

export interface FindingSource {
  readonly name: string;
  findings(input: { db: Database.Database; catalog: Catalog }): Iterable<ExternalFinding>;
}

const sources = new Set<FindingSource>();

/** Plugs a source in; returns the function that takes it out. */
export function registerFindingSource(source: FindingSource): () => void {
  sources.add(source);
  return () => sources.delete(source);
}

/** Writes every registered source's findings, with their resolutions in force. */
export function writeExternalFindings(db: Database.Database, catalog: Catalog): number {
  let n = 0;
  const insert = db.prepare(
    `INSERT INTO recon_findings (id, queue, status, severity, rule, summary, proposal, applies, person_id, email, product, month, amount_minor, records, detail, fingerprint)
     VALUES (@id, @queue, 'open', @severity, @rule, @summary, @proposal, @applies, @personId, @email, @product, @month, @amountMinor, @records, @detail, @fingerprint)`,
  );
  for (const source of sources) {
    for (const f of source.findings({ db, catalog })) {
      insert.run({ ...f, applies: queueDef.get(f.queue)?.defaultApplies ? 1 : 0, records: JSON.stringify(f.records), detail: JSON.stringify(f.detail) });
      refreshResolution(db, f.id);
      n++;
    }
  }
  return n;
}

/** A finding of no person (quarantined, external) takes the resolution in force, or is open again. */
export function refreshResolution(db: Database.Database, findingId: string): void {
  const f = db.prepare('SELECT queue, fingerprint FROM recon_findings WHERE id = ?').get(findingId) as { queue: FindingQueue; fingerprint: string } | undefined;
  if (!f) return;
  const r = db.prepare('SELECT value, decision_id, reviewer, decided_at FROM recon_resolutions WHERE finding_id = ? AND basis = ? AND stale_reason IS NULL').get(findingId, f.fingerprint) as
    | { value: 'approve' | 'reject'; decision_id: string; reviewer: string; decided_at: string }
    | undefined;
  const status = r ? (r.value === 'approve' ? 'approved' : 'rejected') : 'open';
  const applies = status === 'approved' || (status === 'open' && queueDef.get(f.queue)?.defaultApplies) ? 1 : 0;
  db.prepare('UPDATE recon_findings SET status = ?, applies = ?, decision_id = ?, decided_by = ?, decided_at = ? WHERE id = ?').run(status, applies, r?.decision_id ?? null, r?.reviewer ?? null, r?.decided_at ?? null, findingId);
}
