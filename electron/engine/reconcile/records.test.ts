// The full recompute's build (the cache in id order, a chunk at a time) and the record-by-record
// build that decisions use give the same rows for every record.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { zonedClock } from '../domain/time.ts';
import { seededWorkspace } from '../testing/seeded-workspace.ts';
import { DEFAULT_CATALOG } from './catalog.ts';
import { resetDerived } from './derived-store.ts';
import { RecordBuilder } from './records.ts';
import { reconcilerOf } from './service.ts';

test('the chunked build of records and payments equals the record-by-record build', async () => {
  const ws = await seededWorkspace({ scale: 0.1 });
  try {
    const db = ws.db;
    reconcilerOf(ws.engine.context); // creates the derived tables
    const ctx = { catalog: DEFAULT_CATALOG, clock: zonedClock('Asia/Manila'), overrides: new Map(), stale: () => {} };
    const dump = () => ['recon_records', 'recon_payments'].map((t) => JSON.stringify(db.prepare(`SELECT * FROM ${t} ORDER BY rid`).raw().all())).join('\n');
    const rollback = new Error('rollback');
    assert.throws(
      () =>
        db.transaction(() => {
          resetDerived(db);
          const builder = new RecordBuilder(db, ctx);
          // A chunk size no count divides, so chunks end everywhere.
          for (let after: number | null = 0; after !== null; ) after = builder.contactsAfter(after, 97);
          for (let after: string | null = ''; after !== null; ) after = builder.invoicesAfter(after, 97);
          const bulk = dump();
          const rids = db.prepare('SELECT rid FROM recon_records').pluck().all() as string[];
          assert.ok(rids.length > 2_000);
          builder.some(rids);
          assert.equal(dump(), bulk);
          throw rollback;
        })(),
      (err) => err === rollback,
    );
  } finally {
    await ws.close();
  }
});
