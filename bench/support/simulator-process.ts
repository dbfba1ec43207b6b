// A simulator in its own process, so a benchmark measures only the engine's time and memory.
// Prints one JSON line {url, keys, records} when ready; exits when its stdin closes.
import { generateDataset } from '../../electron/engine/demo/generator/index.ts';
import { startSimulator } from '../../electron/engine/demo/simulator/index.ts';

const scale = Number(process.argv[2] ?? '1');
const dataset = generateDataset({ seed: 1, scale });
const records = dataset.invoices.length + dataset.transactions.length + dataset.refunds.length + dataset.contacts.length + dataset.tags.length;
const simulator = await startSimulator({ dataset, rateLimits: false });
process.stdout.write(`${JSON.stringify({ url: simulator.url, keys: simulator.keys, records })}\n`);
process.stdin.resume();
process.stdin.on('end', () => void simulator.close().then(() => process.exit(0)));
process.on('SIGTERM', () => process.exit(0));
