// test-postgres: 17
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import { withClient } from '../pg/client.ts';
import { withTestDatabase, type TestDatabase } from '../pg/testing.ts';
import { demoProductionTemplate } from '../demo/production/testing.ts';
import { DEFAULT_SWAP_TABLES } from '../target/swap-tables.ts';
import { cutoverRequest, stagedDemoTemplate } from '../testing/cutover.ts';
import { readSwapFacts } from './facts.ts';
import type { SwapPlan } from './model.ts';
import { buildSwapPlan } from './plan.ts';

const template = stagedDemoTemplate();

function onStaged<T>(fn: (c: pg.Client, db: TestDatabase) => Promise<T>): Promise<T> {
  return withTestDatabase((_url, db) => withClient(db.urlAs('postgres'), (c) => fn(c, db)), { template });
}

const sqlOf = (plan: SwapPlan, step: string) => plan.steps.find((s) => s.id === step)?.statements.map((s) => s.sql.replace(/\s+/g, ' ')) ?? [];

test('the demo cutover plan: runnable, every step’s SQL, the lock order, row deltas, orphan cases, security and the rollback', async () => {
  await onStaged(async (c) => {
    const park = 'cutover_backup_20261202_000000_abcdef';
    const facts = await readSwapFacts(c, { ...cutoverRequest({}, park), withDeltas: true });
    const plan = buildSwapPlan(facts);
    assert.deepEqual(plan.refusals, []);
    assert.deepEqual(JSON.parse(JSON.stringify(plan)), plan, 'plain JSON');
    assert.equal(buildSwapPlan(facts).sha256, plan.sha256, 'the same facts plan the same SQL');

    // One LOCK TABLE: what clients lock before the swapped tables comes first; children before parents.
    const at = (name: string) => plan.lockOrder.indexOf(name);
    assert.ok(at('public.user_notes') < at('public.purchase_history') && at('public.purchase_history') < at('public.enrollments'));
    assert.ok(at('public.enrollments') < at('public.unified_profiles') && at('public.unified_profiles') < at('cutover_staging.unified_profiles'));
    assert.equal(at('public.student_summary'), -1, 'a materialized view cannot be LOCKed: dropping it in the same attempt locks it');
    assert.deepEqual(sqlOf(plan, 'lock'), [`LOCK TABLE ${plan.lockOrder.join(', ')} IN ACCESS EXCLUSIVE MODE`, 'DROP MATERIALIZED VIEW public.student_summary']);

    const all = plan.steps.flatMap((s) => s.statements.map((x) => x.sql.replace(/\s+/g, ' '))).join('\n');
    for (const expected of [
      `CREATE SCHEMA "${park}"`,
      `ALTER TABLE "public"."unified_profiles" SET SCHEMA "${park}"`,
      'ALTER TABLE "cutover_staging"."unified_profiles" SET SCHEMA "public"',
      'ALTER INDEX "cutover_staging"."unified_profiles_lower_idx" RENAME TO "unified_profiles_email_lower_idx"',
      'ALTER SEQUENCE public.affiliates_affiliate_number_seq OWNED BY NONE',
      'ALTER SEQUENCE public.affiliates_affiliate_number_seq OWNED BY "public"."affiliates"."affiliate_number"',
      'ALTER TABLE public.user_notes DROP CONSTRAINT "user_notes_profile_id_fkey"',
      'ALTER TABLE public.user_notes ADD CONSTRAINT "user_notes_profile_id_fkey" FOREIGN KEY (profile_id) REFERENCES public.unified_profiles(id) ON DELETE CASCADE NOT VALID',
      'ALTER TABLE public.user_notes VALIDATE CONSTRAINT "user_notes_profile_id_fkey"',
      'CREATE OR REPLACE VIEW public.marketing_contacts WITH (security_invoker=true) AS',
      'CREATE OR REPLACE FUNCTION public.active_student_count(course_slug text)',
      'ALTER POLICY "user_notes_admin_only" ON public.user_notes USING',
      'CREATE POLICY "profiles_select_own" ON "public"."unified_profiles" AS PERMISSIVE FOR SELECT TO "authenticated" USING ((id = auth.uid()))',
      'ALTER TABLE "public"."affiliates" FORCE ROW LEVEL SECURITY',
      'ALTER TABLE "public"."unified_profiles" DISABLE TRIGGER "mirror_profiles_to_dev"',
      'ALTER TABLE "public"."transactions" REPLICA IDENTITY FULL',
      'ALTER TABLE "public"."transactions" ALTER COLUMN "status" SET STATISTICS 500',
      'ALTER PUBLICATION "supabase_realtime" ADD TABLE "public"."transactions"',
      'GRANT UPDATE ("first_name") ON TABLE "public"."unified_profiles" TO "authenticated"',
      'DROP FUNCTION public.profile_by_email(text)',
      'REFRESH MATERIALIZED VIEW CONCURRENTLY public.student_summary',
      "NOTIFY pgrst, 'reload schema'",
    ]) {
      assert.ok(all.includes(expected), `the plan has: ${expected}`);
    }
    assert.ok(!all.split('\n').some((sql) => /^(DROP|ALTER TABLE .* DROP) .*\bCASCADE\b/.test(sql)), 'nothing is dropped with CASCADE');
    assert.ok(plan.steps.find((s) => s.id === 'validate')?.statements.every((s) => /VALIDATE CONSTRAINT/.test(s.sql)));

    // Rows: the staged tables against production.
    const delta = Object.fromEntries(plan.rowDeltas.map((d) => [d.table, d]));
    assert.equal(delta['public.unified_profiles']?.added, 5);
    assert.equal(delta['public.unified_profiles']?.removed, 0, 'the dropped test profiles that others reference are kept');
    assert.equal(delta['public.transactions']?.changed, await count(c, "SELECT count(*) AS n FROM public.transactions WHERE status IN ('paid', 'success', 'SUCCEEDED')"));

    // Orphans: each case with its choice (keep the parent by default).
    assert.ok(plan.orphanCases.length > 0);
    assert.ok(plan.orphanCases.every((o) => o.choice === 'keep-parent' && o.parentTable === 'public.unified_profiles' && o.childRows > 0));
    assert.deepEqual(plan.security.find((s) => s.table === 'public.affiliates')?.rls, 'enabled, forced');
    assert.match(plan.rollback.join(' '), new RegExp(`backups in ${park}`));
    assert.ok(plan.expectedLockMs > 0);
  });
});

test('orphan choices: deleting the children or aborting, by case, and the plan’s hash follows the choices', async () => {
  await onStaged(async (c) => {
    const base = buildSwapPlan(await readSwapFacts(c, cutoverRequest({}, 'cutover_backup_x')));
    const [one, two] = base.orphanCases;
    assert.ok(one && two);
    const chosen = buildSwapPlan(await readSwapFacts(c, cutoverRequest({ choices: { [one.id]: 'delete-children', [two.id]: 'abort' } }, 'cutover_backup_x')));
    assert.notEqual(chosen.sha256, base.sha256);
    assert.deepEqual(chosen.orphanCases.map((o) => o.id), base.orphanCases.map((o) => o.id), 'cases keep their ids across plans');
    assert.match(sqlOf(chosen, 'orphans').join('\n'), new RegExp(`DELETE FROM ${one.childTable.replace('.', '\\.')} WHERE`));
    assert.deepEqual(chosen.refusals.map((r) => r.reason), [`${two.childRows} row(s) would lose their parent, and the choice for this case is to abort`]);
  });
});

test('what cannot be swapped is refused up front, naming the object and the reason', async () => {
  await onStaged(async (c, db) => {
    await withClient(db.url, async (su) => {
      await su.query(`
        CREATE TABLE public.events (id bigint, at date, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
        CREATE TABLE cutover_staging.events (id bigint, at date);
        CREATE TABLE public.parent_t (id int PRIMARY KEY);
        CREATE TABLE public.child_t () INHERITS (public.parent_t);
        CREATE TABLE cutover_staging.child_t (id int PRIMARY KEY);
        ALTER TABLE cutover_staging.transactions ALTER COLUMN amount DROP NOT NULL;
        DROP TRIGGER cutover_capture ON public.affiliates;
        UPDATE cutover_staging.auth_users SET email = 'Late-Signup-1@Example.org' WHERE email = 'late-signup-1@example.org';
        INSERT INTO auth.users (id, email, aud, role, instance_id) VALUES (gen_random_uuid(), 'LATE-SIGNUP-1@example.org', 'authenticated', 'authenticated', '00000000-0000-0000-0000-000000000000');
        CREATE VIEW public.top_spenders AS SELECT * FROM public.student_summary ORDER BY spent DESC LIMIT 10;
        ALTER PUBLICATION supabase_realtime OWNER TO supabase_admin;
      `);
    });
    const tables = [...DEFAULT_SWAP_TABLES, { schema: 'public', name: 'events' }, { schema: 'public', name: 'child_t' }];
    const plan = buildSwapPlan(await readSwapFacts(c, { ...cutoverRequest(), tables }));
    const reasons = plan.refusals.map((r) => `${r.object}: ${r.reason}`);
    for (const expected of [
      /^public\.events: it is partitioned/,
      /^public\.child_t: it inherits from another table/,
      /^cutover_staging\.transactions columns\.amount\.notNull: differs from public\.transactions: false where production has true/,
      /^public\.affiliates: it has no capture trigger/,
      /^staged auth user Late-Signup-1@Example\.org: auth user .* signed up with this e-mail since the push: push again/,
      /^public\.student_summary: it must be rebuilt over the new tables, but view public\.top_spenders depends on it/,
      /^publication supabase_realtime: it is owned by supabase_admin/,
    ]) {
      assert.ok(reasons.some((r) => expected.test(r)), `${expected} among:\n${reasons.join('\n')}`);
    }
  });
});

test('a cutover with no staging refuses: nothing to swap in, no manifest, no capture', async () => {
  await withTestDatabase(
    (_url, db) =>
      withClient(db.urlAs('postgres'), async (c) => {
        const plan = buildSwapPlan(await readSwapFacts(c, cutoverRequest()));
        const objects = plan.refusals.map((r) => r.object);
        assert.ok(objects.includes('cutover_staging.unified_profiles'));
        assert.ok(objects.includes('cutover_capture.changes'));
        assert.ok(objects.includes('cutover_staging.push_manifest'));
      }),
    { template: demoProductionTemplate({ scale: 0.05 }) },
  );
});

async function count(c: pg.ClientBase, sql: string): Promise<number> {
  return Number((await c.query(sql)).rows[0].n);
}
