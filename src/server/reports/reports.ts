/**
 * Client report tabs and their published copies (tabs are written by tab.ts,
 * the agency's AI funnel by funnel.ts). One read of the Ledger, one of the
 * Archive (a report counts a client's whole history, docs/product.md §7) and
 * one of Settings; each tab is written with a constant number of calls
 * (SheetModel: one setValues, one call per cell attribute, one chart, one
 * protection), so a report costs the same on 50 rows as on 50,000.
 */
import { joinContinuations } from '../../core/archive/archive';
import type { LedgerRecord } from '../../core/ledger/fields';
import { itemMark, itemsLeft, parseCursor } from '../../core/ledger/resume';
import { type ExchangeRates, type Settings, parseExchangeRates } from '../../core/ledger/settings';
import { mapColumns, rowToRecord } from '../../core/ledger/sheetRow';
import { SHEET } from '../../core/ledger/sheets';
import { reportEmails } from '../../core/reports/clientSettings';
import { clientKey, clientsWithRows, isClientRow, resolveClient } from '../../core/reports/clients';
import { type ClientReport, type ReportContext, buildClientReport, lifetimeRecords } from '../../core/reports/report';
import type { Secrets } from '../../core/reports/secrets';
import { type Env, openEnv } from '../ledger/env';
import { type LedgerData, readLedger } from '../ledger/ledger';
import { withDocumentLock } from '../ledger/lock';
import { readSettings } from '../ledger/settingsSheet';
import { assertCanRebuild, documentProperties, protectSheet, remember, reportSheetFor, writeModel } from './tab';
import { endsIn, reportZone } from './zone';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** Document property: which spreadsheet each client was published to. */
export const PUBLISHED_KEY = 'report.published:';
/** Document property: the addresses publishing shared each client's copy with (a JSON list), so a removed address loses access. */
export const SHARED_KEY = 'report.sharedWith:';

export interface ReportResult {
  client: string;
  sheetName: string;
  rows: number;
  /** What the agency should fix in Settings (a time zone, a rate, an address); the report was built anyway. */
  notices?: string[];
}

/** Every client's rows, the Ledger's and the Archive's, parsed on demand, and what must never reach any report. */
export interface LedgerView {
  /** Clients with at least one row in the Ledger or the Archive, sorted. */
  clients: string[];
  secrets: Secrets;
  /** The client's rows in the Ledger and the Archive, each once. */
  rowsOf(client: string): LedgerRecord[];
  /** Rows per client, Ledger and Archive, counted without parsing them (for the client picker). */
  counts(): Map<string, number>;
}

interface ArchiveRows {
  header: unknown[];
  rows: unknown[][];
  cols: ReturnType<typeof mapColumns>;
}

/** The Archive as read, or null when it does not exist or holds no row. One probe and one read. */
function readArchive(env: Env): ArchiveRows | null {
  const sheet = env.ss.getSheetByName(SHEET.archive);
  if (!sheet || sheet.getLastRow() < 2) return null;
  const values = sheet.getDataRange().getValues() as unknown[][];
  const header = values[0] ?? [];
  const cols = mapColumns(header);
  // An Archive without a Client column has nothing a report can attribute.
  if (cols.index.client === undefined) return null;
  return { header, rows: values.slice(1), cols };
}

export function viewLedger(data: LedgerData, env?: Env, settingsClients: readonly string[] = []): LedgerView {
  // readLedger refuses a Ledger without every column, so Client and Spark code are there, once each.
  const ci = data.cols.index.client as number;
  const sc = data.cols.index.sparkCode as number;
  const clientCells: unknown[] = [];
  const codes: string[] = [];
  for (let r = 1; r < data.values.length; r++) {
    clientCells.push(data.values[r][ci]);
    const code = String(data.values[r][sc] ?? '').trim();
    if (code !== '') codes.push(code);
  }
  const archive = env ? readArchive(env) : null;
  const archiveClients: unknown[] = [];
  if (archive) {
    const ac = archive.cols.index.client as number;
    const acode = archive.cols.index.sparkCode;
    for (const row of archive.rows) {
      archiveClients.push(row[ac]);
      const code = acode === undefined ? '' : String(row[acode] ?? '').trim();
      if (code !== '') codes.push(code);
    }
  }
  const clients = clientsWithRows([...clientCells, ...archiveClients]);
  const everyName = clientsWithRows([...clients, ...settingsClients]);
  return {
    clients,
    secrets: { codes, clients: everyName },
    rowsOf(client: string): LedgerRecord[] {
      const out: LedgerRecord[] = [];
      // Only the client's own rows are turned into records: the others are never parsed.
      for (let i = 0; i < clientCells.length; i++)
        if (isClientRow(clientCells[i], client)) out.push(data.record(i + 2));
      const archived: LedgerRecord[] = [];
      if (archive && env) {
        const offsets = archiveClients.some((c) => isClientRow(c, client)) ? env.offsets() : [];
        const url = archive.cols.index.videoUrl;
        archive.rows.forEach((row, i) => {
          if (!isClientRow(archiveClients[i], client)) return;
          // Rows an interrupted archive run cleared are empty.
          if (url !== undefined && String(row[url] ?? '').trim() === '') return;
          archived.push(rowToRecord(joinContinuations(archive.header, row), archive.cols, offsets, i + 2));
        });
      }
      return lifetimeRecords(out, archived);
    },
    counts(): Map<string, number> {
      const n = new Map<string, number>();
      for (const c of [...clientCells, ...archiveClients]) {
        const k = clientKey(c);
        if (k !== '') n.set(k, (n.get(k) ?? 0) + 1);
      }
      return n;
    },
  };
}

/** What a run reads once for every report it builds. */
interface ReportRun {
  env: Env;
  view: LedgerView;
  settings: Settings;
  props: Map<string, string>;
  money: ExchangeRates | null;
}

function startRun(env: Env): ReportRun {
  const settings = readSettings(env);
  const view = viewLedger(readLedger(env), env, settings.clients);
  // The rates need the zone's offsets (dates) and maybe the locale (numbers typed as text): only read when asked for.
  const money =
    settings.reportingCurrency.trim() === '' ? null : parseExchangeRates(settings, () => env.locale, env.offsets());
  return { env, view, settings, props: documentProperties(), money };
}

/**
 * Today, the time a report is made and when codes end, in the report's zone:
 * the client's own when Settings gives one Google knows, else the spreadsheet's.
 */
export function reportContext(env: Env, timeZone = env.timeZone): ReportContext {
  const own = timeZone !== env.timeZone;
  return {
    today: own ? Utilities.formatDate(env.now, timeZone, 'yyyy-MM-dd') : env.today,
    generatedAt: Utilities.formatDate(env.now, timeZone, 'yyyy-MM-dd HH:mm'),
    timeZone,
    ...(own ? { endsAt: endsIn(env, timeZone) } : {}),
  };
}

const REPORT_PROTECTION =
  'Client report generated by Spark Ledger: rebuilt from the Ledger, edits would be overwritten.';

function writeClientReport(run: ReportRun, client: string): { report: ClientReport; sheet: Sheet; notices: string[] } {
  const zone = reportZone(run.env, run.settings, client);
  const ctx = reportContext(run.env, zone.timeZone);
  if (run.money) ctx.money = run.money;
  const report = buildClientReport(run.view.rowsOf(client), client, ctx, run.view.secrets);
  const sheet = reportSheetFor(run.env, client, run.props);
  assertCanRebuild(sheet);
  writeModel(sheet, report.model);
  protectSheet(sheet, REPORT_PROTECTION, false);
  const notices = [...(zone.problem ? [zone.problem] : []), ...(run.money?.problems ?? [])];
  return { report, sheet, notices };
}

function result(client: string, sheet: Sheet, report: ClientReport, notices: string[]): ReportResult {
  return { client, sheetName: sheet.getName(), rows: report.rows, ...(notices.length ? { notices } : {}) };
}

function chooseClient(run: ReportRun, input: unknown): string {
  const known = run.view.clients.slice();
  // A client from Settings may get its (empty) report before its first row.
  for (const c of run.settings.clients) if (!known.includes(clientKey(c))) known.push(clientKey(c));
  const choice = resolveClient(input, known);
  if (!choice.ok) throw new Error(choice.message);
  return choice.client;
}

export function generateClientReport(client: string): { sheetName: string; rows: number; notices?: string[] } {
  const env = openEnv();
  return withDocumentLock(() => {
    const run = startRun(env);
    const chosen = chooseClient(run, client);
    const { sheet, report, notices } = writeClientReport(run, chosen);
    const { client: _, ...rest } = result(chosen, sheet, report, notices);
    return rest;
  });
}

/** Document property holding how far today's refresh of every client's report got (core/ledger/resume.ts). */
export const REFRESH_CURSOR_KEY = 'sparkLedger.refreshAll';
/** The same for publishing every client's report. */
export const PUBLISH_CURSOR_KEY = 'sparkLedger.publishAll';

/**
 * Time a refresh spends before it stops and leaves the rest for its next
 * run: an execution has 6 minutes
 * (https://developers.google.com/apps-script/guides/services/quotas), and a
 * report takes a few seconds, so this leaves room to finish the one under way.
 */
export const REFRESH_BUDGET_MS = 4 * 60 * 1000;

export interface RefreshResult {
  reports: ReportResult[];
  /** Clients whose reports are still to do: the next run carries on with them. */
  left: number;
  /** Reports an earlier run of today's refresh already rebuilt (not done again). */
  doneBefore: number;
}

/**
 * Does `work` for each client not yet done today, until the time budget: at
 * least one a run, each remembered as it finishes (one property write), so
 * the next run the same day carries on with the rest.
 */
function eachClientInRuns<T>(
  run: ReportRun,
  cursorKey: string,
  started: number,
  work: (client: string) => T,
): { done: T[]; left: number; doneBefore: number } {
  const store = PropertiesService.getDocumentProperties();
  const today = run.env.today;
  const cursor = parseCursor(run.props.get(cursorKey) ?? null, today) ?? { startedOn: today, done: [] };
  const { left, doneBefore } = itemsLeft(run.view.clients, cursor);
  const done: T[] = [];
  for (const client of left) {
    if (done.length > 0 && Date.now() - started > REFRESH_BUDGET_MS) break;
    done.push(work(client));
    cursor.done.push(itemMark(client));
    store.setProperty(cursorKey, JSON.stringify(cursor));
  }
  const remaining = left.length - done.length;
  if (remaining === 0) store.deleteProperty(cursorKey);
  return { done, left: remaining, doneBefore };
}

/**
 * Rebuilds every client's report tab, in one run or several: it stops at its
 * time budget, remembers each client it finished, and the next run the same
 * day carries on with the rest.
 */
export function refreshAllClientReports(): RefreshResult {
  const env = openEnv();
  const started = Date.now();
  return withDocumentLock(() => {
    const run = startRun(env);
    const r = eachClientInRuns(run, REFRESH_CURSOR_KEY, started, (client) => {
      const { sheet, report, notices } = writeClientReport(run, client);
      return result(client, sheet, report, notices);
    });
    return { reports: r.done, left: r.left, doneBefore: r.doneBefore };
  });
}

/**
 * The client's own spreadsheet: created once, then reused. A spreadsheet that
 * can no longer be opened (deleted, or no access) is replaced by a new one.
 * Creating and opening other spreadsheets needs the spreadsheets scope:
 * https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet-app#create(String)
 * https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet-app#openById(String)
 */
function clientSpreadsheet(
  client: string,
  timeZone: string,
  props: Map<string, string>,
): { target: Spreadsheet; created: boolean } {
  const key = PUBLISHED_KEY + client;
  const id = props.get(key);
  if (id) {
    let target: Spreadsheet | null = null;
    try {
      target = SpreadsheetApp.openById(id);
    } catch (_) {
      // Gone or not shared with this user: a fresh copy is better than none.
    }
    if (target) {
      // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#setSpreadsheetTimeZone(String)
      if (target.getSpreadsheetTimeZone() !== timeZone) target.setSpreadsheetTimeZone(timeZone);
      return { target, created: false };
    }
  }
  const target = SpreadsheetApp.create(`${client} · Spark Ads report`);
  // The client's own zone where Settings gives one, so the copy reads in their time.
  target.setSpreadsheetTimeZone(timeZone);
  remember(props, key, target.getId());
  return { target, created: true };
}

export interface PublishResult {
  spreadsheetId: string;
  url: string;
  /** Every address the copy is shared with as a viewer, from Settings › Client report email. */
  sharedWith: string[];
  /** Addresses publishing shared before and no longer in Settings: their access was removed. */
  unshared?: string[];
  notices?: string[];
}

/**
 * Shares the published copy as a viewer with the client's addresses. Sharing
 * a spreadsheet with Spreadsheet.addViewer needs only the spreadsheets scope
 * the add-on already has; DriveApp's File.addViewer would need the whole of
 * Drive (https://www.googleapis.com/auth/drive).
 * https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#addViewer(String)
 * https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#removeViewer(String)
 * Only addresses not shared before are added, so an address the owner took
 * off the copy by hand is not put back at every publish, and an address
 * removed from Settings loses access. A spreadsheet made anew is shared with
 * every address.
 */
function shareCopy(
  run: ReportRun,
  client: string,
  target: Spreadsheet,
  created: boolean,
): { sharedWith: string[]; unshared: string[]; notices: string[] } {
  const { emails, problem } = reportEmails(run.settings, client);
  const notices = problem ? [problem] : [];
  const key = SHARED_KEY + client;
  let before: string[] = [];
  try {
    const raw = JSON.parse(run.props.get(key) ?? '[]');
    if (Array.isArray(raw)) before = raw.map(String);
  } catch (_) {
    // An unreadable record: share with every address again.
  }
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  const shared: string[] = [];
  for (const email of emails) {
    if (!created && before.some((b) => same(b, email))) {
      shared.push(email);
      continue;
    }
    try {
      target.addViewer(email);
      shared.push(email);
    } catch (e) {
      notices.push(`The copy could not be shared with ${email}: ${(e as Error).message}`);
    }
  }
  const unshared: string[] = [];
  if (!created) {
    for (const old of before) {
      if (emails.some((e) => same(e, old))) continue;
      try {
        target.removeViewer(old);
        unshared.push(old);
      } catch (e) {
        notices.push(`${old} could not be taken off the copy: ${(e as Error).message}`);
        shared.push(old);
      }
    }
  }
  const record = JSON.stringify(shared);
  if (record !== (run.props.get(key) ?? '[]')) remember(run.props, key, record);
  return { sharedWith: shared.filter((s) => emails.some((e) => same(e, s))), unshared, notices };
}

/**
 * Rebuilds the client's report, then copies the tab (values, formats, the
 * chart; it holds no formulas) into the client's spreadsheet, replacing the
 * previous copy, so a client never needs the master ledger.
 * https://developers.google.com/apps-script/reference/spreadsheet/sheet#copyTo(Spreadsheet)
 */
function publishOne(run: ReportRun, client: string): PublishResult & ReportResult {
  const { report, sheet, notices } = writeClientReport(run, client);
  const zone = reportZone(run.env, run.settings, client);
  const { target, created } = clientSpreadsheet(client, zone.timeZone, run.props);
  const before = target.getSheets();
  const copy = sheet.copyTo(target);
  for (const old of before) {
    const name = old.getName();
    // A new spreadsheet's blank first tab, the previous copy, and leftovers of an interrupted publish.
    if (created || name === report.sheetName || name.startsWith(`Copy of ${report.sheetName}`)) target.deleteSheet(old);
  }
  copy.setName(report.sheetName);
  target.setActiveSheet(copy);
  target.moveActiveSheet(1);
  protectSheet(copy, REPORT_PROTECTION, false);
  const share = shareCopy(run, client, target, created);
  const all = [...notices, ...share.notices];
  return {
    client,
    sheetName: report.sheetName,
    rows: report.rows,
    spreadsheetId: target.getId(),
    url: target.getUrl(),
    sharedWith: share.sharedWith,
    ...(share.unshared.length ? { unshared: share.unshared } : {}),
    ...(all.length ? { notices: all } : {}),
  };
}

export function publishClientReport(client: string): PublishResult {
  const env = openEnv();
  return withDocumentLock(() => {
    const run = startRun(env);
    const { client: _c, sheetName: _s, rows: _r, ...published } = publishOne(run, chooseClient(run, client));
    return published;
  });
}

export interface PublishAllResult {
  published: (PublishResult & ReportResult)[];
  /** Clients still to publish: the next run carries on with them. */
  left: number;
  /** Clients an earlier run of today's publishing already did (not done again). */
  doneBefore: number;
}

/**
 * Publishes every client's report, in one run or several, like
 * refreshAllClientReports: it stops at its time budget, remembers each client
 * it finished, and the next run the same day carries on with the rest.
 */
export function publishAllClientReports(): PublishAllResult {
  const env = openEnv();
  const started = Date.now();
  return withDocumentLock(() => {
    const run = startRun(env);
    const r = eachClientInRuns(run, PUBLISH_CURSOR_KEY, started, (client) => publishOne(run, client));
    return { published: r.done, left: r.left, doneBefore: r.doneBefore };
  });
}
