// test-postgres: 17
// Under load: 16 clients reading and writing the swapped tables and their children, and a reader
// holding a lock for 5 s when the cutover starts. The cutover waits its turn in short attempts and
// succeeds; no client transaction fails, no acknowledged write is lost, and no client waits longer
// than one lock_timeout plus the time the locks are held plus 100 ms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withClient } from '../pg/client.ts';
import { withTestDatabase } from '../pg/testing.ts';
import { cutoverRequest, stagedDemoTemplate } from '../testing/cutover.ts';
import { underLoad } from '../testing/cutover-load.ts';
import { runSwap } from './execute.ts';

const LOCK_TIMEOUT_MS = 200;

test('16 clients and a 5 s lock holder: the cutover succeeds, 0 failed transactions, 0 lost writes, bounded waits', async () => {
  await withTestDatabase(
    async (_url, db) => {
      const load = await underLoad(db.urlAs('postgres'), (startReader) =>
        withClient(db.urlAs('postgres'), (c) =>
          runSwap(c, cutoverRequest(), {
            lockRetry: { lockTimeoutMs: LOCK_TIMEOUT_MS, deadlineMs: 30_000, maxAttempts: 200 },
            beforeStep: async (step) => {
              if (step === 'lock') await startReader();
            },
          }),
        ),
      );
      const { cutover } = load;
      assert.ok(cutover.lockAttempts > 1 && cutover.lockWaitMs >= 4_500, `it waited the reader out (${cutover.lockAttempts} attempts, ${cutover.lockWaitMs} ms)`);
      assert.ok(load.blockerMs >= 5_000);
      assert.equal(load.failed, 0, load.failures.join('\n'));
      assert.equal(load.lostWrites, 0);
      assert.ok(load.transactions > 1_000, `${load.transactions} client transactions`);
      const bound = LOCK_TIMEOUT_MS + cutover.lockHoldMs + 100;
      assert.ok(load.maxLatencyMs <= bound, `max client latency ${load.maxLatencyMs} ms > ${bound} ms (hold ${cutover.lockHoldMs} ms)`);
    },
    { template: stagedDemoTemplate() },
  );
});
