import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../engine/testing/engine.ts';
import { openWorkspace } from '../engine/workspace/workspace.ts';

const bin = fileURLToPath(new URL('../../bin/cutover.mjs', import.meta.url));
const cutover = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 });

/** A folder holding a workspace (only demo-open and connection-set create one). */
function workspaceDir() {
  const dir = tempDir();
  openWorkspace(dir.path).close();
  return dir;
}

test('the CLI runs a procedure against a workspace and prints its JSON result', () => {
  const dir = workspaceDir();
  const res = cutover(['app-info', '--data-dir', dir.path]);
  assert.equal(res.status, 0, res.stderr);
  const info = JSON.parse(res.stdout);
  assert.equal(info.host, 'cli');
  assert.equal(info.workspace.path, dir.path);
  dir.remove();
});

test('the CLI follows a job to its end, with progress on stderr and the result on stdout', () => {
  const dir = workspaceDir();
  const res = cutover(['workspace-check', '--data-dir', dir.path]);
  assert.equal(res.status, 0, res.stderr);
  assert.equal(JSON.parse(res.stdout).integrity, 'ok');
  assert.match(res.stderr, /\[done\] Check workspace/);
  dir.remove();
});

test('the CLI exits non-zero with a clear message on bad input', () => {
  const dir = workspaceDir();
  const cases: [string[], RegExp][] = [
    [['job-get', '--input', '{"jobId": 7}'], /BAD_INPUT: Invalid input for job-get: jobId/],
    [['job-get', '--input', '{not json'], /--input is not valid JSON/],
    [['no-such-thing'], /unknown procedure "no-such-thing"/],
    [['app-info', '--bogus-flag'], /Unknown option '--bogus-flag'/],
    [[], /Usage: cutover <procedure>/],
  ];
  for (const [args, message] of cases) {
    const res = cutover([...args, '--data-dir', dir.path]);
    assert.equal(res.status, 2, `${args.join(' ')}: ${res.stderr}`);
    assert.match(res.stderr, message);
    assert.equal(res.stdout, '');
  }
  dir.remove();
});

test('the CLI refuses a workspace another engine has open', () => {
  const dir = tempDir();
  const ws = openWorkspace(dir.path);
  const res = cutover(['app-info', '--data-dir', dir.path]);
  ws.close();
  assert.equal(res.status, 3);
  assert.match(res.stderr, /already open/);
  dir.remove();
});

test('a mistyped --data-dir says there is no workspace there instead of creating one; demo-open and connection-set create one', () => {
  const dir = tempDir();
  try {
    const typo = join(dir.path, 'wrokspace');
    for (const procedure of ['app-info', 'pull-start', 'workspace-check', 'settings-set']) {
      const res = cutover([procedure, '--data-dir', typo]);
      assert.equal(res.status, 2, `${procedure}: ${res.stderr}`);
      assert.match(res.stderr, new RegExp(`There is no workspace at ${typo.replaceAll('/', '\\/')}\\. Check the folder name`));
      assert.equal(existsSync(typo), false, `${procedure} created the folder`);
    }
    const created = cutover(['connection-set', '--input', '{}', '--data-dir', typo]);
    assert.equal(created.status, 0, created.stderr);
    assert.equal(cutover(['app-info', '--data-dir', typo]).status, 0);
  } finally {
    dir.remove();
  }
});

test('a data dir that is a file, or a file that is not a database, is named with what to do', () => {
  const dir = tempDir();
  try {
    const file = join(dir.path, 'a-file');
    writeFileSync(file, 'not a folder');
    const asFolder = cutover(['connection-set', '--input', '{}', '--data-dir', file]);
    assert.equal(asFolder.status, 1);
    assert.match(asFolder.stderr, new RegExp(`The workspace folder ${file.replaceAll('/', '\\/')} is a file, not a folder\\. Choose another folder`));

    const ws = workspaceDir();
    writeFileSync(join(ws.path, 'workspace.sqlite'), 'name,email\nAna,ana@example.com\n'.repeat(200));
    const res = cutover(['app-info', '--data-dir', ws.path]);
    assert.equal(res.status, 1);
    assert.match(res.stderr, /workspace\.sqlite is not a Cutover workspace: it is not an SQLite database\. Choose another folder/);
    assert.ok(!res.stderr.includes('ana@example.com'), 'the file is not quoted');
    ws.remove();
  } finally {
    dir.remove();
  }
});

test('the CLI reconciles a workspace: decide, export the decisions to a file, import them by path elsewhere', async () => {
  const { seededWorkspace } = await import('../engine/testing/seeded-workspace.ts');
  const ws = await seededWorkspace({ scale: 0.02 });
  const other = await seededWorkspace({ scale: 0.02 });
  await ws.engine.close();
  await other.engine.close();
  try {
    const queues = cutover(['reconcile-queues', '--data-dir', ws.dataDir]);
    assert.equal(queues.status, 0, queues.stderr);
    const manual = (JSON.parse(queues.stdout) as { id: string; total: number }[]).find((q) => q.id === 'manual-p2p')!;
    assert.ok(manual.total > 0, 'the first read recomputes');
    const page = JSON.parse(cutover(['reconcile-findings', '--input', JSON.stringify({ filters: [{ column: 'queue', op: 'eq', value: 'manual-p2p' }], limit: 1 }), '--data-dir', ws.dataDir]).stdout) as { rows: { id: string }[] };
    const decided = cutover(['reconcile-decide', '--input', JSON.stringify({ decisions: [{ kind: 'resolve', finding: page.rows[0]!.id, value: 'approve' }] }), '--data-dir', ws.dataDir]);
    assert.equal(decided.status, 0, decided.stderr);
    const exported = cutover(['reconcile-decisions-export', '--data-dir', ws.dataDir]);
    const file = join(ws.dataDir, 'decisions.json');
    writeFileSync(file, exported.stdout);
    const imported = cutover(['reconcile-decisions-import', '--input', JSON.stringify({ path: file }), '--data-dir', other.dataDir]);
    assert.equal(imported.status, 0, imported.stderr);
    assert.equal(JSON.parse(imported.stdout).imported, 1);
    const hash = (dir: string) => JSON.parse(cutover(['reconcile-plan-export', '--input', '{"content":false}', '--data-dir', dir]).stdout).sha256;
    assert.equal(hash(other.dataDir), hash(ws.dataDir));
    const unknown = cutover(['reconcile-decide', '--input', JSON.stringify({ decisions: [{ kind: 'resolve', finding: 'manual-p2p:p2p:c:1', value: 'approve' }] }), '--data-dir', ws.dataDir]);
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /NOT_FOUND: No finding manual-p2p:p2p:c:1/);
  } finally {
    await ws.close();
    await other.close();
  }
});
