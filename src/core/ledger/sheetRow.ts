/**
 * Between sheet cells and records. Columns are found by header text, never by
 * position, so agencies may move columns and add their own.
 */
import { dateCellToYmd, isDateObject, isYmd } from './dates';
import {
  FIELDS,
  type FieldDef,
  type FieldKey,
  type FieldValue,
  type LedgerRecord,
  emptyValue,
  fieldLabel,
} from './fields';
import { MAX_CELL_CHARS } from './values';

/**
 * The automatic ("Automatic" in Format › Number) format: the pattern Sheets
 * reports from getNumberFormat for a cell nobody formatted. Google documents
 * no name for it; writing this pattern back keeps a cell automatic.
 */
export const AUTOMATIC_FORMAT = '0.###############';

/**
 * Number format of each field kind. Text kinds get the automatic format, and
 * their strings are written with a leading apostrophe (sheetRow.quoteText),
 * which Sheets documents as keeping what follows as text:
 * https://support.google.com/docs/answer/3094139
 * Not plain text ('@'): what setValues does with '=…' in a plain-text cell is
 * documented nowhere, and there the apostrophe may become part of the text.
 */
export function numberFormatFor(def: FieldDef): string {
  switch (def.kind) {
    case 'date':
      return 'yyyy-mm-dd';
    case 'timestamp':
      return 'yyyy-mm-dd hh:mm';
    case 'money':
      return '#,##0.00';
    case 'days':
    case 'count':
      return '0';
    case 'bool':
      // Checkbox cells hold booleans, which no number format retypes.
      return AUTOMATIC_FORMAT;
    default:
      return AUTOMATIC_FORMAT;
  }
}

export type Cell = string | number | boolean | Date;

export interface ColumnMap {
  /** 0-based column index of each ledger field found in the header row. */
  index: Partial<Record<FieldKey, number>>;
  missing: FieldKey[];
  /** Ledger headers that appear more than once. `index` holds the first; the add-on refuses to work on such a sheet (ledgerHeaderProblem). */
  duplicated: FieldKey[];
  /** Every 0-based column carrying a duplicated header, first one included, left to right. */
  duplicates: Partial<Record<FieldKey, number[]>>;
  width: number;
}

export function normHeader(h: unknown): string {
  return String(h ?? '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

const FIELD_BY_HEADER = new Map(FIELDS.map((f) => [normHeader(f.header), f as FieldDef]));

/** The ledger field a header cell names, or undefined for the agency's own columns. */
export function fieldOfHeader(h: unknown): FieldKey | undefined {
  return FIELD_BY_HEADER.get(normHeader(h))?.key as FieldKey | undefined;
}

export function mapColumns(headerRow: readonly unknown[]): ColumnMap {
  const index: Partial<Record<FieldKey, number>> = {};
  const duplicated: FieldKey[] = [];
  const duplicates: Partial<Record<FieldKey, number[]>> = {};
  headerRow.forEach((h, i) => {
    const key = fieldOfHeader(h);
    if (!key) return;
    const first = index[key];
    if (first === undefined) {
      index[key] = i;
      return;
    }
    if (!duplicated.includes(key)) {
      duplicated.push(key);
      duplicates[key] = [first];
    }
    (duplicates[key] as number[]).push(i);
  });
  const missing = FIELDS.map((f) => f.key).filter((k) => index[k] === undefined);
  return { index, missing, duplicated, duplicates, width: headerRow.length };
}

/** The menu path that repairs the Ledger's headers. */
export const SETUP_PATH = 'Extensions › Spark Ledger › Set up ledger';

/** How setup renames the later copies of a duplicated header: "Status (copy)", "Status (copy 2)". */
export function copyHeader(header: string, n: number): string {
  return n <= 1 ? `${header} (copy)` : `${header} (copy ${n})`;
}

/**
 * Every ledger column is essential: each one is read or written by some job
 * (the daily check alone reads thirteen), and a column the add-on cannot find,
 * or finds twice, would make it read nothing or the wrong cells without a
 * word. null when the header row is whole; otherwise what is wrong and how to
 * repair it, in words for the person who changed the sheet.
 */
export function ledgerHeaderProblem(cols: ColumnMap, sheetName = 'Ledger'): string | null {
  const parts: string[] = [];
  if (cols.missing.length === FIELDS.length) {
    return `The ${sheetName} sheet has none of the ledger's column headers in row 1: choose ${SETUP_PATH} to add them.`;
  }
  if (cols.missing.length) {
    const all = cols.missing.map((k) => `"${fieldLabel(k)}"`);
    const names = all.length > 8 ? [...all.slice(0, 6), `${all.length - 6} other ledger headers`] : all;
    const one = cols.missing.length === 1;
    parts.push(
      `The ${sheetName} sheet has no column headed ${listWords(names, 'or')}. ` +
        `If ${one ? 'that header was' : 'those headers were'} renamed or deleted, type ${one ? 'it' : 'them'} back exactly, or choose ${SETUP_PATH}: ` +
        `it puts the header back on a renamed column it recognises, data kept, and adds ${one ? 'the column' : 'any column'} it cannot find.`,
    );
  }
  for (const k of cols.duplicated) {
    const at = (cols.duplicates[k] ?? []).map((i) => columnLetter(i + 1));
    const header = fieldLabel(k);
    parts.push(
      `Columns ${listWords(at, 'and')} of the ${sheetName} sheet are all headed "${header}", so the add-on cannot tell which one to read and write. ` +
        `Rename or remove all but one, or choose ${SETUP_PATH}: it keeps column ${at[0]} as "${header}" and renames the others "${copyHeader(header, 1)}", keeping their data.`,
    );
  }
  return parts.length ? parts.join(' ') : null;
}

function listWords(items: readonly string[], conjunction: string): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

export { MAX_CELL_CHARS };

/**
 * Whether a value, exactly as it is handed to setValues (text quoted), is too
 * long for one cell. Sheets refuses a cell over 50,000 characters ("Your input
 * contains more than the maximum of 50000 characters in a single cell."), and
 * the whole write with it: https://support.google.com/docs/answer/37603
 * Google does not say whether the leading apostrophe that keeps text as text
 * counts, so the add-on counts it: what it writes, quote included, fits.
 */
export function tooLongForCell(written: unknown): boolean {
  return typeof written === 'string' && written.length > MAX_CELL_CHARS;
}

/**
 * Cuts text into pieces of at most `size` UTF-16 units, never between the two
 * halves of a surrogate pair (an emoji), so the pieces join back to the text.
 */
export function splitText(text: string, size: number): string[] {
  if (size < 2) throw new Error('splitText: size must be at least 2');
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    let end = Math.min(i + size, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    out.push(text.slice(i, end));
    i = end;
  }
  return out;
}

/**
 * What a record value becomes in a ledger cell. Ledger cells are written
 * together with their number format (numberFormatFor): text columns are
 * automatic, so every non-empty string goes in with a leading apostrophe
 * (quoteText) and stays exactly the text it is, formula-looking or not.
 */
export function valueToCell(def: FieldDef, value: FieldValue | undefined): Cell {
  if (value === undefined || value === '') return '';
  switch (def.kind) {
    case 'bool':
      return value === true;
    case 'days':
    case 'count':
    case 'money':
      return typeof value === 'number' ? value : Number(value);
    case 'date': {
      // A calendar date is written as text a person would type, so Sheets
      // stores midnight in the spreadsheet's own zone; the column's date format
      // shows it back as typed. Anything else in a date column stays text.
      const s = String(value);
      return isYmd(s) ? s : quoteText(s);
    }
    case 'timestamp':
      return new Date(String(value));
    case 'checks': {
      const list = Array.isArray(value) ? value : [String(value)];
      return quoteText(list.join('; '));
    }
    default:
      return quoteText(String(value));
  }
}

/**
 * Text as written into a cell with the automatic number format: setValues
 * parses strings like typed input (formulas, numbers, dates, booleans), and a
 * leading apostrophe keeps the text exactly; the apostrophe is not part of
 * the stored value. https://support.google.com/docs/answer/3094139
 * Never write this into a plain-text ('@') cell: Google does not say what
 * happens to the apostrophe there.
 */
export function quoteText(s: string): string {
  return s === '' ? '' : `'${s}`;
}

/** What a cell means as a record value. */
export function cellToValue(def: FieldDef, cell: unknown, offsets: readonly number[]): FieldValue {
  if (cell === '' || cell === null || cell === undefined) return emptyValue(def.kind);
  switch (def.kind) {
    case 'bool':
      return cell === true || (typeof cell === 'string' && cell.trim().toUpperCase() === 'TRUE');
    case 'days':
    case 'count':
    case 'money': {
      if (typeof cell === 'number') return cell;
      // Text in a number column is a number only when it reads the same in every locale: "12,5" or
      // "1.000" stays text (validate flags it) rather than becoming 125 or 1.
      const t = String(cell).trim();
      const n = /^-?\d+$/.test(t) ? Number(t) : NaN;
      return Number.isFinite(n) ? n : String(cell);
    }
    case 'date':
      return dateCellToYmd(cell, offsets);
    case 'timestamp':
      return isDateObject(cell) ? cell.toISOString() : String(cell);
    case 'checks':
      return String(cell)
        .split(/[;\n]/)
        .map((s) => s.trim())
        .filter(Boolean);
    default:
      if (isDateObject(cell)) return dateCellToYmd(cell, offsets);
      // JavaScript prints integers below 1e21 without an exponent, with the
      // shortest digits that round-trip: what Sheets showed the person.
      return String(cell);
  }
}

export function rowToRecord(
  row: readonly unknown[],
  cols: ColumnMap,
  offsets: readonly number[],
  rowNumber: number,
): LedgerRecord {
  const rec: Record<string, FieldValue | number> = { row: rowNumber };
  for (const f of FIELDS) {
    const i = cols.index[f.key];
    rec[f.key] = i === undefined ? emptyValue(f.kind) : cellToValue(f as FieldDef, row[i], offsets);
  }
  return rec as unknown as LedgerRecord;
}

export interface CellRun {
  /** 0-based first column. */
  start: number;
  values: Cell[];
  /** Number format of each cell, written before the values so a quoted string lands in an automatic cell even where someone (or an older version, with '@') changed the column's format. */
  formats: string[];
}

/**
 * The cells to write for `keys` of `rec`, grouped into runs of adjacent
 * columns: one setValues per run, and the agency's own columns in between are
 * never touched. With `bridge`, `rec` is the whole row: ledger columns lying
 * between two written cells are written too (with their unchanged values), so
 * a change to scattered fields is still one run per block of ledger columns.
 */
export function cellRuns(
  rec: Partial<Record<FieldKey, FieldValue>>,
  keys: readonly FieldKey[],
  cols: ColumnMap,
  bridge = false,
): CellRun[] {
  const keyAt = new Map<number, FieldDef>();
  for (const f of FIELDS) {
    const i = cols.index[f.key];
    if (i !== undefined) keyAt.set(i, f as FieldDef);
  }
  const wanted = new Set<number>();
  for (const k of keys) {
    const i = cols.index[k];
    if (i !== undefined) wanted.add(i);
  }
  const order = [...wanted].sort((a, b) => a - b);
  if (bridge) {
    for (let j = 1; j < order.length; j++) {
      let gapIsLedger = true;
      for (let c = order[j - 1] + 1; c < order[j]; c++) if (!keyAt.has(c)) gapIsLedger = false;
      if (gapIsLedger) for (let c = order[j - 1] + 1; c < order[j]; c++) wanted.add(c);
    }
  }
  const runs: CellRun[] = [];
  for (const i of [...wanted].sort((a, b) => a - b)) {
    const def = keyAt.get(i) as FieldDef;
    const value = valueToCell(def, rec[def.key as FieldKey]);
    const format = numberFormatFor(def);
    const last = runs[runs.length - 1];
    if (last && last.start + last.values.length === i) {
      last.values.push(value);
      last.formats.push(format);
    } else {
      runs.push({ start: i, values: [value], formats: [format] });
    }
  }
  return runs;
}

/** Keys whose values differ between two records (checks compared as lists). */
export function changedKeys(
  before: Partial<Record<FieldKey, FieldValue>>,
  after: Partial<Record<FieldKey, FieldValue>>,
): FieldKey[] {
  const out: FieldKey[] = [];
  for (const f of FIELDS) {
    const k = f.key;
    if (!(k in after)) continue;
    if (displayValue(before[k]) !== displayValue(after[k])) out.push(k);
  }
  return out;
}

/** How a value reads in the Audit sheet and in messages. */
export function displayValue(v: FieldValue | undefined): string {
  if (v === undefined || v === '') return '';
  if (Array.isArray(v)) return v.join('; ');
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}

/** 1 → A, 27 → AA. */
export function columnLetter(col: number): string {
  let s = '';
  let n = col;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
