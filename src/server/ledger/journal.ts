/**
 * The repair journal: what a write left behind when it failed and putting
 * things back failed too (two faults in a row). A save writes Code history,
 * then the Ledger row, then the Audit lines; if a step fails, the earlier
 * ones are undone. Only when an undo fails as well is there a half-done
 * change on the sheets; it is described here, and the next write of anyone
 * in this spreadsheet, under the same lock, first finishes the undo and says
 * so in the Audit sheet. Nothing is read or written here on the normal path
 * but one read of the properties.
 *
 * It lives in document properties, which only the add-on's code can read or
 * write (https://developers.google.com/apps-script/guides/properties), and
 * in the running user's properties, keyed by spreadsheet, where a run has no
 * document properties (a time-driven run of an add-on:
 * https://developers.google.com/apps-script/reference/properties/properties-service#getDocumentProperties()).
 * A value holds at most 9 KB (https://developers.google.com/apps-script/guides/services/quotas#current_limitations),
 * so the journal is split over numbered keys, written in one setProperties.
 */
import { type AuditEntry, SHEET } from '../../core/ledger/sheets';
import type { Cell } from '../../core/ledger/sheetRow';
import type { Env } from './env';
import { restorable } from './ledger';
import { type Appended, appendAudit } from './logs';
import { type RowWrite, guardedWrite, readCells, sameCell, videoRows } from './rowGuard';
import { dateCellToYmd } from '../../core/ledger/dates';

type Properties = GoogleAppsScript.Properties.Properties;

/** Dates go through JSON as ISO text (Date.prototype.toJSON); the mark brings them back as dates. */
const DATE_MARK = '\u0000date:';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

const KEY = 'sparkLedger.repair';
/** Characters per property value: under 9 KB even where every character takes three bytes in UTF-8. */
const PIECE = 3000;

/** A ledger cell a failed write may have left changed: put back `before` if it still shows `after`. */
export interface JournalCell {
  videoId: string;
  videoUrl: string;
  header: string;
  col: number;
  format: string;
  before: Cell;
  after: Cell;
}

export interface Journal {
  when: string;
  who: string;
  /** What the interrupted write was, in words for the Audit sheet. */
  what: string;
  /** The Ledger's Video URL column (0-based) when the write was made. */
  videoCol: number;
  cells: JournalCell[];
  rows: Appended[];
  /**
   * Present for a write that is finished rather than undone (the daily check:
   * its statuses follow from the dates, so a Status cell it wrote stays, and
   * only its missing audit lines are added, by `videoUrl` and new value).
   */
  finish?: AuditEntry[];
  /** Videos whose new row the write appended: the repair deletes the row again. */
  newRows?: string[];
  /** Audit lines of a move out of the Ledger (archiving): each is added, if missing, once its video is gone from the Ledger. */
  gone?: { videoId: string; entry: AuditEntry }[];
}

function store(env: Env): { props: Properties; key: string } | null {
  try {
    const doc = PropertiesService.getDocumentProperties();
    if (doc) return { props: doc, key: KEY };
    return { props: PropertiesService.getUserProperties(), key: `${KEY}.${env.ss.getId()}` };
  } catch (_) {
    return null;
  }
}

function readJournal(props: Properties, key: string): { journal: Journal | null; keys: string[] } {
  const head = props.getProperty(key);
  if (!head) return { journal: null, keys: [] };
  const n = Number(head) || 0;
  const keys = [key];
  let text = '';
  if (n > 0) {
    const all = props.getProperties();
    for (let i = 0; i < n; i++) {
      keys.push(`${key}.${i}`);
      text += all[`${key}.${i}`] ?? '';
    }
  }
  try {
    const j = JSON.parse(text, (_k, v) =>
      typeof v === 'string' && v.indexOf(DATE_MARK) === 0 ? new Date(v.slice(DATE_MARK.length)) : v,
    ) as Journal;
    return { journal: j && Array.isArray(j.cells) && Array.isArray(j.rows) ? j : null, keys };
  } catch (_) {
    return { journal: null, keys };
  }
}

/**
 * Records a half-done write. Returns whether it was recorded; when it was
 * not, the caller says the change may be half written.
 */
export function recordJournal(env: Env, journal: Journal): boolean {
  const s = store(env);
  if (!s) return false;
  try {
    const text = JSON.stringify(journal, (_k, v) => (typeof v === 'string' && ISO.test(v) ? `${DATE_MARK}${v}` : v));
    const pieces: Record<string, string> = {};
    let n = 0;
    for (let i = 0; i < text.length; i += PIECE) pieces[`${s.key}.${n++}`] = text.slice(i, i + PIECE);
    pieces[s.key] = String(n);
    s.props.setProperties(pieces);
    return true;
  } catch (_) {
    return false;
  }
}

/** Forgets a journal written ahead of a write that then finished. Returns whether it is gone. */
export function clearJournal(env: Env): boolean {
  const s = store(env);
  if (!s) return false;
  try {
    // The head names how many pieces follow; without it the pieces are never read, and the next journal overwrites them.
    s.props.deleteProperty(s.key);
    return true;
  } catch (_) {
    return false;
  }
}

export interface Repair {
  /** Said to the person whose write came next, and in the Audit sheet. */
  message: string;
}

/**
 * Finishes the undo an earlier write could not: each journal cell that still
 * shows what that write put there gets its earlier value back (found by video
 * id, wherever its row is now), and log rows it appended are cleared where
 * they still hold what it wrote. Then one Audit line says what was repaired.
 * Runs under the document lock, at the start of every ledger write. Returns
 * null when there was nothing to repair.
 */
export function repairPending(env: Env, ledgerSheet: () => GoogleAppsScript.Spreadsheet.Sheet | null): Repair | null {
  const s = store(env);
  if (!s) return null;
  let found: { journal: Journal | null; keys: string[] };
  try {
    found = readJournal(s.props, s.key);
  } catch (_) {
    return null;
  }
  if (found.keys.length === 0) return null;
  const j = found.journal;
  let finished = 0;
  if (j?.gone) finished = finishGone(env, j, ledgerSheet());
  else if (j?.finish) finished = finishJournal(env, j, ledgerSheet());
  else if (j) undoJournal(env, j, j.cells.length || (j.newRows ?? []).length ? ledgerSheet() : null);
  for (const k of found.keys) s.props.deleteProperty(k);
  // A write that had finished, audit included, and only died before forgetting its journal: nothing to say.
  if (!j || ((j.finish || j.gone) && finished === 0)) return null;
  const message =
    j.finish || j.gone
      ? `Finished an interrupted change (${j.what}, ${j.when} by ${j.who}): ${finished} audit line${finished === 1 ? '' : 's'} it had not written were added.`
      : `Repaired an interrupted change (${j.what}, ${j.when} by ${j.who}): it had failed and could not be undone at the time; it is now undone. Make it again if it is still wanted.`;
  const entry: AuditEntry = {
    when: env.nowIso,
    who: env.user,
    videoUrl: j.cells[0]?.videoUrl ?? '',
    field: 'Repair',
    oldValue: j.what,
    newValue: message,
    via: 'repair',
  };
  appendAudit(env, [entry]);
  return { message };
}

function undoJournal(env: Env, j: Journal, ledger: GoogleAppsScript.Spreadsheet.Sheet | null): void {
  if (j.newRows?.length && ledger) {
    // A half-written new row goes entirely, bottom first so the rows above stay where they were found.
    const here = videoRows(ledger, j.videoCol);
    const rows = j.newRows
      .map((v) => here.get(v))
      .filter((r): r is number => r !== undefined)
      .sort((a, b) => b - a);
    for (const r of rows) ledger.deleteRow(r);
    j = { ...j, cells: j.cells.filter((c) => !(j.newRows as string[]).includes(c.videoId)) };
  }
  const ymdOf = (d: Date): string => dateCellToYmd(d, env.offsets());
  const same = (a: unknown, b: unknown): boolean => sameCell(a, b, ymdOf);
  if (j.cells.length && ledger) {
    const videoCol = j.videoCol;
    const byVideo = new Map<string, RowWrite>();
    const expected = new Map<string, Cell>();
    for (const c of j.cells) {
      let w = byVideo.get(c.videoId);
      if (!w) {
        w = { videoId: c.videoId, cells: new Map() };
        byVideo.set(c.videoId, w);
      }
      w.cells.set(c.col, { value: c.before, format: c.format });
      expected.set(`${c.videoId}:${c.col}`, c.after);
    }
    const rows = videoRows(ledger, videoCol);
    // Only cells that still show what the failed write put there go back; anything changed since is someone's newer work.
    const wanted: { row: number; col: number }[] = [];
    for (const w of byVideo.values()) {
      const r = rows.get(w.videoId);
      if (r !== undefined) for (const col of w.cells.keys()) wanted.push({ row: r, col });
    }
    const now = readCells(ledger, wanted);
    const writes: RowWrite[] = [];
    for (const w of byVideo.values()) {
      const r = rows.get(w.videoId);
      if (r === undefined) continue;
      const keep = new Map(
        [...w.cells].filter(([col]) => same(now.get(`${r}:${col}`), expected.get(`${w.videoId}:${col}`))),
      );
      if (keep.size) writes.push({ videoId: w.videoId, cells: keep });
    }
    if (writes.length)
      guardedWrite(
        ledger,
        videoCol,
        writes,
        rows,
        (v, col) => j.cells.find((c) => c.videoId === v && c.col === col)?.before,
        ymdOf,
      );
  }
  for (const a of j.rows) {
    const sheet = env.ss.getSheetByName(a.sheetName);
    if (!sheet || a.values.length === 0) continue;
    const range = sheet.getRange(a.start, 1, a.values.length, a.values[0].length);
    const now = range.getValues();
    const still = now.every((row, i) =>
      row.every((v, k) => same(v, a.values[i][k]) || (v === '' && a.values[i][k] === '')),
    );
    if (still) range.clearContent();
  }
}

/**
 * Adds the audit lines of a finished write that are missing: for each cell
 * that shows what the write put there, its line, unless the Audit sheet's
 * last rows have it already. Returns how many were added.
 */
function finishJournal(env: Env, j: Journal, ledger: GoogleAppsScript.Spreadsheet.Sheet | null): number {
  if (!ledger || !j.finish || j.cells.length === 0) return 0;
  const ymdOf = (d: Date): string => dateCellToYmd(d, env.offsets());
  const rows = videoRows(ledger, j.videoCol);
  const wanted: { row: number; col: number }[] = [];
  for (const c of j.cells) {
    const r = rows.get(c.videoId);
    if (r !== undefined) wanted.push({ row: r, col: c.col });
  }
  const now = readCells(ledger, wanted);
  const done = new Set<string>();
  for (const c of j.cells) {
    const r = rows.get(c.videoId);
    if (r !== undefined && sameCell(now.get(`${r}:${c.col}`), c.after, ymdOf))
      done.add(`${c.videoUrl}\n${String(c.after)}`);
  }
  const lines = missingAuditLines(
    env,
    j.finish.filter((e) => done.has(`${e.videoUrl}\n${e.newValue}`)),
  );
  appendAudit(env, lines);
  return lines.length;
}

/** Adds the missing audit lines of videos an interrupted move took out of the Ledger. */
function finishGone(env: Env, j: Journal, ledger: GoogleAppsScript.Spreadsheet.Sheet | null): number {
  if (!ledger || !j.gone || j.gone.length === 0) return 0;
  const here = videoRows(ledger, j.videoCol);
  const lines = missingAuditLines(
    env,
    j.gone.filter((g) => !here.has(g.videoId)).map((g) => g.entry),
  );
  appendAudit(env, lines);
  return lines.length;
}

/**
 * The entries not yet in the Audit sheet, judged by its last rows (an
 * interrupted run's lines, if written, are near the end): video, field, old
 * and new value. Reads the tail only, never the whole sheet.
 */
export function missingAuditLines(env: Env, wanted: readonly AuditEntry[]): AuditEntry[] {
  if (wanted.length === 0) return [];
  const present = new Map<string, number>();
  const sheet = env.ss.getSheetByName(SHEET.audit);
  if (sheet) {
    const last = sheet.getLastRow();
    const n = Math.min(Math.max(0, last - 1), wanted.length * 2 + 50);
    if (n > 0) {
      for (const r of sheet.getRange(last - n + 1, 3, n, 4).getValues()) {
        const k = `${r[0]}\n${r[1]}\n${r[2]}\n${r[3]}`;
        present.set(k, (present.get(k) ?? 0) + 1);
      }
    }
  }
  return wanted.filter((w) => {
    const k = `${w.videoUrl}\n${w.field}\n${w.oldValue}\n${w.newValue}`;
    const left = present.get(k) ?? 0;
    if (left > 0) {
      present.set(k, left - 1);
      return false;
    }
    return true;
  });
}

/** Journal cells for one video's write: the columns, what they held and what was written. */
export function journalCells(
  videoId: string,
  videoUrl: string,
  cells: ReadonlyMap<number, { value: Cell; format: string; before: unknown; header: string }>,
): JournalCell[] {
  return [...cells].map(([col, c]) => ({
    videoId,
    videoUrl,
    header: c.header,
    col,
    format: c.format,
    after: c.value,
    before: restorable(c.before),
  }));
}
