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
  return bytes.slice(0, 4).map((b) => b.toString(16).padStart(2, '0')).join('');
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
export function itemsLeft(items: readonly string[], cursor: JobCursor | null): { left: string[]; continuing: boolean; doneBefore: number } {
  if (!cursor) return { left: items.slice(), continuing: false, doneBefore: 0 };
  const done = new Set(cursor.done);
  const left = items.filter((i) => !done.has(itemMark(i)));
  return { left, continuing: true, doneBefore: items.length - left.length };
}
