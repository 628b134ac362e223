/**
 * Writing a generated tab: finding or making the tab a client's report goes
 * to (by a remembered sheet id), writing a SheetModel with a constant number
 * of calls (values, one call per cell attribute, one chart), cutting the tab
 * to what it shows, and protecting it.
 */
import { SHEET_NAME_MAX, reportSheetName } from '../../core/reports/clients';
import { type ChartSpec, type SheetModel, widthRuns, writtenValues } from '../../core/reports/reportGrid';
import type { Env } from '../ledger/env';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** Document property: which tab belongs to which client (by sheet id, so a renamed tab is still found). */
export const REPORT_SHEET_KEY = 'report.sheet:';

export function documentProperties(): Map<string, string> {
  const all = PropertiesService.getDocumentProperties().getProperties();
  return new Map(Object.keys(all).map((k) => [k, String(all[k])]));
}

/** `Report · Acme (2)`, kept within Sheets' 100-character limit. */
export function numberedName(base: string, n: number): string {
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
export function reportSheetFor(env: Env, client: string, props: Map<string, string>): Sheet {
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

export function remember(props: Map<string, string>, key: string, value: string): void {
  PropertiesService.getDocumentProperties().setProperty(key, value);
  props.set(key, value);
}

/** A protection the current user cannot edit would make the rebuild fail half way: refuse before writing. */
export function assertCanRebuild(sheet: Sheet): void {
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
