/** One execution's view of the world: the spreadsheet, its time zone, now, the user. */
import { parseOffset, ymdToDayNumber } from '../core/dates';

export interface Env {
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet;
  timeZone: string;
  now: Date;
  nowIso: string;
  /** Today in the spreadsheet's time zone. */
  today: string;
  user: string;
  /** UTC offsets (minutes east) the zone uses this year, current first. */
  offsets(): number[];
  /** Offset in force at 00:00 of a calendar day in the spreadsheet's zone. */
  offsetOn(ymd: string): number;
  /** Hours from now until 00:00 of `ymd` in the spreadsheet's zone. */
  hoursUntil(ymd: string): number;
}

/**
 * Who the Audit sheet names when Google does not tell the script: simple
 * triggers get no address for consumer accounts and other domains
 * (https://developers.google.com/apps-script/guides/triggers/events), and
 * Session returns '' where security policies hide the user
 * (https://developers.google.com/apps-script/reference/base/session#getActiveUser()).
 */
export const UNKNOWN_USER = 'unknown editor (Google did not share the address)';

export function openEnv(): Env {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  if (!ss) throw new Error('Spark Ledger works inside a Google Sheets spreadsheet; open it from the spreadsheet.');
  return envFor(ss);
}

export function envFor(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): Env {
  const timeZone = ss.getSpreadsheetTimeZone();
  const now = new Date();
  // Utilities.formatDate is the documented way to see a Date in a given zone.
  const stamp = Utilities.formatDate(now, timeZone, "yyyy-MM-dd'T'HH:mm:ssZ");
  const today = stamp.slice(0, 10);
  const nowOffset = parseOffset(stamp.slice(19));
  const byDay = new Map<string, number>();
  let offsetList: number[] | null = null;
  let user = '';
  let userRead = false;

  const offsetOn = (ymd: string): number => {
    let off = byDay.get(ymd);
    if (off === undefined) {
      // Ask for the offset at local midnight (estimated with today's offset):
      // DST moves the clock at night, so noon would give the wrong answer for
      // zones that switch at 00:00.
      const midnightUtc = ymdToDayNumber(ymd) * 86400000 - nowOffset * 60000;
      off = parseOffset(Utilities.formatDate(new Date(midnightUtc), timeZone, 'Z'));
      byDay.set(ymd, off);
    }
    return off;
  };

  return {
    ss,
    timeZone,
    now,
    nowIso: now.toISOString(),
    today,
    get user(): string {
      if (!userRead) {
        userRead = true;
        // Consumer accounts may hide the active user from an add-on; then the effective user is the best we know.
        user = Session.getActiveUser().getEmail() || Session.getEffectiveUser().getEmail() || UNKNOWN_USER;
      }
      return user;
    },
    offsets(): number[] {
      if (!offsetList) {
        const year = today.slice(0, 4);
        const list = [nowOffset, offsetOn(`${year}-01-15`), offsetOn(`${year}-07-15`)];
        offsetList = list.filter((o, i) => list.indexOf(o) === i);
      }
      return offsetList;
    },
    offsetOn,
    hoursUntil(ymd: string): number {
      const startUtc = ymdToDayNumber(ymd) * 86400000 - offsetOn(ymd) * 60000;
      return (startUtc - now.getTime()) / 3600000;
    },
  };
}
