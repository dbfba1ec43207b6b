// Test helpers for the reconciliation: typed calls that throw on an error, and scoring against the
// demo generator's answer key (the true person of every record).
import type Database from 'better-sqlite3';
import type { Input, Output, ProcedureName } from '../../../shared/api/index.ts';
import type { AnswerKey } from '../demo/generator/index.ts';
import type { Engine } from '../engine.ts';

export async function ok<N extends ProcedureName>(engine: Engine, name: N, input: Input<N>): Promise<Output<N>> {
  const out = await engine.call(name, input);
  if (!out.ok) throw new Error(`${name}: ${out.error.code}: ${out.error.message}`);
  return out.result;
}

/** Runs a full recompute and waits for it. */
export async function recompute(engine: Engine): Promise<void> {
  const { jobId } = await ok(engine, 'reconcile-recompute', {});
  const job = await engine.context.jobs.wait(jobId, 3_600_000);
  if (job.state !== 'done') throw new Error(`recompute ${job.state}: ${job.error?.message ?? ''}`);
}

export function truePerson(key: AnswerKey, rid: string): string {
  const id = rid.slice(2);
  const p = rid.startsWith('c:') ? key.contactPerson[id] : key.invoicePerson[id];
  if (!p) throw new Error(`no true person for ${rid}`);
  return p;
}

/** Pairwise precision and recall of the clusters (records in one person) against the true people. */
export function pairwise(db: Database.Database, key: AnswerKey): { precision: number; recall: number; truePairs: number; predictedPairs: number } {
  const rows = db.prepare('SELECT rid, person_id FROM recon_records').all() as { rid: string; person_id: string }[];
  const predicted = new Map<string, number>();
  const truth = new Map<string, number>();
  const both = new Map<string, number>();
  for (const r of rows) {
    const t = truePerson(key, r.rid);
    predicted.set(r.person_id, (predicted.get(r.person_id) ?? 0) + 1);
    truth.set(t, (truth.get(t) ?? 0) + 1);
    const k = `${r.person_id}\u0000${t}`;
    both.set(k, (both.get(k) ?? 0) + 1);
  }
  const pairs = (m: Map<string, number>) => [...m.values()].reduce((s, n) => s + (n * (n - 1)) / 2, 0);
  const tp = pairs(both);
  return { precision: tp / pairs(predicted), recall: tp / pairs(truth), truePairs: pairs(truth), predictedPairs: pairs(predicted) };
}

/** The true person of a person (cluster), by its first record; clusters here are never mixed when this is asked. */
export function truthOfCluster(db: Database.Database, key: AnswerKey, personId: string): string {
  const rid = db.prepare('SELECT rid FROM recon_records WHERE person_id = ? ORDER BY rid LIMIT 1').pluck().get(personId) as string;
  return truePerson(key, rid);
}

/** Every derived row the grids and the plan read, in a fixed order: what a full recompute must reproduce. */
export function derivedState(db: Database.Database): string {
  const dump = (sql: string) => JSON.stringify(db.prepare(sql).raw().all());
  return [
    dump('SELECT * FROM recon_records ORDER BY rid'),
    dump('SELECT * FROM recon_payments ORDER BY rid'),
    dump('SELECT person_id, name, email, status, contacts, invoices, paid, paid_minor, products, tags, user_id, open_findings, suggestions FROM recon_people ORDER BY person_id'),
    dump('SELECT * FROM recon_findings ORDER BY id'),
    dump('SELECT * FROM recon_suggestions ORDER BY id'),
    dump('SELECT * FROM recon_decision_state ORDER BY decision_id'),
    dump('SELECT * FROM plan_transactions ORDER BY id'),
    dump('SELECT * FROM plan_profiles ORDER BY id'),
  ].join('\n');
}
