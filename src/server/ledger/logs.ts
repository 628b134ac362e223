/** Append-only logs: Audit and Code history, each one batched write. */
import type { CodeHistoryEntry } from '../../core/lifecycle/actions';
import { quoteText } from '../../core/ledger/sheetRow';
import { AUDIT_HEADERS, type AuditEntry, CODE_HISTORY_HEADERS, SHEET } from '../../core/ledger/sheets';
import type { Env } from './env';
import { type Undo, ensureRows } from './ledger';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

function logSheet(env: Env, name: string, headers: readonly string[]): Sheet {
  const existing = env.ss.getSheetByName(name);
  if (existing) return existing;
  const sheet = env.ss.insertSheet(name);
  headLogSheet(sheet, headers);
  return sheet;
}

/** Makes a new sheet a log: its header row, frozen, and only as wide as the header. */
export function headLogSheet(sheet: Sheet, headers: readonly string[]): void {
  sheet.getRange(1, 1, 1, headers.length).setValues([headers.slice()]);
  sheet.setFrozenRows(1);
  fitColumns(sheet, headers.length);
}

/**
 * Takes a new log sheet down to its own columns. Every cell of a grid counts
 * against the spreadsheet's 10,000,000, empty ones too
 * (https://support.google.com/docs/answer/37603), and a new sheet is 26
 * columns wide: an Audit line uses 7 of them, so each row the log grows by
 * would cost 26 cells instead of 7.
 */
export function fitColumns(sheet: Sheet, width: number): void {
  const max = sheet.getMaxColumns();
  if (max > width) sheet.deleteColumns(width + 1, max - width);
}

/** Rows a log append wrote: where, and what, so an interrupted save can be repaired later. */
export interface Appended {
  sheetName: string;
  start: number;
  values: unknown[][];
}

/** An undo that also says which rows it would take out again. */
export type AppendUndo = Undo & { appended?: Appended };

/** Appends rows after the last one and returns an undo that deletes them again. */
export function appendRows(sheet: Sheet, rows: unknown[][], sheetName = ''): AppendUndo {
  return prepareAppend(sheet, rows, sheetName)();
}

/**
 * An append in two steps: where it goes is asked now (a size is a round
 * trip, and it would commit any write queued before it), the rows are
 * written when the returned function is called. The logs are the add-on's
 * own and it holds the document lock, so nothing else appends in between.
 */
export function prepareAppend(sheet: Sheet, rows: unknown[][], sheetName = ''): () => AppendUndo {
  if (rows.length === 0) return () => () => undefined;
  const start = sheet.getLastRow() + 1;
  ensureRows(sheet, start + rows.length - 1);
  return () => {
    const range = sheet.getRange(start, 1, rows.length, rows[0].length);
    range.setValues(rows);
    const undo: AppendUndo = () => {
      range.clearContent();
    };
    undo.appended = { sheetName, start, values: rows };
    return undo;
  };
}

export function auditRows(entries: readonly AuditEntry[]): unknown[][] {
  return entries.map((e) => [
    new Date(e.when),
    quoteText(e.who),
    quoteText(e.videoUrl),
    quoteText(e.field),
    quoteText(e.oldValue),
    quoteText(e.newValue),
    e.via,
  ]);
}

export function appendAudit(env: Env, entries: readonly AuditEntry[]): AppendUndo {
  return prepareAudit(env, entries)();
}

/** appendAudit in two steps (prepareAppend). */
export function prepareAudit(env: Env, entries: readonly AuditEntry[]): () => AppendUndo {
  if (entries.length === 0) return () => () => undefined;
  return prepareAppend(logSheet(env, SHEET.audit, AUDIT_HEADERS), auditRows(entries), SHEET.audit);
}

export function appendCodeHistory(env: Env, entries: readonly CodeHistoryEntry[]): AppendUndo {
  return prepareCodeHistory(env, entries)();
}

/** appendCodeHistory in two steps (prepareAppend). */
export function prepareCodeHistory(env: Env, entries: readonly CodeHistoryEntry[]): () => AppendUndo {
  if (entries.length === 0) return () => () => undefined;
  const rows = entries.map((h) => [
    quoteText(h.videoUrl),
    quoteText(h.sparkCode),
    h.authorizedOn,
    h.authDays,
    h.expiresOn,
    h.replacedOn,
    quoteText(h.reason),
    quoteText(h.by),
  ]);
  return prepareAppend(logSheet(env, SHEET.codeHistory, CODE_HISTORY_HEADERS), rows, SHEET.codeHistory);
}
