/**
 * Client report tabs, their published copies and the agency's AI funnel tab.
 * One read of the Ledger; each tab is written with a constant number of calls
 * (SheetModel: one setValues, one call per cell attribute, one chart, one
 * protection), so a report costs the same on 50 rows as on 50,000.
 */
import { FUNNEL_SHEET, agencyFunnelModel, funnelFacts, funnelRows } from '../../core/reports/funnel';
import type { LedgerRecord } from '../../core/ledger/fields';
import {
  type ClientReport,
  type ReportContext,
  SHEET_NAME_MAX,
  type Secrets,
  buildClientReport,
  clientKey,
  clientsWithRows,
  isClientRow,
  reportSheetName,
  resolveClient,
} from '../../core/reports/report';
import { type ChartSpec, type SheetModel, widthRuns, writtenValues } from '../../core/reports/reportGrid';
import { itemMark, itemsLeft, parseCursor } from '../../core/ledger/resume';
import { type Env, openEnv } from '../ledger/env';
import { type LedgerData, readLedger } from '../ledger/ledger';
import { withDocumentLock } from '../ledger/lock';
import { readSettings } from '../ledger/settingsSheet';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** Document properties: which tab belongs to which client, and which spreadsheet each client was published to. */
export const REPORT_SHEET_KEY = 'report.sheet:';
export const PUBLISHED_KEY = 'report.published:';

export interface ReportResult {
  client: string;
  sheetName: string;
  rows: number;
}

/** The client's rows parsed, and what must never reach any report, in one pass over the sheet already read. */
interface LedgerView {
  clients: string[];
  secrets: Secrets;
  rowsOf(client: string): LedgerRecord[];
}

export function viewLedger(data: LedgerData): LedgerView {
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
  const clients = clientsWithRows(clientCells);
  return {
    clients,
    secrets: { codes, clients },
    rowsOf(client: string): LedgerRecord[] {
      const out: LedgerRecord[] = [];
      // Only the client's own rows are turned into records: the others are never parsed.
      for (let i = 0; i < clientCells.length; i++)
        if (isClientRow(clientCells[i], client)) out.push(data.record(i + 2));
      return out;
    },
  };
}

function reportContext(env: Env): ReportContext {
  return {
    today: env.today,
    generatedAt: Utilities.formatDate(env.now, env.timeZone, 'yyyy-MM-dd HH:mm'),
    timeZone: env.timeZone,
  };
}

function documentProperties(): Map<string, string> {
  const all = PropertiesService.getDocumentProperties().getProperties();
  return new Map(Object.keys(all).map((k) => [k, String(all[k])]));
}

/** `Report · Acme (2)`, kept within Sheets' 100-character limit. */
function numberedName(base: string, n: number): string {
  const suffix = ` (${n})`;
  const chars = Array.from(base);
  return (
    (chars.length + suffix.length > SHEET_NAME_MAX ? chars.slice(0, SHEET_NAME_MAX - suffix.length).join('') : base) +
    suffix
  );
}

/**
 * The client's own tab: the one recorded for that client (found by sheet id,
 * so renaming a tab or a client that differs only by case never swaps two
 * clients' tabs), else an unclaimed tab with the expected name, else a new one.
 * https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#getSheetById(Integer)
 */
function reportSheetFor(env: Env, client: string, props: Map<string, string>): Sheet {
  const key = REPORT_SHEET_KEY + client;
  const recorded = props.get(key);
  if (recorded !== undefined) {
    const sheet = env.ss.getSheetById(Number(recorded));
    if (sheet) return sheet;
  }
  const claimed = new Set<string>();
  props.forEach((v, k) => {
    if (k.startsWith(REPORT_SHEET_KEY) && k !== key) claimed.add(v);
  });
  const wanted = reportSheetName(client);
  let name = wanted;
  for (let n = 2; ; n++) {
    const existing = env.ss.getSheetByName(name);
    if (!existing) break;
    // Sheet names are unique regardless of case: only an exact, unclaimed match is this client's.
    if (existing.getName() === name && !claimed.has(String(existing.getSheetId()))) {
      remember(props, key, String(existing.getSheetId()));
      return existing;
    }
    name = numberedName(wanted, n);
  }
  const sheet = env.ss.insertSheet(name, env.ss.getNumSheets());
  remember(props, key, String(sheet.getSheetId()));
  return sheet;
}

function remember(props: Map<string, string>, key: string, value: string): void {
  PropertiesService.getDocumentProperties().setProperty(key, value);
  props.set(key, value);
}

/** A protection the current user cannot edit would make the rebuild fail half way: refuse before writing. */
function assertCanRebuild(sheet: Sheet): void {
  const p = sheet.getProtections(SpreadsheetApp.ProtectionType.SHEET)[0];
  if (p && !p.canEdit()) {
    throw new Error(
      `You cannot rebuild "${sheet.getName()}": its protection lets only the person who built it and the spreadsheet owner edit it. Ask one of them to refresh it or to add you as an editor of that protected sheet.`,
    );
  }
}

/**
 * Rebuilds a tab in place: cleared (values, formats, charts) rather than
 * deleted, so its position, id and links stay. Formats go before values, and
 * text goes in quoted (writtenValues), so it stays exactly the text it is.
 * https://developers.google.com/apps-script/reference/spreadsheet/sheet#clear()
 * https://developers.google.com/apps-script/reference/spreadsheet/range#setNumberFormats(Object)
 */
/** Rows and columns kept from a chart's anchor cell on, for the chart to sit over. */
const CHART_ROWS = 20;
const CHART_COLUMNS = 8;

export function writeModel(sheet: Sheet, model: SheetModel): void {
  sheet.clear();
  for (const c of sheet.getCharts()) sheet.removeChart(c);
  const rows = model.values.length;
  const cols = model.width;
  const maxRows = sheet.getMaxRows();
  const maxCols = sheet.getMaxColumns();
  if (maxRows < rows) sheet.insertRowsAfter(maxRows, rows - maxRows);
  if (maxCols < cols) sheet.insertColumnsAfter(maxCols, cols - maxCols);
  // Every cell of a grid counts against the spreadsheet's 10,000,000, empty ones too
  // (https://support.google.com/docs/answer/37603), and a new tab is 1,000 × 26: 200 report tabs would
  // take 5.2 M cells. The tab is cut to what it shows, keeping room under the chart's anchor for the
  // chart (assumption: Google does not say whether a chart may reach past the grid).
  const keepRows = model.chart ? Math.max(rows, model.chart.anchor.row + CHART_ROWS) : rows;
  const keepCols = model.chart ? Math.max(cols, model.chart.anchor.column + CHART_COLUMNS) : cols;
  const nowRows = Math.max(maxRows, rows);
  const nowCols = Math.max(maxCols, cols);
  if (nowRows > keepRows) sheet.deleteRows(keepRows + 1, nowRows - keepRows);
  if (nowCols > keepCols) sheet.deleteColumns(keepCols + 1, nowCols - keepCols);
  const range = sheet.getRange(1, 1, rows, cols);
  range.setNumberFormats(model.numberFormats);
  range.setValues(writtenValues(model));
  range.setBackgrounds(model.backgrounds);
  range.setFontWeights(model.fontWeights);
  range.setFontColors(model.fontColors);
  range.setFontSizes(model.fontSizes);
  range.setFontStyles(model.fontStyles);
  range.setHorizontalAlignments(model.alignments);
  for (const run of widthRuns(model.columnWidths)) sheet.setColumnWidths(run.start, run.count, run.width);
  for (const h of model.rowHeights) sheet.setRowHeight(h.row, h.height);
  sheet.setFrozenRows(model.frozenRows);
  // https://developers.google.com/apps-script/reference/spreadsheet/sheet#setHiddenGridlines(Boolean)
  sheet.setHiddenGridlines(true);
  if (model.chart) insertChart(sheet, model.chart);
}

/** https://developers.google.com/apps-script/reference/spreadsheet/embedded-chart-builder */
function insertChart(sheet: Sheet, spec: ChartSpec): void {
  const source = sheet.getRange(spec.range.row, spec.range.column, spec.range.numRows, spec.range.numColumns);
  const builder =
    spec.type === 'pie'
      ? sheet.newChart().asPieChart()
      : spec.type === 'bar'
        ? sheet.newChart().asBarChart()
        : sheet.newChart().asColumnChart();
  const chart = builder
    .addRange(source)
    .setNumHeaders(1)
    .setPosition(spec.anchor.row, spec.anchor.column, 0, 0)
    .setOption('title', spec.title)
    .setOption('legend', { position: 'none' })
    .setOption('colors', ['#1a73e8'])
    .setOption('width', spec.width)
    .setOption('height', spec.height)
    .build();
  sheet.insertChart(chart);
}

/**
 * Only the person who builds a report tab (and the owner, always) may edit
 * it; for the agency's own tabs a warning is enough.
 * https://developers.google.com/apps-script/reference/spreadsheet/protection
 */
export function protectSheet(sheet: Sheet, description: string, warningOnly: boolean): void {
  const existing = sheet.getProtections(SpreadsheetApp.ProtectionType.SHEET)[0];
  if (existing) {
    existing.setDescription(description);
    return;
  }
  const p = sheet.protect().setDescription(description);
  if (warningOnly) {
    p.setWarningOnly(true);
    return;
  }
  // Google's sample: add yourself first, so removing a group you edit through cannot lock you out.
  p.addEditor(Session.getEffectiveUser());
  p.removeEditors(p.getEditors());
  if (p.canDomainEdit()) p.setDomainEdit(false);
}

const REPORT_PROTECTION =
  'Client report generated by Spark Ledger: rebuilt from the Ledger, edits would be overwritten.';

function writeClientReport(
  env: Env,
  view: LedgerView,
  client: string,
  ctx: ReportContext,
  props: Map<string, string>,
): { report: ClientReport; sheet: Sheet } {
  const report = buildClientReport(view.rowsOf(client), client, ctx, view.secrets);
  const sheet = reportSheetFor(env, client, props);
  assertCanRebuild(sheet);
  writeModel(sheet, report.model);
  protectSheet(sheet, REPORT_PROTECTION, false);
  return { report, sheet };
}

function chooseClient(env: Env, view: LedgerView, input: unknown): string {
  const known = view.clients.slice();
  const exact = clientKey(input);
  // A client from Settings may get its (empty) report before its first row.
  if (exact !== '' && !known.includes(exact)) {
    for (const c of readSettings(env).clients) if (!known.includes(clientKey(c))) known.push(clientKey(c));
  }
  const choice = resolveClient(input, known);
  if (!choice.ok) throw new Error(choice.message);
  return choice.client;
}

export function generateClientReport(client: string): { sheetName: string; rows: number } {
  const env = openEnv();
  return withDocumentLock(() => {
    const view = viewLedger(readLedger(env));
    const chosen = chooseClient(env, view, client);
    const { sheet, report } = writeClientReport(env, view, chosen, reportContext(env), documentProperties());
    return { sheetName: sheet.getName(), rows: report.rows };
  });
}

/** Document property holding how far today's refresh of every client's report got (core/ledger/resume.ts). */
export const REFRESH_CURSOR_KEY = 'sparkLedger.refreshAll';

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
 * Rebuilds every client's report tab, in one run or several: it stops at its
 * time budget, remembers each client it finished (one property write after
 * each report), and the next run the same day carries on with the rest.
 */
export function refreshAllClientReports(): RefreshResult {
  const env = openEnv();
  const started = Date.now();
  return withDocumentLock(() => {
    const view = viewLedger(readLedger(env));
    const ctx = reportContext(env);
    const store = PropertiesService.getDocumentProperties();
    const props = documentProperties();
    const cursor = parseCursor(props.get(REFRESH_CURSOR_KEY) ?? null, env.today) ?? { startedOn: env.today, done: [] };
    const { left, doneBefore } = itemsLeft(view.clients, cursor);
    const reports: ReportResult[] = [];
    for (const client of left) {
      // At least one report a run, so a refresh always moves on.
      if (reports.length > 0 && Date.now() - started > REFRESH_BUDGET_MS) break;
      const { sheet, report } = writeClientReport(env, view, client, ctx, props);
      reports.push({ client, sheetName: sheet.getName(), rows: report.rows });
      cursor.done.push(itemMark(client));
      store.setProperty(REFRESH_CURSOR_KEY, JSON.stringify(cursor));
    }
    const remaining = left.length - reports.length;
    if (remaining === 0) store.deleteProperty(REFRESH_CURSOR_KEY);
    return { reports, left: remaining, doneBefore };
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
  env: Env,
  client: string,
  props: Map<string, string>,
): { target: Spreadsheet; created: boolean } {
  const key = PUBLISHED_KEY + client;
  const id = props.get(key);
  if (id) {
    try {
      return { target: SpreadsheetApp.openById(id), created: false };
    } catch (_) {
      // Gone or not shared with this user: a fresh copy is better than none.
    }
  }
  const target = SpreadsheetApp.create(`${client} · Spark Ads report`);
  target.setSpreadsheetTimeZone(env.timeZone);
  remember(props, key, target.getId());
  return { target, created: true };
}

/**
 * Rebuilds the client's report, then copies the tab (values, formats, the
 * chart; it holds no formulas) into the client's spreadsheet, replacing the
 * previous copy, so a client never needs the master ledger.
 * https://developers.google.com/apps-script/reference/spreadsheet/sheet#copyTo(Spreadsheet)
 */
export function publishClientReport(client: string): { spreadsheetId: string; url: string } {
  const env = openEnv();
  return withDocumentLock(() => {
    const view = viewLedger(readLedger(env));
    const chosen = chooseClient(env, view, client);
    const props = documentProperties();
    const { report, sheet } = writeClientReport(env, view, chosen, reportContext(env), props);
    const { target, created } = clientSpreadsheet(env, chosen, props);
    const before = target.getSheets();
    const copy = sheet.copyTo(target);
    for (const old of before) {
      const name = old.getName();
      // A new spreadsheet's blank first tab, the previous copy, and leftovers of an interrupted publish.
      if (created || name === report.sheetName || name.startsWith(`Copy of ${report.sheetName}`))
        target.deleteSheet(old);
    }
    copy.setName(report.sheetName);
    target.setActiveSheet(copy);
    target.moveActiveSheet(1);
    protectSheet(copy, REPORT_PROTECTION, false);
    return { spreadsheetId: target.getId(), url: target.getUrl() };
  });
}

/** The agency's AI funnel tab: every client's campaigns. */
export function buildAiFunnel(): { sheetName: string; campaigns: number } {
  const env = openEnv();
  return withDocumentLock(() => {
    const data = readLedger(env);
    const records = data.dataRows().map((r) => data.record(r));
    const model = agencyFunnelModel(records, reportContext(env).generatedAt);
    const sheet = env.ss.getSheetByName(FUNNEL_SHEET) ?? env.ss.insertSheet(FUNNEL_SHEET, env.ss.getNumSheets());
    writeModel(sheet, model);
    protectSheet(sheet, 'AI funnel generated by Spark Ledger: agency only, rebuilt from the Ledger.', true);
    return { sheetName: FUNNEL_SHEET, campaigns: funnelRows(records.map(funnelFacts)).length };
  });
}
