/**
 * The Audit's rollover into yearly log spreadsheets. Every cell of a
 * spreadsheet counts against its 10,000,000, empty ones too
 * (https://support.google.com/docs/answer/37603), and a code's history in
 * the Audit takes several times its Ledger row (docs/scale.md). So the
 * workbook keeps only the newest lines; older ones move, oldest first, into
 * one log spreadsheet per year (in parts when a year outgrows one), listed
 * with links on the ledger's "Audit logs" sheet and searched by video from
 * the ledger (auditTrail).
 *
 * Moving is copy-then-delete in chunks, and needs no journal: before a chunk
 * is copied, the log's last lines are compared with the Audit's first ones,
 * so a chunk an interrupted run copied but did not delete is recognised and
 * only deleted. A line is never in neither place; at worst, between a copy
 * and its delete, it is in both for a moment.
 */
import { isDateObject } from './dates';
import { AUDIT_HEADERS } from './sheets';

/** Lines the Audit keeps in the workbook unless Settings says otherwise ("Audit lines kept"): 1.4 M cells. */
export const AUDIT_LINES_KEPT = 200000;
/** The least and most "Audit lines kept" may say. */
export const AUDIT_LINES_KEPT_MIN = 1000;
export const AUDIT_LINES_KEPT_MAX = 1000000;
/** The Audit grows this share past what it keeps before lines move, so a move is a batch, not a line a day. */
export const ROLL_SLACK = 0.25;
/** Lines copied in one read and one write: 140,000 cells. */
export const ROLL_CHUNK = 20000;
/** Lines one log spreadsheet takes before the year goes on in a new part: 9 M of its 10 M cells. */
export const LOG_FILE_LINES = Math.floor(9000000 / AUDIT_HEADERS.length);

export const AUDIT_LOGS_SHEET = 'Audit logs';
export const AUDIT_LOGS_HEADERS = [
  'Year',
  'Part',
  'Log spreadsheet',
  'Lines',
  'First',
  'Last',
  'Spreadsheet id',
  'Moving',
] as const;

/** How many of the oldest lines move now: none until the Audit holds `kept` plus the slack, then down to `kept`. */
export function linesToMove(lines: number, kept: number): number {
  return lines > Math.floor(kept * (1 + ROLL_SLACK)) ? lines - kept : 0;
}

/** How many leading entries share the first one's year. */
export function sameYearPrefix(years: readonly string[]): number {
  let n = 0;
  while (n < years.length && years[n] === years[0]) n++;
  return n;
}

/**
 * The largest k such that the last k lines of `tail` are the first k lines of
 * `head`: lines a run copied to the log before it could delete them from the
 * Audit. `same` compares two lines.
 */
export function overlap<T>(tail: readonly T[], head: readonly T[], same: (a: T, b: T) => boolean): number {
  for (let k = Math.min(tail.length, head.length); k > 0; k--) {
    let ok = true;
    for (let i = 0; i < k && ok; i++) ok = same(tail[tail.length - k + i], head[i]);
    if (ok) return k;
  }
  return 0;
}

/** Whether two log lines (rows as read) are the same line: dates by instant, the rest by value. */
export function sameLine(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    const tx = isDateObject(x) ? x.getTime() : x;
    const ty = isDateObject(y) ? y.getTime() : y;
    if (
      tx !== ty &&
      !(tx === '' && (ty === null || ty === undefined)) &&
      !(ty === '' && (tx === null || tx === undefined))
    )
      return false;
  }
  return true;
}

export function logFileName(ledgerName: string, year: string, part: number): string {
  return `${ledgerName} · Audit ${year}${part > 1 ? ` (part ${part})` : ''}`;
}

/** One log spreadsheet, as its row on the "Audit logs" sheet says. */
export interface LogFile {
  year: string;
  part: number;
  id: string;
  url: string;
  lines: number;
  first: string;
  last: string;
  /** Lines a move is copying into it now: set before the copy, 0 once they are deleted from the Audit. A run that died leaves it set, and the next run finishes that move. */
  moving: number;
}

/** The "Audit logs" sheet's rows (header first), read back; rows without an id are not log files. */
export function parseLogIndex(grid: readonly (readonly unknown[])[]): LogFile[] {
  if (grid.length === 0) return [];
  const h = grid[0].map((x) => String(x).trim());
  const at = (name: string) => h.indexOf(name);
  const [y, p, u, l, f, t, i, m] = AUDIT_LOGS_HEADERS.map(at);
  if (y < 0 || i < 0) return [];
  const out: LogFile[] = [];
  for (const r of grid.slice(1)) {
    const id = String(r[i] ?? '').trim();
    if (!id) continue;
    out.push({
      year: String(r[y] ?? '').trim(),
      part: Number(r[p]) || 1,
      id,
      url: String(r[u] ?? ''),
      lines: Number(r[l]) || 0,
      first: String(r[f] ?? ''),
      last: String(r[t] ?? ''),
      moving: m < 0 ? 0 : Number(r[m]) || 0,
    });
  }
  return out;
}

/** The log file a year's lines go to now: its last part, unless that one is full (then null: a new part). */
export function currentLog(files: readonly LogFile[], year: string): { file: LogFile | null; part: number } {
  const parts = files.filter((f) => f.year === year).sort((a, b) => a.part - b.part);
  const last = parts[parts.length - 1];
  if (!last) return { file: null, part: 1 };
  return last.lines < LOG_FILE_LINES ? { file: last, part: last.part } : { file: null, part: last.part + 1 };
}

/** Rows for the "Audit logs" sheet, oldest year first. */
export function logIndexRows(files: readonly LogFile[]): (string | number)[][] {
  return [...files]
    .sort((a, b) => (a.year === b.year ? a.part - b.part : a.year < b.year ? -1 : 1))
    .map((f) => [f.year, f.part, f.url, f.lines, f.first, f.last, f.id, f.moving || '']);
}

/**
 * "Audit lines kept" as Settings says it: a whole number in range, typed as a
 * number or as digits only (text with separators is not read, as "200,000"
 * and "200.000" mean different things in different locales); null otherwise.
 */
export function keptLines(value: unknown): number | null {
  const text = String(value ?? '').trim();
  const n = typeof value === 'number' ? value : /^\d+$/.test(text) ? Number(text) : NaN;
  return Number.isInteger(n) && n >= AUDIT_LINES_KEPT_MIN && n <= AUDIT_LINES_KEPT_MAX ? n : null;
}

/**
 * The calendar year of an instant in the spreadsheet's zone, given when each
 * year begins there (`startOf(y)`: the instant of 1 January 00:00). Only the
 * years next to the instant's UTC year are asked, so a log of any length
 * costs a zone lookup or two, not one per line.
 */
export function yearOfInstant(ms: number, startOf: (year: number) => number): number {
  const y = new Date(ms).getUTCFullYear();
  if (ms < startOf(y)) return y - 1;
  if (ms >= startOf(y + 1)) return y + 1;
  return y;
}
