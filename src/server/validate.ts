/**
 * validateLedger(): one read of the Ledger, problems computed in core, and
 * only the backgrounds that change written: the cells that need attention
 * painted with one RangeList, the add-on's earlier marks on fixed cells
 * cleared with another
 * (https://developers.google.com/apps-script/reference/spreadsheet/range-list#setBackground(String)).
 * Only the add-on's own highlight colour is ever removed: the agency's
 * backgrounds stay, except on a cell that needs attention. Problems are found
 * by row on the read; if rows moved before the painting (the Video URL
 * column read again just before it differs), each problem is moved to where
 * its video is now.
 */
import { daysBetween } from '../core/dates';
import { MENU_TITLE } from '../core/menu';
import { BackgroundChange, NO_BACKGROUND, PROBLEM_BACKGROUND, RowProblem, highlightChanges, ledgerProblems, problemSummary } from '../core/validateLedger';
import { Env, openEnv } from './env';
import { LedgerData, isLedgerProblem, readLedger } from './ledger';
import { videoIdOf } from './rowGuard';
import { BusyError, withDocumentLock } from './lock';
import { readSettings } from './settingsSheet';

export interface ValidateResult {
  checked: number;
  problems: RowProblem[];
}

/**
 * Hours to an expiry date. Only dates within a few days matter to the
 * 72-hour rule, so farther ones skip the time-zone lookup (a service call).
 */
function hoursUntil(env: Env): (ymd: string) => number {
  return (ymd) => {
    const days = daysBetween(env.today, ymd);
    return Math.abs(days) > 5 ? days * 24 : env.hoursUntil(ymd);
  };
}

/** A1 references per RangeList: Google states no limit, so long lists go in pieces (an assumption). */
const RANGE_LIST_CHUNK = 2000;

/** Tries at painting while rows keep moving; after them the last paint stays. */
const PAINT_PASSES = 3;

function videoColumn(data: LedgerData): unknown[] {
  const videoCol = data.cols.index.videoUrl as number;
  const last = data.sheet.getLastRow();
  return last >= 2 ? data.sheet.getRange(2, videoCol + 1, last - 1, 1).getValues().map((r) => r[0]) : [];
}

function sameColumn(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * Paints what changes (see the file comment) and returns how to take it back:
 * the painted cells get their earlier backgrounds, the cleared ones the mark.
 */
function paint(data: LedgerData, ledgerCols: number[], placed: RowProblem[]): () => void {
  const lastRow = Math.max(data.sheet.getLastRow(), ...placed.map((p) => p.row));
  if (lastRow < 2 || ledgerCols.length === 0) return () => undefined;
  const firstCol = Math.min(...ledgerCols);
  const width = Math.max(...ledgerCols) - firstCol + 1;
  const current = data.sheet.getRange(2, firstCol, lastRow - 1, width).getBackgrounds();
  const { paint: on, clear: off } = highlightChanges(current, 2, firstCol, data.cols, placed);
  const inList = (cells: readonly BackgroundChange[], bg: string | null) => {
    for (let i = 0; i < cells.length; i += RANGE_LIST_CHUNK) data.sheet.getRangeList(cells.slice(i, i + RANGE_LIST_CHUNK).map((c) => c.a1)).setBackground(bg);
  };
  inList(on, PROBLEM_BACKGROUND);
  inList(off, null);
  return () => {
    // Earlier backgrounds of the painted cells, grouped by colour; the cleared ones get the mark again.
    const byColour = new Map<string, BackgroundChange[]>();
    for (const c of on) {
      const key = c.was === '' || c.was === NO_BACKGROUND ? '' : c.was;
      const group = byColour.get(key);
      if (group) group.push(c);
      else byColour.set(key, [c]);
    }
    for (const [bg, cells] of byColour) inList(cells, bg === '' ? null : bg);
    inList(off, PROBLEM_BACKGROUND);
  };
}

/** The problems at the rows their videos are on `now` (the Video URL column read again), from the rows they were found on (`found`). */
function whereNow(now: unknown[], problems: RowProblem[], found: unknown[]): RowProblem[] {
  if (problems.length === 0 || sameColumn(now, found)) return problems;
  const rowOf = new Map<string, number>();
  now.forEach((v, i) => {
    const id = videoIdOf(v);
    if (id && !rowOf.has(id)) rowOf.set(id, i + 2);
  });
  return problems.flatMap((p) => {
    const id = videoIdOf(found[p.row - 2]);
    if (!id) return [p];
    const row = rowOf.get(id);
    // A video whose row was deleted meanwhile has nothing left to paint.
    return row === undefined ? [] : [{ ...p, row }];
  });
}

export function validateLedger(): ValidateResult {
  const env = openEnv();
  const settings = readSettings(env);
  return withDocumentLock(() => {
    const data = readLedger(env);
    const records = data.dataRows().map((r) => data.record(r));
    const { checked, problems } = ledgerProblems(records, { hoursUntil: hoursUntil(env), settings });
    const ledgerCols = (Object.values(data.cols.index) as number[]).map((i) => i + 1);
    const videoCol = data.cols.index.videoUrl as number;
    const found = data.values.slice(1).map((r) => r[videoCol]);
    let placed = problems;
    for (let pass = 0; ; pass++) {
      const now = videoColumn(data);
      placed = whereNow(now, problems, found);
      const undo = paint(data, ledgerCols, placed);
      // Looked at again: if rows moved while painting, the paint is taken back and done again where the videos are.
      if (sameColumn(videoColumn(data), now) || pass === PAINT_PASSES - 1) break;
      undo();
    }
    return { checked, problems: placed };
  });
}

/** Menu item: runs the check and tells the person what it found. */
export function menuValidateLedger(): void {
  const ui = SpreadsheetApp.getUi();
  try {
    const r = validateLedger();
    ui.alert(`${MENU_TITLE} · Validate ledger`, problemSummary(r.checked, r.problems), ui.ButtonSet.OK);
  } catch (e) {
    // A busy ledger, or a Ledger the add-on cannot read (a header renamed, missing or repeated): say so and how to repair it.
    if (e instanceof BusyError || isLedgerProblem(e)) ui.alert(MENU_TITLE, (e as Error).message, ui.ButtonSet.OK);
    else throw e;
  }
}
