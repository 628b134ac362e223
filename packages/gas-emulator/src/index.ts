/**
 * In-memory emulator of the Apps Script services a Sheets script or add-on uses.
 * `createEmulator()` returns plain globals (for a vm sandbox such as gas-local)
 * plus handles to inspect and steer the emulated world.
 *
 * Objects reached through `globals` are counting proxies; objects reached
 * through the Emulator handles (`emu.spreadsheet`, `emu.spreadsheets`) are the
 * raw fakes, so test setup through them does not count as service calls.
 */
import { CallCounter, type CallLog, Faults, type FaultOptions, Wrapper } from './calls';
import { ChartType } from './charts';
import { Clock, makeClockDate } from './clock';
import { type CallKind, cellsOf, type CostLevel, CostMeter, type CostTally, fetchPrice, kindOf } from './cost';
import type { Env } from './env';
import { gasError } from './env';
import { FakeLockService, type LockState } from './lock';
import { FakeMailApp, type MailState, type SentMail } from './mail';
import { Network } from './net/network';
import { FakePropertiesService, type PropertyStores } from './properties';
import {
  type AuthModeName,
  EXECUTION_LIMIT_MS,
  type Execution,
  type ExecutionKind,
  type RuntimeRules,
  SIMPLE_TRIGGER_LIMIT_MS,
  checkCall,
  visibleEditor,
} from './execution';
import { applySnapshot, type Snapshot, type StateParts, toSnapshot } from './snapshot';
import { createSpreadsheet, type FakeSpreadsheet, FakeSpreadsheetApp } from './spreadsheet';
import { dueTimeTriggers, FakeScriptApp, type FakeTrigger } from './triggers';
import { FakeHtmlService, type MenuRecord, newUiState, type UiState } from './ui';
import { FakeUrlFetchApp, URLFETCH_DAILY, type UrlFetchState } from './urlfetch';
import { FakeLogger, FakeSession, FakeUtilities, type LogEntry, makeConsole } from './utilities';
import { rangeValues, satisfies } from './validation';
import type { FakeSheet } from './sheet';

export { a1ToGrid, gridToA1, columnToLetters, lettersToColumn, parseA1 } from './a1';
export { CallCounter, Faults, Wrapper } from './calls';
export type { CallLog, FaultOptions } from './calls';
export { Clock, makeClockDate, isDateLike } from './clock';
export { FakeSpreadsheet, FakeSpreadsheetApp, SpreadsheetEnums } from './spreadsheet';
export { FakeSheet, FORMAT_DEFAULTS, DEFAULT_ROWS, DEFAULT_COLUMNS } from './sheet';
export { FakeRange } from './range';
export {
  FakeDataValidation,
  FakeDataValidationBuilder,
  DataValidationCriteria,
  satisfies,
  rejectedEntry,
} from './validation';
export {
  FakeConditionalFormatRule,
  FakeConditionalFormatRuleBuilder,
  FakeBooleanCondition,
  BooleanCriteria,
} from './conditional';
export { FakeProtection, FakeUser, ProtectionType } from './protection';
export { FakeEmbeddedChart, FakeEmbeddedChartBuilder, ChartType } from './charts';
export {
  FakeUi,
  FakeMenu,
  FakeHtmlOutput,
  FakeHtmlTemplate,
  FakeHtmlService,
  FakePromptResponse,
  Button,
  ButtonSet,
} from './ui';
export type { MenuRecord, MenuItemRecord, UiState, PanelRecord, DialogRecord, AlertRecord, ToastRecord } from './ui';
export { FakeMailApp } from './mail';
export type { SentMail } from './mail';
export {
  FakeScriptApp,
  FakeTrigger,
  FakeTriggerBuilder,
  FakeClockTriggerBuilder,
  FakeSpreadsheetTriggerBuilder,
  AuthMode,
  EventType,
  TriggerSource,
  MAX_TRIGGERS,
} from './triggers';
export { FakeLock, FakeLockService } from './lock';
export { FakeProperties, FakePropertiesService, MAX_VALUE_BYTES, MAX_STORE_BYTES } from './properties';
export { FakeUtilities, FakeSession, FakeLogger, FakeBlob, formatJavaDate, parseCsv } from './utilities';
export {
  CellDate,
  typeInput,
  evaluateFormula,
  FORMULA_NOT_COMPUTED,
  PLAIN_TEXT,
  DEFAULT_NUMBER_FORMAT,
} from './typing';
export type { CellValue } from './typing';
export { displayValue, formatSheetsDate } from './format';
export { tzOffsetMs, wallToInstant, instantToWall } from './tz';
export type { Snapshot } from './snapshot';
export { SCOPES, scopesFor, permissionMessage } from './scopes';
export { EXECUTION_LIMIT_MS, SIMPLE_TRIGGER_LIMIT_MS } from './execution';
export { COST_LEVELS, COST_PARAMETERS, CALL_KINDS, kindOf, priceOf, commitPrice, fetchPrice, CostMeter } from './cost';
export {
  FakeUrlFetchApp,
  FakeHTTPResponse,
  failureMessage,
  URLFETCH_DAILY,
  URL_LENGTH_LIMIT,
  POST_SIZE_LIMIT,
  RESPONSE_SIZE_LIMIT,
  HEADERS_LIMIT,
  HEADER_BYTES_LIMIT,
  MAX_REDIRECTS,
  USER_AGENT,
} from './urlfetch';
export type { FetchParams, UrlFetchState } from './urlfetch';
export * from './net/index';
export type { CostLevel, CallKind, CostTally, KindTally, PerLevel } from './cost';
export type { Execution, ExecutionKind, AuthModeName, RuntimeRules } from './execution';

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
  /** URL Fetch calls a day; default by `account`: 20,000 consumer, 100,000 Workspace. */
  urlFetchQuota?: number;
  /**
   * Fake servers to mount on `emu.net` at creation (each `install(net)`):
   * `createEmulator({ fakes: [tiktok, tokportal] })`. Default none: no host
   * answers until a test mounts one.
   */
  fakes?: readonly { install(net: Network): unknown }[];
  /** HTML files for HtmlService.createHtmlOutputFromFile (name without .html -> content). */
  files?: Record<string, string>;
  /** Name of the bound spreadsheet, default 'Untitled spreadsheet' (as Sheets names a new one). */
  spreadsheetName?: string;
  /**
   * The user's language: service errors come translated, as on Google
   * (default 'en'; 'pt' gives Portuguese range errors).
   */
  locale?: string;
  /**
   * The manifest pushed with the script (appsscript.json). Its oauthScopes are
   * the only scopes granted; without them Google detects scopes itself and
   * every call is allowed.
   */
  manifest?: { oauthScopes?: string[] } | null;
  /** 'bound' (default): the spreadsheet's own project. 'addon': a standalone Editor add-on project. */
  deployment?: 'bound' | 'addon';
  /** 'workspace' (default) or 'consumer': consumer accounts hide other people's addresses from simple triggers. */
  account?: 'workspace' | 'consumer';
  /** Whether getUserTriggers(spreadsheet) lists clock triggers made in it (undocumented for bound scripts; default true). */
  clockTriggersPerDocument?: boolean;
  /**
   * Prices every counted call at this level of the published measurements
   * (see cost.ts) and advances the clock by it as the call runs, so the
   * 6-minute and 30-second limits stop long executions. Default: none, the
   * clock never moves by itself (costs are still tallied in `emu.cost`).
   */
  costModel?: CostLevel;
}

/** How to start an execution: see execution.ts. */
export interface RunOptions {
  kind: ExecutionKind;
  /** simple triggers only: NONE or LIMITED (default: NONE for an add-on not yet enabled in the document, else LIMITED). */
  authMode?: AuthModeName;
  /** The person at the keyboard (editor, simple) or the trigger's owner (trigger); default the emulator's user. */
  user?: string;
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
  /**
   * The emulated network UrlFetchApp talks to: `route(hostOrPrefix, handler)`,
   * `requests` (every request as sent), `reset()`, `failOn(hostOrPrefix)`.
   * Fake servers mount with `fake.install(emu.net)`. Not part of snapshots.
   */
  net: Network;
  /** URL Fetch calls counted in the current 24-hour window, and the day's quota. */
  urlFetch: { readonly used: number; readonly quota: number; readonly remaining: number };
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
  /** Runs `fn` as one execution of the given kind; calls inside obey that context's rules. */
  run<T>(opts: RunOptions, fn: () => T): T;
  /** The execution in progress, if any. */
  readonly execution: Execution | null;
  /** The mode a simple trigger would get in the open document now. */
  simpleTriggerMode(): AuthModeName;
  /** Called before every counted service call (after the rules): a person working meanwhile. null removes it. */
  meanwhile(hook: ((key: string, callNumber: number) => void) | null): void;
  /** Add-on deployment: the user opens another spreadsheet (it becomes the active document). */
  openDocument(ss: FakeSpreadsheet): void;
  /** Add-on deployment: whether the add-on was used (so enabled) in this document. */
  addonEnabledIn(ss: FakeSpreadsheet): boolean;
  /** What e.user.getEmail() of a simple trigger shows for this editor: '' where Google hides it. */
  visibleEditor(email: string): string;
  /** The person at the keyboard when a run names no other (the `user` option). */
  readonly user: string;
  /** Calls refused for a missing scope, and the manifest's scopes that some call relied on. */
  scopeReport(): { refused: string[]; used: string[]; granted: string[] | null };
  readonly rules: RuntimeRules;
  /** Modelled Apps Script time of the counted calls, at all three levels (cost.ts). */
  cost: EmulatorCost;
}

export interface EmulatorCost {
  /** The level that moves the clock, or null (costModel not set). */
  readonly level: CostLevel | null;
  /** Since the emulator started or the last reset. */
  readonly total: CostTally;
  /** The execution in progress, or the last one to end (calls outside executions count only in total). */
  readonly execution: CostTally;
  /** Cells written but not yet committed. */
  readonly queuedCells: number;
  /** Commits the queued writes now, as the end of an execution does. */
  settle(): void;
  reset(): void;
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
    manifest: opts.manifest !== undefined ? opts.manifest : (snapshot?.options.manifest ?? null),
    deployment: opts.deployment ?? snapshot?.options.deployment ?? 'bound',
    account: opts.account ?? snapshot?.options.account ?? 'workspace',
    clockTriggersPerDocument: opts.clockTriggersPerDocument ?? snapshot?.options.clockTriggersPerDocument ?? true,
    /** Documents in which the add-on was used (so runs beyond AuthMode.NONE). */
    enabledIn: (snapshot?.options.enabledIn ?? []).slice(),
  };
  const rules: RuntimeRules = {
    scopes: o.manifest && Array.isArray(o.manifest.oauthScopes) ? o.manifest.oauthScopes.slice() : null,
    deployment: o.deployment,
    account: o.account,
    clockTriggersPerDocument: o.clockTriggersPerDocument,
  };
  const clock = new Clock(opts.now ?? DEFAULTS.now);
  const calls = new CallCounter();
  let env!: Env;
  const faults = new Faults((key, args) =>
    // A fetch fails as the network fails, naming its URL (observed: "Exception: Address unavailable: https://api.met.no/…").
    key === 'UrlFetchApp.fetch' || key === 'UrlFetchApp.fetchAll'
      ? `Address unavailable: ${firstUrl(args)}`
      : `Service Spreadsheets failed while accessing document with id ${env.bound?.id ?? ''}.`,
  );
  const wrapper = new Wrapper(calls, faults);
  const ui = newUiState();
  const meter = new CostMeter(opts.costModel ?? null, (ms) => clock.advance(ms));
  const kinds = new Map<string, CallKind>();
  const urlFetch: UrlFetchState = { used: 0, windowStart: null, quota: opts.urlFetchQuota, trace: [] };
  wrapper.around = (key, target, args, runCall) => {
    let kind = kinds.get(key);
    if (!kind) {
      kind = kindOf(key);
      kinds.set(key, kind);
    }
    if (kind === 'fetch') {
      // Priced by the requests it sent; one that throws after its requests went out still took their time (guess).
      urlFetch.trace = [];
      const price = () => fetchPrice(urlFetch.trace, key === 'UrlFetchApp.fetchAll');
      let out: unknown;
      try {
        out = runCall();
      } catch (e) {
        if (urlFetch.trace.length > 0) meter.charge('fetch', 0, 0, 0, price());
        throw e;
      }
      meter.charge('fetch', 0, 0, 0, price());
      return out;
    }
    const cells = cellsOf(kind, key, target, args);
    const result = runCall();
    calls.recordCells(key, cells.read, cells.written);
    meter.charge(kind, cells.read, cells.written, cells.scanned ?? 0);
    return result;
  };
  env = {
    clock,
    DateClass: makeClockDate(clock),
    calls,
    faults,
    wrapper,
    user: o.user,
    scriptTimeZone: o.scriptTimeZone,
    spreadsheets: new Map(),
    bound: null,
    ui,
    logs: [],
    seq: {},
    ErrorClass: Error,
    locale: o.locale,
    exec: null,
    rules,
    scopeMisses: new Set(),
    scopesUsed: new Set(),
  };
  const properties: PropertyStores = {
    document: new Map<string, string>(),
    script: new Map<string, string>(),
    user: new Map<string, string>(),
    byDocument: new Map(),
    byUser: new Map(),
  };
  properties.byUser.set(o.user, properties.user);
  const triggers: FakeTrigger[] = [];
  const mail: MailState = { quota: o.mailQuota, used: 0, windowStart: null, outbox: [] };
  const lock: LockState = { heldByOther: false, held: {}, generation: 0 };
  const logEntries: LogEntry[] = [];
  const net = new Network(clock);
  for (const fake of opts.fakes ?? []) fake.install(net);
  const parts: StateParts = { env, properties, triggers, mail, lock, ui, options: o };

  if (snapshot) applySnapshot(snapshot, parts);
  else {
    const ss = createSpreadsheet(env, opts.spreadsheetName ?? 'Untitled spreadsheet', undefined, undefined, o.timeZone);
    env.bound = ss;
    properties.byDocument.set(ss.id, properties.document);
  }
  // A bound script's container never changes; an add-on runs in whichever document is open.
  const container = o.deployment === 'bound' ? env.bound : null;
  const enabledIn = o.enabledIn;
  let meanwhile: ((key: string, n: number) => void) | null = null;
  let inMeanwhile = false;
  let callNumber = 0;
  wrapper.before = (key) => {
    checkCall(env, key);
    if (key === 'SpreadsheetApp.getUi' && env.exec && !env.exec.hasUi) {
      // https://developers.google.com/apps-script/guides/triggers/installable (time-driven runs have no user interface)
      throw gasError(env, 'Cannot call SpreadsheetApp.getUi() from this context.');
    }
    callNumber++;
    if (meanwhile && !inMeanwhile) {
      inMeanwhile = true;
      try {
        meanwhile(key, callNumber);
      } finally {
        inMeanwhile = false;
      }
    }
  };
  const ownerOf = (ss: FakeSpreadsheet | null): string => ss?.editors[0] ?? o.user;
  const simpleMode = (): AuthModeName =>
    o.deployment === 'addon' && env.bound && !enabledIn.includes(env.bound.id) ? 'NONE' : 'LIMITED';

  const services: Record<string, unknown> = {
    SpreadsheetApp: new FakeSpreadsheetApp(env),
    HtmlService: new FakeHtmlService(env, o.files),
    MailApp: new FakeMailApp(env, mail),
    UrlFetchApp: new FakeUrlFetchApp(env, urlFetch, net),
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
      holdByOther: (on: boolean) => {
        lock.heldByOther = !!on;
      },
      isHeld: () => Object.values(lock.held).some((n) => n > 0),
    },
    faults: { failOn: (m, f) => faults.failOn(m, f), clear: () => faults.clear() },
    properties,
    logs: env.logs,
    logEntries,
    mail: {
      get used() {
        return mail.used;
      },
      get quota() {
        return mail.quota;
      },
      get remaining() {
        return (services.MailApp as FakeMailApp).getRemainingDailyQuota();
      },
    },
    net,
    urlFetch: {
      get used() {
        return urlFetch.used;
      },
      get quota() {
        return urlFetch.quota ?? URLFETCH_DAILY[rules.account === 'consumer' ? 'consumer' : 'workspace'];
      },
      get remaining() {
        return (services.UrlFetchApp as FakeUrlFetchApp).remaining();
      },
    },
    toJSON: () => toSnapshot(parts),
    dueTimeTriggers: (from, to) => dueTimeTriggers(triggers, from, to),
    invalidCells(sheetName: string) {
      const sheet = emu.sheet(sheetName);
      const out: { row: number; column: number; value: unknown }[] = [];
      for (const [r, c, rule] of sheet.validations.entries()) {
        const v = sheet.cellValue(r, c);
        if (!satisfies(rule, v, rangeValues))
          out.push({ row: r, column: c, value: sheet.readValues(r, c, 1, 1)[0][0] });
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
    run<T>(ro: RunOptions, fn: () => T): T {
      if (env.exec) return fn();
      const person = ro.user ?? o.user;
      const doc = o.deployment === 'bound' ? container : env.bound;
      let x: Execution;
      if (ro.kind === 'editor') {
        x = {
          kind: 'editor',
          authMode: 'FULL',
          activeUser: person,
          effectiveUser: person,
          active: doc,
          startedMs: clock.nowMs(),
          limitMs: EXECUTION_LIMIT_MS,
          hasUi: true,
        };
        // Using an add-on from the menu or sidebar authorizes it and enables it in this document.
        if (doc && !enabledIn.includes(doc.id)) enabledIn.push(doc.id);
      } else if (ro.kind === 'simple') {
        const seen = visibleEditor(env, person, ownerOf(doc));
        // Guess: the effective user of a simple trigger is the editor, as far as Google shows it.
        x = {
          kind: 'simple',
          authMode: ro.authMode ?? simpleMode(),
          activeUser: seen,
          effectiveUser: seen,
          active: doc,
          startedMs: clock.nowMs(),
          limitMs: SIMPLE_TRIGGER_LIMIT_MS,
          hasUi: true,
        };
      } else {
        // A time-driven run of an add-on: whether it sees an active document is undocumented; assume not.
        x = {
          kind: 'trigger',
          authMode: 'FULL',
          activeUser: person,
          effectiveUser: person,
          active: o.deployment === 'bound' ? container : null,
          startedMs: clock.nowMs(),
          limitMs: EXECUTION_LIMIT_MS,
          hasUi: false,
        };
      }
      env.exec = x;
      meter.startExecution();
      try {
        return fn();
      } finally {
        // Writes still queued are committed as the execution ends.
        meter.commit();
        env.exec = null;
        // Locks end with the execution that took them.
        lock.held = {};
        lock.generation++;
      }
    },
    get execution() {
      return env.exec;
    },
    simpleTriggerMode: simpleMode,
    meanwhile(hook) {
      meanwhile = hook;
    },
    openDocument(ss: FakeSpreadsheet) {
      if (o.deployment === 'bound')
        throw new Error('A bound script belongs to one spreadsheet; use deployment: "addon" to work in several.');
      env.bound = ss;
    },
    addonEnabledIn: (ss) => o.deployment === 'bound' || enabledIn.includes(ss.id),
    visibleEditor: (email) => visibleEditor(env, email, ownerOf(o.deployment === 'bound' ? container : env.bound)),
    get user() {
      return o.user;
    },
    scopeReport: () => ({
      refused: [...env.scopeMisses].sort(),
      used: [...env.scopesUsed].sort(),
      granted: rules.scopes ? rules.scopes.slice() : null,
    }),
    rules,
    cost: {
      get level() {
        return meter.level;
      },
      get total() {
        return meter.total;
      },
      get execution() {
        return meter.execution;
      },
      get queuedCells() {
        return meter.queuedCells;
      },
      settle: () => meter.commit(),
      reset: () => meter.reset(),
    },
  };
  return emu;
}

/** The URL a fetch or fetchAll names first (for the default network-failure message). */
function firstUrl(args: unknown[]): string {
  const a = args[0];
  const first = Array.isArray(a) ? a[0] : a;
  if (first !== null && typeof first === 'object') return String((first as { url?: unknown }).url ?? '');
  return String(first ?? '');
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
