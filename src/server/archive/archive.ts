/**
 * archiveClosed(olderThanDays): Retired and Expired rows move from Ledger to
 * Archive with every column, their code history summarised, and an audit
 * line each. Archive first, delete second; see core/archive/archive.ts for why a
 * failure leaves every row in exactly one sheet.
 *
 * Calls: 3 reads (Ledger, Archive, Code history), up to 6 to create or widen
 * Archive, 2 writes to append (formats, values), the Video URL column read
 * before and after the deletes (rows are found by video id: people may sort
 * meanwhile), one deleteRows per contiguous block of archived rows (at most
 * MAX_BLOCKS a run), 1 audit write, and the repair journal written ahead and
 * cleared (document properties).
 */
import {
  type ArchiveCandidate,
  type ArchivePlan,
  MAX_BLOCKS,
  archiveCandidates,
  blocksOf,
  historyByVideo,
  localDateOf,
  parseOlderThanDays,
  planArchive,
} from '../../core/archive/archive';
import { HEADER_STYLE } from '../../core/setup/plan';
import { AUTOMATIC_FORMAT } from '../../core/ledger/sheetRow';
import { quoteText } from '../../core/ledger/sheetRow';
import { type AuditEntry, SHEET } from '../../core/ledger/sheets';
import { type Env, openEnv } from '../ledger/env';
import { type LedgerData, readLedger, readLedgerColumns, restorable } from '../ledger/ledger';
import { clearJournal, recordJournal } from '../ledger/journal';
import { videoIdOf, videoRows } from '../ledger/rowGuard';
import { withDocumentLock } from '../ledger/lock';
import { appendAudit } from '../ledger/logs';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export interface ArchiveResult {
  moved: number;
  /** Rows an interrupted earlier run had already copied; now removed from the Ledger. */
  alreadyArchived: number;
  /** Closed rows old enough that wait for another run (more than MAX_BLOCKS blocks). */
  remaining: number;
  /** Live rows a sort made this run delete by mistake, put back at the end of the Ledger (audited "Restored"). */
  restored?: number;
}

function readAll(sheet: Sheet | null): unknown[][] {
  if (!sheet || sheet.getLastRow() === 0) return [];
  return sheet.getDataRange().getValues() as unknown[][];
}

export interface ArchivePreview {
  days: number;
  rows: ArchiveCandidate[];
  total: number;
}

/** Rows a preview lists at most; the total counts them all. */
export const PREVIEW_ROWS = 200;

/**
 * previewArchive(olderThanDays): the rows archiveClosed would move, shown
 * before anything moves. Reads only the columns that decide it and writes
 * nothing.
 */
export function previewArchive(olderThanDays: unknown): ArchivePreview {
  const days = parseOlderThanDays(olderThanDays);
  if (!days.ok) throw new Error(days.message);
  const env = openEnv();
  const data = readLedgerColumns(env, ['status', 'updatedAt', 'expiresOn', 'creatorHandle', 'client', 'campaign']);
  const offsets = env.offsets();
  const records = data.records(offsets);
  const rows = archiveCandidates(records, env.today, days.days, (iso) => localDateOf(iso, offsets[0]));
  return { days: days.days, rows: rows.slice(0, PREVIEW_ROWS), total: rows.length };
}

/**
 * `options.videoIds`: only these videos move (the ones a preview showed); a
 * row that became archivable after the preview waits for the next run.
 */
export function archiveClosed(olderThanDays: unknown, options?: unknown): ArchiveResult {
  const days = parseOlderThanDays(olderThanDays);
  if (!days.ok) throw new Error(days.message);
  const ids = options && typeof options === 'object' ? (options as { videoIds?: unknown }).videoIds : undefined;
  if (ids !== undefined && !(Array.isArray(ids) && ids.every((v) => typeof v === 'string')))
    throw new Error('videoIds must be a list of video ids.');
  const only = ids ? new Set(ids as string[]) : undefined;
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
      only,
    });
    if (plan.blocks.length === 0) return { moved: 0, alreadyArchived: 0, remaining: plan.remaining };

    // Rows are known by video id from here on: people may sort the Ledger while this runs.
    const videoCol = data.cols.index.videoUrl as number;
    const videoAt = (row: number): string => videoIdOf(data.values[row - 1]?.[videoCol]) ?? '';
    const leaving = new Set([...plan.appendedRows, ...plan.alreadyArchived].map(videoAt).filter(Boolean));
    const lines = plan.audit.map((entry, i) => ({ videoId: videoAt(plan.auditRows[i]), entry }));
    // Written ahead: a run that dies after deleting and before its audit leaves this, and the
    // next write adds each "Archived" line whose video is gone from the Ledger (journal.ts).
    const ahead = recordJournal(env, {
      when: env.nowIso,
      who: env.user,
      what: `archiving ${leaving.size} closed rows`,
      videoCol,
      cells: [],
      rows: [],
      gone: lines,
    });

    const sheet = existing ?? createArchive(env);
    const lastRow = archiveValues.length;
    writeHeaders(sheet, plan);
    const start = Math.max(lastRow, 1) + 1;
    appendArchiveRows(sheet, start, plan);

    const outcome = removeFromLedger(data, leaving, videoCol);
    const removed = lines.filter((l) => outcome.removed.has(l.videoId)).map((l) => l.entry);
    const restoredLines: AuditEntry[] = outcome.restored.map((url) => ({
      when: env.nowIso,
      who: env.user,
      videoUrl: url,
      field: 'Restored',
      oldValue: 'deleted while archiving',
      newValue:
        'The Ledger was sorted while closed rows were being archived; this live row was put back at the end of the Ledger.',
      via: 'archive',
    }));
    if (outcome.error) {
      clearArchiveCopies(sheet, start, plan, data, videoCol, outcome.removed);
      appendAudit(env, [...removed, ...restoredLines]);
      if (ahead) clearJournal(env);
      throw new Error(
        `Archiving stopped after moving ${outcome.removed.size} rows: Sheets failed while deleting the rest from the Ledger (${outcome.error}). Those rows were taken out of Archive again, so each row is in exactly one sheet; run "Archive closed rows" again to finish.`,
      );
    }
    appendAudit(env, [...removed, ...restoredLines]);
    if (ahead) clearJournal(env);
    return {
      moved: outcome.removed.size,
      alreadyArchived: plan.alreadyArchived.length,
      remaining: plan.remaining,
      ...(outcome.restored.length ? { restored: outcome.restored.length } : {}),
    };
  });
}

/** Passes of delete-and-look before a Ledger still moving is left to the next run. */
const DELETE_PASSES = 3;

/**
 * Deletes the rows of the leaving videos from the Ledger, finding them by
 * video id just before (one read of the Video URL column), bottom block
 * first so each delete leaves the rows above it where they were. Then looks
 * again: a live video gone too (a sort between the read and a delete moved
 * it under one) is put back from the plan's read, at the end; a leaving
 * video still there is deleted on the next pass.
 */
function removeFromLedger(
  data: LedgerData,
  leaving: ReadonlySet<string>,
  videoCol: number,
): { removed: Set<string>; restored: string[]; error?: string } {
  const removed = new Set<string>();
  const restored: string[] = [];
  const ledger = data.sheet;
  let before = new Map<string, number>();
  try {
    for (let pass = 0; pass < DELETE_PASSES; pass++) {
      before = videoRows(ledger, videoCol);
      const rows = [...leaving].filter((v) => before.has(v)).map((v) => before.get(v) as number);
      if (rows.length === 0) break;
      const maxRows = ledger.getMaxRows();
      // Sheets refuses to delete every non-frozen row: keep one empty row.
      // https://developers.google.com/apps-script/reference/spreadsheet/sheet#deleteRows(Integer,Integer)
      if (maxRows - rows.length <= Math.max(1, ledger.getFrozenRows())) ledger.insertRowsAfter(maxRows, 1);
      const blocks = blocksOf(rows);
      for (let i = blocks.length - 1; i >= 0; i--) ledger.deleteRows(blocks[i].start, blocks[i].count);
      // Live videos are expected still there: one missing is looked for once more (rows inserted meanwhile push it down).
      const after = videoRows(
        ledger,
        videoCol,
        [...before.keys()].filter((v) => !leaving.has(v)),
      );
      for (const v of leaving) if (before.has(v) && !after.has(v)) removed.add(v);
      for (const v of before.keys()) {
        if (leaving.has(v) || after.has(v)) continue;
        const r = data.lookup.rowOfVideoId(v);
        if (r === null) continue;
        ledger.appendRow(data.values[r - 1].map(restorable));
        restored.push(String(data.values[r - 1][videoCol]));
      }
      if (![...leaving].some((v) => after.has(v))) break;
    }
  } catch (e) {
    // Which of this pass's deletes went through: the rows still there say.
    try {
      const now = videoRows(ledger, videoCol);
      for (const v of leaving) if (before.has(v) && !now.has(v)) removed.add(v);
    } catch (_) {
      // Unknown: the next run finds any row left in both sheets and deletes it from the Ledger only.
    }
    return { removed, restored, error: (e as Error).message };
  }
  for (const v of leaving) if (data.lookup.rowOfVideoId(v) === null) removed.add(v);
  return { removed, restored };
}

/** Clears the archive copies of rows that are still in the Ledger, so each row is in exactly one sheet. */
function clearArchiveCopies(
  archive: Sheet,
  start: number,
  plan: ArchivePlan,
  data: LedgerData,
  videoCol: number,
  removed: ReadonlySet<string>,
): void {
  try {
    plan.appendedRows.forEach((ledgerRow, i) => {
      const v = videoIdOf(data.values[ledgerRow - 1]?.[videoCol]);
      if (v && !removed.has(v)) archive.getRange(start + i, 1, 1, plan.headers.length).clearContent();
    });
  } catch (_) {
    // The next run finds these rows in both sheets and only deletes them from the Ledger.
  }
}

/** Like the add-on's logs: warning-only protection, so the archive is not edited by accident. */
function createArchive(env: Env): Sheet {
  const sheet = env.ss.insertSheet(SHEET.archive, env.ss.getNumSheets());
  sheet.setFrozenRows(1);
  sheet
    .protect()
    .setDescription('Archive written by Spark Ledger: closed rows, moved out of the Ledger for finance.')
    .setWarningOnly(true);
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
  sheet
    .getRange(start, 1, plan.values.length, plan.headers.length)
    .setNumberFormats(plan.formats)
    .setValues(plan.values as never);
}
