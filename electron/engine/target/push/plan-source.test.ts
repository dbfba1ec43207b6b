import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type Database from 'better-sqlite3';
import type { Catalog } from '../../../../shared/api/reconcile.ts';
import { BinaryTextWriter, type BinaryEncodedRows, type CopyValue } from '../../pg/copy.ts';
import { ensureDerived } from '../../reconcile/derived-store.ts';
import { tempDir } from '../../testing/engine.ts';
import { openWorkspace } from '../../workspace/workspace.ts';
import { sqlitePlanSource, type PlanTableSource } from './plan-source.ts';

const dir = tempDir();
const ws = openWorkspace(dir.path);
after(() => {
  ws.close();
  dir.remove();
});
ensureDerived(ws.db);

/** Inserts a row into a plan table; its other NOT NULL columns get a filler. */
function insert(db: Database.Database, table: string, values: Record<string, unknown>): void {
  const columns = db.prepare('SELECT name, type, "notnull" FROM pragma_table_info(?)').all(table) as { name: string; type: string; notnull: number }[];
  const row = Object.fromEntries(columns.map((c) => [c.name, c.name in values ? values[c.name] : c.notnull ? (c.type === 'INTEGER' ? 0 : 'x') : null]));
  db.prepare(`INSERT INTO ${table} (${columns.map((c) => `"${c.name}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(...Object.values(row));
}

const plan = () => sqlitePlanSource(ws.db, { sha256: '', approvedBy: '', approvedAt: '', rows: 0, amountMinor: 0, timeZone: 'Asia/Manila', catalog: { statuses: {} } as Catalog });
const table = (name: string): PlanTableSource => plan().tables.find((t) => t.table === name)!;
/** Rows by column name, as iterated. */
const named = (t: PlanTableSource) => [...(t.rows() as Iterable<readonly CopyValue[]>)].map((r) => Object.fromEntries(['id', ...t.columns].map((c, i) => [c, r[i]])));
/** What the table's own binary COPY data is, and what writing its iterated rows field by field gives. */
function bothWays(t: PlanTableSource): { own: Buffer; fieldByField: Buffer } {
  const rows = t.rows() as BinaryEncodedRows;
  const own = Buffer.concat([...rows.binaryChunks(t.columns.length + 1)].map((c) => c.data));
  const w = new BinaryTextWriter();
  for (const r of rows) w.add(r);
  return { own, fieldByField: Buffer.concat(w.end().map((c) => c.data)) };
}

test('awkward plan values: read as the push takes them, and written by the fast path exactly as field by field', () => {
  const awkward = 'tab\there new\nline cr\r back\\slash \\N "q" \'s';
  insert(ws.db, 'plan_profiles', { id: 'p1', email: 'a@example.com', first_name: awkward, last_name: '', phone: null, tags: '[]', acquisition_source: null, created_at: '2025-01-01T00:00:00Z' });
  insert(ws.db, 'plan_profiles', { id: 'p2', email: 'b@example.com', first_name: 'José', last_name: 'Nuñez 😀', phone: '+63 917', tags: '["a","b \\"c\\"","NULL","é"]', acquisition_source: 'x'.repeat(70_000), created_at: '2025-01-02T00:00:00Z' });
  insert(ws.db, 'plan_profiles', { id: 'p3', email: 'c@example.com', first_name: null, last_name: null, phone: null, tags: '["only"]', acquisition_source: 'é'.repeat(5_000), created_at: '2025-01-03T00:00:00Z' });
  insert(ws.db, 'plan_transactions', { id: 't1', user_id: null, external_id: 'inv-1', amount_minor: -150, currency: 'PHP', status: 'PAID', transaction_type: 'P2P', payment_method: null, contact_email: null, metadata: '{"k":"v\\tw","n":[1,2]}', paid_at: null, created_at: '2025-01-01T00:00:00Z' });
  insert(ws.db, 'plan_transactions', { id: 't2', user_id: 'u2', external_id: 'inv-2', amount_minor: 123_456_789_012, currency: 'PHP', status: 'PAID', transaction_type: 'P2P', payment_method: 'card', contact_email: 'd@example.com', metadata: '["m1","m2"]', paid_at: '2025-02-01T00:00:00Z', created_at: '2025-02-01T00:00:00Z' });
  insert(ws.db, 'plan_transactions', { id: 't3', user_id: '', external_id: 'inv-3', amount_minor: 0, currency: 'PHP', status: 'PAID', transaction_type: 'P2P', payment_method: '', contact_email: '', metadata: '{}', paid_at: '', created_at: '2025-03-01T00:00:00Z' });

  const profiles = table('unified_profiles');
  assert.deepEqual(named(profiles), [
    { id: 'p1', email: 'a@example.com', first_name: awkward, last_name: '', phone: null, acquisition_source: null, created_at: '2025-01-01T00:00:00Z', tags: [] },
    { id: 'p2', email: 'b@example.com', first_name: 'José', last_name: 'Nuñez 😀', phone: '+63 917', acquisition_source: 'x'.repeat(70_000), created_at: '2025-01-02T00:00:00Z', tags: ['a', 'b "c"', 'NULL', 'é'] },
    { id: 'p3', email: 'c@example.com', first_name: null, last_name: null, phone: null, acquisition_source: 'é'.repeat(5_000), created_at: '2025-01-03T00:00:00Z', tags: ['only'] },
  ]);
  const transactions = table('transactions');
  assert.deepEqual(
    named(transactions).map((r) => [r.id, r.user_id, r.amount, r.payment_method, r.paid_at, r.metadata]),
    [
      ['t1', null, '-1.50', null, null, '{"k":"v\\tw","n":[1,2]}'],
      ['t2', 'u2', '1234567890.12', 'card', '2025-02-01T00:00:00Z', ['m1', 'm2']],
      ['t3', '', '0.00', '', '', '{}'],
    ],
  );
  for (const t of [profiles, transactions, table('auth_users'), table('enrollments'), table('affiliates')]) {
    const { own, fieldByField } = bothWays(t);
    assert.deepEqual(own, fieldByField, t.table);
  }
  assert.throws(() => [...(transactions.rows() as BinaryEncodedRows).binaryChunks(3)], /has 13 values for 3 columns/);
});

test('a plan value holding what separates fields is refused: it holds a NUL, which PostgreSQL text cannot hold', () => {
  for (const [i, value] of ['\0\x01\x02\x03', 'a\0\x01\x02\x03b'].entries()) {
    insert(ws.db, 'plan_enrollments', { id: `e${i}`, user_id: 'u', course_id: value, transaction_id: null, status: 'active', enrolled_at: '2025-01-01' });
    const t = table('enrollments');
    assert.throws(() => [...(t.rows() as Iterable<unknown>)], /holds a NUL character/, JSON.stringify(value));
    assert.throws(() => [...(t.rows() as BinaryEncodedRows).binaryChunks(t.columns.length + 1)], /holds a NUL character/, JSON.stringify(value));
    ws.db.prepare('DELETE FROM plan_enrollments').run();
  }
  // Any other NUL stays in its value, both ways (and the server refuses it: copy.test.ts).
  for (const [i, value] of ['a\0b', 'end\0', '\0', '\0\x01\x02'].entries()) insert(ws.db, 'plan_enrollments', { id: `n${i}`, user_id: 'u', course_id: value, transaction_id: null, status: 'active', enrolled_at: '2025-01-01' });
  const t = table('enrollments');
  assert.deepEqual(named(t).map((r) => r.course_id), ['a\0b', 'end\0', '\0', '\0\x01\x02']);
  const { own, fieldByField } = bothWays(t);
  assert.deepEqual(own, fieldByField);
  ws.db.prepare('DELETE FROM plan_enrollments').run();
});
