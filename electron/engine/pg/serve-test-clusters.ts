// Started by scripts/test.mjs: one test cluster per major given on the command line. Prints
// {"<major>": "<superuser url>", …} as one line once they all run, then stops them and removes
// their folders when its stdin closes (the runner finished or died) or on SIGINT/SIGTERM.
import { embeddedMajors, type Cluster, type PgMajor } from './cluster.ts';
import { startTestCluster } from './test-cluster.ts';

const majors = process.argv.slice(2).map(Number) as PgMajor[];
for (const m of majors) {
  if (!(embeddedMajors as readonly number[]).includes(m)) throw new Error(`no embedded PostgreSQL ${m}`);
}

const clusters: Cluster[] = [];
let stopping: Promise<void> | null = null;
function stopAll(): Promise<void> {
  stopping ??= Promise.allSettled(clusters.map((c) => c.stop())).then(() => undefined);
  return stopping;
}
const finish = () => void stopAll().then(() => process.exit(0));
process.stdin.on('end', finish);
process.stdin.on('close', finish);
process.stdin.resume();
process.on('SIGINT', finish);
process.on('SIGTERM', finish);

const results = await Promise.allSettled(
  majors.map(async (m) => {
    const cluster = await startTestCluster(m);
    clusters.push(cluster);
    return cluster;
  }),
);
const failed = results.find((r) => r.status === 'rejected');
if (failed) {
  process.stderr.write(`${String((failed as PromiseRejectedResult).reason?.message ?? failed)}\n`);
  await stopAll();
  process.exit(1);
}
process.stdout.write(`${JSON.stringify(Object.fromEntries(clusters.map((c) => [c.major, c.url()])))}\n`);
