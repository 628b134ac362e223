/**
 * `npm start`: a local preview of the add-on. Serves one page with the
 * emulated spreadsheet's grid, the add-on menu, the real sidebar, the mail
 * outbox, a clock and the TikTok demo; every action runs build/Code.js on the
 * emulator.
 */
import { transformSync } from 'esbuild';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { MENU_TITLE } from '../../src/core/setup/menu';
import { instantToWall } from '@spark-ledger/gas-emulator';
import type { FakeTrigger } from '@spark-ledger/gas-emulator';
import { withShim } from '../support/gasShim';
import { type Answers, type EditRequest, PreviewSession, type SelectRequest, type SessionOptions } from './session';
import { sheetView, summarize } from './sheetView';

export interface PreviewOptions extends SessionOptions {
  port?: number;
  host?: string;
}

export interface Preview {
  url: string;
  port: number;
  session: PreviewSession;
  close(): Promise<void>;
}

const PAGE_FILE = join(__dirname, 'page.html');
const PAGE_SCRIPT = join(__dirname, 'page.ts');

/** The page's script, compiled from page.ts (read on each request, as the page is). */
function pageScript(): string {
  return transformSync(readFileSync(PAGE_SCRIPT, 'utf8'), { loader: 'ts', target: 'es2019' }).code;
}
const MAX_BODY = 5 * 1024 * 1024;

function describeTrigger(t: FakeTrigger): string {
  if (t.eventType !== 'CLOCK')
    return `${t.eventType.toLowerCase().replace('_', ' ')} (${t.triggerSource.toLowerCase()})`;
  if (t.at) return `once at ${t.at}`;
  if (t.everyMinutes) return `every ${t.everyMinutes} min`;
  if (t.everyHours) return `every ${t.everyHours} h`;
  const at = `${String(t.hour ?? 0).padStart(2, '0')}:${String(t.minute ?? 0).padStart(2, '0')}`;
  if (t.everyWeeks) return `weekly${t.weekDay ? ` on ${t.weekDay.toLowerCase()}` : ''} at ${at} (${t.timeZone})`;
  return `daily at ${at} (${t.timeZone})`;
}

function wallText(ms: number, tz: string): string {
  return new Date(instantToWall(tz, ms)).toISOString().slice(0, 16).replace('T', ' ');
}

/** Where the cursor is: put there by the person (a click in the grid) or by the add-on (Range.activate, Sheet.activate). */
function active(session: PreviewSession) {
  const ss = session.emu.spreadsheet;
  return ss.activeSheet
    ? {
        sheet: ss.activeSheet.name,
        range:
          ss.activeRange && ss.activeRange.sheet === ss.activeSheet
            ? {
                row: ss.activeRange.row,
                column: ss.activeRange.col,
                numRows: ss.activeRange.numRows,
                numColumns: ss.activeRange.numCols,
              }
            : null,
      }
    : null;
}

function state(session: PreviewSession) {
  const emu = session.emu;
  const ss = emu.spreadsheet;
  const tz = ss.getSpreadsheetTimeZone();
  const now = emu.clock.now().getTime();
  return {
    version: session.version,
    spreadsheet: { name: ss.getName(), timeZone: tz, addonName: MENU_TITLE, url: ss.getUrl() },
    // The page follows it when the add-on moves it.
    active: active(session),
    edits: session.editCount,
    clock: { iso: new Date(now).toISOString(), local: wallText(now, tz), lastFire: wallText(session.lastFire, tz) },
    sheets: ss.sheets.map((s, i) => summarize(s, i)),
    menus: emu.ui.menus,
    triggers: emu.triggers.map((t) => ({ id: t.id, handler: t.handlerFunction, schedule: describeTrigger(t) })),
    due: session.dueTriggers(),
    outbox: emu.outbox
      .map((m, i) => ({
        id: i,
        to: m.to,
        cc: m.cc ?? '',
        subject: m.subject,
        body: m.body,
        html: m.htmlBody ?? '',
        sentAt: wallText(new Date(m.sentAt).getTime(), tz),
      }))
      .reverse(),
    mail: { used: emu.mail.used, quota: emu.mail.quota },
    tiktok: session.tiktokStatus(),
  };
}

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json; charset=utf-8'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(text);
}

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('Request body too large.'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text ? (JSON.parse(text) as Record<string, unknown>) : {});
      } catch {
        reject(new Error('Request body is not JSON.'));
      }
    });
    req.on('error', reject);
  });
}

export function startPreview(opts: PreviewOptions): Promise<Preview> {
  const session = new PreviewSession(opts);
  const listeners = new Set<ServerResponse>();
  const broadcast = (event: Record<string, unknown>) => {
    const data = `data: ${JSON.stringify({ version: session.version, ...event })}\n\n`;
    for (const res of listeners) res.write(data);
  };

  const routes: Record<string, (req: IncomingMessage, url: URL) => Promise<unknown> | unknown> = {
    'GET /api/state': () => state(session),
    'GET /api/sheet': (_req, url) => {
      const name = url.searchParams.get('name') ?? '';
      const sheet = session.emu.spreadsheet.findSheet(name);
      if (!sheet) throw Object.assign(new Error(`No sheet named ${name}.`), { status: 404 });
      const from = url.searchParams.get('from');
      return sheetView(sheet, session.emu.clock.now().getTime(), from === null ? undefined : Number(from));
    },
    'POST /api/open': () => ({ reply: session.open() }),
    // A click in the grid: the cursor every later execution sees (the sidebar's "Use selected row").
    'POST /api/select': async (req) => {
      session.select((await readJson(req)) as unknown as SelectRequest);
      return { active: active(session) };
    },
    // A person typed, pasted or cleared cells: written as typed, then onEdit fires once.
    'POST /api/edit': async (req) => {
      const result = session.edit((await readJson(req)) as unknown as EditRequest);
      if (!result.rejected) broadcast({ source: 'edit' });
      return { ...result, active: active(session) };
    },
    // The onEdit events people's edits fired, newest last (for tests and the curious).
    'GET /api/edits': () => ({ count: session.editCount, events: session.edits }),
    'POST /api/menu': async (req) => {
      const body = await readJson(req);
      const result = session.execute(String(body.fn ?? ''), [], {
        interactive: true,
        answers: body.answers as Answers | undefined,
      });
      if (!result.question) broadcast({ source: 'menu' });
      return result;
    },
    'POST /api/clock': async (req) => {
      const body = await readJson(req);
      if (typeof body.advanceMs === 'number') {
        if (!(body.advanceMs >= 0)) throw Object.assign(new Error('The clock only moves forward.'), { status: 400 });
        session.advanceClock(body.advanceMs);
      } else if (typeof body.set === 'string') session.setClock(body.set);
      broadcast({ source: 'clock' });
      return state(session).clock;
    },
    'POST /api/triggers/fire': () => {
      const r = session.fireDueTriggers();
      broadcast({ source: 'triggers' });
      return r;
    },
    'POST /api/reset': () => {
      session.reset();
      broadcast({ source: 'reset' });
      return { ok: true };
    },
    'POST /api/sample': () => {
      const r = session.loadSample();
      broadcast({ source: 'sample' });
      return r;
    },
    // The TikTok demo: the add-on's sync as a fresh execution, and a post deleted on the fake TikTok.
    'POST /api/tiktok/sync': () => {
      const r = session.syncWithTikTok();
      broadcast({ source: 'tiktok' });
      return r;
    },
    'POST /api/tiktok/delete': () => {
      const r = session.deleteTikTokPost();
      broadcast({ source: 'tiktok' });
      return { videoUrl: r.videoUrl, creatorHandle: `@${r.handle}`, client: r.client, row: r.row };
    },
    // The google.script.run shim of the sidebar and dialogs posts here.
    'POST /rpc': async (req) => {
      const body = await readJson(req);
      const result = session.execute(String(body.fn ?? ''), Array.isArray(body.args) ? body.args : [], {
        interactive: false,
      });
      broadcast({ source: 'sidebar', effects: result.effects });
      return result.reply;
    },
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const key = `${req.method} ${url.pathname}`;
    if (key === 'GET /page.js') {
      send(res, 200, pageScript(), 'text/javascript; charset=utf-8');
      return;
    }
    if (key === 'GET /' || key === 'GET /index.html') {
      // Read on each request so an edited page shows on reload.
      send(res, 200, readFileSync(PAGE_FILE, 'utf8'), 'text/html; charset=utf-8');
      return;
    }
    if (key === 'GET /api/events') {
      res.writeHead(200, {
        'Content-Type': 'text/event-stream',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
      });
      res.write(`data: ${JSON.stringify({ version: session.version, source: 'hello' })}\n\n`);
      listeners.add(res);
      req.on('close', () => listeners.delete(res));
      return;
    }
    const panel = /^GET \/(sidebar|dialog)\/(\d+)$/.exec(key);
    if (panel) {
      const id = Number(panel[2]);
      const html = panel[1] === 'sidebar' ? session.sidebarPage(id) : session.dialogPage(id);
      if (html === undefined)
        send(res, 404, 'This panel was closed; open it again from the menu.', 'text/plain; charset=utf-8');
      else send(res, 200, withShim(html), 'text/html; charset=utf-8');
      return;
    }
    const route = routes[key];
    if (!route) {
      send(res, 404, { error: `Nothing at ${key}.` });
      return;
    }
    Promise.resolve()
      .then(() => route(req, url))
      .then(
        (body) => send(res, 200, body ?? {}),
        (e: Error & { status?: number }) => send(res, e.status ?? 500, { error: e.message }),
      );
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 8080, opts.host ?? '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://localhost:${port}`,
        port,
        session,
        close: () =>
          new Promise<void>((done) => {
            for (const res of listeners) res.end();
            listeners.clear();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
