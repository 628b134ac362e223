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

/**
 * The one expiry rule: a code authorized on `authorizedOn` for `authDays`
 * days expires on the day `authDays` after it, at 00:00 of that day in the
 * spreadsheet's zone (the check's hoursUntil counts to that midnight).
 */
export function expiryDate(authorizedOn: string, authDays: number): string {
  return addDays(authorizedOn, authDays);
}

export function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * The UTC offsets (minutes east) a spreadsheet's zone uses this year, current
 * first; the shell adds `offsetAt`, the offset in force at any instant (as
 * Utilities.formatDate's 'Z' shows it), so that a cell holding a time of day
 * is read exactly.
 */
export type ZoneOffsets = readonly number[] & { readonly offsetAt?: (ms: number) => number };

const HOUR_MS = 3600000;
/**
 * How far from midnight a time of day must be for the zone's offsets of this
 * year to settle its date without asking: more than any offset the zone used
 * in another year differs from them (offset changes since 2000 were 30 min to
 * 2 h, apart from the two date-line jumps of Samoa and Tokelau in 2011).
 */
const SAFE_FROM_MIDNIGHT_MS = 3 * HOUR_MS;

/**
 * Turns a date cell read back from Sheets into YYYY-MM-DD: the calendar day
 * the cell shows in the spreadsheet's time zone.
 *
 * getValues returns a date cell as the instant at which the spreadsheet's
 * clocks read what the cell holds
 * (https://developers.google.com/apps-script/guides/sheets#dates_and_times).
 * A date without a time is midnight, so exactly one of the zone's offsets
 * lands it on a midnight: that day, with no call. A cell that also holds a
 * time of day ("2026-03-05 23:30") is read at the offset in force at its
 * instant (`offsets.offsetAt`), asked only when the offsets the zone uses this
 * year do not all give the same day, or give a time within
 * SAFE_FROM_MIDNIGHT_MS of midnight (a date from a year with other rules).
 *
 * Google does not document which instant a date whose midnight the clocks
 * skip (Santiago, Beirut, Havana) comes back as: 01:00 (the wall time moved
 * forward past the gap, as java.time does) or 00:00 at the new offset, which
 * the old offset still in force shows as 23:00 the day before. Both read as
 * the date: the first is 01:00 of the day, and the second lands on midnight
 * under the zone's new offset, so it is taken as that midnight.
 * The price of reading dates without a call each: a time of day exactly the
 * zone's change (one hour, or 30 minutes on Lord Howe) before midnight, typed
 * in the season of the zone's lower offset ("23:00:00" on a winter evening in
 * New York), lands on midnight under the summer offset and reads as the next
 * day.
 *
 * Without `offsetAt` (plain offsets), a cell that lands on no midnight is
 * read at the first offset.
 */
export function dateCellToYmd(value: unknown, offsetsMinutes: ZoneOffsets): string {
  if (value === '' || value === null || value === undefined) return '';
  if (isDateObject(value)) {
    const t = value.getTime();
    if (Number.isNaN(t)) return '';
    for (const off of offsetsMinutes) {
      const local = t + off * 60000;
      if (local % DAY_MS === 0) return utcMsToYmd(local);
    }
    const offsetAt = offsetsMinutes.offsetAt;
    if (!offsetAt) return utcMsToYmd(t + (offsetsMinutes[0] ?? 0) * 60000);
    const days = offsetsMinutes.map((off) => utcMsToYmd(t + off * 60000));
    const settled =
      days.length > 0 &&
      days.every((d) => d === days[0]) &&
      offsetsMinutes.every((off) => {
        const ms = (((t + off * 60000) % DAY_MS) + DAY_MS) % DAY_MS;
        return ms >= SAFE_FROM_MIDNIGHT_MS && DAY_MS - ms > SAFE_FROM_MIDNIGHT_MS;
      });
    return settled ? days[0] : utcMsToYmd(t + offsetAt(t) * 60000);
  }
  const s = String(value).trim();
  if (isYmd(s)) return s;
  return s;
}

/** An instant (ms since the epoch) and the UTC offset (minutes east) in force at it; the clocks then read ms + offset. */
export interface ZoneInstant {
  ms: number;
  offset: number;
}

/**
 * `offsetAt` asking the time-zone service once per instant (each ask is a
 * Utilities.formatDate call); `known` seeds an instant already asked.
 */
export function askedOnce(offsetAt: (ms: number) => number, known?: ZoneInstant): (ms: number) => number {
  const seen = new Map<number, number>();
  if (known) seen.set(known.ms, known.offset);
  return (ms) => {
    let off = seen.get(ms);
    if (off === undefined) {
      off = offsetAt(ms);
      seen.set(ms, off);
    }
    return off;
  };
}

const MINUTE_MS = 60000;
/** Half the span searched for an offset change around local midnight. */
const HALF_WINDOW_MS = 12 * 3600000;
/** Halvings at most when a skipped span covers midnight but does not begin at it (ms resolution, spans up to a day). */
const MAX_SEARCH_STEPS = 28;

/**
 * The start of day `ymd` in a zone known only through `offsetAt(ms)`, the
 * UTC offset (minutes east, as Utilities.formatDate's 'Z' shows it) in force
 * at an instant: the first instant whose wall-clock date is `ymd`. That is
 * 00:00 on most days; on a day whose 00:00 is skipped (clocks jump from 00:00
 * to 01:00) it is the switch itself, 01:00; on a day whose 00:00 happens twice
 * (clocks go back from 01:00 to 00:00) it is the first 00:00.
 *
 * `known` is an instant whose offset the caller already has: now, or the start
 * of the day before. When it lies less than a day before 00:00 (under its own
 * offset), one call at that 00:00 settles the day if the offset there is the
 * same (an offset does not change and change back within a day) or lower; 1
 * more if it is higher, 2 when the clocks skip 00:00. Otherwise `known` only
 * says where to look, and `offsetAt` is asked half a day before and after the
 * night: 2 calls, 3 to 5 when the offset changes in between. Without
 * `known`, one more call finds where to look. On top of that, at most
 * 28 calls only when a skipped span covers midnight without starting at it
 * (a jump from 23:30 to 00:30, say; the zones tested that skip 00:00 all jump
 * exactly at it).
 *
 * Assumes at most one offset change in the day around the night, smaller than
 * 12 h, and that clocks going back do not cross back over a midnight they had
 * passed (they go back from 24:00, or to 00:00 or later, as in the zones
 * tested). One-off historical changes such as Samoa skipping 2011-12-30 break
 * these assumptions.
 */
export function startOfDay(ymd: string, offsetAt: (ms: number) => number, known?: ZoneInstant): ZoneInstant {
  const d0 = ymdToDayNumber(ymd) * DAY_MS;
  const ask = askedOnce(offsetAt, known);
  // Where the clocks read 00:00 of the day if `offset` is in force then.
  const midnightWith = (offset: number): number => d0 - offset * MINUTE_MS;
  // The clocks go forward from `before` to `after` once near the night.
  const forward = (before: number, after: number): ZoneInstant => {
    const early = midnightWith(before);
    const late = midnightWith(after);
    // 00:00 under the old offset (the change comes later that day)...
    if (ask(early) === before) return { ms: early, offset: before };
    // ...or under the new one (it came the evening before)...
    if (ask(late) === after) return { ms: late, offset: after };
    // ...or 00:00 is skipped and the day begins at the change, in (late, early]. Most zones change exactly at 00:00.
    if (ask(early - 1) === before) return { ms: early, offset: after };
    let lo = late; // `before` in force
    let hi = early - 1; // `after` in force
    for (let i = 0; i < MAX_SEARCH_STEPS && hi - lo > 1; i++) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (ask(mid) === after) hi = mid;
      else lo = mid;
    }
    return { ms: hi, offset: after };
  };

  const guess = known ? known.offset : ask(d0);
  const centre = midnightWith(guess);
  if (known && known.ms < centre && centre - known.ms <= DAY_MS) {
    // From `known` (still the day before on the clocks) to `centre`, the offset changed once or not at all.
    const there = ask(centre);
    if (there === guess) return { ms: centre, offset: guess };
    // Clocks went back by `centre`: the old offset never reaches 00:00, the new one does, once.
    if (there < guess) return { ms: midnightWith(there), offset: there };
    return forward(guess, there);
  }
  const before = ask(centre - HALF_WINDOW_MS);
  const after = ask(centre + HALF_WINDOW_MS);
  if (before === after) return { ms: midnightWith(before), offset: before };
  if (before < after) return forward(before, after);
  // Clocks go back: 00:00 happens once or twice; the first is under the old offset if that is still in force.
  const early = midnightWith(before);
  return ask(early) === before ? { ms: early, offset: before } : { ms: midnightWith(after), offset: after };
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
