/**
 * The Ledger sheet: one getValues for the whole sheet, columns found by header,
 * changed fields written back in one setValues per run of adjacent ledger
 * columns, undone if any write fails.
 */
import { LedgerLookup } from '../core/actions';
import { FieldKey, LedgerRecord, fieldLabel } from '../core/fields';
import { ColumnMap, Cell, cellRuns, mapColumns, quoteText, rowToRecord } from '../core/sheetRow';
import { SHEET } from '../core/sheets';
import { parseVideoUrl } from '../core/video';
import { Env } from './env';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export interface LedgerData {
  sheet: Sheet;
  /** Every cell of the sheet's data range, header row first. */
  values: unknown[][];
  cols: ColumnMap;
  lookup: LedgerLookup;
  record(row: number): LedgerRecord;
  /** Row numbers (1-based, header is 1) of data rows holding anything in a ledger column. */
  dataRows(): number[];
}

export function ledgerSheet(env: Env): Sheet {
  const sheet = env.ss.getSheetByName(SHEET.ledger);
  if (!sheet) throw new Error('There is no Ledger sheet yet: choose Extensions › Spark Ledger › Set up ledger first.');
  return sheet;
}

export function readLedger(env: Env): LedgerData {
  const sheet = ledgerSheet(env);
  const values = sheet.getDataRange().getValues() as unknown[][];
  const cols = mapColumns(values[0] ?? []);
  const essential: FieldKey[] = ['videoUrl', 'sparkCode', 'status'];
  const lost = cols.missing.filter((k) => essential.includes(k));
  if (lost.length) {
    throw new Error(`The Ledger sheet has no ${lost.map(fieldLabel).join(', ')} column: choose Extensions › Spark Ledger › Set up ledger to repair the headers.`);
  }
  let videoIndex: Map<string, number> | null = null;
  let codeIndex: Map<string, number> | null = null;
  const cache = new Map<number, LedgerRecord>();

  const record = (row: number): LedgerRecord => {
    let rec = cache.get(row);
    if (!rec) {
      rec = rowToRecord(values[row - 1] ?? [], cols, env.offsets(), row);
      cache.set(row, rec);
    }
    return rec;
  };

  const lookup: LedgerLookup = {
    rowOfVideoId(videoId: string): number | null {
      if (!videoIndex) {
        videoIndex = new Map();
        const c = cols.index.videoUrl as number;
        for (let r = 1; r < values.length; r++) {
          const p = parseVideoUrl(String(values[r][c] ?? ''));
          if (p && !videoIndex.has(p.videoId)) videoIndex.set(p.videoId, r + 1);
        }
      }
      return videoIndex.get(videoId) ?? null;
    },
    rowOfSparkCode(code: string): number | null {
      if (!codeIndex) {
        codeIndex = new Map();
        const c = cols.index.sparkCode as number;
        for (let r = 1; r < values.length; r++) {
          const v = String(values[r][c] ?? '').trim();
          if (v !== '' && !codeIndex.has(v)) codeIndex.set(v, r + 1);
        }
      }
      return codeIndex.get(code.trim()) ?? null;
    },
    record,
  };

  return {
    sheet,
    values,
    cols,
    lookup,
    record,
    dataRows(): number[] {
      const keyCols = Object.values(cols.index) as number[];
      const rows: number[] = [];
      for (let r = 1; r < values.length; r++) {
        const row = values[r];
        if (keyCols.some((c) => row[c] !== '' && row[c] !== null && row[c] !== undefined)) rows.push(r + 1);
      }
      return rows;
    },
  };
}

/** The row a new record goes to: the first after everything on the sheet. */
export function appendRowNumber(data: LedgerData): number {
  return Math.max(data.values.length, 1) + 1;
}

export interface Undo {
  (): void;
}

/**
 * Writes the given fields of one row. Returns an undo that puts the previous
 * cells back. A write that fails half way is undone before the error goes on.
 */
export function writeRecordCells(data: LedgerData, row: number, rec: LedgerRecord, keys: readonly FieldKey[]): Undo {
  const runs = cellRuns(rec, keys, data.cols, true);
  const previous = data.values[row - 1];
  const undos: Undo[] = [];
  // Rows inside the data range exist; only a row appended below it may lie past the grid.
  if (runs.length && row > data.values.length) ensureRows(data.sheet, row);
  try {
    for (const run of runs) {
      const old: Cell[] = run.values.map((_, i) => restorable(previous ? previous[run.start + i] : ''));
      writeRun(data.sheet, row, run.start + 1, run.values, run.formats);
      undos.push(() => writeRun(data.sheet, row, run.start + 1, old, run.formats));
    }
  } catch (e) {
    undoAll(undos);
    throw e;
  }
  return () => undoAll(undos);
}

/**
 * Grows the grid so that `lastRow` exists, by at least 500 rows at a time.
 * Sizes are compared before the call: the error Sheets throws for a range past
 * the grid comes in the user's language, so it cannot be recognised.
 */
export function ensureRows(sheet: Sheet, lastRow: number): void {
  const max = sheet.getMaxRows();
  if (lastRow > max) sheet.insertRowsAfter(max, Math.max(500, lastRow - max));
}

/** Formats first, then values: a text cell is set to the automatic format, where its quoted string stays text. */
function writeRun(sheet: Sheet, row: number, col: number, cells: Cell[], formats: string[]): void {
  sheet.getRange(row, col, 1, cells.length).setNumberFormats([formats]).setValues([cells]);
}

/** A value read back, in the form that writes it again unchanged: text quoted, the rest as it is. */
function restorable(v: unknown): Cell {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? quoteText(v) : (v as Cell);
}

export function undoAll(undos: Undo[]): void {
  for (let i = undos.length - 1; i >= 0; i--) {
    try {
      undos[i]();
    } catch (_) {
      // Keep undoing the rest; the caller reports the original failure.
    }
  }
}
