import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inlineParams, literal } from './inline.ts';

test('parameters become literals; nothing inside literals, identifiers, dollar quotes or comments is touched', () => {
  assert.equal(inlineParams('SELECT $1::bigint, $2, $3', [7, "it's", null]), "SELECT 7::bigint, 'it''s', NULL");
  assert.equal(inlineParams(`SELECT '$1', "$1", $x$ $1 $x$, $$ $2 $$ -- $1\n, $1 /* $2 */`, [1, 2]), `SELECT '$1', "$1", $x$ $1 $x$, $$ $2 $$ -- $1\n, 1 /* $2 */`);
  assert.equal(inlineParams("SELECT E'\\'$1', $1", ['a']), "SELECT E'\\'$1', 'a'");
  assert.equal(inlineParams('SELECT $10, $1', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 'SELECT 10, 1');
  assert.equal(inlineParams('SELECT $1::jsonb', [{ a: "b'c" }]), `SELECT '{"a":"b''c"}'::jsonb`);
  assert.equal(inlineParams('SELECT 1', []), 'SELECT 1');
  assert.throws(() => inlineParams('SELECT $2', [1]), /\$2 has no parameter/);
});

test('literals of every kind a plan uses', () => {
  assert.equal(literal(true), 'TRUE');
  assert.equal(literal(12n), '12');
  assert.equal(literal(new Date('2026-01-02T03:04:05Z')), "'2026-01-02T03:04:05.000Z'");
  assert.equal(literal('back\\slash'), " E'back\\\\slash'");
  assert.throws(() => literal(Number.NaN));
});
