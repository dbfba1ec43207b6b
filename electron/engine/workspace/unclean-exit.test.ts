// A workspace whose last session was killed is taken over at once (the OS released its lock),
// and the job history says so once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isJobOf } from '../../../shared/api/jobs.ts';
import { createEngine } from '../engine.ts';
import { tempDir } from '../testing/engine.ts';
import { openWorkspace } from './workspace.ts';

/** Runs the crash-writer fixture until it has committed once, then kills it; resolves with its pid. */
function killedSession(dataDir: string): Promise<number> {
  const fixture = fileURLToPath(new URL('./crash-writer.fixture.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', () => {
      if (!child.killed) child.kill('SIGKILL');
    });
    child.on('exit', () => resolve(child.pid!));
    child.on('error', reject);
  });
}

test('a workspace its last session never closed is taken over, and the job history says so once', async () => {
  const dir = tempDir();
  try {
    // A session that closes leaves nothing to report.
    openWorkspace(dir.path).close();
    const second = openWorkspace(dir.path);
    assert.equal(second.uncleanExit, null, 'the previous open was closed');
    second.close();

    const pid = await killedSession(dir.path);
    const engine = createEngine({ dataDir: dir.path, host: 'cli' });
    let resumed;
    try {
      const list = await engine.call('jobs-list', { limit: 50 });
      assert.ok(list.ok);
      resumed = list.result.filter((j) => j.kind === 'session-resume');
      assert.equal(resumed.length, 1);
      const job = resumed[0]!;
      assert.ok(isJobOf(job, 'session-resume'));
      assert.equal(job.state, 'done');
      assert.equal(job.result?.previous.pid, pid);
      assert.match(job.result?.note ?? '', new RegExp(`^The last session \\(process ${pid} on .+\\) ended without closing; resuming\\.$`));
    } finally {
      await engine.close();
    }
    // Closed properly this time: the next open has nothing to say.
    const next = createEngine({ dataDir: dir.path, host: 'cli' });
    try {
      const list = await next.call('jobs-list', { limit: 50 });
      assert.ok(list.ok);
      assert.equal(list.result.filter((j) => j.kind === 'session-resume').length, 1, 'said once');
    } finally {
      await next.close();
    }
  } finally {
    dir.remove();
  }
});
