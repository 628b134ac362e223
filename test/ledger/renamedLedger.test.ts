/**
 * A renamed Ledger tab is still the Ledger: found by the sheet id setup
 * remembered, else by name, else by its header row; never replaced by a new,
 * empty "Ledger" that a client report would then publish.
 */
import type { FakeSheet } from '@spark-ledger/gas-emulator';
import { type Harness, fireTrigger, startAddon } from '../support/addon';
import { seedSettings } from '../support/fixtures';
import { fillLedger } from '../support/ledgerFill';
import { liveRecord } from '../expiry/helpers';
import { liveRow, setup } from '../reports/helpers';

const KEY = 'sparkLedger.ledgerSheetId';
const ROWS = () => [liveRow(1, 'Acme Apps'), liveRow(2, 'Acme Apps'), liveRow(3, 'Globex Games')];

function ledgerId(h: Harness): string {
  return String(h.emu.sheet('Ledger').getSheetId());
}

/** The text of every cell of the client's published copy. */
function publishedText(h: Harness, client: string): string {
  const { spreadsheetId } = h.addon.publishClientReport(client);
  return h.emu.spreadsheets.get(spreadsheetId)!.getSheets()[0].getDataRange().getDisplayValues().flat().join('\n');
}

/** Row 1 of `from` typed into `to`, which grows to hold it (a new sheet has 26 columns). */
function copyHeaderRow(from: FakeSheet, to: FakeSheet): void {
  const width = from.getLastColumn();
  if (to.getMaxColumns() < width) to.insertColumnsAfter(to.getMaxColumns(), width - to.getMaxColumns());
  to.getRange(1, 1, 1, width).setValues(from.getRange(1, 1, 1, width).getValues());
}

function tabNames(h: Harness): string[] {
  return h.emu.spreadsheet.getSheets().map((s) => s.getName());
}

describe('a renamed Ledger tab', () => {
  it('is remembered by sheet id when setup creates it', () => {
    const h = setup([]);
    expect(h.emu.properties.document.get(KEY)).toBe(ledgerId(h));
  });

  it('still feeds the client report and its published copy', () => {
    const h = setup(ROWS());
    h.emu.sheet('Ledger').setName('Codes 2026');
    expect(h.addon.generateClientReport('Acme Apps')).toMatchObject({ rows: 2 });
    const text = publishedText(h, 'Acme Apps');
    expect(text).toContain(liveRow(1, '').videoUrl);
    expect(text).toContain(liveRow(2, '').videoUrl);
  });

  it('wins over a new, empty tab someone named "Ledger"', () => {
    const h = setup(ROWS());
    h.emu.sheet('Ledger').setName('Codes 2026');
    h.emu.spreadsheet.insertSheet('Ledger');
    expect(h.addon.generateClientReport('Acme Apps')).toMatchObject({ rows: 2 });
    expect(publishedText(h, 'Acme Apps')).toContain(liveRow(1, '').videoUrl);
    expect(h.emu.sheet('Ledger').getLastRow()).toBe(0);
  });

  it('is repaired, not replaced, by Set up ledger', () => {
    const h = setup(ROWS());
    const id = ledgerId(h);
    h.emu.sheet('Ledger').setName('Codes 2026');
    const before = tabNames(h);
    const r = h.addon.setupLedger();
    expect(r.created).toEqual([]);
    expect(tabNames(h)).toEqual(before);
    expect(String(h.emu.sheet('Codes 2026').getSheetId())).toBe(id);
    expect(h.addon.refreshAllClientReports().reports).toEqual(
      expect.arrayContaining([expect.objectContaining({ client: 'Acme Apps', rows: 2 })]),
    );
  });

  it('is found by its header row when no id was remembered (set up by an older version), and remembered from then on', () => {
    const h = setup(ROWS());
    const id = ledgerId(h);
    h.emu.properties.document.delete(KEY);
    h.emu.sheet('Ledger').setName('Codes 2026');
    const r = h.addon.setupLedger();
    expect(r.created).toEqual([]);
    expect(r.repaired).toContain(
      'Ledger: found the renamed ledger tab "Codes 2026" by its headers; it is used from now on whatever its name',
    );
    expect(h.emu.properties.document.get(KEY)).toBe(id);
    expect(h.addon.generateClientReport('Acme Apps')).toMatchObject({ rows: 2 });
  });

  it('is preferred by setup over the empty "Ledger" an older version created after the rename', () => {
    const h = setup(ROWS());
    h.emu.properties.document.delete(KEY);
    h.emu.sheet('Ledger').setName('Codes 2026');
    // What the older setup did: no tab named Ledger, so a new one with the headers and nothing else.
    const empty = h.emu.spreadsheet.insertSheet('Ledger', 0);
    copyHeaderRow(h.emu.sheet('Codes 2026'), empty);
    const r = h.addon.setupLedger();
    expect(r.repaired).toContain(
      'Ledger: the ledger\'s rows are on the tab "Codes 2026", which is used from now on whatever its name; the empty tab "Ledger" is no longer used, so delete it',
    );
    expect(h.emu.properties.document.get(KEY)).toBe(String(h.emu.sheet('Codes 2026').getSheetId()));
    expect(publishedText(h, 'Acme Apps')).toContain(liveRow(2, '').videoUrl);
  });

  it('refuses to guess between two tabs that both hold the ledger headers', () => {
    const h = setup(ROWS());
    h.emu.properties.document.delete(KEY);
    const sheet = h.emu.sheet('Ledger');
    sheet.setName('Codes A');
    copyHeaderRow(sheet, h.emu.spreadsheet.insertSheet('Codes B'));
    expect(() => h.addon.generateClientReport('Acme Apps')).toThrow(
      /No tab is named "Ledger", and 2 tabs hold the ledger's column headers \("Codes A", "Codes B"\)\. Rename the one that is the ledger "Ledger"/,
    );
  });

  it('is never taken for Archive, which repeats the ledger headers', () => {
    const h = setup(
      ROWS().map((r) => ({
        ...r,
        status: 'Retired',
        retirementReason: 'Campaign ended',
        expiresOn: '2025-01-01',
        updatedAt: '',
      })),
    );
    h.addon.archiveClosed(30);
    h.emu.properties.document.delete(KEY);
    h.emu.sheet('Ledger').setName('Codes 2026');
    expect(h.addon.findRecords({})).toEqual([]);
  });

  it('is found by the daily check of an add-on, whose time-driven run has no document properties', () => {
    const h = startAddon({ deployment: 'addon', mailQuota: 1500 });
    seedSettings(h.emu);
    fillLedger(h.emu, [liveRecord(1, '2026-03-04')]);
    h.addon.enableDailyAlerts();
    h.emu.sheet('Ledger').setName('Codes 2026');
    h.emu.clock.set('2026-03-02T13:00:00Z');
    const trigger = h.emu.triggers.find((t) => t.eventType === 'CLOCK')!;
    expect(fireTrigger(h.emu, trigger)).toMatchObject({ renewalNeeded: 1 });
    expect(h.emu.outbox.length).toBeGreaterThan(0);
  });
});
