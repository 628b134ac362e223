/**
 * Value coercion on write. Range.setValue(s) and Sheet.appendRow treat a
 * string the way a person typing it into the cell would (US locale):
 *   https://developers.google.com/apps-script/reference/spreadsheet/range#setValue(Object)
 *   ("...set the value ... A value of type string ... is parsed; a leading '=' is a formula")
 *   https://support.google.com/docs/answer/56470 (number formats: "Plain text" keeps input as text)
 * Non-string values are stored as they are; null/undefined empty the cell.
 */
import { isDateLike } from './clock';
import { instantToWall } from './tz';

/** A date/time cell: its wall-clock time in the spreadsheet's time zone (ms, as if UTC). */
export class CellDate {
  constructor(public readonly wall: number) {}
}

export type CellValue = string | number | boolean | CellDate;

export const PLAIN_TEXT = '@';
/** What getNumberFormat returns for a cell with the default ("Automatic") format. */
export const DEFAULT_NUMBER_FORMAT = '0.###############';

export function isAutomaticFormat(f: string | undefined): boolean {
  return f === undefined || f === '' || f === DEFAULT_NUMBER_FORMAT || f.toLowerCase() === 'general';
}

/**
 * Formulas are stored verbatim (getFormulas returns them). The emulator does not
 * recalculate: getValues returns the value of literal formulas (=1, ="a", =TRUE,
 * =HYPERLINK(url, label)) and FORMULA_NOT_COMPUTED for anything else, so tests
 * never silently rely on a computed value.
 */
export const FORMULA_NOT_COMPUTED = '#ERROR!';

export interface Typed {
  value: CellValue;
  formula: string | null;
  /** Number format Sheets applies automatically for the typed input (e.g. a date), if any. */
  autoFormat: string | null;
}

const out: Typed = { value: '', formula: null, autoFormat: null };

export interface TypingContext {
  timeZone: string;
  nowMs: number;
}

/**
 * Coerces one written value. `numberFormat` is the cell's current number format.
 * The returned object is reused between calls: copy what you need.
 */
export function typeInput(v: unknown, numberFormat: string | undefined, ctx: TypingContext): Typed {
  out.formula = null;
  out.autoFormat = null;
  if (v === null || v === undefined) {
    out.value = '';
    return out;
  }
  switch (typeof v) {
    case 'number':
    case 'boolean':
      out.value = v;
      return out;
    case 'string':
      return typeString(v, numberFormat, ctx);
    default:
      break;
  }
  if (isDateLike(v)) {
    const ms = v.getTime();
    if (Number.isNaN(ms)) {
      out.value = '';
      return out;
    }
    // A Date names an instant; the cell keeps its wall-clock time in the
    // spreadsheet's zone. https://developers.google.com/apps-script/guides/sheets#dates_and_times
    out.value = new CellDate(instantToWall(ctx.timeZone, ms));
    out.autoFormat = 'M/d/yyyy H:mm:ss';
    return out;
  }
  out.value = String(v);
  return out;
}

function typeString(s: string, numberFormat: string | undefined, ctx: TypingContext): Typed {
  // Cells formatted as plain text keep what was written: no number, date or
  // boolean parsing. https://support.google.com/docs/answer/56470
  // GUESS, not documented by Google: (1) a leading apostrophe is kept as part
  // of the text in a plain-text cell (third-party writers to plain-text
  // columns report stray apostrophes: https://github.com/getodk/collect/issues/3703);
  // (2) a leading '=' written by setValues into a plain-text cell stays text,
  // as it does when typed in the UI. Because both are guesses, the add-on
  // never relies on '@' to keep text and never writes an apostrophe into a
  // '@' cell: its text cells are automatic and its strings quoted.
  if (numberFormat === PLAIN_TEXT) {
    out.value = s;
    return out;
  }
  if (s.length === 0) {
    out.value = '';
    return out;
  }
  const c0 = s.charCodeAt(0);
  // A leading apostrophe forces text; the apostrophe is not part of the value
  // (getValues and getDisplayValues both return the text without it).
  // https://support.google.com/docs/answer/3094139 (format numbers as text: prefix with ')
  if (c0 === 39 /* ' */) {
    out.value = s.slice(1);
    return out;
  }
  if (c0 === 61 /* = */ && s.length > 1) {
    out.formula = s;
    out.value = evaluateFormula(s);
    return out;
  }
  const last = s.charCodeAt(s.length - 1);
  const t = c0 > 32 && last > 32 ? s : s.trim();
  if (t.length === 0) {
    out.value = s;
    return out;
  }
  const f = t.charCodeAt(0);
  const isDigit = f >= 48 && f <= 57;
  // Fast path: text that starts with a letter other than t/f (TRUE/FALSE) or a month name start.
  if (!isDigit && f !== 43 && f !== 45 && f !== 46 && f !== 36) {
    if ((t.length === 4 || t.length === 5) && /^(true|false)$/i.test(t)) {
      out.value = t.toLowerCase() === 'true';
      return out;
    }
    if (t.length >= 8 && MONTH_START.test(t) && parseDate(t, ctx)) return out;
    out.value = s;
    return out;
  }
  if (isDigit && t.length <= 15 && PLAIN_DIGITS.test(t)) {
    out.value = Number(t);
    return out;
  }
  if (parseNumber(t)) return out;
  if (isDigit && parseDate(t, ctx)) return out;
  out.value = s;
  return out;
}

const PLAIN_DIGITS = /^\d+$/;
const MONTH_START = /^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i;
const NUMBER = /^([+-])?(\$)?([+-])?(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d*))?(?:[eE]([+-]?\d+))?(%)?$/;

/**
 * "123", "+123", "-5", "1e5", "1,234", "0012", "$5", "50%" become numbers.
 * Sheets keeps 15 significant digits: further digits are dropped, so
 * "7412345678901234567" becomes 7412345678901230000.
 * https://support.google.com/docs/answer/13193461 (Sheets precision: 15 significant digits, like Excel:
 * https://learn.microsoft.com/en-us/office/troubleshoot/excel/last-digits-changed-to-zeros)
 */
function parseNumber(t: string): boolean {
  const m = NUMBER.exec(t);
  if (!m) return false;
  const [, sign1, dollar, sign2, intPart = '', frac = '', exp = '0', pct] = m;
  if (sign1 && sign2) return false;
  if (!intPart && !frac) return false;
  if (dollar && pct) return false;
  const sign = (sign1 || sign2) === '-' ? '-' : '';
  let digits = (intPart.replace(/,/g, '') + frac).replace(/^0+/, '');
  let e = Number(exp) - frac.length - (pct ? 2 : 0);
  if (digits.length > 15) {
    e += digits.length - 15;
    digits = digits.slice(0, 15);
  }
  const n = digits ? Number(`${sign}${digits}e${e}`) : 0;
  if (!Number.isFinite(n)) return false;
  out.value = n === 0 ? 0 : n;
  if (pct) out.autoFormat = frac ? '0.00%' : '0%';
  else if (dollar) out.autoFormat = '"$"#,##0.00';
  return true;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const TIME = '(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,3}))?)?\\s*([AaPp][Mm])?';
const ISO_DATE = new RegExp(`^(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})(?:\\s+${TIME})?$`);
const US_DATE = new RegExp(`^(\\d{1,2})[/-](\\d{1,2})(?:[/-](\\d{4}|\\d{2}))?(?:\\s+${TIME})?$`);
const NAMED_DATE = new RegExp(`^([A-Za-z]{3,9})\\.?\\s+(\\d{1,2}),?\\s+(\\d{4})(?:\\s+${TIME})?$`);
const TIME_ONLY = new RegExp(`^${TIME}$`);

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function timeMs(h?: string, mi?: string, s?: string, ms?: string, ampm?: string): number | null {
  if (h === undefined) return 0;
  let hour = Number(h);
  const min = Number(mi);
  const sec = s ? Number(s) : 0;
  if (ampm) {
    if (hour < 1 || hour > 12) return null;
    const pm = ampm.toLowerCase() === 'pm';
    hour = (hour % 12) + (pm ? 12 : 0);
  } else if (hour > 23) return null;
  if (min > 59 || sec > 59) return null;
  return ((hour * 60 + min) * 60 + sec) * 1000 + (ms ? Number(ms.padEnd(3, '0')) : 0);
}

/**
 * Date-like text becomes a date at that wall-clock time in the spreadsheet's
 * time zone (US locale: month/day/year). Two-digit years 00-29 are 20xx,
 * 30-99 are 19xx; a missing year is the current year; a time alone is a time
 * on 1899-12-30 (day 0 of Sheets' serial dates).
 * https://support.google.com/docs/answer/3092969 (date and time serial values)
 * https://developers.google.com/sheets/api/guides/formats#about_date_time_values
 */
function parseDate(t: string, ctx: TypingContext): boolean {
  let y: number, mo: number, d: number;
  let time: (string | undefined)[] = [];
  let fmt: string;
  // Tried in order; a later pattern runs only when the earlier ones did not match.
  const iso = ISO_DATE.exec(t);
  const us = iso ? null : US_DATE.exec(t);
  const named = iso || us ? null : NAMED_DATE.exec(t);
  const timeOnly = iso || us || named ? null : TIME_ONLY.exec(t);
  if (iso) {
    y = Number(iso[1]);
    mo = Number(iso[2]);
    d = Number(iso[3]);
    time = iso.slice(4, 9);
    fmt = 'yyyy-mm-dd';
  } else if (us) {
    mo = Number(us[1]);
    d = Number(us[2]);
    if (us[3] === undefined) y = new Date(instantToWall(ctx.timeZone, ctx.nowMs)).getUTCFullYear();
    else if (us[3].length === 2) y = Number(us[3]) + (Number(us[3]) < 30 ? 2000 : 1900);
    else y = Number(us[3]);
    time = us.slice(4, 9);
    fmt = 'M/d/yyyy';
  } else if (named) {
    const idx = MONTHS.indexOf(named[1].slice(0, 3).toLowerCase());
    const full = [
      'january',
      'february',
      'march',
      'april',
      'may',
      'june',
      'july',
      'august',
      'september',
      'october',
      'november',
      'december',
    ];
    if (idx < 0 || !(named[1].length === 3 || full[idx].startsWith(named[1].toLowerCase()))) return false;
    mo = idx + 1;
    d = Number(named[2]);
    y = Number(named[3]);
    time = named.slice(4, 9);
    fmt = 'mmm d, yyyy';
  } else if (timeOnly) {
    const ms = timeMs(timeOnly[1], timeOnly[2], timeOnly[3], timeOnly[4], timeOnly[5]);
    if (ms === null) return false;
    out.value = new CellDate(Date.UTC(1899, 11, 30) + ms);
    out.autoFormat = timeOnly[5] ? 'h:mm:ss am/pm' : 'H:mm:ss';
    return true;
  } else {
    return false;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return false;
  const ms = timeMs(time[0], time[1], time[2], time[3], time[4]);
  if (ms === null) return false;
  const wall = Date.UTC(y, mo - 1, d) + ms;
  out.value = new CellDate(wall);
  out.autoFormat = time[0] !== undefined ? `${fmt} H:mm:ss` : fmt;
  return true;
}

const HYPERLINK = /^=\s*HYPERLINK\(\s*"((?:[^"]|"")*)"\s*(?:,\s*"((?:[^"]|"")*)"\s*)?\)\s*$/i;

/** See FORMULA_NOT_COMPUTED. */
export function evaluateFormula(f: string): CellValue {
  const body = f.slice(1).trim();
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(body)) return Number(body);
  const quoted = /^"((?:[^"]|"")*)"$/.exec(body);
  if (quoted) return quoted[1].replace(/""/g, '"');
  if (/^(TRUE|FALSE)(\(\))?$/i.test(body)) return body.toUpperCase().startsWith('TRUE');
  const link = HYPERLINK.exec(f);
  if (link) return (link[2] ?? link[1]).replace(/""/g, '"');
  return FORMULA_NOT_COMPUTED;
}
