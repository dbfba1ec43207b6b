// Invoices cached before the export's columns were extracted get them from their raw record,
// the same values a pull writes now.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { generateDataset } from '../../demo/generator/index.ts';
import { tempDir } from '../../testing/engine.ts';
import { loadMigrations } from '../../workspace/migrations.ts';
import { CACHE_FILE, openWorkspace } from '../../workspace/workspace.ts';
import { contentHash } from './prepare.ts';
import { invoiceStream } from './streams.ts';

test('invoices cached before the export columns existed get expiry, customer and received amount from their raw record', () => {
  const { invoices } = generateDataset({ seed: 2, scale: 0.02 });
  const sample = [invoices.find((i) => i.customer?.mobile_number && i.adjusted_received_amount)!, invoices.find((i) => !i.customer && !i.paid_at)!];
  const dir = tempDir();
  const old = new Database(join(dir.path, CACHE_FILE));
  const before = loadMigrations().findIndex((m) => m.name === 'invoice_export_columns');
  for (const m of loadMigrations().slice(0, before)) old.exec(m.sql);
  old.pragma(`user_version = ${before}`);
  const insert = old.prepare(
    `INSERT INTO raw_xendit_invoices (id, external_id, status, amount_minor, currency, created_at, updated_at, origin, raw, content_hash, first_seen_at, changed_at)
     VALUES (?, ?, ?, 0, 'PHP', ?, ?, 'api', ?, ?, ?, ?)`,
  );
  for (const i of sample) insert.run(i.id, i.external_id, i.status, i.created, i.updated, JSON.stringify(i), contentHash(JSON.stringify(i)), i.created, i.created);
  old.close();

  const ws = openWorkspace(dir.path);
  try {
    const read = ws.db.prepare('SELECT settled_at, expires_at, fee_minor, received_minor, customer_name, customer_mobile FROM raw_xendit_invoices WHERE id = ?');
    for (const i of sample) {
      const c = invoiceStream.extract(i);
      assert.deepEqual(read.get(i.id), {
        settled_at: c.settled_at,
        expires_at: c.expires_at,
        fee_minor: c.fee_minor,
        received_minor: c.received_minor,
        customer_name: c.customer_name,
        customer_mobile: c.customer_mobile,
      });
    }
    assert.notEqual(invoiceStream.extract(sample[0]!).customer_mobile, null, 'the sample exercises the customer columns');
  } finally {
    ws.close();
    dir.remove();
  }
});
