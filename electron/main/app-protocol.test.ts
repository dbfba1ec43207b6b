import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTENT_SECURITY_POLICY, contentTypeFor, resolveAppFile, serveAppRequest } from './app-protocol.ts';

let base: string;
let root: string;

before(() => {
  base = mkdtempSync(join(tmpdir(), 'cutover-protocol-'));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Cutover</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(root, 'favicon.svg'), '<svg/>');
  writeFileSync(join(base, 'secret.txt'), 'outside the renderer');
  writeFileSync(join(base, 'renderer-evil.txt'), 'a sibling whose name starts like the root');
});
after(() => rmSync(base, { recursive: true, force: true }));

test('app URLs map to files under the renderer folder', () => {
  assert.equal(resolveAppFile(root, 'app://cutover/'), join(root, 'index.html'));
  assert.equal(resolveAppFile(root, 'app://cutover'), join(root, 'index.html'));
  assert.equal(resolveAppFile(root, 'app://cutover/index.html?x=1#top'), join(root, 'index.html'));
  assert.equal(resolveAppFile(root, 'app://cutover/assets/index-abc.js'), join(root, 'assets', 'index-abc.js'));
  assert.equal(resolveAppFile(root, 'app://cutover/assets/a%20b.js'), join(root, 'assets', 'a b.js'));
});

test('traversal and foreign URLs resolve to nothing', () => {
  const hostile = [
    'app://cutover/%2e%2e%2fsecret.txt', // encoded slash: decodes to ../secret.txt
    'app://cutover/..%2Fsecret.txt',
    'app://cutover/assets/..%2F..%2Fsecret.txt',
    'app://cutover/..%5Csecret.txt', // backslash
    'app://cutover/assets%5C..%5C..%5Csecret.txt',
    'app://cutover/index.html%00.png', // NUL byte
    'app://cutover/%E0%A4%A', // malformed escape
    'app://cutover/C:%2FWindows%2Fwin.ini',
    'app://cutover/%2Fetc%2Fpasswd',
    'app://cutover.evil/index.html',
    'app://evil/index.html',
    'app://cutover:99/index.html',
    'file:///etc/passwd',
    'https://cutover/index.html',
  ];
  for (const url of hostile) {
    const file = resolveAppFile(root, url);
    assert.ok(file === null || file.startsWith(root + '/'), `${url} -> ${file}`);
  }
  // Plain dot segments never get out either: the URL parser collapses them at the root.
  assert.equal(resolveAppFile(root, 'app://cutover/../secret.txt'), join(root, 'secret.txt'));
  assert.equal(resolveAppFile(root, 'app://cutover/%2e%2e/secret.txt'), join(root, 'secret.txt'));
  assert.equal(resolveAppFile(root, 'app://cutover/../renderer-evil.txt'), join(root, 'renderer-evil.txt'));
  for (const url of hostile) if (url.startsWith('app://cutover/')) assert.equal(resolveAppFile(root, url), null, url);
  // Double encoding is decoded once only: it names an odd file inside the root, not a way out.
  assert.equal(resolveAppFile(root, 'app://cutover/%252e%252e%252fsecret.txt'), join(root, '%2e%2e%2fsecret.txt'));
});

test('responses carry the CSP, nosniff and the right content type', async () => {
  const html = await serveAppRequest(root, new Request('app://cutover/'));
  assert.equal(html.status, 200);
  assert.equal(html.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal(html.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
  assert.equal(html.headers.get('x-content-type-options'), 'nosniff');
  assert.match(await html.text(), /<title>Cutover/);

  const js = await serveAppRequest(root, new Request('app://cutover/assets/index-abc.js'));
  assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
  assert.equal(await js.text(), 'console.log(1)');
  assert.equal((await serveAppRequest(root, new Request('app://cutover/assets/index-abc.css'))).headers.get('content-type'), 'text/css; charset=utf-8');
  assert.equal((await serveAppRequest(root, new Request('app://cutover/favicon.svg'))).headers.get('content-type'), 'image/svg+xml');
  assert.equal(contentTypeFor('x.WOFF2'), 'font/woff2');
  assert.equal(contentTypeFor('x.unknown'), 'application/octet-stream');

  for (const policy of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "img-src 'self' data:"]) {
    assert.ok(CONTENT_SECURITY_POLICY.includes(policy), policy);
  }
  assert.ok(!CONTENT_SECURITY_POLICY.includes('unsafe'));
});

test('missing files, folders, traversal and other methods get errors, never file contents', async () => {
  const status = async (url: string, method = 'GET') => (await serveAppRequest(root, new Request(url, { method }))).status;
  assert.equal(await status('app://cutover/nope.js'), 404);
  assert.equal(await status('app://cutover/assets'), 404);
  assert.equal(await status('app://cutover/..%2Fsecret.txt'), 404);
  assert.equal(await status('app://cutover/assets/..%2F..%2Fsecret.txt'), 404);
  assert.equal(await status('app://evil/index.html'), 404);
  assert.equal(await status('app://cutover/index.html', 'POST'), 405);
  const head = await serveAppRequest(root, new Request('app://cutover/index.html', { method: 'HEAD' }));
  assert.equal(head.status, 200);
  assert.equal(await head.text(), '');
});

test('an unbuilt renderer says how to build it', async () => {
  const res = await serveAppRequest(join(base, 'nothing-here'), new Request('app://cutover/'));
  assert.equal(res.status, 503);
  assert.match(await res.text(), /npm run build/);
});
