import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dataDirFromArgs, findAppRoot } from './options.ts';

test('--data-dir is read in both spellings', () => {
  assert.equal(dataDirFromArgs(['electron', 'main.cjs', '--data-dir', '/tmp/w']), '/tmp/w');
  assert.equal(dataDirFromArgs(['cutover', '--data-dir=/tmp/w2']), '/tmp/w2');
  assert.equal(dataDirFromArgs(['cutover', '--data-dir']), undefined);
  assert.equal(dataDirFromArgs(['cutover', '--data-dir', '--inspect']), undefined);
  assert.equal(dataDirFromArgs(['cutover']), undefined);
});

test('the app root is found from dist/electron or is the packaged app path itself', () => {
  const tree = new Set(['/repo/package.json', '/repo/sql', '/opt/Cutover/resources/app.asar/package.json', '/opt/Cutover/resources/app.asar/sql']);
  const exists = (p: string) => tree.has(p);
  assert.equal(findAppRoot('/repo/dist/electron', exists), '/repo');
  assert.equal(findAppRoot('/repo', exists), '/repo');
  assert.equal(findAppRoot('/opt/Cutover/resources/app.asar', exists), '/opt/Cutover/resources/app.asar');
  assert.equal(findAppRoot('/elsewhere/x', exists), '/elsewhere/x');
});
