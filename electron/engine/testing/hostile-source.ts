// Test support: a source API that attacks its client. On Xendit's and Systeme.io's paths it
// answers with every trick a compromised or malicious source could play:
//   /v2/invoices   a page of records echoing the key back in every encoding (valid records with it
//                  in their text, malformed ones for quarantine), then a body announced as 4 GB
//   /transactions  a redirect to another origin (the `elsewhere` server records what reaches it)
//   /refunds       a 400 whose message is 50 MB of text, the key in it
//   /api/tags      records echoing the key, as on /v2/invoices
//   /api/contacts  an endless body
// The key is echoed as received, so the test needs no copy of it to make the server hostile.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A body that never ends would never end a test against a client without a cap: it stops here. */
const SAFETY_BYTES = 2 ** 30;

export interface HostileSource {
  url: string;
  /** Requests that reached the other origin a redirect pointed to, with the credentials they carried. */
  elsewhere: { path: string; authorization?: string; apiKey?: string }[];
  /** Bytes the endless and oversized bodies got out before the client hung up. */
  streamed(): number;
  close(): Promise<void>;
}

/** Every encoding a key is echoed in: alone, in a Basic-auth header, and inside a base64 blob at each alignment. */
export function keyEncodings(key: string): Record<string, string> {
  const b = Buffer.from(key);
  const forms: Record<string, string> = {
    raw: key,
    base64: b.toString('base64'),
    base64url: b.toString('base64url'),
    hex: b.toString('hex'),
    HEX: b.toString('hex').toUpperCase(),
    urlEncoded: encodeURIComponent(key),
    percentBytes: [...b].map((x) => `%${x.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
    basicAuth: `Basic ${Buffer.from(`${key}:`).toString('base64')}`,
    basicAuthAsPassword: `Basic ${Buffer.from(`user:${key}`).toString('base64')}`,
  };
  for (const pad of ['', 'x', 'xy']) forms[`inBase64Blob${pad.length}`] = Buffer.from(`{"token":"${pad}${key}"}`).toString('base64');
  return forms;
}

/** The key a request carried: Xendit's as Basic-auth user, Systeme.io's as X-API-Key. */
function keyOf(req: IncomingMessage): string {
  const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
  if (basic) return Buffer.from(basic[1]!, 'base64').toString('utf8').replace(/:$/, '');
  return String(req.headers['x-api-key'] ?? '');
}

const echo = (key: string) => Object.entries(keyEncodings(key)).map(([name, form]) => `${name}=${form}`).join(' ');

function invoices(key: string): unknown[] {
  const at = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString();
  const records: unknown[] = Array.from({ length: 96 }, (_, i) => ({
    id: `65a1b2c3d4e5f6a7b8c9${String(i).padStart(4, '0')}`,
    external_id: `hostile-${i}`,
    user_id: 'merchant',
    status: 'PAID',
    amount: 1000,
    currency: 'PHP',
    payer_email: `p${i}@example.com`,
    description: `Papers to Profits ${echo(key)}`,
    created: at(i),
    updated: at(i),
    paid_at: at(i),
  }));
  // Records that fail their schema, carrying the key: they go to quarantine verbatim.
  for (let i = 0; i < 4; i++) records.push({ id: `bad-${i}`, status: 'WHATEVER', leaked: echo(key), nested: { header: keyEncodings(key).basicAuth } });
  return records;
}

function tags(key: string): unknown[] {
  const items: unknown[] = Array.from({ length: 8 }, (_, i) => ({ id: i + 1, name: `tag ${i} ${echo(key)}`, createdAt: '2024-01-01T00:00:00+00:00' }));
  items.push({ id: 'not-a-number', name: echo(key) });
  return items;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

export async function startHostileSource(): Promise<HostileSource> {
  const elsewhere: HostileSource['elsewhere'] = [];
  let streamed = 0;
  const servers: Server[] = [];
  const listen = async (handler: (req: IncomingMessage, res: ServerResponse) => void) => {
    const server = createServer(handler);
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  /** Writes `chunk` for as long as the client reads (up to the safety limit). */
  const pump = (res: ServerResponse, chunk: Buffer) => {
    const go = () => {
      while (!res.destroyed && streamed < SAFETY_BYTES) {
        streamed += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', go);
      }
      res.end();
    };
    go();
  };

  const other = await listen((req, res) => {
    elsewhere.push({ path: req.url ?? '', authorization: req.headers.authorization, apiKey: req.headers['x-api-key'] as string | undefined });
    json(res, 200, { data: [], has_more: false });
  });

  const url = await listen((req, res) => {
    const key = keyOf(req);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const query = new URL(req.url ?? '/', 'http://x').searchParams;
    if (path === '/v2/invoices') {
      if (!query.get('last_invoice')) return json(res, 200, invoices(key));
      // Announced as 4 GB; a client that believes it would wait (or buffer) for ever.
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(4 * 2 ** 30) });
      res.write('[');
      return pump(res, Buffer.alloc(1 << 20, 0x20));
    }
    if (path === '/transactions') {
      // "localhost" is another origin than 127.0.0.1, as any other host would be.
      res.writeHead(302, { Location: `${other.replace('127.0.0.1', 'localhost')}/steal${req.url}` });
      return void res.end();
    }
    if (path === '/refunds') {
      const message = `${echo(key)} ${'blah '.repeat(10 * 2 ** 20)}`;
      return json(res, 400, { error_code: 'API_VALIDATION_ERROR', message });
    }
    if (path === '/api/tags') return json(res, 200, { items: tags(key), hasMore: false });
    if (path === '/api/contacts') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"items":[');
      return pump(res, Buffer.from(`{"id":1,"email":"${echo(key)}"},`.repeat(1_000)));
    }
    json(res, 404, { error_code: 'NOT_FOUND', message: 'no such path' });
  });

  return {
    url,
    elsewhere,
    streamed: () => streamed,
    async close() {
      for (const s of servers) s.closeAllConnections();
      await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    },
  };
}
