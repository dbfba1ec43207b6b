import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CutoverError } from '../../../shared/api/errors.ts';
import { tempDir } from '../testing/engine.ts';
import { FileGrants } from './grants.ts';

const refused = (err: unknown) => err instanceof CutoverError && err.code === 'BAD_INPUT' && /no longer available/.test(err.message);

test('a file token is good once, and only on the transport it was granted for', () => {
  const grants = new FileGrants();
  const token = grants.grant('/data/invoices.csv', { transport: 'in-process' });
  assert.match(token, /^[A-Za-z0-9_-]{32}$/);
  assert.throws(() => grants.take(token, 'web'), refused);
  assert.throws(() => grants.take(token, 'ipc'), refused);
  assert.deepEqual(grants.take(token, 'in-process'), { path: '/data/invoices.csv', name: 'invoices.csv', transport: 'in-process', temporary: false });
  assert.throws(() => grants.take(token, 'in-process'), refused, 'spent');
});

test('an unused temporary file goes when its grant is released, or when too many are outstanding', () => {
  const dir = tempDir();
  const grants = new FileGrants();
  try {
    const files = Array.from({ length: 40 }, (_, i) => join(dir.path, `upload-${i}.csv`));
    const tokens = files.map((f) => {
      writeFileSync(f, 'x');
      return grants.grant(f, { transport: 'web', temporary: true });
    });
    // The oldest beyond the 32 kept are released.
    assert.equal(existsSync(files[0]!), false);
    assert.equal(existsSync(files[39]!), true);
    assert.throws(() => grants.take(tokens[0]!, 'web'), refused);
    grants.release(tokens[39]!);
    assert.equal(existsSync(files[39]!), false);
    // A spent grant's file is its reader's to remove.
    const taken = grants.take(tokens[38]!, 'web');
    grants.release(tokens[38]!);
    assert.equal(existsSync(taken.path), true);
    grants.close();
    assert.equal(existsSync(files[20]!), false);
  } finally {
    dir.remove();
  }
});
