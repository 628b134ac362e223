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
 * spreadsheet cannot read it (see src/server/seal.ts). onEdit judges a pasted
 * Status by the sealed status when the seal verifies, and as unknown when it
 * does not.
 *
 * The signing itself (HMAC, base64) is the server's; here is only what is
 * signed, how the signature is cut and written, and how a cell is read back.
 */
import { Status } from './fields';
import { isStatus } from './lifecycle';

/** Header of the hidden seal column. Not a ledger field: mapColumns ignores it, and no report reads it. */
export const SEAL_HEADER = 'Status seal';

/** Note on the seal column's header, for whoever unhides it. */
export const SEAL_NOTE = 'Written by Spark Ledger: the status each row last had through the add-on, signed so that statuses pasted into the sheet can be checked. Leave this column as it is; a changed or copied seal only makes the row count as unchecked.';

/** Script property holding the signing key. */
export const SEAL_KEY_PROPERTY = 'sparkLedger.statusSealKey';

/** Bytes of the HMAC-SHA256 signature kept in a seal (128 bits). */
export const SEAL_MAC_BYTES = 16;

/** Base64url text of SEAL_MAC_BYTES bytes, without padding. */
const MAC_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** Signs a message and returns the seal's mac text (macText of the cut signature). */
export type MacOf = (message: string) => string;

/** What a seal signs. Neither id can hold '|' (spreadsheet ids are base64url, video ids digits), and statuses are a fixed list. */
export function sealMessage(spreadsheetId: string, videoId: string, status: Status): string {
  return `${spreadsheetId}|${videoId}|${status}`;
}

/** The part of a signature a seal keeps. */
export function truncateMac(signature: readonly number[]): number[] {
  return signature.slice(0, SEAL_MAC_BYTES);
}

/** A seal's mac as text: base64url of the cut signature with any '=' padding removed, so either encoder's padding habit gives the same text. */
export function macText(base64WebSafe: string): string {
  return String(base64WebSafe).replace(/=+$/, '');
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
  return String(h ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** 0-based index of the seal column in a header row (the first, if several), or -1. Matched like ledger headers. */
export function sealColumnIndex(header: readonly unknown[]): number {
  const wanted = norm(SEAL_HEADER);
  return header.findIndex((h) => norm(h) === wanted);
}
