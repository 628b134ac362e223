/**
 * A person editing the sheet: the cells are written the way typing or pasting
 * writes them (strings parsed as typed input), then the simple trigger gets
 * the event Sheets builds for that edit. e.value and e.oldValue exist only
 * for a single-cell edit; a paste gives neither.
 * https://developers.google.com/apps-script/guides/triggers/events#edit
 */
import { Emulator } from '../emulator';
import { Addon } from '../support/addon';

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
export function userEdit(emu: Emulator, sheetName: string, a1: string, values: unknown[][], email = 'editor@agency.example'): EditEvent {
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
export function editAndTrigger(emu: Emulator, addon: Addon, sheetName: string, a1: string, values: unknown[][]): { reverted: number[]; audited: number } {
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
  return emu.sheet('Ledger').getRange(cellA1(emu, header, row)).getValues()[0][0];
}

export function auditRows(emu: Emulator): unknown[][] {
  const s = emu.spreadsheet.getSheetByName('Audit');
  return s ? s.getDataRange().getValues().slice(1) : [];
}
