/** Shared set-up for the report, publish and archive tests. */
import type { LedgerRecord } from '../../src/core/ledger/fields';
import { type Harness, startAddon } from '../support/addon';
import { seedSettings } from '../support/fixtures';
import { fillLedger, receivedRecord } from '../support/ledgerFill';

/** A spending row of `client` with results, in `currency`. */
export function liveRow(n: number, client: string, overrides: Partial<LedgerRecord> = {}): LedgerRecord {
  return receivedRecord(n, {
    client,
    status: 'Spending',
    paidStatus: 'Active',
    objective: 'Reach',
    paidOwner: 'paid@agency.example',
    creatorOwner: 'creator@agency.example',
    language: 'en',
    currency: 'USD',
    landingPage: 'https://acme.example/',
    spendStart: '2026-02-02',
    spend: 100 + n,
    conversions: n,
    comments: 2 * n,
    ...overrides,
  } as Partial<LedgerRecord>);
}

export function setup(records: LedgerRecord[]): Harness {
  const h = startAddon();
  seedSettings(h.emu);
  if (records.length) fillLedger(h.emu, records);
  h.emu.calls.reset();
  return h;
}

/** Every value of a sheet as getDisplayValues shows it, joined per row. */
export function sheetText(h: Harness, name: string): string[][] {
  return h.emu.sheet(name).getDataRange().getDisplayValues();
}

/** The Video URLs on a sheet, in row order (empty cells left out). */
export function urlsIn(h: Harness, name: string): string[] {
  const sheet = h.emu.spreadsheet.getSheetByName(name);
  if (!sheet) return [];
  const values = sheet.getDataRange().getValues();
  const c = values[0].indexOf('Video URL');
  return values
    .slice(1)
    .map((r) => String(r[c]))
    .filter((u) => u !== '');
}
