/**
 * One plain function per field kind: turns what a person typed (or a cell
 * held) into the stored value, or says in words what is wrong. The zod schemas
 * and the sidebar's on-blur checks both call these, so they cannot disagree.
 */
import { isYmd } from './dates';
import { type FieldDef, type FieldValue, fieldDef } from './fields';
import { isShortLink, isValidHandle, isValidSparkCode, normalizeHandle, parseVideoUrl } from './video';

export type Normalized = { value: FieldValue } | { error: string };

/** Google Sheets holds at most 50,000 characters in a cell. */
export const MAX_CELL_CHARS = 50000;

/**
 * The one rule for an email address, in the sidebar, in the sheet and before
 * a send: a local part of the characters RFC 5322 allows unquoted
 * (https://www.rfc-editor.org/rfc/rfc5322#section-3.2.3), with no leading,
 * trailing or doubled dot, and a domain of at least two labels of letters,
 * digits and inner hyphens, each at most 63 long
 * (https://www.rfc-editor.org/rfc/rfc1035#section-2.3.4). Checked before
 * sending too, so an address Gmail would refuse is reported at once ("not an
 * email address") instead of failing the send.
 */
const EMAIL =
  /^(?!\.)(?!.*\.\.)[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+(?<!\.)@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export function isEmail(s: string): boolean {
  return EMAIL.test(s);
}
const LANGUAGE = /^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?$/;

/** Active ISO 4217 codes. */
export const CURRENCIES = (
  'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD ' +
  'CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF ' +
  'GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP ' +
  'LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB ' +
  'PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL ' +
  'THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG'
).split(' ');
const CURRENCY_SET = new Set(CURRENCIES);

function text(v: unknown, label: string): string | { error: string } {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return { error: `${label} must be text.` };
}

// ---- Numbers typed in the spreadsheet's locale ------------------------------
//
// A spreadsheet's locale decides how its numbers are written: "12,5" is twelve
// and a half in a German sheet and not a number at all in an American one
// (https://support.google.com/docs/answer/58515, a spreadsheet's locale and
// calculation settings: the locale affects formatting such as functions,
// dates and currency). Apps Script gives the locale as a string:
// an ISO 639 language ("en", "fil") or language and country ("en_US")
// (https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#getSpreadsheetLocale(),
// formats as listed for SpreadsheetProperties.locale in
// https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets#SpreadsheetProperties).
// Google documents no table of separators per locale. The table below follows
// Unicode CLDR (https://cldr.unicode.org/, the data behind Intl.NumberFormat)
// and agrees with the published catalogue of Sheets' locales in which the
// formula argument separator is a comma, i.e. the decimal separator is a point
// (https://stackoverflow.com/questions/73767719). A locale missing from it, or
// one whose sources disagree, is read with the strict rules of an unknown
// locale (numberStyle).
//
// Rules, for a known locale:
// - digits, at most one decimal separator, and group separators only before
//   it, in groups of three (or Indian 12,34,567 where that is the custom)
//   after a first group without a leading zero;
//   a separator the locale does not use makes the text "not a number";
// - a group separator followed by three digits is grouping, as Sheets in that
//   locale reads it (de_DE "1.000" is 1000, en_US "1,000" is 1000);
// - the decimal separator followed by exactly three digits, after one to three
//   digits with no grouping ("1.500" in en_US, "1,500" in de_DE), is refused as
//   ambiguous: that is how the other half of the world writes fifteen hundred,
//   and a price almost never has three decimals, so the locale's own reading is
//   the unlikely one. "0.125", "1234.567" and "1,234.567" are not ambiguous;
// - fields of whole numbers (days, counts) refuse any decimal separator, even
//   "30,0", rather than round.
// For an unknown locale, only text that reads the same in every locale is
// taken: both "." and "," present means the last one is the decimal
// separator; one of them used twice or more is grouping; used once it is the
// decimal separator unless three digits follow it after one to three digits
// (then ambiguous, as above); spaces and apostrophes only ever group.
// Together these rules never read one text as two different numbers: what
// one locale takes, every other locale (and the unknown one) reads alike or
// refuses. So a wrong entry in the table can refuse a number but never
// rescale it.
// Numbers that are already numbers (a cell Sheets parsed, a form field the
// sidebar parsed) are taken as they are.

const SPACES = ' \u00a0\u202f';
const APOSTROPHES = "'\u2019";

interface Separators {
  decimal: '.' | ',';
  /** Every character accepted between groups of digits. */
  group: string;
}

const POINT: Separators = { decimal: '.', group: ',' };
const COMMA_POINT: Separators = { decimal: ',', group: '.' };
const COMMA_SPACE: Separators = { decimal: ',', group: SPACES };
const POINT_APOSTROPHE: Separators = { decimal: '.', group: APOSTROPHES };

/** By language (ISO 639), as CLDR writes that language's numbers. */
const BY_LANGUAGE: Record<string, Separators> = {
  en: POINT,
  ja: POINT,
  zh: POINT,
  ko: POINT,
  th: POINT,
  he: POINT,
  iw: POINT,
  ar: POINT,
  hi: POINT,
  bn: POINT,
  gu: POINT,
  kn: POINT,
  ml: POINT,
  mr: POINT,
  pa: POINT,
  ta: POINT,
  te: POINT,
  ms: POINT,
  fil: POINT,
  tl: POINT,
  my: POINT,
  mn: POINT,
  ur: POINT,
  ga: POINT,
  cy: POINT,
  de: COMMA_POINT,
  es: COMMA_POINT,
  it: COMMA_POINT,
  nl: COMMA_POINT,
  pt: COMMA_POINT,
  id: COMMA_POINT,
  tr: COMMA_POINT,
  ro: COMMA_POINT,
  el: COMMA_POINT,
  hr: COMMA_POINT,
  sl: COMMA_POINT,
  sr: COMMA_POINT,
  ca: COMMA_POINT,
  gl: COMMA_POINT,
  eu: COMMA_POINT,
  da: COMMA_POINT,
  vi: COMMA_POINT,
  az: COMMA_POINT,
  fr: COMMA_SPACE,
  cs: COMMA_SPACE,
  sk: COMMA_SPACE,
  pl: COMMA_SPACE,
  ru: COMMA_SPACE,
  uk: COMMA_SPACE,
  bg: COMMA_SPACE,
  fi: COMMA_SPACE,
  sv: COMMA_SPACE,
  nb: COMMA_SPACE,
  nn: COMMA_SPACE,
  no: COMMA_SPACE,
  hu: COMMA_SPACE,
  lt: COMMA_SPACE,
  lv: COMMA_SPACE,
  et: COMMA_SPACE,
  be: COMMA_SPACE,
  kk: COMMA_SPACE,
  hy: COMMA_SPACE,
  ka: COMMA_SPACE,
};

/** Countries whose custom differs from their language's; null where the sources disagree (read as unknown). */
const BY_LOCALE: Record<string, Separators | null> = {
  de_CH: POINT_APOSTROPHE,
  de_LI: POINT_APOSTROPHE,
  it_CH: POINT_APOSTROPHE,
  fr_CH: null,
  en_ZA: null,
  de_AT: { decimal: ',', group: `.${SPACES}` },
  pt_PT: COMMA_SPACE,
  es_MX: POINT,
  es_US: POINT,
  es_419: POINT,
};

/** Where digits are grouped 12,34,567 as well as 1,234,567. */
const LAKH_COUNTRIES = new Set(['IN', 'PK', 'BD', 'NP']);

/** How a spreadsheet's locale writes numbers. */
export interface NumberStyle {
  /** The locale as the spreadsheet reported it, '' when none was given. */
  locale: string;
  /** The decimal separator; null when the locale is unknown. */
  decimal: '.' | ',' | null;
  /** Characters accepted between groups of digits (any of . , spaces ' when unknown). */
  group: string;
  /** Whether Indian grouping (12,34,567) is accepted too. */
  lakh: boolean;
}

/** The number style of a locale such as 'de_DE', 'pt-BR' or 'fil'; an unknown or missing locale gets the strict unknown style. */
export function numberStyle(locale?: unknown): NumberStyle {
  const given = typeof locale === 'string' ? locale.trim() : '';
  const parts = given.split(/[-_]/);
  const language = (parts[0] ?? '').toLowerCase();
  const country = (parts.slice(1).find((p) => /^(?:[A-Za-z]{2}|\d{3})$/.test(p)) ?? '').toUpperCase();
  const key = `${language}_${country}`;
  const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
  const seps = own(BY_LOCALE, key) ? BY_LOCALE[key] : own(BY_LANGUAGE, language) ? BY_LANGUAGE[language] : null;
  if (!seps) return { locale: given, decimal: null, group: `.,${SPACES}${APOSTROPHES}`, lakh: true };
  return { locale: given, decimal: seps.decimal, group: seps.group, lakh: LAKH_COUNTRIES.has(country) };
}

export type NumberProblem = 'notNumber' | 'ambiguous' | 'notWhole';
/** A number read from text; for 'ambiguous', the two readings as the person would type them. */
export type NumberReading = { value: number } | { problem: NumberProblem; readings?: [string, string] };

/** Spaces of every width count as one separator, as do both apostrophes. */
function sameSeparator(c: string): string {
  if (SPACES.includes(c)) return ' ';
  if (APOSTROPHES.includes(c)) return "'";
  return c;
}

function escapeRegExp(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Reads typed text as a number in `style` (rules above); `whole` refuses any
 * decimal separator. Returns null for empty text.
 */
export function readNumberText(text: string, style: NumberStyle, whole: boolean): NumberReading | null {
  let s = text.trim();
  if (s === '') return null;
  let sign = 1;
  if (s[0] === '-' || s[0] === '+' || s[0] === '\u2212') {
    if (s[0] !== '+') sign = -1;
    s = s.slice(1);
  }
  if (!/^[0-9.,'\u2019 \u00a0\u202f]+$/.test(s) || !/[0-9]/.test(s)) return { problem: 'notNumber' };
  s = s.split('').map(sameSeparator).join('');
  const groupChars = style.group.split('').map(sameSeparator).join('');
  let decimal: string | null;
  let group: string;
  if (style.decimal) {
    decimal = style.decimal;
    group = groupChars;
    for (const c of s)
      if (!(c >= '0' && c <= '9') && c !== decimal && !group.includes(c)) return { problem: 'notNumber' };
  } else {
    const dot = s.lastIndexOf('.');
    const comma = s.lastIndexOf(',');
    if (dot >= 0 && comma >= 0) decimal = dot > comma ? '.' : ',';
    else if (dot >= 0 || comma >= 0) {
      const sep = dot >= 0 ? '.' : ',';
      decimal = s.indexOf(sep) === s.lastIndexOf(sep) ? sep : null;
    } else decimal = null;
    group = groupChars
      .split('')
      .filter((c) => c !== decimal)
      .join('');
  }
  let intPart = s;
  let frac = '';
  let hasDecimal = false;
  if (decimal !== null) {
    const at = s.indexOf(decimal);
    if (at >= 0) {
      if (s.indexOf(decimal, at + 1) >= 0) return { problem: 'notNumber' };
      hasDecimal = true;
      intPart = s.slice(0, at);
      frac = s.slice(at + 1);
    }
  }
  if (!/^[0-9]*$/.test(frac)) return { problem: 'notNumber' };
  const grouped = !/^[0-9]*$/.test(intPart);
  if (grouped) {
    const seps = intPart.replace(/[0-9]/g, '');
    const g = seps[0];
    if (!group.includes(g) || seps.split('').some((c) => c !== g)) return { problem: 'notNumber' };
    const e = escapeRegExp(g);
    // The first group has no leading zero: "0.345" is not how any locale writes 345.
    const threes = new RegExp(`^[1-9][0-9]{0,2}(?:${e}[0-9]{3})+$`);
    const lakh = new RegExp(`^[1-9][0-9]?(?:${e}[0-9]{2})*${e}[0-9]{3}$`);
    if (!threes.test(intPart) && !(style.lakh && lakh.test(intPart))) return { problem: 'notNumber' };
    intPart = intPart.replace(/[^0-9]/g, '');
  }
  if (intPart === '' && frac === '') return { problem: 'notNumber' };
  if (whole && hasDecimal) return { problem: 'notWhole' };
  if (hasDecimal && !grouped && frac.length === 3 && /^[1-9][0-9]{0,2}$/.test(intPart)) {
    const small = frac.replace(/0+$/, '');
    const minus = sign < 0 ? '-' : '';
    return {
      problem: 'ambiguous',
      readings: [minus + (small ? `${intPart}${decimal}${small}` : intPart), minus + intPart + frac],
    };
  }
  const value = sign * Number((intPart || '0') + (frac ? `.${frac}` : ''));
  return { value: value === 0 ? 0 : value };
}

/** JavaScript's shortest round-trip digits, without an exponent. */
function plainDigits(n: number): string {
  const s = String(n);
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const digits = m[2] + (m[3] ?? '');
  const point = m[2].length + Number(m[4]);
  if (point <= 0) return `${m[1]}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return m[1] + digits + '0'.repeat(point - digits.length);
  return `${m[1]}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * A number as a person would type it in `locale`, which readNumberText reads
 * back to exactly the same number: the locale's decimal separator (a point
 * when unknown), no grouping, and a fourth decimal where exactly three would
 * be ambiguous (1.125 in en_US is written 1.1250).
 */
export function formatNumber(n: number, locale?: unknown): string {
  if (!Number.isFinite(n)) return String(n);
  const style = numberStyle(locale);
  const s = plainDigits(n);
  const neg = s[0] === '-';
  const [int, frac0 = ''] = (neg ? s.slice(1) : s).split('.');
  const frac = frac0.length === 3 && /^[1-9][0-9]{0,2}$/.test(int) ? `${frac0}0` : frac0;
  return (neg ? '-' : '') + int + (frac ? (style.decimal ?? '.') + frac : '');
}

function separatorWords(c: string): string {
  if (c === ' ') return 'a space';
  return c;
}

/** The locale's way, in words: "de_DE uses , for decimals and . between thousands, as in 1.234,56". */
export function describeNumberFormat(style: NumberStyle): string {
  if (!style.decimal) {
    return `${style.locale ? `${style.locale}, ` : ''}not known here, so only numbers that read the same in every format are taken, as in 1234.56 or 1234,56`;
  }
  const groups = style.group
    .split('')
    .map(sameSeparator)
    .filter((c, i, all) => all.indexOf(c) === i);
  const example = `1${groups[0]}234${style.decimal}56`;
  return `${style.locale} uses ${style.decimal} for decimals and ${groups.map(separatorWords).join(' or ')} between thousands, as in ${example}`;
}

function numberError(
  def: FieldDef,
  raw: string,
  r: { problem: NumberProblem; readings?: [string, string] },
  style: NumberStyle,
): { error: string } {
  const label = def.header;
  const format = `this spreadsheet's number format (${describeNumberFormat(style)})`;
  const trimmed = raw.trim();
  const shown = trimmed.length > 40 ? `${trimmed.slice(0, 40)}…` : trimmed;
  if (r.problem === 'ambiguous' && r.readings) {
    const [small, big] = r.readings;
    const how = style.decimal
      ? `in this spreadsheet's number format, ${style.locale}, decimals come after "${style.decimal}"`
      : `this spreadsheet's number format is not known here`;
    return {
      error: `${label}: "${shown}" could mean ${small} or ${big}, so it was not taken; type ${small} or ${big} (${how}).`,
    };
  }
  if (def.kind === 'money') return { error: `${label}: "${shown}" is not a number in ${format}.` };
  const what = def.kind === 'days' ? 'a whole number of days' : 'a whole number';
  const example = def.kind === 'days' ? 'whole days, such as 30' : 'a whole number, such as 12';
  return { error: `${label}: "${shown}" is not ${what} in ${format}. Type ${example}.` };
}

/** A number field's value: numbers as they are, text read in the locale. */
function num(def: FieldDef, v: unknown, locale: unknown): number | '' | { error: string } {
  const label = def.header;
  if (v === null || v === undefined || v === '') return '';
  if (typeof v === 'number') return Number.isFinite(v) ? v : { error: `${label} must be a number.` };
  if (typeof v !== 'string') return { error: `${label} must be a number.` };
  const style = numberStyle(locale);
  const r = readNumberText(v, style, def.kind !== 'money');
  if (r === null) return '';
  if ('value' in r) return r.value;
  return numberError(def, v, r, style);
}

function dateText(v: unknown): string | null {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'string') return null;
  return v.trim();
}

/**
 * `locale` is the spreadsheet's (Spreadsheet.getSpreadsheetLocale()); number
 * fields typed as text are read in it. Without one, numbers are read by the
 * strict rules of an unknown locale.
 */
export function normalizeValue(def: FieldDef, raw: unknown, locale?: string): Normalized {
  const label = def.header;
  switch (def.kind) {
    case 'bool': {
      if (raw === '' || raw === null || raw === undefined) return { value: false };
      if (typeof raw === 'boolean') return { value: raw };
      if (typeof raw === 'string' && /^(true|false)$/i.test(raw.trim()))
        return { value: raw.trim().toLowerCase() === 'true' };
      return { error: `${label} must be ticked or unticked (TRUE or FALSE).` };
    }
    case 'checks': {
      let list: unknown[];
      if (raw === '' || raw === null || raw === undefined) list = [];
      else if (Array.isArray(raw)) list = raw;
      else if (typeof raw === 'string') list = raw.split(/[;\n]/);
      else return { error: `${label} must be a list of check names.` };
      const options = def.options ?? [];
      const out: string[] = [];
      for (const item of list) {
        const s = typeof item === 'string' ? item.trim() : '';
        if (s === '') continue;
        const match = options.find((o) => o.toLowerCase() === s.toLowerCase());
        if (!match) return { error: `${label}: "${s}" is not one of the checks (${options.join('; ')}).` };
        if (!out.includes(match)) out.push(match);
      }
      // Keep the checklist's own order so stored text is stable.
      return { value: options.filter((o) => out.includes(o)) };
    }
    case 'days':
    case 'count':
    case 'money': {
      const n = num(def, raw, locale);
      if (typeof n === 'object') return n;
      if (n === '') return { value: '' };
      if (def.kind === 'days') {
        if (!Number.isInteger(n) || n < 1 || n > 365)
          return { error: `${label} must be a whole number of days from 1 to 365.` };
      } else if (def.kind === 'count') {
        if (!Number.isInteger(n) || n < 0) return { error: `${label} must be a whole number, 0 or more.` };
      } else if (n < 0) {
        return { error: `${label} must be 0 or more.` };
      } else if (n > 1e12) {
        return { error: `${label} is too large.` };
      }
      return { value: n };
    }
    case 'date': {
      const s = dateText(raw);
      if (s === null) return { error: `${label} must be a date written YYYY-MM-DD.` };
      if (s === '') return { value: '' };
      if (!isYmd(s)) return { error: `${label} must be a real date written YYYY-MM-DD, e.g. 2026-03-05.` };
      return { value: s };
    }
    case 'timestamp': {
      const s = dateText(raw);
      if (s === null) return { error: `${label} must be a timestamp.` };
      if (s === '' || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s))
        return { value: s };
      return { error: `${label} must be an ISO 8601 timestamp.` };
    }
    default:
      break;
  }
  const t = text(raw, label);
  if (typeof t === 'object') return t;
  // Text is written with a leading apostrophe (so Sheets keeps it as typed), which counts toward the cell's limit.
  if (t.length > MAX_CELL_CHARS - 1) {
    return {
      error: `${label} is ${t.length.toLocaleString('en-US')} characters long: the add-on cannot write it back (it writes text with a leading apostrophe, and a cell takes at most ${MAX_CELL_CHARS.toLocaleString('en-US')} characters). Shorten it to ${(MAX_CELL_CHARS - 1).toLocaleString('en-US')} or fewer.`,
    };
  }
  if (t === '') return { value: '' };
  switch (def.kind) {
    case 'videoUrl': {
      const p = parseVideoUrl(t);
      if (!p && isShortLink(t))
        return {
          error: `${label} is a TikTok short link, which names no video: open it in a browser and paste the full link it lands on, like https://www.tiktok.com/@handle/video/7412345678901234567.`,
        };
      if (!p)
        return {
          error: `${label} must be a TikTok video link like https://www.tiktok.com/@handle/video/7412345678901234567 (a photo post's …/@handle/photo/… link and a mobile https://m.tiktok.com/v/….html link work too).`,
        };
      return { value: p.canonical };
    }
    case 'videoId':
      return /^\d{1,25}$/.test(t) ? { value: t } : { error: `${label} must be digits only.` };
    case 'handle': {
      const h = normalizeHandle(t);
      if (!isValidHandle(h))
        return {
          error: `${label} must be @ followed by 2 to 24 letters, digits, underscores or dots (e.g. @creator.name).`,
        };
      return { value: h };
    }
    case 'sparkCode':
      if (!isValidSparkCode(t)) {
        return {
          error: `${label} does not look like a Spark code: paste the whole code the creator sent (usually starting with #, 16 or more letters, digits, + / =, no spaces).`,
        };
      }
      return { value: t };
    case 'market': {
      const m = t.toUpperCase();
      if (!/^[A-Z]{2}$/.test(m)) return { error: `${label} must be a two-letter country code such as US, GB or DE.` };
      return { value: m };
    }
    case 'language': {
      if (!LANGUAGE.test(t)) return { error: `${label} must be a language tag such as en, de or pt-BR.` };
      const parts = t.split('-');
      const out = parts.map((p, i) =>
        i === 0 ? p.toLowerCase() : p.length === 4 ? p[0].toUpperCase() + p.slice(1).toLowerCase() : p.toUpperCase(),
      );
      return { value: out.join('-') };
    }
    case 'currency': {
      const c = t.toUpperCase();
      if (!CURRENCY_SET.has(c)) return { error: `${label} must be an ISO 4217 currency code such as USD or EUR.` };
      return { value: c };
    }
    case 'email':
      if (!isEmail(t)) return { error: `${label} must be an email address such as name@agency.com.` };
      return { value: t };
    case 'httpsUrl':
      if (!/^https:\/\/[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d+)?([/?#]\S*)?$/.test(t))
        return { error: `${label} must be a secure link starting with https://.` };
      return { value: t };
    case 'url':
      if (!/^https?:\/\/[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d+)?([/?#]\S*)?$/.test(t))
        return { error: `${label} must be a link starting with https://.` };
      return { value: t };
    case 'enum':
    case 'status': {
      const options = def.options ?? [];
      const match = options.find((o) => o.toLowerCase() === t.toLowerCase());
      if (!match) return { error: `${label} must be one of: ${options.join(', ')}.` };
      return { value: match };
    }
    default:
      return { value: t };
  }
}

/** Convenience for the sidebar: check one field by key. */
export function checkField(key: string, raw: unknown, locale?: string): string | null {
  const def = fieldDef(key);
  if (!def) return null;
  const r = normalizeValue(def, raw, locale);
  return 'error' in r ? r.error : null;
}
