/**
 * onEdit(e): the simple trigger that checks what people type or paste into
 * the Ledger (SPEC §8). It only reads and writes the spreadsheet it is bound
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
 * For a paste, each row's previous status is the last one recorded in the
 * Audit sheet, which every status change goes through (sidebar, daily check,
 * import, and this trigger for legal sheet edits); the Audit sheet is read
 * from its end, in chunks, only for pastes that touch Status.
 */
import { EditPlan, NOTE_PREFIX, StatusCell, lastStatuses, mergeNote, planEdit } from '../core/edits';
import { FieldDef, FieldKey, LedgerRecord, Status, fieldDef } from '../core/fields';
import { isStatus } from '../core/lifecycle';
import { numberFormatFor } from '../core/setupPlan';
import { ColumnMap, mapColumns, quoteText, rowToRecord, valueToCell } from '../core/sheetRow';
import { AUDIT_HEADERS, SHEET } from '../core/sheets';
import { normalizeValue } from '../core/values';
import { parseVideoUrl } from '../core/video';
import { Env, envFor, UNKNOWN_USER } from './env';
import { BusyError, withDocumentLock } from './lock';
import { appendAudit } from './logs';

type Range = GoogleAppsScript.Spreadsheet.Range;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** Audit rows read per call while looking back for the last statuses of a paste. */
const AUDIT_CHUNK = 2000;

export interface EditOutcome {
  /** Rows whose status was put back. */
  reverted: number[];
  audited: number;
}

const NOTHING: EditOutcome = { reverted: [], audited: 0 };

export function onEdit(e?: GoogleAppsScript.Events.SheetsOnEdit): EditOutcome {
  if (!e || !e.range) return NOTHING;
  if (String((e as { authMode?: unknown }).authMode) === 'NONE') return NOTHING;
  const range = e.range;
  const sheet = range.getSheet();
  if (sheet.getName() !== SHEET.ledger) return NOTHING;
  const top = range.getRow();
  const numRows = range.getNumRows();
  if (top + numRows - 1 < 2) return NOTHING;
  const env = envFor(e.source ?? sheet.getParent());
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
  const block = { top: range.getRow(), left: range.getColumn(), numRows: range.getNumRows(), numCols: range.getNumColumns() };
  const first = Math.max(block.top, 2);
  const last = block.top + block.numRows - 1;
  const values = sheet.getRange(first, 1, last - first + 1, width).getValues();
  const offsets = env.offsets();
  const records = new Map<number, LedgerRecord>();
  values.forEach((row, i) => records.set(first + i, rowToRecord(row, cols, offsets, first + i)));

  const single = block.numRows === 1 && block.numCols === 1;
  const statusEdited = cols.index.status !== undefined && cols.index.status + 1 >= block.left && cols.index.status + 1 < block.left + block.numCols;
  const known = single || !statusEdited ? null : auditStatuses(env, records);
  const oldValue = single && e.oldValue !== undefined && e.oldValue !== null ? String(e.oldValue) : undefined;

  const plan = planEdit(block, cols, records, {
    who: who(e, env),
    nowIso: env.nowIso,
    hoursUntil: (d) => env.hoursUntil(d),
    oldValue,
    previousStatus(_row, rec): Status | '' | null {
      if (single) {
        const s = (oldValue ?? '').trim();
        const n = s === '' ? null : normalizeValue(fieldDef('status') as FieldDef, s);
        return n && 'value' in n && isStatus(n.value) ? n.value : '';
      }
      const p = parseVideoUrl(rec.videoUrl);
      if (!p || !known) return null;
      return known.has(p.videoId) ? (known.get(p.videoId) as Status | '') : null;
    },
  });
  write(env, sheet, cols, records, plan);
  return { reverted: plan.reverted, audited: plan.audit.length };
}

/** Last recorded status of each pasted row's video, read from the end of the Audit sheet. */
function auditStatuses(env: Env, records: ReadonlyMap<number, LedgerRecord>): Map<string, Status | ''> {
  const found = new Map<string, Status | ''>();
  const wanted = new Set<string>();
  for (const rec of records.values()) {
    const p = parseVideoUrl(rec.videoUrl);
    if (p) wanted.add(p.videoId);
  }
  const audit = env.ss.getSheetByName(SHEET.audit);
  if (!audit || wanted.size === 0) return found;
  const lastRow = audit.getLastRow();
  const width = audit.getLastColumn();
  if (lastRow < 2 || width === 0) return found;
  const header = audit.getRange(1, 1, 1, width).getValues()[0].map((h) => String(h).trim());
  const url = header.indexOf(AUDIT_HEADERS[2]);
  const field = header.indexOf(AUDIT_HEADERS[3]);
  const value = header.indexOf(AUDIT_HEADERS[5]);
  if (url < 0 || field < 0 || value < 0) return found;
  let end = lastRow;
  while (end >= 2 && found.size < wanted.size) {
    const start = Math.max(2, end - AUDIT_CHUNK + 1);
    const rows = audit.getRange(start, 1, end - start + 1, width).getValues().map((r) => [r[url], r[field], r[value]]);
    lastStatuses(rows, wanted, found);
    end = start - 1;
  }
  return found;
}

/**
 * Writes `updates` (row → value) into one column in a single setValues over
 * the rows they span; rows in between get back what they held. The span gets
 * the column's own number format first, so no string lands in a plain-text
 * ('@') cell of an older ledger, and every string goes in as the field's cell
 * (valueToCell: text quoted, a date typed) or, for rows in between, quoted.
 */
function writeColumnSpan(sheet: Sheet, cols: ColumnMap, key: FieldKey, updates: ReadonlyMap<number, string>): void {
  const index = cols.index[key];
  if (updates.size === 0 || index === undefined) return;
  const def = fieldDef(key) as FieldDef;
  const rows = [...updates.keys()];
  const top = Math.min(...rows);
  const bottom = Math.max(...rows);
  const cells = sheet.getRange(top, index + 1, bottom - top + 1, 1);
  const current = cells.getValues();
  cells.setNumberFormat(numberFormatFor(def));
  cells.setValues(current.map((c, i) => {
    const v = updates.get(top + i);
    if (v !== undefined) return [valueToCell(def, v)];
    return [typeof c[0] === 'string' ? quoteText(c[0]) : c[0]];
  }));
}

/**
 * Applies the plan: the Status cells of the edited rows in one setValues and
 * one setNotes (the agency's own notes kept), recomputed expiry dates in one
 * setValues, then one audit append. If the audit cannot be written, status
 * changes it would have recorded are put back, so the Audit sheet never
 * misses a status the ledger shows.
 */
function write(env: Env, sheet: Sheet, cols: ColumnMap, records: ReadonlyMap<number, LedgerRecord>, plan: EditPlan): void {
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
  if (plan.audit.length === 0) return;
  try {
    appendAudit(env, plan.audit);
  } catch (err) {
    if (statusCells) {
      const back = plan.status.map((s) => s.previous ?? s.value);
      statusCells.setValues(back.map((v) => [v]));
      statusCells.setNotes(plan.status.map((s, i) => [mergeNote(String(notes[i]?.[0] ?? ''), s.previous !== null && s.previous !== s.value
        ? `${NOTE_PREFIX}Status was put back to ${back[i] || 'empty'}: the change could not be recorded in the Audit sheet (${(err as Error).message}). Try again.`
        : '')]));
    }
    throw err;
  }
}
