// The pure parts of the clone: names as regclass prints them and the GRANTs that reproduce an ACL in production's order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grants, splitQualified } from './clone.ts';

test('qualified names split whether or not their parts are quoted', () => {
  assert.deepEqual(splitQualified('public.unified_profiles'), { schema: 'public', name: 'unified_profiles' });
  assert.deepEqual(splitQualified('"My Schema"."odd""name.x"'), { schema: 'My Schema', name: 'odd"name.x' });
  assert.deepEqual(splitQualified('users'), { schema: null, name: 'users' });
});

test("an ACL is reproduced item by item after the owner's default is revoked", () => {
  assert.deepEqual(grants('TABLE s.t', ['anon=r/postgres', 'postgres=arwd*/postgres', '=x/postgres'], 'postgres'), [
    'REVOKE ALL ON TABLE s.t FROM "postgres"',
    'GRANT SELECT ON TABLE s.t TO "anon"',
    'GRANT INSERT, SELECT, UPDATE ON TABLE s.t TO "postgres"',
    'GRANT DELETE ON TABLE s.t TO "postgres" WITH GRANT OPTION',
    'GRANT REFERENCES ON TABLE s.t TO PUBLIC',
  ]);
  assert.deepEqual(grants('TABLE s.t', ['authenticated=w/postgres'], 'postgres', 'email'), ['GRANT UPDATE ("email") ON TABLE s.t TO "authenticated"']);
  assert.deepEqual(grants('TABLE s.t', null, 'postgres'), []);
});
