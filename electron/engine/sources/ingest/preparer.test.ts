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
    // Half the pages go as objects, half as the response text they were parsed from (bare, or in an envelope).
    const prepared = await Promise.all(
      many.map((p, i) =>
        i % 2 === 0
          ? preparer.prepare(p.stream, p.records)
          : preparer.prepare(p.stream, p.records, i % 4 === 1 ? { text: JSON.stringify(p.records), key: null } : { text: JSON.stringify({ has_more: false, data: p.records }), key: 'data' }),
      ),
    );
    assert.equal(preparer.threaded, true, 'the pages went to the worker thread');
    prepared.forEach((page, i) => assert.deepEqual(page, preparePage(many[i]!.stream, many[i]!.records, [])));
    assert.equal(prepared[0]!.quarantined.length, 1);
    assert.match(prepared[0]!.quarantined[0]!.reason, /amount/);
  } finally {
    await preparer.close();
  }
});

test('a page loop that never yields hands pages to the worker again as soon as it has finished the ones it held', async () => {
  const preparer = new PagePreparer();
  try {
    const records = Array.from({ length: 20 }, (_, i) => transaction(i + 1));
    await preparer.prepare('xendit-transactions', records); // the worker is up
    // Pages handed over one after another without yielding, as a loop over a buffered
    // response does: the worker's replies cannot arrive as events meanwhile.
    const prepared: Promise<unknown>[] = [];
    while (preparer.pages.onWorker < 3 && prepared.length < 2000) prepared.push(preparer.prepare('xendit-transactions', records));
    assert.ok(preparer.pages.onWorker >= 3, `the worker's pages were counted done only after ${prepared.length} pages, all others prepared in place`);
    const expected = preparePage('xendit-transactions', records, []);
    for (const page of await Promise.all(prepared)) assert.deepEqual(page, expected);
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
