/**
 * What the preview grid shows of one sheet: display values (as getDisplayValues
 * gives them), the formats that change how a cell looks, conditional-format
 * colours, notes, frozen rows and columns, merges and charts. Read from the raw
 * emulator objects, so rendering never counts as service calls of the add-on.
 */
import { CellDate, type FakeSheet, FORMAT_DEFAULTS, displayValue, instantToWall } from '@spark-ledger/gas-emulator';
import { dateToSerial } from '@spark-ledger/gas-emulator/src/format';
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
}

export interface StyleView extends CellStyle {
  fontWeight?: string;
  fontStyle?: string;
  fontSize?: number;
  align?: string;
  wrap?: boolean;
}

export interface SheetView {
  name: string;
  lastRow: number;
  lastColumn: number;
  rowsShown: number;
  colsShown: number;
  truncated: boolean;
  frozenRows: number;
  frozenColumns: number;
  colWidths: number[];
  hiddenColumns: number[];
  styles: StyleView[];
  cells: CellView[][];
  notes: { row: number; column: number; note: string }[];
  merges: { row: number; column: number; numRows: number; numColumns: number }[];
  charts: {
    type: string | null;
    title: string;
    row: number;
    column: number;
    labels: string[];
    series: { name: string; values: number[] }[];
  }[];
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

export function sheetView(sheet: FakeSheet, nowMs: number): SheetView {
  const lastRow = sheet.getLastRow();
  const lastColumn = sheet.getLastColumn();
  const rowsShown = Math.min(sheet.maxRows, MAX_ROWS_SHOWN, Math.max(MIN_ROWS, lastRow + EXTRA_ROWS));
  const colsShown = Math.min(sheet.maxCols, Math.max(MIN_COLS, lastColumn + 2));
  const cf = conditionalStyles(sheet, nowSerial(nowMs, sheet.parent.timeZone), rowsShown, colsShown);

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
  const cells: CellView[][] = [];
  for (let r = 1; r <= rowsShown; r++) {
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
      const cell: CellView = { v: displayValue(raw, nfRow?.get(c) as string | undefined), s: styleId(s) };
      if (typeof raw === 'number' || raw instanceof CellDate) cell.a = 'r';
      else if (typeof raw === 'boolean') cell.a = 'c';
      if (sheet.validations.get(r, c)?.state.criteria === 'CHECKBOX') cell.cb = true;
      row.push(cell);
    }
    cells.push(row);
  }

  const colWidths: number[] = [];
  for (let c = 1; c <= colsShown; c++) colWidths.push(sheet.colWidths.get(c) ?? 100);
  const notes: SheetView['notes'] = [];
  for (const [r, c, note] of sheet.notes.entries())
    if (r <= rowsShown && c <= colsShown && note) notes.push({ row: r, column: c, note });

  return {
    name: sheet.name,
    lastRow,
    lastColumn,
    rowsShown,
    colsShown,
    truncated: lastRow > rowsShown,
    frozenRows: sheet.frozenRows,
    frozenColumns: sheet.frozenCols,
    colWidths,
    hiddenColumns: [...sheet.hiddenCols].filter((c) => c <= colsShown),
    styles,
    cells,
    notes,
    merges: sheet.merges
      .filter((m) => m.row <= rowsShown && m.column <= colsShown)
      .map((m) => ({ row: m.row, column: m.column, numRows: m.numRows, numColumns: m.numColumns })),
    charts: sheet.charts.map((ch) => chartView(ch)),
  };
}

/** A chart's data as label/value series: the first column of its first range labels the rows. */
function chartView(chart: FakeSheet['charts'][number]): SheetView['charts'][number] {
  const s = chart.state;
  const labels: string[] = [];
  const series: { name: string; values: number[] }[] = [];
  const range = s.ranges[0];
  if (range) {
    const src = range.sheet;
    const header = src.readValues(range.row, range.col, 1, range.numCols)[0];
    const hasHeader = header.slice(1).some((h) => typeof h === 'string' && h !== '');
    const first = hasHeader ? range.row + 1 : range.row;
    const count = Math.min(range.row + range.numRows - first, 50);
    const body = count > 0 ? src.readValues(first, range.col, count, range.numCols) : [];
    const rows = body.filter((r) => r[0] !== '');
    for (const r of rows) labels.push(String(r[0]));
    for (let j = 1; j < range.numCols; j++) {
      series.push({
        name: hasHeader ? String(header[j]) : `Series ${j}`,
        values: rows.map((r) => (typeof r[j] === 'number' ? (r[j] as number) : 0)),
      });
    }
  }
  return {
    type: s.type,
    title: String(s.options.title ?? ''),
    row: s.position.row,
    column: s.position.column,
    labels,
    series,
  };
}
