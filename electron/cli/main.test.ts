import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../engine/testing/engine.ts';
import { openWorkspace } from '../engine/workspace/workspace.ts';

const bin = fileURLToPath(new URL('../../bin/cutover.mjs', import.meta.url));
const cutover = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 });

test('the CLI runs a procedure against a workspace and prints its JSON result', () => {
  const dir = tempDir();
  const res = cutover(['app-info', '--data-dir', dir.path]);
  assert.equal(res.status, 0, res.stderr);
  const info = JSON.parse(res.stdout);
  assert.equal(info.host, 'cli');
  assert.equal(info.workspace.path, dir.path);
  dir.remove();
});

test('the CLI follows a job to its end, with progress on stderr and the result on stdout', () => {
  const dir = tempDir();
  const res = cutover(['workspace-check', '--data-dir', dir.path]);
  assert.equal(res.status, 0, res.stderr);
  assert.equal(JSON.parse(res.stdout).integrity, 'ok');
  assert.match(res.stderr, /\[done\] Check workspace/);
  dir.remove();
});

test('the CLI exits non-zero with a clear message on bad input', () => {
  const dir = tempDir();
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
