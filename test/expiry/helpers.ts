/** Shared set-up for the expiry alert tests. */
import type { LedgerRecord } from '../../src/core/ledger/fields';
import { type Harness, startAddon } from '../support/addon';
import { seedSettings } from '../support/fixtures';
import { fillLedger, receivedRecord } from '../support/ledgerFill';
import type { EmulatorOptions } from '@spark-ledger/gas-emulator';

export const PAID = 'paid@agency.example';
export const CREATOR = 'creator@agency.example';

/** A live code (Spending by default) with both owners, expiring on `expiresOn`. */
export function liveRecord(n: number, expiresOn: string, overrides: Partial<LedgerRecord> = {}): LedgerRecord {
  return receivedRecord(n, {
    status: 'Spending',
    expiresOn,
    paidOwner: PAID,
    creatorOwner: CREATOR,
    objective: 'Reach',
    language: 'en',
    currency: 'USD',
    landingPage: 'https://acme.example/',
    spendStart: '2026-02-02',
    ...overrides,
  } as Partial<LedgerRecord>);
}

export function setup(records: LedgerRecord[], opts: EmulatorOptions = {}): Harness {
  const h = startAddon({ mailQuota: 1500, ...opts });
  seedSettings(h.emu);
  if (records.length) fillLedger(h.emu, records);
  h.emu.calls.reset();
  return h;
}

export function sheetValues(h: Harness, name: string): unknown[][] {
  return h.emu.spreadsheet.getSheetByName(name)!.getDataRange().getValues();
}

/** Column `header` of every data row of the Ledger, as getDisplayValues shows it. */
export function column(h: Harness, header: string): string[] {
  const sheet = h.emu.spreadsheet.getSheetByName('Ledger')!;
  const values = sheet.getDataRange().getDisplayValues();
  const c = values[0].indexOf(header);
  return values.slice(1).map((r) => String(r[c]));
}

export function auditRows(
  h: Harness,
): { videoUrl: string; field: string; oldValue: string; newValue: string; via: string }[] {
  const values = sheetValues(h, 'Audit');
  return values
    .slice(1)
    .filter((r) => r[0] !== '')
    .map((r) => ({
      videoUrl: String(r[2]),
      field: String(r[3]),
      oldValue: String(r[4]),
      newValue: String(r[5]),
      via: String(r[6]),
    }));
}

/** Sets the clock to `iso` and runs the daily check as a person would (no trigger event). */
export function runAt(h: Harness, iso: string) {
  h.emu.clock.set(iso);
  return h.addon.runExpiryCheck();
}

/** The text the check keeps on its hidden memory sheet. */
export function memoryText(h: Harness): string {
  const sheet = h.emu.spreadsheet.getSheetByName('Alert memory');
  if (!sheet) return '';
  const values = sheet.getDataRange().getValues();
  const n = Number(values[1][0]);
  return values
    .slice(2, 2 + n)
    .map((r) => String(r[0]))
    .join('');
}
