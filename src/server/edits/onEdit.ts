/**
 * onEdit(e): the simple trigger that checks what people type or paste into
 * the Ledger (docs/product.md §8). It only reads and writes the spreadsheet it is bound
 * to, which a simple trigger may do, and finishes well inside the 30 seconds
 * a simple trigger gets:
 * https://developers.google.com/apps-script/guides/triggers#restrictions
 * An add-on's simple triggers run in AuthMode.LIMITED (bound file only), or
 * in NONE where nothing may be read, in which case this does nothing:
 * https://developers.google.com/apps-script/reference/script/auth-mode
 * The add-on's own writes never fire it ("Script executions and API requests
 * do not cause triggers to run"), so only people's edits are seen here.
 *
 * The event has e.oldValue only for a single-cell edit:
 * https://developers.google.com/apps-script/guides/triggers/events#edit
 * For a paste, each row's previous status is the one its status seal vouches
 * for (src/core/ledger/seal.ts): a signed copy of the row's last recorded status in a
 * hidden column, which moves with the row when people sort, and which an
 * editor can neither forge nor borrow from another video. The seals come in
 * the same read as the edited rows, so judging a paste reads no log and costs
 * the same however long the Audit sheet grows. A seal pasted in the same edit
 * is the editor's own, so it is not believed. Rows without a seal that
 * verifies (older ledgers, new rows typed in) are judged as unknown: only
 * against what the new status needs.
 */
import { type EditPlan, NOTE_PREFIX, type StatusCell, mergeNote, planEdit } from '../../core/edits/edits';
import { type FieldDef, type FieldKey, type LedgerRecord, type Status, fieldDef } from '../../core/ledger/fields';
import { isStatus } from '../../core/lifecycle/lifecycle';
import { sealColumnIndex } from '../../core/ledger/seal';
import { numberFormatFor } from '../../core/ledger/sheetRow';
import { type ColumnMap, ledgerHeaderProblem, mapColumns, rowToRecord, valueToCell } from '../../core/ledger/sheetRow';
import { SHEET } from '../../core/ledger/sheets';
import { normalizeValue } from '../../core/ledger/values';
import { parseVideoUrl } from '../../core/ledger/video';
import { type Env, envFor, UNKNOWN_USER } from '../ledger/env';
import type { Undo } from '../ledger/ledger';
import { BusyError, withDocumentLock } from '../ledger/lock';
import { type RowWrite, guardedWrite, videoIdOf } from '../ledger/rowGuard';
import { dateCellToYmd } from '../../core/ledger/dates';
import { AUTOMATIC_FORMAT } from '../../core/ledger/sheetRow';
import type { Cell } from '../../core/ledger/sheetRow';
import { isLedgerSheet, restorable } from '../ledger/ledger';
import { appendAudit } from '../ledger/logs';
import { type SealCheck, type SealRow, sealVerifier, writeSeals, sealWriter } from '../ledger/seal';
import { writeColumnRows } from '../ledger/columnWrite';

type Range = GoogleAppsScript.Spreadsheet.Range;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export interface EditOutcome {
  /** Rows whose status was put back. */
  reverted: number[];
  audited: number;
}

const NOTHING: EditOutcome = { reverted: [], audited: 0 };

export function onEdit(e?: GoogleAppsScript.Events.SheetsOnEdit): EditOutcome {
  if (!e?.range) return NOTHING;
  if (String((e as { authMode?: unknown }).authMode) === 'NONE') return NOTHING;
  const range = e.range;
  const sheet = range.getSheet();
  const top = range.getRow();
  const numRows = range.getNumRows();
  if (top + numRows - 1 < 2) return NOTHING;
  const env = envFor(e.source ?? sheet.getParent());
  // The Ledger is found by the sheet id setup remembered, so a renamed Ledger is still checked (ledger.ts).
  if (sheet.getName() !== SHEET.ledger && !isLedgerSheet(env, sheet)) return NOTHING;
  const run = (): EditOutcome => checkEdit(env, e, sheet, range);
  try {
    return withDocumentLock(run, 20000);
  } catch (err) {
    if (!(err instanceof BusyError)) throw err;
    // The edit has already happened; a busy ledger must not leave it unchecked.
    return run();
  }
}

function who(e: GoogleAppsScript.Events.SheetsOnEdit, env: Env): string {
  try {
    const email = e.user && typeof e.user.getEmail === 'function' ? e.user.getEmail() : '';
    if (email) return email;
  } catch (_) {
    // A simple trigger may not be allowed to know who edited.
  }
  try {
    return env.user;
  } catch (_) {
    return UNKNOWN_USER;
  }
}

function checkEdit(env: Env, e: GoogleAppsScript.Events.SheetsOnEdit, sheet: Sheet, range: Range): EditOutcome {
  const width = sheet.getLastColumn();
  if (width === 0) return NOTHING;
  const header = sheet.getRange(1, 1, 1, width).getValues()[0];
  const cols = mapColumns(header);
  // A missing, renamed or duplicated ledger column would be read as empty or twice: nothing is judged until
  // Set up ledger repairs the headers (every other job refuses to run meanwhile, saying so).
  if (ledgerHeaderProblem(cols) !== null) return NOTHING;
  const block = {
    top: range.getRow(),
    left: range.getColumn(),
    numRows: range.getNumRows(),
    numCols: range.getNumColumns(),
  };
  const first = Math.max(block.top, 2);
  const last = block.top + block.numRows - 1;
  const values = sheet.getRange(first, 1, last - first + 1, width).getValues();
  const offsets = env.offsets();
  const records = new Map<number, LedgerRecord>();
  values.forEach((row, i) => {
    records.set(first + i, rowToRecord(row, cols, offsets, first + i));
  });

  const single = block.numRows === 1 && block.numCols === 1;
  const inBlock = (index: number | undefined): boolean =>
    index !== undefined && index >= 0 && index + 1 >= block.left && index + 1 < block.left + block.numCols;
  const sealIndex = sealColumnIndex(header);
  // Seals inside the edited block were just written by the editor (a whole row copied, or an old seal pasted back).
  const sealTrusted = sealIndex >= 0 && !inBlock(sealIndex);
  let verify: SealCheck | null = null;
  const oldValue = single && e.oldValue !== undefined && e.oldValue !== null ? String(e.oldValue) : undefined;

  const plan = planEdit(block, cols, records, {
    who: who(e, env),
    nowIso: env.nowIso,
    hoursUntil: (d) => env.hoursUntil(d),
    oldValue,
    previousStatus(row, rec): Status | '' | null {
      if (single) {
        const s = (oldValue ?? '').trim();
        const n = s === '' ? null : normalizeValue(fieldDef('status') as FieldDef, s);
        return n && 'value' in n && isStatus(n.value) ? n.value : '';
      }
      const p = parseVideoUrl(rec.videoUrl);
      if (!p || !sealTrusted) return null;
      if (!verify) verify = sealVerifier(env);
      return verify(p.videoId, values[row - first][sealIndex]);
    },
  });
  guardedEditWrite(env, sheet, header, records, cols, plan, { first, values });
  return { reverted: plan.reverted, audited: plan.audit.length };
}

/**
 * Writes `updates` (row → value) into the field's column, in spans
 * (columnWrite.ts). Each span gets the column's own number format first, so
 * no string lands in a plain-text ('@') cell of an older ledger, and every
 * value goes in as the field's cell (valueToCell: text quoted, a date typed).
 */
function writeColumnSpan(sheet: Sheet, cols: ColumnMap, key: FieldKey, updates: ReadonlyMap<number, string>): void {
  const index = cols.index[key];
  if (updates.size === 0 || index === undefined) return;
  const def = fieldDef(key) as FieldDef;
  const cells = new Map([...updates].map(([row, v]) => [row, valueToCell(def, v)]));
  writeColumnRows(sheet, index + 1, cells, { spanFormat: numberFormatFor(def) });
}

/** The seals to write after the plan: rows whose audited status changed, with their video. */
function sealRows(records: ReadonlyMap<number, LedgerRecord>, plan: EditPlan): SealRow[] {
  return plan.status
    .filter((s) => s.reseal)
    .map((s) => {
      const p = parseVideoUrl(records.get(s.row)?.videoUrl ?? '');
      return { row: s.row, videoId: p ? p.videoId : '', status: s.value };
    });
}

/** Whether the edited rows still hold the videos read at the start: one read of their Video URL cells. */
function rowsHold(sheet: Sheet, videoCol: number, records: ReadonlyMap<number, LedgerRecord>): boolean {
  const rows = [...records.keys()];
  if (rows.length === 0) return true;
  const top = Math.min(...rows);
  const now = sheet.getRange(top, videoCol + 1, Math.max(...rows) - top + 1, 1).getValues();
  return rows.every((r) => videoIdOf(now[r - top][0]) === videoIdOf(records.get(r)?.videoUrl));
}

/**
 * The plan's writes, kept with their videos while people sort or insert rows
 * (rowGuard.ts). The edited rows are looked at just before writing by row and
 * just after; if they moved, every planned cell is written again by video id,
 * cells that landed on other videos get those videos' own values back, and
 * the notes, which only explain, are left out.
 */
function guardedEditWrite(
  env: Env,
  sheet: Sheet,
  header: readonly unknown[],
  records: ReadonlyMap<number, LedgerRecord>,
  cols: ColumnMap,
  plan: EditPlan,
  read: { first: number; values: unknown[][] },
): void {
  const videoCol = cols.index.videoUrl;
  const writes = plan.status.length + plan.expiry.size + plan.decision.size + plan.paid.size;
  if (videoCol === undefined || writes === 0) {
    write(env, sheet, header, records, cols, plan);
    return;
  }
  if (rowsHold(sheet, videoCol, records)) {
    write(env, sheet, header, records, cols, plan);
    // Audited already; the cells are put where their videos are now.
    if (!rowsHold(sheet, videoCol, records)) rewriteByVideo(env, sheet, header, records, cols, plan, read);
    return;
  }
  rewriteByVideo(env, sheet, header, records, cols, plan, read);
  if (plan.audit.length) appendAudit(env, plan.audit);
}

function rewriteByVideo(
  env: Env,
  sheet: Sheet,
  header: readonly unknown[],
  records: ReadonlyMap<number, LedgerRecord>,
  cols: ColumnMap,
  plan: EditPlan,
  read: { first: number; values: unknown[][] },
): void {
  const videoCol = cols.index.videoUrl as number;
  const byRow = new Map<number, RowWrite>();
  const hints = new Map<string, number>();
  const own = new Map<string, unknown[]>();
  const cellOf = (row: number): RowWrite | null => {
    const videoId = videoIdOf(records.get(row)?.videoUrl);
    if (!videoId) return null;
    let w = byRow.get(row);
    if (!w) {
      w = { videoId, cells: new Map() };
      byRow.set(row, w);
      hints.set(videoId, row);
      own.set(videoId, read.values[row - read.first] ?? []);
    }
    return w;
  };
  const seals = sealWriter(env, sheet, header);
  const sealCol = seals.column();
  const statusCol = cols.index.status as number;
  for (const st of plan.status) {
    const w = cellOf(st.row);
    if (!w) continue;
    w.cells.set(statusCol, { value: st.value, format: numberFormatFor(fieldDef('status') as FieldDef) });
    if (st.reseal && sealCol >= 0)
      w.cells.set(sealCol, { value: seals.cell(w.videoId, st.value), format: AUTOMATIC_FORMAT });
  }
  for (const [key, updates] of [
    ['expiresOn', plan.expiry],
    ['renewalDecision', plan.decision],
    ['paidStatus', plan.paid],
  ] as const) {
    const col = cols.index[key];
    if (col === undefined) continue;
    const def = fieldDef(key) as FieldDef;
    for (const [row, v] of updates) {
      const w = cellOf(row);
      if (w) w.cells.set(col, { value: valueToCell(def, v), format: numberFormatFor(def) });
    }
  }
  const restore = (videoId: string, col: number): Cell | undefined => {
    const row = own.get(videoId);
    if (!row) return undefined;
    return restorable(row[col]);
  };
  guardedWrite(sheet, videoCol, [...byRow.values()], hints, restore, (d) => dateCellToYmd(d, env.offsets()));
}

/**
 * Applies the plan: the Status cells of the edited rows in one setValues and
 * one setNotes (the agency's own notes kept), recomputed expiry dates in one
 * setValues, then the new seals of the rows whose status changed in one
 * setValues (writeSeals), then one audit append. If the seals or the audit
 * cannot be written, the seals are put back and the status changes the audit
 * would have recorded are put back too, so the Audit sheet never misses a
 * status the ledger shows, and no seal vouches for a status nobody recorded.
 * A refused edit leaves its row's seal as it was: it still vouches for the
 * status put back.
 */
function write(
  env: Env,
  sheet: Sheet,
  header: readonly unknown[],
  records: ReadonlyMap<number, LedgerRecord>,
  cols: ColumnMap,
  plan: EditPlan,
): void {
  let statusCells: Range | null = null;
  let notes: unknown[][] = [];
  if (plan.status.length) {
    const col = (cols.index.status as number) + 1;
    statusCells = sheet.getRange(plan.status[0].row, col, plan.status.length, 1);
    if (plan.status.some((s) => s.value !== String(records.get(s.row)?.status ?? ''))) {
      // Status words (a fixed list: no number, date, boolean or formula among them) need no quote,
      // so they read the same in an automatic cell and in an older ledger's '@' cell; this saves a format call.
      statusCells.setValues(plan.status.map((s: StatusCell) => [s.value]));
    }
    notes = statusCells.getNotes();
    const next = plan.status.map((s, i) => [mergeNote(String(notes[i][0] ?? ''), s.note)]);
    if (next.some((n, i) => n[0] !== notes[i][0])) statusCells.setNotes(next);
  }
  writeColumnSpan(sheet, cols, 'expiresOn', plan.expiry);
  writeColumnSpan(sheet, cols, 'renewalDecision', plan.decision);
  writeColumnSpan(sheet, cols, 'paidStatus', plan.paid);
  if (plan.audit.length === 0) return;
  let undoSeals: Undo | null = null;
  try {
    const seals = sealRows(records, plan);
    if (seals.length) undoSeals = writeSeals(env, sheet, header, seals);
    appendAudit(env, plan.audit);
  } catch (err) {
    if (undoSeals) {
      try {
        undoSeals();
      } catch (_) {
        // The status cells are put back below all the same; the error that stopped the save is reported.
      }
    }
    if (statusCells) {
      const back = plan.status.map((s) => s.previous ?? s.value);
      statusCells.setValues(back.map((v) => [v]));
      statusCells.setNotes(
        plan.status.map((s, i) => [
          mergeNote(
            String(notes[i]?.[0] ?? ''),
            s.previous !== null && s.previous !== s.value
              ? `${NOTE_PREFIX}Status was put back to ${back[i] || 'empty'}: the change could not be recorded in the Audit sheet (${(err as Error).message}). Try again.`
              : '',
          ),
        ]),
      );
    }
    throw err;
  }
}
