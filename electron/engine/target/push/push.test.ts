// test-postgres: 17
// The push against the demo production, with the demo workspace's reconciled plan: it stages and
// validates; a plan tampered with after its approval fails the named checks with samples; no
// production trigger fires and production's catalog changes only by the capture triggers; the
// staged clones differ from production only where the cutover takes over; re-pushing replaces
// staging atomically; the capture records the live app's writes from the push on.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type pg from 'pg';
import type { PushResult } from '../../../../shared/api/target.ts';
import { errors } from '../../../../shared/api/errors.ts';
import { withClient } from '../../pg/client.ts';
import { withTestDatabase } from '../../pg/testing.ts';
import type { CopyValue } from '../../pg/copy.ts';
import { demoProductionTemplate } from '../../demo/production/testing.ts';
import { reconcilerOf } from '../../reconcile/service.ts';
import { exportPlan, planDigest, sha256 } from '../../reconcile/plan-export.ts';
import type { SeededWorkspace } from '../../testing/seeded-workspace.ts';
import { diffInventories, diffTables } from '../catalog-diff.ts';
import { introspect } from '../introspect/introspect.ts';
import { CAPTURE_COLUMNS, PUSH_MANIFEST_COLUMNS, STAGING_SCHEMA } from '../staging-layout.ts';
import { DEFAULT_SWAP_TABLES } from '../swap-tables.ts';
import type { PlanSource } from './plan-source.ts';
import { pushPlan } from './push.ts';
import { closeDemoPlanSources, demoPlanSource, productionTables, rowChecksums } from '../../testing/push.ts';

const SCALE = 0.1;
const template = demoProductionTemplate({ scale: SCALE });
let ws: SeededWorkspace;
let plan: PlanSource;

before(async () => {
  ({ ws, plan } = await demoPlanSource(SCALE));
});
after(closeDemoPlanSources);

test("the plan's digest, taken without the document in memory, is the export's", () => {
  const opts = { catalog: reconcilerOf(ws.engine.context).catalog, timeZone: 'Asia/Manila', fiscalYearStartMonth: 1 };
  const text = exportPlan(ws.db, opts);
  assert.deepEqual(planDigest(ws.db, opts), { sha256: sha256(text), bytes: Buffer.byteLength(text) });
});

const push = (client: pg.ClientBase, source: PlanSource = plan) => pushPlan(client, source, { target: 'test', workspaceId: 'test', reportDir: null });

/** Every row of every table of production (public and auth), as one checksum per table. */
const checksums = async (c: pg.ClientBase) => rowChecksums(c, await productionTables(c));

const failing = (r: PushResult) => r.validation.checks.filter((c) => !c.passed);
const stagedTables = async (c: pg.ClientBase) =>
  (await c.query<{ n: string }>('SELECT tablename AS n FROM pg_tables WHERE schemaname = $1 ORDER BY 1', [STAGING_SCHEMA])).rows.map((r) => r.n);
const captureTriggers = async (c: pg.ClientBase) =>
  (await c.query<{ t: string }>("SELECT format('%I.%I', n.nspname, r.relname) AS t FROM pg_trigger g JOIN pg_class r ON r.oid = g.tgrelid JOIN pg_namespace n ON n.oid = r.relnamespace WHERE g.tgname = 'cutover_capture' ORDER BY 1")).rows.map((r) => r.t);

test('the demo plan stages and validates; production is unchanged but for the capture triggers; the clones are complete', async () => {
  await withTestDatabase(
    async (_url, db) =>
      withClient(db.urlAs('postgres'), async (c) => {
        const before = await checksums(c);
        const inventoryBefore = await introspect(c);
        const result = await push(c);
        assert.equal(result.outcome, 'pushed', JSON.stringify(failing(result).map((f) => [f.id, f.detail, f.samples.slice(0, 3)])));
        assert.equal(result.validation.passed, true);
        assert.equal(result.validation.errors, 0);

        // No production row changed: no trigger of production fired while staging was built.
        assert.deepEqual(await checksums(c), before);
        // Production's catalog: the capture trigger on each swapped table, nothing else.
        const changes = diffInventories(inventoryBefore, await introspect(c));
        assert.deepEqual(
          changes.map((d) => d.path),
          DEFAULT_SWAP_TABLES.map((t) => `tables[${t.schema}.${t.name}].triggers.cutover_capture`),
        );
        assert.deepEqual(await captureTriggers(c), DEFAULT_SWAP_TABLES.map((t) => t.name).sort().map((n) => `public.${n}`).sort());

        // Each staged clone against its production table: only what the cutover sets at the swap
        // (staging-layout.ts), and the NOT VALID FKs to tables outside the staged set.
        const staged = await introspect(
          c,
          DEFAULT_SWAP_TABLES.map((t) => ({ schema: STAGING_SCHEMA, name: t.name })),
        );
        const tableNames = Object.fromEntries(DEFAULT_SWAP_TABLES.map((t) => [`${STAGING_SCHEMA}.${t.name}`, `${t.schema}.${t.name}`]));
        const cutoverSets = /^(rls|policies|triggers|rules|publications|inboundForeignKeys|views|functions|policiesOfOtherTables)\b/;
        for (const prod of inventoryBefore.tables) {
          const clone = staged.tables.find((t) => t.name === prod.name)!;
          const diff = diffTables(prod, clone, { ignoreNames: true, tableNames });
          const rest = diff.filter((d) => !cutoverSets.test(d.path));
          const outside = prod.constraints.filter((k) => k.foreignKey && !Object.values(tableNames).includes(k.foreignKey.table));
          assert.deepEqual(
            rest.map((d) => d.path).sort(),
            outside.map((k) => `constraints[foreign key (${k.columns.join(', ')}) → ${k.foreignKey!.table}].validated`).sort(),
            `${prod.name}: ${JSON.stringify(rest)}`,
          );
          for (const d of rest) assert.deepEqual([d.before, d.after], [true, false]);
        }

        // The rows: every approved row once; existing users kept by lower(email); new users ready for GoTrue.
        const count = async (sql: string) => Number((await c.query(sql)).rows[0].n);
        for (const t of result.tables) assert.equal(await count(`SELECT count(*) AS n FROM ${STAGING_SCHEMA}.${t.table.split('.')[1]}`), t.rows, t.table);
        const profiles = result.tables.find((t) => t.table === 'public.unified_profiles')!;
        const planProfiles = plan.tables.find((t) => t.table === 'unified_profiles')!.count;
        assert.equal(profiles.matched + profiles.added, planProfiles);
        assert.ok(profiles.matched > 0 && profiles.added > 0, JSON.stringify(profiles));
        assert.equal(result.authUsers.kept + result.authUsers.added, plan.tables.find((t) => t.table === 'auth_users')!.count);
        assert.equal(result.authUsers.identities, result.authUsers.added);
        assert.equal(await count(`SELECT count(*) AS n FROM ${STAGING_SCHEMA}.auth_users u JOIN auth.users a ON lower(a.email) = lower(u.email)`), 0);
        assert.equal(await count(`SELECT count(*) AS n FROM ${STAGING_SCHEMA}.auth_users WHERE confirmation_token IS NULL OR recovery_token IS NULL OR email_change_token_new IS NULL OR email_change IS NULL`), 0);
        // A kept user's profile keeps what the app maintains (login counts, admin notes).
        assert.equal(
          await count(
            `SELECT count(*) AS n FROM ${STAGING_SCHEMA}.unified_profiles s JOIN public.unified_profiles p USING (id)
              WHERE (s.login_count, s.admin_metadata, s.member_number, s.is_admin) IS DISTINCT FROM (p.login_count, p.admin_metadata, p.member_number, p.is_admin)`,
          ),
          0,
        );
        // The manifest and the change log have the columns the cutover reads (staging-layout.ts).
        const columns = async (schema: string, table: string) =>
          (await c.query<{ c: string }>('SELECT column_name AS c FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position', [schema, table])).rows.map((r) => r.c);
        assert.deepEqual((await columns('cutover_capture', 'changes')), [...CAPTURE_COLUMNS]);
        const manifestColumns = await columns(STAGING_SCHEMA, 'push_manifest');
        assert.ok(PUSH_MANIFEST_COLUMNS.every((m) => manifestColumns.includes(m)), manifestColumns.join());
        const manifest = (await c.query(`SELECT * FROM ${STAGING_SCHEMA}.push_manifest`)).rows;
        assert.equal(manifest.length, 1);
        const tx = result.tables.find((t) => t.table === 'public.transactions')!;
        const stagedSum = (await c.query(`SELECT sum(amount)::text AS s FROM ${STAGING_SCHEMA}.transactions`)).rows[0].s as string;
        assert.deepEqual(manifest[0].tables['public.transactions'], { rows: tx.rows, sums: { amount: stagedSum } });
        assert.ok(manifest[0].owned_columns['public.transactions'].includes('amount'));
        assert.deepEqual(manifest[0].owned_columns['public.affiliates'], []);
        assert.ok(result.timings.copyRows > 0);
      }),
    { template },
  );
});

/** The workspace plan's rows, which SQLite reads synchronously. */
const syncRows = (t: PlanSource['tables'][number]) => t.rows() as Iterable<readonly CopyValue[]>;

/** The plan with an orphan enrollment, a duplicated new transaction, and one control total ₱1 off. */
function corrupted(source: PlanSource): { plan: PlanSource; orphanUser: string; duplicate: string; offGroup: string } {
  const orphanUser = randomUUID();
  const tx = source.tables.find((t) => t.table === 'transactions')!;
  const cols = tx.columns;
  const ext = cols.indexOf('external_id') + 1;
  // Not a P2P payment: production has no row with its external_id, so the copy stays a second row.
  const type = cols.indexOf('transaction_type') + 1;
  const original = [...syncRows(tx)].find((r) => r[type] !== 'P2P')!;
  const copy: CopyValue[] = [...original];
  copy[0] = randomUUID();
  copy[1] = copy[0];
  const [first, ...restTotals] = source.controlTotals;
  const off = { ...first!, amount: (Number(first!.amount) + 1).toFixed(2) };
  return {
    orphanUser,
    duplicate: String(original[ext]),
    offGroup: `${off.transaction_type}/${off.status}/${off.month}`,
    plan: {
      ...source,
      controlTotals: [off, ...restTotals],
      tables: source.tables.map((t) => {
        if (t.table === 'transactions') return { ...t, count: t.count + 1, *rows() { yield* syncRows(t); yield copy; } };
        if (t.table !== 'enrollments') return t;
        const id = randomUUID();
        const row = t.columns.map((name) => (name === 'id' ? id : name === 'user_id' ? orphanUser : name === 'course_id' ? 'papers-to-profits' : name === 'status' ? 'active' : name === 'enrolled_at' ? '2025-01-01T00:00:00Z' : null));
        return { ...t, count: t.count + 1, *rows() { yield* syncRows(t); yield [id, ...row]; } };
      }),
    },
  };
}

test('a plan corrupted after its approval fails the named checks with samples, and stages nothing', async () => {
  await withTestDatabase(
    async (_url, db) =>
      withClient(db.urlAs('postgres'), async (c) => {
        const bad = corrupted(plan);
        const result = await push(c, bad.plan);
        assert.equal(result.outcome, 'rejected');
        assert.equal(result.validation.passed, false);
        const byId = new Map(failing(result).map((f) => [f.id, f]));
        const orphan = byId.get('foreign-key:enrollments.enrollments_user_id_fkey');
        assert.ok(orphan, `failing: ${[...byId.keys()].join(', ')}`);
        assert.equal(orphan.severity, 'error');
        assert.ok(orphan.samples.some((s) => s.user_id === bad.orphanUser), JSON.stringify(orphan.samples));
        const duplicate = byId.get('unique:transactions.transactions_external_id_key');
        assert.ok(duplicate);
        assert.deepEqual(duplicate.samples, [{ external_id: bad.duplicate, copies: '2' }]);
        const totals = byId.get('control-totals');
        assert.ok(totals);
        const [type, status, month] = bad.offGroup.split('/');
        assert.ok(
          totals.samples.some((s) => s.transaction_type === type && s.status === status && s.month === month && s.difference === '-1.00'),
          JSON.stringify(totals.samples),
        );
        assert.ok(result.validation.checks.every((c) => c.samples.length <= 50));
        // Nothing stayed behind: no staging, no capture trigger.
        assert.deepEqual(await stagedTables(c), []);
        assert.deepEqual(await captureTriggers(c), []);
      }),
    { template },
  );
});

test('a re-push replaces staging atomically; a rejected re-push leaves the last push as it was; the capture records writes from the push on', async () => {
  await withTestDatabase(
    async (_url, db) =>
      withClient(db.urlAs('postgres'), async (c) => {
        assert.equal((await push(c)).outcome, 'pushed');
        const app = await import('../../pg/client.ts').then((m) => m.connectClient(db.urlAs('postgres')));
        try {
          // The live app writes: an update, a new payment, a deleted enrollment.
          const tx = (await app.query('SELECT id FROM public.transactions ORDER BY id LIMIT 1')).rows[0].id as string;
          await app.query("UPDATE public.transactions SET description = 'edited by the app' WHERE id = $1", [tx]);
          const inserted = (await app.query("INSERT INTO public.transactions (external_id, amount, status, transaction_type) VALUES ('app-new-1', 1300, 'completed', 'P2P') RETURNING id")).rows[0].id as string;
          const enrollment = (await app.query('DELETE FROM public.enrollments WHERE id = (SELECT id FROM public.enrollments ORDER BY id LIMIT 1) RETURNING id')).rows[0].id as string;
          const rekeyed = randomUUID();
          await app.query('UPDATE public.transactions SET id = $2 WHERE id = $1', [inserted, rekeyed]);
          const changes = (await c.query('SELECT table_name, operation, key FROM cutover_capture.changes ORDER BY id')).rows;
          // Production's own triggers write too (an enrollment's flags on its profile): captured as well.
          assert.ok(changes.some((r) => r.table_name === 'public.unified_profiles' && r.operation === 'UPDATE'));
          const ours = changes.filter((r) => r.table_name !== 'public.unified_profiles' && !(r.table_name === 'public.enrollments' && r.operation === 'INSERT'));
          assert.deepEqual(ours, [
            { table_name: 'public.transactions', operation: 'UPDATE', key: { id: tx } },
            { table_name: 'public.transactions', operation: 'INSERT', key: { id: inserted } },
            { table_name: 'public.enrollments', operation: 'DELETE', key: { id: enrollment } },
            // A key that changes: the old and the new one.
            { table_name: 'public.transactions', operation: 'UPDATE', key: { id: inserted } },
            { table_name: 'public.transactions', operation: 'UPDATE', key: { id: rekeyed } },
          ]);
        } finally {
          await app.end();
        }
        const manifest = async () => (await c.query(`SELECT pushed_at FROM ${STAGING_SCHEMA}.push_manifest`)).rows[0].pushed_at as Date;
        const firstPush = await manifest();
        // A rejected re-push: the first push's staging, manifest and triggers stay, changes too.
        assert.equal((await push(c, corrupted(plan).plan)).outcome, 'rejected');
        assert.equal((await manifest()).getTime(), firstPush.getTime());
        assert.equal((await captureTriggers(c)).length, DEFAULT_SWAP_TABLES.length);
        assert.ok(Number((await c.query('SELECT count(*) AS n FROM cutover_capture.changes')).rows[0].n) >= 3);
        // A good re-push replaces it, and its snapshot includes those writes: the change log starts again.
        const again = await push(c);
        assert.equal(again.outcome, 'pushed');
        assert.ok((await manifest()).getTime() > firstPush.getTime());
        assert.equal(Number((await c.query('SELECT count(*) AS n FROM cutover_capture.changes')).rows[0].n), 0);
        assert.equal(Number((await c.query(`SELECT count(*) AS n FROM ${STAGING_SCHEMA}.transactions WHERE external_id = 'app-new-1'`)).rows[0].n), 1);
      }),
    { template },
  );
});

test('a cancel in the middle of the COPY rolls everything back and leaves the connection usable', async () => {
  await withTestDatabase(
    async (_url, db) =>
      withClient(db.urlAs('postgres'), async (c) => {
        let calls = 0;
        const stop = errors.cancelled();
        await assert.rejects(
          pushPlan(c, plan, { target: 'test', workspaceId: 'test', reportDir: null }, {
            progress: () => undefined,
            throwIfCancelled: () => {
              if (++calls > 3) throw stop;
            },
          }),
          (e: unknown) => e === stop,
        );
        assert.deepEqual(await stagedTables(c), []);
        assert.deepEqual(await captureTriggers(c), []);
        assert.equal((await c.query('SELECT 1 AS one')).rows[0].one, 1);
      }),
    { template },
  );
});
