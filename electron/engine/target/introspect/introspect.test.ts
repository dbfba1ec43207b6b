// test-postgres: 15 17 18
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import { withClient } from '../../pg/client.ts';
import type { PgMajor } from '../../pg/cluster.ts';
import { withTestDatabase } from '../../pg/testing.ts';
import { demoProductionTemplate } from '../../demo/production/testing.ts';
import { introspect } from './introspect.ts';
import type { Inventory, TableInventory } from './inventory.ts';
import { normaliseAcrossVersions, unqualifiedSingleTableView, withoutMaintain } from './normalise.ts';

const template = demoProductionTemplate({ scale: 0.05 });

function onDemo<T>(major: PgMajor, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  return withTestDatabase((url) => withClient(url, fn), { major, template });
}

const table = (inv: Inventory, name: string): TableInventory => {
  const t = inv.tables.find((x) => x.name === name);
  assert.ok(t, name);
  return t;
};

test('the inventory of the demo production has everything the cutover must carry over (PG 17)', async () => {
  const inv = await onDemo(17, (c) => introspect(c));
  assert.equal(inv.server.major, 17);
  assert.deepEqual(inv.unsupported, []);
  assert.deepEqual(inv.tables.map((t) => t.name), ['unified_profiles', 'transactions', 'enrollments', 'affiliates']);
  assert.deepEqual(JSON.parse(JSON.stringify(inv)), inv, 'plain JSON');

  const profiles = table(inv, 'unified_profiles');
  const tx = table(inv, 'transactions');
  const enrollments = table(inv, 'enrollments');
  const affiliates = table(inv, 'affiliates');
  const column = (t: TableInventory, name: string) => t.columns.find((c) => c.name === name);

  // Columns: identity, generated, serial with its owned sequence, enums, defaults, statistics targets.
  assert.deepEqual(
    { ...column(profiles, 'member_number'), comment: undefined },
    { name: 'member_number', type: 'bigint', notNull: true, default: null, identity: 'by default', generated: null, collation: null, statisticsTarget: null, storage: null, comment: undefined, acl: null, ownedSequence: 'public.unified_profiles_member_number_seq', enumType: null },
  );
  assert.equal(column(profiles, 'search_name')?.generated, 'stored');
  assert.match(column(profiles, 'search_name')?.default ?? '', /lower/);
  assert.equal(column(affiliates, 'affiliate_number')?.default, "nextval('public.affiliates_affiliate_number_seq'::regclass)");
  assert.equal(column(affiliates, 'status')?.enumType, 'public.affiliate_status');
  assert.equal(column(tx, 'status')?.statisticsTarget, 500);
  assert.equal(column(profiles, 'email')?.statisticsTarget, 1000);
  assert.equal(column(profiles, 'admin_metadata')?.comment, 'Notes and flags set by staff; no source system has these.');
  assert.deepEqual(column(profiles, 'first_name')?.acl, ['authenticated=w/postgres']);
  assert.deepEqual(inv.enums.map((e) => e.name).sort(), ['public.account_type', 'public.affiliate_status', 'public.transaction_type']);
  assert.deepEqual(inv.enums.find((e) => e.name === 'public.affiliate_status')?.labels, ['pending', 'active', 'flagged', 'inactive']);

  // Constraints: the circular deferrable FK, the FKs between swapped tables, CHECKs.
  const fk = profiles.constraints.find((c) => c.name === 'unified_profiles_affiliate_id_fkey');
  assert.deepEqual([fk?.deferrable, fk?.deferred, fk?.foreignKey], [true, true, { table: 'public.affiliates', columns: ['id'], onDelete: 'set null', onUpdate: 'no action', match: 'simple' }]);
  assert.deepEqual(enrollments.constraints.filter((c) => c.type === 'foreign key').map((c) => [c.name, c.foreignKey?.table, c.foreignKey?.onDelete]), [
    ['enrollments_course_id_fkey', 'public.courses', 'restrict'],
    ['enrollments_transaction_id_fkey', 'public.transactions', 'set null'],
    ['enrollments_user_id_fkey', 'public.unified_profiles', 'cascade'],
  ]);
  assert.ok(affiliates.constraints.some((c) => c.type === 'check' && c.definition === "CHECK ((slug ~ '^[a-z0-9-]{3,40}$'::text))"));
  assert.equal(profiles.constraints.find((c) => c.type === 'primary key')?.index, 'public.unified_profiles_pkey');

  // Indexes, sequences.
  assert.deepEqual(
    profiles.indexes.filter((i) => i.method === 'gin').map((i) => [i.name, i.shape]),
    [
      ['unified_profiles_email_trgm_idx', 'USING gin (email extensions.gin_trgm_ops)'],
      ['unified_profiles_name_trgm_idx', 'USING gin (search_name extensions.gin_trgm_ops)'],
      ['unified_profiles_tags_idx', 'USING gin (tags)'],
    ],
  );
  assert.deepEqual(affiliates.sequences.map((q) => [q.name, q.column, q.kind, q.dataType]), [['public.affiliates_affiliate_number_seq', 'affiliate_number', 'serial', 'integer']]);
  assert.deepEqual(profiles.sequences.map((q) => [q.column, q.kind]), [['member_number', 'identity']]);

  // Everything bound by OID that a rename swap would leave behind.
  assert.deepEqual([...new Set(profiles.inboundForeignKeys.map((f) => f.fromTable))].sort(), ['public.activity_log', 'public.email_events', 'public.user_notes']);
  assert.deepEqual(
    [...inv.tables.flatMap((t) => t.inboundForeignKeys.map((f) => f.onDelete))].sort(),
    ['cascade', 'cascade', 'cascade', 'no action', 'restrict', 'restrict', 'set default', 'set null', 'set null'],
  );
  assert.deepEqual(
    profiles.views.map((v) => [v.name, v.kind]),
    [
      ['public.affiliate_overview', 'view'],
      ['public.marketing_contacts', 'view'],
      ['public.purchase_history', 'view'],
      ['public.student_summary', 'materialized view'],
    ],
  );
  assert.deepEqual(profiles.views.find((v) => v.name === 'public.marketing_contacts')?.reloptions, ['security_invoker=true']);
  assert.ok(profiles.views.find((v) => v.kind === 'materialized view')?.indexes[0]?.includes('student_summary_id_idx'));
  const bindings = Object.fromEntries(inv.tables.flatMap((t) => t.functions.map((f) => [`${t.name}:${f.signature}`, f.binding])));
  assert.equal(bindings['enrollments:public.active_student_count(text)'], 'atomic');
  assert.equal(bindings['unified_profiles:public.profile_by_email(text)'], 'row type');
  assert.equal(bindings['enrollments:public.handle_p2p_transaction()'], 'name in body');
  assert.equal(bindings['unified_profiles:public.handle_new_user()'], 'name in body');
  assert.equal(bindings['unified_profiles:public.is_admin()'], 'name in body');

  // Security posture: RLS flags, policies (one reading another swapped table), exact ACLs, owner.
  assert.deepEqual(inv.tables.map((t) => [t.name, t.rls]), [
    ['unified_profiles', { enabled: true, forced: false }],
    ['transactions', { enabled: false, forced: false }],
    ['enrollments', { enabled: true, forced: false }],
    ['affiliates', { enabled: true, forced: true }],
  ]);
  assert.deepEqual(enrollments.policies.find((p) => p.name === 'enrollments_admin_all')?.readsTables, ['public.unified_profiles']);
  assert.deepEqual(profiles.policiesOfOtherTables.map((p) => [p.table, p.name]), [
    ['public.enrollments', 'enrollments_admin_all'],
    ['public.user_notes', 'user_notes_admin_only'],
  ]);
  assert.deepEqual(affiliates.policies.find((p) => p.name === 'affiliates_public_active')?.roles, ['anon', 'authenticated']);
  // Exactly as stored, order included: no anon (revoked).
  assert.deepEqual(tx.acl, ['authenticated=arwdDxtm/postgres', 'service_role=arwdDxtm/postgres', 'postgres=arwdDxtm/postgres', 'supabase_auth_admin=r/postgres']);
  assert.ok(profiles.acl?.includes('anon=rxtm/postgres'));
  assert.equal(tx.owner, 'postgres');

  // Triggers (a disabled leftover included), comments, replica identity, publications, reloptions, statistics.
  assert.deepEqual(profiles.triggers.map((g) => [g.name, g.enabled, g.timing, g.events, g.level]), [
    ['mirror_profiles_to_dev', 'disabled', 'after', ['insert'], 'row'],
    ['unified_profiles_set_updated_at', 'origin', 'before', ['update'], 'row'],
  ]);
  assert.match(profiles.triggers[1]?.when ?? '', /old\.email IS DISTINCT FROM new\.email/);
  assert.deepEqual(enrollments.triggers.find((g) => g.name === 'enrollments_sync_profile_flags')?.updateColumns, ['status']);
  assert.equal(tx.comment, 'Payments: Xendit invoices and manual bank transfers.');
  assert.deepEqual(tx.replicaIdentity, { kind: 'full', index: null });
  assert.deepEqual(inv.tables.map((t) => t.publications.map((p) => p.name)), [[], ['supabase_realtime'], ['supabase_realtime'], []]);
  assert.deepEqual(tx.reloptions, ['fillfactor=90', 'autovacuum_vacuum_scale_factor=0.05']);
  assert.deepEqual(tx.statistics.map((x) => [x.name, x.columns, x.kinds]), [['public.transactions_type_status_stats', 'status, transaction_type', 'f']]);
});

test('what a swap cannot handle is flagged with the object and the reason', async () => {
  await withTestDatabase(async (url) => {
    await withClient(url, async (c) => {
      await c.query(`
        CREATE TABLE measurements (at date NOT NULL, v int) PARTITION BY RANGE (at);
        CREATE TABLE measurements_2025 PARTITION OF measurements FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
        CREATE TABLE parent (id int);
        CREATE TABLE child (extra int) INHERITS (parent);
        CREATE EXTENSION pg_trgm;
        CREATE TABLE ext_owned (id int);
        ALTER EXTENSION pg_trgm ADD TABLE ext_owned;
        CREATE TABLE plain (id int PRIMARY KEY);
        CREATE TABLE plain_log (id int);
        CREATE RULE plain_log_insert AS ON INSERT TO plain DO ALSO INSERT INTO plain_log VALUES (NEW.id);
      `);
      const names = ['measurements', 'measurements_2025', 'parent', 'child', 'ext_owned', 'missing', 'plain'];
      const inv = await introspect(c, names.map((name) => ({ schema: 'public', name })));
      assert.deepEqual(inv.unsupported, [
        { object: 'public.measurements', reason: 'it is partitioned; swapping a partitioned table is not supported' },
        { object: 'public.measurements_2025', reason: 'it is a partition of another table' },
        { object: 'public.parent', reason: 'other tables inherit from it' },
        { object: 'public.child', reason: 'it inherits from another table' },
        { object: 'public.ext_owned', reason: 'it belongs to the extension pg_trgm' },
        { object: 'public.missing', reason: 'it does not exist' },
      ]);
      const plain = table(inv, 'plain');
      assert.deepEqual(plain.rules.map((r) => r.name), ['plain_log_insert']);
      await c.query('ALTER EXTENSION pg_trgm DROP TABLE ext_owned');
    });
  });
});

test('PG 18: NOT NULL constraints and virtual generated columns are read as such', async () => {
  await withTestDatabase(
    async (url) => {
      await withClient(url, async (c) => {
        await c.query('CREATE TABLE g (a int NOT NULL, b int GENERATED ALWAYS AS (a * 2), c int GENERATED ALWAYS AS (a * 3) STORED)');
        const inv = await introspect(c, [{ schema: 'public', name: 'g' }]);
        const g = table(inv, 'g');
        assert.deepEqual(g.columns.map((col) => [col.name, col.generated]), [['a', null], ['b', 'virtual'], ['c', 'stored']]);
        assert.deepEqual(g.constraints.map((k) => [k.name, k.type, k.columns]), [['g_a_not_null', 'not null', ['a']]]);
        assert.deepEqual(normaliseAcrossVersions(inv).tables[0]?.constraints, []);
      });
    },
    { major: 18 },
  );
});

test('the same schema gives the same inventory on PostgreSQL 15, 17 and 18, once the known differences are normalised', async () => {
  const [v15, v17, v18] = await Promise.all(([15, 17, 18] as const).map((major) => onDemo(major, (c) => introspect(c))));
  assert.deepEqual([v15?.server.major, v17?.server.major, v18?.server.major], [15, 17, 18]);
  // The raw inventories do differ, in exactly the normalised ways.
  assert.notDeepEqual(v15?.tables[1]?.acl, v17?.tables[1]?.acl);
  assert.ok(v18?.tables[0]?.constraints.some((c) => c.type === 'not null'));
  assert.deepEqual(normaliseAcrossVersions(v15 as Inventory), normaliseAcrossVersions(v17 as Inventory));
  assert.deepEqual(normaliseAcrossVersions(v18 as Inventory), normaliseAcrossVersions(v17 as Inventory));
});

test('normalisation rules, one by one', () => {
  assert.equal(withoutMaintain('anon=arwdDxtm/postgres'), 'anon=arwdDxt/postgres');
  assert.equal(withoutMaintain('"we=ird"=rm*/postgres'), '"we=ird"=r/postgres');
  assert.equal(withoutMaintain('=r/postgres'), '=r/postgres');
  assert.equal(unqualifiedSingleTableView(' SELECT p.id,\n    p.email\n   FROM unified_profiles p\n  WHERE p.ok;'), ' SELECT id,\n    email\n   FROM unified_profiles p\n  WHERE ok;');
  const join = ' SELECT a.id\n   FROM a a\n     JOIN b ON b.id = a.id;';
  assert.equal(unqualifiedSingleTableView(join), join);
});
