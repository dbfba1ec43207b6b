// A pull killed with SIGKILL at random points resumes from its checkpoints: the final cache is
// exact, nothing is duplicated, and each resume re-fetches only what was in flight.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { generateDataset } from '../../demo/generator/index.ts';
import { startSimulator, type Simulator } from '../../demo/simulator/index.ts';
import { createEngine } from '../../engine.ts';
import { tempDir } from '../../testing/engine.ts';
import { streamDefs } from '../ingest/streams.ts';
import { differences } from '../../testing/pull.ts';

const bin = fileURLToPath(new URL('../../../../bin/cutover.mjs', import.meta.url));

function runPullProcess(dataDir: string, simulator: Simulator, killAfterRequests: number | null): Promise<{ code: number | null; killed: boolean; stderr: string }> {
  const child = spawn(process.execPath, [bin, 'pull-start', '--data-dir', dataDir], {
    env: { ...process.env, CUTOVER_XENDIT_SECRET_KEY: simulator.keys.xendit, CUTOVER_SYSTEME_API_KEY: simulator.keys.systeme },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (c: string) => (stderr += c));
  const startTotal = simulator.stats().total;
  let watcher: NodeJS.Timeout | undefined;
  if (killAfterRequests !== null) {
    watcher = setInterval(() => {
      if (simulator.stats().total - startTotal >= killAfterRequests) {
        clearInterval(watcher);
        child.kill('SIGKILL');
      }
    }, 1);
  }
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      clearInterval(watcher);
      resolve({ code, killed: signal === 'SIGKILL', stderr });
    });
  });
}

/** Per endpoint: successful serves of the same page (same query) beyond the first. */
function refetches(simulator: Simulator): Map<string, number> {
  const seen = new Map<string, number>();
  for (const p of simulator.stats().pages) {
    if (p.status !== 200) continue;
    const key = `${p.endpoint}?${p.query}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  const byEndpoint = new Map<string, number>();
  for (const [key, n] of seen) if (n > 1) byEndpoint.set(key.split('?')[0]!, (byEndpoint.get(key.split('?')[0]!) ?? 0) + n - 1);
  return byEndpoint;
}

test('kill -9 at 10 random points of a pull, then resume: exact, no duplicates, each stream re-fetches < 2 pages per resume', async () => {
  const dataset = generateDataset({ seed: 3, scale: 0.5 });
  const simulator = await startSimulator({ dataset, rateLimits: false });
  const dir = tempDir('cutover-kill-');
  try {
    const setup = createEngine({ dataDir: dir.path, host: 'cli' });
    const set = await setup.call('connection-set', { xendit: { baseUrl: simulator.url }, systeme: { baseUrl: simulator.url } });
    assert.ok(set.ok);
    await setup.close();

    // Deterministic "random" kill points spread over the ~180 requests of the pull.
    let seed = 12345;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let kills = 0;
    for (let i = 0; i < 10; i++) {
      const run = await runPullProcess(dir.path, simulator, 4 + Math.floor(next() * 20));
      if (!run.killed) break; // the pull finished before this kill point
      kills++;
    }
    assert.ok(kills >= 8, `the pull was killed ${kills} times`);
    const final = await runPullProcess(dir.path, simulator, null);
    assert.equal(final.code, 0, final.stderr);

    // Streams run concurrently, so a kill can catch one page in flight per stream; a resume
    // starts each stream at its in-flight page and nowhere earlier.
    for (const [endpoint, n] of refetches(simulator)) {
      assert.ok(n / kills < 2, `${endpoint}: ${n} pages re-fetched over ${kills} resumes`);
      assert.ok(n <= kills, `${endpoint}: ${n} pages re-fetched over ${kills} resumes`);
    }

    const engine = createEngine({ dataDir: dir.path, host: 'cli' });
    try {
      const db = engine.context.workspace.db;
      assert.deepEqual(differences(db, simulator), []);
      // Killed during their first load, the randomly keyed tables still end with every id once, and indexed.
      for (const def of Object.values(streamDefs).filter((d) => d.randomIds)) {
        assert.equal(db.prepare(`SELECT count(*) - count(DISTINCT id) FROM ${def.table}`).pluck().get(), 0, `${def.table}: an id stored twice`);
        assert.ok(db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?").get(`${def.table}_id`), `${def.table}: no id index`);
      }
      const dupQuarantine = db.prepare('SELECT count(*) FROM (SELECT stream, content_hash FROM quarantine GROUP BY 1, 2 HAVING count(*) > 1)').pluck().get();
      assert.equal(dupQuarantine, 0);
      const jobs = engine.context.jobs.list(50).filter((j) => j.kind === 'pull');
      const interrupted = jobs.filter((j) => j.state === 'interrupted');
      assert.equal(interrupted.length, kills, 'each killed pull is recorded as interrupted');
      // The next engine to open the workspace ran the pull's recovery hook for each.
      for (const j of interrupted) assert.match(j.progress.note ?? '', /resumes from the last page/);
      assert.equal(jobs[0]?.state, 'done');
    } finally {
      await engine.close();
    }
  } finally {
    await simulator.close();
    dir.remove();
  }
});
