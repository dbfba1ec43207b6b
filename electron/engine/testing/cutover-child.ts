// A cutover run in its own process, for tests that kill it with SIGKILL: it connects to the URL
// given, runs the cutover, and when it reaches the named step says "AT <step>" and stops there.
// Usage: node --import tsx cutover-child.ts <url> <step>
import { connectClient } from '../pg/client.ts';
import { runSwap } from '../cutover/execute.ts';
import { cutoverRequest } from './cutover.ts';

const [url, stop] = process.argv.slice(2);
if (!url || !stop) throw new Error('usage: cutover-child.ts <url> <step>');
const client = await connectClient(url, { application_name: 'cutover-child' });
await runSwap(client, cutoverRequest(), {
  beforeStep: async (id) => {
    if (id !== stop) return;
    process.stdout.write(`AT ${id}\n`);
    await new Promise(() => undefined);
  },
});
process.stdout.write('DONE\n');
await client.end();
