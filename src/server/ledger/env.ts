/** One execution's view of the world: the spreadsheet, its time zone and locale, now, the user. */
import { type ZoneInstant, addDays, askedOnce, daysBetween, parseOffset, startOfDay } from '../../core/ledger/dates';

export interface Env {
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet;
  timeZone: string;
  now: Date;
  nowIso: string;
  /** Today in the spreadsheet's time zone. */
  today: string;
  /** The hour of the day (0–23) now in the spreadsheet's time zone. */
  hour: number;
  user: string;
  /**
   * The spreadsheet's locale ('en_US', 'de_DE'), read on first use; '' when
   * Google gives none. Number text is read in it (core/ledger/values.ts).
   */
  readonly locale: string;
  /**
   * UTC offsets (minutes east) the zone uses this year, current first, with
   * `offsetAt`, the offset in force at any instant, for date cells that hold
   * a time of day (core/ledger/dates.ts dateCellToYmd).
   */
  offsets(): number[] & { offsetAt(ms: number): number };
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
  const byDay = new Map<string, ZoneInstant>();
  let offsetList: (number[] & { offsetAt(ms: number): number }) | null = null;
  let user = '';
  let userRead = false;
  let locale: string | null = null;

  const offsetAt = (ms: number): number => parseOffset(Utilities.formatDate(new Date(ms), timeZone, 'Z'));
  // When each day begins, exactly: 01:00 where DST skips 00:00 (Santiago,
  // Beirut, Havana), the first 00:00 where it happens twice. The next few days
  // are found in order from now, each from the day before: one formatDate call
  // a day, a few more only around a clock change. Other days cost 2 to 5.
  const CHAINED_DAYS = 5; // validation asks up to 5 days ahead, the expiry check 1 to 4
  const dayStart = (ymd: string): ZoneInstant => {
    let start = byDay.get(ymd);
    if (start === undefined) {
      const ahead = daysBetween(today, ymd);
      const known =
        ahead >= 2 && ahead <= CHAINED_DAYS ? dayStart(addDays(ymd, -1)) : { ms: now.getTime(), offset: nowOffset };
      start = startOfDay(ymd, offsetAt, known);
      byDay.set(ymd, start);
    }
    return start;
  };
  const offsetOn = (ymd: string): number => dayStart(ymd).offset;

  return {
    ss,
    timeZone,
    now,
    nowIso: now.toISOString(),
    today,
    hour: Number(stamp.slice(11, 13)),
    get locale(): string {
      if (locale === null) {
        // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#getSpreadsheetLocale()
        // Google does not say when this may fail or come back empty. Then the
        // locale is unknown (''), and number text is read by rules that hold
        // in every locale: what could be misread is refused, never guessed.
        try {
          const l = ss.getSpreadsheetLocale();
          locale = typeof l === 'string' ? l.trim() : '';
        } catch (_) {
          locale = '';
        }
      }
      return locale;
    },
    get user(): string {
      if (!userRead) {
        userRead = true;
        // Consumer accounts may hide the active user from an add-on; then the effective user is the best we know.
        user = Session.getActiveUser().getEmail() || Session.getEffectiveUser().getEmail() || UNKNOWN_USER;
      }
      return user;
    },
    offsets(): number[] & { offsetAt(ms: number): number } {
      if (!offsetList) {
        // Any instant of mid-January and mid-July shows the zone's two offsets; no day's start is needed.
        const year = Number(today.slice(0, 4));
        const list = [nowOffset, offsetAt(Date.UTC(year, 0, 15, 12)), offsetAt(Date.UTC(year, 6, 15, 12))];
        // Date cells that share an instant (a time of day near midnight) ask once.
        offsetList = Object.assign(
          list.filter((o, i) => list.indexOf(o) === i),
          { offsetAt: askedOnce(offsetAt) },
        );
      }
      return offsetList;
    },
    offsetOn,
    hoursUntil(ymd: string): number {
      // Not midnight minus the day's offset: on a day whose 00:00 is skipped that is an hour before the day begins.
      return (dayStart(ymd).ms - now.getTime()) / 3600000;
    },
  };
}

/**
 * Hours to an expiry date for the 72-hour rule. Only dates within a few days
 * matter to it, so farther ones are counted in whole days and skip the
 * time-zone lookup (a service call).
 */
export function nearHoursUntil(env: Env): (ymd: string) => number {
  return (ymd) => {
    const days = daysBetween(env.today, ymd);
    return Math.abs(days) > 5 ? days * 24 : env.hoursUntil(ymd);
  };
}
