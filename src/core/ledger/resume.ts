/**
 * Long jobs that go on over several executions. An execution stops at 6
 * minutes (https://developers.google.com/apps-script/guides/services/quotas),
 * and an add-on has one time-driven trigger per user per document, which the
 * daily check already uses
 * (https://developers.google.com/workspace/add-ons/concepts/editor-triggers),
 * so a job that does not fit stops at its time budget, remembers what it
 * finished, and the next run of the same job (the menu item again) carries
 * on from there. What was finished is never done again the same day; a
 * cursor from an earlier day is stale and the job starts over.
 *
 * The daily check's trigger fires every hour: its day's run is due from the
 * alert hour, and a run that stopped short is carried on by the next one
 * (checkDue).
 */
import { utf8 } from './seal';
import { sha256 } from './sha256';

export interface JobCursor {
  /** The day (yyyy-mm-dd, spreadsheet zone) the job started. */
  startedOn: string;
  /** Short fingerprints of the items finished (names can be long; a property value holds 9 KB). */
  done: string[];
}

/** 8 hex digits of the item's SHA-256: 200 clients take under 2 KB. */
export function itemMark(item: string): string {
  const bytes = sha256(utf8(item));
  return bytes
    .slice(0, 4)
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
}

export function parseCursor(raw: string | null, today: string): JobCursor | null {
  if (!raw) return null;
  try {
    const c = JSON.parse(raw) as JobCursor;
    if (typeof c.startedOn !== 'string' || !Array.isArray(c.done) || c.startedOn !== today) return null;
    return { startedOn: c.startedOn, done: c.done.filter((d) => typeof d === 'string') };
  } catch (_) {
    return null;
  }
}

/** What is left of `items` after what the cursor says was finished, in order; and whether this run continues an earlier one. */
export function itemsLeft(
  items: readonly string[],
  cursor: JobCursor | null,
): { left: string[]; continuing: boolean; doneBefore: number } {
  if (!cursor) return { left: items.slice(), continuing: false, doneBefore: 0 };
  const done = new Set(cursor.done);
  const left = items.filter((i) => !done.has(itemMark(i)));
  return { left, continuing: true, doneBefore: items.length - left.length };
}

/** How the daily check's day went: its day (spreadsheet zone), whether it finished, and the runs made that day. */
export interface CheckMark {
  day: string;
  done: boolean;
  runs: number;
}

/** Runs a day may make when each stops short (a failure or no time left), so a persistent failure cannot use up the day's trigger runtime. */
export const MAX_RUNS_A_DAY = 8;

export function parseMark(text: string | null): CheckMark | null {
  if (!text) return null;
  try {
    const m = JSON.parse(text) as CheckMark;
    return m && typeof m.day === 'string' && typeof m.done === 'boolean'
      ? { day: m.day, done: m.done, runs: Number(m.runs) || 0 }
      : null;
  } catch (_) {
    return null;
  }
}

/**
 * Whether an hourly trigger run has work: a run that stopped short carries
 * on (up to MAX_RUNS_A_DAY a day); otherwise the day's run is due from the
 * alert hour until it is done. Without a recorded hour (an add-on's run that
 * could not read the record) the day's run is due at once.
 */
export function checkDue(mark: CheckMark | null, today: string, hourNow: number, alertHour: number | null): boolean {
  if (mark && mark.day === today) return !mark.done && mark.runs < MAX_RUNS_A_DAY;
  if (mark && !mark.done) return true;
  return alertHour === null || hourNow >= alertHour;
}

/** The mark a run writes before it starts: done false until it finishes, counting the day's runs. */
export function startedMark(mark: CheckMark | null, today: string): CheckMark {
  return { day: today, done: false, runs: mark && mark.day === today ? mark.runs + 1 : 1 };
}
