/**
 * The Ledger sheet: found by the id setup remembers, read with one getValues,
 * columns found by header; the cells a write may need to put back as they
 * were read; undos. Rows are written by video id (rowGuard.ts).
 */
import type { LedgerLookup } from '../../core/lifecycle/actions';
import { ARCHIVE_META_HEADERS } from '../../core/archive/archive';
import { FIELDS, type FieldKey, type LedgerRecord } from '../../core/ledger/fields';
import {
  type ColumnMap,
  type Cell,
  columnLetter,
  ledgerHeaderProblem,
  mapColumns,
  normHeader,
  quoteText,
  rowToRecord,
} from '../../core/ledger/sheetRow';
import { SHEET } from '../../core/ledger/sheets';
import { gapFor, spansOf } from '../../core/ledger/spans';
import type { Env } from './env';
import { videoIdOf } from '../../core/ledger/video';

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

/**
 * Document property holding the Ledger's sheet id. Sheet ids never change, so
 * a tab renamed by the agency is found again, and a new tab someone names
 * "Ledger" is not mistaken for it.
 * https://developers.google.com/apps-script/reference/spreadsheet/sheet#getSheetId()
 * https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#getSheetById(Integer)
 */
export const LEDGER_SHEET_ID_KEY = 'sparkLedger.ledgerSheetId';

const NO_LEDGER = 'There is no Ledger sheet yet: choose Extensions › Spark Ledger › Set up ledger first.';

/** The Ledger cannot be found or its header row cannot be trusted; the message says how to repair it. */
export class LedgerProblem extends Error {}

export function isLedgerProblem(e: unknown): e is LedgerProblem {
  return e instanceof LedgerProblem;
}

export interface FoundLedger {
  sheet: Sheet;
  /** How it was found: the remembered sheet id, the name "Ledger", or its header row. */
  by: 'id' | 'name' | 'headers';
}

/** Ledger sheets already found in this execution (an Env is one execution). */
const found = new WeakMap<Env, FoundLedger>();

/**
 * Document properties, or null where the run has none: a time-driven run of
 * an add-on has no active document
 * (https://developers.google.com/apps-script/reference/properties/properties-service#getDocumentProperties()),
 * and an add-on's onOpen in AuthMode.NONE may not read them.
 */
function documentProperties(): GoogleAppsScript.Properties.Properties | null {
  try {
    return PropertiesService.getDocumentProperties() ?? null;
  } catch (_) {
    return null;
  }
}

/** Remembers `sheet` as the Ledger where the run has document properties. */
export function rememberLedgerSheet(env: Env, sheet: Sheet, remembered?: string | null): void {
  const props = documentProperties();
  if (!props) return;
  const id = String(sheet.getSheetId());
  const before = remembered === undefined ? props.getProperty(LEDGER_SHEET_ID_KEY) : remembered;
  if (before !== id) props.setProperty(LEDGER_SHEET_ID_KEY, id);
  found.set(env, { sheet, by: 'id' });
}

/**
 * The Ledger: the sheet whose id setup remembered, else the sheet named
 * "Ledger", else the one sheet whose row 1 holds the ledger's headers (a
 * renamed tab in a spreadsheet set up before ids were remembered, or a
 * time-driven run with no document properties). null when there is none.
 */
export function findLedgerSheet(env: Env): FoundLedger | null {
  const cached = found.get(env);
  if (cached) return cached;
  const props = documentProperties();
  const remembered = props ? props.getProperty(LEDGER_SHEET_ID_KEY) : null;
  let result: FoundLedger | null = null;
  if (remembered) {
    const byId = /^\d+$/.test(remembered) ? env.ss.getSheetById(Number(remembered)) : null;
    if (byId) result = { sheet: byId, by: 'id' };
  }
  if (!result) {
    const named = env.ss.getSheetByName(SHEET.ledger);
    if (named) result = { sheet: named, by: 'name' };
  }
  if (!result) {
    const candidates = sheetsWithLedgerHeaders(env, null);
    if (candidates.length > 1) {
      throw new LedgerProblem(
        `No tab is named "${SHEET.ledger}", and ${candidates.length} tabs hold the ledger's column headers (${candidates.map((c) => `"${c.sheet.getName()}"`).join(', ')}). ` +
          `Rename the one that is the ledger "${SHEET.ledger}", then choose Extensions › Spark Ledger › Set up ledger.`,
      );
    }
    if (candidates.length === 1) result = { sheet: candidates[0].sheet, by: 'headers' };
  }
  // The one tab with the ledger's headers is remembered, so the next run finds it by id. A tab found by
  // its name is not: it may be an empty "Ledger" made after the real one was renamed, which setup sorts out.
  if (result && props && result.by === 'headers') rememberLedgerSheet(env, result.sheet, remembered);
  if (result) found.set(env, result);
  return result;
}

export interface LedgerCandidate {
  sheet: Sheet;
  /** Rows below the header holding anything. */
  dataRows: number;
}

/**
 * Sheets (other than `except`) whose row 1 holds at least half of the
 * ledger's headers and is not Archive's (which repeats them after its own
 * "Archived on"). One read of row 1 per sheet: asked only when neither the id
 * nor the name finds the Ledger, and by setup.
 */
export function sheetsWithLedgerHeaders(env: Env, except: Sheet | null): LedgerCandidate[] {
  const out: LedgerCandidate[] = [];
  const skip = except ? except.getSheetId() : null;
  for (const sheet of env.ss.getSheets()) {
    if (skip !== null && sheet.getSheetId() === skip) continue;
    const width = sheet.getLastColumn();
    if (width === 0) continue;
    const header = sheet.getSheetValues(1, 1, 1, width)[0];
    if (header.some((h) => normHeader(h) === normHeader(ARCHIVE_META_HEADERS[0]))) continue;
    const cols = mapColumns(header);
    if ((FIELDS.length - cols.missing.length) * 2 < FIELDS.length) continue;
    out.push({ sheet, dataRows: Math.max(sheet.getLastRow() - 1, 0) });
  }
  return out;
}

/** Whether `sheet` (an edited or selected range's sheet) is the Ledger, whatever its name. */
export function isLedgerSheet(env: Env, sheet: Sheet): boolean {
  const ledger = findLedgerSheet(env);
  return !!ledger && ledger.sheet.getSheetId() === sheet.getSheetId();
}

export function ledgerSheet(env: Env): Sheet {
  const result = findLedgerSheet(env);
  if (!result) throw new LedgerProblem(NO_LEDGER);
  return result.sheet;
}

/** The Ledger read a row at a time: single-row work (docs/api.md's sidebar calls) never reads the whole sheet. */
export interface LedgerRows {
  sheet: Sheet;
  /** Row 1 as read, as wide as the grid. */
  header: unknown[];
  cols: ColumnMap;
  lookup: LedgerLookup;
  record(row: number): LedgerRecord;
  /** A row's cells, read the first time it is asked for (one getValues of the row). */
  rowValues(row: number): unknown[];
  /**
   * A video's own cell in the form that writes it back unchanged, from its
   * row as read this run; undefined when its row was not read (rowGuard.ts
   * then reports the cell instead of guessing).
   */
  own(videoId: string, col: number): Cell | undefined;
}

/**
 * Video ids follow a slash in every link form the ledger keeps (video.ts):
 * "/video/<id>", "/photo/<id>", "m.tiktok.com/v/<id>.html". So a search for
 * "/<id>" finds every row that may hold the video; callers check the id of
 * what they find, as a longer id could start with this one.
 */
export function videoNeedle(videoId: string): string {
  return `/${videoId}`;
}

/**
 * Rows of `col` (0-based; through `lastCol` for a span) whose displayed text contains `text`, top first.
 * One TextFinder search: the cells are looked at on Google's side and only
 * the matching ranges come back
 * (https://developers.google.com/apps-script/reference/spreadsheet/range#createTextFinder(String)).
 * Plain text, case as given: the order of findAll's matches and the flavour
 * of its regular expressions are not documented, so the rows are sorted here
 * and every caller checks the row it reads.
 */
export function rowsContaining(sheet: Sheet, col: number, text: string, matchCase: boolean, lastCol = col): number[] {
  return rowsContainingAtMost(sheet, col, text, matchCase, lastCol, Infinity) as number[];
}

/** rowsContaining, or null when more than `atMost` cells match (their rows are then not asked for). */
export function rowsContainingAtMost(
  sheet: Sheet,
  col: number,
  text: string,
  matchCase: boolean,
  lastCol: number,
  atMost: number,
): number[] | null {
  if (text === '') return [];
  // An open-ended A1 range ("C2:C") is sized when it is made: rows deleted between a size asked for
  // and the range made from it would put the range past the grid.
  const hits = sheet
    .getRange(`${columnLetter(col + 1)}2:${columnLetter(lastCol + 1)}`)
    .createTextFinder(text)
    .matchCase(matchCase)
    .findAll();
  if (hits.length > atMost) return null;
  return [...new Set(hits.map((r) => r.getRow()))].sort((a, b) => a - b);
}

/** Searches again when every row a search found held something else by the time it was read: rows moved in between. */
const SEARCH_PASSES = 3;

/**
 * The first row of `col` that holds what `holds` checks, searched with
 * `text` and checked by reading each row found (the read is `read`'s). A
 * sort or an inserted row between the search and the read makes the rows
 * read hold something else: then it searches again, up to three times.
 */
export function searchRow<T>(
  sheet: Sheet,
  col: number,
  text: string,
  matchCase: boolean,
  read: (row: number) => T,
  holds: (found: T) => boolean,
): { row: number; found: T } | null {
  for (let pass = 0; pass < SEARCH_PASSES; pass++) {
    const rows = rowsContaining(sheet, col, text, matchCase);
    if (rows.length === 0) return null;
    for (const row of rows) {
      const found = read(row);
      if (holds(found)) return { row, found };
    }
  }
  return null;
}

/**
 * The Ledger for work on one row: the header row (one read), a video's row
 * found with a TextFinder search of the Video URL column and read alone, a
 * code's row found the same way in the Spark code column. Refuses a header
 * row the add-on cannot trust, as readLedger does.
 *
 * What was read is kept by video, not by row number: rows move while the
 * script runs, so a row number is only ever paired with what was read there
 * at the time (the record of a video is the row as read when it was found).
 */
export function openLedger(env: Env): LedgerRows {
  const sheet = ledgerSheet(env);
  const header = sheet.getRange(1, 1, 1, sheet.getMaxColumns()).getValues()[0] as unknown[];
  const cols = mapColumns(header);
  if (ledgerHeaderProblem(cols) !== null) throw new LedgerProblem(ledgerHeaderProblem(cols, sheet.getName()) as string);
  const width = header.length;
  const videoCol = cols.index.videoUrl as number;
  const codeCol = cols.index.sparkCode as number;
  const empty = () => new Array(width).fill('');
  // A row found by a search may be gone by the read (rows deleted meanwhile): past the grid it is empty.
  // Sizes are compared after a failure, as Sheets words the error in the user's language.
  const readRow = (row: number): unknown[] => {
    if (row < 2) return empty();
    try {
      return sheet.getRange(row, 1, 1, width).getValues()[0] as unknown[];
    } catch (e) {
      if (row > sheet.getMaxRows()) return empty();
      throw e;
    }
  };
  /** Videos found this run: the row each was on and the row's cells as read there. */
  const located = new Map<string, { row: number; values: unknown[] } | null>();
  /** Rows read for their own sake (the selection), by row. */
  const loose = new Map<number, unknown[]>();
  const records = new Map<number, LedgerRecord>();

  const rowValues = (row: number): unknown[] => {
    for (const hit of located.values()) if (hit && hit.row === row) return hit.values;
    let v = loose.get(row);
    if (!v) {
      v = readRow(row);
      loose.set(row, v);
    }
    return v;
  };
  const record = (row: number): LedgerRecord => {
    let rec = records.get(row);
    if (!rec) {
      rec = rowToRecord(rowValues(row), cols, env.offsets(), row);
      records.set(row, rec);
    }
    return rec;
  };
  const lookup: LedgerLookup = {
    rowOfVideoId(videoId: string): number | null {
      if (!located.has(videoId)) {
        const hit = searchRow(
          sheet,
          videoCol,
          videoNeedle(videoId),
          false,
          readRow,
          (v) => videoIdOf(v[videoCol]) === videoId,
        );
        located.set(videoId, hit ? { row: hit.row, values: hit.found } : null);
      }
      return located.get(videoId)?.row ?? null;
    },
    rowOfSparkCode(code: string): number | null {
      const c = code.trim();
      if (c === '') return null;
      const hit = searchRow(sheet, codeCol, c, true, readRow, (v) => String(v[codeCol] ?? '').trim() === c);
      if (!hit) return null;
      // The code's video, at the row it was found on when that was earlier in this run, so rows compare.
      const holder = videoIdOf(hit.found[videoCol]);
      const earlier = holder ? located.get(holder) : undefined;
      return earlier ? earlier.row : hit.row;
    },
    record,
  };
  return {
    sheet,
    header,
    cols,
    lookup,
    record,
    rowValues,
    own(videoId: string, col: number): Cell | undefined {
      const hit = located.get(videoId);
      return hit ? restorable(hit.values[col]) : undefined;
    },
  };
}

/**
 * The whole Ledger, read once. Refuses a header row the add-on cannot trust:
 * every ledger column must be there exactly once (ledgerHeaderProblem), or a
 * job would read nothing, or the agency's own copy of a column, without a word.
 */
export function readLedger(env: Env): LedgerData {
  const sheet = ledgerSheet(env);
  const values = sheet.getDataRange().getValues() as unknown[][];
  const cols = mapColumns(values[0] ?? []);
  // The sheet's name is asked only to word the refusal: one call less on every read.
  if (ledgerHeaderProblem(cols) !== null) throw new LedgerProblem(ledgerHeaderProblem(cols, sheet.getName()) as string);
  // The same lookups as for columns read on their own, over every column.
  const lookup = columnsLookup(env, columnsOf(sheet, values, cols));
  const record = lookup.record;

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

export type Undo = () => void;

/**
 * Grows the grid so that `lastRow` exists, by at least 500 rows at a time.
 * Sizes are compared before the call: the error Sheets throws for a range past
 * the grid comes in the user's language, so it cannot be recognised.
 */
export function ensureRows(sheet: Sheet, lastRow: number): void {
  const max = sheet.getMaxRows();
  if (lastRow > max) sheet.insertRowsAfter(max, Math.max(500, lastRow - max));
}

/** A value read back, in the form that writes it again unchanged: text quoted, the rest as it is. */
export function restorable(v: unknown): Cell {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? quoteText(v) : (v as Cell);
}

/** What a job that reads only some columns gets: the sheet, its rows with those columns filled in, and rows by video. */
export interface LedgerColumns {
  sheet: Sheet;
  /** Header row first; each row as wide as the header, '' in every column that was not read. */
  values: unknown[][];
  cols: ColumnMap;
  lookup: { rowOfVideoId(videoId: string): number | null };
  /** Every row as a record, with its sheet row; dates read in the spreadsheet's zone (env.offsets()). */
  records(offsets: readonly number[]): LedgerRecord[];
}

/** Reads of the columns that may ask Sheets again when rows moved between them. */
const COLUMN_READ_PASSES = 3;

/**
 * The Ledger's rows, only the columns asked for: one getValues per run of
 * adjacent columns, runs a few columns apart read as one when the cells in
 * between cost less than another round trip (a read's fixed part is about
 * 100–300 ms, a cell 30–90 µs: docs/runtime.md "What a
 * call costs"). The reads are separate calls, so a sort between them would
 * pair one video's status with another's date: the Video URL column is read
 * with the first run and again after the last, and the columns are read
 * again while the two disagree (three times, then the whole sheet in one read).
 */
export function readLedgerColumns(env: Env, keys: readonly FieldKey[]): LedgerColumns {
  const sheet = ledgerSheet(env);
  const header = sheet.getRange(1, 1, 1, sheet.getMaxColumns()).getValues()[0] as unknown[];
  const cols = mapColumns(header);
  if (ledgerHeaderProblem(cols) !== null) throw new LedgerProblem(ledgerHeaderProblem(cols, sheet.getName()) as string);
  const videoCol = cols.index.videoUrl as number;
  const wanted = [
    ...new Set([videoCol, ...keys.map((k) => cols.index[k]).filter((i): i is number => i !== undefined)]),
  ].sort((a, b) => a - b);
  for (let pass = 0; pass < COLUMN_READ_PASSES; pass++) {
    const last = sheet.getLastRow();
    const n = Math.max(last - 1, 0);
    const values: unknown[][] = [header];
    for (let r = 0; r < n; r++) values.push(new Array(header.length).fill(''));
    if (n === 0) return columnsOf(sheet, values, cols);
    // A gap is read through when its cells cost less than a round trip's fixed part.
    const spans = spansOf(wanted, gapFor(n));
    const first = spans.findIndex(([a, b]) => a <= videoCol && videoCol <= b);
    const order = [spans[first], ...spans.filter((_, i) => i !== first)];
    let videos: unknown[] = [];
    // Rows deleted meanwhile can shrink the grid under a range sized a call earlier; sizes are compared after
    // a failure (Sheets words its errors in the user's language), and the sheet is then read in one go below.
    const read = (a: number, b: number): unknown[][] | null => {
      try {
        return sheet.getRange(2, a + 1, n, b - a + 1).getValues();
      } catch (e) {
        if (n + 1 > sheet.getMaxRows()) return null;
        throw e;
      }
    };
    let shrunk = false;
    for (const [a, b] of order) {
      const block = read(a, b);
      if (!block) {
        shrunk = true;
        break;
      }
      for (let r = 0; r < n; r++) for (let c = a; c <= b; c++) values[r + 1][c] = block[r][c - a];
      if (a <= videoCol && videoCol <= b) videos = block.map((row) => row[videoCol - a]);
    }
    if (shrunk) break;
    if (order.length === 1) return columnsOf(sheet, values, cols);
    const again = read(videoCol, videoCol);
    if (again?.every((row, i) => row[0] === videos[i])) return columnsOf(sheet, values, cols);
  }
  // Still moving after three tries (or the grid shrank under a read): the whole sheet in one read, which a sort cannot split.
  const all = readLedger(env);
  return { ...columnsOf(all.sheet, all.values, all.cols), lookup: all.lookup };
}

/**
 * One video's row, as a job that writes with writeChanges needs it: the row
 * found by a search of the Video URL column and read whole, nothing else of
 * the Ledger. null when no row holds the video.
 */
export function oneRowColumns(env: Env, videoId: string): { data: LedgerColumns; record: LedgerRecord } | null {
  const rows = openLedger(env);
  const row = rows.lookup.rowOfVideoId(videoId);
  if (row === null) return null;
  const values: unknown[][] = [rows.header];
  values[row - 1] = rows.rowValues(row);
  const record = rows.record(row);
  return {
    data: {
      sheet: rows.sheet,
      values,
      cols: rows.cols,
      lookup: { rowOfVideoId: (v: string) => (v === videoId ? row : null) },
      records: () => [record],
    },
    record,
  };
}

/**
 * A LedgerLookup over columns read with readLedgerColumns: rows by video and
 * by code, and records holding only the columns that were read (the rest
 * blank), for planners that name another row's status at most.
 */
export function columnsLookup(env: Env, data: LedgerColumns): LedgerLookup {
  let codes: Map<string, number> | null = null;
  const records = new Map<number, LedgerRecord>();
  return {
    rowOfVideoId: (videoId) => data.lookup.rowOfVideoId(videoId),
    rowOfSparkCode(code: string): number | null {
      if (!codes) {
        codes = new Map();
        const c = data.cols.index.sparkCode as number;
        for (let r = 1; r < data.values.length; r++) {
          const v = String(data.values[r][c] ?? '').trim();
          if (v !== '' && !codes.has(v)) codes.set(v, r + 1);
        }
      }
      return codes.get(code.trim()) ?? null;
    },
    record(row: number): LedgerRecord {
      let rec = records.get(row);
      if (!rec) {
        rec = rowToRecord(data.values[row - 1] ?? [], data.cols, env.offsets(), row);
        records.set(row, rec);
      }
      return rec;
    },
  };
}

function columnsOf(sheet: Sheet, values: unknown[][], cols: ColumnMap): LedgerColumns {
  let index: Map<string, number> | null = null;
  return {
    sheet,
    values,
    cols,
    records: (offsets) => values.slice(1).map((row, i) => rowToRecord(row, cols, offsets, i + 2)),
    lookup: {
      rowOfVideoId(videoId: string): number | null {
        if (!index) {
          index = new Map();
          const c = cols.index.videoUrl as number;
          for (let r = 1; r < values.length; r++) {
            const id = videoIdOf(values[r][c]);
            if (id && !index.has(id)) index.set(id, r + 1);
          }
        }
        return index.get(videoId) ?? null;
      },
    },
  };
}

/**
 * A video's own cell as the ledger's read saw it, in the form that writes it
 * back unchanged; undefined when the read has no row for the video. This is
 * what a write that landed on the video's row by mistake puts back (rowGuard.ts).
 */
export function ownCell(
  data: Pick<LedgerColumns, 'values' | 'lookup'>,
  videoId: string,
  col: number,
): Cell | undefined {
  const r = data.lookup.rowOfVideoId(videoId);
  return r === null ? undefined : restorable(data.values[r - 1]?.[col]);
}

/** Runs every undo, last first, even when one fails. Returns whether all of them worked. */
export function undoAll(undos: Undo[]): boolean {
  let ok = true;
  for (let i = undos.length - 1; i >= 0; i--) {
    try {
      undos[i]();
    } catch (_) {
      // Keep undoing the rest; the caller reports the original failure.
      ok = false;
    }
  }
  return ok;
}

/** One undo for several: it throws when any part of it failed, so a caller can tell. */
export function undoEvery(undos: Undo[]): Undo {
  return () => {
    if (!undoAll(undos)) throw new Error('Sheets failed while putting cells back.');
  };
}
