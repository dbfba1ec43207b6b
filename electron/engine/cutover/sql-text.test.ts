import { test } from 'node:test';
import assert from 'node:assert/strict';
import { printedName, renameTables, withoutTrailingSemicolon } from './sql-text.ts';
import { BACKUP_PREFIX, parkSchemaName, ROLLED_BACK_PREFIX } from './names.ts';

test('qualified names print as regclass does', () => {
  assert.equal(printedName('public', 'unified_profiles'), 'public.unified_profiles');
  assert.equal(printedName('My S', 'T'), '"My S"."T"');
});

test('table references are renamed as whole names only', () => {
  const map = { 'cutover_staging.unified_profiles': 'public.unified_profiles' };
  assert.equal(renameTables('SELECT 1 FROM cutover_staging.unified_profiles p, cutover_staging.unified_profiles_x', map), 'SELECT 1 FROM public.unified_profiles p, cutover_staging.unified_profiles_x');
  assert.equal(withoutTrailingSemicolon(' SELECT 1;\n'), 'SELECT 1');
});

test('park schema names are unique per swap and fit in 63 bytes', () => {
  const at = new Date('2026-12-02T11:23:37Z');
  assert.equal(parkSchemaName(BACKUP_PREFIX, at, () => 'a1b2c3'), 'cutover_backup_20261202_112337_a1b2c3');
  const rolled = parkSchemaName(ROLLED_BACK_PREFIX, at);
  assert.ok(Buffer.byteLength(rolled) <= 63 && /^cutover_rolledback_20261202_112337_[0-9a-f]{6}$/.test(rolled), rolled);
  assert.notEqual(parkSchemaName(BACKUP_PREFIX, at), parkSchemaName(BACKUP_PREFIX, at));
});
