// A source the test can hold: a pass-through proxy in front of the demo simulator that keeps
// back the requests `holds` picks until the test releases them, so a test can look at the app
// while a pull is surely still running, however fast the machine is.
import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HeldSource {
  url: string;
  /** Resolves when the first held request arrives. */
  held: Promise<void>;
  /** Lets held requests (and all later ones) through. */
  release(): void;
  close(): Promise<void>;
}

export async function holdSource(target: string, holds: (url: URL, req: IncomingMessage) => boolean): Promise<HeldSource> {
  let open = false;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let arrived!: () => void;
  const held = new Promise<void>((r) => (arrived = r));
  const upstream = new URL(target);

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', upstream);
    const forward = () => {
      const out = request(url, { method: req.method, headers: { ...req.headers, host: upstream.host } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      out.on('error', () => res.destroy());
      req.pipe(out);
    };
    if (open || !holds(url, req)) return forward();
    arrived();
    void gate.then(forward);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    held,
    release() {
      open = true;
      release();
    },
    close: () =>
      new Promise<void>((r) => {
        release();
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
