// What a pull shows and spends while it catches up or waits: a settlement batch is read again
// by date windows (not one lookup per invoice) under a note naming the phase, and a stream
// waiting for its rate limit says so, counting down, while its rate falls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProgressPart } from '../../../../shared/api/job-parts.ts';
import type { Engine } from '../../engine.ts';
import { differences, pullFixture, revisions } from '../../testing/pull.ts';

/** Every state of one stream's progress the job's events showed, in order. */
function watchPart(engine: Engine, stream: string): { seen: ProgressPart[]; stop(): void } {
  const seen: ProgressPart[] = [];
  const stop = engine.onEvent((e) => {
    const part = e.type === 'job' ? e.job.parts[stream] : undefined;
    if (part) seen.push(part);
  });
  return { seen, stop };
}

test('a settlement batch is read again by date windows, with its phase in the note; only the settled invoices change', async () => {
  const f = await pullFixture({ scale: 0.2 });
  try {
    assert.equal((await f.pull()).state, 'done');
    const before = revisions(f.db, 'xendit-invoices');
    const settled = f.dataset.invoices.filter((i) => i.status === 'PAID').slice(0, 80).map((i) => i.id);
    for (const id of settled) f.simulator.settleInvoice(id);
    f.simulator.resetStats();

    const watch = watchPart(f.engine, 'xendit-invoices');
    const job = await f.pull();
    watch.stop();
    assert.equal(job.state, 'done', job.error?.message);
    assert.deepEqual(differences(f.db, f.simulator), []);
    const changed = [...revisions(f.db, 'xendit-invoices')].filter(([id, rev]) => before.get(id) !== rev).map(([id]) => id);
    assert.deepEqual(changed.sort(), [...settled].sort());

    const stats = f.simulator.stats();
    const invoiceRequests = stats.pages.filter((p) => p.endpoint === '/v2/invoices' || p.endpoint === '/v2/invoices/:id').length;
    assert.ok(invoiceRequests < settled.length / 4, `${invoiceRequests} invoice requests for ${settled.length} settled invoices`);
    const notes = watch.seen.map((p) => p.note ?? '');
    assert.ok(
      notes.some((n) => /^checking 80 invoices the ledger shows changed \(\d+ of \d+ requests\)$/.test(n)),
      `notes seen: ${[...new Set(notes)].join(' | ')}`,
    );
  } finally {
    await f.close();
  }
});

test('a stream waiting for its rate limit says when it resumes, and its rate falls while nothing arrives', async () => {
  const f = await pullFixture({ scale: 0.05, rateLimits: { xendit: { limit: 2, windowMs: 6_000 }, systeme: false } });
  try {
    const watch = watchPart(f.engine, 'xendit-invoices');
    const job = await f.pull();
    watch.stop();
    assert.equal(job.state, 'done', job.error?.message);
    assert.equal(f.simulator.stats().byStatus['429'] ?? 0, 0);
    // The waits, each as the states shown while it lasted and no record arrived. How long a wait
    // lasts depends on how long the requests before it took, so the longest one is looked at: the
    // countdown ticks once a second, and a wait shorter than that has nothing to fall.
    const waits: ProgressPart[][] = [];
    let current: ProgressPart[] | null = null;
    for (const p of watch.seen) {
      const waiting = /waiting for the rate limit/.test(p.note ?? '');
      if (waiting && current && p.done === current[0]!.done) current.push(p);
      else if (waiting) waits.push((current = [p]));
      else current = null;
    }
    assert.ok(waits.length > 0, 'a wait was shown');
    for (const p of waits.flat()) assert.match(p.note!, /waiting for the rate limit, resumes in \d+ s/);
    const distinctRates = (w: ProgressPart[]) => [...new Set(w.map((p) => p.rate).filter((r): r is number => r !== null))];
    const rates = waits.map(distinctRates).sort((a, b) => b.length - a.length)[0]!;
    assert.ok(rates.length >= 2 && rates.at(-1)! < rates[0]!, `the rate falls during the longest wait: ${rates.join(', ')} (waits seen: ${waits.length})`);
  } finally {
    await f.close();
  }
});
