import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aclStatements, resetAclStatements } from './acl.ts';

test('the statements revoke everything either side names, then grant exactly the wanted ACL in its order', () => {
  const statements = aclStatements(
    { object: 'TABLE public.t' },
    ['postgres=arwdDxt/postgres', 'anon=arwdDxt/postgres'],
    ['postgres=arwdDxt/postgres', 'authenticated=r*w/postgres', '=r/postgres'],
    ['postgres=arwdDxt/postgres'],
  );
  assert.deepEqual(statements, [
    'REVOKE ALL ON TABLE public.t FROM "postgres" CASCADE',
    'REVOKE ALL ON TABLE public.t FROM "anon" CASCADE',
    'GRANT INSERT, SELECT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON TABLE public.t TO "postgres"',
    'GRANT UPDATE ON TABLE public.t TO "authenticated"',
    'GRANT SELECT ON TABLE public.t TO "authenticated" WITH GRANT OPTION',
    'GRANT SELECT ON TABLE public.t TO PUBLIC',
  ]);
  assert.deepEqual(aclStatements({ object: 'TABLE public.t' }, ['a=r/o'], ['a=r/o'], []), [], 'equal ACLs need nothing');
});

test('a null ACL stands for the default; column privileges name their column', () => {
  assert.deepEqual(aclStatements({ object: 'TABLE public.t' }, null, ['o=arwdDxt/o', 'anon=r/o'], ['o=arwdDxt/o']), [
    'REVOKE ALL ON TABLE public.t FROM "o" CASCADE',
    'GRANT INSERT, SELECT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON TABLE public.t TO "o"',
    'GRANT SELECT ON TABLE public.t TO "anon"',
  ]);
  assert.deepEqual(aclStatements({ object: 'TABLE public.t', column: 'first_name' }, null, ['authenticated=w/o'], []), ['GRANT UPDATE ("first_name") ON TABLE public.t TO "authenticated"']);
  assert.deepEqual(aclStatements({ object: 'TABLE public.t', column: 'x' }, ['anon=r/o'], null, []), ['REVOKE ALL ("x") ON TABLE public.t FROM "anon" CASCADE']);
});

test('a re-created object first loses whatever default privileges gave it', () => {
  const [revoke, ...grants] = resetAclStatements({ object: 'FUNCTION public.f(text)' }, 'SELECT proacl FROM pg_proc', ['=X/o', 'o=X/o'], []);
  assert.match(revoke as string, /^DO \$cutover\$.*aclexplode\(\(SELECT proacl FROM pg_proc\)\).*REVOKE ALL ON FUNCTION public\.f\(text\) FROM/s);
  assert.deepEqual(grants, ['GRANT EXECUTE ON FUNCTION public.f(text) TO PUBLIC', 'GRANT EXECUTE ON FUNCTION public.f(text) TO "o"']);
});
