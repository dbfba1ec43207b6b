import { test } from 'node:test';
import assert from 'node:assert/strict';
import { grantStatements, parseAclItem } from './acl.ts';

test('aclitems are read with PUBLIC, quoted names and grant options; unknown letters are refused', () => {
  assert.deepEqual(parseAclItem('anon=arwd/postgres'), { grantee: 'anon', grantor: 'postgres', privileges: ['a', 'r', 'w', 'd'], grantable: [] });
  assert.deepEqual(parseAclItem('anon=rxt*/postgres'), { grantee: 'anon', grantor: 'postgres', privileges: ['r', 'x'], grantable: ['t'] });
  assert.deepEqual(parseAclItem('=r/postgres'), { grantee: '', grantor: 'postgres', privileges: ['r'], grantable: [] });
  assert.deepEqual(parseAclItem('"my ""role"""=r*w/"the owner"'), { grantee: 'my "role"', grantor: 'the owner', privileges: ['w'], grantable: ['r'] });
  assert.equal(parseAclItem('"we ird"=U/"own""er"').grantor, 'own"er');
  assert.throws(() => parseAclItem('anon=Z/postgres'), /unknown privilege Z/);
  assert.throws(() => parseAclItem('nonsense'), /not an aclitem/);
});

test('grants follow the items in order, grant options apart, columns named, PUBLIC unquoted', () => {
  const entries = ['anon=r/postgres', 'postgres=arwd*/postgres', '=x/postgres'].map(parseAclItem);
  assert.deepEqual(grantStatements({ object: 'TABLE s.t' }, entries), [
    'GRANT SELECT ON TABLE s.t TO "anon"',
    'GRANT INSERT, SELECT, UPDATE ON TABLE s.t TO "postgres"',
    'GRANT DELETE ON TABLE s.t TO "postgres" WITH GRANT OPTION',
    'GRANT REFERENCES ON TABLE s.t TO PUBLIC',
  ]);
  assert.deepEqual(grantStatements({ object: 'TABLE s.t', column: 'email' }, [parseAclItem('authenticated=w/postgres')]), ['GRANT UPDATE ("email") ON TABLE s.t TO "authenticated"']);
});
