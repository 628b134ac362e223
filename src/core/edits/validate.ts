/**
 * "Validate ledger" (docs/product.md §4, §8): every row that is not operationally ready or
 * breaks a rule, with what is missing, and the backgrounds that mark its cells.
 */
import { expiryDate } from '../ledger/dates';
import { type FieldError, dedupeErrors } from '../ledger/errors';
import { FIELDS, type FieldDef, type FieldKey, type LedgerRecord, fieldLabel } from '../ledger/fields';
import { RENEWAL_WINDOW_HOURS, isStatus, readinessGaps, requirementErrors } from '../lifecycle/lifecycle';
import { FIELDS_FROM_SETTINGS, type Settings, findInList } from '../ledger/settings';
import { standingRuleErrors } from '../lifecycle/actions';
import { type AttentionItem, type AttentionKind, kindOrder, kindSentence } from '../lifecycle/attention';
import { type ColumnMap, MAX_CELL_CHARS, columnLetter, tooLongForCell, valueToCell } from '../ledger/sheetRow';
import { normalizeValue } from '../ledger/values';
import { handlesConflict, parseVideoUrl } from '../ledger/video';

export interface RowProblem {
  row: number;
  videoUrl: string;
  /** Fields that are missing or wrong, in ledger order. */
  missing: FieldKey[];
  message: string;
}

export interface ValidateContext {
  /** Hours from now until 00:00 of a date in the spreadsheet's zone. */
  hoursUntil(ymd: string): number;
  /** Lists from Settings; rows are checked against them like the sidebar does. */
  settings?: Settings;
}

/** The background the add-on paints on cells that need attention. */
export const PROBLEM_BACKGROUND = '#f6b26b';
/** What Sheets reports for a cell without a background. */
export const NO_BACKGROUND = '#ffffff';

const LISTS = FIELDS_FROM_SETTINGS;

function isEmpty(v: unknown): boolean {
  return v === '' || v === null || v === undefined || (Array.isArray(v) && v.length === 0);
}

function hasContent(rec: LedgerRecord): boolean {
  return FIELDS.some((f) => f.kind !== 'bool' && !isEmpty(rec[f.key]));
}

/** Every rule one row breaks, each naming its field. Duplicates are checked across rows by ledgerProblems. */
export function rowErrors(rec: LedgerRecord, ctx: ValidateContext): FieldError[] {
  const errors: FieldError[] = [];
  const bad = new Set<string>();
  for (const f of FIELDS) {
    const r = normalizeValue(f as FieldDef, rec[f.key]);
    if ('error' in r) {
      errors.push({ field: f.key, message: r.error });
      bad.add(f.key);
    }
  }
  for (const f of FIELDS) {
    if (bad.has(f.key)) continue;
    const written = valueToCell(f as FieldDef, rec[f.key]);
    if (!tooLongForCell(written)) continue;
    // The cell holds it, but the add-on writes text back with a leading apostrophe (quoteText), and Sheets refuses a cell over the limit.
    errors.push({
      field: f.key,
      message: `${fieldLabel(f.key)} is ${(String(written).length - 1).toLocaleString('en-US')} characters long: the add-on cannot write it back (it writes text with a leading apostrophe, and a cell takes at most ${MAX_CELL_CHARS.toLocaleString('en-US')} characters). Shorten it to ${(MAX_CELL_CHARS - 1).toLocaleString('en-US')} or fewer.`,
    });
    bad.add(f.key);
  }
  const status = rec.status;
  if (status === '') {
    errors.push({
      field: 'status',
      message: 'Status is empty: a row in the ledger needs a status (new rows start as Requested).',
    });
  } else if (isStatus(status)) {
    errors.push(...requirementErrors(status, rec).filter((e) => !bad.has(e.field)));
    const hours = rec.expiresOn && !bad.has('expiresOn') ? ctx.hoursUntil(rec.expiresOn) : null;
    const gaps = readinessGaps(rec, hours).filter((k) => !bad.has(k));
    if (gaps.length) {
      const decision = gaps.includes('renewalDecision')
        ? ` The code expires within ${RENEWAL_WINDOW_HOURS} hours: pick Renew or Retire as the renewal decision.`
        : '';
      errors.push(
        ...gaps.map((k) => ({
          field: k,
          message: `Not operationally ready: ${fieldLabel(k)} is missing.${k === 'renewalDecision' ? decision : ''}`,
        })),
      );
    }
  }
  const url = parseVideoUrl(rec.videoUrl);
  // A mobile link names no handle: there is nothing to compare it with.
  if (url && rec.creatorHandle && !bad.has('creatorHandle') && handlesConflict(url.handle, rec.creatorHandle)) {
    errors.push({
      field: 'creatorHandle',
      message: `Creator handle ${rec.creatorHandle} does not match the handle in the video URL (${url.handle}).`,
    });
  }
  if (url && rec.videoId && rec.videoId !== url.videoId && !bad.has('videoId')) {
    errors.push({
      field: 'videoId',
      message: `Video ID ${rec.videoId} is not the id in the video URL (${url.videoId}).`,
    });
  }
  const datesOk = !bad.has('authorizedOn') && !bad.has('authDays') && !bad.has('expiresOn');
  if (datesOk && rec.authorizedOn && typeof rec.authDays === 'number') {
    const expected = expiryDate(rec.authorizedOn, rec.authDays);
    if (rec.expiresOn !== expected) {
      errors.push({
        field: 'expiresOn',
        message: `Expires on should be ${expected} (Authorized on ${rec.authorizedOn} + ${rec.authDays} days) but is ${rec.expiresOn || 'empty'}.`,
      });
    }
  }
  if (
    rec.spendStart &&
    rec.spendEnd &&
    !bad.has('spendStart') &&
    !bad.has('spendEnd') &&
    rec.spendEnd < rec.spendStart
  ) {
    errors.push({
      field: 'spendEnd',
      message: `Spend end (${rec.spendEnd}) is before spend start (${rec.spendStart}).`,
    });
  }
  if (ctx.settings) {
    for (const { key, list, where } of LISTS) {
      const v = rec[key];
      if (typeof v !== 'string' || v === '' || bad.has(key)) continue;
      if (findInList(ctx.settings[list] as string[], v) === null) {
        errors.push({ field: key, message: `${fieldLabel(key)} "${v}" is not on the Settings list ${where}.` });
      }
    }
    // docs/product.md §8: other clients' ad accounts or brands, owners outside the Owners list and domains, Paid campaign against Status.
    for (const e of standingRuleErrors(rec, ctx.settings)) if (!bad.has(e.field)) errors.push(e);
  }
  return dedupeErrors(errors);
}

/** Problems of every row that holds anything, duplicates included, in row order. */
export function ledgerProblems(
  records: readonly LedgerRecord[],
  ctx: ValidateContext,
): { checked: number; problems: RowProblem[]; errors: Map<number, FieldError[]> } {
  const rows = records.filter(hasContent);
  const byRow = new Map<number, FieldError[]>();
  const firstVideo = new Map<string, number>();
  const firstCode = new Map<string, number>();
  for (const rec of rows) {
    const errs = rowErrors(rec, ctx);
    const url = parseVideoUrl(rec.videoUrl);
    if (url) {
      const first = firstVideo.get(url.videoId);
      if (first === undefined) firstVideo.set(url.videoId, rec.row);
      else
        errs.push({ field: 'videoUrl', message: `The same video is already on row ${first}; each video has one row.` });
    }
    const code = String(rec.sparkCode ?? '').trim();
    if (code) {
      const first = firstCode.get(code);
      if (first === undefined) firstCode.set(code, rec.row);
      else
        errs.push({
          field: 'sparkCode',
          message: `The same Spark code is already on row ${first}; each code belongs to one video.`,
        });
    }
    if (errs.length) byRow.set(rec.row, errs);
  }
  const order = new Map(FIELDS.map((f, i) => [f.key as string, i]));
  const problems: RowProblem[] = [];
  for (const rec of rows) {
    const errs = byRow.get(rec.row);
    if (!errs) continue;
    const missing = [...new Set(errs.map((e) => e.field).filter((f) => order.has(f)))].sort(
      (a, b) => (order.get(a) as number) - (order.get(b) as number),
    ) as FieldKey[];
    problems.push({ row: rec.row, videoUrl: rec.videoUrl, missing, message: errs.map((e) => e.message).join(' ') });
  }
  return { checked: rows.length, problems, errors: byRow };
}

/**
 * Backgrounds for the block of ledger columns (firstCol..firstCol+width-1,
 * rows firstRow..): problem cells painted, cells the add-on painted before and
 * now fine cleared, every other background (the agency's own, and all of its
 * own columns inside the block) kept as it was.
 */
/** The fields each problem row is marked on: its problem fields with a column, else its status cell. */
function markedColumns(cols: ColumnMap, p: RowProblem): Set<number> {
  const set = new Set<number>();
  for (const k of p.missing) {
    const i = cols.index[k];
    if (i !== undefined) set.add(i + 1);
  }
  // A problem whose field has no column of its own is shown on the row's status cell.
  if (set.size === 0 && cols.index.status !== undefined) set.add(cols.index.status + 1);
  return set;
}

/** The fields whose columns carry a mark once `problems` are painted (what the next run must look at to clear). */
export function markedFields(cols: ColumnMap, problems: readonly RowProblem[]): FieldKey[] {
  const used = new Set<number>();
  for (const p of problems) for (const c of markedColumns(cols, p)) used.add(c);
  return (Object.keys(cols.index) as FieldKey[]).filter((k) => used.has((cols.index[k] as number) + 1));
}

/**
 * The 1-based columns whose backgrounds a run reads: `paint`, those it marks
 * now (read first, always), and `sweep`, the others an earlier run may have
 * left marks in (`earlier`, as field keys; null when not known, and then every
 * other ledger column).
 */
export function columnsToLook(
  cols: ColumnMap,
  problems: readonly RowProblem[],
  earlier: readonly FieldKey[] | null,
): { paint: number[]; sweep: number[] } {
  const toColumns = (keys: readonly FieldKey[]) =>
    keys
      .map((k) => cols.index[k])
      .filter((i): i is number => i !== undefined)
      .map((i) => i + 1)
      .sort((a, b) => a - b);
  const paint = toColumns(markedFields(cols, problems));
  const inPaint = new Set(paint);
  const sweep = toColumns(earlier ?? (Object.keys(cols.index) as FieldKey[])).filter((c) => !inPaint.has(c));
  return { paint, sweep: [...new Set(sweep)] };
}

/** The fields whose columns are these 1-based columns. */
export function fieldsOfColumns(cols: ColumnMap, columns: readonly number[]): FieldKey[] {
  const set = new Set(columns);
  return (Object.keys(cols.index) as FieldKey[]).filter((k) => set.has((cols.index[k] as number) + 1));
}

export function highlightGrid(
  current: readonly (readonly string[])[],
  firstRow: number,
  firstCol: number,
  cols: ColumnMap,
  problems: readonly RowProblem[],
): (string | null)[][] {
  const ledgerCols = new Set<number>();
  for (const i of Object.values(cols.index)) if (typeof i === 'number') ledgerCols.add(i + 1);
  const marked = new Map<number, Set<number>>();
  for (const p of problems) marked.set(p.row, markedColumns(cols, p));
  return current.map((line, r) => {
    const row = firstRow + r;
    const mark = marked.get(row);
    return line.map((bg, c) => {
      const col = firstCol + c;
      const same = bg === NO_BACKGROUND || bg === '' ? null : bg;
      if (!ledgerCols.has(col)) return same;
      if (mark?.has(col)) return PROBLEM_BACKGROUND;
      return bg === PROBLEM_BACKGROUND ? null : same;
    });
  });
}

/** A cell whose background changes: its A1 reference and the background it had. */
export interface BackgroundChange {
  a1: string;
  was: string;
}

/**
 * Only the cells whose background changes: those to paint (a problem, not
 * painted yet) and those to clear (painted by an earlier run, fine now). Writing these two lists costs the cells that change, not the
 * whole block (highlightGrid's answer, which this is the difference of).
 */
export function highlightChanges(
  current: readonly (readonly string[])[],
  firstRow: number,
  firstCol: number,
  cols: ColumnMap,
  problems: readonly RowProblem[],
): { paint: BackgroundChange[]; clear: BackgroundChange[] } {
  const grid = highlightGrid(current, firstRow, firstCol, cols, problems);
  const paint: BackgroundChange[] = [];
  const clear: BackgroundChange[] = [];
  grid.forEach((line, r) => {
    line.forEach((bg, c) => {
      const was = current[r][c];
      const a1 = () => `${columnLetter(firstCol + c)}${firstRow + r}`;
      if (bg === PROBLEM_BACKGROUND && was !== PROBLEM_BACKGROUND) paint.push({ a1: a1(), was });
      else if (bg === null && was === PROBLEM_BACKGROUND) clear.push({ a1: a1(), was });
    });
  });
  return { paint, clear };
}

/**
 * What Validate ledger tells the person: first what waits on a person (the
 * daily email's work and requests waiting too long), then the rows that break
 * a rule or are not ready. "All ready" only when both are empty.
 */
export function problemSummary(
  checked: number,
  problems: readonly RowProblem[],
  attention: readonly AttentionItem[] = [],
  max = 15,
): string {
  if (problems.length === 0 && attention.length === 0)
    return `All ${checked} rows are valid and operationally ready, and nothing waits on a person.`;
  const parts: string[] = [];
  if (attention.length) {
    const counts = new Map<AttentionKind, number>();
    for (const a of attention) counts.set(a.kind, (counts.get(a.kind) ?? 0) + 1);
    const heads = kindOrder()
      .filter((k) => counts.has(k))
      .map((k) => `• ${kindSentence(k, counts.get(k) as number)}`);
    const lines = attention
      .slice(0, max)
      .map((a) => `${[a.creatorHandle, a.campaign].filter(Boolean).join(' · ') || a.videoUrl}: ${a.says}`);
    const more = attention.length > max ? `\n…and ${attention.length - max} more.` : '';
    parts.push(`Needs a person now:\n${heads.join('\n')}\n\n${lines.join('\n')}${more}`);
  }
  if (problems.length) {
    const lines = problems.slice(0, max).map((p) => `Row ${p.row}: ${p.missing.map(fieldLabel).join(', ')}`);
    const more = problems.length > max ? `\n…and ${problems.length - max} more rows.` : '';
    parts.push(
      `${problems.length} of ${checked} rows need attention; their cells are highlighted.\n\n${lines.join('\n')}${more}`,
    );
  } else {
    parts.push(`All ${checked} rows are valid and operationally ready.`);
  }
  return parts.join('\n\n');
}
