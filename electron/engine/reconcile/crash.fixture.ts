// Test fixture: an engine that recomputes, or decides batch after batch, announcing on stdout
// when it is inside the work, so a test can kill it there with SIGKILL.
import { createEngine } from '../engine.ts';

const [dataDir, mode] = process.argv.slice(2) as [string, 'recompute' | 'decide'];
const engine = createEngine({ dataDir, host: 'cli' });
const say = (line: string) => process.stdout.write(`${line}\n`);

if (mode === 'recompute') {
  engine.onEvent((e) => {
    if (e.type === 'job' && e.job.kind === 'reconcile' && e.job.steps.some((s) => s.id === 'derive' && s.status === 'running')) say('inside');
  });
  const out = await engine.call('reconcile-recompute', {});
  if (out.ok) await engine.context.jobs.wait(out.result.jobId, 600_000);
  say('finished');
} else {
  const page = await engine.call('reconcile-findings', { filters: [{ column: 'queue', op: 'eq', value: 'manual-p2p' }, { column: 'status', op: 'eq', value: 'open' }], limit: 1000 });
  if (!page.ok) throw new Error(page.error.message);
  const ids = page.result.rows.map((r) => r.id);
  for (let batch = 0; batch * 50 < ids.length; batch++) {
    say(`deciding ${batch}`);
    const out = await engine.call('reconcile-decide', { decisions: ids.slice(batch * 50, batch * 50 + 50).map((finding) => ({ kind: 'resolve' as const, finding, value: 'approve' as const })) });
    if (!out.ok) throw new Error(out.error.message);
    say(`decided ${batch}`);
  }
  say('finished');
}
await engine.close();
