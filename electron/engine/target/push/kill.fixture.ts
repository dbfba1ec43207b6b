// Test fixture: an engine process that pushes its workspace's plan into a database, the plan's
// rows read slowly (a pause every few hundred), saying "copying <table> <rows>" once the COPY of
// the transactions is under way, so a test can kill it there with SIGKILL. Mode "full" pushes at
// full speed and says "pushed" at the end.
import { setTimeout as pause } from 'node:timers/promises';
import type { CopyValue } from '../../pg/copy.ts';
import { connectClient } from '../../pg/client.ts';
import { createEngine } from '../../engine.ts';
import { reconcilerOf } from '../../reconcile/service.ts';
import { sqlitePlanSource, type PlanSource } from './plan-source.ts';
import { pushPlan } from './push.ts';

const [dataDir, url, mode] = process.argv.slice(2) as [string, string, 'slow' | 'full'];
const say = (line: string) => process.stdout.write(`${line}\n`);
const engine = createEngine({ dataDir, host: 'cli' });
const db = engine.context.workspace.db;
const amountMinor = db.prepare('SELECT coalesce(sum(amount_minor), 0) FROM plan_transactions').pluck().get() as number;
const plan = sqlitePlanSource(db, { sha256: 'k'.repeat(64), approvedBy: 'fixture', approvedAt: new Date().toISOString(), rows: 0, amountMinor, timeZone: 'Asia/Manila', catalog: reconcilerOf(engine.context).catalog });
const slow: PlanSource = {
  ...plan,
  tables: plan.tables.map((t) => ({
    ...t,
    async *rows() {
      let n = 0;
      for (const row of t.rows() as Iterable<readonly CopyValue[]>) {
        yield row;
        if (++n % 100 === 0) {
          if (t.table === 'transactions' && n === 200) say(`copying ${t.table} ${n}`);
          await pause(20);
        }
      }
    },
  })),
};
const client = await connectClient(url, { application_name: 'cutover-kill-fixture' });
await pushPlan(client, mode === 'slow' ? slow : plan, { target: 'fixture', workspaceId: 'fixture', reportDir: null });
say('pushed');
await client.end();
await engine.close();
