// test-postgres: 17
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { freePort, type Cluster } from '../pg/cluster.ts';
import { withClient } from '../pg/client.ts';
import { TargetError, type TargetFailureReason } from '../pg/errors.ts';
import { fileQuery, loadSql } from '../pg/sql-files.ts';
import { executeScript } from '../pg/query.ts';
import { createTestDatabase, dropTestDatabase, startTestCluster, withDatabase, withUser, type TestDatabase } from '../pg/testing.ts';
import { makeTestCertificates, type TestCertificates } from '../pg/tls-testing.ts';
import { tempDir } from '../testing/engine.ts';
import { demoProductionTemplate } from '../demo/production/testing.ts';
import { connectTarget, parseTargetUrl, redact } from './connect.ts';

// Hostile on purpose: URL-reserved characters and non-ASCII, so its encoded form differs from it.
const PASSWORD = 'S3cr#t/pa ss:wörd@%';
const ENCODED = encodeURIComponent(PASSWORD);
const hostileRole = `hostile_${process.pid}`;

let db: TestDatabase;
let tlsCluster: Cluster;
let certs: TestCertificates;
const scratch = tempDir();
let silent: Server;
const silentSockets = new Set<Socket>();

/** The same URL with another user and password (encoded as a person would paste it). */
function as(url: string, user: string, password: string): string {
  const u = new URL(withUser(url, user));
  u.password = encodeURIComponent(password);
  return u.toString();
}

before(async () => {
  db = await createTestDatabase({ template: demoProductionTemplate({ scale: 0.05 }) });
  await withClient(db.url, async (c) => {
    await c.query(`CREATE ROLE ${hostileRole} LOGIN`);
    await c.query('BEGIN');
    const params = fileQuery('demo/set-role-password-params', [hostileRole, PASSWORD]);
    await c.query(params.sql, [...params.params]);
    await executeScript(c, loadSql('demo/set-role-password'));
    await c.query('COMMIT');
  });
  certs = makeTestCertificates(scratch.path);
  tlsCluster = await startTestCluster(17, { ssl: { certFile: certs.certFile, keyFile: certs.keyFile } });
  // Accepts connections and never says a word.
  silent = createServer((socket) => silentSockets.add(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
});

after(async () => {
  for (const s of silentSockets) s.destroy();
  silent?.close();
  await tlsCluster?.stop();
  if (db) {
    await dropTestDatabase(db);
    await withClient(withDatabase(db.url, 'postgres'), (c) => c.query(`DROP ROLE IF EXISTS ${hostileRole}`));
  }
  scratch.remove();
});

const tlsUrl = (host: string, mode: string, password = PASSWORD) => {
  const u = new URL(as(tlsCluster.url(), 'supabase_admin', password));
  u.hostname = host;
  u.searchParams.set('sslmode', mode);
  return u.toString();
};

test('URLs: defaults, sslmode, and refusals that say what is wrong', () => {
  const local = parseTargetUrl(`postgres://postgres:${ENCODED}@127.0.0.1:6543/app`);
  assert.deepEqual(local, { host: '127.0.0.1', port: 6543, database: 'app', user: 'postgres', password: PASSWORD, sslmode: 'disable', caFile: null });
  assert.equal(parseTargetUrl('postgresql://u:p@db.example.com/x').sslmode, 'require');
  assert.equal(parseTargetUrl('postgres://u:p@db.example.com/x?sslmode=verify-full&sslrootcert=/ca.pem').caFile, '/ca.pem');
  const refusal = (url: string, pattern: RegExp) =>
    assert.throws(() => parseTargetUrl(url), (e: unknown) => e instanceof TargetError && e.reason === 'bad_url' && pattern.test(e.message) && !e.message.includes('p4ss'));
  refusal('not a url', /not a connection URL/);
  refusal('mysql://u:p4ss@h/db', /starts with postgres/);
  refusal('postgres://u:p4ss@h/db?sslmode=prefer', /sslmode=prefer is not supported/);
  refusal('postgres://u:p4ss@h/db?sslmode=verify-full', /needs the server's CA/);
  refusal('postgres://:p4ss@h/db', /names no user/);
  assert.equal(redact(`x ${PASSWORD} y ${ENCODED}`, PASSWORD), 'x •••• y ••••');
});

test('a good URL connects and reports version, role, TLS and privileges', async () => {
  const { rows } = await withClient(db.url, (c) => c.query("SELECT rolname FROM pg_roles WHERE rolname = 'postgres'"));
  assert.equal(rows.length, 1);
  const password = decodeURIComponent(new URL(db.url).password);
  const conn = await connectTarget(as(db.url, 'postgres', password));
  try {
    assert.equal(conn.info.major, 17);
    assert.equal(conn.info.currentUser, 'postgres');
    assert.equal(conn.info.isSuperuser, false);
    assert.equal(conn.info.tls, false);
    assert.deepEqual(conn.info.privileges.missing, []);
    assert.deepEqual(
      conn.info.privileges.tables.map((t) => [t.name, t.owner, t.owned]),
      [
        ['unified_profiles', 'postgres', true],
        ['transactions', 'postgres', true],
        ['enrollments', 'postgres', true],
        ['affiliates', 'postgres', true],
      ],
    );
    assert.equal((await conn.client.query('SELECT 1 AS one')).rows[0].one, 1);
  } finally {
    await conn.close();
  }
});

test('TLS: require and verify-full with the right CA give an encrypted session', async () => {
  const password = decodeURIComponent(new URL(tlsCluster.url()).password);
  for (const url of [tlsUrl('127.0.0.1', 'require', password), tlsUrl('localhost', 'verify-full', password)]) {
    const conn = await connectTarget(url, { caFile: certs.caFile, requirePrivileges: false });
    try {
      assert.equal(conn.info.tls, true, url.replace(password, '…'));
    } finally {
      await conn.close();
    }
  }
});

test('every way of failing has its own clear error, and the password appears in none of them', async () => {
  const refusedPort = await freePort();
  const silentPort = (silent.address() as { port: number }).port;
  const realPassword = decodeURIComponent(new URL(db.url).password);
  const cases: { name: string; url: string; reason: TargetFailureReason; message: RegExp; options?: Parameters<typeof connectTarget>[1] }[] = [
    { name: 'dns', url: `postgres://postgres:${ENCODED}@no-such-host.invalid:5432/postgres?sslmode=disable`, reason: 'dns', message: /no-such-host\.invalid does not resolve/ },
    { name: 'refused', url: `postgres://postgres:${ENCODED}@127.0.0.1:${refusedPort}/postgres`, reason: 'refused', message: /Nothing accepts connections at 127\.0\.0\.1:\d+/ },
    { name: 'timeout', url: `postgres://postgres:${ENCODED}@127.0.0.1:${silentPort}/postgres`, reason: 'timeout', message: /did not answer within 0\.3 s/, options: { timeoutMs: 300 } },
    { name: 'tls: no TLS on the server', url: `${as(db.url, 'postgres', PASSWORD)}?sslmode=require`, reason: 'tls', message: /does not offer TLS/ },
    { name: 'tls: unknown CA', url: tlsUrl('localhost', 'verify-full'), reason: 'tls', message: /not signed by the CA you gave/, options: { caFile: certs.otherCaFile } },
    { name: 'tls: wrong host', url: tlsUrl('127.0.0.1', 'verify-full'), reason: 'tls', message: /does not name 127\.0\.0\.1/, options: { caFile: certs.caFile } },
    { name: 'tls: missing CA file', url: tlsUrl('localhost', 'verify-full'), reason: 'tls', message: /Cannot read the CA certificate file/, options: { caFile: `${scratch.path}/nope.pem` } },
    { name: 'auth', url: as(db.url, 'postgres', PASSWORD), reason: 'auth', message: /refused the user name or password/ },
    { name: 'database', url: withDatabase(as(db.url, hostileRole, PASSWORD), 'no_such_db'), reason: 'database', message: /no database named no_such_db/ },
    { name: 'version', url: as(db.url, hostileRole, PASSWORD), reason: 'version', message: /runs PostgreSQL 17\.\d+; Cutover supports PostgreSQL 18 to 18/, options: { supportedMajors: { min: 18, max: 18 } } },
    {
      name: 'privileges',
      url: as(db.url, hostileRole, PASSWORD),
      reason: 'privileges',
      message: /as hostile_\d+, but that role cannot create a schema in database \w+; own public\.unified_profiles \(its owner is postgres\);.*SELECT, INSERT, UPDATE, DELETE, REFERENCES on auth\.users/,
    },
  ];
  const seen = new Set<string>();
  for (const c of cases) {
    const error = await connectTarget(c.url, c.options).then(
      async (conn) => {
        await conn.close();
        return null;
      },
      (e: unknown) => e,
    );
    assert.ok(error instanceof TargetError, `${c.name}: expected a TargetError, got ${String(error)}`);
    assert.equal(error.code, 'TARGET_FAILED');
    assert.equal(error.reason, c.reason, `${c.name}: ${error.message}`);
    assert.match(error.message, c.message, c.name);
    for (const secret of [PASSWORD, ENCODED, realPassword]) {
      assert.ok(!error.message.includes(secret) && !JSON.stringify(error.toBody()).includes(secret), `${c.name} leaks the password: ${error.message}`);
    }
    seen.add(error.message);
  }
  assert.equal(seen.size, cases.length, 'each failure reads differently');
});
