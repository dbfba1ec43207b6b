import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contact, invoice, transaction } from '../../demo/simulator/test-fixtures.ts';
import { preparePage } from './prepare.ts';
import { PagePreparer } from './preparer.ts';

test('pages prepared on the worker thread are the pages prepared in place, quarantine included, each to its caller', async () => {
  const preparer = new PagePreparer();
  try {
    const pages = [
      { stream: 'xendit-invoices' as const, records: [invoice(1), { ...invoice(2), amount: 'lots' }, invoice(3)] },
      { stream: 'xendit-transactions' as const, records: [transaction(1), transaction(2)] },
      { stream: 'systeme-contacts' as const, records: [contact(7), { id: 8 }] },
    ];
    const many = Array.from({ length: 30 }, (_, i) => pages[i % 3]!);
    const prepared = await Promise.all(many.map((p) => preparer.prepare(p.stream, p.records)));
    assert.equal(preparer.threaded, true, 'the pages went to the worker thread');
    prepared.forEach((page, i) => assert.deepEqual(page, preparePage(many[i]!.stream, many[i]!.records, [])));
    assert.equal(prepared[0]!.quarantined.length, 1);
    assert.match(prepared[0]!.quarantined[0]!.reason, /amount/);
  } finally {
    await preparer.close();
  }
});

test('a closed preparer still prepares, in place', async () => {
  const preparer = new PagePreparer();
  await preparer.prepare('xendit-transactions', [transaction(1)]);
  await preparer.close();
  assert.equal(preparer.threaded, false);
  assert.deepEqual(await preparer.prepare('xendit-transactions', [transaction(2)]), preparePage('xendit-transactions', [transaction(2)], []));
});
