/**
 * Moves the Audit's oldest lines into yearly log spreadsheets and finds a
 * video's history across the Audit and every log (core/ledger/auditLog.ts says why
 * and how a move stays whole). The daily check calls rollAuditOver at the end
 * of a run, under the document lock, so no Audit line is appended meanwhile.
 * Creating and opening the log spreadsheets needs the spreadsheets scope,
 * which the add-on has:
 * https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet-app#create(String,Integer,Integer)
 * https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet-app#openById(String)
 */
import {
  AUDIT_LOGS_HEADERS,
  AUDIT_LOGS_SHEET,
  LOG_FILE_LINES,
  type LogFile,
  ROLL_CHUNK,
  currentLog,
  linesToMove,
  logFileName,
  logIndexRows,
  overlap,
  parseLogIndex,
  sameLine,
  sameYearPrefix,
  yearOfInstant,
} from '../../core/ledger/auditLog';
import { isDateObject as isDate } from '../../core/ledger/dates';
import { dateCellToYmd } from '../../core/ledger/dates';
import { AUDIT_HEADERS, SHEET } from '../../core/ledger/sheets';
import { parseVideoUrl, videoIdOf } from '../../core/ledger/video';
import { type Env, openEnv } from './env';
import { ensureRows, restorable, rowsContaining, videoNeedle } from './ledger';
import { fitColumns, headLogSheet } from './logs';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

const WIDTH = AUDIT_HEADERS.length;

export interface RolloverResult {
  /** Lines moved out of the Audit by this run. */
  moved: number;
  /** Lines that should still move (the run had no time for them): the next run goes on. */
  left: number;
}

function indexSheet(env: Env): Sheet | null {
  return env.ss.getSheetByName(AUDIT_LOGS_SHEET);
}

function readIndex(env: Env): LogFile[] {
  const sheet = indexSheet(env);
  if (!sheet) return [];
  const last = sheet.getLastRow();
  return last < 1 ? [] : parseLogIndex(sheet.getRange(1, 1, last, AUDIT_LOGS_HEADERS.length).getValues());
}

/** Rewrites the "Audit logs" sheet (a few rows), made the first time a log is. */
function writeIndex(env: Env, files: readonly LogFile[]): void {
  let sheet = indexSheet(env);
  if (!sheet) {
    sheet = env.ss.insertSheet(AUDIT_LOGS_SHEET);
    fitColumns(sheet, AUDIT_LOGS_HEADERS.length);
    sheet.setFrozenRows(1);
    sheet.protect().setDescription("Where the Audit's older lines are: written by Spark Ledger.").setWarningOnly(true);
  }
  const rows = logIndexRows(files).map((r) => r.map((v) => (typeof v === 'string' ? restorable(v) : v)));
  ensureRows(sheet, rows.length + 1);
  const old = sheet.getLastRow();
  sheet.getRange(1, 1, rows.length + 1, AUDIT_LOGS_HEADERS.length).setValues([[...AUDIT_LOGS_HEADERS], ...rows]);
  if (old > rows.length + 1)
    sheet.getRange(rows.length + 2, 1, old - rows.length - 1, AUDIT_LOGS_HEADERS.length).clearContent();
}

/** The log spreadsheet's Audit sheet, made on first use: a new spreadsheet's one sheet, renamed, headed and cut to 7 columns. */
function logSheet(target: Spreadsheet): Sheet {
  const found = target.getSheetByName(SHEET.audit);
  if (found) return found;
  // Headed before it is named: a sheet called Audit always has its header row, so lines go below it.
  const sheet = target.getSheets()[0];
  headLogSheet(sheet, AUDIT_HEADERS);
  sheet.setName(SHEET.audit);
  return sheet;
}

/** Opens a listed log, or creates the year's next part and lists it before anything is written to it. */
function openLog(env: Env, files: LogFile[], year: string): { file: LogFile; sheet: Sheet } {
  const { file, part } = currentLog(files, year);
  if (file) return { file, sheet: logSheet(SpreadsheetApp.openById(file.id)) };
  const target = SpreadsheetApp.create(logFileName(env.ss.getName(), year, part), 2, WIDTH);
  target.setSpreadsheetTimeZone(env.timeZone);
  const fresh: LogFile = {
    year,
    part,
    id: target.getId(),
    url: target.getUrl(),
    lines: 0,
    first: '',
    last: '',
    moving: 0,
  };
  files.push(fresh);
  writeIndex(env, files);
  return { file: fresh, sheet: logSheet(target) };
}

/** A line read back, written again as it was (text quoted so that Sheets does not read it as a number or date). */
function asWritten(line: readonly unknown[]): unknown[] {
  return line.map((v) => restorable(v));
}

/**
 * Moves the Audit's oldest lines to the log spreadsheets while it holds more
 * than `kept` (plus the slack), a chunk at a time, until `deadline`
 * (Date.now() milliseconds); the rest is left for the next run.
 */
export function rollAuditOver(env: Env, kept: number, deadline: number): RolloverResult {
  const audit = env.ss.getSheetByName(SHEET.audit);
  if (!audit) return { moved: 0, left: 0 };
  const lines = Math.max(audit.getLastRow() - 1, 0);
  let toMove = linesToMove(lines, kept);
  const files = readIndex(env);
  // A move a run did not finish (its lines copied, perhaps, but not deleted) is finished first, whatever the Audit's size.
  const unfinished = files.reduce((n, f) => Math.max(n, f.moving), 0);
  toMove = Math.min(Math.max(toMove, unfinished), lines);
  if (toMove === 0) return { moved: 0, left: 0 };
  const offsets = env.offsets();
  // When each year begins in the spreadsheet's zone, asked once a year (env.offsetOn is one zone lookup).
  const starts = new Map<number, number>();
  const startOf = (year: number): number => {
    let t = starts.get(year);
    if (t === undefined) {
      t = Date.UTC(year, 0, 1) - env.offsetOn(`${String(year).padStart(4, '0')}-01-01`) * 60000;
      starts.set(year, t);
    }
    return t;
  };
  let moved = 0;
  while (toMove > 0) {
    if (moved > 0 && Date.now() > deadline) break;
    const n = Math.min(ROLL_CHUNK, toMove);
    const head = audit.getRange(2, 1, n, WIDTH).getValues();
    const years = head.map((r) =>
      isDate(r[0]) ? String(yearOfInstant((r[0] as Date).getTime(), startOf)) : 'undated',
    );
    const { file, sheet } = openLog(env, files, years[0]);
    // One chunk: one year, and no more than the log file takes.
    const take = Math.min(sameYearPrefix(years), Math.max(LOG_FILE_LINES - file.lines, 1));
    const chunk = head.slice(0, take);
    // Lines an interrupted run copied but did not delete are the log's last ones: they are not copied again.
    const logLast = sheet.getLastRow();
    let done = 0;
    if (logLast >= 2) {
      const lastLine = sheet.getRange(logLast, 1, 1, WIDTH).getValues()[0];
      const at = chunk.findIndex((l) => sameLine(l, lastLine));
      if (at >= 0) {
        const from = Math.max(2, logLast - at);
        const tail = sheet.getRange(from, 1, logLast - from + 1, WIDTH).getValues();
        done = overlap(tail, chunk, sameLine);
      }
    }
    if (done < take) {
      file.moving = take;
      writeIndex(env, files);
      const rows = chunk.slice(done).map(asWritten);
      const start = Math.max(logLast, 1) + 1;
      ensureRows(sheet, start + rows.length - 1);
      sheet.getRange(start, 1, rows.length, WIDTH).setValues(rows);
    }
    SpreadsheetApp.flush();
    audit.deleteRows(2, take);
    file.moving = 0;
    file.lines = sheet.getLastRow() - 1;
    if (!file.first) file.first = String(dateCellToYmd(chunk[0][0], offsets));
    file.last = String(dateCellToYmd(chunk[take - 1][0], offsets));
    writeIndex(env, files);
    moved += take;
    toMove -= take;
  }
  return { moved, left: toMove };
}

/** One line of a video's history and where it is kept. */
export interface TrailLine {
  when: string;
  who: string;
  field: string;
  oldValue: string;
  newValue: string;
  via: string;
  /** "Audit", or the log spreadsheet's name. */
  source: string;
}

/**
 * A video's Audit lines, newest first, from the Audit and every log
 * spreadsheet: one TextFinder search of the Video URL column in each
 * (https://developers.google.com/apps-script/reference/spreadsheet/range#createTextFinder(String)),
 * then only the rows found are read. A log that cannot be opened (deleted,
 * or not shared with this person) is named in `unreadable`.
 */
export function auditTrail(videoUrl: unknown): { lines: TrailLine[]; unreadable: string[] } {
  const parsed = parseVideoUrl(String(videoUrl ?? ''));
  if (!parsed)
    throw new Error(
      'Video URL must be a TikTok video link like https://www.tiktok.com/@handle/video/7412345678901234567.',
    );
  const env = openEnv();
  const needle = videoNeedle(parsed.videoId);
  const lines: TrailLine[] = [];
  const unreadable: string[] = [];
  const search = (sheet: Sheet | null, source: string) => {
    if (!sheet) return;
    // Column C holds the video link (AUDIT_HEADERS).
    for (const row of rowsContaining(sheet, 2, needle, true)) {
      const r = sheet.getRange(row, 1, 1, WIDTH).getValues()[0];
      if (videoIdOf(r[2]) !== parsed.videoId) continue;
      const when = isDate(r[0]) ? r[0].toISOString() : String(r[0]);
      lines.push({
        when,
        who: String(r[1]),
        field: String(r[3]),
        oldValue: String(r[4]),
        newValue: String(r[5]),
        via: String(r[6]),
        source,
      });
    }
  };
  search(env.ss.getSheetByName(SHEET.audit), SHEET.audit);
  for (const f of readIndex(env)) {
    const name = `Audit ${f.year}${f.part > 1 ? ` (part ${f.part})` : ''}`;
    let target: Spreadsheet;
    try {
      target = SpreadsheetApp.openById(f.id);
    } catch (_) {
      unreadable.push(`${name} (${f.url})`);
      continue;
    }
    search(target.getSheetByName(SHEET.audit), name);
  }
  lines.sort((a, b) => (a.when < b.when ? 1 : a.when > b.when ? -1 : 0));
  return { lines, unreadable };
}

/**
 * The status a video had before its newest move to Renewal needed, from the
 * Audit: the rows whose new value is Renewal needed and the rows of this
 * video are found by two searches, and only the newest row in both is read
 * (the Audit is appended to, so a later row is a later line). '' when the
 * Audit holds no such line, for example after its lines moved to a yearly
 * log; the caller then falls back on the paid campaign
 * (core/lifecycle/lifecycle.ts, statusBeforeRenewalNeeded).
 */
export function statusBeforeRenewalNeeded(env: Env, videoId: string): string {
  const sheet = env.ss.getSheetByName(SHEET.audit);
  if (!sheet || videoId === '') return '';
  // Columns C (video) and F (new value) of AUDIT_HEADERS.
  const ofVideo = new Set(rowsContaining(sheet, 2, videoNeedle(videoId), true));
  const renewalRows = rowsContaining(sheet, 5, 'Renewal needed', true).filter((r) => ofVideo.has(r));
  for (let i = renewalRows.length - 1; i >= 0 && i >= renewalRows.length - 3; i--) {
    const r = sheet.getRange(renewalRows[i], 1, 1, WIDTH).getValues()[0];
    if (videoIdOf(r[2]) === videoId && String(r[3]) === 'Status' && String(r[5]) === 'Renewal needed')
      return String(r[4]);
  }
  return '';
}
