/**
 * One plain function per field kind: turns what a person typed (or a cell
 * held) into the stored value, or says in words what is wrong. The zod schemas
 * and the sidebar's on-blur checks both call these, so they cannot disagree.
 */
import { isYmd } from './dates';
import { FieldDef, FieldValue, fieldDef } from './fields';
import { isValidHandle, isValidSparkCode, normalizeHandle, parseVideoUrl } from './video';

export type Normalized = { value: FieldValue } | { error: string };

/** Google Sheets holds at most 50,000 characters in a cell. */
export const MAX_CELL_CHARS = 50000;

const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
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
  if (typeof v === 'number' && isFinite(v)) return String(v);
  return { error: `${label} must be text.` };
}

function num(v: unknown, label: string): number | '' | { error: string } {
  if (v === null || v === undefined || v === '') return '';
  if (typeof v === 'number') return isFinite(v) ? v : { error: `${label} must be a number.` };
  if (typeof v === 'string') {
    const s = v.trim().replace(/,/g, '');
    if (s === '') return '';
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(s)) return Number(s);
  }
  return { error: `${label} must be a number.` };
}

function dateText(v: unknown): string | null {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'string') return null;
  return v.trim();
}

export function normalizeValue(def: FieldDef, raw: unknown): Normalized {
  const label = def.header;
  switch (def.kind) {
    case 'bool': {
      if (raw === '' || raw === null || raw === undefined) return { value: false };
      if (typeof raw === 'boolean') return { value: raw };
      if (typeof raw === 'string' && /^(true|false)$/i.test(raw.trim())) return { value: raw.trim().toLowerCase() === 'true' };
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
      const n = num(raw, label);
      if (typeof n === 'object') return n;
      if (n === '') return { value: '' };
      if (def.kind === 'days') {
        if (!Number.isInteger(n) || n < 1 || n > 365) return { error: `${label} must be a whole number of days from 1 to 365.` };
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
      if (s === '' || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s)) return { value: s };
      return { error: `${label} must be an ISO 8601 timestamp.` };
    }
    default:
      break;
  }
  const t = text(raw, label);
  if (typeof t === 'object') return t;
  if (t.length > MAX_CELL_CHARS) return { error: `${label} is longer than the ${MAX_CELL_CHARS.toLocaleString('en-US')} characters a cell can hold.` };
  if (t === '') return { value: '' };
  switch (def.kind) {
    case 'videoUrl': {
      const p = parseVideoUrl(t);
      if (!p) return { error: `${label} must be a TikTok video link like https://www.tiktok.com/@handle/video/7412345678901234567.` };
      return { value: p.canonical };
    }
    case 'videoId':
      return /^\d{1,25}$/.test(t) ? { value: t } : { error: `${label} must be digits only.` };
    case 'handle': {
      const h = normalizeHandle(t);
      if (!isValidHandle(h)) return { error: `${label} must be @ followed by 2 to 24 letters, digits, underscores or dots (e.g. @creator.name).` };
      return { value: h };
    }
    case 'sparkCode':
      if (!isValidSparkCode(t)) {
        return { error: `${label} does not look like a Spark code: paste the whole code the creator sent (usually starting with #, 16 or more letters, digits, + / =, no spaces).` };
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
      const out = parts.map((p, i) => (i === 0 ? p.toLowerCase() : p.length === 4 ? p[0].toUpperCase() + p.slice(1).toLowerCase() : p.toUpperCase()));
      return { value: out.join('-') };
    }
    case 'currency': {
      const c = t.toUpperCase();
      if (!CURRENCY_SET.has(c)) return { error: `${label} must be an ISO 4217 currency code such as USD or EUR.` };
      return { value: c };
    }
    case 'email':
      if (!EMAIL.test(t)) return { error: `${label} must be an email address such as name@agency.com.` };
      return { value: t };
    case 'httpsUrl':
      if (!/^https:\/\/[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d+)?([/?#]\S*)?$/.test(t)) return { error: `${label} must be a secure link starting with https://.` };
      return { value: t };
    case 'url':
      if (!/^https?:\/\/[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d+)?([/?#]\S*)?$/.test(t)) return { error: `${label} must be a link starting with https://.` };
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
export function checkField(key: string, raw: unknown): string | null {
  const def = fieldDef(key);
  if (!def) return null;
  const r = normalizeValue(def, raw);
  return 'error' in r ? r.error : null;
}
