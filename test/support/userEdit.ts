/**
 * A person editing the sheet: the cells are written the way typing or pasting
 * writes them (strings parsed as typed input), then the simple trigger gets
 * the event Sheets builds for that edit. e.value and e.oldValue exist only
 * for a single-cell edit; a paste gives neither.
 * https://developers.google.com/apps-script/guides/triggers/events#edit
 */
import { randomUUID } from 'node:crypto';
import type { Status } from '../../src/core/ledger/fields';
import { SEAL_HEADER, SEAL_KEY_PROPERTY, SEAL_MAC_BYTES, makeSeal, sealColumnIndex } from '../../src/core/ledger/seal';
import { parseVideoUrl } from '../../src/core/ledger/video';
import type { Emulator } from '@spark-ledger/gas-emulator';
import { FakeUtilities } from '@spark-ledger/gas-emulator/src/utilities';
import { type Addon, type Harness, startAddon } from './addon';
import { activationFields, requestInput, seedSettings, sparkCode, videoUrl } from './fixtures';

export interface EditEvent {
  authMode: string;
  range: unknown;
  source: unknown;
  user: { getEmail(): string };
  value?: string;
  oldValue?: string;
}

function asEventText(v: unknown): string | undefined {
  if (v === '' || v === null || v === undefined) return undefined;
  if (Object.prototype.toString.call(v) === '[object Date]') {
    // Date cells are reported as their serial number (days since 1899-12-30).
    const d = v as Date;
    return String(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / 86400000 + 25569);
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}

/** Writes `values` at `a1` as a person would and returns the event for onEdit. */
export function userEdit(
  emu: Emulator,
  sheetName: string,
  a1: string,
  values: unknown[][],
  email = 'editor@agency.example',
): EditEvent {
  const range = emu.sheet(sheetName).getRange(a1);
  const single = range.getNumRows() === 1 && range.getNumColumns() === 1;
  const old = single ? range.getValues()[0][0] : undefined;
  range.setValues(values as never);
  const e: EditEvent = {
    authMode: 'LIMITED',
    range: emu.expose(range),
    source: emu.expose(emu.spreadsheet),
    user: { getEmail: () => email },
  };
  if (single) {
    const now = asEventText(range.getValues()[0][0]);
    if (now !== undefined) e.value = now;
    const before = asEventText(old);
    if (before !== undefined) e.oldValue = before;
  }
  return e;
}

/** Edits and runs the add-on's onEdit, as Sheets would right after the edit. */
export function editAndTrigger(
  emu: Emulator,
  addon: Addon,
  sheetName: string,
  a1: string,
  values: unknown[][],
): { reverted: number[]; audited: number } {
  const e = userEdit(emu, sheetName, a1, values);
  return addon.onEdit(e);
}

/** A1 of the cell under `header` on `row` of the Ledger. */
export function cellA1(emu: Emulator, header: string, row: number): string {
  const sheet = emu.sheet('Ledger');
  const headers = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0].map(String);
  const col = headers.indexOf(header) + 1;
  if (col < 1) throw new Error(`No column ${header}`);
  return sheet.getRange(row, col).getA1Notation();
}

export function ledgerCell(emu: Emulator, header: string, row: number): unknown {
  return emu
    .sheet('Ledger')
    .getRange(cellA1(emu, header, row))
    .getValues()[0][0];
}

export function auditRows(emu: Emulator): unknown[][] {
  const s = emu.spreadsheet.getSheetByName('Audit');
  return s ? s.getDataRange().getValues().slice(1) : [];
}

/** A1 of a row's cell in the hidden "Status seal" column (which must exist). */
export function sealA1(emu: Emulator, row: number): string {
  return cellA1(emu, SEAL_HEADER, row);
}

/** What a row's seal cell holds ('' when the column is missing or the cell empty). */
export function sealCell(emu: Emulator, row: number): unknown {
  const sheet = emu.sheet('Ledger');
  const col = sealColumnIndex(sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0]) + 1;
  return col === 0 ? '' : sheet.getRange(row, col).getValues()[0][0];
}

/**
 * The seal the add-on writes for `videoUrl` at `status` in this spreadsheet:
 * the message of core/ledger/seal.ts signed with the key in the script properties
 * (one is stored if none is yet, as the add-on's first write does), by the
 * emulator's own Utilities, cut and encoded as src/server/ledger/seal.ts does.
 */
export function expectedSeal(emu: Emulator, videoUrl: string, status: Status): string {
  const store = emu.properties.script;
  if (!store.has(SEAL_KEY_PROPERTY)) store.set(SEAL_KEY_PROPERTY, `${randomUUID()}${randomUUID()}`);
  const key = store.get(SEAL_KEY_PROPERTY) as string;
  const utilities = new FakeUtilities(undefined as never);
  const p = parseVideoUrl(videoUrl);
  if (!p) throw new Error(`Not a video URL: ${videoUrl}`);
  // The Utilities path, as an oracle independent of the add-on's own hashing: sign, keep the first bytes, encode, unpad.
  const mac = (message: string) =>
    utilities
      .base64EncodeWebSafe(utilities.computeHmacSha256Signature(message, key).slice(0, SEAL_MAC_BYTES))
      .replace(/=+$/, '');
  return makeSeal(emu.spreadsheet.getId(), p.videoId, status, mac);
}

/**
 * Seals `rows` with the status and video they hold now, as a writer of the
 * add-on would after saving them: for ledgers whose rows were written by
 * writers that do not seal yet. Makes the hidden column at the right if the
 * Ledger has none.
 */
export function sealRows(emu: Emulator, rows: number[]): void {
  const sheet = emu.sheet('Ledger');
  const width = sheet.getLastColumn();
  const header = sheet.getRange(1, 1, 1, width).getValues()[0];
  let col = sealColumnIndex(header) + 1;
  if (col === 0) {
    col = width + 1;
    if (col > sheet.getMaxColumns()) sheet.insertColumnsAfter(sheet.getMaxColumns(), col - sheet.getMaxColumns());
    sheet.getRange(1, col).setValues([[SEAL_HEADER]]);
    sheet.hideColumns(col);
  }
  for (const row of rows) {
    const seal = expectedSeal(emu, String(ledgerCell(emu, 'Video URL', row)), ledgerCell(emu, 'Status', row) as Status);
    sheet
      .getRange(row, col)
      .setNumberFormat('0.###############')
      .setValues([[`'${seal}`]]);
  }
}

/** A set-up ledger with the Settings lists the tests use. */
export function ledgerHarness(): Harness {
  const h = startAddon();
  seedSettings(h.emu);
  return h;
}

/**
 * Row 2 Requested, row 3 Received, row 4 Activated, all through the sidebar
 * actions, so audited and carrying the status seal a sidebar save writes.
 */
export function threeRows(h: Harness): void {
  for (const n of [1, 2, 3]) expect(h.addon.requestCode(requestInput(n)).ok).toBe(true);
  for (const n of [2, 3])
    expect(
      h.addon.recordCode({ videoUrl: videoUrl(n), sparkCode: sparkCode(n), authorizedOn: '2026-03-01', authDays: 30 })
        .ok,
    ).toBe(true);
  expect(h.addon.changeStatus({ videoUrl: videoUrl(3), status: 'Activated', ...activationFields() }).ok).toBe(true);
}
