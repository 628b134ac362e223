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

/** Writes a Settings column under its header (made by Set up ledger), from row 2. */
export function settingsColumn(emu: Harness['emu'], header: string, values: unknown[]): void {
  const sheet = emu.sheet('Settings');
  const headers = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0].map(String);
  const col = headers.indexOf(header) + 1;
  if (col < 1) throw new Error(`Settings has no column "${header}"`);
  if (values.length) sheet.getRange(2, col, values.length, 1).setValues(values.map((v) => [v]));
  emu.calls.reset();
}

/** Sets a named setting in Settings' Setting / Value columns (a new line after the last one). */
export function namedSetting(emu: Harness['emu'], name: string, value: unknown): void {
  const sheet = emu.sheet('Settings');
  const values = sheet.getDataRange().getValues();
  const s = values[0].indexOf('Setting');
  const v = values[0].indexOf('Value');
  let row = values.findIndex((r, i) => i > 0 && (r[s] === name || r[s] === ''));
  if (row < 0) row = values.length;
  sheet.getRange(row + 1, s + 1, 1, 1).setValue(name);
  sheet.getRange(row + 1, v + 1, 1, 1).setValue(value);
  emu.calls.reset();
}

/** Per-client Settings beside the Clients list (seedSettings' CLIENTS order): time zone and report email. */
export function clientSettings(
  emu: Harness['emu'],
  byClient: Record<string, { timeZone?: string; email?: string }>,
): void {
  const sheet = emu.sheet('Settings');
  const values = sheet.getDataRange().getValues();
  const c = values[0].indexOf('Clients');
  for (const [client, s] of Object.entries(byClient)) {
    const r = values.findIndex((row, i) => i > 0 && row[c] === client);
    if (r < 0) throw new Error(`${client} is not on the Settings list Clients`);
    if (s.timeZone !== undefined) sheet.getRange(r + 1, values[0].indexOf('Client time zone') + 1).setValue(s.timeZone);
    if (s.email !== undefined) sheet.getRange(r + 1, values[0].indexOf('Client report email') + 1).setValue(s.email);
  }
  emu.calls.reset();
}

/** The exchange-rate table in Settings: [currency, rate, as of] per row. */
export function exchangeRates(emu: Harness['emu'], reporting: string, rows: unknown[][]): void {
  namedSetting(emu, 'Reporting currency', reporting);
  settingsColumn(
    emu,
    'Rate currency',
    rows.map((r) => r[0]),
  );
  settingsColumn(
    emu,
    'Rate to reporting currency',
    rows.map((r) => r[1]),
  );
  settingsColumn(
    emu,
    'Rate as of',
    rows.map((r) => r[2]),
  );
}

/** The data a Spark Ledger dialog page was given (src/server/reports/picker.ts). */
export function dialogData(html: string): any {
  const m = /<script type="application\/json" id="data">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('not a Spark Ledger dialog');
  return JSON.parse(m[1]);
}
