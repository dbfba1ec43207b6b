// Throughput of the simulator with rate limits off: full crawls of 100-record pages over loopback.
// Run: node --import tsx electron/engine/demo/simulator/bench.ts [--child]
import { Agent, get } from 'node:http';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startSimulator, type Simulator } from './index.ts';
import { basic, contact, invoice } from './test-fixtures.ts';

const INVOICES = 20_000;
const CONTACTS = 20_000;

async function crawlInvoices(sim: Simulator, parse: boolean): Promise<number> {
  const headers = basic(sim.keys.xendit);
  let pages = 0;
  let cursor: string | null = null;
  for (;;) {
    const res: Response = await fetch(`${sim.url}/v2/invoices?limit=100${cursor ? `&last_invoice=${cursor}` : ''}`, { headers });
    const text: string = await res.text();
    pages++;
    // Without parsing, the cursor is read from the tail of the body: the last record's id.
    const items: Array<{ id: string }> | null = parse ? (JSON.parse(text) as Array<{ id: string }>) : null;
    const last: string | undefined = items ? items.at(-1)?.id : /"id":"([0-9a-f]{24})"[^{]*$/.exec(text)?.[1];
    if (!last || (items ? items.length < 100 : false)) break;
    cursor = last;
  }
  return pages;
}

async function crawlContacts(sim: Simulator, parse: boolean): Promise<number> {
  const headers = { 'X-API-Key': sim.keys.systeme };
  let pages = 0;
  let cursor: number | null = null;
  for (;;) {
    const res: Response = await fetch(`${sim.url}/api/contacts?limit=100${cursor ? `&startingAfter=${cursor}` : ''}`, { headers });
    const text: string = await res.text();
    pages++;
    if (parse) {
      const body = JSON.parse(text) as { items: Array<{ id: number }>; hasMore: boolean };
      if (!body.hasMore) break;
      cursor = body.items.at(-1)?.id ?? null;
    } else {
      if (text.endsWith('"hasMore":false}')) break;
      const ids: RegExpMatchArray[] = [...text.matchAll(/\{"id":(\d+),/g)];
      cursor = Number(ids.at(-1)?.[1]);
    }
  }
  return pages;
}

/** node:http with a keep-alive agent: less client overhead than fetch, closer to server capacity. */
const agent = new Agent({ keepAlive: true, maxSockets: 8 });
function httpText(url: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, { agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('error', reject);
    }).on('error', reject);
  });
}

async function crawlContactsHttp(sim: Simulator): Promise<number> {
  const headers = { 'X-API-Key': sim.keys.systeme };
  let pages = 0;
  let cursor: number | null = null;
  for (;;) {
    const text: string = await httpText(`${sim.url}/api/contacts?limit=100${cursor ? `&startingAfter=${cursor}` : ''}`, headers);
    pages++;
    const body = JSON.parse(text) as { items: Array<{ id: number }>; hasMore: boolean };
    if (!body.hasMore) break;
    cursor = body.items.at(-1)?.id ?? null;
  }
  return pages;
}

async function measure(label: string, run: () => Promise<number>, rounds = 3): Promise<void> {
  let pages = 0;
  const started = performance.now();
  for (let i = 0; i < rounds; i++) pages += await run();
  const seconds = (performance.now() - started) / 1000;
  console.log(`${label.padEnd(44)} ${String(pages).padStart(6)} pages  ${(pages / seconds).toFixed(0).padStart(6)} pages/s`);
}

const dataset = {
  invoices: Array.from({ length: INVOICES }, (_, i) => invoice(i + 1)),
  transactions: [],
  refunds: [],
  contacts: Array.from({ length: CONTACTS }, (_, i) => contact(i + 1)),
  tags: [],
};
// By default client and server share this process (steadiest figures on a small machine);
// `--child` runs the server in a child process, with its own event loop.
const sameProcess = !process.argv.includes('--child');
if (process.argv.includes('--serve')) {
  const served = await startSimulator({ dataset, rateLimits: false });
  process.send?.({ url: served.url, keys: served.keys });
  process.once('message', () => void served.close().then(() => process.exit(0)));
} else {
  await main();
}

async function main(): Promise<void> {
  let child: ChildProcess | null = null;
  let sim: Simulator;
  if (sameProcess) {
    sim = await startSimulator({ dataset, rateLimits: false });
  } else {
    child = fork(fileURLToPath(import.meta.url), ['--serve'], { execArgv: ['--import', 'tsx'] });
    const info = await new Promise<{ url: string; keys: Simulator['keys'] }>((resolve) => child?.once('message', (m) => resolve(m as { url: string; keys: Simulator['keys'] })));
    // The crawlers only use url and keys.
    sim = { url: info.url, keys: info.keys, close: async () => void child?.send('close') } as Simulator;
  }
  console.log(sameProcess ? 'client and server in one process' : 'server in a child process');
  try {
  await crawlInvoices(sim, false); // warm-up
  await measure('invoices, sequential, body as text', () => crawlInvoices(sim, false));
  await measure('invoices, sequential, JSON.parse', () => crawlInvoices(sim, true));
  await measure('contacts, sequential, body as text', () => crawlContacts(sim, false));
  await measure('contacts, sequential, JSON.parse', () => crawlContacts(sim, true));
  await measure('invoices+contacts, 4 crawlers in parallel', async () => {
    const counts = await Promise.all([crawlInvoices(sim, false), crawlInvoices(sim, false), crawlContacts(sim, false), crawlContacts(sim, false)]);
    return counts.reduce((a, b) => a + b, 0);
  });
  await measure('contacts, sequential, node:http + JSON.parse', () => crawlContactsHttp(sim));
  await measure('contacts, 4 crawlers, node:http + JSON.parse', async () => {
    const counts = await Promise.all([1, 2, 3, 4].map(() => crawlContactsHttp(sim)));
    return counts.reduce((a, b) => a + b, 0);
  });
  } finally {
    agent.destroy();
    await sim.close();
  }
}
