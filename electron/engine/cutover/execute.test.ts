// test-postgres: 15 17 18
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import { connectClient, withClient } from '../pg/client.ts';
import type { PgMajor } from '../pg/cluster.ts';
import { withTestDatabase, type TestDatabase } from '../pg/testing.ts';
import { diffInventories } from '../target/catalog-diff.ts';
import { introspect } from '../target/introspect/introspect.ts';
import { demoProductionTemplate } from '../demo/production/testing.ts';
import { checksums, closeDemoPlanSources, cutoverRequest, DEFAULT_OPTIONS, pushDemoPlan, stagedDemoTemplate } from '../testing/cutover.ts';
import { GOTRUE_SCANNED } from './auth-merge.ts';
import { planSwap, runSwap } from './execute.ts';
import { readHistory } from './history.ts';
import { GOTRUE_INSTANCE } from './names.ts';
import { cutoverToUndo, rollbackRequest } from './rollback.ts';

const template = stagedDemoTemplate();
after(() => closeDemoPlanSources());
const SWAPPED = ['public.unified_profiles', 'public.transactions', 'public.enrollments', 'public.affiliates'];

function onStaged<T>(fn: (c: pg.Client, db: TestDatabase) => Promise<T>, major: PgMajor = 17, t = template): Promise<T> {
  return withTestDatabase((_url, db) => withClient(db.urlAs('postgres'), (c) => fn(c, db)), { major, template: t });
}

const count = async (c: pg.ClientBase, sql: string, params: unknown[] = []) => Number((await c.query(sql, params)).rows[0].n);

for (const major of [15, 17, 18] as const) {
  test(`PG ${major}: the real push, cut over, roll back, push again and cut over again; each time production's catalog is exactly as before`, async () => {
    await withTestDatabase(
      (_url, db) =>
        withClient(db.urlAs('postgres'), async (c) => {
          await pushDemoPlan(c);
          // Production as the push leaves it (with its capture triggers): what the cutover must reproduce.
          const before = await introspect(c);
          const afterPush = await checksums(c);
          const staged = await count(c, 'SELECT count(*) AS n FROM cutover_staging.unified_profiles');

          const first = await runSwap(c, cutoverRequest());
          // Names, columns, constraints, indexes, sequences, grants, RLS, policies, triggers, rules,
          // comments, replica identity, publications, statistics, inbound FKs, views, matviews and
          // functions: all as production had them, bound to the new tables.
          assert.deepEqual(diffInventories(before, await introspect(c)), []);
          assert.equal(await count(c, 'SELECT count(*) AS n FROM public.unified_profiles'), staged, 'the staged rows serve now');
          const backup = first.plan.parkSchema;
          assert.deepEqual(
            await checksums(c, SWAPPED.map((t) => t.replace('public.', `${backup}.`))),
            Object.fromEntries(SWAPPED.map((t) => [t.replace('public.', `${backup}.`), afterPush[t]])),
            'the backups hold production exactly as it was',
          );
          assert.ok(first.after.every((a) => a.ok), JSON.stringify(first.after.filter((a) => !a.ok)));
          assert.equal(await count(c, "SELECT count(*) AS n FROM pg_constraint WHERE contype = 'f' AND NOT convalidated AND connamespace = 'public'::regnamespace"), 0, 'every foreign key validated after commit');

          const rollback = await runSwap(c, rollbackRequest(await cutoverToUndo(c), DEFAULT_OPTIONS));
          assert.deepEqual(diffInventories(before, await introspect(c)), [], 'the catalog after the rollback is the catalog before the cutover');
          assert.deepEqual(await checksums(c), afterPush, 'rows of production, its children and auth exactly as before the cutover');

          await pushDemoPlan(c);
          const again = await runSwap(c, cutoverRequest());
          assert.deepEqual(diffInventories(before, await introspect(c)), []);

          const history = await readHistory(c);
          assert.deepEqual(
            history.map((h) => [h.id, h.kind, h.status, h.ofHistory]),
            [
              [again.historyId, 'cutover', 'committed', null],
              [rollback.historyId, 'rollback', 'committed', first.historyId],
              [first.historyId, 'cutover', 'committed', null],
            ],
          );
          assert.ok(history.every((h) => (h.lockHoldMs ?? -1) > 0 && h.lockAttempts === 1 && h.committedAt !== null));
        }),
      { major, template: demoProductionTemplate({ scale: 0.05 }) },
    );
  });
}

test('with the fixture staging (parents the migration drops but others reference): cut over and roll back exactly', async () => {
  await onStaged(async (c) => {
    const before = await introspect(c);
    const rowsBefore = await checksums(c);
    const staged = await count(c, 'SELECT count(*) AS n FROM cutover_staging.unified_profiles');
    // Profiles the migration dropped but other tables still reference are kept (the default choice).
    const kept = new Set((await planSwap(c, cutoverRequest())).orphanCases.filter((o) => o.parentTable === 'public.unified_profiles').map((o) => JSON.stringify(o.parentKey))).size;
    assert.ok(kept > 0);
    await runSwap(c, cutoverRequest());
    assert.deepEqual(diffInventories(before, await introspect(c)), []);
    assert.equal(await count(c, 'SELECT count(*) AS n FROM public.unified_profiles'), staged + kept, 'the staged rows serve now, with the parents kept');
    assert.equal(await count(c, "SELECT count(*) AS n FROM public.transactions WHERE status IN ('paid', 'success', 'SUCCEEDED')"), 0, 'the migration’s status values');
    await runSwap(c, rollbackRequest(await cutoverToUndo(c), DEFAULT_OPTIONS));
    assert.deepEqual(diffInventories(before, await introspect(c)), []);
    assert.deepEqual(await checksums(c), rowsBefore);
  });
});

test('everything outside the swapped tables that production bound to them by OID points at the new tables', async () => {
  await onStaged(async (c) => {
    const oids = async () =>
      (await c.query(`SELECT relname, oid FROM pg_class WHERE oid IN (${SWAPPED.map((t) => `'${t}'::regclass`).join(', ')})`)).rows.map((r) => `${r.relname}:${r.oid}`).sort();
    const before = await oids();
    const { plan } = await runSwap(c, cutoverRequest());
    const after = await oids();
    assert.notDeepEqual(after, before, 'the tables are new ones');
    const bound = await c.query(
      `SELECT pg_describe_object(classid, objid, objsubid) AS what FROM pg_depend
        WHERE deptype = 'n' AND refclassid = 'pg_class'::regclass AND refobjid = ANY ($1::regclass[]) AND classid <> 'pg_class'::regclass
        ORDER BY 1`,
      [SWAPPED],
    );
    const what = bound.rows.map((r) => r.what as string);
    for (const fk of ['user_notes_profile_id_fkey', 'activity_log_profile_id_fkey', 'refund_requests_transaction_id_fkey', 'course_reviews_enrollment_id_fkey', 'affiliate_payouts_affiliate_id_fkey']) {
      assert.ok(what.some((w) => w.includes(fk)), `${fk} references the new table`);
    }
    for (const view of ['purchase_history', 'revenue_analysis', 'monthly_enrollments', 'marketing_contacts', 'affiliate_overview', 'student_summary']) {
      assert.ok(what.some((w) => w.includes(`view public.${view}`)), `${view} reads the new tables`);
    }
    assert.ok(what.some((w) => w.includes('function public.active_student_count(text)')), 'the BEGIN ATOMIC function reads the new table');
    assert.ok(what.some((w) => w.includes('policy user_notes_admin_only on table public.user_notes')), "another table's policy reads the new table");
    // Nothing is left bound to the backups.
    const stale = await c.query(
      `SELECT count(*)::int AS n FROM pg_depend d JOIN pg_class k ON k.oid = d.refobjid AND d.refclassid = 'pg_class'::regclass
        WHERE k.relnamespace = $1::regnamespace AND d.deptype = 'n' AND d.classid IN ('pg_rewrite'::regclass, 'pg_proc'::regclass)`,
      [plan.parkSchema],
    );
    assert.equal(stale.rows[0].n, 0);
    // The matview reads the new rows, and the function counts them.
    assert.equal(await count(c, 'SELECT count(*) AS n FROM public.student_summary'), await count(c, 'SELECT count(*) AS n FROM public.unified_profiles'));
    assert.equal(
      await count(c, "SELECT public.active_student_count('papers-to-profits') AS n"),
      await count(c, "SELECT count(*) AS n FROM public.enrollments e JOIN public.courses k ON k.id = e.course_id WHERE k.slug = 'papers-to-profits' AND e.status = 'active'"),
    );
  });
});

test('writes production took since the push are carried over under the lock, each listed', async () => {
  for (const policy of ['production', 'migration'] as const) {
    await onStaged(async (c, db) => {
      const app = await connectClient(db.urlAs('postgres'));
      const profile = (await c.query("SELECT id, first_name, login_count FROM public.unified_profiles WHERE account_type = 'student' AND first_name IS NOT NULL ORDER BY id LIMIT 1")).rows[0];
      const paid = (await c.query("SELECT id, user_id FROM public.transactions WHERE status = 'paid' ORDER BY id LIMIT 1")).rows[0];
      const enrollment = (await c.query('SELECT e.id, e.user_id FROM public.enrollments e LEFT JOIN public.course_reviews r ON r.enrollment_id = e.id WHERE r.id IS NULL ORDER BY e.id LIMIT 1')).rows[0];
      const newTx = '00000000-0000-4000-8000-00000000c0de';
      try {
        // The live app: an app-owned and a migration-owned column changed, a row added, one removed.
        await app.query("UPDATE public.unified_profiles SET login_count = login_count + 7, first_name = 'Changed' WHERE id = $1", [profile.id]);
        await app.query("UPDATE public.transactions SET status = 'refunded' WHERE id = $1", [paid.id]);
        await app.query("INSERT INTO public.transactions (id, user_id, external_id, amount, status) VALUES ($1, $2, 'after-push-1', 49, 'pending')", [newTx, paid.user_id]);
        await app.query('DELETE FROM public.enrollments WHERE id = $1', [enrollment.id]);
      } finally {
        await app.end();
      }
      const result = await runSwap(c, cutoverRequest({ migrationColumns: policy }));
      const now = (await c.query('SELECT first_name, login_count FROM public.unified_profiles WHERE id = $1', [profile.id])).rows[0];
      assert.equal(now.login_count, profile.login_count + 7, 'an app-owned column takes production’s value');
      assert.equal(now.first_name, policy === 'production' ? 'Changed' : profile.first_name, `a migration-owned column under the ${policy} policy`);
      const status = (await c.query('SELECT status FROM public.transactions WHERE id = $1', [paid.id])).rows[0].status;
      assert.equal(status, policy === 'production' ? 'refunded' : 'completed');
      assert.equal(await count(c, 'SELECT count(*) AS n FROM public.transactions WHERE id = $1', [newTx]), 1, 'the row the app inserted');
      assert.equal(await count(c, 'SELECT count(*) AS n FROM public.enrollments WHERE id = $1', [enrollment.id]), 0, 'the row the app deleted');
      const listed = result.carried.map((r) => `${r.table} ${r.action} ${String(r.key.id)}`).sort();
      // Production's own triggers wrote too: removing the enrollment updated its student's flags.
      const byTrigger = `public.unified_profiles updated ${enrollment.user_id}`;
      assert.deepEqual(listed.filter((l) => l !== byTrigger), [
        `public.enrollments deleted ${enrollment.id}`,
        `public.transactions inserted ${newTx}`,
        `public.transactions updated ${paid.id}`,
        `public.unified_profiles updated ${profile.id}`,
      ].sort());
      const flags = async (schema: string) => (await c.query(`SELECT is_student FROM ${schema}.unified_profiles WHERE id = $1`, [enrollment.user_id])).rows[0]?.is_student;
      assert.equal(await flags('public'), await flags(result.plan.parkSchema), 'the trigger’s write is carried as well');
      assert.deepEqual(result.carriedCounts['public.transactions'], { inserted: 1, updated: 1 });
    });
  }
});

test('columns only the app maintains keep their values for every existing row', async () => {
  await onStaged(async (c) => {
    const appColumns = `id, login_count, last_login_at, admin_metadata, is_admin, is_affiliate, email_bounced, email_marketing_subscribed, member_number, affiliate_id, membership_level_id, created_at`;
    const read = async (schema: string) => (await c.query(`SELECT ${appColumns} FROM ${schema}.unified_profiles ORDER BY id`)).rows;
    const before = await read('public');
    const { plan } = await runSwap(c, cutoverRequest());
    const after = new Map((await read('public')).map((r) => [r.id, r]));
    for (const row of before) assert.deepEqual(after.get(row.id), row, `profile ${row.id}`);
    assert.deepEqual(await read(plan.parkSchema), before);
    const progress = async (schema: string) => (await c.query(`SELECT id, progress_percent, last_accessed_at FROM ${schema}.enrollments ORDER BY id`)).rows;
    const kept = new Map((await progress('public')).map((r) => [r.id, r]));
    for (const row of await progress(plan.parkSchema)) assert.deepEqual(kept.get(row.id), row);
  });
});

test('the checks after COMMIT report a catalog that is not as planned and a user GoTrue cannot read, naming them', async () => {
  await onStaged(async (c) => {
    const user = (await c.query("SELECT id FROM auth.users WHERE instance_id = $1 AND email IS NOT NULL ORDER BY id LIMIT 1", [GOTRUE_INSTANCE])).rows[0].id as string;
    const result = await runSwap(c, cutoverRequest(), {
      onStep: (id, status) => {
        // Queued on the swap's own connection, so they run right before the checks read.
        if (id === 'checks' && status === 'running') {
          void c.query("COMMENT ON TABLE public.affiliates IS 'changed after the cutover'");
          void c.query('UPDATE auth.users SET recovery_token = NULL WHERE id = $1', [user]);
        }
      },
    });
    const failed = result.after.filter((a) => a.step === 'checks' && !a.ok);
    assert.equal(failed.length, 2, JSON.stringify(result.after.filter((a) => a.step === 'checks')));
    assert.ok(failed.some((a) => a.error?.includes(user) && a.error.includes('recovery_token')));
    assert.ok(failed.some((a) => /comment/.test(a.error ?? '') && a.error?.includes('changed after the cutover')));
    // Reported, never undone: the cutover stands.
    assert.ok(result.historyId > 0 && result.after.filter((a) => a.step !== 'checks').every((a) => a.ok));
  });
});

test('after a cutover every auth user reads as GoTrue reads it, and the added users can log in', async () => {
  await onStaged(async (c) => {
    assert.ok((await count(c, 'SELECT count(*) AS n FROM auth.users WHERE confirmation_token IS NULL')) > 0, 'production has users GoTrue cannot read');
    const staged = (await c.query('SELECT id, email FROM cutover_staging.auth_users ORDER BY email')).rows;
    const result = await runSwap(c, cutoverRequest());
    // The app's own checks after COMMIT read the same: GoTrue's columns, identities, the catalog.
    const checks = result.after.filter((a) => a.step === 'checks');
    assert.equal(checks.length, 3, JSON.stringify(checks));
    assert.ok(checks.every((a) => a.ok), JSON.stringify(checks));
    const users = (await c.query('SELECT u.*, EXISTS (SELECT 1 FROM auth.identities i WHERE i.user_id = u.id AND i.provider = $1) AS has_identity FROM auth.users u', ['email'])).rows;
    for (const u of users) {
      for (const column of Object.keys(GOTRUE_SCANNED)) assert.notEqual(u[column], null, `user ${u.id}: ${column} is NULL`);
      for (const column of ['aud', 'role', 'confirmation_token', 'recovery_token', 'email_change_token_new', 'email_change']) assert.equal(typeof u[column], 'string');
      if (u.instance_id === GOTRUE_INSTANCE) {
        assert.ok(u.has_identity, `user ${u.id} has an email identity`);
        assert.equal(u.aud, 'authenticated');
      }
    }
    const ghosts = users.filter((u) => u.instance_id === null);
    assert.ok(ghosts.length > 0 && ghosts.every((g) => !g.has_identity), 'users GoTrue can never find (no instance) get no identity');
    for (const s of staged) {
      const u = users.find((x) => x.id === s.id);
      assert.ok(u, `staged user ${s.email} is in auth.users`);
      assert.equal(u.email, s.email.toLowerCase());
      assert.equal(u.instance_id, GOTRUE_INSTANCE);
      assert.ok(u.email_confirmed_at !== null && u.confirmed_at !== null);
      // What GoTrue's password grant checks: the bcrypt hash verifies (pgcrypto's crypt is bcrypt's).
      const n = /late-signup-(\d+)@/.exec(s.email)?.[1];
      const ok = await c.query('SELECT extensions.crypt($1, $2) = $2 AS ok', [`correct horse ${n}`, u.encrypted_password]);
      assert.equal(ok.rows[0].ok, true);
      assert.equal(await count(c, 'SELECT count(*) AS n FROM public.unified_profiles WHERE id = $1', [s.id]), 1, 'with a profile');
    }
  });
});

// Capture ids are handed out when a write happens, not when it commits: a client transaction open
// across a catch-up round commits a lower id after a higher one was carried. Under the lock it
// must still be carried (it once was lost: the lock step carried only ids above the last round's).
for (const where of ['below the first id seen', 'between ids seen'] as const) {
  test(`a write committed after a catch-up round with its capture id ${where} is carried under the lock`, async () => {
    await onStaged(async (c, db) => {
      const user = (await c.query("SELECT id FROM public.unified_profiles WHERE account_type = 'student' ORDER BY id LIMIT 1")).rows[0].id;
      const pay = (app: pg.ClientBase, n: number) =>
        app.query("INSERT INTO public.transactions (id, user_id, external_id, amount, status) VALUES ($1, $2, $3, 1, 'pending')", [`00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, user, `in-flight-${n}`]);
      const early = await connectClient(db.urlAs('postgres'));
      const slow = await connectClient(db.urlAs('postgres'));
      try {
        if (where === 'between ids seen') await pay(early, 1);
        await slow.query('BEGIN');
        await pay(slow, 2);
        await pay(early, 3);
        const result = await runSwap(c, cutoverRequest(), {
          // After the prepare step's catch-up round has carried id 3 (and 1), before the lock.
          beforeStep: async (step) => {
            if (step === 'lock') await slow.query('COMMIT');
          },
        });
        const ids = (await c.query("SELECT external_id FROM public.transactions WHERE external_id LIKE 'in-flight-%' ORDER BY 1")).rows.map((r) => r.external_id);
        assert.deepEqual(ids, [...(where === 'between ids seen' ? ['in-flight-1'] : []), 'in-flight-2', 'in-flight-3']);
        assert.ok(result.carried.some((r) => r.table === 'public.transactions' && r.action === 'inserted' && String(r.key.id).endsWith('000000000002')), 'listed as carried');
      } finally {
        await slow.end();
        await early.end();
      }
    });
  });
}
