/**
 * archiveClosed(olderThanDays): Retired and Expired rows move from Ledger to
 * Archive with every column, their code history summarised, and an audit
 * line each. Archive first, delete second; see core/archive.ts for why a
 * failure leaves every row in exactly one sheet.
 *
 * Calls: 3 reads (Ledger, Archive, Code history), up to 6 to create or widen
 * Archive, 2 writes to append (formats, values), one deleteRows per
 * contiguous block of archived rows (at most MAX_BLOCKS a run), 1 audit write.
 */
import { ArchivePlan, MAX_BLOCKS, historyByVideo, localDateOf, parseOlderThanDays, planArchive, rowsInBlocks, undeletedSuffix } from '../core/archive';
import { MENU_TITLE } from '../core/menu';
import { AUTOMATIC_FORMAT, HEADER_STYLE } from '../core/setupPlan';
import { quoteText } from '../core/sheetRow';
import { SHEET } from '../core/sheets';
import { Env, openEnv } from './env';
import { readLedger } from './ledger';
import { withDocumentLock } from './lock';
import { appendAudit } from './logs';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export interface ArchiveResult {
  moved: number;
  /** Rows an interrupted earlier run had already copied; now removed from the Ledger. */
  alreadyArchived: number;
  /** Closed rows old enough that wait for another run (more than MAX_BLOCKS blocks). */
  remaining: number;
}

function readAll(sheet: Sheet | null): unknown[][] {
  if (!sheet || sheet.getLastRow() === 0) return [];
  return sheet.getDataRange().getValues() as unknown[][];
}

export function archiveClosed(olderThanDays: unknown): ArchiveResult {
  const days = parseOlderThanDays(olderThanDays);
  if (!days.ok) throw new Error(days.message);
  const env = openEnv();
  return withDocumentLock(() => {
    const data = readLedger(env);
    const records = data.dataRows().map((r) => data.record(r));
    const existing = env.ss.getSheetByName(SHEET.archive);
    const archiveValues = readAll(existing);
    const offsets = env.offsets();
    const plan = planArchive({
      ledgerValues: data.values,
      ledgerCols: data.cols,
      records,
      archiveValues,
      history: historyByVideo(readAll(env.ss.getSheetByName(SHEET.codeHistory)), offsets),
      offsets,
      today: env.today,
      olderThanDays: days.days,
      localDate: (iso) => localDateOf(iso, offsets[0]),
      archivedOn: env.now,
      nowIso: env.nowIso,
      user: env.user,
      batch: `archive ${env.nowIso}`,
      maxBlocks: MAX_BLOCKS,
    });
    if (plan.blocks.length === 0) return { moved: 0, alreadyArchived: 0, remaining: plan.remaining };

    const sheet = existing ?? createArchive(env);
    const lastRow = archiveValues.length;
    writeHeaders(sheet, plan);
    const start = Math.max(lastRow, 1) + 1;
    appendArchiveRows(sheet, start, plan);

    const done = deleteBlocks(data.sheet, plan, sheet, start);
    if (done < plan.blocks.length) {
      const gone = rowsInBlocks(plan.blocks, done);
      try {
        appendAudit(env, plan.audit.filter((_, i) => gone.has(plan.auditRows[i])));
      } catch (_) {
        // Archive's own columns (archived on, by, batch) still record the move.
      }
      throw new Error(`Archiving stopped after moving ${moved(plan, done)} rows: Sheets failed while deleting the rest from the Ledger. Those rows were taken out of Archive again, so each row is in exactly one sheet; run "Archive closed rows" again to finish.`);
    }
    appendAudit(env, plan.audit);
    return { moved: plan.appendedRows.length + plan.alreadyArchived.length, alreadyArchived: plan.alreadyArchived.length, remaining: plan.remaining };
  });
}

function moved(plan: ArchivePlan, blocksDone: number): number {
  return plan.blocks.slice(0, blocksDone).reduce((n, b) => n + b.count, 0);
}

/** Like the add-on's logs: warning-only protection, so the archive is not edited by accident. */
function createArchive(env: Env): Sheet {
  const sheet = env.ss.insertSheet(SHEET.archive, env.ss.getNumSheets());
  sheet.setFrozenRows(1);
  sheet.protect().setDescription('Archive written by Spark Ledger: closed rows, moved out of the Ledger for finance.').setWarningOnly(true);
  return sheet;
}

function writeHeaders(sheet: Sheet, plan: ArchivePlan): void {
  if (plan.addedHeaders.length === 0) return;
  const need = plan.headers.length - sheet.getMaxColumns();
  if (need > 0) sheet.insertColumnsAfter(sheet.getMaxColumns(), need);
  // Headers are text, the agency's own column names too: automatic cells (an inserted column
  // may inherit an older version's '@'), each name quoted.
  sheet
    .getRange(1, plan.headersFrom, 1, plan.addedHeaders.length)
    .setNumberFormat(AUTOMATIC_FORMAT)
    .setValues([plan.addedHeaders.map(quoteText)])
    .setFontWeight(HEADER_STYLE.fontWeight)
    .setBackground(HEADER_STYLE.background)
    .setFontColor(HEADER_STYLE.fontColor);
}

/** Formats first, then values, in one rectangle: quoted text lands in automatic cells and stays exact. */
function appendArchiveRows(sheet: Sheet, start: number, plan: ArchivePlan): void {
  if (plan.values.length === 0) return;
  const need = start + plan.values.length - 1 - sheet.getMaxRows();
  if (need > 0) sheet.insertRowsAfter(sheet.getMaxRows(), need);
  sheet.getRange(start, 1, plan.values.length, plan.headers.length).setNumberFormats(plan.formats).setValues(plan.values as never);
}

/**
 * Deletes the blocks top-down (each later block moves up by what was deleted
 * above it). On failure, clears the archive copies of rows still in the
 * Ledger and returns how many blocks were deleted.
 */
function deleteBlocks(ledger: Sheet, plan: ArchivePlan, archive: Sheet, archiveStart: number): number {
  const total = plan.blocks.reduce((n, b) => n + b.count, 0);
  const maxRows = ledger.getMaxRows();
  // Sheets refuses to delete every non-frozen row: keep one empty row.
  // https://developers.google.com/apps-script/reference/spreadsheet/sheet#deleteRows(Integer,Integer)
  if (maxRows - total <= Math.max(1, ledger.getFrozenRows())) ledger.insertRowsAfter(maxRows, 1);
  let removed = 0;
  for (let i = 0; i < plan.blocks.length; i++) {
    const b = plan.blocks[i];
    try {
      ledger.deleteRows(b.start - removed, b.count);
    } catch (e) {
      rollBack(plan, i, archive, archiveStart);
      return i;
    }
    removed += b.count;
  }
  return plan.blocks.length;
}

/** Clears the archive copies of rows still in the Ledger. */
function rollBack(plan: ArchivePlan, blocksDone: number, archive: Sheet, archiveStart: number): void {
  const keep = undeletedSuffix(plan, blocksDone);
  const drop = plan.appendedRows.length - keep;
  try {
    if (drop > 0) archive.getRange(archiveStart + keep, 1, drop, plan.headers.length).clearContent();
  } catch (_) {
    // The next run finds these rows in both sheets and only deletes them from the Ledger.
  }
}

export function menuArchiveClosed(): void {
  const ui = SpreadsheetApp.getUi();
  const answer = ui.prompt('Archive closed rows', 'Move Retired and Expired rows closed more than how many days ago? (for example 90)', ui.ButtonSet.OK_CANCEL);
  if (answer.getSelectedButton() !== ui.Button.OK) return;
  let message: string;
  try {
    const r = archiveClosed(answer.getResponseText());
    message = r.moved === 0 ? 'No Retired or Expired row is old enough to archive.' : `Moved ${r.moved} row${r.moved === 1 ? '' : 's'} to ${SHEET.archive}.`;
    if (r.remaining > 0) message += ` ${r.remaining} more wait for the next run: choose Archive closed rows again.`;
  } catch (e) {
    message = (e as Error).message;
  }
  ui.alert(MENU_TITLE, message, ui.ButtonSet.OK);
}
