// The web host under the attacks a user holding the token (or a compromised page) could make:
// reading files through CSV import, sending the keys elsewhere, oversized and malformed
// requests, and what a damaged workspace answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isJobOf, type JobInfo } from '../../shared/api/jobs.ts';
import { MAX_CSV_BYTES } from '../../shared/api/sources.ts';
import { API_PREFIX } from '../../shared/api/transport.ts';
import { toCsvText, xenditInvoiceCsvLines, generateDataset } from '../engine/demo/generator/index.ts';
import { memorySecretStore } from '../engine/secrets.ts';
import { RawWriter } from '../engine/sources/ingest/writer.ts';
import { tempDir } from '../engine/testing/engine.ts';
import { webFixture, type WebFixture } from '../engine/testing/web-host.ts';
import { CACHE_FILE, openWorkspace } from '../engine/workspace/workspace.ts';

async function waitJob(f: WebFixture, jobId: string): Promise<JobInfo> {
  const res = await f.call('job-wait', { jobId, timeoutMs: 120_000 });
  assert.equal(res.status, 200, res.body);
  return res.json!.result as JobInfo;
}

const uploadsLeft = () => readdirSync(tmpdir()).filter((n) => n.startsWith('cutover-uploads-')).flatMap((d) => readdirSync(join(tmpdir(), d)));

test('csv-import takes no path from a web call, so no local file can be read through it', async () => {
  const f = await webFixture();
  try {
    for (const path of ['/proc/self/environ', '/etc/passwd', join(f.dataDir, CACHE_FILE)]) {
      const res = await f.call('csv-import', { kind: 'systeme-contacts', path });
      assert.equal(res.status, 400, res.body);
      assert.equal(res.json?.error?.code, 'BAD_INPUT');
      assert.match(res.json!.error!.message, /path: Unrecognized key|Unrecognized key: "path"/);
    }
    // A token the host never granted names nothing.
    const forged = await f.call('csv-import', { kind: 'systeme-contacts', fileToken: 'A'.repeat(32) });
    assert.equal(forged.status, 400);
    assert.match(forged.json!.error!.message, /no longer available/);
    const jobs = await f.call('jobs-list', {});
    assert.deepEqual(jobs.json!.result, [], 'no import was started');
  } finally {
    await f.close();
  }
});

test("a file that is not an export fails naming the columns it lacks, never quoting the file's text", async () => {
  const f = await webFixture();
  try {
    const secretLine = 'PATH=/usr/bin,HOME=/root,CUTOVER_XENDIT_SECRET_KEY=xnd_development_NotForTheJobHistory';
    const res = await f.call('csv-import', { kind: 'systeme-contacts', content: `${secretLine}\nmore,text\n`, fileName: 'environ.csv' });
    assert.equal(res.status, 200, res.body);
    const job = await waitJob(f, (res.json!.result as { jobId: string }).jobId);
    assert.equal(job.state, 'failed');
    assert.equal(job.error!.message, '"environ.csv" is not a Systeme.io contacts export: its first row (3 columns) lacks the columns "Email", "Date Registered".');
    const history = JSON.stringify((await f.call('jobs-list', {})).json);
    for (const part of ['PATH=', 'HOME=', 'NotForTheJobHistory', 'more']) assert.ok(!history.includes(part), `the job history quotes ${part}`);
    assert.deepEqual(uploadsLeft(), [], 'the upload was removed');
  } finally {
    await f.close();
  }
});

test('an upload with JSON escapes and non-ASCII imports whole and leaves no temporary file', async () => {
  const f = await webFixture();
  try {
    const invoices = generateDataset({ seed: 2, scale: 0.1 }).invoices;
    const text = toCsvText(xenditInvoiceCsvLines(invoices));
    // Escapes of every kind the JSON may carry, split anywhere by the network.
    const res = await f.call('csv-import', { fileName: 'invoices "é".csv', kind: 'xendit-invoices', content: text });
    assert.equal(res.status, 200, res.body);
    const job = await waitJob(f, (res.json!.result as { jobId: string }).jobId);
    assert.ok(isJobOf(job, 'csv-import') && job.state === 'done', JSON.stringify(job.error));
    assert.equal(job.label, 'Import Xendit invoices CSV');
    assert.equal(job.result!.imported, invoices.length - job.result!.errorCount);
    assert.deepEqual(uploadsLeft(), []);
  } finally {
    await f.close();
  }
});

test('a source URL is https, or plain http only to this machine, and never carries credentials', async () => {
  const f = await webFixture();
  try {
    for (const [baseUrl, why] of [
      ['http://evil.example', /plain http:\/\/ is only allowed to this machine/],
      ['http://10.0.0.5:8080', /plain http:\/\/ is only allowed/],
      ['http://127.0.0.1.evil.example', /plain http:\/\/ is only allowed/],
      ['ftp://api.xendit.co', /use an https:\/\/ URL/],
      ['https://user:pass@api.xendit.co', /leave the credentials out of the URL/],
      ['https://api.xendit.co/?key=1', /without a query or fragment/],
      ['not a url', /not a URL/],
    ] as const) {
      const res = await f.call('connection-set', { xendit: { baseUrl } });
      assert.equal(res.status, 400, baseUrl);
      assert.match(res.json!.error!.message, why, baseUrl);
    }
    for (const baseUrl of ['https://api.xendit.co', 'http://127.0.0.1:9', 'http://127.5.6.7', 'http://localhost:8080', 'http://[::1]:3000']) {
      const res = await f.call('connection-set', { xendit: { baseUrl } });
      assert.equal(res.status, 200, `${baseUrl}: ${res.body}`);
    }
  } finally {
    await f.close();
  }
});

test("changing a source's base URL drops its stored key unless the same call gives one", async () => {
  const key = 'xnd_development_StoredKeyForTheRealHost01';
  const f = await webFixture();
  try {
    const status = async () => (await f.call('connection-get', {})).json!.result as { xendit: { hasKey: boolean }; systeme: { hasKey: boolean } };
    assert.equal((await f.call('connection-set', { xendit: { baseUrl: 'https://api.xendit.co', secretKey: key }, systeme: { apiKey: 'systeme-key-kept-123' } })).status, 200);
    assert.equal((await status()).xendit.hasKey, true);
    // The same URL again keeps the key.
    await f.call('connection-set', { xendit: { baseUrl: 'https://api.xendit.co/' } });
    assert.equal((await status()).xendit.hasKey, true);
    // Another URL without a key: the key is gone, and a pull says to connect again.
    await f.call('connection-set', { xendit: { baseUrl: 'https://attacker.example' } });
    const after = await status();
    assert.equal(after.xendit.hasKey, false);
    assert.equal(after.systeme.hasKey, true, "the other source's key is untouched");
    const pull = await f.call('pull-start', { sources: ['xendit'] });
    assert.equal(pull.status, 400);
    assert.match(pull.json!.error!.message, /Not connected: Xendit/);
    // A new URL with its key in the same call is connected.
    await f.call('connection-set', { xendit: { baseUrl: 'https://other.example', secretKey: key } });
    assert.equal((await status()).xendit.hasKey, true);
  } finally {
    await f.close();
  }
});

test('a base URL stored before these rules is refused before a key is sent to it', async () => {
  const f = await webFixture({ secrets: memorySecretStore({ 'xendit.secretKey': 'xnd_development_FromTheEnvironment0001' }) });
  try {
    f.engine.context.workspace.settings.set('connection', { mode: 'live', xenditBaseUrl: 'http://evil.example', systemeBaseUrl: 'https://api.systeme.io', demo: null });
    const pull = await f.call('pull-start', { sources: ['xendit'] });
    assert.equal(pull.status, 400);
    assert.match(pull.json!.error!.message, /Xendit's base URL "http:\/\/evil.example" is refused \(plain http:\/\/ is only allowed to this machine/);
  } finally {
    await f.close();
  }
});

test('a key the process has seen stays redacted after demo-open or connection-set replace it', async () => {
  const fromEnv = 'xnd_development_KeyFromTheEnvironment0123456789';
  const f = await webFixture({ secrets: memorySecretStore({ 'xendit.secretKey': fromEnv }) });
  try {
    // settings-set repeats an unknown zone back: a probe for what error messages let through.
    const echo = async (text: string) => (await f.call('settings-set', { timeZone: text })).json!.error!.message;
    assert.equal((await f.call('demo-open', { scale: 0.01, limits: 'off' })).status, 200);
    assert.equal(await echo(fromEnv), 'Unknown time zone "[redacted]": use an IANA zone such as Asia/Manila.');
    const entered = 'xnd_development_EnteredInConnect987654321';
    await f.call('connection-set', { xendit: { secretKey: entered } });
    await f.call('connection-set', { xendit: { secretKey: 'xnd_development_AndReplacedAgain000001' } });
    assert.match(await echo(entered), /"\[redacted\]"/);
    assert.match(await echo(fromEnv), /"\[redacted\]"/);
  } finally {
    await f.close();
  }
});

test('request bodies: limited per procedure, refused by Content-Length before a byte is read', async () => {
  const f = await webFixture();
  try {
    // 300 MB announced, a few bytes sent: the answer comes without waiting for the rest.
    for (const name of ['app-info', 'settings-set', 'job-get']) {
      const res = await f.raw('POST', `${API_PREFIX}${name}`, { ...f.headers(), 'Content-Length': String(300 * 2 ** 20) }, '{"a":');
      assert.equal(res.status, 413, name);
      assert.match(res.json!.error!.message, /larger than 1 MB/);
    }
    const upload = await f.raw('POST', `${API_PREFIX}csv-import`, { ...f.headers(), 'Content-Length': String(2 * MAX_CSV_BYTES + 2 * 2 ** 20) }, '{');
    assert.equal(upload.status, 413);
    // Without a Content-Length, reading stops at the limit.
    const chunked = await f.raw('POST', `${API_PREFIX}settings-set`, { ...f.headers(), 'Transfer-Encoding': 'chunked' }, `{"reviewerName":"${'x'.repeat(2 * 2 ** 20)}"}`);
    assert.equal(chunked.status, 413);
    // The server is still serving.
    assert.equal((await f.call('app-info', {})).status, 200);
  } finally {
    await f.close();
  }
});

test('content type, procedure name and oversized values: exact checks, right messages, nothing echoed', async () => {
  const f = await webFixture();
  try {
    for (const type of ['application/jsonp', 'application/json-seq', 'application/json5', 'text/plain', 'application/json; charset=latin1']) {
      const res = await f.call('app-info', '{}', { ...f.headers(), 'Content-Type': type });
      assert.equal(res.status, 415, type);
    }
    for (const type of ['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8']) {
      assert.equal((await f.call('app-info', '{}', { ...f.headers(), 'Content-Type': type })).status, 200, type);
    }

    const badEscape = await f.raw('POST', `${API_PREFIX}app-%E0%A4%A`, f.headers(), '{}');
    assert.equal(badEscape.status, 400);
    assert.match(badEscape.json!.error!.message, /not valid percent-encoding/);

    const longName = 'a'.repeat(200);
    const long = await f.call(longName, {});
    assert.equal(long.status, 404);
    assert.equal(long.json!.error!.code, 'UNKNOWN_PROCEDURE');
    assert.match(long.json!.error!.message, /^There is no procedure named "a{60}…"\.$/);

    // Under the body limit, far over any field's: the answer stays small.
    const bigId = 'j'.repeat(900_000);
    for (const [name, input] of [
      ['job-get', { jobId: bigId }],
      ['job-cancel', { jobId: bigId }],
      ['job-wait', { jobId: bigId }],
      ['app-info', { [bigId]: 1 }],
      ['settings-set', { timeZone: bigId }],
    ] as const) {
      const res = await f.call(name, input);
      assert.equal(res.status, 400, name);
      assert.ok(res.body.length < 2_000, `${name} answered ${res.body.length} bytes`);
    }
  } finally {
    await f.close();
  }
});

test('a damaged cache: workspace-check reports "not ok" naming the table; other calls name the file and what to do', async () => {
  const dir = tempDir();
  const file = join(dir.path, CACHE_FILE);
  const ws = openWorkspace(dir.path);
  const refunds = Array.from({ length: 50 }, (_, i) => ({ id: `rfd_${i}`, amount: 10, currency: 'PHP', status: 'SUCCEEDED', created: '2024-01-01T00:00:00.000Z', updated: '2024-01-01T00:00:00.000Z' }));
  assert.equal(new RawWriter(ws.db).writePage('xendit-refunds', refunds, {}).inserted, 50);
  // The refunds table and its indexes are small: each is its root page alone.
  const roots = ws.db.prepare("SELECT rootpage FROM sqlite_schema WHERE tbl_name = 'raw_xendit_refunds' AND rootpage > 0").pluck().all() as number[];
  const pageSize = ws.db.pragma('page_size', { simple: true }) as number;
  ws.close();
  // ... overwritten with garbage.
  const bytes = readFileSync(file);
  for (const root of roots) bytes.fill(0xff, (root - 1) * pageSize, root * pageSize);
  writeFileSync(file, bytes);

  const f = await webFixture({ dataDir: dir.path });
  try {
    const started = await f.call('workspace-check', {});
    const job = await waitJob(f, (started.json!.result as { jobId: string }).jobId);
    assert.ok(isJobOf(job, 'workspace-check'));
    assert.equal(job.state, 'done', JSON.stringify(job.error));
    assert.equal(job.result!.integrity, 'not ok');
    assert.ok(job.result!.problems.length > 0);
    assert.deepEqual(job.result!.tables.filter((t) => t.problem).map((t) => [t.name, t.rows]), [['raw_xendit_refunds', null]]);
    assert.ok(job.result!.tables.some((t) => t.name === 'raw_xendit_invoices' && t.rows === 0 && !t.problem), 'intact tables are counted');

    const status = await f.call('pull-status', {});
    assert.equal(status.json!.error!.code, 'WORKSPACE_UNUSABLE');
    assert.match(status.json!.error!.message, new RegExp(`^The workspace cache ${file.replaceAll('/', '\\/')} is damaged \\(SQLite: database disk image is malformed\\)\\. Run Check workspace`));
  } finally {
    await f.close();
    dir.remove();
  }
});

test('a key inside an imported file is redacted in the cache and in the job history', async () => {
  const key = 'xnd_development_KeyPastedIntoASpreadsheet42';
  const f = await webFixture({ secrets: memorySecretStore({ 'xendit.secretKey': key }) });
  try {
    const b64 = Buffer.from(`${key}:`).toString('base64');
    const csv = [
      'ID,Email,First name,Last name,Date Registered',
      `1,ana@example.com,${key},Cruz,2024-09-03 13:12:44`,
      `2,ben@example.com,Ben,${b64},2024-09-03 13:12:44`,
      `3,cy@example.com,Cy,Dee,${key}`, // a row error would quote it
    ].join('\n');
    const res = await f.call('csv-import', { kind: 'systeme-contacts', content: csv, fileName: 'contacts.csv' });
    const job = await waitJob(f, (res.json!.result as { jobId: string }).jobId);
    assert.ok(isJobOf(job, 'csv-import') && job.state === 'done', JSON.stringify(job));
    assert.equal(job.result!.imported, 2);
    assert.match(job.result!.errors[0]!.message, /\[redacted\]/);
    const db = f.engine.context.workspace.db;
    const rows = db.prepare('SELECT first_name, surname, raw FROM raw_systeme_contacts ORDER BY id').all() as { first_name: string; surname: string; raw: string }[];
    assert.equal(rows[0]!.first_name, '[redacted]');
    assert.match(rows[1]!.raw, /\[redacted\]/);
    await f.host.close();
    await f.engine.close();
    const bytes = readdirSync(f.dataDir).map((n) => readFileSync(join(f.dataDir, n)).toString('latin1')).join('');
    for (const form of [key, b64, Buffer.from(key).toString('hex')]) assert.ok(!bytes.includes(form), `the workspace holds ${form.slice(0, 12)}…`);
  } finally {
    await f.close();
  }
});
