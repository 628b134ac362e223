/**
 * validateLedger(): one read of the Ledger, problems computed in core, and
 * only the backgrounds that change written: the cells that need attention
 * painted with one RangeList, the add-on's earlier marks on fixed cells
 * cleared with another
 * (https://developers.google.com/apps-script/reference/spreadsheet/range-list#setBackground(String)).
 * Only the add-on's own highlight colour is ever removed: the agency's
 * backgrounds stay, except on a cell that needs attention. Backgrounds are
 * read only in the columns painted now or left marked by the last run
 * (MARKS_KEY). Problems are found by row on the read; if rows moved before the painting (the Video URL
 * column read again just before it differs), each problem is moved to where
 * its video is now.
 */
import { type FieldKey, fieldLabel } from '../../core/ledger/fields';
import { gapFor, spansOf } from '../../core/ledger/spans';
import {
  type BackgroundChange,
  NO_BACKGROUND,
  PROBLEM_BACKGROUND,
  type RowProblem,
  columnsToLook,
  fieldsOfColumns,
  highlightChanges,
  ledgerProblems,
  markedFields,
} from '../../core/edits/validate';
import { type AttentionItem, attentionList, needsPerson } from '../../core/lifecycle/attention';
import { nearHoursUntil, openEnv } from '../ledger/env';
import { type LedgerData, readLedger } from '../ledger/ledger';
import { videoIdOf } from '../ledger/rowGuard';
import { withDocumentLock } from '../ledger/lock';
import { readSettings } from '../ledger/settingsSheet';

export interface ValidateResult {
  checked: number;
  problems: RowProblem[];
  /** What waits on a person (core/lifecycle/attention.ts, needsPerson): expired, undecided within 72 hours, requests waiting too long, paid campaigns that disagree. */
  attention: AttentionItem[];
  /** Columns whose earlier highlights this run had no time to look at: the next run clears them. */
  highlightsLeft?: string[];
}

/** A1 references per RangeList: Google states no limit, so long lists go in pieces (an assumption). */
const RANGE_LIST_CHUNK = 2000;

/** Tries at painting while rows keep moving; after them the last paint stays. */
const PAINT_PASSES = 3;

function videoColumn(data: LedgerData): unknown[] {
  const videoCol = data.cols.index.videoUrl as number;
  const last = data.sheet.getLastRow();
  return last >= 2
    ? data.sheet
        .getRange(2, videoCol + 1, last - 1, 1)
        .getValues()
        .map((r) => r[0])
    : [];
}

function sameColumn(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * Document property naming the fields whose columns the last run left marks
 * in. Sorting moves a cell's background with its row, never to another
 * column, so the next run needs only those columns' backgrounds (and those it
 * paints), not the whole block. Without it (a ledger validated by an earlier
 * version, or the property lost) every ledger column is looked at.
 */
export const MARKS_KEY = 'sparkLedger.validateMarks';

function readMarks(): FieldKey[] | null {
  const raw = PropertiesService.getDocumentProperties().getProperty(MARKS_KEY);
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as unknown;
    return Array.isArray(v) && v.every((k) => typeof k === 'string') ? (v as FieldKey[]) : null;
  } catch (_) {
    return null;
  }
}

function saveMarks(fields: readonly FieldKey[]): void {
  PropertiesService.getDocumentProperties().setProperty(MARKS_KEY, JSON.stringify([...fields].sort()));
}

/** A Ledger tab just made holds no marks: its first validation reads only the columns it paints. */
export function rememberNoMarks(): void {
  saveMarks([]);
}

/**
 * How long a run may spend reading backgrounds of columns it does not paint
 * (sweeping an earlier run's marks). A run has 6 minutes
 * (https://developers.google.com/apps-script/guides/services/quotas#current_limitations);
 * the columns left over stay in MARKS_KEY and the next run sweeps them.
 */
export const SWEEP_BUDGET_MS = 4 * 60 * 1000;

interface Painted {
  undo: () => void;
  /** Columns (1-based) of `sweep` whose backgrounds were not read: their old marks are still to clear. */
  unswept: number[];
}

/**
 * Paints what changes (see the file comment) and returns how to take it back:
 * the painted cells get their earlier backgrounds, the cleared ones the mark.
 * Backgrounds are read in the columns painted, then in the columns to sweep
 * until `deadline` (Date.now() milliseconds); adjacent columns in one call.
 */
function paint(
  data: LedgerData,
  columns: { paint: number[]; sweep: number[] },
  placed: RowProblem[],
  deadline: number,
): Painted {
  const lastRow = Math.max(data.sheet.getLastRow(), ...placed.map((p) => p.row));
  if (lastRow < 2) return { undo: () => undefined, unswept: [] };
  const on: BackgroundChange[] = [];
  const off: BackgroundChange[] = [];
  const unswept: number[] = [];
  const look = (first: number, last: number) => {
    const current = data.sheet.getRange(2, first, lastRow - 1, last - first + 1).getBackgrounds();
    const changes = highlightChanges(current, 2, first, data.cols, placed);
    on.push(...changes.paint);
    off.push(...changes.clear);
  };
  const gap = gapFor(lastRow - 1);
  for (const [first, last] of spansOf(columns.paint, gap)) look(first, last);
  for (const [first, last] of spansOf(columns.sweep, gap)) {
    if (Date.now() > deadline) {
      for (const c of columns.sweep) if (c >= first && c <= last) unswept.push(c);
    } else look(first, last);
  }
  const inList = (cells: readonly BackgroundChange[], bg: string | null) => {
    for (let i = 0; i < cells.length; i += RANGE_LIST_CHUNK)
      data.sheet.getRangeList(cells.slice(i, i + RANGE_LIST_CHUNK).map((c) => c.a1)).setBackground(bg);
  };
  inList(on, PROBLEM_BACKGROUND);
  inList(off, null);
  const undo = () => {
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
  return { undo, unswept };
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
  const deadline = Date.now() + SWEEP_BUDGET_MS;
  const env = openEnv();
  const settings = readSettings(env);
  return withDocumentLock(() => {
    const data = readLedger(env);
    const records = data.dataRows().map((r) => data.record(r));
    const hoursUntil = nearHoursUntil(env);
    const { checked, problems } = ledgerProblems(records, { hoursUntil, settings });
    const earlier = readMarks();
    const columns = columnsToLook(data.cols, problems, earlier);
    const marks = markedFields(data.cols, problems);
    // Until the paint is done, marks may be in either run's columns (and anywhere while none are known).
    if (earlier !== null && marks.some((k) => !earlier.includes(k))) saveMarks([...new Set([...earlier, ...marks])]);
    const videoCol = data.cols.index.videoUrl as number;
    const found = data.values.slice(1).map((r) => r[videoCol]);
    let placed = problems;
    let unswept: number[] = [];
    for (let pass = 0; ; pass++) {
      const now = videoColumn(data);
      placed = whereNow(now, problems, found);
      const painted = paint(data, columns, placed, deadline);
      unswept = painted.unswept;
      // Looked at again: if rows moved while painting, the paint is taken back and done again where the videos are.
      if (sameColumn(videoColumn(data), now) || pass === PAINT_PASSES - 1) break;
      painted.undo();
    }
    const left = fieldsOfColumns(data.cols, unswept);
    const after = [...new Set([...marks, ...left])];
    if (earlier === null || earlier.length !== after.length || earlier.some((k) => !after.includes(k)))
      saveMarks(after);
    const attention = attentionList(records, { today: env.today, hoursUntil }).items.filter(needsPerson);
    return { checked, problems: placed, attention, ...(left.length ? { highlightsLeft: left.map(fieldLabel) } : {}) };
  });
}
