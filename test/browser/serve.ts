/**
 * A tiny local server for the built sidebar: `/` is build/Sidebar.html with the
 * google.script.run stand-in in front of it; POST /rpc runs the named server
 * function as a fresh execution of build/Code.js on the emulator.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Emulator } from '@spark-ledger/gas-emulator';
import { BUILD_DIR } from '../support/addon';
import { callServerFunction, type RpcReply } from '../support/gasRpc';
import { withShim } from '../support/gasShim';

export interface SidebarServer {
  url: string;
  /** Every server call the page made, in order. */
  calls: { fn: string; args: unknown[] }[];
  /** Bytes of the page as built, before the stand-in is added. */
  pageBytes: number;
  /** Holds every reply until the returned function is called, so a test can look at the busy state. */
  hold(): () => void;
  close(): Promise<void>;
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function serveSidebar(emu: Emulator): Promise<SidebarServer> {
  const built = readFileSync(join(BUILD_DIR, 'Sidebar.html'), 'utf8');
  const page = withShim(built);
  const calls: SidebarServer['calls'] = [];
  let held: Promise<void> = Promise.resolve();
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && (req.url === '/' || req.url === '/index.html')) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(page);
      return;
    }
    if (req.method === 'POST' && req.url === '/rpc') {
      Promise.all([body(req), held]).then(([text]) => {
        let reply: RpcReply;
        try {
          const { fn, args } = JSON.parse(text) as { fn: string; args: unknown[] };
          calls.push({ fn, args });
          reply = callServerFunction(emu, fn, Array.isArray(args) ? args : []);
        } catch (e) {
          reply = { ok: false, error: { name: 'Error', message: (e as Error).message } };
        }
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(reply));
      });
      return;
    }
    // The sidebar must work with no other fetch: anything else is a bug worth seeing.
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    calls,
    pageBytes: Buffer.byteLength(built),
    hold() {
      let release = () => {};
      held = new Promise<void>((resolve) => (release = resolve));
      return () => {
        held = Promise.resolve();
        release();
      };
    },
    // Chromium keeps idle connections open; close() alone would wait for them.
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
