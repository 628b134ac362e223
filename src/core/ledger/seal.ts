/**
 * Status seals, as plain data. Each Ledger row carries, in a hidden column
 * headed "Status seal", the last status the add-on recorded for it, signed:
 *
 *   <status>|<mac>   mac = base64url(HMAC-SHA256(key, spreadsheetId|videoId|status)), first 16 bytes
 *
 * A seal sits in the row, so it moves with the row when people sort, insert
 * or delete rows. It binds the video id and the spreadsheet id, so a seal
 * copied from another row (another video) or another spreadsheet, or one
 * typed by hand, does not verify. The key lives where editors of the
 * spreadsheet cannot read it (see src/server/ledger/seal.ts). onEdit judges a pasted
 * Status by the sealed status when the seal verifies, and as unknown when it
 * does not.
 *
 * The signing itself (HMAC, base64) is the server's; here is only what is
 * signed, how the signature is cut and written, and how a cell is read back.
 */
import { hmacSha256 } from './sha256';
import type { Status } from './fields';
import { isStatus } from '../lifecycle/lifecycle';

/** Header of the hidden seal column. Not a ledger field: mapColumns ignores it, and no report reads it. */
export const SEAL_HEADER = 'Status seal';

/** Note on the seal column's header, for whoever unhides it. */
export const SEAL_NOTE =
  'Written by Spark Ledger: the status each row last had through the add-on, signed so that statuses pasted into the sheet can be checked. Leave this column as it is; a changed or copied seal only makes the row count as unchecked.';

/** Script property holding the signing key. */
export const SEAL_KEY_PROPERTY = 'sparkLedger.statusSealKey';

/** Bytes of the HMAC-SHA256 signature kept in a seal (128 bits). */
export const SEAL_MAC_BYTES = 16;

/** Base64url text of SEAL_MAC_BYTES bytes, without padding. */
const MAC_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** Signs a message and returns the seal's mac text: base64url of the signature's first SEAL_MAC_BYTES bytes, unpadded (macFor). */
export type MacOf = (message: string) => string;

/** What a seal signs. Neither id can hold '|' (spreadsheet ids are base64url, video ids digits), and statuses are a fixed list. */
export function sealMessage(spreadsheetId: string, videoId: string, status: Status): string {
  return `${spreadsheetId}|${videoId}|${status}`;
}

export function sealText(status: Status, mac: string): string {
  return `${status}|${mac}`;
}

export interface ParsedSeal {
  status: Status;
  mac: string;
}

/** A seal cell read back; null for anything that is not a well-formed seal. */
export function parseSeal(cell: unknown): ParsedSeal | null {
  if (typeof cell !== 'string') return null;
  const text = cell.trim();
  const bar = text.lastIndexOf('|');
  if (bar <= 0) return null;
  const status = text.slice(0, bar);
  const mac = text.slice(bar + 1);
  if (!isStatus(status) || !MAC_PATTERN.test(mac)) return null;
  return { status, mac };
}

/** The seal of a row: its video, its status, signed. */
export function makeSeal(spreadsheetId: string, videoId: string, status: Status, macOf: MacOf): string {
  return sealText(status, macOf(sealMessage(spreadsheetId, videoId, status)));
}

/**
 * The status a seal cell vouches for on a row of `videoId`, or null when the
 * cell holds no seal, a malformed one, or one signed for another video,
 * another spreadsheet or another key.
 */
export function verifySeal(cell: unknown, spreadsheetId: string, videoId: string, macOf: MacOf): Status | null {
  const seal = parseSeal(cell);
  if (!seal || videoId === '') return null;
  return macOf(sealMessage(spreadsheetId, videoId, seal.status)) === seal.mac ? seal.status : null;
}

function norm(h: unknown): string {
  return String(h ?? '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

/** 0-based index of the seal column in a header row (the first, if several), or -1. Matched like ledger headers. */
export function sealColumnIndex(header: readonly unknown[]): number {
  const wanted = norm(SEAL_HEADER);
  return header.findIndex((h) => norm(h) === wanted);
}

/** UTF-8 bytes of a string (Apps Script has no TextEncoder). */
export function utf8(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Web-safe base64 without padding: Utilities.base64EncodeWebSafe's output with its '=' removed. */
export function base64Url(bytes: ArrayLike<number>): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] & 255;
    const b = i + 1 < bytes.length ? bytes[i + 1] & 255 : 0;
    const c = i + 2 < bytes.length ? bytes[i + 2] & 255 : 0;
    const n = (a << 16) | (b << 8) | c;
    s += B64URL[(n >> 18) & 63] + B64URL[(n >> 12) & 63];
    if (i + 1 < bytes.length) s += B64URL[(n >> 6) & 63];
    if (i + 2 < bytes.length) s += B64URL[n & 63];
  }
  return s;
}

/**
 * The seal's MAC, computed in the script: HMAC-SHA256 (RFC 2104) of the
 * message's UTF-8 bytes under the key's, its first SEAL_MAC_BYTES bytes in
 * web-safe base64. The same as Utilities.computeHmacSha256Signature followed by
 * base64EncodeWebSafe, without a service call per row (a daily check moving
 * thousands of codes would otherwise make thousands of calls).
 */
export function macFor(key: string): MacOf {
  const k = utf8(key);
  return (message) => base64Url(hmacSha256(k, utf8(message)).slice(0, SEAL_MAC_BYTES));
}
