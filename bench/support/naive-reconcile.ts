// The baseline: the same full recompute done the way it is usually first written — each record
// fetched and built by its own query, each person derived by its own queries — through the
// engine's own record and person code, so the result is the same rows (the bench checks that)
// and only the access pattern differs from the set-based recompute.
import type Database from 'better-sqlite3';
import { clusterAll } from '../../electron/engine/reconcile/cluster.ts';
import { indexDerived, resetDerived } from '../../electron/engine/reconcile/derived-store.ts';
import { deriveEnv, deriveSome } from '../../electron/engine/reconcile/persons.ts';
import type { Reconciler } from '../../electron/engine/reconcile/reconciler.ts';
import { RecordBuilder } from '../../electron/engine/reconcile/records.ts';
import { suggest } from '../../electron/engine/reconcile/suggest.ts';

/** Runs inside the caller's transaction; leaves the derived tables as a full recompute would. */
export function naiveReconcile(db: Database.Database, rec: Reconciler, sql: { ledger: string; quarantine: string; staleness: string }): void {
  const clock = rec.clock();
  resetDerived(db);
  const builder = new RecordBuilder(db, { catalog: rec.catalog, clock, overrides: new Map(), stale: () => {} });
  for (const id of db.prepare('SELECT id FROM raw_systeme_contacts WHERE deleted_at IS NULL ORDER BY id').pluck().all() as number[]) builder.some([`c:${id}`]);
  for (const id of db.prepare('SELECT id FROM raw_xendit_invoices ORDER BY id').pluck().all() as string[]) builder.some([`i:${id}`]);
  db.exec(sql.ledger);
  indexDerived(db, 'lookup');
  indexDerived(db, 'grid');
  clusterAll(db, []);
  const env = deriveEnv(db, rec.catalog, clock);
  for (const person of db.prepare('SELECT DISTINCT person_id FROM recon_records ORDER BY person_id').pluck().all() as string[]) deriveSome(db, env, [person]);
  db.prepare(sql.quarantine).run({ id: null });
  suggest(db, rec.catalog, null);
  db.exec(sql.staleness);
}
