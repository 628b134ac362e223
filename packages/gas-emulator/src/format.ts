/**
 * Display values: what getDisplayValues shows for a cell, from its value and
 * its number format (Sheets number-format syntax).
 * https://developers.google.com/sheets/api/guides/formats
 * https://developers.google.com/apps-script/reference/spreadsheet/range#getDisplayValues()
 * Supported: automatic, '@', '0', '0.00', '#,##0', '#,##0.00', percent, "$" prefixes,
 * and date/time patterns (yyyy, yy, m, mm, mmm, mmmm, d, dd, ddd, dddd, h, hh, H, HH, ss, am/pm).
 */
import { CellDate, type CellValue, isAutomaticFormat, PLAIN_TEXT } from './typing';

const SERIAL_EPOCH = Date.UTC(1899, 11, 30);
const DAY = 86400000;

export function dateToSerial(d: CellDate): number {
  return (d.wall - SERIAL_EPOCH) / DAY;
}
export function serialToWall(n: number): number {
  return SERIAL_EPOCH + Math.round(n * DAY);
}

export function formatAutomaticNumber(n: number): string {
  if (!Number.isFinite(n)) return '#NUM!';
  const a = Math.abs(n);
  if (a !== 0 && (a >= 1e15 || a < 1e-9)) {
    // Automatic format shows very large/small numbers in scientific notation.
    const [mant, exp] = n.toExponential(5).split('e');
    const m = mant.replace(/\.?0+$/, '');
    const e = Number(exp);
    return `${m}E${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  // Up to 10 decimals, trailing zeros trimmed.
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toFixed(10)));
}

function isDateFormat(fmt: string): boolean {
  const bare = fmt.replace(/"[^"]*"/g, '').replace(/\\./g, '');
  return /[ydhs]/i.test(bare) || (/m/i.test(bare) && !/[0#]/.test(bare));
}

export function displayValue(v: CellValue, fmt: string | undefined): string {
  if (v === '') return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'string') return v;
  if (fmt === PLAIN_TEXT)
    return v instanceof CellDate ? formatSheetsDate(v.wall, defaultDateFormat(v)) : formatAutomaticNumber(v);
  if (v instanceof CellDate) {
    if (isAutomaticFormat(fmt)) return formatSheetsDate(v.wall, defaultDateFormat(v));
    if (isDateFormat(fmt as string)) return formatSheetsDate(v.wall, fmt as string);
    return formatNumber(dateToSerial(v), fmt as string);
  }
  if (isAutomaticFormat(fmt)) return formatAutomaticNumber(v);
  if (isDateFormat(fmt as string)) return formatSheetsDate(serialToWall(v), fmt as string);
  return formatNumber(v, fmt as string);
}

function defaultDateFormat(d: CellDate): string {
  return d.wall % DAY === 0 ? 'M/d/yyyy' : 'M/d/yyyy H:mm:ss';
}

export function formatNumber(n: number, fmtAll: string): string {
  const sections = fmtAll.split(';');
  let fmt = sections[0];
  let value = n;
  if (n < 0 && sections.length > 1) {
    fmt = sections[1];
    value = -n;
  }
  // Split literal prefix/suffix from the numeric core.
  const core = /[#0?,.]+%?/.exec(fmt.replace(/"[^"]*"/g, (q) => '\u0000'.repeat(q.length)));
  if (!core) return fmt.replace(/"/g, '');
  const prefix = fmt.slice(0, core.index).replace(/"/g, '').replace(/\\/g, '');
  const suffix = fmt
    .slice(core.index + core[0].length)
    .replace(/"/g, '')
    .replace(/\\/g, '');
  let body = core[0];
  const pct = body.endsWith('%');
  if (pct) {
    body = body.slice(0, -1);
    value *= 100;
  }
  const [intFmt, decFmt = ''] = body.split('.');
  const grouping = intFmt.includes(',');
  const minDec = (decFmt.match(/0/g) ?? []).length;
  const maxDec = decFmt.replace(/[^0#?]/g, '').length;
  const neg = value < 0;
  let s = Math.abs(value).toFixed(maxDec);
  if (maxDec > minDec) {
    let [i, d = ''] = s.split('.');
    while (d.length > minDec && d.endsWith('0')) d = d.slice(0, -1);
    s = d ? `${i}.${d}` : i;
  }
  let [ip, dp] = s.split('.');
  const minInt = (intFmt.match(/0/g) ?? []).length;
  if (ip === '0' && minInt === 0) ip = '';
  ip = ip.padStart(minInt, '0');
  if (grouping) ip = ip.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const num = dp !== undefined ? `${ip}.${dp}` : ip;
  return `${neg && !(n < 0 && sections.length > 1) ? '-' : ''}${prefix}${num}${pct ? '%' : ''}${suffix}`;
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Formats a wall time with a Sheets date-time pattern. */
export function formatSheetsDate(wall: number, fmt: string): string {
  const d = new Date(wall);
  const Y = d.getUTCFullYear(),
    M = d.getUTCMonth(),
    D = d.getUTCDate(),
    h = d.getUTCHours(),
    mi = d.getUTCMinutes(),
    s = d.getUTCSeconds();
  const hasAmPm = /am\/pm|a\/p/i.test(fmt);
  const tokens = fmt.match(/"[^"]*"|\\.|am\/pm|a\/p|y+|m+|d+|h+|s+|./gi) ?? [];
  // 'm' after an hour or before a second token means minutes.
  const kinds = tokens.map((t) => t[0].toLowerCase());
  let result = '';
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const k = kinds[i];
    if (t.startsWith('"')) {
      result += t.slice(1, -1);
      continue;
    }
    if (t.startsWith('\\')) {
      result += t.slice(1);
      continue;
    }
    if (/^am\/pm$/i.test(t)) {
      result += h < 12 ? 'AM' : 'PM';
      continue;
    }
    if (/^a\/p$/i.test(t)) {
      result += h < 12 ? 'A' : 'P';
      continue;
    }
    switch (k) {
      case 'y':
        result += t.length <= 2 ? String(Y % 100).padStart(2, '0') : String(Y);
        break;
      case 'd':
        if (t.length === 1) result += D;
        else if (t.length === 2) result += String(D).padStart(2, '0');
        else if (t.length === 3) result += DAY_NAMES[d.getUTCDay()].slice(0, 3);
        else result += DAY_NAMES[d.getUTCDay()];
        break;
      case 'h': {
        const hv = hasAmPm ? ((h + 11) % 12) + 1 : h;
        result += t.length >= 2 ? String(hv).padStart(2, '0') : String(hv);
        break;
      }
      case 's':
        result += t.length >= 2 ? String(s).padStart(2, '0') : String(s);
        break;
      case 'm': {
        const prev = kinds
          .slice(0, i)
          .reverse()
          .find((x) => /[a-z]/.test(x));
        const next = kinds.slice(i + 1).find((x) => /[a-z]/.test(x));
        const minutes = t.length <= 2 && (prev === 'h' || next === 's');
        if (minutes) result += t.length === 2 ? String(mi).padStart(2, '0') : String(mi);
        else if (t.length === 1) result += M + 1;
        else if (t.length === 2) result += String(M + 1).padStart(2, '0');
        else if (t.length === 3) result += MONTH_NAMES[M].slice(0, 3);
        else if (t.length === 5) result += MONTH_NAMES[M][0];
        else result += MONTH_NAMES[M];
        break;
      }
      default:
        result += t;
    }
  }
  return result;
}
