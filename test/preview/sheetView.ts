/**
 * What the preview grid shows of one sheet: display values (as getDisplayValues
 * gives them), the formats that change how a cell looks, conditional-format
 * colours, notes, frozen rows and columns, merges and charts. Read from the raw
 * emulator objects, so rendering never counts as service calls of the add-on.
 */
import {
  CellDate,
  type FakeSheet,
  FORMAT_DEFAULTS,
  displayValue,
  formatSheetsDate,
  instantToWall,
  typeInput,
} from '@spark-ledger/gas-emulator';
import { dateToSerial } from '@spark-ledger/gas-emulator/src/format';
import { rangeValues } from '@spark-ledger/gas-emulator/src/validation';
import { type CellStyle, conditionalStyles } from './conditional';

/** Rows rendered at most, so a big ledger keeps the page quick. */
export const MAX_ROWS_SHOWN = 500;
const EXTRA_ROWS = 20;
const MIN_ROWS = 30;
const MIN_COLS = 10;

export interface CellView {
  v: string;
  /** Index into `styles`. */
  s: number;
  /** Alignment when the format leaves it to the value: numbers and dates right, booleans centre. */
  a?: 'l' | 'c' | 'r';
  /** Rendered as a checkbox (checkbox data validation). */
  cb?: boolean;
  /**
   * What editing the cell starts from, when it is not `v`: the formula, a
   * number unformatted, a date as yyyy-mm-dd, text that typing would read as
   * something else with the apostrophe that keeps it text.
   */
  e?: string;
  /** Index into `lists`: the cell's dropdown (a list or range data validation). */
  l?: number;
}

export interface StyleView extends CellStyle {
  fontWeight?: string;
  fontStyle?: string;
  fontSize?: number;
  align?: string;
  wrap?: boolean;
}

export interface ChartView {
  /** Charts.ChartType name: BAR, COLUMN, PIE, LINE, AREA…; null when the builder set none. */
  type: string | null;
  title: string;
  /** Anchor cell and offsets in pixels (EmbeddedChartBuilder.setPosition). */
  row: number;
  column: number;
  offsetX: number;
  offsetY: number;
  width: number;
  height: number;
  colors: string[];
  legend: boolean;
  /** The data ranges in A1 notation, as the chart's editor lists them. */
  ranges: string[];
  /** The domain: the first column of the data (its first row when transposed). */
  labels: string[];
  /** Every further column is a series; null where a cell is not a number. */
  series: { name: string; values: (number | null)[] }[];
}

export interface SheetView {
  name: string;
  hidden: boolean;
  lastRow: number;
  lastColumn: number;
  /** The row numbers drawn, in order: the frozen rows, then a window of at most MAX_ROWS_SHOWN rows in all. */
  rows: number[];
  /** The first row of the window (the first row after the frozen ones when it starts at the top). */
  firstRow: number;
  /** Rows the grid would have without the window: the used rows and a few empty ones, within the sheet. */
  totalRows: number;
  rowsShown: number;
  colsShown: number;
  truncated: boolean;
  frozenRows: number;
  frozenColumns: number;
  colWidths: number[];
  hiddenColumns: number[];
  styles: StyleView[];
  /** One row of cells for each of `rows`. */
  cells: CellView[][];
  notes: { row: number; column: number; note: string }[];
  merges: { row: number; column: number; numRows: number; numColumns: number }[];
  /** Dropdown values of the cells' data validation rules (CellView.l). */
  lists: string[][];
  charts: ChartView[];
}

export interface SheetSummary {
  name: string;
  /** The gid in the sheet's URL. */
  id: number;
  index: number;
  hidden: boolean;
  tabColor: string | null;
  lastRow: number;
  protected: boolean;
}

export function summarize(sheet: FakeSheet, index: number): SheetSummary {
  return {
    name: sheet.name,
    id: sheet.id,
    index,
    hidden: sheet.hidden,
    tabColor: sheet.tabColor,
    lastRow: sheet.getLastRow(),
    protected: sheet.protections.length > 0,
  };
}

/** NOW() of the spreadsheet as a date serial (days since 1899-12-30, wall time of its zone). */
export function nowSerial(nowMs: number, timeZone: string): number {
  return dateToSerial(new CellDate(instantToWall(timeZone, nowMs)));
}

function attr(sheet: FakeSheet, name: Parameters<FakeSheet['formats']['get']>[0], r: number, c: number): unknown {
  const v = sheet.formats.get(name)?.get(r, c);
  return v === undefined ? FORMAT_DEFAULTS[name] : v;
}

/**
 * `from`: the first row of the window on a sheet with more rows than the
 * grid draws (default: the top). The frozen rows are always drawn, as Sheets
 * keeps them on screen.
 */
export function sheetView(sheet: FakeSheet, nowMs: number, from?: number): SheetView {
  const lastRow = sheet.getLastRow();
  const lastColumn = sheet.getLastColumn();
  // Room for the charts too: each sits over the cells from its anchor, at the default 21 × 100 px a cell.
  let chartRows = 0;
  let chartCols = 0;
  for (const ch of sheet.charts) {
    const size = chartSize(ch.state.options);
    chartRows = Math.max(chartRows, ch.state.position.row + Math.ceil(size.height / 21));
    chartCols = Math.max(chartCols, ch.state.position.column + Math.ceil(size.width / 100));
  }
  const totalRows = Math.min(sheet.maxRows, Math.max(MIN_ROWS, lastRow + EXTRA_ROWS, chartRows));
  const frozen = Math.min(sheet.frozenRows, totalRows, MAX_ROWS_SHOWN - 1);
  const windowSize = Math.min(MAX_ROWS_SHOWN, totalRows) - frozen;
  const lastStart = Math.max(frozen + 1, totalRows - windowSize + 1);
  const firstRow = Math.min(Math.max(frozen + 1, Math.trunc(Number(from) || 0)), lastStart);
  const rowNumbers: number[] = [];
  for (let r = 1; r <= frozen; r++) rowNumbers.push(r);
  for (let r = firstRow; r < firstRow + windowSize; r++) rowNumbers.push(r);
  const rowsShown = rowNumbers.length;
  const maxRowShown = rowNumbers[rowNumbers.length - 1] ?? 0;
  const drawn = new Set(rowNumbers);
  const colsShown = Math.min(sheet.maxCols, Math.max(MIN_COLS, lastColumn + 2, chartCols));
  const cf = conditionalStyles(
    sheet,
    nowSerial(nowMs, sheet.parent.timeZone),
    maxRowShown,
    colsShown,
    firstRow > frozen + 1 ? drawn : undefined,
  );

  const styleIndex = new Map<string, number>();
  const styles: StyleView[] = [];
  const styleId = (s: StyleView): number => {
    const key = JSON.stringify(s);
    let i = styleIndex.get(key);
    if (i === undefined) {
      i = styles.length;
      styles.push(s);
      styleIndex.set(key, i);
    }
    return i;
  };
  styleId({});

  const numberFormats = sheet.formats.get('numberFormat');
  const typing = { timeZone: sheet.parent.timeZone, nowMs };
  const lists: string[][] = [];
  const listIndex = new Map<unknown, number>();
  const listOf = (r: number, c: number): number | undefined => {
    const rule = sheet.validations.get(r, c);
    const criteria = rule?.state.criteria;
    if (!rule || (criteria !== 'VALUE_IN_LIST' && criteria !== 'VALUE_IN_RANGE') || rule.state.values[1] === false)
      return undefined;
    let i = listIndex.get(rule);
    if (i === undefined) {
      const source = rule.state.values[0];
      const values =
        criteria === 'VALUE_IN_LIST'
          ? (source as string[]).map(String)
          : rangeValues(source as Parameters<typeof rangeValues>[0])
              .filter((v) => v !== '')
              .map((v) => displayValue(v, undefined));
      i = lists.length;
      lists.push([...new Set(values)]);
      listIndex.set(rule, i);
    }
    return i;
  };
  const cells: CellView[][] = [];
  for (const r of rowNumbers) {
    const row: CellView[] = [];
    const nfRow = numberFormats?.row(r);
    for (let c = 1; c <= colsShown; c++) {
      const raw = sheet.cellValue(r, c);
      const s: StyleView = {};
      const bg = attr(sheet, 'background', r, c) as string;
      if (bg !== FORMAT_DEFAULTS.background) s.background = bg;
      const fc = attr(sheet, 'fontColor', r, c) as string;
      if (fc !== FORMAT_DEFAULTS.fontColor) s.fontColor = fc;
      const fw = attr(sheet, 'fontWeight', r, c) as string;
      if (fw !== FORMAT_DEFAULTS.fontWeight) s.fontWeight = fw;
      const fs = attr(sheet, 'fontStyle', r, c) as string;
      if (fs !== FORMAT_DEFAULTS.fontStyle) s.fontStyle = fs;
      const size = attr(sheet, 'fontSize', r, c) as number;
      if (size !== FORMAT_DEFAULTS.fontSize) s.fontSize = size;
      const ha = attr(sheet, 'horizontalAlignment', r, c) as string;
      if (ha !== FORMAT_DEFAULTS.horizontalAlignment) s.align = ha;
      if (attr(sheet, 'wrap', r, c) === true) s.wrap = true;
      const cond = cf.get(`${r},${c}`);
      if (cond) {
        if (cond.background) s.background = cond.background;
        if (cond.fontColor) s.fontColor = cond.fontColor;
        if (cond.bold) s.fontWeight = 'bold';
        if (cond.italic) s.fontStyle = 'italic';
        if (cond.strikethrough) s.strikethrough = true;
      }
      const format = nfRow?.get(c) as string | undefined;
      const cell: CellView = { v: displayValue(raw, format), s: styleId(s) };
      if (typeof raw === 'number' || raw instanceof CellDate) cell.a = 'r';
      else if (typeof raw === 'boolean') cell.a = 'c';
      const edit = editText(sheet, r, c, raw, format, typing);
      if (edit !== cell.v) cell.e = edit;
      const rule = sheet.validations.get(r, c);
      if (rule?.state.criteria === 'CHECKBOX') cell.cb = true;
      else if (rule) {
        const l = listOf(r, c);
        if (l !== undefined) cell.l = l;
      }
      row.push(cell);
    }
    cells.push(row);
  }

  const colWidths: number[] = [];
  for (let c = 1; c <= colsShown; c++) colWidths.push(sheet.colWidths.get(c) ?? 100);
  const notes: SheetView['notes'] = [];
  for (const [r, c, note] of sheet.notes.entries())
    if (drawn.has(r) && c <= colsShown && note) notes.push({ row: r, column: c, note });

  return {
    name: sheet.name,
    hidden: sheet.hidden,
    lastRow,
    lastColumn,
    rows: rowNumbers,
    firstRow,
    totalRows,
    rowsShown,
    colsShown,
    truncated: totalRows > rowsShown,
    frozenRows: sheet.frozenRows,
    frozenColumns: sheet.frozenCols,
    colWidths,
    hiddenColumns: [...sheet.hiddenCols].filter((c) => c <= colsShown),
    styles,
    cells,
    notes,
    merges: sheet.merges
      .filter((m) => drawn.has(m.row) && m.column <= colsShown)
      .map((m) => ({ row: m.row, column: m.column, numRows: m.numRows, numColumns: m.numColumns })),
    lists,
    charts: sheet.charts.map((ch) => chartView(ch)),
  };
}

/** The text a person edits a cell from, as the formula bar shows it (dates as yyyy-mm-dd rather than in the locale). */
function editText(
  sheet: FakeSheet,
  r: number,
  c: number,
  raw: ReturnType<FakeSheet['cellValue']>,
  format: string | undefined,
  typing: { timeZone: string; nowMs: number },
): string {
  const formula = sheet.formulas.get(r, c);
  if (formula) return formula;
  if (raw === '') return '';
  if (typeof raw === 'boolean') return raw ? 'TRUE' : 'FALSE';
  if (typeof raw === 'number') return String(raw);
  if (raw instanceof CellDate)
    return formatSheetsDate(raw.wall, raw.wall % 86400000 === 0 ? 'yyyy-mm-dd' : 'yyyy-mm-dd HH:mm:ss');
  // Text that typing would turn into a number, date, boolean or formula keeps its apostrophe.
  const typed = typeInput(raw, format, typing);
  return typed.formula === null && typed.value === raw ? raw : `'${raw}`;
}

/** A chart's size: its width and height options, else Sheets' default (assumption: 600 × 371, what a chart inserted from the menu gets). */
function chartSize(o: Record<string, unknown>): { width: number; height: number } {
  const size = (v: unknown, fallback: number) => (typeof v === 'number' && v > 0 ? v : fallback);
  return { width: size(o.width, 600), height: size(o.height, 371) };
}

/** Rows of a chart's data read at most: a chart of more would not be legible in the preview anyway. */
const MAX_CHART_ROWS = 200;

/**
 * A chart's data as Sheets reads it: the ranges side by side, transposed when
 * the chart says so, then the header rows (numHeaders, else the first row when
 * its series cells hold text) name the series, the first column is the domain
 * and every further column a series. Rows with neither a label nor a number
 * are left out, as Sheets leaves out empty rows.
 * https://developers.google.com/apps-script/reference/spreadsheet/embedded-chart-builder#setNumHeaders(Integer)
 * https://developers.google.com/apps-script/reference/spreadsheet/embedded-chart-builder#setTransposeRowsAndColumns(Boolean)
 */
function chartView(chart: FakeSheet['charts'][number]): ChartView {
  const s = chart.state;
  let table: unknown[][] = [];
  for (const range of s.ranges) {
    const values = range.sheet.readValues(range.row, range.col, Math.min(range.numRows, MAX_CHART_ROWS), range.numCols);
    values.forEach((row, i) => {
      table[i] = (table[i] ?? []).concat(row);
    });
  }
  if (s.options.transposeRowsAndColumns === true && table.length)
    table = table[0].map((_, j) => table.map((row) => row[j]));
  const width = table.reduce((w, row) => Math.max(w, row.length), 0);
  const textual = (v: unknown) => typeof v === 'string' && v !== '';
  const headers =
    typeof s.options.numHeaders === 'number' && s.options.numHeaders >= 0
      ? Math.min(Math.trunc(s.options.numHeaders), table.length)
      : table.length && table[0].slice(1).some(textual)
        ? 1
        : 0;
  const header = headers ? table[headers - 1] : [];
  const body = table.slice(headers).filter((row) => row[0] !== '' || row.slice(1).some((v) => typeof v === 'number'));
  const label = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v ?? ''));
  const series: ChartView['series'] = [];
  for (let j = 1; j < width; j++)
    series.push({
      name: headers && header[j] !== '' ? label(header[j]) : `Series ${j}`,
      values: body.map((row) => (typeof row[j] === 'number' ? (row[j] as number) : null)),
    });
  const o = s.options;
  const legend = o.legend as { position?: unknown } | undefined;
  return {
    type: s.type,
    title: String(o.title ?? ''),
    row: s.position.row,
    column: s.position.column,
    offsetX: s.position.offsetX,
    offsetY: s.position.offsetY,
    ...chartSize(o),
    colors: Array.isArray(o.colors) ? o.colors.map(String) : [],
    legend: !(legend?.position === 'none' || o['legend.position'] === 'none' || o['legend.position'] === 'NONE'),
    ranges: s.ranges.map((r) => `${r.sheet === chart.sheet ? '' : `${r.sheet.name}!`}${r.getA1Notation()}`),
    labels: body.map((row) => label(row[0])),
    series,
  };
}
