// test-postgres: 17
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import { connectClient, withClient } from '../../pg/client.ts';
import { withTestDatabase, type TestDatabase } from '../../pg/testing.ts';
import { generateDataset } from '../generator/index.ts';
import { emailKey } from '../../domain/email.ts';
import { tempDir } from '../../testing/engine.ts';
import { buildDemoProduction } from './data.ts';
import { demoProductionTemplate } from './testing.ts';
import { readDemoProductionTruth, startDemoProduction } from './server.ts';

const template = demoProductionTemplate({ scale: 1 });
const production = buildDemoProduction({ scale: 1 });

async function onDemo<T>(fn: (client: pg.Client, db: TestDatabase) => Promise<T>): Promise<T> {
  return withTestDatabase((url, db) => withClient(url, (client) => fn(client, db)), { template });
}

const count = async (c: pg.Client, sql: string, params: unknown[] = []) => Number((await c.query(sql, params)).rows[0].n);

test('sizes match the seed at scale 1 and the truth file, table by table', async () => {
  const { counts } = production.truth;
  const within = (name: string, lo: number, hi: number) => {
    const n = counts[name] as number;
    assert.ok(n >= lo && n <= hi, `${name}: ${n} not in ${lo}–${hi}`);
  };
  within('auth.users', 3550, 3650);
  within('public.unified_profiles', 3550, 3640);
  within('public.transactions', 3340, 3360);
  within('public.enrollments', 2870, 2880);
  await onDemo(async (c) => {
    for (const [table, n] of Object.entries(counts)) assert.equal(await count(c, `SELECT count(*) AS n FROM ${table}`), n, table);
  });
});

test('the contamination is there: NULL-token users, ghosts, test accounts, diverged statuses, no Canva accounts', async () => {
  const truth = production.truth;
  await onDemo(async (c) => {
    const nullTokens = await count(c, 'SELECT count(*) AS n FROM auth.users WHERE confirmation_token IS NULL AND recovery_token IS NULL');
    assert.equal(nullTokens, truth.users.filter((u) => u.nullTokens).length);
    assert.ok(nullTokens > 500);
    assert.ok((await count(c, 'SELECT count(*) AS n FROM auth.users WHERE instance_id IS NULL')) > 0, 'ghost users GoTrue never finds');
    // Case-variant duplicates: distinct to the unique index, the same address to a person.
    assert.ok((await count(c, 'SELECT count(*) AS n FROM (SELECT lower(email) FROM auth.users GROUP BY 1 HAVING count(*) > 1) d')) > 0);
    assert.ok((await count(c, "SELECT count(*) AS n FROM auth.users WHERE email LIKE '%@example.com'")) > 0);
    assert.ok((await count(c, "SELECT count(*) AS n FROM auth.users u LEFT JOIN auth.identities i ON i.user_id = u.id WHERE i.id IS NULL")) > 500);
    const statuses = (await c.query('SELECT DISTINCT status FROM public.transactions ORDER BY 1')).rows.map((r) => r.status);
    assert.deepEqual(statuses, ['SUCCEEDED', 'completed', 'paid', 'success']);
    assert.deepEqual(truth.statusValues, Object.fromEntries((await c.query('SELECT status, count(*)::int AS n FROM public.transactions GROUP BY 1')).rows.map((r) => [r.status, r.n])));
    // Paid-but-not-completed payments never got their enrollment from the trigger; staff enrolled only some.
    assert.ok(
      (await count(
        c,
        `SELECT count(*) AS n FROM public.transactions t WHERE t.status <> 'completed' AND t.user_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM public.enrollments e WHERE e.user_id = t.user_id)`,
      )) > 100,
    );
    assert.equal(await count(c, "SELECT count(*) AS n FROM public.transactions WHERE transaction_type <> 'P2P'"), 0);
  });
});

test("production's people are the generator's people as the platform had them", async () => {
  const dataset = generateDataset({ scale: 1 });
  const key = dataset.answerKey;
  const invoices = new Map(dataset.invoices.map((i) => [i.id, i]));
  const personEmails = new Map<string, Set<string>>();
  const addEmail = (person: string, email: string | null | undefined) => {
    if (!email) return;
    const set = personEmails.get(person) ?? new Set<string>();
    set.add(emailKey(email));
    personEmails.set(person, set);
  };
  for (const i of dataset.invoices) addEmail(key.invoicePerson[i.id] as string, i.payer_email);
  for (const ct of dataset.contacts) addEmail(key.contactPerson[String(ct.id)] as string, ct.email);
  for (const user of production.truth.users) {
    if (user.personId === null) {
      assert.equal(user.kind, 'staff');
      continue;
    }
    assert.ok(personEmails.get(user.personId)?.has(emailKey(user.email)), `${user.email} is one of ${user.personId}'s addresses`);
  }
  await onDemo(async (c) => {
    const rows = (await c.query("SELECT external_id, amount::float8 AS amount, metadata->>'xendit_invoice_id' AS invoice FROM public.transactions WHERE external_id NOT LIKE 'manual-%'")).rows;
    assert.ok(rows.length > 3000);
    for (const row of rows) {
      const invoice = invoices.get(row.invoice);
      assert.ok(invoice, row.invoice);
      assert.equal(row.external_id, invoice.external_id);
      assert.equal(row.amount, invoice.amount);
      assert.equal(key.invoiceProduct[invoice.id], 'p2p');
    }
    // App-maintained columns no source has.
    assert.ok((await count(c, 'SELECT count(*) AS n FROM public.unified_profiles WHERE login_count > 0')) > 2000);
    assert.ok((await count(c, "SELECT count(*) AS n FROM public.unified_profiles WHERE admin_metadata ? 'note'")) > 100);
    assert.ok((await count(c, 'SELECT count(*) AS n FROM public.affiliates')) > 50);
  });
});

test('the catalog has every trap of the real platform', async () => {
  await onDemo(async (c) => {
    const one = async (sql: string, params: unknown[] = []) => (await c.query(sql, params)).rows[0];
    // auth.users: generated confirmed_at, the NULL-by-default token columns, partial uniques.
    assert.equal((await one("SELECT attgenerated FROM pg_attribute WHERE attrelid = 'auth.users'::regclass AND attname = 'confirmed_at'")).attgenerated, 's');
    assert.equal((await one("SELECT attgenerated FROM pg_attribute WHERE attrelid = 'auth.identities'::regclass AND attname = 'email'")).attgenerated, 's');
    assert.equal(
      (await one("SELECT count(*)::int AS n FROM pg_attrdef WHERE adrelid = 'auth.users'::regclass AND adnum = (SELECT attnum FROM pg_attribute WHERE attrelid = 'auth.users'::regclass AND attname = 'confirmation_token')")).n,
      0,
    );
    for (const index of ['users_email_partial_key', 'confirmation_token_idx', 'recovery_token_idx', 'reauthentication_token_idx']) {
      const row = await one("SELECT i.indisunique, i.indpred IS NOT NULL AS partial FROM pg_index i WHERE i.indexrelid = $1::regclass", [`auth.${index}`]);
      assert.deepEqual(row, { indisunique: true, partial: true }, index);
    }
    assert.equal((await one("SELECT confdeltype FROM pg_constraint WHERE conname = 'identities_user_id_fkey'")).confdeltype, 'c');
    // Roles.
    const roles = Object.fromEntries(
      (await c.query("SELECT rolname, rolsuper, rolbypassrls, rolcanlogin, rolconfig FROM pg_roles WHERE rolname IN ('anon','authenticated','service_role','authenticator','supabase_auth_admin','postgres')")).rows.map((r) => [r.rolname, r]),
    );
    assert.equal(Object.keys(roles).length, 6);
    assert.equal(roles.service_role.rolbypassrls, true);
    assert.deepEqual([roles.postgres.rolsuper, roles.postgres.rolbypassrls], [false, true]);
    assert.ok(roles.authenticator.rolconfig.includes('lock_timeout=8s') && roles.authenticator.rolconfig.includes('statement_timeout=8s'));
    assert.deepEqual(
      await one("SELECT has_schema_privilege('postgres', 'auth', 'CREATE') AS create, has_table_privilege('postgres', 'auth.users', 'SELECT,INSERT,UPDATE,DELETE') AS dml, pg_get_userbyid(relowner) AS owner FROM pg_class WHERE oid = 'auth.users'::regclass"),
      { create: false, dml: true, owner: 'supabase_auth_admin' },
    );
    // The four tables: the circular deferrable FK, enums, CHECKs, trigram and GIN indexes.
    assert.deepEqual(await one("SELECT condeferrable, condeferred, confdeltype FROM pg_constraint WHERE conname = 'unified_profiles_affiliate_id_fkey'"), {
      condeferrable: true,
      condeferred: true,
      confdeltype: 'n',
    });
    assert.equal((await one("SELECT count(*)::int AS n FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid WHERE a.attrelid IN ('public.unified_profiles'::regclass, 'public.transactions'::regclass, 'public.affiliates'::regclass) AND t.typtype = 'e'")).n, 3);
    assert.ok((await one("SELECT count(*)::int AS n FROM pg_constraint WHERE contype = 'c' AND conrelid IN ('public.unified_profiles'::regclass, 'public.transactions'::regclass, 'public.enrollments'::regclass, 'public.affiliates'::regclass)")).n >= 10);
    assert.match((await one("SELECT pg_get_indexdef('public.unified_profiles_email_trgm_idx'::regclass) AS d")).d, /USING gin \(email extensions\.gin_trgm_ops\)/);
    assert.match((await one("SELECT pg_get_indexdef('public.unified_profiles_tags_idx'::regclass) AS d")).d, /USING gin \(tags\)/);
    // Inbound FKs from at least six other tables, every ON DELETE kind.
    const inbound = (
      await c.query(
        `SELECT DISTINCT conrelid::regclass::text AS child, confdeltype FROM pg_constraint
          WHERE contype = 'f' AND confrelid IN ('public.unified_profiles'::regclass, 'public.transactions'::regclass, 'public.enrollments'::regclass, 'public.affiliates'::regclass)
            AND conrelid NOT IN ('public.unified_profiles'::regclass, 'public.transactions'::regclass, 'public.enrollments'::regclass, 'public.affiliates'::regclass)`,
      )
    ).rows;
    assert.ok(new Set(inbound.map((r) => r.child)).size >= 6);
    assert.deepEqual([...new Set(inbound.map((r) => r.confdeltype))].sort(), ['a', 'c', 'd', 'n', 'r']);
    // Views, a materialized view, a BEGIN ATOMIC function bound by pg_depend.
    assert.ok((await one("SELECT count(*)::int AS n FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'v'")).n >= 3);
    assert.equal((await one("SELECT count(*)::int AS n FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'm'")).n, 1);
    assert.equal(
      (await one("SELECT count(DISTINCT p.oid)::int AS n FROM pg_proc p JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.refobjid = 'public.enrollments'::regclass WHERE p.prosqlbody IS NOT NULL")).n,
      1,
    );
    // Triggers, RLS on some tables only, a policy reading another swapped table.
    const triggers = (await c.query("SELECT tgname, tgenabled FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1")).rows;
    for (const name of ['on_p2p_transaction_completed', 'enrollments_sync_profile_flags', 'affiliates_sync_profile_flags', 'on_auth_user_created']) {
      assert.ok(triggers.some((t) => t.tgname === name), name);
    }
    assert.equal(triggers.find((t) => t.tgname === 'mirror_profiles_to_dev')?.tgenabled, 'D');
    const rls = Object.fromEntries(
      (await c.query("SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid IN ('public.unified_profiles'::regclass, 'public.transactions'::regclass, 'public.enrollments'::regclass, 'public.affiliates'::regclass)")).rows.map((r) => [r.relname, [r.relrowsecurity, r.relforcerowsecurity]]),
    );
    assert.deepEqual(rls, { unified_profiles: [true, false], transactions: [false, false], enrollments: [true, false], affiliates: [true, true] });
    assert.match((await one("SELECT qual FROM pg_policies WHERE policyname = 'enrollments_admin_all'")).qual, /unified_profiles/);
    // Grants: anon revoked on transactions but not on the other tables; a column grant.
    assert.deepEqual(
      await one("SELECT has_table_privilege('anon', 'public.transactions', 'SELECT') AS tx, has_table_privilege('anon', 'public.enrollments', 'SELECT') AS enr, has_column_privilege('authenticated', 'public.unified_profiles', 'first_name', 'UPDATE') AS col, has_column_privilege('authenticated', 'public.unified_profiles', 'email', 'UPDATE') AS email"),
      { tx: false, enr: true, col: true, email: false },
    );
    // PostgREST's event triggers, the realtime publication, replica identity.
    assert.deepEqual((await c.query("SELECT evtname, evtevent FROM pg_event_trigger ORDER BY 1")).rows, [
      { evtname: 'pgrst_ddl_watch', evtevent: 'ddl_command_end' },
      { evtname: 'pgrst_drop_watch', evtevent: 'sql_drop' },
    ]);
    assert.deepEqual((await c.query("SELECT tablename FROM pg_publication_tables WHERE pubname = 'supabase_realtime' ORDER BY 1")).rows.map((r) => r.tablename), ['enrollments', 'transactions']);
    assert.equal((await one("SELECT relreplident FROM pg_class WHERE oid = 'public.transactions'::regclass")).relreplident, 'f');
  });
});

test('the roles behave as on Supabase', async () => {
  await withTestDatabase(
    async (_url, db) => {
      await withClient(db.urlAs('authenticator'), async (c) => {
        assert.equal((await c.query('SHOW lock_timeout')).rows[0].lock_timeout, '8s');
        assert.equal((await c.query('SHOW statement_timeout')).rows[0].statement_timeout, '8s');
        await c.query('SET ROLE anon');
        await assert.rejects(c.query('SELECT count(*) FROM public.transactions'), (e: Error & { code?: string }) => e.code === '42501');
        assert.ok((await c.query('SELECT count(*)::int AS n FROM public.courses')).rows[0].n > 0);
        // anon sees only active affiliates (a policy), and no profile at all (no policy for anon).
        assert.equal((await c.query('SELECT count(*)::int AS n FROM public.unified_profiles')).rows[0].n, 0);
        assert.equal((await c.query("SELECT count(*)::int AS n FROM public.affiliates WHERE status <> 'active'")).rows[0].n, 0);
        await c.query('RESET ROLE');
        // An authenticated user reads only their own profile and enrollments.
        const someone = production.truth.users.find((u) => u.kind === 'buyer' && u.hasProfile)!;
        await c.query('BEGIN');
        await c.query("SELECT set_config('request.jwt.claim.sub', $1, true)", [someone.id]);
        await c.query('SET LOCAL ROLE authenticated');
        assert.deepEqual((await c.query('SELECT id FROM public.unified_profiles')).rows, [{ id: someone.id }]);
        assert.equal((await c.query('SELECT count(*)::int AS n FROM public.enrollments WHERE user_id <> $1', [someone.id])).rows[0].n, 0);
        await c.query('ROLLBACK');
      });
      await withClient(db.urlAs('postgres'), async (c) => {
        await assert.rejects(c.query('CREATE TABLE auth.staging_users (id uuid)'), (e: Error & { code?: string }) => e.code === '42501');
        assert.ok((await c.query('SELECT count(*)::int AS n FROM auth.users')).rows[0].n > 3000);
        // BYPASSRLS: the owner role sees every profile.
        assert.equal((await c.query('SELECT count(*)::int AS n FROM public.unified_profiles')).rows[0].n, production.truth.counts['public.unified_profiles']);
      });
    },
    { template },
  );
});

test('the triggers fire: a completed P2P payment enrols its buyer and sets the profile flag; DDL notifies PostgREST', async () => {
  await onDemo(async (c, db) => {
    const { rows } = await c.query(
      `SELECT p.id FROM public.unified_profiles p WHERE p.account_type = 'student'
          AND NOT EXISTS (SELECT 1 FROM public.enrollments e WHERE e.user_id = p.id) ORDER BY p.id LIMIT 1`,
    );
    const userId = rows[0].id as string;
    await c.query("INSERT INTO public.transactions (user_id, external_id, amount, status, transaction_type) VALUES ($1, 'trigger-test', 1300, 'completed', 'P2P')", [userId]);
    assert.equal((await c.query("SELECT status FROM public.enrollments WHERE user_id = $1", [userId])).rows[0]?.status, 'active');
    assert.equal((await c.query('SELECT is_student FROM public.unified_profiles WHERE id = $1', [userId])).rows[0].is_student, true);

    const listener = await connectClient(db.url);
    try {
      await listener.query('LISTEN pgrst');
      const heard = new Promise<string | undefined>((resolve) => listener.once('notification', (n) => resolve(n.payload)));
      await c.query("COMMENT ON TABLE public.courses IS 'Courses on sale.'");
      assert.equal(await heard, 'reload schema');
    } finally {
      await listener.end();
    }
  });
});

test('the workspace demo production starts from the workspace folder, stops, and starts again with its data', async () => {
  const workspace = tempDir();
  try {
    const first = await startDemoProduction(workspace.path, { scale: 0.05 });
    const users = first.truth.counts['auth.users'] as number;
    try {
      await withClient(first.url, async (c) => {
        assert.equal((await c.query('SELECT current_user, count(*)::int AS n FROM auth.users GROUP BY 1')).rows[0].n, users);
        assert.equal((await c.query('SELECT current_user AS u')).rows[0].u, 'postgres');
        await c.query("INSERT INTO public.courses (slug, title, price) VALUES ('kept-across-restarts', 'Kept', 1)");
      });
    } finally {
      await first.stop();
    }
    await assert.rejects(withClient(first.url, (c) => c.query('SELECT 1')));
    const second = await startDemoProduction(workspace.path, { scale: 0.05 });
    try {
      assert.deepEqual(second.truth, readDemoProductionTruth(workspace.path));
      await withClient(second.url, async (c) => {
        assert.equal((await c.query('SELECT count(*)::int AS n FROM auth.users')).rows[0].n, users);
        assert.equal((await c.query("SELECT count(*)::int AS n FROM public.courses WHERE slug = 'kept-across-restarts'")).rows[0].n, 1);
      });
    } finally {
      await second.stop();
    }
  } finally {
    workspace.remove();
  }
});
