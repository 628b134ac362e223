/**
 * Spreadsheet and the SpreadsheetApp service.
 * https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet
 * https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet-app
 */
import { a1ToGrid, type ParsedA1, parseA1 } from './a1';
import { ChartType } from './charts';
import { BooleanCriteria, FakeConditionalFormatRuleBuilder } from './conditional';
import { activeDocument, effectiveUser, type Env, gasError, nextSeq } from './env';
import { type FakeProtection, FakeUser, ProtectionType } from './protection';
import { FakeRange } from './range';
import { DEFAULT_COLUMNS, DEFAULT_ROWS, FakeSheet } from './sheet';
import { FakeTextFinder } from './textFinder';
import { message } from './messages';
import { isValidTimeZone } from './tz';
import { FakeUi } from './ui';
import { DataValidationCriteria, FakeDataValidationBuilder } from './validation';

/** Cells a spreadsheet may hold, every sheet's whole grid counted: https://support.google.com/docs/answer/37603 */
export const MAX_CELLS = 10_000_000;

export class FakeSpreadsheet {
  static gasName = 'Spreadsheet';
  sheets: FakeSheet[] = [];
  activeSheet: FakeSheet | null = null;
  activeRange: FakeRange | null = null;
  locale = 'en_US';
  editors: string[];
  /** Viewers and commenters (getViewers lists both). */
  viewers: string[] = [];
  sheetIdSeq = 0;

  constructor(
    readonly env: Env,
    readonly id: string,
    public name: string,
    public timeZone: string,
  ) {
    this.editors = [effectiveUser(env)];
  }

  // ---- internal helpers ----------------------------------------------------
  newSheetId(): number {
    // The first sheet of a new spreadsheet has id 0; others get large ids.
    const id = this.sheetIdSeq === 0 ? 0 : 100000000 + this.sheetIdSeq * 7919;
    this.sheetIdSeq++;
    return id;
  }
  /** Sheet names are unique regardless of case. */
  findSheet(name: string): FakeSheet | null {
    const lower = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === lower) ?? null;
  }
  assertNameFree(name: string, except?: FakeSheet): void {
    const existing = this.findSheet(name);
    if (existing && existing !== except) {
      // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#insertSheet(String)
      throw gasError(this.env, `A sheet with the name "${name}" already exists. Please enter another name.`);
    }
  }
  /** Cells of every sheet's whole grid, empty ones too: what the 10,000,000-cell limit counts. */
  cellCount(): number {
    return this.sheets.reduce((n, s) => n + s.maxRows * s.maxCols, 0);
  }
  /**
   * Refuses a change that would take the spreadsheet past 10,000,000 cells
   * (https://support.google.com/docs/answer/37603), before anything changes.
   */
  checkGrowth(extra: number): void {
    if (extra > 0 && this.cellCount() + extra > MAX_CELLS) throw gasError(this.env, message(this.env, 'tooManyCells'));
  }
  addSheet(name: string, index?: number, rows = DEFAULT_ROWS, cols = DEFAULT_COLUMNS): FakeSheet {
    this.assertNameFree(name);
    this.checkGrowth(rows * cols);
    const sheet = new FakeSheet(this, this.newSheetId(), name, rows, cols);
    if (index === undefined || index >= this.sheets.length) this.sheets.push(sheet);
    else this.sheets.splice(Math.max(0, index), 0, sheet);
    return sheet;
  }
  private defaultSheetName(): string {
    let n = this.sheets.length + 1;
    while (this.findSheet(`Sheet${n}`)) n++;
    return `Sheet${n}`;
  }

  // ---- identity ----------------------------------------------------------
  getId(): string {
    return this.id;
  }
  getUrl(): string {
    return `https://docs.google.com/spreadsheets/d/${this.id}/edit`;
  }
  getName(): string {
    return this.name;
  }
  rename(name: string): void {
    this.name = String(name);
  }
  setName(name: string): this {
    this.name = String(name);
    return this;
  }
  getSpreadsheetTimeZone(): string {
    return this.timeZone;
  }
  // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#setSpreadsheetTimeZone(String)
  // Date cells keep their wall-clock time; the instants getValues returns move with the zone.
  setSpreadsheetTimeZone(tz: string): void {
    if (!isValidTimeZone(String(tz))) throw gasError(this.env, `Invalid argument: timezone`);
    this.timeZone = String(tz);
  }
  getSpreadsheetLocale(): string {
    return this.locale;
  }
  setSpreadsheetLocale(l: string): void {
    this.locale = String(l);
  }
  getOwner(): FakeUser {
    return new FakeUser(this.editors[0] ?? '');
  }
  getEditors(): FakeUser[] {
    return this.editors.map((e) => new FakeUser(e));
  }
  addEditor(e: unknown): this {
    const s = String(e);
    if (!this.editors.includes(s)) this.editors.push(s);
    return this;
  }
  addEditors(es: unknown[]): this {
    es.forEach((e) => {
      this.addEditor(e);
    });
    return this;
  }
  removeEditor(e: unknown): this {
    this.editors = this.editors.filter((x, i) => x !== String(e) || i === 0);
    return this;
  }
  // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#getViewers()
  getViewers(): FakeUser[] {
    return this.viewers.map((e) => new FakeUser(e));
  }
  // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#addViewer(String)
  // "If the user was already on the list of editors, this method has no effect." Whether Google
  // mails the new viewer is not documented. An address that is not one: message is a guess.
  addViewer(e: unknown): this {
    const s = String(e);
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(s)) throw gasError(this.env, `Invalid email: ${s}`);
    const has = (list: string[]) => list.some((x) => x.toLowerCase() === s.toLowerCase());
    if (!has(this.editors) && !has(this.viewers)) this.viewers.push(s);
    return this;
  }
  // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#removeViewer(String)
  // "This method has no effect if the user is an editor, not a viewer or commenter."
  removeViewer(e: unknown): this {
    this.viewers = this.viewers.filter((x) => x.toLowerCase() !== String(e).toLowerCase());
    return this;
  }
  // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#toast(String,String,Number)
  toast(msg: unknown, title?: unknown, timeoutSeconds?: number): void {
    this.env.ui.toasts.push({
      message: String(msg),
      title: title === undefined ? '' : String(title),
      timeoutSeconds: timeoutSeconds ?? 5,
    });
  }

  // ---- sheets --------------------------------------------------------------
  getSheets(): FakeSheet[] {
    return this.sheets.slice();
  }
  // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#createTextFinder(String)
  createTextFinder(findText: string): FakeTextFinder {
    return new FakeTextFinder(
      () => this.sheets.map((sheet) => ({ sheet, row: 1, col: 1, numRows: sheet.maxRows, numCols: sheet.maxCols })),
      String(findText),
    );
  }
  getNumSheets(): number {
    return this.sheets.length;
  }
  // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#getSheetByName(String)
  // Returns null when there is no such sheet. Matching ignores case, as sheet names are unique regardless of case.
  getSheetByName(name: string): FakeSheet | null {
    return this.findSheet(String(name));
  }
  getSheetById(id: number): FakeSheet | null {
    return this.sheets.find((s) => s.id === Number(id)) ?? null;
  }
  // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#insertSheet(String,Integer)
  // The new sheet (1000 x 26) becomes the active sheet; sheetIndex is 0-based.
  insertSheet(a?: unknown, b?: unknown, c?: unknown): FakeSheet {
    let name: string | undefined;
    let index: number | undefined;
    let options: { template?: FakeSheet } | undefined;
    for (const arg of [a, b, c]) {
      if (typeof arg === 'string') name = arg;
      else if (typeof arg === 'number') index = arg;
      else if (arg && typeof arg === 'object') options = arg as { template?: FakeSheet };
    }
    const finalName = name ?? this.defaultSheetName();
    let sheet: FakeSheet;
    if (options?.template) {
      this.assertNameFree(finalName);
      sheet = options.template.cloneInto(this, finalName);
      if (index === undefined || index >= this.sheets.length) this.sheets.push(sheet);
      else this.sheets.splice(index, 0, sheet);
    } else {
      sheet = this.addSheet(finalName, index);
    }
    this.activeSheet = sheet;
    this.activeRange = null;
    return sheet;
  }
  // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#deleteSheet(Sheet)
  deleteSheet(sheet: FakeSheet): void {
    if (!this.sheets.includes(sheet)) throw gasError(this.env, 'Sheet not found');
    if (this.sheets.length === 1) throw gasError(this.env, "You can't remove all the sheets in a document.");
    this.sheets = this.sheets.filter((s) => s !== sheet);
    if (this.activeSheet === sheet) {
      this.activeSheet = this.sheets[0];
      this.activeRange = null;
    }
  }
  duplicateActiveSheet(): FakeSheet {
    const src = this.getActiveSheet();
    let name = `Copy of ${src.name}`;
    for (let i = 2; this.findSheet(name); i++) name = `Copy of ${src.name} ${i}`;
    const copy = src.cloneInto(this, name);
    this.sheets.splice(this.sheets.indexOf(src) + 1, 0, copy);
    this.activeSheet = copy;
    return copy;
  }
  getActiveSheet(): FakeSheet {
    return this.activeSheet ?? this.sheets[0];
  }
  setActiveSheet(sheet: FakeSheet): FakeSheet {
    this.activeSheet = sheet;
    this.activeRange = null;
    return sheet;
  }
  // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#moveActiveSheet(Integer)
  moveActiveSheet(pos: number): void {
    const s = this.getActiveSheet();
    const rest = this.sheets.filter((x) => x !== s);
    const i = Math.max(0, Math.min(rest.length, Math.trunc(pos) - 1));
    rest.splice(i, 0, s);
    this.sheets = rest;
  }
  getActiveRange(): FakeRange {
    return this.activeRange ?? new FakeRange(this.getActiveSheet(), 1, 1, 1, 1);
  }
  getCurrentCell(): FakeRange {
    const r = this.getActiveRange();
    return new FakeRange(r.sheet, r.row, r.col, 1, 1);
  }
  getSelection(): { getActiveRange(): FakeRange; getCurrentCell(): FakeRange; getActiveSheet(): FakeSheet } {
    return {
      getActiveRange: () => this.getActiveRange(),
      getCurrentCell: () => this.getCurrentCell(),
      getActiveSheet: () => this.getActiveSheet(),
    };
  }
  setActiveRange(range: FakeRange): FakeRange {
    this.activeSheet = range.sheet;
    this.activeRange = range;
    return range;
  }
  setActiveSelection(a: FakeRange | string): FakeRange {
    return this.setActiveRange(typeof a === 'string' ? this.getRange(a) : a);
  }
  // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#getRange(String)
  getRange(a1: string): FakeRange {
    let p: ParsedA1;
    try {
      p = parseA1(String(a1));
    } catch {
      throw gasError(this.env, 'Range not found');
    }
    const sheet = p.sheetName === null ? this.getActiveSheet() : this.findSheet(p.sheetName);
    if (!sheet) throw gasError(this.env, 'Range not found');
    const g = a1ToGrid(String(a1), sheet.maxRows, sheet.maxCols);
    return sheet.rangeChecked(g.row, g.column, g.numRows, g.numColumns);
  }
  getRangeByName(): null {
    return null;
  }
  getNamedRanges(): unknown[] {
    return [];
  }
  getProtections(type: string): FakeProtection[] {
    return this.sheets.flatMap((s) => s.getProtections(type));
  }
  getSheetId(): number {
    return this.getActiveSheet().id;
  }
  getSheetName(): string {
    return this.getActiveSheet().name;
  }
  getLastRow(): number {
    return this.getActiveSheet().getLastRow();
  }
  getLastColumn(): number {
    return this.getActiveSheet().getLastColumn();
  }
  getDataRange(): FakeRange {
    return this.getActiveSheet().getDataRange();
  }
  appendRow(row: unknown[]): FakeSheet {
    return this.getActiveSheet().appendRow(row);
  }
  getFormUrl(): null {
    return null;
  }
  flush(): void {
    /* writes are applied immediately */
  }
}

export const SpreadsheetEnums = {
  ProtectionType,
  DataValidationCriteria,
  BooleanCriteria,
  Dimension: { COLUMNS: 'COLUMNS', ROWS: 'ROWS' },
  BorderStyle: {
    DOTTED: 'DOTTED',
    DASHED: 'DASHED',
    SOLID: 'SOLID',
    SOLID_MEDIUM: 'SOLID_MEDIUM',
    SOLID_THICK: 'SOLID_THICK',
    DOUBLE: 'DOUBLE',
  },
  WrapStrategy: { WRAP: 'WRAP', OVERFLOW: 'OVERFLOW', CLIP: 'CLIP' },
  CopyPasteType: {
    PASTE_NORMAL: 'PASTE_NORMAL',
    PASTE_NO_BORDERS: 'PASTE_NO_BORDERS',
    PASTE_FORMAT: 'PASTE_FORMAT',
    PASTE_FORMULA: 'PASTE_FORMULA',
    PASTE_DATA_VALIDATION: 'PASTE_DATA_VALIDATION',
    PASTE_VALUES: 'PASTE_VALUES',
    PASTE_CONDITIONAL_FORMATTING: 'PASTE_CONDITIONAL_FORMATTING',
    PASTE_COLUMN_WIDTHS: 'PASTE_COLUMN_WIDTHS',
  },
  SheetType: { GRID: 'GRID', OBJECT: 'OBJECT', DATASOURCE: 'DATASOURCE' },
  ChartType,
  AutoFillSeries: { DEFAULT_SERIES: 'DEFAULT_SERIES', ALTERNATE_SERIES: 'ALTERNATE_SERIES' },
  TextDirection: { LEFT_TO_RIGHT: 'LEFT_TO_RIGHT', RIGHT_TO_LEFT: 'RIGHT_TO_LEFT' },
  ColorType: { RGB: 'RGB', THEME: 'THEME', UNSUPPORTED: 'UNSUPPORTED' },
} as const;

export class FakeSpreadsheetApp {
  static gasName = 'SpreadsheetApp';
  readonly ProtectionType = SpreadsheetEnums.ProtectionType;
  readonly DataValidationCriteria = SpreadsheetEnums.DataValidationCriteria;
  readonly BooleanCriteria = SpreadsheetEnums.BooleanCriteria;
  readonly Dimension = SpreadsheetEnums.Dimension;
  readonly BorderStyle = SpreadsheetEnums.BorderStyle;
  readonly WrapStrategy = SpreadsheetEnums.WrapStrategy;
  readonly CopyPasteType = SpreadsheetEnums.CopyPasteType;
  readonly SheetType = SpreadsheetEnums.SheetType;
  readonly AutoFillSeries = SpreadsheetEnums.AutoFillSeries;
  readonly TextDirection = SpreadsheetEnums.TextDirection;
  readonly ColorType = SpreadsheetEnums.ColorType;
  private readonly ui: FakeUi;
  constructor(private readonly env: Env) {
    this.ui = new FakeUi(env);
  }
  private bound(): FakeSpreadsheet {
    const doc = activeDocument(this.env);
    if (!doc) throw gasError(this.env, 'No active spreadsheet.');
    return doc;
  }
  // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet-app#getActiveSpreadsheet()
  // null when the script runs outside a document (a time-driven run of an add-on: undocumented, assumed).
  getActive(): FakeSpreadsheet | null {
    return activeDocument(this.env);
  }
  getActiveSpreadsheet(): FakeSpreadsheet | null {
    return activeDocument(this.env);
  }
  setActiveSpreadsheet(ss: FakeSpreadsheet): void {
    this.env.bound = ss;
  }
  getActiveSheet(): FakeSheet {
    return this.bound().getActiveSheet();
  }
  setActiveSheet(sheet: FakeSheet): FakeSheet {
    return sheet.parent.setActiveSheet(sheet);
  }
  getActiveRange(): FakeRange {
    return this.bound().getActiveRange();
  }
  setActiveRange(range: FakeRange): FakeRange {
    return range.sheet.parent.setActiveRange(range);
  }
  getCurrentCell(): FakeRange {
    return this.bound().getCurrentCell();
  }
  getSelection(): ReturnType<FakeSpreadsheet['getSelection']> {
    return this.bound().getSelection();
  }
  getUi(): FakeUi {
    return this.ui;
  }
  // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet-app#openById(String)
  openById(id: string): FakeSpreadsheet {
    const ss = this.env.spreadsheets.get(String(id));
    if (!ss)
      throw gasError(
        this.env,
        'Unexpected error while getting the method or property openById on object SpreadsheetApp.',
      );
    return ss;
  }
  openByUrl(url: string): FakeSpreadsheet {
    const m = /\/d\/([^/]+)/.exec(String(url));
    const ss = m ? this.env.spreadsheets.get(m[1]) : undefined;
    if (!ss)
      throw gasError(
        this.env,
        'Unexpected error while getting the method or property openByUrl on object SpreadsheetApp.',
      );
    return ss;
  }
  // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet-app#create(String,Integer,Integer)
  create(name: string, rows?: number, columns?: number): FakeSpreadsheet {
    return createSpreadsheet(this.env, String(name), rows, columns);
  }
  flush(): void {
    /* writes are applied immediately */
  }
  newDataValidation(): FakeDataValidationBuilder {
    return new FakeDataValidationBuilder();
  }
  newConditionalFormatRule(): FakeConditionalFormatRuleBuilder {
    return new FakeConditionalFormatRuleBuilder();
  }
}

export function createSpreadsheet(
  env: Env,
  name: string,
  rows?: number,
  columns?: number,
  timeZone?: string,
): FakeSpreadsheet {
  const n = nextSeq(env, 'spreadsheet');
  const id = `1FakeSS${String(n).padStart(4, '0')}${'x'.repeat(33)}`;
  const ss = new FakeSpreadsheet(env, id, name, timeZone ?? env.scriptTimeZone);
  ss.addSheet('Sheet1', undefined, rows ?? DEFAULT_ROWS, columns ?? DEFAULT_COLUMNS);
  ss.activeSheet = ss.sheets[0];
  env.spreadsheets.set(id, ss);
  return ss;
}
