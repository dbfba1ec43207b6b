// A workspace check: SQLite's integrity check, then a row count per table, reported as a job
// so a large cache shows progress instead of a frozen window. A damaged cache is what the check
// is for: it reports "not ok" with what is wrong and which tables, rather than failing.
import type Database from 'better-sqlite3';
import type { WorkspaceCheckResult } from '../../../shared/api/app.ts';
import type { JobContext } from '../jobs/job-runner.ts';

/** Problems kept from SQLite's report. */
const MAX_PROBLEMS = 20;

export async function checkWorkspace(db: Database.Database, job: JobContext<'workspace-check'>): Promise<WorkspaceCheckResult> {
  const names = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  job.overall.set(0, names.length + 1);
  const problems = await job.runStep('integrity', () => integrityProblems(db, null));
  job.overall.set(1);
  const tables = await job.runStep('counts', async () => {
    const out: WorkspaceCheckResult['tables'] = [];
    for (const [i, name] of names.entries()) {
      job.throwIfCancelled();
      // Only a damaged cache is checked table by table, to say which tables are affected.
      const damage = problems.length ? integrityProblems(db, name)[0] : undefined;
      const { rows, error } = countRows(db, name);
      const problem = damage ?? error;
      out.push(problem === undefined ? { name, rows } : { name, rows, problem });
      job.overall.set(i + 2);
      await new Promise((r) => setImmediate(r)); // let events and cancel requests through
    }
    return out;
  });
  return { integrity: problems.length ? 'not ok' : 'ok', problems, tables };
}

/** SQLite's integrity report for the database (or one table and its indexes); empty when ok. */
function integrityProblems(db: Database.Database, table: string | null): string[] {
  try {
    const arg = table === null ? String(MAX_PROBLEMS) : quoted(table);
    const lines = db.pragma(`integrity_check(${arg})`, { simple: false }) as { integrity_check: string }[];
    const found = lines.map((l) => l.integrity_check).filter((l) => l !== 'ok');
    return found.slice(0, MAX_PROBLEMS);
  } catch (err) {
    // A cache damaged badly enough stops the check itself.
    return [message(err)];
  }
}

function countRows(db: Database.Database, table: string): { rows: number | null; error?: string } {
  try {
    return { rows: db.prepare(`SELECT count(*) FROM ${quoted(table)}`).pluck().get() as number };
  } catch (err) {
    return { rows: null, error: message(err) };
  }
}

// Names come from sqlite_schema; quoted with embedded quotes doubled.
const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
