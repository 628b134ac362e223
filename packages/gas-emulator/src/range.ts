/**
 * Range: a 1-based rectangle of a sheet.
 * https://developers.google.com/apps-script/reference/spreadsheet/range
 */
import { gridToA1 } from './a1';
import type { Env } from './env';
import { gasError } from './env';
import { displayValue } from './format';
import { message } from './messages';
import { FakeProtection } from './protection';
import type { FakeSheet, FormatAttr } from './sheet';
import { FORMAT_DEFAULTS } from './sheet';
import { FakeDataValidation } from './validation';
import { FakeTextFinder } from './textFinder';

/**
 * Characters a cell holds: 50,000, Google's limit for Sheets
 * (https://support.google.com/docs/answer/37603). A longer value is refused
 * with "Your input contains more than the maximum of 50000 characters in a
 * single cell." (messages.ts). Not documented, so **guess**, each time the
 * strictest reading: the string is counted exactly as passed (a leading
 * apostrophe, a formula's text, a note) in UTF-16 units, and one cell over
 * the limit fails the whole call, nothing written.
 */
export const MAX_CELL_CHARS = 50000;

/** Throws Google's message when any string of the batch is over the limit; checked before anything is written. Sheet.appendRow should call it too. */
export function checkCellChars(env: Env, rows: readonly (readonly unknown[])[]): void {
  for (const row of rows) {
    for (const v of row) {
      if (typeof v === 'string' && v.length > MAX_CELL_CHARS) throw gasError(env, message(env, 'cellTooLong'));
    }
  }
}

export class FakeRange {
  static gasName = 'Range';
  constructor(
    readonly sheet: FakeSheet,
    readonly row: number,
    readonly col: number,
    readonly numRows: number,
    readonly numCols: number,
  ) {}

  private get env() {
    return this.sheet.parent.env;
  }

  // ---- geometry -------------------------------------------------------
  getRow(): number {
    return this.row;
  }
  getRowIndex(): number {
    return this.row;
  }
  getColumn(): number {
    return this.col;
  }
  getColumnIndex(): number {
    return this.col;
  }
  getNumRows(): number {
    return this.numRows;
  }
  getHeight(): number {
    return this.numRows;
  }
  getNumColumns(): number {
    return this.numCols;
  }
  getWidth(): number {
    return this.numCols;
  }
  getLastRow(): number {
    return this.row + this.numRows - 1;
  }
  getLastColumn(): number {
    return this.col + this.numCols - 1;
  }
  getSheet(): FakeSheet {
    return this.sheet;
  }
  getGridId(): number {
    return this.sheet.id;
  }
  getA1Notation(): string {
    return gridToA1(this.row, this.col, this.numRows, this.numCols);
  }
  getCell(row: number, column: number): FakeRange {
    if (row < 1 || column < 1 || row > this.numRows || column > this.numCols) {
      throw gasError(this.env, message(this.env, 'rangeOutsideSheet'));
    }
    return new FakeRange(this.sheet, this.row + row - 1, this.col + column - 1, 1, 1);
  }
  // https://developers.google.com/apps-script/reference/spreadsheet/range#offset(Integer,Integer,Integer,Integer)
  offset(rowOffset: number, columnOffset: number, numRows?: number, numColumns?: number): FakeRange {
    return this.sheet.getRange(
      this.row + rowOffset,
      this.col + columnOffset,
      numRows ?? this.numRows,
      numColumns ?? this.numCols,
    );
  }
  isBlank(): boolean {
    for (let r = 0; r < this.numRows; r++)
      for (let c = 0; c < this.numCols; c++) {
        if (
          this.sheet.cellValue(this.row + r, this.col + c) !== '' ||
          this.sheet.formulas.get(this.row + r, this.col + c)
        )
          return false;
      }
    return true;
  }
  activate(): this {
    this.sheet.parent.setActiveRange(this);
    return this;
  }
  activateAsCurrentCell(): this {
    return this.activate();
  }

  // https://developers.google.com/apps-script/reference/spreadsheet/range#createTextFinder(String)
  createTextFinder(findText: string): FakeTextFinder {
    return new FakeTextFinder(
      () => [{ sheet: this.sheet, row: this.row, col: this.col, numRows: this.numRows, numCols: this.numCols }],
      String(findText),
    );
  }

  // ---- values ---------------------------------------------------------
  // https://developers.google.com/apps-script/reference/spreadsheet/range#getValues()
  // A rectangular array of Number, Boolean, Date or String; '' for empty cells.
  getValues(): unknown[][] {
    return this.sheet.readValues(this.row, this.col, this.numRows, this.numCols);
  }
  getValue(): unknown {
    return this.sheet.readValues(this.row, this.col, 1, 1)[0][0];
  }
  // https://developers.google.com/apps-script/reference/spreadsheet/range#getDisplayValues()
  getDisplayValues(): string[][] {
    const out: string[][] = [];
    const nf = this.sheet.formats.get('numberFormat');
    for (let r = 0; r < this.numRows; r++) {
      const row: string[] = new Array(this.numCols);
      const fr = nf?.row(this.row + r);
      for (let c = 0; c < this.numCols; c++) {
        row[c] = displayValue(
          this.sheet.cellValue(this.row + r, this.col + c),
          fr?.get(this.col + c) as string | undefined,
        );
      }
      out.push(row);
    }
    return out;
  }
  getDisplayValue(): string {
    return this.getCell(1, 1).getDisplayValues()[0][0];
  }
  // https://developers.google.com/apps-script/reference/spreadsheet/range#setValues(Object)
  setValues(values: unknown[][]): this {
    this.sheet.checkDims(values, this.numRows, this.numCols);
    checkCellChars(this.env, values);
    this.sheet.writeValues(this.row, this.col, values);
    return this;
  }
  // https://developers.google.com/apps-script/reference/spreadsheet/range#setValue(Object)
  // Sets every cell of the range to the value.
  setValue(value: unknown): this {
    checkCellChars(this.env, [[value]]);
    const rows: unknown[][] = [];
    for (let r = 0; r < this.numRows; r++) rows.push(new Array(this.numCols).fill(value));
    this.sheet.writeValues(this.row, this.col, rows);
    return this;
  }
  getFormulas(): string[][] {
    const out: string[][] = [];
    for (let r = 0; r < this.numRows; r++) {
      const fr = this.sheet.formulas.row(this.row + r);
      const row: string[] = new Array(this.numCols);
      for (let c = 0; c < this.numCols; c++) row[c] = fr?.get(this.col + c) ?? '';
      out.push(row);
    }
    return out;
  }
  getFormula(): string {
    return this.sheet.formulas.get(this.row, this.col) ?? '';
  }
  setFormula(formula: string): this {
    const f = String(formula);
    return this.setValue(f.startsWith('=') ? f : `=${f}`);
  }
  setFormulas(formulas: string[][]): this {
    this.sheet.checkDims(formulas, this.numRows, this.numCols);
    const written = formulas.map((r) => r.map((f) => (f === '' ? '' : String(f).startsWith('=') ? f : `=${f}`)));
    checkCellChars(this.env, written);
    this.sheet.writeValues(this.row, this.col, written);
    return this;
  }
  setFormulaR1C1(f: string): this {
    return this.setFormula(f);
  }

  // ---- clearing -------------------------------------------------------
  // https://developers.google.com/apps-script/reference/spreadsheet/range#clear(Object)
  clear(options?: {
    commentsOnly?: boolean;
    contentsOnly?: boolean;
    formatOnly?: boolean;
    validationsOnly?: boolean;
  }): this {
    const o = options ?? {};
    const any = o.commentsOnly || o.contentsOnly || o.formatOnly || o.validationsOnly;
    if (!any || o.contentsOnly) this.sheet.clearContentRect(this.row, this.col, this.numRows, this.numCols);
    if (!any || o.formatOnly) this.sheet.clearFormatRect(this.row, this.col, this.numRows, this.numCols);
    if (o.commentsOnly) this.sheet.notes.clearRect(this.row, this.col, this.numRows, this.numCols);
    if (o.validationsOnly) this.sheet.validations.clearRect(this.row, this.col, this.numRows, this.numCols);
    return this;
  }
  clearContent(): this {
    this.sheet.clearContentRect(this.row, this.col, this.numRows, this.numCols);
    return this;
  }
  clearFormat(): this {
    this.sheet.clearFormatRect(this.row, this.col, this.numRows, this.numCols);
    return this;
  }
  clearNote(): this {
    this.sheet.notes.clearRect(this.row, this.col, this.numRows, this.numCols);
    return this;
  }
  clearDataValidations(): this {
    this.sheet.validations.clearRect(this.row, this.col, this.numRows, this.numCols);
    return this;
  }

  // ---- per-cell attributes -------------------------------------------
  private setAttr(attr: FormatAttr, v: unknown): this {
    this.sheet.setAttrRect(attr, this.row, this.col, this.numRows, this.numCols, v);
    return this;
  }
  private setAttrs(attr: FormatAttr, vs: unknown[][]): this {
    this.sheet.checkDims(vs, this.numRows, this.numCols);
    for (let r = 0; r < this.numRows; r++)
      for (let c = 0; c < this.numCols; c++) {
        this.sheet.setAttrRect(attr, this.row + r, this.col + c, 1, 1, vs[r][c]);
      }
    return this;
  }
  private getAttrs<T>(attr: FormatAttr): T[][] {
    const g = this.sheet.formats.get(attr);
    const dflt = FORMAT_DEFAULTS[attr] as T;
    const out: T[][] = [];
    for (let r = 0; r < this.numRows; r++) {
      const gr = g?.row(this.row + r);
      const row: T[] = new Array(this.numCols);
      for (let c = 0; c < this.numCols; c++) row[c] = (gr?.get(this.col + c) as T | undefined) ?? dflt;
      out.push(row);
    }
    return out;
  }
  private getAttr<T>(attr: FormatAttr): T {
    return (this.sheet.formats.get(attr)?.get(this.row, this.col) as T | undefined) ?? (FORMAT_DEFAULTS[attr] as T);
  }
  // https://developers.google.com/apps-script/reference/spreadsheet/range#setNumberFormat(String)
  setNumberFormat(f: string): this {
    return this.setAttr('numberFormat', f);
  }
  setNumberFormats(f: string[][]): this {
    return this.setAttrs('numberFormat', f);
  }
  getNumberFormat(): string {
    return this.getAttr('numberFormat');
  }
  getNumberFormats(): string[][] {
    return this.getAttrs('numberFormat');
  }
  setBackground(c: string | null): this {
    return this.setAttr('background', c);
  }
  setBackgroundColor(c: string | null): this {
    return this.setAttr('background', c);
  }
  setBackgrounds(c: (string | null)[][]): this {
    return this.setAttrs('background', c);
  }
  getBackground(): string {
    return this.getAttr('background');
  }
  getBackgrounds(): string[][] {
    return this.getAttrs('background');
  }
  setFontWeight(w: string | null): this {
    return this.setAttr('fontWeight', w);
  }
  setFontWeights(w: (string | null)[][]): this {
    return this.setAttrs('fontWeight', w);
  }
  getFontWeight(): string {
    return this.getAttr('fontWeight');
  }
  getFontWeights(): string[][] {
    return this.getAttrs('fontWeight');
  }
  setFontColor(c: string | null): this {
    return this.setAttr('fontColor', c);
  }
  setFontColors(c: (string | null)[][]): this {
    return this.setAttrs('fontColor', c);
  }
  getFontColor(): string {
    return this.getAttr('fontColor');
  }
  getFontColors(): string[][] {
    return this.getAttrs('fontColor');
  }
  setFontSize(n: number | null): this {
    return this.setAttr('fontSize', n);
  }
  setFontSizes(n: (number | null)[][]): this {
    return this.setAttrs('fontSize', n);
  }
  getFontSize(): number {
    return this.getAttr('fontSize');
  }
  getFontSizes(): number[][] {
    return this.getAttrs('fontSize');
  }
  setFontStyle(s: string | null): this {
    return this.setAttr('fontStyle', s);
  }
  setFontStyles(s: (string | null)[][]): this {
    return this.setAttrs('fontStyle', s);
  }
  getFontStyle(): string {
    return this.getAttr('fontStyle');
  }
  setFontFamily(s: string | null): this {
    return this.setAttr('fontFamily', s);
  }
  getFontFamily(): string {
    return this.getAttr('fontFamily');
  }
  setFontLine(s: string | null): this {
    return this.setAttr('fontLine', s);
  }
  getFontLine(): string {
    return this.getAttr('fontLine');
  }
  setHorizontalAlignment(a: string | null): this {
    return this.setAttr('horizontalAlignment', a);
  }
  setHorizontalAlignments(a: (string | null)[][]): this {
    return this.setAttrs('horizontalAlignment', a);
  }
  getHorizontalAlignment(): string {
    return this.getAttr('horizontalAlignment');
  }
  getHorizontalAlignments(): string[][] {
    return this.getAttrs('horizontalAlignment');
  }
  setVerticalAlignment(a: string | null): this {
    return this.setAttr('verticalAlignment', a);
  }
  getVerticalAlignment(): string {
    return this.getAttr('verticalAlignment');
  }
  // https://developers.google.com/apps-script/reference/spreadsheet/range#setWrap(Boolean)
  setWrap(w: boolean): this {
    this.setAttr('wrapStrategy', w ? 'WRAP' : 'OVERFLOW');
    return this.setAttr('wrap', !!w);
  }
  setWraps(w: boolean[][]): this {
    this.setAttrs(
      'wrapStrategy',
      w.map((r) => r.map((x) => (x ? 'WRAP' : 'OVERFLOW'))),
    );
    return this.setAttrs('wrap', w);
  }
  getWrap(): boolean {
    return this.getAttr('wrap');
  }
  getWraps(): boolean[][] {
    return this.getAttrs('wrap');
  }
  setWrapStrategy(s: string): this {
    this.setAttr('wrap', String(s) === 'WRAP');
    return this.setAttr('wrapStrategy', String(s));
  }
  setWrapStrategies(s: string[][]): this {
    return this.setAttrs('wrapStrategy', s);
  }
  getWrapStrategy(): string {
    return this.getAttr('wrapStrategy');
  }
  getWrapStrategies(): string[][] {
    return this.getAttrs('wrapStrategy');
  }
  setTextStyle(): this {
    return this;
  }

  // ---- notes ---------------------------------------------------------
  // https://developers.google.com/apps-script/reference/spreadsheet/range#setNote(String)
  setNote(note: string | null): this {
    if (note !== null && note !== undefined) checkCellChars(this.env, [[String(note)]]);
    for (let r = 0; r < this.numRows; r++)
      for (let c = 0; c < this.numCols; c++) {
        if (note === null || note === '') this.sheet.notes.delete(this.row + r, this.col + c);
        else this.sheet.notes.set(this.row + r, this.col + c, String(note));
      }
    return this;
  }
  setNotes(notes: (string | null)[][]): this {
    this.sheet.checkDims(notes, this.numRows, this.numCols);
    checkCellChars(
      this.env,
      notes.map((r) => r.map((n) => (n === null || n === undefined ? '' : String(n)))),
    );
    for (let r = 0; r < this.numRows; r++)
      for (let c = 0; c < this.numCols; c++) {
        const n = notes[r][c];
        if (n === null || n === '' || n === undefined) this.sheet.notes.delete(this.row + r, this.col + c);
        else this.sheet.notes.set(this.row + r, this.col + c, String(n));
      }
    return this;
  }
  getNote(): string {
    return this.sheet.notes.get(this.row, this.col) ?? '';
  }
  getNotes(): string[][] {
    const out: string[][] = [];
    for (let r = 0; r < this.numRows; r++) {
      const row: string[] = new Array(this.numCols);
      for (let c = 0; c < this.numCols; c++) row[c] = this.sheet.notes.get(this.row + r, this.col + c) ?? '';
      out.push(row);
    }
    return out;
  }

  // ---- data validation -------------------------------------------------
  // https://developers.google.com/apps-script/reference/spreadsheet/range#setDataValidation(DataValidation)
  setDataValidation(rule: FakeDataValidation | null): this {
    if (rule === null) return this.clearDataValidations();
    if (!(rule instanceof FakeDataValidation)) throw gasError(this.env, 'Invalid argument: rule');
    for (let r = 0; r < this.numRows; r++)
      for (let c = 0; c < this.numCols; c++) this.sheet.validations.set(this.row + r, this.col + c, rule);
    return this;
  }
  setDataValidations(rules: (FakeDataValidation | null)[][]): this {
    this.sheet.checkDims(rules, this.numRows, this.numCols);
    for (let r = 0; r < this.numRows; r++)
      for (let c = 0; c < this.numCols; c++) {
        const rule = rules[r][c];
        if (rule) this.sheet.validations.set(this.row + r, this.col + c, rule);
        else this.sheet.validations.delete(this.row + r, this.col + c);
      }
    return this;
  }
  // https://developers.google.com/apps-script/reference/spreadsheet/range#getDataValidation()
  getDataValidation(): FakeDataValidation | null {
    return this.sheet.validations.get(this.row, this.col) ?? null;
  }
  getDataValidations(): (FakeDataValidation | null)[][] {
    const out: (FakeDataValidation | null)[][] = [];
    for (let r = 0; r < this.numRows; r++) {
      const row: (FakeDataValidation | null)[] = new Array(this.numCols);
      for (let c = 0; c < this.numCols; c++) row[c] = this.sheet.validations.get(this.row + r, this.col + c) ?? null;
      out.push(row);
    }
    return out;
  }

  // ---- protection, merges, borders -----------------------------------
  // https://developers.google.com/apps-script/reference/spreadsheet/range#protect()
  protect(): FakeProtection {
    const p = new FakeProtection(this.env, this.sheet, 'RANGE', this);
    this.sheet.protections.push(p);
    return p;
  }
  merge(): this {
    this.sheet.merges.push({
      row: this.row,
      column: this.col,
      numRows: this.numRows,
      numColumns: this.numCols,
      kind: 'all',
    });
    return this;
  }
  mergeAcross(): this {
    this.sheet.merges.push({
      row: this.row,
      column: this.col,
      numRows: this.numRows,
      numColumns: this.numCols,
      kind: 'across',
    });
    return this;
  }
  mergeVertically(): this {
    this.sheet.merges.push({
      row: this.row,
      column: this.col,
      numRows: this.numRows,
      numColumns: this.numCols,
      kind: 'vertical',
    });
    return this;
  }
  breakApart(): this {
    this.sheet.merges = this.sheet.merges.filter(
      (m) =>
        !(
          m.row >= this.row &&
          m.column >= this.col &&
          m.row + m.numRows <= this.row + this.numRows &&
          m.column + m.numColumns <= this.col + this.numCols
        ),
    );
    return this;
  }
  isPartOfMerge(): boolean {
    return this.sheet.merges.some(
      (m) =>
        m.row < this.row + this.numRows &&
        this.row < m.row + m.numRows &&
        m.column < this.col + this.numCols &&
        this.col < m.column + m.numColumns,
    );
  }
  // https://developers.google.com/apps-script/reference/spreadsheet/range#setBorder(Boolean,Boolean,Boolean,Boolean,Boolean,Boolean,String,BorderStyle)
  setBorder(...args: unknown[]): this {
    this.sheet.borders.push({ a1: this.getA1Notation(), args: args.map((a) => (a === undefined ? null : a)) });
    return this;
  }

  // ---- copy & sort ----------------------------------------------------
  // https://developers.google.com/apps-script/reference/spreadsheet/range#copyTo(Range)
  copyTo(destination: FakeRange, options?: unknown): void {
    const o =
      typeof options === 'object' && options ? (options as { contentsOnly?: boolean; formatOnly?: boolean }) : {};
    const pasteType = typeof options === 'string' ? options : '';
    const valuesOnly = o.contentsOnly || pasteType === 'PASTE_VALUES';
    const formatOnly = o.formatOnly || pasteType === 'PASTE_FORMAT';
    this.sheet.copyRect(
      this.row,
      this.col,
      this.numRows,
      this.numCols,
      destination.sheet,
      destination.row,
      destination.col,
      { values: !formatOnly, formats: !valuesOnly, formulas: !valuesOnly },
    );
  }
  copyValuesToRange(sheet: FakeSheet, column: number, columnEnd: number, row: number, _rowEnd: number): void {
    void columnEnd;
    this.sheet.copyRect(this.row, this.col, this.numRows, this.numCols, sheet, row, column, {
      values: true,
      formats: false,
      formulas: false,
    });
  }
  // https://developers.google.com/apps-script/reference/spreadsheet/range#sort(Object)
  sort(spec: unknown): this {
    this.sheet.sortRect(this.row, this.col, this.numRows, this.numCols, spec);
    return this;
  }
}
