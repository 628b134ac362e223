/**
 * Utilities, Session, Logger and console.
 * https://developers.google.com/apps-script/reference/utilities/utilities
 * https://developers.google.com/apps-script/reference/base/session
 * https://developers.google.com/apps-script/reference/base/logger
 */
import * as crypto from 'node:crypto';
import { isDateLike } from './clock';
import type { Env } from './env';
import { effectiveUser, gasError } from './env';
import { FakeUser } from './protection';
import { isValidTimeZone, longZoneName, shortZoneName, tzOffsetMs } from './tz';

const MONTHS = [
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
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * Zone offset for formatDate: IANA ids via Intl, plus Java's custom ids
 * "GMT+5", "GMT-05:30", "UTC". Unknown ids fall back to GMT, as
 * java.util.TimeZone.getTimeZone does
 * (https://docs.oracle.com/javase/8/docs/api/java/util/TimeZone.html#getTimeZone-java.lang.String-).
 */
function zone(tz: string, ms: number): { offset: number; short: string; long: string } {
  const m = /^(?:GMT|UTC)(?:([+-])(\d{1,2})(?::?(\d{2}))?)?$/.exec(tz);
  if (m) {
    const off = m[1] ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) * 60000 : 0;
    const name = off === 0 ? (tz.startsWith('UTC') ? 'UTC' : 'GMT') : `GMT${fmtOffset(off, true, true)}`;
    return { offset: off, short: name, long: off === 0 ? 'Greenwich Mean Time' : name };
  }
  if (!isValidTimeZone(tz)) return { offset: 0, short: 'GMT', long: 'Greenwich Mean Time' };
  return { offset: tzOffsetMs(tz, ms), short: shortZoneName(tz, ms), long: longZoneName(tz, ms) };
}

function fmtOffset(off: number, colon: boolean, withMinutes: boolean): string {
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off) / 60000;
  const hh = String(Math.floor(a / 60)).padStart(2, '0');
  const mm = String(a % 60).padStart(2, '0');
  return withMinutes ? `${sign}${hh}${colon ? ':' : ''}${mm}` : `${sign}${hh}`;
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/**
 * java.text.SimpleDateFormat patterns, as Utilities.formatDate uses.
 * https://developers.google.com/apps-script/reference/utilities/utilities#formatDate(Date,String,String)
 * https://docs.oracle.com/javase/8/docs/api/java/text/SimpleDateFormat.html
 */
export function formatJavaDate(date: Date, tz: string, pattern: string): string {
  const ms = date.getTime();
  const z = zone(tz, ms);
  const w = new Date(ms + z.offset);
  const Y = w.getUTCFullYear(),
    M = w.getUTCMonth(),
    D = w.getUTCDate(),
    H = w.getUTCHours(),
    mi = w.getUTCMinutes(),
    s = w.getUTCSeconds(),
    S = w.getUTCMilliseconds(),
    dow = w.getUTCDay();
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i];
    if (ch === "'") {
      if (pattern[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      const end = pattern.indexOf("'", i + 1);
      let lit = '';
      let j = i + 1;
      for (; j < pattern.length; j++) {
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            lit += "'";
            j++;
            continue;
          }
          break;
        }
        lit += pattern[j];
      }
      if (end < 0) throw new Error('Unterminated quote');
      out += lit;
      i = j + 1;
      continue;
    }
    if (!/[A-Za-z]/.test(ch)) {
      out += ch;
      i++;
      continue;
    }
    let n = 1;
    while (pattern[i + n] === ch) n++;
    i += n;
    switch (ch) {
      case 'G':
        out += Y > 0 ? 'AD' : 'BC';
        break;
      case 'y':
      case 'Y':
        out += n === 2 ? pad(Y % 100, 2) : pad(Y, n);
        break;
      case 'M':
      case 'L':
        out += n >= 4 ? MONTHS[M] : n === 3 ? MONTHS[M].slice(0, 3) : pad(M + 1, n);
        break;
      case 'd':
        out += pad(D, n);
        break;
      case 'D':
        out += pad(Math.floor((Date.UTC(Y, M, D) - Date.UTC(Y, 0, 1)) / 86400000) + 1, n);
        break;
      case 'E':
        out += n >= 4 ? DAYS[dow] : DAYS[dow].slice(0, 3);
        break;
      case 'u':
        out += pad(dow === 0 ? 7 : dow, n);
        break;
      case 'a':
        out += H < 12 ? 'AM' : 'PM';
        break;
      case 'H':
        out += pad(H, n);
        break;
      case 'k':
        out += pad(H === 0 ? 24 : H, n);
        break;
      case 'K':
        out += pad(H % 12, n);
        break;
      case 'h':
        out += pad(H % 12 === 0 ? 12 : H % 12, n);
        break;
      case 'm':
        out += pad(mi, n);
        break;
      case 's':
        out += pad(s, n);
        break;
      case 'S':
        out += pad(S, n);
        break;
      case 'z':
        out += n >= 4 ? z.long : z.short;
        break;
      case 'Z':
        out += fmtOffset(z.offset, false, true);
        break;
      case 'X':
        if (z.offset === 0) out += 'Z';
        else if (n === 1)
          out += z.offset % 3600000 === 0 ? fmtOffset(z.offset, false, false) : fmtOffset(z.offset, false, true);
        else out += fmtOffset(z.offset, n >= 3, true);
        break;
      case 'w': {
        const jan1 = Date.UTC(Y, 0, 1);
        const dayOfYear = Math.floor((Date.UTC(Y, M, D) - jan1) / 86400000);
        out += pad(Math.floor((dayOfYear + new Date(jan1).getUTCDay()) / 7) + 1, n);
        break;
      }
      default:
        throw new Error(`Illegal pattern character '${ch}'`);
    }
  }
  return out;
}

/** RFC 4180 CSV (quoted fields, "" escapes, line breaks inside quotes). */
export function parseCsv(csv: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  let fieldStarted = false;
  const text = String(csv);
  if (text.length === 0) return [];
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
      i++;
      continue;
    }
    if (c === delimiter) {
      row.push(field);
      field = '';
      fieldStarted = false;
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      fieldStarted = false;
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += c;
    fieldStarted = true;
    i++;
  }
  if (quoted) throw new Error('Could not parse text.');
  if (fieldStarted || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function toSignedBytes(buf: Buffer): number[] {
  const out = new Array<number>(buf.length);
  for (let i = 0; i < buf.length; i++) out[i] = buf[i] > 127 ? buf[i] - 256 : buf[i];
  return out;
}
function fromData(data: unknown): Buffer {
  if (Array.isArray(data)) return Buffer.from(data.map((b: number) => b & 255));
  return Buffer.from(String(data), 'utf8');
}

export class FakeBlob {
  static gasName = 'Blob';
  constructor(
    private bytes: Buffer,
    private contentType: string | null,
    private name: string | null,
  ) {}
  getBytes(): number[] {
    return toSignedBytes(this.bytes);
  }
  getDataAsString(): string {
    return this.bytes.toString('utf8');
  }
  getContentType(): string | null {
    return this.contentType;
  }
  setContentType(t: string): this {
    this.contentType = t;
    return this;
  }
  getName(): string | null {
    return this.name;
  }
  setName(n: string): this {
    this.name = n;
    return this;
  }
  setDataFromString(s: string): this {
    this.bytes = Buffer.from(String(s), 'utf8');
    return this;
  }
  copyBlob(): FakeBlob {
    return new FakeBlob(Buffer.from(this.bytes), this.contentType, this.name);
  }
  isGoogleType(): boolean {
    return false;
  }
}

export const DigestAlgorithm = {
  MD2: 'MD2',
  MD5: 'MD5',
  SHA_1: 'SHA_1',
  SHA_256: 'SHA_256',
  SHA_384: 'SHA_384',
  SHA_512: 'SHA_512',
} as const;
export const Charset = { US_ASCII: 'US_ASCII', UTF_8: 'UTF_8' } as const;

export class FakeUtilities {
  static gasName = 'Utilities';
  readonly DigestAlgorithm = DigestAlgorithm;
  readonly Charset = Charset;
  readonly MacAlgorithm = {
    HMAC_MD5: 'HMAC_MD5',
    HMAC_SHA_1: 'HMAC_SHA_1',
    HMAC_SHA_256: 'HMAC_SHA_256',
    HMAC_SHA_384: 'HMAC_SHA_384',
    HMAC_SHA_512: 'HMAC_SHA_512',
  };
  constructor(private readonly env: Env) {}
  formatDate(date: Date, timeZone: string, format: string): string {
    if (!isDateLike(date))
      throw gasError(
        this.env,
        "The parameters (String,String,String) don't match the method signature for Utilities.formatDate.",
      );
    try {
      return formatJavaDate(date, String(timeZone), String(format));
    } catch (e) {
      throw gasError(this.env, `Invalid argument: ${(e as Error).message}`);
    }
  }
  formatString(template: string, ...args: unknown[]): string {
    let i = 0;
    return String(template).replace(
      /%(\d+\$)?([-#+ 0,(]*)?(\d+)?(\.\d+)?([sdfoxXeEgGc%])/g,
      (_m, _p, _f, _w, prec: string | undefined, conv: string) => {
        if (conv === '%') return '%';
        const v = args[i++];
        if (conv === 'd') return String(Math.trunc(Number(v)));
        if (conv === 'f') return Number(v).toFixed(prec ? Number(prec.slice(1)) : 6);
        return String(v);
      },
    );
  }
  getUuid(): string {
    return crypto.randomUUID();
  }
  // https://developers.google.com/apps-script/reference/utilities/utilities#parseCsv(String,Char)
  parseCsv(csv: string, delimiter?: string): string[][] {
    try {
      return parseCsv(String(csv), delimiter ?? ',');
    } catch (e) {
      throw gasError(this.env, (e as Error).message);
    }
  }
  // https://developers.google.com/apps-script/reference/utilities/utilities#sleep(Integer) (max 300000 ms)
  sleep(milliseconds: number): void {
    const ms = Number(milliseconds);
    if (!(ms >= 0) || ms > 300000) throw gasError(this.env, 'Invalid argument: milliseconds');
    this.env.clock.advance(ms);
  }
  base64Encode(data: unknown): string {
    return fromData(data).toString('base64');
  }
  base64EncodeWebSafe(data: unknown): string {
    return fromData(data).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
  }
  base64Decode(encoded: string): number[] {
    return toSignedBytes(Buffer.from(String(encoded), 'base64'));
  }
  base64DecodeWebSafe(encoded: string): number[] {
    return toSignedBytes(Buffer.from(String(encoded).replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
  }
  computeDigest(algorithm: string, value: unknown): number[] {
    const algo =
      { MD2: 'md5', MD5: 'md5', SHA_1: 'sha1', SHA_256: 'sha256', SHA_384: 'sha384', SHA_512: 'sha512' }[
        String(algorithm)
      ] ?? 'sha256';
    return toSignedBytes(crypto.createHash(algo).update(fromData(value)).digest());
  }
  computeHmacSha256Signature(value: unknown, key: unknown): number[] {
    return toSignedBytes(crypto.createHmac('sha256', fromData(key)).update(fromData(value)).digest());
  }
  newBlob(data: unknown, contentType?: string, name?: string): FakeBlob {
    return new FakeBlob(fromData(data ?? ''), contentType ?? null, name ?? null);
  }
}

export class FakeSession {
  static gasName = 'Session';
  constructor(private readonly env: Env) {}
  // https://developers.google.com/apps-script/reference/base/session#getActiveUser()
  // Blank where Google keeps the address from the script (see execution.ts).
  getActiveUser(): FakeUser {
    return new FakeUser(this.env.exec ? this.env.exec.activeUser : this.env.user);
  }
  // https://developers.google.com/apps-script/reference/base/session#getEffectiveUser(): a trigger's owner in a trigger run.
  getEffectiveUser(): FakeUser {
    return new FakeUser(effectiveUser(this.env));
  }
  getScriptTimeZone(): string {
    return this.env.scriptTimeZone;
  }
  getTimeZone(): string {
    return this.env.scriptTimeZone;
  }
  getActiveUserLocale(): string {
    return 'en';
  }
  // https://developers.google.com/apps-script/reference/base/session#getTemporaryActiveUserKey()
  getTemporaryActiveUserKey(): string {
    return crypto.createHash('sha256').update(`tmp:${this.env.user}`).digest('base64').slice(0, 43);
  }
}

function formatLogArgs(args: unknown[]): string {
  if (args.length === 0) return '';
  const [first, ...rest] = args;
  const show = (v: unknown): string =>
    typeof v === 'string'
      ? v
      : isDateLike(v)
        ? v.toString()
        : v !== null && typeof v === 'object'
          ? JSON.stringify(v)
          : String(v);
  if (typeof first === 'string' && /%s|%d/.test(first)) {
    let i = 0;
    const msg = first.replace(/%[sd]/g, () => (i < rest.length ? show(rest[i++]) : ''));
    return [msg, ...rest.slice(i).map(show)].join(' ');
  }
  return args.map(show).join(' ');
}

export interface LogEntry {
  level: string;
  message: string;
}

export class FakeLogger {
  static gasName = 'Logger';
  constructor(
    private readonly env: Env,
    private readonly entries: LogEntry[],
  ) {}
  log(...args: unknown[]): this {
    const message = formatLogArgs(args);
    this.env.logs.push(message);
    this.entries.push({ level: 'Logger', message });
    return this;
  }
  getLog(): string {
    return this.entries
      .filter((e) => e.level === 'Logger')
      .map((e) => e.message)
      .join('\n');
  }
  clear(): void {
    /* keep the emulator's record */
  }
}

/** console: not a counted service; captures into Emulator.logs. */
export function makeConsole(env: Env, entries: LogEntry[]): Record<string, (...a: unknown[]) => void> {
  const at =
    (level: string) =>
    (...args: unknown[]): void => {
      const message = formatLogArgs(args);
      env.logs.push(message);
      entries.push({ level, message });
    };
  return {
    log: at('log'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    debug: at('debug'),
    time: () => undefined,
    timeEnd: () => undefined,
  };
}
