import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  HELP_LINKS,
  externalUrlToOpen,
  isAllowedExternalUrl,
  isAppUrl,
  isBlockedRequestUrl,
  navigationAction,
} from './trusted-url.ts';

type Case = [url: unknown, expected: boolean, why: string];

/** Each URL of the table gets the expected answer from `check`. */
function checkAll(cases: readonly Case[], check: (url: unknown) => boolean): void {
  for (const [url, expected, why] of cases) assert.equal(check(url), expected, `${String(url)}: ${why}`);
}

const external: Case[] = [
  ['https://docs.xendit.co/apidocs', true, 'allow-listed host'],
  ['https://developers.systeme.io/', true, 'allow-listed host'],
  ['https://help.systeme.io/article/1', true, 'allow-listed host'],
  ['https://supabase.com/docs/guides/database', true, 'allow-listed host'],
  ['https://docs.xendit.co/a?b=c#d', true, 'query and fragment are fine'],
  ['HTTPS://DOCS.XENDIT.CO/Path', true, 'scheme and host are case-insensitive; the path is kept'],
  ['https://docs.xendit.co:443/', true, 'the default port is the same origin'],
  ['http://docs.xendit.co/', false, 'http, not https'],
  ['https://docs.xendit.co@evil.com/', false, 'userinfo trick: the host is evil.com'],
  ['https://evil.com@docs.xendit.co/', false, 'userinfo present at all'],
  ['https://user:pass@docs.xendit.co/', false, 'credentials in the URL'],
  ['https://docs.xendit.co.evil.com/', false, 'allow-listed name as a subdomain of another host'],
  ['https://evil-docs.xendit.co/', false, 'sibling subdomain'],
  ['https://www.supabase.com/', false, 'subdomain not on the list'],
  ['https://xyz.supabase.co/', false, 'project hosts are not docs'],
  ['https://xendit.co/', false, 'parent domain not on the list'],
  ['https://docs.xendit.co./', false, 'trailing-dot FQDN is a different host string'],
  ['https://docs.xendit.co:8443/', false, 'non-default port'],
  ['https://docs.xendіt.co/', false, 'IDN look-alike (Cyrillic і) becomes punycode'],
  ['https://xn--docs-xendit-co/', false, 'punycode host'],
  ['https://docs%2exendit.co/', true, 'the parser decodes the host to the same name; the canonical URL is opened'],
  ['https://docs%2exendit.co%2eevil.com/', false, 'encoded dots that decode to another host'],
  ['https://docs.xendit.co%2F@evil.com/', false, 'encoded slash inside userinfo'],
  ['https://evil.com/https://docs.xendit.co/', false, 'allow-listed URL in the path'],
  ['https://evil.com/?u=docs.xendit.co', false, 'allow-listed host in the query'],
  ['https://evil.com#docs.xendit.co', false, 'allow-listed host in the fragment'],
  ['javascript:alert(1)//docs.xendit.co', false, 'javascript: URL'],
  ['data:text/html,<a href="https://docs.xendit.co">', false, 'data: URL'],
  ['file:///etc/passwd', false, 'file: URL'],
  ['app://cutover/index.html', false, 'our own origin is not external'],
  ['//docs.xendit.co/', false, 'scheme-relative'],
  ['docs.xendit.co', false, 'no scheme'],
  ['', false, 'empty'],
  [undefined, false, 'not a string'],
  [42, false, 'not a string'],
  [{ toString: () => 'https://docs.xendit.co/' }, false, 'an object that stringifies to an allowed URL'],
];

test('external links: only https on an exact allow-listed host', () => checkAll(external, isAllowedExternalUrl));

test('an allowed external link is opened in its canonical form', () => {
  assert.equal(externalUrlToOpen('HTTPS://DOCS.XENDIT.CO:443/a b'), 'https://docs.xendit.co/a%20b');
  assert.equal(externalUrlToOpen('\thttps://docs.xendit.co/\n'), 'https://docs.xendit.co/');
  assert.equal(externalUrlToOpen('https://docs%2exendit.co/x'), 'https://docs.xendit.co/x');
  assert.equal(externalUrlToOpen('https://docs.xendit.co@evil.com/'), null);
});

const app: Case[] = [
  [APP_ENTRY_URL, true, 'the entry page'],
  [`${APP_ORIGIN}/`, true, 'the root'],
  [`${APP_ORIGIN}/assets/index-abc.js?x=1#y`, true, 'an asset'],
  ['APP://cutover/index.html', true, 'scheme case is folded by the parser'],
  ['app://cutover.evil/index.html', false, 'look-alike host'],
  ['app://evil.cutover/index.html', false, 'subdomain look-alike'],
  ['app://cutover@evil/index.html', false, 'userinfo trick'],
  ['app://evil@cutover/index.html', false, 'userinfo present'],
  ['app://cutover:1234/index.html', false, 'a port'],
  ['app://Cutover/index.html', false, 'app: hosts are opaque, so case is not folded'],
  ['app://cutover./index.html', false, 'trailing dot'],
  ['app://cutover%2e/', false, 'percent-encoded host'],
  ['app:cutover/index.html', false, 'no authority'],
  ['apps://cutover/index.html', false, 'another scheme'],
  ['file:///app/cutover/index.html', false, 'file: URL'],
  ['http://cutover/index.html', false, 'http with the same host'],
  ['https://cutover/index.html', false, 'https with the same host'],
  ['http://127.0.0.1:5173/', false, 'a dev server'],
  ['devtools://devtools/bundled/inspector.html', false, 'devtools'],
  ['about:blank', false, 'about:blank'],
  ['javascript:void(0)', false, 'javascript:'],
  ['data:text/html,hi', false, 'data:'],
  ['', false, 'empty'],
  [null, false, 'not a string'],
];

test('app URLs: exactly the app:// origin', () => checkAll(app, isAppUrl));

test('navigation: stay on the app origin, open allow-listed docs outside, refuse the rest', () => {
  assert.equal(navigationAction('app://cutover/index.html'), 'allow');
  assert.equal(navigationAction('https://docs.xendit.co/x'), 'open-external');
  for (const url of ['https://docs.xendit.co@evil.com/', 'http://docs.xendit.co/', 'file:///etc/passwd', 'app://cutover.evil/', 'javascript:alert(1)', 'about:blank', undefined]) {
    assert.equal(navigationAction(url), 'deny', String(url));
  }
});

test('the session blocks network and file requests but not app:// or in-page data', () => {
  for (const url of ['https://evil.example/x.js', 'http://127.0.0.1:1/', 'HTTPS://a/', 'wss://a/', 'ws://a/', 'ftp://a/', 'file:///etc/passwd', 'FILE:///c:/x', '//evil/x', 'relative/x', undefined]) {
    assert.equal(isBlockedRequestUrl(url), true, String(url));
  }
  for (const url of ['app://cutover/index.html', 'data:image/png;base64,AA==', 'blob:app://cutover/1234', 'devtools://devtools/bundled/inspector.html']) {
    assert.equal(isBlockedRequestUrl(url), false, url);
  }
});

test('every Help menu link is on the allow-list', () => {
  assert.ok(HELP_LINKS.length > 0);
  for (const { url } of HELP_LINKS) assert.equal(isAllowedExternalUrl(url), true, url);
});
