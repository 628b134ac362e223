/**
 * The daily check's memory between runs: the hidden "Alert memory" sheet (what
 * was alerted per code, and the mail still queued, as serialized text in
 * column A) and its sent log (column B: one cell per digest sent since the
 * memory was last saved, replayed by the next run when a run dies).
 */
import {
  type AlertState,
  type Delivery,
  LEVEL_LABEL,
  type Level,
  afterDelivery,
  chunkText,
  parseState,
  serializeState,
  type DigestLine,
} from '../../core/expiry/plan';
import { AUTOMATIC_FORMAT } from '../../core/ledger/sheetRow';
import { quoteText } from '../../core/ledger/sheetRow';
import type { Env } from '../ledger/env';
import { missingAuditLines } from '../ledger/journal';
import { fitColumns } from '../ledger/logs';

import type { AuditEntry } from '../../core/ledger/sheets';

/** The hidden sheet holding what the check remembers between runs. */
export const SHEET_MEMORY = 'Alert memory';

/** Cells of the memory sheet hold up to 50,000 characters: https://support.google.com/docs/answer/37603 */
const CELL_CHARS = 40000;
/**
 * A1 of the memory sheet. It also tells a sheet written this way (automatic
 * format, quoted text) from one an older version wrote into plain-text ('@')
 * cells, whose columns must be made automatic before quoted text goes in.
 */
const MEMORY_NOTE =
  'Spark Ledger alert memory: which expiry alerts went out and which wait for mail quota. Do not edit. (text v2)';
/** B1 of the memory sheet: below it, one cell per digest sent since the memory was last saved. */
const SENT_LOG_NOTE = 'Sent since the last save (replayed by the next run)';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** One digest that went out: who, when, and which codes at which level. */
export interface SentEntry {
  to: string;
  on: string;
  when: string;
  lines: [key: string, level: Level, videoUrl: string][];
}

export interface Memory {
  sheet: Sheet | null;
  /** The saved state with the sent log applied. */
  state: AlertState;
  /** The sent log as read: entries not yet folded into the saved state, or not yet audited. */
  log: SentEntry[];
  /** Whether an older version's plain-text format must be replaced before writing. */
  needsFormat: boolean;
  /** The sheet's row count, once asked. */
  maxRows?: number;
}

function parseSentEntry(v: unknown): SentEntry | null {
  try {
    const e = JSON.parse(String(v)) as SentEntry;
    if (!e || typeof e.to !== 'string' || typeof e.on !== 'string' || !Array.isArray(e.lines)) return null;
    const lines = e.lines.filter(
      (l) => Array.isArray(l) && typeof l[0] === 'string' && typeof l[1] === 'number' && typeof l[2] === 'string',
    );
    return { to: e.to, on: e.on, when: String(e.when ?? ''), lines };
  } catch (_) {
    return null;
  }
}

export function asDelivery(e: SentEntry): Delivery {
  return { to: e.to, lines: e.lines.map(([key, level, videoUrl]) => ({ key, level, videoUrl }) as DigestLine) };
}

/**
 * The memory sheet: A1 a note, A2 how many cells of text follow, A3… the
 * text; B1 a note, B2… the sent log. A count rather than clearing means one
 * setValues replaces the state atomically; cells past the count are leftovers
 * and ignored. Sends in the log are applied on read, each with its own day,
 * which is idempotent, so a log replayed twice does no harm.
 */
export function readMemory(env: Env): Memory {
  const sheet = env.ss.getSheetByName(SHEET_MEMORY);
  if (!sheet) return { sheet: null, state: parseState(null), log: [], needsFormat: false };
  const values = sheet.getDataRange().getValues();
  const pieces = Number(values[1]?.[0] ?? 0) || 0;
  let text = '';
  for (let i = 0; i < pieces; i++) text += String(values[2 + i]?.[0] ?? '');
  let state = parseState(text);
  const log: SentEntry[] = [];
  for (let r = 1; r < values.length; r++) {
    const cell = values[r][1];
    if (cell === '' || cell === null || cell === undefined) break;
    const e = parseSentEntry(cell);
    if (e) log.push(e);
  }
  for (const e of log) state = afterDelivery(state, [asDelivery(e)], [], e.on);
  return { sheet, state, log, needsFormat: values[0]?.[0] !== MEMORY_NOTE };
}

/**
 * Every chunk is quoted into an automatic cell, so a chunk that happens to
 * read as a number, a date, TRUE or a formula stays the exact text
 * (https://support.google.com/docs/answer/3094139). A new sheet is automatic.
 */
export function memorySheet(env: Env, memory: Memory): Sheet {
  let sheet = memory.sheet;
  if (!sheet) {
    sheet = env.ss.insertSheet(SHEET_MEMORY);
    sheet.hideSheet();
    // Two columns, not a new sheet's 26: every cell counts against the spreadsheet's 10 M (logs.ts fitColumns).
    fitColumns(sheet, 2);
    memory.sheet = sheet;
  }
  if (memory.needsFormat) {
    sheet.getRange('A:B').setNumberFormat(AUTOMATIC_FORMAT);
    memory.needsFormat = false;
  }
  return sheet;
}

export function saveMemory(env: Env, memory: Memory, state: AlertState): void {
  const sheet = memorySheet(env, memory);
  const chunks = chunkText(serializeState(state), CELL_CHARS);
  const rows = [[quoteText(MEMORY_NOTE)], [chunks.length], ...chunks.map((c) => [quoteText(c)])];
  // A new sheet has 1,000 rows (40 MB of text); grow only beyond that.
  if (rows.length > 1000 && rows.length > sheet.getMaxRows())
    sheet.insertRowsAfter(sheet.getMaxRows(), rows.length - sheet.getMaxRows());
  sheet.getRange(1, 1, rows.length, 1).setValues(rows);
}

/** Writes one sent-log entry in the next free cell of column B: one call a send, whatever the memory's size. */
export function logSent(env: Env, memory: Memory, index: number, entry: SentEntry): void {
  const sheet = memorySheet(env, memory);
  const row = 2 + index;
  // The grid's size is asked once a run, so a send costs one write (getRange, setValues), whatever the log's length.
  if (memory.maxRows === undefined) memory.maxRows = sheet.getMaxRows();
  if (row > memory.maxRows) {
    sheet.insertRowsAfter(memory.maxRows, 500);
    memory.maxRows += 500;
  }
  const cells =
    index === 0
      ? [[quoteText(SENT_LOG_NOTE)], [quoteText(JSON.stringify(entry))]]
      : [[quoteText(JSON.stringify(entry))]];
  sheet.getRange(index === 0 ? 1 : row, 2, cells.length, 1).setValues(cells);
}

export function clearSentLog(memory: Memory, count: number): void {
  if (!memory.sheet || count === 0) return;
  memory.sheet.getRange(2, 2, count, 1).clearContent();
}

/**
 * Audit lines for sends an earlier run logged but did not get into the
 * Audit sheet (it died, or its audit append failed). The Audit sheet's last
 * rows are read to leave out lines that did get there (the run may have died
 * between its audit and emptying the log); only runs with a leftover log
 * read it.
 */
export function sentAudit(env: Env, leftover: readonly SentEntry[], who: string): AuditEntry[] {
  const wanted: AuditEntry[] = [];
  for (const e of leftover) {
    for (const [, level, videoUrl] of e.lines) {
      wanted.push({
        when: e.when || env.nowIso,
        who,
        videoUrl,
        field: 'Expiry alert sent',
        oldValue: LEVEL_LABEL[level],
        newValue: e.to,
        via: 'daily check',
      });
    }
  }
  return missingAuditLines(env, wanted);
}
