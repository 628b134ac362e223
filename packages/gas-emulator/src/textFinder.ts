/**
 * TextFinder: finds text in a range, a sheet or a whole spreadsheet.
 * https://developers.google.com/apps-script/reference/spreadsheet/text-finder
 *
 * What Google documents, and the emulator does:
 * - partial, case-insensitive matching unless matchEntireCell(true) /
 *   matchCase(true);
 * - a cell with a formula is matched on its displayed value unless
 *   matchFormulaText(true); every cell is matched on its displayed value
 *   (what getDisplayValues shows);
 * - findAll returns every matching cell; findNext / findPrevious step from the
 *   current match (or from startFrom's range) and return null when there is
 *   none; replaceAllWith / replaceWith return how many were replaced.
 *
 * What Google does not document, so **guess**, and code that uses it must not
 * depend on it: the order of findAll's matches (here by sheet, then row, then
 * column), whether hidden rows are searched (here they are), and the flavour of
 * regular expressions (here JavaScript's; Google's is probably RE2). The
 * add-on searches plain text only and checks every match by reading its row.
 *
 * A search is one round trip that returns ranges, not cells: the cost model
 * prices it by the cells searched (cost.ts, scanCellUs).
 */
import { displayValue } from './format';
import type { FakeRange } from './range';
import type { FakeSheet } from './sheet';

export interface Searched {
  sheet: FakeSheet;
  row: number;
  col: number;
  numRows: number;
  numCols: number;
}

export class FakeTextFinder {
  static gasName = 'TextFinder';
  private caseSensitive = false;
  private entire = false;
  private regex = false;
  private formulas = false;
  private diacritics = false;
  private current: { sheet: FakeSheet; row: number; col: number } | null = null;
  constructor(
    private readonly areas: () => Searched[],
    private readonly text: string,
  ) {}

  matchCase(v: boolean): this {
    this.caseSensitive = !!v;
    return this;
  }
  matchEntireCell(v: boolean): this {
    this.entire = !!v;
    return this;
  }
  useRegularExpression(v: boolean): this {
    this.regex = !!v;
    return this;
  }
  matchFormulaText(v: boolean): this {
    this.formulas = !!v;
    return this;
  }
  ignoreDiacritics(v: boolean): this {
    this.diacritics = !!v;
    return this;
  }
  startFrom(range: FakeRange): this {
    this.current = { sheet: range.sheet, row: range.row, col: range.col };
    return this;
  }

  /** Cells a search looks at: the part of each area inside its sheet's content. */
  cellsSearched(): number {
    let n = 0;
    for (const a of this.areas()) {
      const rows = Math.max(0, Math.min(a.row + a.numRows - 1, a.sheet.getLastRow()) - a.row + 1);
      const cols = Math.max(0, Math.min(a.col + a.numCols - 1, a.sheet.getLastColumn()) - a.col + 1);
      n += rows * cols;
    }
    return n;
  }

  findAll(): FakeRange[] {
    const all = this.matches();
    if (all.length) this.current = all[all.length - 1];
    return all.map((m) => m.sheet.getRange(m.row, m.col));
  }
  findNext(): FakeRange | null {
    return this.step(1);
  }
  findPrevious(): FakeRange | null {
    return this.step(-1);
  }
  getCurrentMatch(): FakeRange | null {
    return this.current && this.test(this.current)
      ? this.current.sheet.getRange(this.current.row, this.current.col)
      : null;
  }
  replaceAllWith(replaceText: string): number {
    const all = this.matches();
    for (const m of all) this.replaceIn(m, String(replaceText));
    return all.length;
  }
  replaceWith(replaceText: string): number {
    if (!this.current || !this.test(this.current)) return 0;
    this.replaceIn(this.current, String(replaceText));
    return 1;
  }

  // ---- internals --------------------------------------------------------

  private pattern(global: boolean): RegExp {
    const body = this.regex ? this.text : this.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(this.entire ? `^(?:${body})$` : body, (this.caseSensitive ? '' : 'i') + (global ? 'g' : ''));
  }

  private fold(s: string): string {
    return this.diacritics ? s.normalize('NFD').replace(/[\u0300-\u036f]/g, '') : s;
  }

  private shown(sheet: FakeSheet, row: number, col: number): string {
    if (this.formulas) {
      const f = sheet.formulas.row(row)?.get(col);
      if (f) return f;
    }
    const fmt = sheet.formats.get('numberFormat')?.row(row)?.get(col) as string | undefined;
    return displayValue(sheet.cellValue(row, col), fmt);
  }

  private test(at: { sheet: FakeSheet; row: number; col: number }): boolean {
    const s = this.shown(at.sheet, at.row, at.col);
    return s !== '' && this.pattern(false).test(this.fold(s));
  }

  private matches(): { sheet: FakeSheet; row: number; col: number }[] {
    const out: { sheet: FakeSheet; row: number; col: number }[] = [];
    if (this.text === '') return out;
    for (const a of this.areas()) {
      const lastRow = Math.min(a.row + a.numRows - 1, a.sheet.getLastRow());
      const lastCol = Math.min(a.col + a.numCols - 1, a.sheet.getLastColumn());
      for (let r = a.row; r <= lastRow; r++) {
        for (let c = a.col; c <= lastCol; c++)
          if (this.test({ sheet: a.sheet, row: r, col: c })) out.push({ sheet: a.sheet, row: r, col: c });
      }
    }
    return out;
  }

  private step(dir: 1 | -1): FakeRange | null {
    const all = this.matches();
    if (all.length === 0) return null;
    const sheets = this.areas().map((a) => a.sheet);
    const order = (m: { sheet: FakeSheet; row: number; col: number }) => [sheets.indexOf(m.sheet), m.row, m.col];
    const cmp = (a: number[], b: number[]) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
    let next: { sheet: FakeSheet; row: number; col: number } | undefined;
    if (!this.current) next = dir === 1 ? all[0] : all[all.length - 1];
    else {
      const here = order(this.current);
      next =
        dir === 1
          ? (all.find((m) => cmp(order(m), here) > 0) ?? all[0])
          : ([...all].reverse().find((m) => cmp(order(m), here) < 0) ?? all[all.length - 1]);
    }
    this.current = next;
    return next.sheet.getRange(next.row, next.col);
  }

  private replaceIn(at: { sheet: FakeSheet; row: number; col: number }, replaceText: string): void {
    const s = this.shown(at.sheet, at.row, at.col);
    at.sheet.getRange(at.row, at.col).setValue(s.replace(this.pattern(true), replaceText));
  }
}
