// test-postgres: 17
// RLS, policies and grants after a cutover, as the API's clients see them: with a staging that
// is an exact copy of production, anon, a student and an admin read exactly the rows they read
// before, may write exactly what they could, and hold exactly the privileges they held.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import { withClient } from '../pg/client.ts';
import { withTestDatabase } from '../pg/testing.ts';
import { cutoverRequest, stagedDemoTemplate } from '../testing/cutover.ts';
import { runSwap } from './execute.ts';

const READ = [
  'public.unified_profiles',
  'public.transactions',
  'public.enrollments',
  'public.affiliates',
  'public.user_notes',
  'public.courses',
  'public.purchase_history',
  'public.marketing_contacts',
  'public.affiliate_overview',
  'public.revenue_analysis',
  'public.monthly_enrollments',
  'public.student_summary',
];
const PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'];

interface Client {
  role: 'anon' | 'authenticated';
  sub: string | null;
}

/** What one API client sees and may do, as PostgREST runs it: authenticator, SET ROLE, the JWT's claims. */
async function asClient(c: pg.ClientBase, who: Client): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const inRole = async <T>(fn: () => Promise<T>): Promise<T | string> => {
    await c.query('BEGIN');
    try {
      await c.query(`SET LOCAL ROLE ${who.role}`);
      await c.query("SELECT set_config('request.jwt.claims', $1, true)", [JSON.stringify({ sub: who.sub, role: who.role })]);
      return await fn();
    } catch (error) {
      return `refused: ${(error as { code?: string }).code}`;
    } finally {
      await c.query('ROLLBACK');
    }
  };
  for (const relation of READ) {
    out[`read ${relation}`] = String(
      await inRole(async () => (await c.query(`SELECT count(*) || ':' || coalesce(md5(string_agg(to_jsonb(x)::text, '|' ORDER BY to_jsonb(x)::text)), '') AS v FROM ${relation} x`)).rows[0].v),
    );
  }
  const self = who.sub ?? '00000000-0000-0000-0000-000000000000';
  out['update own first_name'] = String(await inRole(async () => (await c.query("UPDATE public.unified_profiles SET first_name = 'Me' WHERE id = $1", [self])).rowCount));
  out['update own email'] = String(await inRole(async () => (await c.query("UPDATE public.unified_profiles SET email = 'x@example.org' WHERE id = $1", [self])).rowCount));
  out['update any enrollment'] = String(await inRole(async () => (await c.query("UPDATE public.enrollments SET progress_percent = 1")).rowCount));
  out['delete a transaction'] = String(await inRole(async () => (await c.query('DELETE FROM public.transactions WHERE id IN (SELECT id FROM public.transactions LIMIT 1)')).rowCount));
  return out;
}

async function privileges(c: pg.ClientBase): Promise<string[]> {
  const r = await c.query(
    `SELECT r.rolname || ' ' || p || ' ' || t AS v
       FROM unnest($1::text[]) AS t, unnest($2::text[]) AS p, pg_roles r
      WHERE r.rolname IN ('anon', 'authenticated', 'service_role', 'authenticator', 'supabase_auth_admin') AND has_table_privilege(r.oid, t, p)
     UNION ALL
     SELECT r.rolname || ' UPDATE (' || a.attname || ') ' || t
       FROM unnest($1::text[]) AS t, pg_roles r, pg_attribute a
      WHERE r.rolname IN ('anon', 'authenticated') AND a.attrelid = t::regclass AND a.attnum > 0 AND NOT a.attisdropped
        AND has_column_privilege(r.oid, t, a.attname, 'UPDATE')
      ORDER BY 1`,
    [READ, PRIVILEGES],
  );
  return r.rows.map((x) => x.v as string);
}

test('as anon, a student and an admin, a client reads and writes exactly what it could before the cutover', async () => {
  await withTestDatabase(
    async (_url, db) => {
      const clients = await withClient(db.urlAs('postgres'), async (c) => {
        const student = (await c.query("SELECT p.id FROM public.unified_profiles p JOIN public.enrollments e ON e.user_id = p.id WHERE NOT p.is_admin ORDER BY p.id LIMIT 1")).rows[0].id as string;
        const admin = (await c.query('SELECT id FROM public.unified_profiles WHERE is_admin ORDER BY id LIMIT 1')).rows[0].id as string;
        return [
          { role: 'anon', sub: null },
          { role: 'authenticated', sub: student },
          { role: 'authenticated', sub: admin },
        ] as Client[];
      });
      const seen = () =>
        withClient(db.urlAs('authenticator'), async (c) => {
          const out: Record<string, string>[] = [];
          for (const who of clients) out.push(await asClient(c, who));
          return out;
        });
      const before = await seen();
      const grantsBefore = await withClient(db.urlAs('postgres'), privileges);
      assert.match(before[0]?.['read public.transactions'] ?? '', /^refused: 42501/, 'anon may not read payments');
      assert.match(before[1]?.['read public.unified_profiles'] ?? '', /^1:/, 'a student sees their own profile only');
      assert.equal(before[1]?.['update own email'], 'refused: 42501', 'nor may they change their e-mail');

      await withClient(db.urlAs('postgres'), (c) => runSwap(c, cutoverRequest()));
      assert.deepEqual(await seen(), before);
      assert.deepEqual(await withClient(db.urlAs('postgres'), privileges), grantsBefore);
    },
    { template: stagedDemoTemplate({ changes: false }) },
  );
});
