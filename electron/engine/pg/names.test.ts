import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readName, splitQualified, splitSchemaQualified } from './names.ts';

test('qualified names split whether or not their parts are quoted', () => {
  assert.deepEqual(splitQualified('public.unified_profiles'), { schema: 'public', name: 'unified_profiles' });
  assert.deepEqual(splitQualified('"My Schema"."odd""name.x"'), { schema: 'My Schema', name: 'odd"name.x' });
  assert.deepEqual(splitQualified('"My ""S"""."T.x"'), { schema: 'My "S"', name: 'T.x' });
  assert.deepEqual(splitQualified('users'), { schema: null, name: 'users' });
  assert.throws(() => splitQualified('a.b.c'), /not a qualified name/);
  assert.throws(() => splitQualified('"a"x.b'), /not a qualified name/);
  assert.deepEqual(splitSchemaQualified('public.t'), { schema: 'public', name: 't' });
  assert.throws(() => splitSchemaQualified('t'), /not a schema-qualified name/);
});

test('a name is read up to its delimiter, quoted or not', () => {
  assert.deepEqual(readName('anon=r/postgres', 0, '=/'), { name: 'anon', end: 4 });
  assert.deepEqual(readName('"a=b"=r/x', 0, '=/'), { name: 'a=b', end: 5 });
  assert.deepEqual(readName('=r/x', 0, '=/'), { name: '', end: 0 });
});
