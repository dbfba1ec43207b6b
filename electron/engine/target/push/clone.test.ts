// The pure parts of the clone: the GRANTs that reproduce an ACL in production's order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grants } from './clone.ts';

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
