/**
 * In-memory emulator of the Apps Script services Spark Ledger uses.
 * `createEmulator()` returns plain globals (for a vm sandbox such as gas-local)
 * plus handles to inspect and steer the emulated world.
 *
 * Objects reached through `globals` are counting proxies; objects reached
 * through the Emulator handles (`emu.spreadsheet`, `emu.spreadsheets`) are the
 * raw fakes, so test setup through them does not count as service calls.
 */
import { CallCounter, CallLog, Faults, FaultOptions, Wrapper } from './calls';
import { ChartType } from './charts';
import { Clock, makeClockDate } from './clock';
import type { Env } from './env';
import { FakeLockService, LockState } from './lock';
import { FakeMailApp, MailState, SentMail } from './mail';
import { FakePropertiesService } from './properties';
import { applySnapshot, Snapshot, StateParts, toSnapshot } from './snapshot';
import { createSpreadsheet, FakeSpreadsheet, FakeSpreadsheetApp } from './spreadsheet';
import { dueTimeTriggers, FakeScriptApp, FakeTrigger } from './triggers';
import { CellValue } from './typing';
import { FakeHtmlService, MenuRecord, newUiState, UiState } from './ui';
import { FakeLogger, FakeSession, FakeUtilities, LogEntry, makeConsole } from './utilities';
import { satisfies } from './validation';
import type { FakeRange } from './range';
import type { FakeSheet } from './sheet';

export { a1ToGrid, gridToA1, columnToLetters, lettersToColumn, parseA1 } from './a1';
export { CallCounter, Faults, Wrapper } from './calls';
export type { CallLog, FaultOptions } from './calls';
export { Clock, makeClockDate, isDateLike } from './clock';
export { FakeSpreadsheet, FakeSpreadsheetApp, SpreadsheetEnums } from './spreadsheet';
export { FakeSheet, FORMAT_DEFAULTS, DEFAULT_ROWS, DEFAULT_COLUMNS } from './sheet';
export { FakeRange } from './range';
export { FakeDataValidation, FakeDataValidationBuilder, DataValidationCriteria, satisfies } from './validation';
export { FakeConditionalFormatRule, FakeConditionalFormatRuleBuilder, FakeBooleanCondition, BooleanCriteria } from './conditional';
export { FakeProtection, FakeUser, ProtectionType } from './protection';
export { FakeEmbeddedChart, FakeEmbeddedChartBuilder, ChartType } from './charts';
export { FakeUi, FakeMenu, FakeHtmlOutput, FakeHtmlTemplate, FakeHtmlService, FakePromptResponse, Button, ButtonSet } from './ui';
export type { MenuRecord, MenuItemRecord, UiState, PanelRecord, DialogRecord, AlertRecord, ToastRecord } from './ui';
export { FakeMailApp } from './mail';
export type { SentMail } from './mail';
export { FakeScriptApp, FakeTrigger, FakeTriggerBuilder, FakeClockTriggerBuilder, FakeSpreadsheetTriggerBuilder, AuthMode, EventType, TriggerSource, MAX_TRIGGERS } from './triggers';
export { FakeLock, FakeLockService } from './lock';
export { FakeProperties, FakePropertiesService, MAX_VALUE_BYTES, MAX_STORE_BYTES } from './properties';
export { FakeUtilities, FakeSession, FakeLogger, FakeBlob, formatJavaDate, parseCsv } from './utilities';
export { CellDate, typeInput, evaluateFormula, FORMULA_NOT_COMPUTED, PLAIN_TEXT, DEFAULT_NUMBER_FORMAT } from './typing';
export type { CellValue } from './typing';
export { displayValue, formatSheetsDate } from './format';
export { tzOffsetMs, wallToInstant, instantToWall } from './tz';
export type { Snapshot } from './snapshot';

export interface EmulatorOptions {
  /** Spreadsheet time zone, default 'America/New_York'. */
  timeZone?: string;
  /** Session.getScriptTimeZone(), default 'America/New_York'. */
  scriptTimeZone?: string;
  /** Initial clock, default '2026-03-02T15:00:00Z'. */
  now?: Date | string;
  /** Active user email, default 'am@agency.example'. */
  user?: string;
  /** MailApp daily recipients quota, default 100 (consumer account). */
  mailQuota?: number;
  /** HTML files for HtmlService.createHtmlOutputFromFile (name without .html -> content). */
  files?: Record<string, string>;
  /** Name of the bound spreadsheet, default 'Spark Ledger'. */
  spreadsheetName?: string;
  /**
   * The user's language: service errors come translated, as on Google
   * (default 'en'; 'pt' gives Portuguese range errors).
   */
  locale?: string;
}

export interface EmulatorUi extends UiState {
  menus: MenuRecord[];
}

export interface Emulator {
  globals: Record<string, unknown>;
  calls: CallLog;
  clock: { now(): Date; set(d: Date | string): void; advance(ms: number): void };
  /** The bound (active) spreadsheet, raw (not counted). */
  readonly spreadsheet: FakeSpreadsheet;
  spreadsheets: Map<string, FakeSpreadsheet>;
  outbox: SentMail[];
  triggers: FakeTrigger[];
  ui: EmulatorUi;
  lock: { holdByOther(on: boolean): void; isHeld(): boolean };
  faults: { failOn(method: string, opts?: FaultOptions): void; clear(): void };
  properties: { document: Map<string, string>; script: Map<string, string>; user: Map<string, string> };
  /** Messages from Logger.log and console.* */
  logs: string[];
  logEntries: LogEntry[];
  mail: { readonly used: number; readonly quota: number; readonly remaining: number };
  toJSON(): Snapshot;
  /** Clock triggers whose schedule falls in (from, to]. */
  dueTimeTriggers(from: Date, to: Date): FakeTrigger[];
  /** Cells whose value breaks their data validation rule (what Sheets marks as invalid). */
  invalidCells(sheetName: string): { row: number; column: number; value: unknown }[];
  /** The counting proxy for a raw fake (e.g. to build trigger event objects with e.range). */
  expose<T>(raw: T): T;
  /** Make thrown errors instances of the sandbox's Error (pass the vm context's Error). */
  bindRealm(realm: { Error?: ErrorConstructor }): void;
  /** Sheet of the bound spreadsheet by name (raw), or throws. */
  sheet(name: string): FakeSheet;
}

const DEFAULTS = {
  timeZone: 'America/New_York',
  scriptTimeZone: 'America/New_York',
  now: '2026-03-02T15:00:00Z',
  user: 'am@agency.example',
  mailQuota: 100,
};

function build(opts: EmulatorOptions, snapshot?: Snapshot): Emulator {
  const o = {
    timeZone: opts.timeZone ?? snapshot?.options.timeZone ?? DEFAULTS.timeZone,
    scriptTimeZone: opts.scriptTimeZone ?? snapshot?.options.scriptTimeZone ?? DEFAULTS.scriptTimeZone,
    user: opts.user ?? snapshot?.options.user ?? DEFAULTS.user,
    mailQuota: opts.mailQuota ?? snapshot?.options.mailQuota ?? DEFAULTS.mailQuota,
    files: opts.files ?? snapshot?.options.files ?? {},
    locale: opts.locale ?? snapshot?.options.locale ?? 'en',
  };
  const clock = new Clock(opts.now ?? DEFAULTS.now);
  const calls = new CallCounter();
  let env!: Env;
  const faults = new Faults(() => `Service Spreadsheets failed while accessing document with id ${env.bound?.id ?? ''}.`);
  const wrapper = new Wrapper(calls, faults);
  const ui = newUiState();
  env = {
    clock, DateClass: makeClockDate(clock), calls, faults, wrapper, user: o.user, scriptTimeZone: o.scriptTimeZone,
    spreadsheets: new Map(), bound: null, ui, logs: [], seq: {}, ErrorClass: Error, locale: o.locale,
  };
  const properties = { document: new Map<string, string>(), script: new Map<string, string>(), user: new Map<string, string>() };
  const triggers: FakeTrigger[] = [];
  const mail: MailState = { quota: o.mailQuota, used: 0, windowStart: null, outbox: [] };
  const lock: LockState = { heldByOther: false, held: {} };
  const logEntries: LogEntry[] = [];
  const parts: StateParts = { env, properties, triggers, mail, lock, ui, options: o };

  if (snapshot) applySnapshot(snapshot, parts);
  else {
    const ss = createSpreadsheet(env, opts.spreadsheetName ?? 'Spark Ledger', undefined, undefined, o.timeZone);
    env.bound = ss;
  }

  const services: Record<string, unknown> = {
    SpreadsheetApp: new FakeSpreadsheetApp(env),
    HtmlService: new FakeHtmlService(env, o.files),
    MailApp: new FakeMailApp(env, mail),
    ScriptApp: new FakeScriptApp(env, triggers),
    LockService: new FakeLockService(env, lock),
    PropertiesService: new FakePropertiesService(env, properties),
    Session: new FakeSession(env),
    Utilities: new FakeUtilities(env),
    Logger: new FakeLogger(env, logEntries),
    Charts: Object.assign(Object.create({ constructor: { gasName: 'Charts' } }), { ChartType }),
  };
  const globals: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(services)) globals[k] = wrapper.wrap(v);
  globals.console = makeConsole(env, logEntries);
  globals.Date = env.DateClass;

  const emu: Emulator = {
    globals,
    calls,
    clock: { now: () => clock.now(), set: (d) => clock.set(d), advance: (ms) => clock.advance(ms) },
    get spreadsheet(): FakeSpreadsheet {
      if (!env.bound) throw new Error('The emulator has no bound spreadsheet.');
      return env.bound;
    },
    spreadsheets: env.spreadsheets,
    outbox: mail.outbox,
    triggers,
    ui,
    lock: {
      holdByOther: (on: boolean) => { lock.heldByOther = !!on; },
      isHeld: () => Object.values(lock.held).some((n) => n > 0),
    },
    faults: { failOn: (m, f) => faults.failOn(m, f), clear: () => faults.clear() },
    properties,
    logs: env.logs,
    logEntries,
    mail: {
      get used() { return mail.used; },
      get quota() { return mail.quota; },
      get remaining() { return (services.MailApp as FakeMailApp).getRemainingDailyQuota(); },
    },
    toJSON: () => toSnapshot(parts),
    dueTimeTriggers: (from, to) => dueTimeTriggers(triggers, from, to),
    invalidCells(sheetName: string) {
      const sheet = emu.sheet(sheetName);
      const out: { row: number; column: number; value: unknown }[] = [];
      const lookup = (r: FakeRange): CellValue[] => {
        const vals: CellValue[] = [];
        for (let i = 0; i < r.numRows; i++) for (let j = 0; j < r.numCols; j++) vals.push(r.sheet.cellValue(r.row + i, r.col + j));
        return vals;
      };
      for (const [r, c, rule] of sheet.validations.entries()) {
        const v = sheet.cellValue(r, c);
        if (!satisfies(rule, v, lookup)) out.push({ row: r, column: c, value: sheet.readValues(r, c, 1, 1)[0][0] });
      }
      return out.sort((a, b) => a.row - b.row || a.column - b.column);
    },
    expose: (raw) => wrapper.wrap(raw),
    bindRealm(realm) {
      if (realm.Error) env.ErrorClass = realm.Error;
    },
    sheet(name: string): FakeSheet {
      const s = emu.spreadsheet.findSheet(name);
      if (!s) throw new Error(`No sheet named ${name}`);
      return s;
    },
  };
  return emu;
}

export function createEmulator(opts: EmulatorOptions = {}): Emulator {
  return build(opts);
}

/** Rebuilds an emulator from `emu.toJSON()` (also after JSON.stringify/parse). */
export function restoreEmulator(snapshot: Snapshot | string, opts: EmulatorOptions = {}): Emulator {
  const snap = typeof snapshot === 'string' ? (JSON.parse(snapshot) as Snapshot) : snapshot;
  return build({ ...opts, now: opts.now ?? snap.clock.$date }, snap);
}

createEmulator.fromJSON = restoreEmulator;
