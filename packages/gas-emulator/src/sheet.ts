/**
 * Sheet: values in dense row arrays, everything else sparse.
 * https://developers.google.com/apps-script/reference/spreadsheet/sheet
 */
import { a1ToGrid, type GridRef } from './a1';
import { FakeEmbeddedChart, FakeEmbeddedChartBuilder } from './charts';
import { FakeConditionalFormatRule } from './conditional';
import { gasError, newDate, nextSeq } from './env';
import { message } from './messages';
import { SparseGrid } from './grid';
import { FakeProtection } from './protection';
import { FakeRange, checkCellChars } from './range';
import type { FakeSpreadsheet } from './spreadsheet';
import { wallToInstant } from './tz';
import { CellDate, type CellValue, isAutomaticFormat, typeInput } from './typing';
import type { FakeDataValidation } from './validation';
import { FakeTextFinder } from './textFinder';

export type FormatAttr =
  | 'numberFormat'
  | 'background'
  | 'fontWeight'
  | 'fontColor'
  | 'fontSize'
  | 'fontStyle'
  | 'fontFamily'
  | 'fontLine'
  | 'horizontalAlignment'
  | 'verticalAlignment'
  | 'wrap'
  | 'wrapStrategy';

/** What the getters return for a cell without that attribute set. */
export const FORMAT_DEFAULTS: Record<FormatAttr, unknown> = {
  numberFormat: '0.###############',
  background: '#ffffff',
  fontWeight: 'normal',
  fontColor: '#000000',
  fontSize: 10,
  fontStyle: 'normal',
  fontFamily: 'Arial',
  fontLine: 'none',
  horizontalAlignment: 'general',
  verticalAlignment: 'bottom',
  wrap: false,
  wrapStrategy: 'OVERFLOW',
};

export interface MergeRecord {
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
  kind: string;
}
export interface BorderRecord {
  a1: string;
  args: unknown[];
}

/** Google's defaults: https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#insertSheet() */
export const DEFAULT_ROWS = 1000;
export const DEFAULT_COLUMNS = 26;

export class FakeSheet {
  static gasName = 'Sheet';
  cells: CellValue[][] = [];
  formulas = new SparseGrid<string>();
  formats = new Map<FormatAttr, SparseGrid<unknown>>();
  notes = new SparseGrid<string>();
  validations = new SparseGrid<FakeDataValidation>();
  cfRules: FakeConditionalFormatRule[] = [];
  protections: FakeProtection[] = [];
  charts: FakeEmbeddedChart[] = [];
  merges: MergeRecord[] = [];
  borders: BorderRecord[] = [];
  colWidths = new Map<number, number>();
  rowHeights = new Map<number, number>();
  hiddenCols = new Set<number>();
  hiddenRows = new Set<number>();
  frozenRows = 0;
  frozenCols = 0;
  tabColor: string | null = null;
  hidden = false;
  hiddenGridlines = false;

  constructor(
    public parent: FakeSpreadsheet,
    public id: number,
    public name: string,
    public maxRows = DEFAULT_ROWS,
    public maxCols = DEFAULT_COLUMNS,
  ) {}

  private get env() {
    return this.parent.env;
  }

  // ---- internal cell access (not part of the Apps Script API) -------------
  cellValue(r: number, c: number): CellValue {
    const row = this.cells[r - 1];
    if (!row) return '';
    const v = row[c - 1];
    return v === undefined ? '' : v;
  }
  private outValue(v: CellValue | undefined): unknown {
    if (v === undefined) return '';
    if (v instanceof CellDate) return newDate(this.env, wallToInstant(this.parent.timeZone, v.wall));
    return v;
  }
  readValues(r0: number, c0: number, nr: number, nc: number): unknown[][] {
    const out: unknown[][] = new Array(nr);
    for (let i = 0; i < nr; i++) {
      const src = this.cells[r0 - 1 + i];
      const row: unknown[] = new Array(nc);
      if (!src) {
        for (let j = 0; j < nc; j++) row[j] = '';
      } else {
        for (let j = 0; j < nc; j++) {
          const v = src[c0 - 1 + j];
          row[j] = v === undefined ? '' : typeof v === 'object' ? this.outValue(v) : v;
        }
      }
      out[i] = row;
    }
    return out;
  }
  /** Throws Google's dimension-mismatch message (in env.locale); checks everything before any write. */
  checkDims(values: unknown, nr: number, nc: number): void {
    if (!Array.isArray(values))
      throw gasError(
        this.env,
        "The parameters (String) don't match the method signature for SpreadsheetApp.Range.setValues.",
      );
    // https://developers.google.com/apps-script/reference/spreadsheet/range#setValues(Object)
    // "The size of the two-dimensional array must match the size of the range."
    if (values.length !== nr) {
      throw gasError(this.env, message(this.env, 'rowsMismatch', { data: values.length, range: nr }));
    }
    for (const row of values) {
      const len = Array.isArray(row) ? row.length : 1;
      if (len !== nc) {
        throw gasError(this.env, message(this.env, 'columnsMismatch', { data: len, range: nc }));
      }
    }
  }
  private ensureRow(r: number): CellValue[] {
    while (this.cells.length < r) this.cells.push([]);
    return this.cells[r - 1];
  }
  /** Writes with the typing rules of typing.ts (as a person typing each value). */
  writeValues(r0: number, c0: number, values: unknown[][]): void {
    const tctx = { timeZone: this.parent.timeZone, nowMs: this.env.clock.nowMs() };
    const nf = this.formats.get('numberFormat');
    for (let i = 0; i < values.length; i++) {
      const r = r0 + i;
      const src = values[i];
      const row = this.ensureRow(r);
      const fmtRow = nf?.row(r);
      const formulaRow = this.formulas.row(r);
      for (let j = 0; j < src.length; j++) {
        const c = c0 + j;
        const fmt = fmtRow?.get(c) as string | undefined;
        const t = typeInput(src[j], fmt, tctx);
        while (row.length < c - 1) row.push('');
        row[c - 1] = t.value;
        if (t.formula !== null) this.formulas.set(r, c, t.formula);
        else if (formulaRow?.has(c)) this.formulas.delete(r, c);
        if (t.autoFormat !== null && isAutomaticFormat(fmt)) this.setAttrRect('numberFormat', r, c, 1, 1, t.autoFormat);
      }
    }
  }
  clearContentRect(r0: number, c0: number, nr: number, nc: number): void {
    const rEnd = Math.min(r0 + nr - 1, this.cells.length);
    for (let r = r0; r <= rEnd; r++) {
      const row = this.cells[r - 1];
      const cEnd = Math.min(c0 + nc - 1, row.length);
      for (let c = c0; c <= cEnd; c++) row[c - 1] = '';
    }
    this.formulas.clearRect(r0, c0, nr, nc);
  }
  clearFormatRect(r0: number, c0: number, nr: number, nc: number): void {
    for (const g of this.formats.values()) g.clearRect(r0, c0, nr, nc);
  }
  setAttrRect(attr: FormatAttr, r0: number, c0: number, nr: number, nc: number, v: unknown): void {
    let g = this.formats.get(attr);
    if (!g) {
      g = new SparseGrid();
      this.formats.set(attr, g);
    }
    const reset = v === null || v === undefined;
    for (let r = r0; r < r0 + nr; r++)
      for (let c = c0; c < c0 + nc; c++) {
        if (reset) g.delete(r, c);
        else g.set(r, c, v);
      }
  }
  copyRect(
    r0: number,
    c0: number,
    nr: number,
    nc: number,
    dest: FakeSheet,
    dr: number,
    dc: number,
    what: { values: boolean; formats: boolean; formulas: boolean },
  ): void {
    const vals: CellValue[][] = [];
    for (let i = 0; i < nr; i++) {
      const row: CellValue[] = [];
      for (let j = 0; j < nc; j++) row.push(this.cellValue(r0 + i, c0 + j));
      vals.push(row);
    }
    const formulas: (string | undefined)[][] = vals.map((row, i) =>
      row.map((_, j) => this.formulas.get(r0 + i, c0 + j)),
    );
    const attrs = [...this.formats.entries()].map(
      ([k, g]) => [k, vals.map((row, i) => row.map((_, j) => g.get(r0 + i, c0 + j)))] as const,
    );
    const notes = vals.map((row, i) => row.map((_, j) => this.notes.get(r0 + i, c0 + j)));
    const rules = vals.map((row, i) => row.map((_, j) => this.validations.get(r0 + i, c0 + j)));
    dest.growTo(dr + nr - 1, dc + nc - 1);
    for (let i = 0; i < nr; i++) {
      const row = dest.ensureRow(dr + i);
      for (let j = 0; j < nc; j++) {
        const r = dr + i,
          c = dc + j;
        if (what.values) {
          while (row.length < c - 1) row.push('');
          const f = formulas[i][j];
          row[c - 1] = vals[i][j];
          if (what.formulas && f) dest.formulas.set(r, c, f);
          else dest.formulas.delete(r, c);
          const n = notes[i][j];
          if (n) dest.notes.set(r, c, n);
        }
        if (what.formats) {
          for (const [k, grid] of attrs) {
            const v = grid[i][j];
            dest.setAttrRect(k, r, c, 1, 1, v === undefined ? null : v);
          }
          const rule = rules[i][j];
          if (rule) dest.validations.set(r, c, rule);
          else dest.validations.delete(r, c);
        }
      }
    }
  }
  growTo(rows: number, cols: number): void {
    this.parent.checkGrowth(Math.max(rows, this.maxRows) * Math.max(cols, this.maxCols) - this.maxRows * this.maxCols);
    if (rows > this.maxRows) this.maxRows = rows;
    if (cols > this.maxCols) this.maxCols = cols;
  }
  private allGrids(): SparseGrid<unknown>[] {
    return [this.formulas, this.notes, this.validations, ...this.formats.values()] as SparseGrid<unknown>[];
  }
  sortRect(r0: number, c0: number, nr: number, nc: number, spec: unknown): void {
    const specs = (Array.isArray(spec) ? spec : [spec]).map((s) =>
      typeof s === 'number'
        ? { column: s, ascending: true }
        : {
            column: Number((s as { column: number }).column),
            ascending: (s as { ascending?: boolean }).ascending !== false,
          },
    );
    const rows = Array.from({ length: nr }, (_, i) => i);
    const key = (i: number, col: number): CellValue => this.cellValue(r0 + i, col);
    const rank = (v: CellValue): number =>
      typeof v === 'number' || v instanceof CellDate
        ? 0
        : typeof v === 'string' && v !== ''
          ? 1
          : typeof v === 'boolean'
            ? 2
            : 3;
    rows.sort((a, b) => {
      for (const s of specs) {
        const x = key(a, s.column),
          y = key(b, s.column);
        const rx = rank(x),
          ry = rank(y);
        if (rx === 3 || ry === 3) {
          if (rx !== ry) return rx === 3 ? 1 : -1;
          continue;
        } // blanks last
        let d = rx - ry;
        if (d === 0) {
          const nx = x instanceof CellDate ? x.wall : x,
            ny = y instanceof CellDate ? y.wall : y;
          d =
            typeof nx === 'string'
              ? nx.toLowerCase().localeCompare((ny as string).toLowerCase())
              : (nx as number) - (ny as number);
        }
        if (d !== 0) return s.ascending ? d : -d;
      }
      return a - b;
    });
    const snapshot = rows.map((i) => {
      const vals: CellValue[] = [];
      for (let j = 0; j < nc; j++) vals.push(this.cellValue(r0 + i, c0 + j));
      const grids = this.allGrids().map((g) => Array.from({ length: nc }, (_, j) => g.get(r0 + i, c0 + j)));
      return { vals, grids };
    });
    snapshot.forEach((s, i) => {
      const row = this.ensureRow(r0 + i);
      for (let j = 0; j < nc; j++) {
        while (row.length < c0 + j - 1) row.push('');
        row[c0 + j - 1] = s.vals[j];
      }
      this.allGrids().forEach((g, k) => {
        for (let j = 0; j < nc; j++) {
          const v = s.grids[k][j];
          if (v === undefined) g.delete(r0 + i, c0 + j);
          else g.set(r0 + i, c0 + j, v);
        }
      });
    });
  }

  // ---- identity ----------------------------------------------------------
  getName(): string {
    return this.name;
  }
  // https://developers.google.com/apps-script/reference/spreadsheet/sheet#setName(String)
  setName(name: string): this {
    const n = String(name);
    this.parent.assertNameFree(n, this);
    this.name = n;
    return this;
  }
  getSheetName(): string {
    return this.name;
  }
  getSheetId(): number {
    return this.id;
  }
  getIndex(): number {
    return this.parent.sheets.indexOf(this) + 1;
  }
  getParent(): FakeSpreadsheet {
    return this.parent;
  }
  getType(): string {
    return 'GRID';
  }
  activate(): this {
    this.parent.activeSheet = this;
    this.parent.activeRange = null;
    return this;
  }
  // https://developers.google.com/apps-script/reference/spreadsheet/sheet#hideSheet()
  hideSheet(): this {
    if (this.parent.sheets.filter((s) => !s.hidden && s !== this).length === 0)
      throw gasError(this.env, "You can't hide all the sheets in a document.");
    this.hidden = true;
    return this;
  }
  showSheet(): this {
    this.hidden = false;
    return this;
  }
  isSheetHidden(): boolean {
    return this.hidden;
  }
  setTabColor(color: string | null): this {
    this.tabColor = color;
    return this;
  }
  getTabColor(): string | null {
    return this.tabColor;
  }
  setHiddenGridlines(hide: boolean): this {
    this.hiddenGridlines = !!hide;
    return this;
  }
  hasHiddenGridlines(): boolean {
    return this.hiddenGridlines;
  }
  setRightToLeft(): this {
    return this;
  }

  // ---- ranges --------------------------------------------------------------
  // https://developers.google.com/apps-script/reference/spreadsheet/sheet#getRange(Integer,Integer,Integer,Integer)
  getRange(a: number | string, column?: number, numRows?: number, numColumns?: number): FakeRange {
    if (typeof a === 'string') {
      let g: GridRef;
      try {
        g = a1ToGrid(a, this.maxRows, this.maxCols);
      } catch {
        throw gasError(this.env, message(this.env, 'rangeNotFound'));
      }
      return this.rangeChecked(g.row, g.column, g.numRows, g.numColumns);
    }
    if (column === undefined)
      throw gasError(
        this.env,
        "The parameters (number) don't match the method signature for SpreadsheetApp.Sheet.getRange.",
      );
    return this.rangeChecked(a, column, numRows ?? 1, numColumns ?? 1);
  }
  rangeChecked(row: number, col: number, nr: number, nc: number): FakeRange {
    for (const [v, name] of [
      [row, 'row'],
      [col, 'column'],
      [nr, 'numRows'],
      [nc, 'numColumns'],
    ] as const) {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw gasError(this.env, `Invalid argument: ${name}`);
    }
    row = Math.trunc(row);
    col = Math.trunc(col);
    nr = Math.trunc(nr);
    nc = Math.trunc(nc);
    if (row < 1) throw gasError(this.env, 'The starting row of the range is too small.');
    if (col < 1) throw gasError(this.env, 'The starting column of the range is too small.');
    if (nr < 1) throw gasError(this.env, 'The number of rows in the range must be at least 1.');
    if (nc < 1) throw gasError(this.env, 'The number of columns in the range must be at least 1.');
    if (row + nr - 1 > this.maxRows || col + nc - 1 > this.maxCols) {
      throw gasError(this.env, message(this.env, 'rangeOutsideSheet'));
    }
    return new FakeRange(this, row, col, nr, nc);
  }
  // https://developers.google.com/apps-script/reference/spreadsheet/sheet#createTextFinder(String)
  createTextFinder(findText: string): FakeTextFinder {
    return new FakeTextFinder(
      () => [{ sheet: this, row: 1, col: 1, numRows: this.maxRows, numCols: this.maxCols }],
      String(findText),
    );
  }
  // https://developers.google.com/apps-script/reference/spreadsheet/sheet#getDataRange()
  getDataRange(): FakeRange {
    return new FakeRange(this, 1, 1, Math.max(1, this.getLastRow()), Math.max(1, this.getLastColumn()));
  }
  getRangeList(a1s: string[]): FakeRangeList {
    return new FakeRangeList(a1s.map((a) => this.getRange(a)));
  }
  getSheetValues(startRow: number, startColumn: number, numRows: number, numColumns: number): unknown[][] {
    const nr = numRows === -1 ? Math.max(1, this.getLastRow() - startRow + 1) : numRows;
    const nc = numColumns === -1 ? Math.max(1, this.getLastColumn() - startColumn + 1) : numColumns;
    return this.rangeChecked(startRow, startColumn, nr, nc).getValues();
  }
  private rowHasContent(r: number): boolean {
    const row = this.cells[r - 1];
    if (row) for (let c = 0; c < row.length; c++) if (row[c] !== '' && row[c] !== undefined) return true;
    const f = this.formulas.row(r);
    return !!f && f.size > 0;
  }
  /** https://developers.google.com/apps-script/reference/spreadsheet/sheet#getLastRow() — last row with content. */
  getLastRow(): number {
    for (let r = this.cells.length; r >= 1; r--) if (this.rowHasContent(r)) return r;
    let last = 0;
    for (const r of this.formulas.rows.keys()) last = Math.max(last, r);
    return last;
  }
  getLastColumn(): number {
    let last = 0;
    for (const row of this.cells) {
      for (let c = row.length; c > last; c--)
        if (row[c - 1] !== '' && row[c - 1] !== undefined) {
          last = c;
          break;
        }
    }
    for (const [, c] of this.formulas.entries()) last = Math.max(last, c);
    return last;
  }
  getMaxRows(): number {
    return this.maxRows;
  }
  getMaxColumns(): number {
    return this.maxCols;
  }

  // ---- rows & columns ------------------------------------------------------
  private formatGrids(): SparseGrid<unknown>[] {
    return [...this.formats.values()];
  }
  private shiftRows(at: number, n: number, inheritFrom: number | null): void {
    this.parent.checkGrowth(n * this.maxCols);
    if (at - 1 < this.cells.length) this.cells.splice(at - 1, 0, ...Array.from({ length: n }, () => [] as CellValue[]));
    for (const g of this.allGrids()) g.insertRows(at, n);
    if (inheritFrom !== null) for (const g of this.formatGrids()) g.fillRowsFrom(inheritFrom, at, n);
    this.maxRows += n;
    this.hiddenRows = new Set([...this.hiddenRows].map((r) => (r >= at ? r + n : r)));
    this.rowHeights = new Map([...this.rowHeights].map(([r, h]) => [r >= at ? r + n : r, h]));
  }
  private shiftCols(at: number, n: number, inheritFrom: number | null): void {
    this.parent.checkGrowth(n * this.maxRows);
    for (const row of this.cells) if (at - 1 < row.length) row.splice(at - 1, 0, ...new Array<CellValue>(n).fill(''));
    for (const g of this.allGrids()) g.insertCols(at, n);
    if (inheritFrom !== null) for (const g of this.formatGrids()) g.fillColsFrom(inheritFrom, at, n);
    this.maxCols += n;
    this.hiddenCols = new Set([...this.hiddenCols].map((c) => (c >= at ? c + n : c)));
    this.colWidths = new Map([...this.colWidths].map(([c, w]) => [c >= at ? c + n : c, w]));
  }
  private checkPos(pos: number, max: number, what: string): void {
    if (!Number.isInteger(pos) || pos < 1 || pos > max) throw gasError(this.env, `Those ${what} are out of bounds.`);
  }
  // Inserted rows/columns take the formatting of the row/column before them,
  // like the Sheets API's InsertDimensionRequest with inheritFromBefore:
  // https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/request#insertdimensionrequest
  // https://developers.google.com/apps-script/reference/spreadsheet/sheet#insertRowsAfter(Integer,Integer)
  insertRowsAfter(afterPosition: number, howMany: number): this {
    this.checkPos(afterPosition, this.maxRows, 'rows');
    this.shiftRows(afterPosition + 1, howMany, afterPosition);
    return this;
  }
  insertRowAfter(afterPosition: number): this {
    return this.insertRowsAfter(afterPosition, 1);
  }
  insertRowsBefore(beforePosition: number, howMany: number): this {
    this.checkPos(beforePosition, this.maxRows, 'rows');
    this.shiftRows(beforePosition, howMany, beforePosition > 1 ? beforePosition - 1 : null);
    return this;
  }
  insertRowBefore(beforePosition: number): this {
    return this.insertRowsBefore(beforePosition, 1);
  }
  insertRows(rowIndex: number, numRows = 1): void {
    this.insertRowsBefore(rowIndex, numRows);
  }
  // https://developers.google.com/apps-script/reference/spreadsheet/sheet#deleteRows(Integer,Integer)
  deleteRows(rowPosition: number, howMany: number): void {
    this.checkPos(rowPosition, this.maxRows, 'rows');
    if (rowPosition + howMany - 1 > this.maxRows) throw gasError(this.env, 'Those rows are out of bounds.');
    if (this.maxRows - howMany <= this.frozenRows)
      throw gasError(this.env, 'Sorry, it is not possible to delete all non-frozen rows.');
    if (rowPosition - 1 < this.cells.length) this.cells.splice(rowPosition - 1, howMany);
    for (const g of this.allGrids()) g.deleteRows(rowPosition, howMany);
    this.maxRows -= howMany;
    const end = rowPosition + howMany;
    this.hiddenRows = new Set(
      [...this.hiddenRows].filter((r) => r < rowPosition || r >= end).map((r) => (r >= end ? r - howMany : r)),
    );
  }
  deleteRow(rowPosition: number): this {
    this.deleteRows(rowPosition, 1);
    return this;
  }
  insertColumnsAfter(afterPosition: number, howMany: number): this {
    this.checkPos(afterPosition, this.maxCols, 'columns');
    this.shiftCols(afterPosition + 1, howMany, afterPosition);
    return this;
  }
  insertColumnAfter(afterPosition: number): this {
    return this.insertColumnsAfter(afterPosition, 1);
  }
  insertColumnsBefore(beforePosition: number, howMany: number): this {
    this.checkPos(beforePosition, this.maxCols, 'columns');
    this.shiftCols(beforePosition, howMany, beforePosition > 1 ? beforePosition - 1 : null);
    return this;
  }
  insertColumnBefore(beforePosition: number): this {
    return this.insertColumnsBefore(beforePosition, 1);
  }
  insertColumns(columnIndex: number, numColumns = 1): void {
    this.insertColumnsBefore(columnIndex, numColumns);
  }
  deleteColumns(columnPosition: number, howMany: number): void {
    this.checkPos(columnPosition, this.maxCols, 'columns');
    if (columnPosition + howMany - 1 > this.maxCols) throw gasError(this.env, 'Those columns are out of bounds.');
    if (this.maxCols - howMany <= this.frozenCols)
      throw gasError(this.env, 'Sorry, it is not possible to delete all non-frozen columns.');
    for (const row of this.cells) if (columnPosition - 1 < row.length) row.splice(columnPosition - 1, howMany);
    for (const g of this.allGrids()) g.deleteCols(columnPosition, howMany);
    this.maxCols -= howMany;
    const end = columnPosition + howMany;
    this.hiddenCols = new Set(
      [...this.hiddenCols].filter((c) => c < columnPosition || c >= end).map((c) => (c >= end ? c - howMany : c)),
    );
    this.colWidths = new Map(
      [...this.colWidths]
        .filter(([c]) => c < columnPosition || c >= end)
        .map(([c, w]) => [c >= end ? c - howMany : c, w]),
    );
  }
  deleteColumn(columnPosition: number): this {
    this.deleteColumns(columnPosition, 1);
    return this;
  }
  // https://developers.google.com/apps-script/reference/spreadsheet/sheet#appendRow(Object)
  // Appends after the last row with content; the sheet grows if needed. Values
  // are typed like setValues. Appended rows beyond the sheet do not inherit formats.
  appendRow(rowContents: unknown[]): this {
    if (!Array.isArray(rowContents))
      throw gasError(
        this.env,
        "The parameters (String) don't match the method signature for SpreadsheetApp.Sheet.appendRow.",
      );
    // The 50,000-character cell limit holds here as in setValues (see range.ts).
    checkCellChars(this.env, [rowContents]);
    const r = this.getLastRow() + 1;
    this.growTo(r, rowContents.length);
    if (rowContents.length) this.writeValues(r, 1, [rowContents]);
    return this;
  }

  // ---- frozen, sizes, visibility ------------------------------------------
  setFrozenRows(n: number): void {
    this.frozenRows = n;
  }
  getFrozenRows(): number {
    return this.frozenRows;
  }
  setFrozenColumns(n: number): void {
    this.frozenCols = n;
  }
  getFrozenColumns(): number {
    return this.frozenCols;
  }
  setColumnWidth(col: number, width: number): this {
    this.colWidths.set(col, width);
    return this;
  }
  setColumnWidths(start: number, n: number, width: number): this {
    for (let c = start; c < start + n; c++) this.colWidths.set(c, width);
    return this;
  }
  // Default column width is 100 pixels.
  getColumnWidth(col: number): number {
    return this.colWidths.get(col) ?? 100;
  }
  setRowHeight(row: number, h: number): this {
    this.rowHeights.set(row, h);
    return this;
  }
  setRowHeights(start: number, n: number, h: number): this {
    for (let r = start; r < start + n; r++) this.rowHeights.set(r, h);
    return this;
  }
  setRowHeightsForced(start: number, n: number, h: number): this {
    return this.setRowHeights(start, n, h);
  }
  getRowHeight(row: number): number {
    return this.rowHeights.get(row) ?? 21;
  }
  /** Approximates the width fitted to the longest display value (7 px a character). */
  autoResizeColumns(start: number, n: number): this {
    for (let c = start; c < start + n; c++) {
      const disp =
        this.getLastRow() > 0 ? this.rangeChecked(1, c, Math.max(1, this.getLastRow()), 1).getDisplayValues() : [['']];
      const longest = Math.max(0, ...disp.map((r) => r[0].length));
      this.colWidths.set(c, Math.max(20, longest * 7 + 10));
    }
    return this;
  }
  autoResizeColumn(col: number): this {
    return this.autoResizeColumns(col, 1);
  }
  autoResizeRows(): this {
    return this;
  }
  hideColumns(col: number, n = 1): void {
    for (let c = col; c < col + n; c++) this.hiddenCols.add(c);
  }
  showColumns(col: number, n = 1): void {
    for (let c = col; c < col + n; c++) this.hiddenCols.delete(c);
  }
  hideColumn(range: FakeRange): void {
    this.hideColumns(range.col, range.numCols);
  }
  unhideColumn(range: FakeRange): void {
    this.showColumns(range.col, range.numCols);
  }
  isColumnHiddenByUser(col: number): boolean {
    return this.hiddenCols.has(col);
  }
  hideRows(row: number, n = 1): void {
    for (let r = row; r < row + n; r++) this.hiddenRows.add(r);
  }
  showRows(row: number, n = 1): void {
    for (let r = row; r < row + n; r++) this.hiddenRows.delete(r);
  }
  hideRow(range: FakeRange): void {
    this.hideRows(range.row, range.numRows);
  }
  unhideRow(range: FakeRange): void {
    this.showRows(range.row, range.numRows);
  }
  isRowHiddenByUser(row: number): boolean {
    return this.hiddenRows.has(row);
  }

  // ---- clearing ------------------------------------------------------------
  // https://developers.google.com/apps-script/reference/spreadsheet/sheet#clear()
  clear(options?: { contentsOnly?: boolean; formatOnly?: boolean }): this {
    new FakeRange(this, 1, 1, this.maxRows, this.maxCols).clear(options);
    return this;
  }
  clearContents(): this {
    this.cells = [];
    this.formulas.clear();
    return this;
  }
  clearFormats(): this {
    this.formats.clear();
    return this;
  }
  clearNotes(): this {
    this.notes.clear();
    return this;
  }
  clearConditionalFormatRules(): void {
    this.cfRules = [];
  }

  // ---- protection, conditional formats, charts ------------------------------
  // https://developers.google.com/apps-script/reference/spreadsheet/sheet#protect()
  // A sheet has at most one sheet protection; protect() returns it if it exists.
  protect(): FakeProtection {
    const existing = this.protections.find((p) => p.type === 'SHEET');
    if (existing) return existing;
    const p = new FakeProtection(this.env, this, 'SHEET', new FakeRange(this, 1, 1, this.maxRows, this.maxCols));
    this.protections.push(p);
    return p;
  }
  // https://developers.google.com/apps-script/reference/spreadsheet/sheet#getProtections(ProtectionType)
  getProtections(type: string): FakeProtection[] {
    return this.protections.filter((p) => p.type === String(type));
  }
  getConditionalFormatRules(): FakeConditionalFormatRule[] {
    return this.cfRules.slice();
  }
  // https://developers.google.com/apps-script/reference/spreadsheet/sheet#setConditionalFormatRules(ConditionalFormatRule)
  // Replaces all existing rules of the sheet.
  setConditionalFormatRules(rules: FakeConditionalFormatRule[]): void {
    if (!Array.isArray(rules) || rules.some((r) => !(r instanceof FakeConditionalFormatRule)))
      throw gasError(this.env, 'Invalid argument: rules');
    this.cfRules = rules.slice();
  }
  newChart(): FakeEmbeddedChartBuilder {
    return new FakeEmbeddedChartBuilder(this, {
      id: nextSeq(this.env, 'chart'),
      type: null,
      ranges: [],
      options: {},
      position: { row: 1, column: 1, offsetX: 0, offsetY: 0 },
    });
  }
  insertChart(chart: FakeEmbeddedChart): void {
    chart.sheet = this;
    this.charts.push(chart);
  }
  getCharts(): FakeEmbeddedChart[] {
    return this.charts.slice();
  }
  removeChart(chart: FakeEmbeddedChart): void {
    this.charts = this.charts.filter((c) => c.state.id !== chart.state.id);
  }
  updateChart(chart: FakeEmbeddedChart): void {
    const i = this.charts.findIndex((c) => c.state.id === chart.state.id);
    if (i < 0) throw gasError(this.env, 'The chart does not exist on this sheet.');
    chart.sheet = this;
    this.charts[i] = chart;
  }

  // ---- copying ---------------------------------------------------------------
  // https://developers.google.com/apps-script/reference/spreadsheet/sheet#copyTo(Spreadsheet)
  // "Copies the sheet to a given spreadsheet ... The copied sheet is named 'Copy of [original name]'."
  copyTo(spreadsheet: FakeSpreadsheet): FakeSheet {
    let name = `Copy of ${this.name}`;
    for (let i = 2; spreadsheet.findSheet(name); i++) name = `Copy of ${this.name} ${i}`;
    const copy = this.cloneInto(spreadsheet, name);
    spreadsheet.sheets.push(copy);
    return copy;
  }
  cloneInto(spreadsheet: FakeSpreadsheet, name: string): FakeSheet {
    const s = new FakeSheet(spreadsheet, spreadsheet.newSheetId(), name, this.maxRows, this.maxCols);
    s.cells = this.cells.map((r) => r.slice());
    s.formulas = this.formulas.clone();
    for (const [k, g] of this.formats) s.formats.set(k, g.clone());
    s.notes = this.notes.clone();
    s.validations = this.validations.clone();
    s.cfRules = this.cfRules.slice();
    s.merges = this.merges.map((m) => ({ ...m }));
    s.colWidths = new Map(this.colWidths);
    s.rowHeights = new Map(this.rowHeights);
    s.hiddenCols = new Set(this.hiddenCols);
    s.hiddenRows = new Set(this.hiddenRows);
    s.frozenRows = this.frozenRows;
    s.frozenCols = this.frozenCols;
    s.tabColor = this.tabColor;
    s.hiddenGridlines = this.hiddenGridlines;
    s.charts = this.charts.map(
      (c) =>
        new FakeEmbeddedChart(
          {
            ...c.state,
            id: nextSeq(this.env, 'chart'),
            ranges: c.state.ranges.slice(),
            options: { ...c.state.options },
            position: { ...c.state.position },
          },
          s,
        ),
    );
    return s;
  }
}

/** https://developers.google.com/apps-script/reference/spreadsheet/range-list */
export class FakeRangeList {
  static gasName = 'RangeList';
  constructor(private readonly ranges: FakeRange[]) {}
  getRanges(): FakeRange[] {
    return this.ranges.slice();
  }
  setValue(v: unknown): this {
    this.ranges.forEach((r) => {
      r.setValue(v);
    });
    return this;
  }
  setNumberFormat(f: string): this {
    this.ranges.forEach((r) => {
      r.setNumberFormat(f);
    });
    return this;
  }
  setBackground(c: string | null): this {
    this.ranges.forEach((r) => {
      r.setBackground(c);
    });
    return this;
  }
  setFontWeight(w: string | null): this {
    this.ranges.forEach((r) => {
      r.setFontWeight(w);
    });
    return this;
  }
  clearContent(): this {
    this.ranges.forEach((r) => {
      r.clearContent();
    });
    return this;
  }
  clear(): this {
    this.ranges.forEach((r) => {
      r.clear();
    });
    return this;
  }
}
