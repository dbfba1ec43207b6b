// Test fixture: opens a workspace and commits batches until killed, announcing each commit.
import { openWorkspace } from './workspace.ts';

const ws = openWorkspace(process.argv[2]!);
ws.db.exec('CREATE TABLE IF NOT EXISTS crash_test (batch INTEGER NOT NULL, row INTEGER NOT NULL, payload TEXT NOT NULL) STRICT');
const insert = ws.db.prepare('INSERT INTO crash_test (batch, row, payload) VALUES (?, ?, ?)');
const start = (ws.db.prepare('SELECT coalesce(max(batch), 0) FROM crash_test').pluck().get() as number) + 1;
const payload = 'x'.repeat(2_000);
const writeBatch = ws.db.transaction((batch: number) => {
  for (let row = 0; row < 500; row++) insert.run(batch, row, payload);
});
for (let batch = start; ; batch++) {
  writeBatch(batch);
  process.stdout.write(`committed ${batch}\n`);
}
