/** Sidebar saves on a small seeded ledger, and the ledger read by video id: shared by the scenario suites. */
import type { Emulator } from '@spark-ledger/gas-emulator';
import { type Harness, startAddon } from '../support/addon';
import { activationFields, requestInput, seedSettings, sparkCode, videoUrl } from '../support/fixtures';
import { fillLedger, receivedRecord } from '../support/ledgerFill';

export type Action = 'requestCode' | 'recordCode' | 'changeStatus' | 'renewCode' | 'retireCode' | 'updateRecord';

export const INPUT: Record<Action, () => Record<string, unknown>> = {
  requestCode: () => requestInput(50),
  recordCode: () => ({ videoUrl: videoUrl(1), sparkCode: sparkCode(51), authorizedOn: '2026-03-01', authDays: 30 }),
  changeStatus: () => ({ videoUrl: videoUrl(2), status: 'Activated', ...activationFields() }),
  renewCode: () => ({
    videoUrl: videoUrl(3),
    sparkCode: sparkCode(53),
    authorizedOn: '2026-03-01',
    authDays: 30,
    decisionNote: 'Renewed for spring',
  }),
  retireCode: () => ({ videoUrl: videoUrl(2), retirementReason: 'Campaign ended' }),
  updateRecord: () => ({ videoUrl: videoUrl(2), campaign: 'New name', spend: 10 }),
};

/** Videos 1–8: 1 Requested, 3 Renewal needed, the rest Received. */
export function seeded(): Harness {
  const h = startAddon();
  seedSettings(h.emu);
  const recs = [];
  for (let n = 1; n <= 8; n++) {
    if (n === 1)
      recs.push(
        receivedRecord(n, { status: 'Requested', sparkCode: '', authorizedOn: '', authDays: '', expiresOn: '' }),
      );
    else if (n === 3) recs.push(receivedRecord(n, { status: 'Renewal needed' }));
    else recs.push(receivedRecord(n, { campaign: `Campaign ${n}` }));
  }
  fillLedger(h.emu, recs);
  return h;
}

export function ledgerHeaders(emu: Emulator): string[] {
  const s = emu.sheet('Ledger');
  return s.getRange(1, 1, 1, s.getLastColumn()).getValues()[0].map(String);
}

export function rowOf(emu: Emulator, url: string): number {
  const s = emu.sheet('Ledger');
  const col = ledgerHeaders(emu).indexOf('Video URL') + 1;
  const vals = s.getRange(1, col, s.getLastRow(), 1).getValues();
  const i = vals.findIndex((r) => r[0] === url);
  if (i < 0) throw new Error(`no row for ${url}`);
  return i + 1;
}

/** Everything a save can change, read by video id, so row order does not matter. */
export function byVideo(emu: Emulator, skipAudit: (line: unknown[]) => boolean = () => false): string {
  const s = emu.sheet('Ledger');
  const values = s.getDataRange().getValues();
  const headers = values[0].map(String);
  const url = headers.indexOf('Video URL');
  // The status seal carries a MAC under a random key, different in every emulated project: it is
  // compared as whether it is there, not by its text.
  const cell = (h: string, v: unknown): unknown =>
    h === 'Status seal' ? v !== '' : v instanceof Date ? (v as Date).toISOString() : v;
  const rows = values
    .slice(1)
    .filter((r) => r.some((v) => v !== ''))
    .map((r) => JSON.stringify([r[url], headers.map((h, i) => [h, cell(h, r[i])])]));
  const log = (name: string): string[] => {
    const sh = emu.spreadsheet.getSheetByName(name);
    return sh
      ? sh
          .getDataRange()
          .getValues()
          .slice(1)
          .filter((r) => r.some((v) => v !== '') && !(name === 'Audit' && skipAudit(r)))
          .map((r) => JSON.stringify(r))
          .sort()
      : [];
  };
  return JSON.stringify({ ledger: rows.sort(), audit: log('Audit'), history: log('Code history') });
}
