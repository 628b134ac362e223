/**
 * The preview's world: one emulated spreadsheet with the built add-on, and the
 * fake TikTok and TokPortal servers it talks to (tiktokDemo.ts), kept in a
 * local state file between runs. Every menu click, sidebar call and trigger
 * is a fresh execution of build/Code.js, as in Apps Script.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import {
  createEmulator,
  type Emulator,
  FakeRange,
  gridToA1,
  rejectedEntry,
  restoreEmulator,
  type Snapshot,
  wallToInstant,
} from '@spark-ledger/gas-emulator';
import type { AlertRecord, DialogRecord, ToastRecord } from '@spark-ledger/gas-emulator';
import { maskSecret } from '../../src/core/connect/tiktok';
import type { ConnectionView } from '../../src/server/connect/connection';
import type { SyncResult } from '../../src/server/connect/sync';
import { builtHtmlFiles, builtManifest, loadAddon } from '../support/addon';
import { seedSettings } from '../support/fixtures';
import { callServerFunction, type RpcReply } from '../support/gasRpc';
import { userEdit } from '../support/userEdit';
import { loadSampleData, SAMPLE_CLIENTS, SAMPLE_OWNERS } from './sampleData';
import {
  DEMO_TOKEN,
  DEMO_TOKPORTAL_KEY,
  type DemoRow,
  type DemoState,
  DemoWorld,
  deleteDemoPost,
  setUpDemoWorld,
} from './tiktokDemo';

const HOUR = 3600000;
const DAY = 24 * HOUR;
/** Trigger catch-up looks back at most this far, so a clock moved a year ahead stays quick. */
const MAX_CATCH_UP = 92 * DAY;

export const PLACEHOLDER_SIDEBAR = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Spark Ledger</title></head>
<body style="font-family:Arial,sans-serif;padding:16px;color:#444">
<h3 style="margin-top:0">Sidebar not built yet</h3>
<p>build/Sidebar.html does not exist: src/client/sidebar.html is missing, so <code>npm run build</code> made no sidebar.
Once it exists, restart the preview and open the sidebar again.</p></body></html>`;

export interface Answers {
  /** Buttons for the alerts of one execution, in order ('OK', 'YES', 'NO', 'CANCEL', 'CLOSE'). */
  alerts: string[];
  /** Answers to its prompts, in order. */
  prompts: { text: string; button: string }[];
}

export interface Question {
  kind: 'alert' | 'prompt';
  title: string | null;
  prompt: string;
  buttons: string;
}

export interface Effects {
  /** Index into ui.sidebars of a sidebar this execution opened. */
  sidebar: { title: string; width?: number; id: number } | null;
  dialogs: (Omit<DialogRecord, 'html'> & { id: number })[];
  /** Alerts with only an OK button: nothing to decide, so they are shown after the run. */
  alerts: Omit<AlertRecord, 'response'>[];
  toasts: ToastRecord[];
  mailsSent: number;
}

export interface ExecResult {
  fn: string;
  /** Set when the function asked something the person has not answered yet: nothing was kept. */
  question?: Question;
  /** The answers given so far, with OK filled in for plain alerts; send them back with the next answer. */
  answers?: Answers;
  reply?: RpcReply;
  effects?: Effects;
}

/** Where a person puts the cursor: a sheet, and a range on it (A1 when none is given). */
export interface SelectRequest {
  sheet: string;
  row?: number;
  column?: number;
  numRows?: number;
  numColumns?: number;
}

/** A person's edit: one cell typed (1 × 1), or a block pasted or cleared with its top-left cell at row/column. */
export interface EditRequest {
  sheet: string;
  row: number;
  column: number;
  values: string[][];
}

/** The onEdit event one edit fired, as plain data (what the add-on was given, without the live objects). */
export interface EditRecord {
  seq: number;
  sheet: string;
  range: string;
  numRows: number;
  numColumns: number;
  /** Only for a single cell, and only when it is not empty (Google's event page). */
  value?: string;
  oldValue?: string;
  user: string;
  authMode: string;
  at: string;
  /** What the add-on's onEdit returned, or why it failed; absent when the bundle has no onEdit. */
  reply?: RpcReply;
}

export interface EditResult {
  /** Set when the cell's data validation rejected what was typed: nothing was written and no event fired. */
  rejected?: string;
  event?: EditRecord;
  toasts?: ToastRecord[];
}

/** Status code of a request the preview refuses (the server answers 400). */
function badRequest(message: string): Error {
  return Object.assign(new Error(message), { status: 400 });
}

export interface PreviewState {
  version: 1;
  lastFire: string;
  snapshot: Snapshot;
  /** The fake TikTok, TikTok web and TokPortal servers; absent in a file written before the demo (then empty). */
  tiktok?: DemoState;
}

/** What the page's "TikTok demo" control shows. */
export interface TikTokDemoStatus {
  /** 'demo': connected with the demo token; 'other': connected with another token; 'off': no TikTok connection. */
  connection: 'demo' | 'other' | 'off';
  tokportal: boolean;
  advertisers: number;
  /** Posts TikTok shows publicly, and those deleted on TikTok. */
  livePosts: number;
  deletedPosts: number;
}

/** What Load sample data did. */
export interface SampleResult {
  rows: number;
  calls: number;
  failures: number;
  ms: number;
  /** The demo TikTok world and connection; null when the bundle has no saveConnection. */
  tiktok: { advertisers: number; posts: number; ads: number; deleted: string[]; tokportal: string | null } | null;
}

/** What an interactive run is rolled back to. */
interface RunSnapshot {
  emu: Snapshot;
  tiktok: DemoState;
}

export interface SessionOptions {
  /** Where state is kept between runs; null keeps it in memory only. */
  stateFile: string | null;
  /** Clock of a new preview; default: the real time now. */
  now?: Date;
  timeZone?: string;
}

function currentFiles(): Record<string, string> {
  const files = builtHtmlFiles();
  if (!files.Sidebar) files.Sidebar = PLACEHOLDER_SIDEBAR;
  return files;
}

export class PreviewSession {
  emu!: Emulator;
  /** The fake servers mounted on `emu.net`: kept with the state, put back with it when a run is rolled back. */
  tiktok!: DemoWorld;
  /** Time-driven triggers have fired up to this instant. */
  lastFire!: number;
  /** Bumped on every change, so pages know to redraw. */
  version = 0;
  /** HtmlService files; updated in place before each execution so a rebuilt sidebar shows without a restart. */
  private readonly files: Record<string, string> = currentFiles();
  private sidebarHtml = new Map<number, string>();
  private dialogHtml = new Map<number, string>();
  private panelSeq = 0;
  /** Every onEdit event fired by people's edits in this run of the preview (not kept in the state file). */
  readonly edits: EditRecord[] = [];
  editCount = 0;
  private demoStatus: { version: number; value: TikTokDemoStatus } | null = null;

  constructor(private readonly opts: SessionOptions) {
    if (opts.stateFile && existsSync(opts.stateFile)) {
      try {
        const state = JSON.parse(readFileSync(opts.stateFile, 'utf8')) as PreviewState;
        const tiktok = DemoWorld.fromJSON(state.tiktok);
        this.emu = restoreEmulator(state.snapshot, {
          files: this.files,
          manifest: builtManifest(),
          fakes: tiktok.fakes,
        });
        this.tiktok = tiktok;
        this.lastFire = Date.parse(state.lastFire);
        return;
      } catch (e) {
        console.warn(
          `Spark Ledger preview: could not read ${opts.stateFile} (${(e as Error).message}); starting a new spreadsheet.`,
        );
      }
    }
    this.reset();
  }

  /** A new spreadsheet with the ledger set up and the Settings lists an agency would have typed; TikTok's fakes empty. */
  reset(): void {
    this.tiktok = new DemoWorld();
    this.emu = createEmulator({
      files: this.files,
      manifest: builtManifest(),
      spreadsheetName: 'Spark Ledger',
      now: this.opts.now ?? new Date(),
      timeZone: this.opts.timeZone,
      fakes: this.tiktok.fakes,
    });
    this.lastFire = this.emu.clock.now().getTime();
    this.sidebarHtml.clear();
    this.dialogHtml.clear();
    this.edits.length = 0;
    this.runQuietly('setupLedger', []);
    seedSettings(this.emu, {
      clients: SAMPLE_CLIENTS.map((c) => c.name),
      brands: SAMPLE_CLIENTS.flatMap((c) => c.brands),
      adAccounts: SAMPLE_CLIENTS.flatMap((c) => c.adAccounts),
      owners: [...SAMPLE_OWNERS.paid, ...SAMPLE_OWNERS.creator, ...SAMPLE_OWNERS.approval, ...SAMPLE_OWNERS.invoice],
    });
    // Inserting sheets made the last one active; a person opening the file starts on the Ledger.
    this.emu.sheet('Ledger').activate();
    this.open();
  }

  /**
   * Reset, then a few hundred rows written through the add-on's own actions;
   * the demo TikTok world that matches them set on the fakes, and the
   * connection to it saved through the add-on, as the sidebar saves it.
   */
  loadSample(): SampleResult {
    const t0 = Date.now();
    this.reset();
    // One execution replays the whole plan: a fresh load per call would only add ~10 ms each.
    const addon = loadAddon(this.emu);
    const r = loadSampleData(this.emu, addon);
    const tiktok = typeof addon.saveConnection === 'function' ? this.connectDemo() : null;
    // The daily expiry check, once the add-on has it, so moving the clock shows alerts going out.
    if (typeof addon.enableDailyAlerts === 'function') this.runQuietly('enableDailyAlerts', []);
    this.lastFire = this.emu.clock.now().getTime();
    this.emu.sheet('Ledger').activate();
    this.changed();
    return { rows: r.rows, calls: r.calls, failures: r.failures.length, ms: Date.now() - t0, tiktok };
  }

  /**
   * The demo TikTok world for the sample ledger, then two sidebar calls: the
   * connection (demo token, every demo advertiser, demo TokPortal key), and a
   * Requested row's code asked of TokPortal, whose account manager sends it
   * at once (so the first sync records it).
   */
  private connectDemo(): NonNullable<SampleResult['tiktok']> {
    const demo = setUpDemoWorld(this.tiktok, this.emu);
    const saved = this.runQuietly('saveConnection', [
      { tiktokToken: DEMO_TOKEN, advertiserIds: demo.advertiserIds.join(', '), tokportalKey: DEMO_TOKPORTAL_KEY },
    ]);
    if (!saved.ok || !(saved.value as { ok?: boolean }).ok)
      throw new Error(`The add-on refused the demo connection: ${JSON.stringify(saved)}`);
    let tokportal: string | null = null;
    if (demo.tokportal) {
      const asked = this.runQuietly('requestViaTokPortal', [
        { videoUrl: demo.tokportal.row.videoUrl, tokportalVideo: demo.tokportal.video, note: 'Preview demo' },
      ]);
      if (asked.ok && (asked.value as { ok?: boolean }).ok) {
        this.tiktok.deliver(demo.tokportal.video, this.emu.clock.now().getTime());
        tokportal = demo.tokportal.row.videoUrl;
      }
    }
    return {
      advertisers: demo.advertiserIds.length,
      posts: demo.posts,
      ads: demo.ads,
      deleted: demo.deleted.map((d) => d.videoUrl),
      tokportal,
    };
  }

  /** "Sync with TikTok now": the sidebar's syncConnected, as a fresh execution. */
  syncWithTikTok(): ExecResult & { result: SyncResult | null } {
    const r = this.execute('syncConnected', [], { interactive: false });
    return { ...r, result: r.reply?.ok ? (r.reply.value as SyncResult) : null };
  }

  /** "Delete a post on TikTok": a live demo post whose code runs an ad is deleted by its creator, on the fakes only. */
  deleteTikTokPost(): DemoRow {
    const r = deleteDemoPost(this.tiktok, this.emu);
    if (!r) throw badRequest('No live demo post runs an ad: Load sample data sets up the TikTok demo.');
    this.changed();
    return r;
  }

  /** Whether the add-on is connected with the demo token (its own getConnection, once per change), and the fakes' posts. */
  tiktokStatus(): TikTokDemoStatus {
    if (this.demoStatus?.version === this.version) return this.demoStatus.value;
    const reply = callServerFunction(this.emu, 'getConnection', []);
    const view = reply.ok ? (reply.value as ConnectionView | null) : null;
    const tiktok = view?.tiktok;
    const posts = this.tiktok.postCounts();
    const value: TikTokDemoStatus = {
      connection: tiktok?.connected ? (tiktok.token === maskSecret(DEMO_TOKEN) ? 'demo' : 'other') : 'off',
      tokportal: !!view?.tokportal?.connected,
      advertisers: tiktok?.connected ? tiktok.advertiserIds.length : 0,
      livePosts: posts.live,
      deletedPosts: posts.deleted,
    };
    this.demoStatus = { version: this.version, value };
    return value;
  }

  /** Opening the spreadsheet: the add-on's onOpen builds its menu. */
  open(): RpcReply {
    const reply = this.runQuietly('onOpen', [{ authMode: 'LIMITED' }]);
    this.changed();
    return reply;
  }

  private runQuietly(fn: string, args: unknown[]): RpcReply {
    Object.assign(this.files, currentFiles());
    return callServerFunction(this.emu, fn, args);
  }

  /**
   * Runs `fn` as a fresh execution. With `interactive`, an alert with a choice
   * or a prompt that has no answer yet stops the run: the state is put back as
   * it was and the question is returned, to be asked and the run repeated with
   * the answer (executions are deterministic, so the repeat takes the same path).
   */
  execute(fn: string, args: unknown[], opts: { interactive: boolean; answers?: Answers }): ExecResult {
    Object.assign(this.files, currentFiles());
    // TokPortal's account manager sends the codes that are due before the add-on looks.
    this.tiktok.tick(this.emu.clock.now().getTime());
    const emu = this.emu;
    const ui = emu.ui;
    const answers: Answers = { alerts: [...(opts.answers?.alerts ?? [])], prompts: [...(opts.answers?.prompts ?? [])] };
    const before = {
      alerts: ui.alertLog.length,
      prompts: ui.prompts.length,
      sidebars: ui.sidebars.length,
      dialogs: ui.dialogs.length,
      toasts: ui.toasts.length,
      mails: emu.outbox.length,
    };
    const snapshot = opts.interactive ? { emu: emu.toJSON(), tiktok: this.tiktok.toJSON() } : null;
    ui.alertResponses.splice(0, ui.alertResponses.length, ...answers.alerts);
    ui.promptResponses.splice(0, ui.promptResponses.length, ...answers.prompts);
    // The emulator keeps alerts and prompts in two lists; this records the order they were raised in.
    const order: ('alert' | 'prompt')[] = [];
    const track = (list: unknown[], kind: 'alert' | 'prompt') => {
      const push = list.push;
      Object.defineProperty(list, 'push', {
        configurable: true,
        value: (...items: unknown[]) => {
          order.push(kind);
          return push.apply(list, items);
        },
      });
      return () => delete (list as { push?: unknown }).push;
    };
    const untrack = [track(ui.alertLog, 'alert'), track(ui.prompts, 'prompt')];
    let reply: RpcReply;
    try {
      reply = callServerFunction(emu, fn, args);
    } finally {
      untrack.forEach((u) => {
        u();
      });
      ui.alertResponses.length = 0;
      ui.promptResponses.length = 0;
    }

    if (opts.interactive) {
      const filled: Answers = { alerts: [], prompts: [] };
      let a = 0,
        p = 0;
      for (const kind of order) {
        if (kind === 'alert') {
          const rec = ui.alertLog[before.alerts + a];
          if (a >= answers.alerts.length && rec.buttons !== 'OK') {
            return this.ask(
              fn,
              snapshot as RunSnapshot,
              { kind, title: rec.title, prompt: rec.prompt, buttons: rec.buttons },
              filled,
            );
          }
          filled.alerts.push(rec.response);
          a++;
        } else {
          const rec = ui.prompts[before.prompts + p];
          if (p >= answers.prompts.length)
            return this.ask(
              fn,
              snapshot as RunSnapshot,
              { kind, title: rec.title, prompt: rec.prompt, buttons: rec.buttons },
              filled,
            );
          filled.prompts.push(rec.response);
          p++;
        }
      }
    }

    const effects: Effects = {
      sidebar: null,
      dialogs: [],
      alerts: [],
      toasts: ui.toasts.slice(before.toasts),
      mailsSent: emu.outbox.length - before.mails,
    };
    const sidebar = ui.sidebars[ui.sidebars.length - 1];
    if (ui.sidebars.length > before.sidebars && sidebar) {
      const id = ++this.panelSeq;
      this.sidebarHtml.set(id, sidebar.html);
      effects.sidebar = { title: sidebar.title, width: sidebar.width, id };
    }
    for (const d of ui.dialogs.slice(before.dialogs)) {
      const id = ++this.panelSeq;
      this.dialogHtml.set(id, d.html);
      effects.dialogs.push({ title: d.title, width: d.width, height: d.height, modal: d.modal, id });
    }
    effects.alerts = ui.alertLog
      .slice(before.alerts)
      .filter((r) => r.buttons === 'OK')
      .map(({ title, prompt, buttons }) => ({ title, prompt, buttons }));
    this.trimUi();
    this.changed();
    return { fn, reply, effects };
  }

  /**
   * The person puts the cursor on a sheet or a range of it, as clicking in
   * Sheets does: the active sheet and range every later execution sees
   * (getActiveRange from a sidebar is the selection of the person who opened it:
   * https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#getActiveRange()).
   */
  select(req: SelectRequest): void {
    const ss = this.emu.spreadsheet;
    const sheet = ss.findSheet(String(req.sheet ?? ''));
    if (!sheet) throw badRequest(`No sheet named ${req.sheet}.`);
    const row = Math.trunc(Number(req.row ?? 1));
    const column = Math.trunc(Number(req.column ?? 1));
    const numRows = Math.trunc(Number(req.numRows ?? 1));
    const numColumns = Math.trunc(Number(req.numColumns ?? 1));
    if (
      !(row >= 1 && column >= 1 && numRows >= 1 && numColumns >= 1) ||
      row + numRows - 1 > sheet.maxRows ||
      column + numColumns - 1 > sheet.maxCols
    )
      throw badRequest(`The range ${row},${column} (${numRows} × ${numColumns}) is not on ${sheet.name}.`);
    ss.setActiveRange(new FakeRange(sheet, row, column, numRows, numColumns));
  }

  /**
   * A person's edit, as Sheets makes it: the text goes in as typed (a number,
   * date or formula where it reads as one; a typed entry a "reject input" rule
   * refuses is not kept), the cursor is on the edited range, and the bound
   * script's onEdit simple trigger gets one event for the whole edit, with
   * e.value and e.oldValue only for a single cell (test/support/userEdit.ts).
   * https://developers.google.com/apps-script/guides/triggers/events#edit
   * An error in onEdit does not undo the edit; it is reported, as Sheets logs it.
   */
  edit(req: EditRequest): EditResult {
    const emu = this.emu;
    const sheet = emu.spreadsheet.findSheet(String(req.sheet ?? ''));
    if (!sheet) throw badRequest(`No sheet named ${req.sheet}.`);
    const rows = req.values;
    if (!Array.isArray(rows) || rows.length === 0 || !rows.every((r) => Array.isArray(r) && r.length > 0))
      throw badRequest('An edit needs at least one row of values.');
    // A pasted block whose rows differ in length fills the short ones with empty cells, as a spreadsheet's paste does.
    const width = Math.max(...rows.map((r) => r.length));
    const values = rows.map((r) => {
      const out = r.map((v) => (v === null || v === undefined ? '' : String(v)));
      while (out.length < width) out.push('');
      return out;
    });
    const row = Math.trunc(Number(req.row));
    const column = Math.trunc(Number(req.column));
    if (!(row >= 1 && column >= 1)) throw badRequest('An edit starts at a row and a column from 1.');
    if (row + values.length - 1 > sheet.maxRows || column + width - 1 > sheet.maxCols)
      throw badRequest(
        `The edit reaches past the end of ${sheet.name} (${sheet.maxRows} rows, ${sheet.maxCols} columns); nothing was written.`,
      );
    const single = values.length === 1 && width === 1;
    if (single) {
      const rejected = rejectedEntry(sheet, row, column, values[0][0]);
      if (rejected) return { rejected };
    }
    const a1 = gridToA1(row, column, values.length, width);
    const user = emu.user;
    const toasts = emu.ui.toasts.length;
    let e: ReturnType<typeof userEdit>;
    try {
      e = userEdit(emu, sheet.name, a1, values, emu.visibleEditor(user));
    } catch (err) {
      // The cell's 50,000-character limit, as Sheets refuses such an entry.
      return { rejected: (err as Error).message };
    }
    e.authMode = emu.simpleTriggerMode();
    emu.spreadsheet.setActiveRange(new FakeRange(sheet, row, column, values.length, width));
    const record: EditRecord = {
      seq: ++this.editCount,
      sheet: sheet.name,
      range: a1,
      numRows: values.length,
      numColumns: width,
      user: e.user.getEmail(),
      authMode: e.authMode,
      at: emu.clock.now().toISOString(),
    };
    if (e.value !== undefined) record.value = e.value;
    if (e.oldValue !== undefined) record.oldValue = e.oldValue;
    Object.assign(this.files, currentFiles());
    const addon = loadAddon(emu);
    if (typeof addon.onEdit === 'function') {
      try {
        const value = addon.onEdit(e);
        record.reply = { ok: true, value: value === undefined ? null : JSON.parse(JSON.stringify(value)) };
      } catch (err) {
        const x = err as Error;
        record.reply = { ok: false, error: { name: x.name || 'Error', message: x.message || String(err) } };
      }
    }
    this.edits.push(record);
    if (this.edits.length > 200) this.edits.splice(0, this.edits.length - 200);
    const shown = emu.ui.toasts.slice(toasts);
    this.trimUi();
    this.changed();
    return { event: record, toasts: shown };
  }

  private ask(fn: string, snapshot: RunSnapshot, question: Question, answers: Answers): ExecResult {
    // The fake servers go back too: a request the run made before its question never happened.
    this.tiktok = DemoWorld.fromJSON(snapshot.tiktok);
    this.emu = restoreEmulator(snapshot.emu, {
      files: this.files,
      manifest: builtManifest(),
      fakes: this.tiktok.fakes,
    });
    return { fn, question, answers };
  }

  /** The recorded UI history only grows; the preview needs the recent part. */
  private trimUi(): void {
    const ui = this.emu.ui;
    for (const list of [ui.sidebars, ui.dialogs, ui.alerts, ui.alertLog, ui.prompts, ui.toasts] as unknown[][]) {
      if (list.length > 20) list.splice(0, list.length - 20);
    }
  }

  sidebarPage(id: number): string | undefined {
    return this.sidebarHtml.get(id);
  }

  dialogPage(id: number): string | undefined {
    return this.dialogHtml.get(id);
  }

  advanceClock(ms: number): void {
    this.emu.clock.advance(ms);
    this.changed();
  }

  /** Sets the clock to a wall time of the spreadsheet's zone ('YYYY-MM-DDTHH:MM'). Moving back also moves the trigger mark back. */
  setClock(wall: string): void {
    const wallMs = Date.parse(`${wall.length === 10 ? `${wall}T00:00` : wall}:00Z`);
    if (!Number.isFinite(wallMs)) throw new Error(`The date ${wall} is not a date and time; use YYYY-MM-DDTHH:MM.`);
    const at = wallToInstant(this.emu.spreadsheet.getSpreadsheetTimeZone(), wallMs);
    this.emu.clock.set(new Date(at));
    if (at < this.lastFire) this.lastFire = at;
    this.changed();
  }

  /** Time-driven triggers due between the last firing and now, each occurrence in order. */
  dueTriggers(): { handler: string; at: string }[] {
    return this.occurrences().map((o) => ({ handler: o.handler, at: new Date(o.at).toISOString() }));
  }

  private occurrences(): { handler: string; at: number; id: string }[] {
    const to = this.emu.clock.now().getTime();
    let from = Math.max(this.lastFire, to - MAX_CATCH_UP);
    const out: { handler: string; at: number; id: string }[] = [];
    // Hour-long steps: each occurrence fires at the end of its hour (daily triggers are set to a whole hour).
    while (from < to) {
      const end = Math.min(to, (Math.floor(from / HOUR) + 1) * HOUR);
      for (const t of this.emu.dueTimeTriggers(new Date(from), new Date(end)))
        out.push({ handler: t.handlerFunction, at: end, id: t.id });
      from = end;
    }
    return out;
  }

  /**
   * Runs each due occurrence as a fresh execution with the clock at its time,
   * then puts the clock back to now.
   * https://developers.google.com/apps-script/guides/triggers/events#time-driven_events
   */
  fireDueTriggers(): { fired: { handler: string; at: string; reply: RpcReply }[]; mailsSent: number } {
    const now = this.emu.clock.now().getTime();
    const mails = this.emu.outbox.length;
    const fired: { handler: string; at: string; reply: RpcReply }[] = [];
    const tz = this.emu.spreadsheet.getSpreadsheetTimeZone();
    try {
      for (const o of this.occurrences()) {
        this.emu.clock.set(new Date(o.at));
        this.tiktok.tick(o.at);
        const d = new Date(o.at);
        const event = {
          authMode: 'FULL',
          triggerUid: o.id,
          timezone: tz,
          year: d.getUTCFullYear(),
          month: d.getUTCMonth() + 1,
          'day-of-month': d.getUTCDate(),
          hour: d.getUTCHours(),
          minute: d.getUTCMinutes(),
          second: 0,
        };
        fired.push({ handler: o.handler, at: d.toISOString(), reply: this.runQuietly(o.handler, [event]) });
      }
    } finally {
      this.emu.clock.set(new Date(now));
    }
    this.lastFire = now;
    this.trimUi();
    this.changed();
    return { fired, mailsSent: this.emu.outbox.length - mails };
  }

  private changed(): void {
    this.version++;
    this.save();
  }

  save(): void {
    const file = this.opts.stateFile;
    if (!file) return;
    const state: PreviewState = {
      version: 1,
      lastFire: new Date(this.lastFire).toISOString(),
      snapshot: this.emu.toJSON(),
      tiktok: this.tiktok.toJSON(),
    };
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, JSON.stringify(state));
    renameSync(tmp, file);
  }
}
