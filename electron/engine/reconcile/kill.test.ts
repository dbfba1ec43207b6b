// kill -9 in the middle of a recompute or of a decision: the workspace reopens with the log and
// the plan consistent — the work is wholly there or wholly absent, never half.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { createEngine } from '../engine.ts';
import { seededWorkspace } from '../testing/seeded-workspace.ts';
import { derivedState, ok, recompute } from '../testing/reconcile.ts';

const fixture = fileURLToPath(new URL('./crash.fixture.ts', import.meta.url));

/** Runs the fixture and kills it with SIGKILL as soon as it prints a line matching `at`. */
function runAndKill(dataDir: string, mode: 'recompute' | 'decide', at: RegExp): Promise<{ killed: boolean; lines: string[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, dataDir, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  let buffer = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffer += chunk;
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      lines.push(line);
      if (at.test(line)) child.kill('SIGKILL');
    }
  });
  return new Promise((resolve) => child.on('exit', (_code, signal) => resolve({ killed: signal === 'SIGKILL', lines })));
}

test('kill -9 during a recompute leaves the reconciliation exactly as it was; kill -9 during decisions leaves each one wholly there or absent', async () => {
  const ws = await seededWorkspace({ scale: 0.1 });
  try {
    await recompute(ws.engine);
    const pair = (await ok(ws.engine, 'reconcile-suggestions', { filters: [{ column: 'likely', op: 'eq', value: true }], limit: 1 })).rows[0]!;
    await ok(ws.engine, 'reconcile-decide', { decisions: [{ kind: 'merge', a: pair.personA, b: pair.personB }] });
    const before = derivedState(ws.db);
    await ws.engine.close();

    const recomputing = await runAndKill(ws.dataDir, 'recompute', /^inside$/);
    assert.ok(recomputing.killed && !recomputing.lines.includes('finished'), 'killed in the middle of the recompute');
    let engine = createEngine({ dataDir: ws.dataDir, host: 'cli' });
    assert.equal(derivedState(engine.context.workspace.db), before, 'nothing of the cut-off recompute is left');
    assert.equal((await ok(engine, 'jobs-list', { limit: 5 })).find((j) => j.kind === 'reconcile')?.state, 'interrupted');
    await engine.close();

    const deciding = await runAndKill(ws.dataDir, 'decide', /^deciding 2$/);
    assert.ok(deciding.killed, 'killed while deciding');
    engine = createEngine({ dataDir: ws.dataDir, host: 'cli' });
    try {
      const db = engine.context.workspace.db;
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
      const approved = (await ok(engine, 'reconcile-decisions', { filters: [{ column: 'kind', op: 'eq', value: 'resolve' }], limit: 1 })).total!;
      const actions = db.prepare("SELECT count(*) FROM recon_actions WHERE kind = 'decide'").pluck().get() as number;
      assert.equal(approved % 50, 0, `whole batches only (${approved} decisions)`);
      assert.ok(approved >= 100 && approved <= 150, `the batches before the kill are there (${approved})`);
      assert.equal(actions, 1 + approved / 50);
      const approvedFindings = db.prepare("SELECT count(*) FROM recon_findings WHERE queue = 'manual-p2p' AND status = 'approved'").pluck().get() as number;
      assert.equal(approvedFindings, approved, 'the findings show exactly the decisions in the log');
      const left = derivedState(db);
      await recompute(engine);
      assert.equal(derivedState(db), left, 'what the decisions left is what a full recompute gives');
    } finally {
      await engine.close();
    }
  } finally {
    await ws.close();
  }
});
