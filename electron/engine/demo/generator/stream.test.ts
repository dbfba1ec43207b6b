import { test } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
import { generateDataset, streamRecords, type StreamedRecord } from './index.ts';

test('streamRecords yields exactly the records of generateDataset', () => {
  const options = { seed: 9, scale: 0.3 };
  const dataset = generateDataset(options);
  const streamed: Record<StreamedRecord['source'], string[]> = {
    'xendit-invoice': [],
    'xendit-transaction': [],
    'xendit-refund': [],
    'systeme-contact': [],
    'systeme-tag': [],
  };
  for (const item of streamRecords(options)) streamed[item.source].push(JSON.stringify(item.record));
  const asSet = (records: unknown[]) => records.map((r) => JSON.stringify(r)).sort();
  assert.deepEqual(streamed['xendit-invoice'].sort(), asSet(dataset.invoices));
  assert.deepEqual(streamed['xendit-transaction'].sort(), asSet(dataset.transactions));
  assert.deepEqual(streamed['xendit-refund'].sort(), asSet(dataset.refunds));
  assert.deepEqual(streamed['systeme-contact'].sort(), asSet(dataset.contacts));
  assert.deepEqual(streamed['systeme-tag'].sort(), asSet(dataset.tags));
});

test('streamRecords is lazy and does not grow with what it has produced', () => {
  const gen = streamRecords({ seed: 1, scale: 4 });
  let n = 0;
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const heapAt = (count: number) => {
    while (n < count) {
      gen.next();
      n++;
    }
    gc();
    return process.memoryUsage().heapUsed;
  };
  heapAt(20_000);
  const early = heapAt(40_000);
  const late = heapAt(120_000);
  // No retention: 80k more records (tens of MB if kept) leave almost nothing behind.
  assert.ok(late - early < 5e6, `heap grew ${(late - early) / 1e6} MB`);
});
