/**
 * The preview's world: one emulated spreadsheet with the built add-on, kept in
 * a local state file between runs. Every menu click, sidebar call and trigger
 * is a fresh execution of build/Code.js, as in Apps Script.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import {
  createEmulator,
  type Emulator,
  restoreEmulator,
  type Snapshot,
  wallToInstant,
} from '@spark-ledger/gas-emulator';
import type { AlertRecord, DialogRecord, ToastRecord } from '@spark-ledger/gas-emulator';
import { builtHtmlFiles, builtManifest, loadAddon } from '../support/addon';
import { seedSettings } from '../support/fixtures';
import { callServerFunction, type RpcReply } from '../support/gasRpc';
import { loadSampleData, SAMPLE_CLIENTS, SAMPLE_OWNERS } from './sampleData';

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

export interface PreviewState {
  version: 1;
  lastFire: string;
  snapshot: Snapshot;
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
  /** Time-driven triggers have fired up to this instant. */
  lastFire!: number;
  /** Bumped on every change, so pages know to redraw. */
  version = 0;
  /** HtmlService files; updated in place before each execution so a rebuilt sidebar shows without a restart. */
  private readonly files: Record<string, string> = currentFiles();
  private sidebarHtml = new Map<number, string>();
  private dialogHtml = new Map<number, string>();
  private panelSeq = 0;

  constructor(private readonly opts: SessionOptions) {
    if (opts.stateFile && existsSync(opts.stateFile)) {
      try {
        const state = JSON.parse(readFileSync(opts.stateFile, 'utf8')) as PreviewState;
        this.emu = restoreEmulator(state.snapshot, { files: this.files, manifest: builtManifest() });
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

  /** A new spreadsheet with the ledger set up and the Settings lists an agency would have typed. */
  reset(): void {
    this.emu = createEmulator({
      files: this.files,
      manifest: builtManifest(),
      spreadsheetName: 'Spark Ledger',
      now: this.opts.now ?? new Date(),
      timeZone: this.opts.timeZone,
    });
    this.lastFire = this.emu.clock.now().getTime();
    this.sidebarHtml.clear();
    this.dialogHtml.clear();
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

  /** Reset, then a few hundred rows written through the add-on's own actions. */
  loadSample(): { rows: number; calls: number; failures: number; ms: number } {
    const t0 = Date.now();
    this.reset();
    // One execution replays the whole plan: a fresh load per call would only add ~10 ms each.
    const addon = loadAddon(this.emu);
    const r = loadSampleData(this.emu, addon);
    // The daily expiry check, once the add-on has it, so moving the clock shows alerts going out.
    if (typeof addon.enableDailyAlerts === 'function') this.runQuietly('enableDailyAlerts', []);
    this.lastFire = this.emu.clock.now().getTime();
    this.emu.sheet('Ledger').activate();
    this.changed();
    return { rows: r.rows, calls: r.calls, failures: r.failures.length, ms: Date.now() - t0 };
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
    const snapshot = opts.interactive ? emu.toJSON() : null;
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
              snapshot as Snapshot,
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
              snapshot as Snapshot,
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

  private ask(fn: string, snapshot: Snapshot, question: Question, answers: Answers): ExecResult {
    this.emu = restoreEmulator(snapshot, { files: this.files });
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
    };
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, JSON.stringify(state));
    renameSync(tmp, file);
  }
}
