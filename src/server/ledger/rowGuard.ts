/**
 * Writes that stay with their videos while people sort, insert and delete
 * rows. The document lock keeps other scripts out, not people: anyone with
 * edit access keeps editing while a script runs, and a sort moves rows
 * between any two of its calls
 * (https://developers.google.com/apps-script/reference/lock/lock-service:
 * locks exclude "concurrent access to sections of code", i.e. executions).
 *
 * So a writer never trusts a row number it read earlier. Just before writing,
 * it finds each video's row again (one read of the Video URL column, or of
 * one cell when it writes one row); it writes; then it looks again. When a
 * video is no longer where it was written, the rows moved either before the
 * write (the cells landed on another video, which gets its own values back,
 * and the video gets its cells where it now is) or after it (the cells moved
 * with the row, nothing to do). Reading the written cells tells which. A few
 * passes settle it; a ledger still moving after them is reported, not
 * guessed at.
 */
import { type Cell, columnLetter } from '../../core/ledger/sheetRow';
import { CELLS_PER_CALL, gapFor, spansOf } from '../../core/ledger/spans';
import { videoIdOf } from '../../core/ledger/video';

export { videoIdOf };
import { type Undo, undoAll, undoEvery } from './ledger';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** One video's cells to write: column (0-based) → value as written (text quoted) and number format. */
export interface RowWrite {
  videoId: string;
  cells: Map<number, { value: Cell; format: string }>;
}

export interface GuardedResult {
  /** Row each video was finally written on. */
  rows: Map<string, number>;
  /** Videos no longer on the sheet when the write came: nothing was written for them. */
  gone: string[];
  /**
   * Cells that landed on another video's row and could not be put back,
   * because `restore` did not know that video's value (its row was not read
   * this run). The caller tells the user and the Audit which cells they are.
   */
  overwritten: { videoId: string; row: number; col: number }[];
  undo: Undo;
}

/** Passes of write-and-look before giving up on a ledger that keeps moving. */
const PASSES = 3;

export class MovingLedgerError extends Error {}

/** Whether a guardedWrite failed and could not take its cells back either (they are still on the sheet). */
export function cellsLeft(e: unknown): boolean {
  return !!e && typeof e === 'object' && (e as { cellsLeft?: boolean }).cellsLeft === true;
}

/**
 * Row of every video on the sheet now (first one wins): one read of the Video
 * URL column down to the last row. Rows inserted between finding the last row
 * and reading push videos below it, so when a wanted video is missing the
 * column is read once more.
 */
export function videoRows(sheet: Sheet, videoCol: number, wanted: readonly string[] = []): Map<string, number> {
  for (let attempt = 0; ; attempt++) {
    const last = sheet.getLastRow();
    const found = new Map<string, number>();
    if (last >= 2) {
      const values = sheet.getRange(2, videoCol + 1, last - 1, 1).getValues();
      for (let i = 0; i < values.length; i++) {
        const id = videoIdOf(values[i][0]);
        if (id && !found.has(id)) found.set(id, i + 2);
      }
    }
    if (attempt > 0 || wanted.every((v) => found.has(v))) return found;
  }
}

/**
 * The row of each wanted video now. When every video has a hint (its row as
 * read earlier in the run), only the hinted rows are read, in spans, as long
 * as that costs less than the column; the column is read when a video is not
 * where its hint says (it moved) or has no hint.
 */
function locate(
  sheet: Sheet,
  videoCol: number,
  wanted: readonly string[],
  hints: ReadonlyMap<string, number>,
): Map<string, number> {
  const hinted = wanted.every((v) => (hints.get(v) ?? 0) >= 2);
  if (hinted && wanted.length > 0) {
    const spans = spansOf(
      wanted.map((v) => hints.get(v) as number),
      gapFor(1),
    );
    const cells = spans.reduce((n, [a, b]) => n + b - a + 1, 0);
    const last = Math.max(...spans.map(([, b]) => b));
    // Cheaper than the column: each span's call costs about as much as CELLS_PER_CALL cells.
    if (cells + (spans.length - 1) * CELLS_PER_CALL < last) {
      let at: Map<string, unknown> | null = null;
      try {
        at = readCells(
          sheet,
          wanted.map((v) => ({ row: hints.get(v) as number, col: videoCol })),
        );
      } catch (e) {
        // Rows deleted since the hint was read can shrink the grid under it: then the video moved.
        // Sizes are compared after a failure (Sheets words its errors in the user's language).
        if (last <= sheet.getMaxRows()) throw e;
      }
      const found = at;
      if (found && wanted.every((v) => videoIdOf(found.get(`${hints.get(v)}:${videoCol}`)) === v))
        return new Map(wanted.map((v) => [v, hints.get(v) as number]));
    }
  }
  const all = videoRows(sheet, videoCol, wanted);
  const out = new Map<string, number>();
  for (const v of wanted) {
    const r = all.get(v);
    if (r !== undefined) out.set(v, r);
  }
  return out;
}

interface Placed {
  /** The video whose cell this is. */
  video: string;
  row: number;
  col: number;
  value: Cell;
  format: string;
}

/**
 * Writes cells in as few calls as the layout allows: one row's adjacent
 * cells as one range; scattered cells of a column grouped by value, one
 * RangeList each (https://developers.google.com/apps-script/reference/spreadsheet/range-list#setValue(Object)),
 * so no cell between them is rewritten from an older read.
 */
function place(sheet: Sheet, cells: readonly Placed[]): void {
  if (cells.length === 0) return;
  const rows = new Set(cells.map((c) => c.row));
  if (rows.size === 1) {
    const sorted = [...cells].sort((a, b) => a.col - b.col);
    let i = 0;
    while (i < sorted.length) {
      let j = i;
      while (j + 1 < sorted.length && sorted[j + 1].col === sorted[j].col + 1) j++;
      const run = sorted.slice(i, j + 1);
      sheet
        .getRange(run[0].row, run[0].col + 1, 1, run.length)
        .setNumberFormats([run.map((c) => c.format)])
        .setValues([run.map((c) => c.value)]);
      i = j + 1;
    }
    return;
  }
  const groups = new Map<string, { value: Cell; format: string; a1: string[] }>();
  for (const c of cells) {
    const key = `${c.col}\u0000${c.format}\u0000${typeof c.value}\u0000${c.value instanceof Date ? c.value.getTime() : String(c.value)}`;
    let g = groups.get(key);
    if (!g) {
      g = { value: c.value, format: c.format, a1: [] };
      groups.set(key, g);
    }
    g.a1.push(`${columnLetter(c.col + 1)}${c.row}`);
  }
  for (const g of groups.values()) sheet.getRangeList(g.a1).setNumberFormat(g.format).setValue(g.value);
}

/** The run each written cell went in with (place writes one row's adjacent cells with one call), in the order given. */
function runKeys(all: readonly Placed[]): string[] {
  const cols = new Map<string, Set<number>>();
  for (const c of all) {
    const k = `${c.video}:${c.row}`;
    const set = cols.get(k);
    if (set) set.add(c.col);
    else cols.set(k, new Set([c.col]));
  }
  return all.map((w) => {
    const set = cols.get(`${w.video}:${w.row}`) as Set<number>;
    let first = w.col;
    while (set.has(first - 1)) first--;
    return `${w.video}:${w.row}:${first}`;
  });
}

/** Calendar day (yyyy-mm-dd, spreadsheet zone) of a date cell, to compare it with a date written as typed text. */
export type YmdOf = (d: Date) => string;

const YMD = /^\d{4}-\d{2}-\d{2}$/;

function isDate(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]';
}

/** Whether a cell read back holds what was written (text written quoted, dates written as typed days). */
export function sameCell(read: unknown, written: unknown, ymdOf: YmdOf): boolean {
  const norm = (v: unknown): unknown => {
    if (v === null || v === undefined) return '';
    if (isDate(v)) return v.getTime();
    if (typeof v === 'string' && v.charAt(0) === "'") return v.slice(1);
    return v;
  };
  if (isDate(read) && typeof written === 'string' && YMD.test(written)) return ymdOf(read) === written;
  if (isDate(written) && typeof read === 'string' && YMD.test(read)) return ymdOf(written) === read;
  const x = norm(read);
  const y = norm(written);
  if (typeof x === 'number' && typeof y === 'string' && y.trim() !== '') return x === Number(y);
  if (typeof y === 'number' && typeof x === 'string' && x.trim() !== '') return y === Number(x);
  return x === y;
}

/**
 * Reads the given cells: one row's cells in one rectangle, else each column's
 * rows in spans (rows between two wanted ones read through while that is
 * cheaper than another call), so scattered rows of a big sheet cost a few
 * calls, not the column.
 */
export function readCells(sheet: Sheet, cells: readonly { row: number; col: number }[]): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (cells.length === 0) return out;
  const rows = new Set(cells.map((c) => c.row));
  if (rows.size === 1) {
    const row = cells[0].row;
    const left = Math.min(...cells.map((c) => c.col));
    const right = Math.max(...cells.map((c) => c.col));
    const values = sheet.getRange(row, left + 1, 1, right - left + 1).getValues()[0];
    for (const c of cells) out.set(`${row}:${c.col}`, values[c.col - left]);
    return out;
  }
  const byCol = new Map<number, number[]>();
  for (const c of cells) {
    const g = byCol.get(c.col);
    if (g) g.push(c.row);
    else byCol.set(c.col, [c.row]);
  }
  for (const [col, list] of byCol) {
    for (const [top, bottom] of spansOf(list, gapFor(1))) {
      const values = sheet.getRange(top, col + 1, bottom - top + 1, 1).getValues();
      for (let r = top; r <= bottom; r++) out.set(`${r}:${col}`, values[r - top][0]);
    }
  }
  return out;
}

/**
 * Writes each video's cells on the row that holds the video when the write
 * comes, and makes sure they stay there (see the file comment).
 * `restore(videoId)` gives a video's own cells (as written) for the columns
 * written, from the read the plan was made on, to put back where a write
 * landed on the wrong video. The undo writes those same values back where
 * the cells were written: it needs no read of its own.
 */
export function guardedWrite(
  sheet: Sheet,
  videoCol: number,
  writes: readonly RowWrite[],
  hints: ReadonlyMap<string, number>,
  restore: (videoId: string, col: number) => Cell | undefined,
  ymdOf: YmdOf,
  opts: { prepare?: () => () => void } = {},
): GuardedResult {
  const same = (a: unknown, b: unknown): boolean => sameCell(a, b, ymdOf);
  const wanted = writes.map((w) => w.videoId);
  // The Video URL cell is how a row is recognised, so it is never written here: a write that landed
  // on another row would otherwise make that row look like the video's own.
  const byVideo = new Map(
    writes.map((w) => [
      w.videoId,
      { videoId: w.videoId, cells: new Map([...w.cells].filter(([col]) => col !== videoCol)) },
    ]),
  );
  const undos: Undo[] = [];
  // The caller's other writes (its log lines) ask their sizes first, before the last look at the rows, and
  // write right after the cells: one commit for all of them, and nothing between that look and the cells.
  const others = opts.prepare ? opts.prepare() : null;
  let rows = locate(sheet, videoCol, wanted, hints);
  const gone = wanted.filter((v) => !rows.has(v));
  const live = wanted.filter((v) => rows.has(v));
  const overwritten: GuardedResult['overwritten'] = [];
  if (live.length === 0) return { rows, gone, overwritten, undo: () => undefined };
  let pending: Placed[] = [];
  for (const v of live)
    for (const [col, c] of (byVideo.get(v) as RowWrite).cells)
      pending.push({ video: v, row: rows.get(v) as number, col, value: c.value, format: c.format });
  try {
    for (let pass = 0; pass < PASSES; pass++) {
      const written = pending;
      // Undo puts back each video's own cells from the plan's read: no extra read of the sheet.
      const before = written.map((c) => ({ ...c, value: restore(c.video, c.col) ?? '' }));
      place(sheet, written);
      undos.push(() => place(sheet, before));
      if (pass === 0 && others) others();
      // Look again: where is each video now?
      const now = locate(sheet, videoCol, live, rows);
      const moved = live.filter((v) => now.get(v) !== rows.get(v));
      if (moved.length === 0) return { rows, gone, overwritten, undo: undoEvery(undos) };
      // Something moved. Read what the written rows and the videos' rows hold now, and what video each row holds.
      const all = videoRows(sheet, videoCol, live);
      const atRow = new Map<number, string>();
      for (const [v, r] of all) atRow.set(r, v);
      const check: Placed[] = [];
      for (const v of live) {
        const r = all.get(v);
        if (r === undefined) continue;
        for (const [col, c] of (byVideo.get(v) as RowWrite).cells)
          check.push({ video: v, row: r, col, value: c.value, format: c.format });
      }
      const current = readCells(sheet, [...check, ...written]);
      const fix: Placed[] = [];
      for (const c of check) if (!same(current.get(`${c.row}:${c.col}`), c.value)) fix.push(c);
      // A written cell now on another video that still shows what was written for ours gets that video's own value back.
      // Where the holder's own value is not known, whether the write hit it is judged by the write's run
      // (the cells of one row written by one call, which land together): a run whose changed cell shows
      // on our video's row now landed there; one whose changed cell does not, landed on the holder.
      const landedOnOurs = new Map<string, boolean>();
      const runOf = runKeys(written);
      for (const [i, w] of written.entries()) {
        const r = all.get(w.video);
        if (r === undefined) continue;
        const pre = restore(w.video, w.col);
        if (pre === undefined || same(pre, w.value)) continue;
        const key = runOf[i];
        if (!landedOnOurs.has(key)) landedOnOurs.set(key, same(current.get(`${r}:${w.col}`), w.value));
      }
      for (const [i, w] of written.entries()) {
        const holder = atRow.get(w.row);
        if (holder && byVideo.has(holder)) continue;
        // A row with no video (one inserted meanwhile) held nothing of ours: it is emptied again.
        const own = holder ? restore(holder, w.col) : '';
        if (!same(current.get(`${w.row}:${w.col}`), w.value)) continue;
        if (own !== undefined) {
          if (!same(own, w.value))
            fix.push({ video: holder ?? '', row: w.row, col: w.col, value: own, format: w.format });
        } else if (landedOnOurs.get(runOf[i]) !== true)
          overwritten.push({ videoId: holder as string, row: w.row, col: w.col });
      }
      rows = new Map(live.filter((v) => all.has(v)).map((v) => [v, all.get(v) as number]));
      if (fix.length === 0) return { rows, gone, overwritten, undo: undoEvery(undos) };
      pending = fix;
    }
  } catch (e) {
    // The caller must know when the cells are still there: it then records them for repair instead of saying nothing was written.
    if (!undoAll(undos) && e && typeof e === 'object') (e as { cellsLeft?: boolean }).cellsLeft = true;
    throw e;
  }
  undoAll(undos);
  throw new MovingLedgerError(
    'The Ledger kept being sorted or rows kept moving while saving, so nothing was written. Try again when the sheet is still.',
  );
}
