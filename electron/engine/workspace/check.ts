// A workspace check: SQLite's integrity check, then a row count per table, reported as a job
// so a large cache shows progress instead of a frozen window.
import type Database from 'better-sqlite3';
import type { WorkspaceCheckResult } from '../../../shared/api/app.ts';
import type { JobContext } from '../jobs/job-runner.ts';

export async function checkWorkspace(db: Database.Database, job: JobContext<'workspace-check'>): Promise<WorkspaceCheckResult> {
  const names = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  job.overall.set(0, names.length + 1);
  const integrity = await job.runStep('integrity', () => (db.pragma('integrity_check', { simple: true }) as string) ?? 'unknown');
  job.overall.set(1);
  const tables = await job.runStep('counts', async () => {
    const out: WorkspaceCheckResult['tables'] = [];
    for (const [i, name] of names.entries()) {
      job.throwIfCancelled();
      // Names come from sqlite_schema; quoted with embedded quotes doubled.
      out.push({ name, rows: db.prepare(`SELECT count(*) FROM "${name.replaceAll('"', '""')}"`).pluck().get() as number });
      job.overall.set(i + 2);
      await new Promise((r) => setImmediate(r)); // let events and cancel requests through
    }
    return out;
  });
  return { integrity, tables };
}
