/**
 * Moving closed rows (Retired, Expired) from the Ledger to Archive, as a plan:
 * the rows to append (every column of the ledger row, the agency's own
 * columns too, plus when, who, which batch and the code history), and the
 * ledger rows to delete afterwards, in contiguous blocks. No cell of it is
 * over what Sheets takes (50,000 characters): the code history summary stops
 * at what fits, and any longer cell goes on in continuation columns.
 *
 * Crash safety: rows are appended to Archive first, then deleted from the
 * Ledger top-down; a failure part way clears the archive copies of the rows
 * not yet deleted. If even that fails, a row sits in both sheets, and the next
 * run recognises it by its fingerprint (every ledger field, update stamp
 * included) and only deletes it from the Ledger, so nothing is archived twice.
 *
 * Rows are deleted rather than the ledger being rewritten compacted in one
 * write: a rewrite would turn the agency's formulas into values and drop
 * per-row formats and notes. Deletes cost one call per contiguous block, so a
 * run handles at most MAX_BLOCKS blocks and says how many rows remain.
 */
import { dateCellToYmd, daysBetween, isDateObject, isYmd, utcMsToYmd } from '../ledger/dates';
import { FIELDS, type FieldDef, type LedgerRecord } from '../ledger/fields';
import { AUTOMATIC_FORMAT, numberFormatFor } from '../ledger/sheetRow';
import {
  type ColumnMap,
  MAX_CELL_CHARS,
  columnLetter,
  displayValue,
  mapColumns,
  quoteText,
  rowToRecord,
  splitText,
  tooLongForCell,
} from '../ledger/sheetRow';
import { type AuditEntry, CODE_HISTORY_HEADERS } from '../ledger/sheets';
import { canonicalVideoUrl, maskSparkCode, videoIdOf } from '../ledger/video';

export const ARCHIVE_META_HEADERS = ['Archived on', 'Archived by', 'Archive batch', 'Code history'] as const;
export const CLOSED_STATUSES: readonly string[] = ['Retired', 'Expired'];
export const MAX_BLOCKS = 200;
export const MAX_OLDER_THAN_DAYS = 3650;

export type DaysChoice = { ok: true; days: number } | { ok: false; message: string };

export function parseOlderThanDays(input: unknown): DaysChoice {
  const s = typeof input === 'number' ? String(input) : String(input ?? '').trim();
  const n = Number(s);
  if (s === '' || !/^\d+$/.test(s) || !Number.isInteger(n) || n > MAX_OLDER_THAN_DAYS) {
    return {
      ok: false,
      message: `Older than (days) must be a whole number of days from 0 to ${MAX_OLDER_THAN_DAYS}, such as 90.`,
    };
  }
  return { ok: true, days: n };
}

/** Midnight-free local date of an ISO timestamp, given the zone's current offset (minutes east). */
export function localDateOf(iso: string, offsetMinutes: number): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? '' : utcMsToYmd(ms + offsetMinutes * 60000);
}

/**
 * When a closed row last moved: the later of its last update (retiring or
 * expiring it stamps the row) and its expiry. '' when neither is known, and
 * such rows are never archived.
 */
export function closedOn(rec: LedgerRecord, localDate: (iso: string) => string): string {
  const dates: string[] = [];
  if (rec.updatedAt) {
    const d = localDate(String(rec.updatedAt));
    if (isYmd(d)) dates.push(d);
  }
  if (isYmd(String(rec.expiresOn))) dates.push(String(rec.expiresOn));
  return dates.sort().pop() ?? '';
}

/** A closed row as the preview shows it, before anything moves. */
export interface ArchiveCandidate {
  videoUrl: string;
  creatorHandle: string;
  client: string;
  campaign: string;
  status: string;
  closedOn: string;
}

/** The rows archiveClosed would move now, oldest closed first. */
export function archiveCandidates(
  records: readonly LedgerRecord[],
  today: string,
  olderThanDays: number,
  localDate: (iso: string) => string,
): ArchiveCandidate[] {
  return records
    .filter((rec) => isArchivable(rec, today, olderThanDays, localDate))
    .map((rec) => ({
      videoUrl: String(rec.videoUrl),
      creatorHandle: String(rec.creatorHandle ?? ''),
      client: String(rec.client ?? ''),
      campaign: String(rec.campaign ?? ''),
      status: String(rec.status),
      closedOn: closedOn(rec, localDate),
    }))
    .sort((a, b) => (a.closedOn < b.closedOn ? -1 : a.closedOn > b.closedOn ? 1 : 0));
}

/** The question before archiving: which rows move, the first ones by name, and that they leave the Ledger. */
export function archivePreviewText(
  p: { days: number; rows: readonly ArchiveCandidate[]; total: number },
  max = 15,
): string {
  const n = p.rows.length;
  const lines = p.rows
    .slice(0, max)
    .map(
      (r) =>
        `• ${[r.creatorHandle, r.client, r.campaign].filter(Boolean).join(' · ') || r.videoUrl}: ${r.status} since ${r.closedOn}`,
    );
  const more = n > max ? `\n…and ${n - max} more.` : '';
  const later = p.total > n ? ` (${p.total - n} more wait for the next run)` : '';
  return `${n === 1 ? 'This row' : `These ${n} rows`} closed more than ${p.days} days ago will move from the Ledger to Archive${later}. Their links in emails already sent will no longer open them; the Archive keeps every column and client reports keep counting them.\n\n${lines.join('\n')}${more}\n\nMove ${n === 1 ? 'it' : 'them'} now?`;
}

export function isArchivable(
  rec: LedgerRecord,
  today: string,
  olderThanDays: number,
  localDate: (iso: string) => string,
): boolean {
  if (!CLOSED_STATUSES.includes(rec.status)) return false;
  const on = closedOn(rec, localDate);
  return on !== '' && daysBetween(on, today) > olderThanDays;
}

/** Every ledger field as it reads: the same row read from Ledger or from Archive gives the same text. */
export function recordFingerprint(rec: LedgerRecord): string {
  return JSON.stringify(FIELDS.map((f) => displayValue(rec[f.key])));
}

function norm(h: unknown): string {
  return String(h ?? '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

/** The ledger's column names, blanks named by letter and repeats numbered, so every column has a home in Archive. */
export function ledgerColumnNames(ledgerHeader: readonly unknown[]): string[] {
  const seen = new Map<string, number>();
  return ledgerHeader.map((h, i) => {
    const base = String(h ?? '').trim() || `Column ${columnLetter(i + 1)}`;
    const n = (seen.get(norm(base)) ?? 0) + 1;
    seen.set(norm(base), n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

/** Archive's header: what it has, plus any ledger column it lacks (appended, never reordered). */
export function archiveHeaders(
  existing: readonly unknown[],
  ledgerHeader: readonly unknown[],
): { headers: string[]; added: string[] } {
  const have = existing.map((h) => String(h ?? '').trim());
  while (have.length && have[have.length - 1] === '') have.pop();
  const base = have.length ? have : [...ARCHIVE_META_HEADERS];
  const known = new Set(base.map(norm));
  const added = ledgerColumnNames(ledgerHeader).filter((n) => !known.has(norm(n)));
  if (!have.length) return { headers: [...base, ...added], added: [...base, ...added] };
  return { headers: [...base, ...added], added };
}

export interface HistoryEntry {
  sparkCode: string;
  authorizedOn: string;
  authDays: string;
  replacedOn: string;
  reason: string;
}

/** Code history rows grouped by canonical video URL. */
export function historyByVideo(
  values: readonly (readonly unknown[])[],
  offsets: readonly number[],
): Map<string, HistoryEntry[]> {
  const map = new Map<string, HistoryEntry[]>();
  if (values.length < 2) return map;
  const head = values[0].map(norm);
  const col = (h: string) => head.indexOf(norm(h));
  const [cUrl, cCode, cAuth, cDays, , cReplaced, cReason] = CODE_HISTORY_HEADERS.map(col);
  if (cUrl < 0) return map;
  const cell = (row: readonly unknown[], c: number) => (c < 0 ? '' : dateCellToYmd(row[c], offsets));
  for (let r = 1; r < values.length; r++) {
    const row = values[r];
    const url = canonicalVideoUrl(String(row[cUrl] ?? ''));
    if (url === '') continue;
    const list = map.get(url) ?? [];
    list.push({
      sparkCode: String(row[cCode] ?? ''),
      authorizedOn: cell(row, cAuth),
      authDays: String(row[cDays] ?? ''),
      replacedOn: cell(row, cReplaced),
      reason: String(row[cReason] ?? ''),
    });
    map.set(url, list);
  }
  return map;
}

/**
 * One cell that tells finance a row had earlier codes; the full entries stay
 * in Code history. A video renewed hundreds of times would need more than a
 * cell holds (MAX_CELL_CHARS), so the list stops at what fits, quote
 * included, and says how many more there are: nothing is lost, Code history
 * keeps every entry.
 */
export function codeHistorySummary(
  entries: readonly HistoryEntry[] | undefined,
  maxChars = MAX_CELL_CHARS - 1,
): string {
  if (!entries || entries.length === 0) return '';
  const parts = entries.map((e) => {
    const bits = [
      e.authorizedOn && `authorized ${e.authorizedOn}`,
      e.authDays && `${e.authDays} days`,
      e.replacedOn && `replaced ${e.replacedOn}`,
      e.reason,
    ].filter(Boolean);
    return `${maskSparkCode(e.sparkCode.trim())}${bits.length ? ` (${bits.join(', ')})` : ''}`;
  });
  const head = `${entries.length} earlier code${entries.length === 1 ? '' : 's'}: `;
  const end = '. Full entries stay in Code history.';
  const whole = `${head}${parts.join('; ')}${end}`;
  if (whole.length <= maxChars) return whole;
  const more = (n: number) => `; … and ${n} more not listed here (the cell is full). Every entry is in Code history.`;
  let text = head;
  let shown = 0;
  for (const part of parts) {
    const next = `${text}${shown ? '; ' : ''}${part}`;
    // The longest tail is the one with the most digits: reserve it.
    if (next.length + more(entries.length).length > maxChars) break;
    text = next;
    shown++;
  }
  if (shown === 0)
    return `${entries.length} earlier codes, not listed here (the cell is full). Every entry is in Code history.`;
  return text + more(entries.length - shown);
}

/** Header of the k-th column continuing a cell of column `base` that did not fit in one cell. */
export function continuationHeader(base: string, k: number): string {
  return k <= 1 ? `${base} (continued)` : `${base} (continued ${k})`;
}

/** Ends a piece of text that goes on in another column; joinContinuations takes it off again. */
export function continuationMark(nextHeader: string): string {
  return ` […continued in column "${nextHeader}"]`;
}

/**
 * A row as read from Archive with every cell that was cut (spillLongCells)
 * joined back into one text: the pieces from its continuation columns, marks
 * removed. Columns are found by header, like everything else in Archive.
 */
export function joinContinuations(header: readonly unknown[], row: readonly unknown[]): unknown[] {
  const at = new Map<string, number>();
  header.forEach((h, i) => {
    const k = norm(h);
    if (!at.has(k)) at.set(k, i);
  });
  const out = row.slice();
  header.forEach((h, c) => {
    const base = String(h ?? '').trim();
    if (base === '' || typeof out[c] !== 'string') return;
    let text = out[c] as string;
    let joined = '';
    for (let k = 1; ; k++) {
      const next = continuationHeader(base, k);
      const mark = continuationMark(next);
      const nc = at.get(norm(next));
      if (nc === undefined || !text.endsWith(mark)) break;
      joined += text.slice(0, -mark.length);
      text = String(row[nc] ?? '');
    }
    out[c] = joined + text;
  });
  return out;
}

/**
 * Cuts every cell too long for Sheets (tooLongForCell: over 50,000 characters
 * as written, quote included) into pieces that fit, the first in its own
 * column and the rest in continuation columns added to Archive ("Decision
 * note (continued)", "… (continued 2)"), each piece but the last ending with
 * a mark naming the column it goes on in. Nothing is cut off: the pieces
 * join back to the exact text (joinContinuations). Sheets refuses the whole
 * write for one cell over the limit, so no row may carry one.
 */
function spillLongCells(plan: ArchivePlan): void {
  const cuts: { row: number; col: number; pieces: string[] }[] = [];
  plan.values.forEach((values, r) => {
    values.forEach((v, c) => {
      if (!tooLongForCell(v)) return;
      const text = String(v);
      // Strings are written quoted (archiveCell): the pieces are of the text itself.
      const raw = text.startsWith("'") ? text.slice(1) : text;
      const base = plan.headers[c];
      const room = MAX_CELL_CHARS - 1 - continuationMark(continuationHeader(base, 999)).length;
      cuts.push({ row: r, col: c, pieces: splitText(raw, room) });
    });
  });
  const columnOf = (name: string): number => {
    const i = plan.headers.findIndex((h) => norm(h) === norm(name));
    if (i >= 0) return i;
    plan.headers.push(name);
    plan.addedHeaders.push(name);
    for (const row of plan.values) row.push('');
    for (const row of plan.formats) row.push(AUTOMATIC_FORMAT);
    return plan.headers.length - 1;
  };
  for (const cut of cuts) {
    const base = plan.headers[cut.col];
    let col = cut.col;
    cut.pieces.forEach((piece, k) => {
      const last = k === cut.pieces.length - 1;
      const next = last ? -1 : columnOf(continuationHeader(base, k + 1));
      plan.values[cut.row][col] = quoteText(last ? piece : piece + continuationMark(continuationHeader(base, k + 1)));
      plan.formats[cut.row][col] = AUTOMATIC_FORMAT;
      col = next;
    });
  }
}

export interface ArchiveInput {
  /** The Ledger's getValues, header row first. */
  ledgerValues: readonly (readonly unknown[])[];
  ledgerCols: ColumnMap;
  /** Data rows of the Ledger as records (each with its row number). */
  records: readonly LedgerRecord[];
  /** Archive's getValues, header row first ([] when the sheet does not exist). */
  archiveValues: readonly (readonly unknown[])[];
  history: Map<string, HistoryEntry[]>;
  offsets: readonly number[];
  today: string;
  olderThanDays: number;
  localDate(iso: string): string;
  /** The "Archived on" cell (a Date from the shell). */
  archivedOn: unknown;
  /** Video ids the person was shown and agreed to move: a row that became archivable since is left for the next run. */
  only?: ReadonlySet<string>;
  nowIso: string;
  user: string;
  batch: string;
  maxBlocks?: number;
}

export interface Block {
  /** First row (1-based, before any deletion). */
  start: number;
  count: number;
}

export interface ArchivePlan {
  headers: string[];
  /** Header cells to write, from column headersFrom (1-based). */
  addedHeaders: string[];
  headersFrom: number;
  /** Rows to append to Archive, in ledger order, as written (text quoted), with each cell's number format. */
  values: unknown[][];
  formats: string[][];
  /** Ledger row of each appended row. */
  appendedRows: number[];
  /** Ledger rows already in Archive (an earlier run stopped before deleting them). */
  alreadyArchived: number[];
  /** Ledger blocks to delete, top-down. */
  blocks: Block[];
  /** Closed rows old enough that wait for the next run (over MAX_BLOCKS). */
  remaining: number;
  audit: AuditEntry[];
  /** Ledger row of each audit entry. */
  auditRows: number[];
}

function cellFormat(def: FieldDef | undefined, v: unknown): string {
  // Text goes quoted (archiveCell) into an automatic cell and stays exactly as
  // it was: ids, codes and '=…' notes never become numbers or formulas.
  if (typeof v === 'string') return AUTOMATIC_FORMAT;
  if (def && (isDateObject(v) || typeof v === 'number')) return numberFormatFor(def);
  if (isDateObject(v)) return 'yyyy-mm-dd hh:mm';
  return AUTOMATIC_FORMAT;
}

/** A cell as written to Archive: text quoted (https://support.google.com/docs/answer/3094139), the rest as read. */
function archiveCell(v: unknown): unknown {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? quoteText(v) : v;
}

export function blocksOf(rows: readonly number[]): Block[] {
  const sorted = [...rows].sort((a, b) => a - b);
  const blocks: Block[] = [];
  for (const r of sorted) {
    const last = blocks[blocks.length - 1];
    if (last && last.start + last.count === r) last.count++;
    else blocks.push({ start: r, count: 1 });
  }
  return blocks;
}

export function planArchive(input: ArchiveInput): ArchivePlan {
  const archiveHeader = input.archiveValues[0] ?? [];
  const { headers, added } = archiveHeaders(archiveHeader, input.ledgerValues[0] ?? []);
  const existingWidth = headers.length - added.length;

  // Rows an interrupted run already copied: recognised by every ledger field.
  const archivedPrints = new Set<string>();
  if (input.archiveValues.length > 1) {
    const aCols = mapColumns(archiveHeader);
    for (let r = 1; r < input.archiveValues.length; r++) {
      const row = input.archiveValues[r];
      if (aCols.index.videoUrl === undefined || String(row[aCols.index.videoUrl] ?? '') === '') continue;
      archivedPrints.add(
        recordFingerprint(rowToRecord(joinContinuations(archiveHeader, row), aCols, input.offsets, r + 1)),
      );
    }
  }

  const due = input.records
    .filter((rec) => isArchivable(rec, input.today, input.olderThanDays, input.localDate))
    .filter((rec) => !input.only || input.only.has(videoIdOf(rec.videoUrl) ?? ''))
    .sort((a, b) => a.row - b.row);
  const allBlocks = blocksOf(due.map((r) => r.row));
  const blocks = allBlocks.slice(0, input.maxBlocks ?? MAX_BLOCKS);
  const inBlocks = (row: number) => blocks.some((b) => row >= b.start && row < b.start + b.count);
  const chosen = due.filter((r) => inBlocks(r.row));

  const names = ledgerColumnNames(input.ledgerValues[0] ?? []);
  const defAt = new Map<number, FieldDef>();
  for (const f of FIELDS) {
    const i = input.ledgerCols.index[f.key];
    if (i !== undefined) defAt.set(i, f as FieldDef);
  }
  const ledgerIndexOf = new Map(names.map((n, i) => [norm(n), i]));

  const plan: ArchivePlan = {
    headers,
    addedHeaders: added,
    headersFrom: existingWidth + 1,
    values: [],
    formats: [],
    appendedRows: [],
    alreadyArchived: [],
    blocks,
    remaining: due.length - chosen.length,
    audit: [],
    auditRows: [],
  };

  for (const rec of chosen) {
    if (archivedPrints.has(recordFingerprint(rec))) {
      plan.alreadyArchived.push(rec.row);
      plan.audit.push({
        when: input.nowIso,
        who: input.user,
        videoUrl: rec.videoUrl,
        field: 'Archived',
        oldValue: `Ledger row ${rec.row}`,
        newValue: 'Archive (copied by an earlier run)',
        via: 'archive',
      });
      plan.auditRows.push(rec.row);
      continue;
    }
    const ledgerRow = input.ledgerValues[rec.row - 1] ?? [];
    const meta: Record<string, unknown> = {
      'archived on': input.archivedOn,
      'archived by': input.user,
      'archive batch': input.batch,
      'code history': codeHistorySummary(input.history.get(canonicalVideoUrl(rec.videoUrl))),
    };
    const values: unknown[] = [];
    const formats: string[] = [];
    for (const h of headers) {
      const key = norm(h);
      if (key in meta) {
        const v = meta[key];
        values.push(archiveCell(v));
        formats.push(key === 'archived on' ? 'yyyy-mm-dd hh:mm' : AUTOMATIC_FORMAT);
        continue;
      }
      const li = ledgerIndexOf.get(key);
      const v = li === undefined ? '' : (ledgerRow[li] ?? '');
      values.push(archiveCell(v));
      formats.push(cellFormat(li === undefined ? undefined : defAt.get(li), v));
    }
    plan.values.push(values);
    plan.formats.push(formats);
    plan.appendedRows.push(rec.row);
    plan.audit.push({
      when: input.nowIso,
      who: input.user,
      videoUrl: rec.videoUrl,
      field: 'Archived',
      oldValue: `Ledger row ${rec.row}`,
      newValue: `Archive (${input.batch})`,
      via: 'archive',
    });
    plan.auditRows.push(rec.row);
  }
  spillLongCells(plan);
  return plan;
}

/** Ledger rows in the first `done` blocks: the rows that have left the Ledger. */
export function rowsInBlocks(blocks: readonly Block[], done: number): Set<number> {
  const rows = new Set<number>();
  for (const b of blocks.slice(0, done)) for (let k = 0; k < b.count; k++) rows.add(b.start + k);
  return rows;
}

/** After deleting `done` blocks, the appended rows whose ledger rows are still there (a suffix, as both go top-down). */
export function undeletedSuffix(plan: ArchivePlan, done: number): number {
  if (done >= plan.blocks.length) return plan.appendedRows.length;
  const firstKept = plan.blocks[done].start;
  const k = plan.appendedRows.findIndex((r) => r >= firstKept);
  return k < 0 ? plan.appendedRows.length : k;
}
