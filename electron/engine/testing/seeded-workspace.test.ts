import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededWorkspace } from './seeded-workspace.ts';

test('a seeded workspace holds the generated records, stream by stream, as a complete pull', async () => {
  const ws = await seededWorkspace({ scale: 0.05 });
  try {
    const status = await ws.engine.call('pull-status', {});
    assert.ok(status.ok);
    const byStream = Object.fromEntries(status.result.map((s) => [s.stream, s]));
    const { dataset } = ws;
    // Malformed records (the generator's mess) are quarantined, never dropped.
    const stored = (stream: string) => byStream[stream]!.records + byStream[stream]!.quarantined;
    assert.equal(stored('xendit-invoices'), dataset.invoices.length);
    assert.equal(stored('xendit-transactions'), dataset.transactions.length);
    assert.equal(stored('systeme-contacts'), dataset.contacts.length);
    assert.equal(stored('systeme-tags'), dataset.tags.length);
    for (const s of status.result) assert.equal(s.checkpoint, 'complete', s.stream);
    const conn = await ws.engine.call('connection-get', {});
    assert.ok(conn.ok);
    assert.equal(conn.result.mode, 'demo');
  } finally {
    await ws.close();
  }
});
