// Test support: an engine served by the web host on a workspace, and raw calls to it as a
// browser (or an attacker holding the token) would make them.
import { request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, type Engine, type EngineOptions } from '../engine.ts';
import { startWebHost, type WebHost } from '../../web/server.ts';
import { API_PREFIX } from '../../../shared/api/transport.ts';
import { tempDir } from './engine.ts';

export interface Reply {
  status: number;
  body: string;
  /** The body as JSON (undefined when it is not). */
  json: { ok: boolean; result?: unknown; error?: { code: string; message: string; issues?: unknown[] } } | undefined;
}

export interface WebFixture {
  engine: Engine;
  host: WebHost;
  dataDir: string;
  /** POSTs a call: `input` is sent as JSON, a string as it is. */
  call(name: string, input?: unknown, headers?: Record<string, string>): Promise<Reply>;
  /** A raw request to the host with the host's Host and token headers unless overridden. */
  raw(method: string, path: string, headers: Record<string, string>, body?: string | Buffer): Promise<Reply>;
  headers(): Record<string, string>;
  close(): Promise<void>;
}

export async function webFixture(opts: Partial<EngineOptions> = {}): Promise<WebFixture> {
  const dir = tempDir('cutover-web-');
  const staticDir = join(dir.path, 'static');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Cutover</title>');
  const dataDir = join(dir.path, 'ws');
  const engine = createEngine({ dataDir, host: 'web', ...opts });
  const host = await startWebHost({ engine, staticDir });
  const headers = () => ({ Host: `127.0.0.1:${host.port}`, Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' });
  const raw = (method: string, path: string, h: Record<string, string>, body?: string | Buffer) =>
    new Promise<Reply>((ok, reject) => {
      let answered = false;
      const req = request({ host: '127.0.0.1', port: host.port, method, path, headers: h }, (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Reply['json'];
          try {
            json = JSON.parse(text) as Reply['json'];
          } catch {
            json = undefined;
          }
          ok({ status: res.statusCode ?? 0, body: text, json });
        });
      });
      // A server that answers before the body is all sent closes while it is still being written.
      req.on('error', (err) => (answered ? undefined : reject(err)));
      if (body !== undefined) req.write(body);
      req.end();
    });
  return {
    engine,
    host,
    dataDir,
    headers,
    raw,
    call: (name, input = {}, h = headers()) => raw('POST', `${API_PREFIX}${name}`, h, typeof input === 'string' ? input : JSON.stringify(input)),
    async close() {
      await host.close();
      await engine.close();
      dir.remove();
    },
  };
}
