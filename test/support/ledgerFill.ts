/** Writes many valid ledger rows straight into the emulated sheet, as the add-on would have written them. */
import { FIELDS, type FieldDef, type LedgerRecord, emptyRecord } from '../../src/core/ledger/fields';
import { mapColumns, valueToCell } from '../../src/core/ledger/sheetRow';
import type { Emulator } from '@spark-ledger/gas-emulator';
import { ALL_PRE_CHECKS, AD_ACCOUNTS, CLIENTS, sparkCode, videoUrl } from './fixtures';

export function receivedRecord(n: number, overrides: Partial<LedgerRecord> = {}): LedgerRecord {
  const url = videoUrl(n);
  return {
    ...emptyRecord(),
    videoUrl: url,
    videoId: url.split('/').pop()!,
    creatorHandle: '@creator.one',
    client: CLIENTS[n % CLIENTS.length],
    brand: 'Acme',
    campaign: `Campaign ${n % 7}`,
    market: 'US',
    adAccount: AD_ACCOUNTS[n % AD_ACCOUNTS.length],
    approvalOwner: 'approve@agency.example',
    requestedDays: 30,
    preRequestChecks: ALL_PRE_CHECKS,
    sparkCode: sparkCode(n),
    authorizedOn: '2026-02-01',
    authDays: 60,
    expiresOn: '2026-04-02',
    status: 'Received',
    renewalDecision: 'Undecided',
    ...overrides,
  } as LedgerRecord;
}

/** Appends `records` below the ledger's current rows in one write. */
export function fillLedger(emu: Emulator, records: LedgerRecord[], spareRows = 100): void {
  const sheet = emu.spreadsheet.getSheetByName('Ledger')!;
  const width = sheet.getLastColumn();
  const cols = mapColumns(sheet.getRange(1, 1, 1, width).getValues()[0]);
  const rows = records.map((rec) => {
    const row: unknown[] = new Array(width).fill('');
    for (const f of FIELDS) {
      const i = cols.index[f.key];
      if (i !== undefined) row[i] = valueToCell(f as FieldDef, rec[f.key]);
    }
    return row;
  });
  const start = sheet.getLastRow() + 1;
  // Leave spare rows below, as a sheet in use has: growing the grid is measured on its own.
  const need = start + rows.length - 1 + spareRows - sheet.getMaxRows();
  if (need > 0) sheet.insertRowsAfter(sheet.getMaxRows(), need);
  sheet.getRange(start, 1, rows.length, width).setValues(rows as never);
  emu.calls.reset();
}
