// Emits the demo data as the APIs serve it — pages of 100 in each endpoint's order, the streams
// interleaved as concurrent crawls would be — on stdout, one line per page: the stream's name, a
// tab, and the page's JSON body exactly as an API would send it.
// A source with no rate limit and no round trips, in its own process. Pages are
// sent only once all of them are rendered.
import { generateDataset } from '../../electron/engine/demo/generator/index.ts';

const scale = Number(process.argv[2] ?? '40');
const d = generateDataset({ seed: 1, scale });
const streams: [string, unknown[]][] = [
  ['xendit-invoices', d.invoices],
  ['xendit-transactions', d.transactions],
  ['xendit-refunds', d.refunds],
  ['systeme-tags', d.tags],
  ['systeme-contacts', d.contacts],
];
// Every page is rendered before the first is sent, so the source never makes the engine wait.
const chunks: string[] = [];
let pending = '';
for (let offset = 0; streams.some(([, records]) => offset < records.length); offset += 100) {
  for (const [stream, records] of streams) {
    if (offset < records.length) pending += `${stream}\t${JSON.stringify(records.slice(offset, offset + 100))}\n`;
  }
  if (pending.length > 1 << 20) {
    chunks.push(pending);
    pending = '';
  }
}
chunks.push(pending);
for (const chunk of chunks) {
  if (!process.stdout.write(chunk)) await new Promise((r) => process.stdout.once('drain', r));
}
