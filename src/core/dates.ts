/**
 * Calendar arithmetic on YYYY-MM-DD strings. Dates cross the wire as these
 * strings; no time zone is involved until the shell turns "now" into a local
 * date with the spreadsheet's time zone.
 */

const DAY_MS = 86400000;

export function isYmd(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const y = +m[1];
  const mo = +m[2];
  const d = +m[3];
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Days since 1970-01-01 for a YYYY-MM-DD string. */
export function ymdToDayNumber(ymd: string): number {
  const [y, m, d] = ymd.split('-').map(Number);
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

export function dayNumberToYmd(n: number): string {
  return utcMsToYmd(n * DAY_MS);
}

export function utcMsToYmd(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

export function addDays(ymd: string, days: number): string {
  return dayNumberToYmd(ymdToDayNumber(ymd) + days);
}

export function daysBetween(from: string, to: string): number {
  return ymdToDayNumber(to) - ymdToDayNumber(from);
}

export function expiryDate(authorizedOn: string, authDays: number): string {
  return addDays(authorizedOn, authDays);
}

export function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/**
 * Turns a date cell read back from Sheets into YYYY-MM-DD. A date typed into a
 * sheet is midnight in the spreadsheet's zone, so exactly one of the zone's UTC
 * offsets (minutes east of UTC) lands it on a midnight; the first offset is used
 * for cells that hold a time of day too.
 */
export function dateCellToYmd(value: unknown, offsetsMinutes: readonly number[]): string {
  if (value === '' || value === null || value === undefined) return '';
  if (isDateObject(value)) {
    const t = value.getTime();
    if (isNaN(t)) return '';
    for (const off of offsetsMinutes) {
      const local = t + off * 60000;
      if (local % DAY_MS === 0) return utcMsToYmd(local);
    }
    return utcMsToYmd(t + (offsetsMinutes[0] ?? 0) * 60000);
  }
  const s = String(value).trim();
  if (isYmd(s)) return s;
  return s;
}

/** Works across realms (the Apps Script sandbox and the host can own different Date classes). */
export function isDateObject(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]';
}

/** "+05:30" / "-0400" → minutes east of UTC. */
export function parseOffset(s: string): number {
  if (s.trim() === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(s.trim());
  if (!m) return 0;
  const mins = +m[2] * 60 + +m[3];
  return m[1] === '-' ? -mins : mins;
}
