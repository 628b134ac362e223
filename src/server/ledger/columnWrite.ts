/**
 * Writing some rows of one column: one read and one write per span of the
 * rows (core/ledger/spans.ts: rows between two written ones are read through
 * while that costs less than another call, and get back what they held), so a
 * few rows across a big sheet cost a few calls, never a call per row and never
 * the whole column.
 */
import type { Cell } from '../../core/ledger/sheetRow';
import { columnLetter } from '../../core/ledger/sheetRow';
import { gapFor, spansOf } from '../../core/ledger/spans';
import { type Undo, restorable } from './ledger';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export interface ColumnWriteOptions {
  /** A number format for each whole span, set before the values (so no text lands in an older '@' cell). */
  spanFormat?: string;
  /** A number format for the written cells only, in one RangeList; the cells in between keep theirs. */
  cellFormat?: string;
  /** The column was just made: it holds nothing yet, so the spans are not read. */
  empty?: boolean;
}

/**
 * Writes `cells` (row → cell as written) into 1-based column `col`. Returns an
 * undo that puts every span back as it was read.
 * https://developers.google.com/apps-script/reference/spreadsheet/range-list#setNumberFormat(String)
 */
export function writeColumnRows(
  sheet: Sheet,
  col: number,
  cells: ReadonlyMap<number, Cell>,
  opts: ColumnWriteOptions = {},
): Undo {
  if (cells.size === 0) return () => undefined;
  const rows = [...cells.keys()];
  const spans = spansOf(rows, gapFor(1)).map(([top, bottom]) => {
    const range = sheet.getRange(top, col, bottom - top + 1, 1);
    const before: Cell[][] = opts.empty
      ? Array.from({ length: bottom - top + 1 }, () => [''])
      : range.getValues().map((r) => [restorable(r[0])]);
    const after: Cell[][] = before.map((old, i) => {
      const v = cells.get(top + i);
      return v === undefined ? old : [v];
    });
    return { range, before, after };
  });
  if (opts.spanFormat !== undefined) for (const s of spans) s.range.setNumberFormat(opts.spanFormat);
  if (opts.cellFormat !== undefined)
    sheet.getRangeList(rows.map((r) => `${columnLetter(col)}${r}`)).setNumberFormat(opts.cellFormat);
  for (const s of spans) s.range.setValues(s.after);
  return () => {
    for (const s of spans) s.range.setValues(s.before);
  };
}
