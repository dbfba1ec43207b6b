// Fills a workspace folder straight from the demo generator, in its own process, so the process
// that measures the reconciliation never held the generated dataset.
import { generateDataset } from '../../electron/engine/demo/generator/index.ts';
import { fillCache } from '../../electron/engine/testing/seeded-workspace.ts';
import { openWorkspace } from '../../electron/engine/workspace/workspace.ts';

const [scale, dir] = [Number(process.argv[2]), process.argv[3]!];
const ws = openWorkspace(dir);
const dataset = generateDataset({ seed: 1, scale });
await fillCache(ws.db, dataset);
ws.close();
process.stdout.write(`${JSON.stringify({ records: dataset.invoices.length + dataset.transactions.length + dataset.refunds.length + dataset.contacts.length })}\n`);
