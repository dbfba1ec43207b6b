// test-postgres: 17
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import { connectClient, withClient } from '../pg/client.ts';
import { withTestDatabase, type TestDatabase } from '../pg/testing.ts';
import { diffInventories } from '../target/catalog-diff.ts';
import { introspect } from '../target/introspect/introspect.ts';
import { cutoverRequest, DEFAULT_OPTIONS, stagedDemoTemplate } from '../testing/cutover.ts';
import { backupsOf, dropBackups } from './drop-backups.ts';
import { runSwap } from './execute.ts';
import { readHistory } from './history.ts';
import { cutoverToUndo, rollbackRequest } from './rollback.ts';

const template = stagedDemoTemplate();

function onStaged<T>(fn: (c: pg.Client, db: TestDatabase) => Promise<T>): Promise<T> {
  return withTestDatabase((_url, db) => withClient(db.urlAs('postgres'), (c) => fn(c, db)), { template });
}

type Rows = Map<string, string>;
const TABLES: Record<string, string> = {
  'public.unified_profiles': 'id',
  'public.transactions': 'id',
  'public.enrollments': 'id',
  'public.affiliates': 'id',
  'public.user_notes': 'id',
  'public.course_reviews': 'id',
  'auth.users': 'id',
  'auth.identities': 'id',
};

/** Every row of each table, by key, as jsonb text. */
async function snapshot(c: pg.ClientBase): Promise<Record<string, Rows>> {
  const out: Record<string, Rows> = {};
  for (const [table, key] of Object.entries(TABLES)) {
    const r = await c.query(`SELECT x.${key}::text AS k, to_jsonb(x)::text AS j FROM ${table} x`);
    out[table] = new Map(r.rows.map((row) => [row.k as string, row.j as string]));
  }
  return out;
}

test('rollback restores production exactly, keeping the writes made between cutover and rollback', async () => {
  await onStaged(async (c, db) => {
    const inventoryBefore = await introspect(c);
    const before = await snapshot(c);
    const cut = await runSwap(c, cutoverRequest());

    // The live app, after the cutover: an app-maintained column, a new payment, a removed
    // enrollment (whose trigger updates its student's flags), a note, a login.
    const x = (await c.query("SELECT id FROM public.unified_profiles WHERE account_type = 'student' AND login_count > 0 ORDER BY id LIMIT 1")).rows[0].id as string;
    const e = (await c.query('SELECT e.id, e.user_id FROM public.enrollments e JOIN ' + `${cut.plan.parkSchema}.enrollments o USING (id) WHERE e.status = 'active' ORDER BY e.id LIMIT 1`)).rows[0] as { id: string; user_id: string };
    const tx = '00000000-0000-4000-8000-0000000000aa';
    const app = await connectClient(db.urlAs('postgres'));
    try {
      await app.query('UPDATE public.unified_profiles SET login_count = login_count + 3 WHERE id = $1', [x]);
      await app.query("INSERT INTO public.transactions (id, user_id, external_id, amount, status) VALUES ($1, $2, 'after-cutover-1', 49, 'pending')", [tx, x]);
      await app.query('DELETE FROM public.enrollments WHERE id = $1', [e.id]);
      await app.query("INSERT INTO public.user_notes (profile_id, note, created_at) VALUES ($1, 'after the cutover', '2026-01-01T00:00:00Z')", [x]);
      await app.query("UPDATE auth.users SET last_sign_in_at = '2026-01-02T00:00:00Z' WHERE id = $1", [x]);
    } finally {
      await app.end();
    }
    const live = await snapshot(c);

    const back = await runSwap(c, rollbackRequest(await cutoverToUndo(c), DEFAULT_OPTIONS));
    assert.deepEqual(diffInventories(inventoryBefore, await introspect(c)), [], 'production’s catalog as before the cutover');
    const after = await snapshot(c);

    // The swapped tables: as before the cutover, except the rows written since, as the app left them.
    const written: Record<string, string[]> = {
      'public.unified_profiles': [x, e.user_id],
      'public.transactions': [tx],
      'public.enrollments': [e.id],
    };
    for (const table of ['public.unified_profiles', 'public.transactions', 'public.enrollments', 'public.affiliates']) {
      const expected = new Map(before[table]);
      for (const k of written[table] ?? []) {
        const now = live[table]?.get(k);
        if (now === undefined) expected.delete(k);
        else expected.set(k, now);
      }
      assert.deepEqual(after[table], expected, table);
    }
    // The carried writes, listed.
    assert.deepEqual(
      back.carried.map((r) => `${r.table} ${r.action} ${String(r.key.id)}`).sort(),
      [`public.enrollments deleted ${e.id}`, `public.transactions inserted ${tx}`, `public.unified_profiles updated ${x}`, `public.unified_profiles updated ${e.user_id}`].filter((v, i, a) => a.indexOf(v) === i).sort(),
    );
    // Tables the swap does not replace keep what happened to them.
    assert.deepEqual(after['public.user_notes'], live['public.user_notes']);
    assert.equal([...(after['public.user_notes'] ?? new Map()).values()].filter((j) => j.includes('after the cutover')).length, 1);
    // auth.users: the users the cutover added are gone, the healed columns NULL again, the login kept.
    const users = new Map(before['auth.users']);
    users.set(x, JSON.stringify({ ...JSON.parse(users.get(x) as string), last_sign_in_at: JSON.parse(live['auth.users']?.get(x) as string).last_sign_in_at }));
    assert.deepEqual(new Map([...(after['auth.users'] ?? [])].map(([k, v]) => [k, JSON.stringify(JSON.parse(v))])), new Map([...users].map(([k, v]) => [k, JSON.stringify(JSON.parse(v))])));
    assert.deepEqual(after['auth.identities'], before['auth.identities']);
    assert.deepEqual(back.auth.counts, { removed: 5 });
  });
});

test('auth users the cutover added are removed unless used since; those used are kept and listed', async () => {
  await onStaged(async (c, db) => {
    const staged = (await c.query('SELECT id, email FROM cutover_staging.auth_users ORDER BY email')).rows as { id: string; email: string }[];
    await runSwap(c, cutoverRequest());
    const [signedIn, edited, ...unused] = staged;
    assert.ok(signedIn && edited && unused.length === 3);
    const app = await connectClient(db.urlAs('postgres'));
    try {
      await app.query('UPDATE auth.users SET last_sign_in_at = now() WHERE id = $1', [signedIn.id]);
      await app.query("UPDATE public.unified_profiles SET phone = '+639170000000' WHERE id = $1", [edited.id]);
    } finally {
      await app.end();
    }
    const back = await runSwap(c, rollbackRequest(await cutoverToUndo(c), DEFAULT_OPTIONS));
    assert.deepEqual(back.auth.counts, { kept: 2, removed: 3 });
    assert.deepEqual(back.auth.kept.map((k) => k.email).sort(), [signedIn.email, edited.email].sort());
    const left = (await c.query('SELECT id FROM auth.users WHERE id = ANY ($1::uuid[])', [staged.map((s) => s.id)])).rows.map((r) => r.id as string).sort();
    assert.deepEqual(left, [signedIn.id, edited.id].sort());
    // The edited user's profile was carried back, so nothing references a missing user.
    assert.equal((await c.query("SELECT phone FROM public.unified_profiles WHERE id = $1", [edited.id])).rows[0]?.phone, '+639170000000');
  });
});

test('a rollback takes the rows the auth triggers added out of a backup still holding them, so production is as before', async () => {
  await onStaged(async (c) => {
    const staged = (await c.query('SELECT id FROM cutover_staging.auth_users')).rows.map((r) => r.id as string);
    const before = await snapshot(c);
    const cut = await runSwap(c, cutoverRequest());
    assert.ok(cut.after.some((a) => a.step === 'backup' && a.ok), 'the cutover tidied its backup');
    const park = cut.plan.parkSchema;
    assert.equal((await c.query(`SELECT count(*)::int AS n FROM ${park}.unified_profiles WHERE id = ANY ($1::uuid[])`, [staged])).rows[0].n, 0);
    // As if that step had failed after the commit: the trigger-made profiles are back in the backup.
    await c.query(`ALTER TABLE ${park}.unified_profiles DISABLE TRIGGER USER`);
    await c.query(`INSERT INTO ${park}.unified_profiles (id, email) SELECT id, email FROM public.unified_profiles WHERE id = ANY ($1::uuid[])`, [staged]);
    await c.query(`ALTER TABLE ${park}.unified_profiles ENABLE TRIGGER USER`);
    await runSwap(c, rollbackRequest(await cutoverToUndo(c), DEFAULT_OPTIONS));
    const after = await snapshot(c);
    assert.deepEqual(after['public.unified_profiles'], before['public.unified_profiles']);
    const userIds = (rows: Record<string, Rows>) => [...(rows['auth.users'] ?? new Map()).keys()].sort();
    assert.deepEqual(userIds(after), userIds(before));
  });
});

test('backups are dropped only on the typed confirmation, never with CASCADE; then there is no rolling back', async () => {
  await onStaged(async (c, db) => {
    const cut = await runSwap(c, cutoverRequest());
    const park = cut.plan.parkSchema;
    const { tables } = await backupsOf(c, cut.historyId);
    assert.deepEqual(tables.sort(), ['affiliates', 'enrollments', 'transactions', 'unified_profiles'].map((t) => `${park}.${t}`).sort());
    await assert.rejects(dropBackups(c, cut.historyId, 'yes'), /type the schema's name exactly/);

    // Something the swap did not know about still reads a backup: the drop fails and drops nothing.
    await withClient(db.url, (su) => su.query(`CREATE VIEW public.old_profiles AS SELECT id FROM ${park}.unified_profiles`));
    await assert.rejects(dropBackups(c, cut.historyId, park), (e: Error) => /was not dropped, because something still depends on it/.test(e.message) && /old_profiles/.test(e.message));
    assert.equal((await c.query('SELECT count(*)::int AS n FROM pg_class WHERE relnamespace = to_regnamespace($1)', [park])).rows[0].n > 0, true);
    await withClient(db.url, (su) => su.query('DROP VIEW public.old_profiles'));

    const dropped = await dropBackups(c, cut.historyId, park);
    assert.equal(dropped.schema, park);
    assert.equal((await c.query('SELECT to_regnamespace($1) AS s', [park])).rows[0].s, null);
    // The new tables kept their defaults, sequences, views and functions (a CASCADE would have taken them).
    const profile = (await c.query("SELECT id FROM public.unified_profiles WHERE account_type = 'student' ORDER BY id LIMIT 1")).rows[0].id;
    const inserted = await c.query("INSERT INTO public.affiliates (user_id, slug) VALUES ($1, 'after-drop') RETURNING affiliate_number, status::text", [profile]);
    assert.ok(inserted.rows[0].affiliate_number > 0);
    assert.ok((await c.query('SELECT count(*)::int AS n FROM public.purchase_history')).rows[0].n > 0);
    assert.ok((await c.query('SELECT count(*)::int AS n FROM public.student_summary')).rows[0].n > 0);
    assert.ok((await c.query("SELECT public.active_student_count('papers-to-profits') AS n")).rows[0].n > 0);
    await assert.rejects(cutoverToUndo(c), /backups of cutover \d+ were dropped/);
    const history = await readHistory(c);
    assert.deepEqual([history[0]?.kind, history[0]?.ofHistory], ['drop-backups', cut.historyId]);
  });
});
