import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CallOutcome } from '../../shared/api/transport.ts';
import { createCallHandler, createPickFileHandler, type CallEvent } from './ipc.ts';
import { APP_ENTRY_URL } from './trusted-url.ts';

const mainFrame = (url: string): CallEvent => ({ senderFrame: { url, parent: null } });
const appEvent = mainFrame(APP_ENTRY_URL);

function setup(answer: CallOutcome = { ok: true, result: { version: '1.2.3' } }) {
  const forwarded: [string, unknown][] = [];
  const handler = createCallHandler<CallEvent>({
    forward: async (name, input) => {
      forwarded.push([name, input]);
      return answer;
    },
  });
  return { handler, forwarded };
}

function errorCode(outcome: CallOutcome): string | undefined {
  return outcome.ok ? undefined : outcome.error.code;
}

test('a valid call from the app window is forwarded and its outcome returned', async () => {
  const { handler, forwarded } = setup();
  const outcome = await handler(appEvent, 'app-info', {});
  assert.deepEqual(outcome, { ok: true, result: { version: '1.2.3' } });
  assert.deepEqual(forwarded, [['app-info', {}]]);
});

test('a missing input is forwarded as {} (as every transport does)', async () => {
  const { handler, forwarded } = setup();
  assert.equal((await handler(appEvent, 'wizard-status', undefined)).ok, true);
  assert.deepEqual(forwarded, [['wizard-status', {}]]);
});

test("the engine's error outcome comes back unchanged", async () => {
  const { handler } = setup({ ok: false, error: { code: 'NOT_FOUND', message: 'No job x.' } });
  assert.deepEqual(await handler(appEvent, 'job-get', { jobId: 'x' }), { ok: false, error: { code: 'NOT_FOUND', message: 'No job x.' } });
});

test('malformed input is rejected with BAD_INPUT and never forwarded', async () => {
  const { handler, forwarded } = setup();
  const cases: [string, unknown][] = [
    ['job-get', { jobId: 42 }],
    ['job-get', {}],
    ['job-get', { jobId: '' }],
    ['app-info', { surprise: true }],
    ['app-info', 'a string'],
    ['app-info', [1, 2]],
    ['job-get', null],
  ];
  for (const [name, input] of cases) {
    const outcome = await handler(appEvent, name, input);
    assert.equal(errorCode(outcome), 'BAD_INPUT', `${name} ${JSON.stringify(input)}`);
  }
  const wrong = await handler(appEvent, 'job-get', { jobId: 42 });
  assert.ok(!wrong.ok);
  assert.deepEqual(wrong.error.issues?.map((i) => i.path), ['jobId']);
  assert.deepEqual(forwarded, []);
});

test('unknown procedures and non-string names are rejected and never forwarded', async () => {
  const { handler, forwarded } = setup();
  assert.equal(errorCode(await handler(appEvent, 'drop-everything', {})), 'UNKNOWN_PROCEDURE');
  assert.equal(errorCode(await handler(appEvent, '__proto__', {})), 'UNKNOWN_PROCEDURE');
  assert.equal(errorCode(await handler(appEvent, 'constructor', {})), 'UNKNOWN_PROCEDURE');
  assert.equal(errorCode(await handler(appEvent, 'toString', {})), 'UNKNOWN_PROCEDURE');
  // A long name is simply not a procedure, and is not repeated back whole.
  const long = await handler(appEvent, 'x'.repeat(10_000), {});
  assert.equal(errorCode(long), 'UNKNOWN_PROCEDURE');
  assert.ok(!long.ok && long.error.message.length < 120, 'the name is clipped in the message');
  for (const name of [undefined, null, 42, {}, ['app-info'], { toString: () => 'app-info' }, '']) {
    assert.equal(errorCode(await handler(appEvent, name, {})), 'BAD_INPUT', String(name).slice(0, 40));
  }
  assert.deepEqual(forwarded, []);
});

test('calls from anywhere but the main frame of the app origin are UNAUTHORIZED and never forwarded', async () => {
  const { handler, forwarded } = setup();
  const senders: [CallEvent, string][] = [
    [{}, 'no senderFrame'],
    [{ senderFrame: null }, 'a destroyed frame'],
    [{ senderFrame: { url: APP_ENTRY_URL, parent: { url: APP_ENTRY_URL } } }, 'a subframe of the app'],
    [mainFrame('https://evil.example/'), 'a foreign origin'],
    [mainFrame('file:///work/main/dist/renderer/index.html'), 'a file:// page'],
    [mainFrame('app://cutover.evil/index.html'), 'a look-alike host'],
    [mainFrame('app://evil/index.html'), 'another app:// host'],
    [mainFrame('app://cutover@evil/index.html'), 'userinfo trick'],
    [mainFrame('app://cutover:8080/index.html'), 'a port'],
    [mainFrame('http://127.0.0.1:5173/'), 'a dev server'],
    [mainFrame('about:blank'), 'about:blank'],
    [mainFrame('data:text/html,<script>'), 'a data: page'],
    [mainFrame('devtools://devtools/bundled/inspector.html'), 'devtools'],
    [mainFrame(''), 'an empty URL'],
    [
      {
        get senderFrame(): never {
          throw new Error('Render frame was disposed');
        },
      },
      'a frame getter that throws',
    ],
  ];
  for (const [event, why] of senders) {
    const outcome = await handler(event, 'app-info', {});
    assert.equal(errorCode(outcome), 'UNAUTHORIZED', why);
  }
  assert.deepEqual(forwarded, []);
});

test('the sender is checked before the name and input', async () => {
  const { handler } = setup();
  assert.equal(errorCode(await handler({}, 42, 'junk')), 'UNAUTHORIZED');
});

test('an extra sender check (e.g. "is our window") is applied on top of the frame check', async () => {
  type Ev = CallEvent & { sender: { id: number } };
  const forwarded: string[] = [];
  const handler = createCallHandler<Ev>({
    isTrustedSender: (e) => e.sender.id === 1,
    forward: async (name) => {
      forwarded.push(name);
      return { ok: true, result: null };
    },
  });
  const frame = { url: APP_ENTRY_URL, parent: null };
  assert.equal((await handler({ senderFrame: frame, sender: { id: 1 } }, 'app-info', {})).ok, true);
  assert.equal(errorCode(await handler({ senderFrame: frame, sender: { id: 2 } }, 'app-info', {})), 'UNAUTHORIZED');
  assert.equal(errorCode(await handler({ senderFrame: null, sender: { id: 1 } }, 'app-info', {})), 'UNAUTHORIZED');
  const throwing = createCallHandler<CallEvent>({
    isTrustedSender: () => {
      throw new Error('boom');
    },
    forward: async () => ({ ok: true, result: null }),
  });
  assert.equal(errorCode(await throwing({ senderFrame: frame }, 'app-info', {})), 'UNAUTHORIZED');
  assert.deepEqual(forwarded, ['app-info']);
});

test('an engine that fails to answer becomes an INTERNAL outcome, not a thrown error', async () => {
  const handler = createCallHandler<CallEvent>({
    forward: async () => {
      throw new Error('the engine process exited');
    },
  });
  const outcome = await handler(appEvent, 'app-info', {});
  assert.equal(errorCode(outcome), 'INTERNAL');
  assert.ok(!outcome.ok && /engine process exited/.test(outcome.error.message));
});

test('csv-import from the window takes content or a file token, never a path', async () => {
  const { handler, forwarded } = setup();
  for (const path of ['/proc/self/environ', 'C:\\Users\\me\\secrets.csv']) {
    const outcome = await handler(appEvent, 'csv-import', { kind: 'systeme-contacts', path });
    assert.equal(errorCode(outcome), 'BAD_INPUT');
  }
  assert.equal(errorCode(await handler(appEvent, 'csv-import', { kind: 'systeme-contacts', content: 'a', fileToken: 'A'.repeat(32) })), 'BAD_INPUT');
  assert.deepEqual(forwarded, []);
  assert.equal((await handler(appEvent, 'csv-import', { kind: 'systeme-contacts', content: 'Email,Date Registered\n' })).ok, true);
  assert.equal((await handler(appEvent, 'csv-import', { kind: 'systeme-contacts', fileToken: 'A'.repeat(32) })).ok, true);
  assert.equal(forwarded.length, 2);
});

test('the file dialog answers the app window only, and hands back a token and the name, never the path', async () => {
  const shown: number[] = [];
  const granted: string[] = [];
  const handler = createPickFileHandler<CallEvent>({
    showDialog: async () => {
      shown.push(1);
      return shown.length === 1 ? '/home/ana/exports/contacts.csv' : null;
    },
    grant: async (path) => {
      granted.push(path);
      return { ok: true, result: { fileToken: 'T'.repeat(32) } };
    },
  });
  assert.equal(errorCode(await handler(mainFrame('https://evil.example/'))), 'UNAUTHORIZED');
  assert.deepEqual(shown, [], 'no dialog for a foreign page');
  assert.deepEqual(await handler(appEvent), { ok: true, result: { fileToken: 'T'.repeat(32), fileName: 'contacts.csv' } });
  assert.deepEqual(granted, ['/home/ana/exports/contacts.csv']);
  assert.deepEqual(await handler(appEvent), { ok: true, result: null }, 'cancelled');
});
