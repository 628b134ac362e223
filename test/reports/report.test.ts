/** Client report tabs, driven through the built bundle on the emulator. */
import type { LedgerRecord } from '../../src/core/ledger/fields';
import { reportSheetName } from '../../src/core/reports/clients';
import type { Harness } from '../support/addon';
import { sparkCode } from '../support/fixtures';
import { fillLedger } from '../support/ledgerFill';
import { liveRow, setup, sheetText } from './helpers';

function flat(h: Harness, name: string): string {
  return sheetText(h, name)
    .map((r) => r.join('\t'))
    .join('\n');
}

/** Rows of a block of the report, found by its title, as display text. */
function block(h: Harness, name: string, title: string): string[][] {
  const rows = sheetText(h, name);
  const start = rows.findIndex((r) => r[0] === title || r[0].startsWith(`${title} (`));
  expect(start).toBeGreaterThan(0);
  const out: string[][] = [];
  for (let i = start + 2; i < rows.length && rows[i].some((c) => c !== ''); i++) out.push(rows[i]);
  return out;
}

describe('generateClientReport', () => {
  it("builds the tab with only that client's rows and safe columns, and never a full code", () => {
    const h = setup([
      liveRow(1, 'Acme Apps', {
        usageNotes: 'internal: creator is difficult',
        generationPrompt: 'a cat skiing',
        humanReviewed: true,
        contract: 'CTR-991',
      } as Partial<LedgerRecord>),
      liveRow(2, 'Globex Games', { campaign: 'Globex secret launch' }),
      liveRow(3, 'Acme Apps', { currency: 'EUR', expiresOn: '2026-03-05' }),
      liveRow(4, 'Acme Apps', {
        status: 'Retired',
        retirementReason: 'Weak performance',
        renewalDecision: 'Retire',
        decisionNote: 'internal: creator wants more money',
        clientNote: `CPA too high vs Globex Games; old code ${sparkCode(4)}`,
      } as Partial<LedgerRecord>),
    ]);
    const r = h.addon.generateClientReport('Acme Apps');
    expect(r).toEqual({ sheetName: 'Report · Acme Apps', rows: 3 });
    const text = flat(h, 'Report · Acme Apps');
    for (const n of [1, 2, 3, 4]) expect(text).not.toContain(sparkCode(n));
    expect(text).not.toMatch(
      /Globex|paid@agency|creator@agency|approve@agency|internal: creator|a cat skiing|CTR-991|ACME-US-001|Not set|Undecided/,
    );
    expect(text).toContain('#tDYP…3=');

    expect(block(h, 'Report · Acme Apps', 'Spend and results to date').map((row) => row.slice(0, 6))).toEqual([
      ['EUR', '103.00', '1', '3', '34.33', '6'],
      ['USD', '205.00', '2', '5', '41.00', '10'],
      [
        'Each currency is totalled on its own; amounts in different currencies are never added together.',
        '',
        '',
        '',
        '',
        '',
      ],
    ]);
    const expiring = block(h, 'Report · Acme Apps', 'Codes ending in the next 7 days');
    expect(expiring.map((row) => [row[0], row[6], row[7]])).toEqual([[liveRow(3, '').videoUrl, '2026-03-05', '3']]);
    const decisions = block(h, 'Report · Acme Apps', 'Decisions to renew or stop');
    expect(decisions).toHaveLength(1);
    expect(decisions[0].slice(4, 7)).toEqual([
      'Stop',
      'Weak performance',
      'CPA too high vs [another client]; old code #tDYP…3=',
    ]);
    expect(block(h, 'Report · Acme Apps', 'Videos made with AI, by campaign').map((row) => row.slice(0, 5))).toEqual([
      ['Campaign 1', '1', '1', '1', '1'],
      [
        'Reviewed: a person checked the video before the code was asked for. Running: it has spent, or spends now.',
        '',
        '',
        '',
        '',
      ],
    ]);
    expect(block(h, 'Report · Acme Apps', 'Videos').filter((row) => row[0].startsWith('https://'))).toHaveLength(3);
  });

  it('writes formula-looking names as text and styles the tab for reading', () => {
    const h = setup([
      liveRow(1, '=HYPERLINK("https://evil.example","Acme")', { campaign: '+1 summer' }),
      liveRow(2, '=HYPERLINK("https://evil.example","Acme")', { campaign: '0012' }),
    ]);
    const r = h.addon.generateClientReport('=HYPERLINK("https://evil.example","Acme")');
    const sheet = h.emu.sheet(r.sheetName);
    expect(sheet.getDataRange().getFormulas().flat().filter(Boolean)).toEqual([]);
    expect(sheet.getRange('A1').getValue()).toBe('Spark Ads report · =HYPERLINK("https://evil.example","Acme")');
    const campaigns = block(h, r.sheetName, 'By campaign').map((row) => row[0]);
    expect(campaigns).toEqual(['+1 summer', '0012']);
    expect(sheet.hasHiddenGridlines()).toBe(true);
    expect(sheet.getRange('A1').getBackground()).toBe('#1a73e8');
    expect(sheet.getRange('A1').getFontWeight()).toBe('bold');
    expect(sheet.getFrozenRows()).toBe(2);
    expect(sheet.getColumnWidth(1)).toBe(330);
    const charts = sheet.getCharts();
    expect(charts).toHaveLength(1);
    expect(charts[0].getType()).toBe('COLUMN');
    // The chart shows the status table: its header and one line per status shown (both Running here).
    const rows = sheetText(h, r.sheetName);
    const header = rows.findIndex((x) => x[0] === 'Videos by status') + 2;
    expect(rows[header - 1].slice(0, 2)).toEqual(['Status', 'Videos']);
    expect(rows[header].slice(0, 2)).toEqual(['Running', '2']);
    expect(charts[0].getRanges()[0].getA1Notation()).toBe(`A${header}:B${header + 1}`);
  });

  it('rebuilds in place: same tab, same position, one chart, protected for its builder only', () => {
    const h = setup([liveRow(1, 'Acme Apps'), liveRow(2, 'Northwind Foods')]);
    h.addon.generateClientReport('Acme Apps');
    const first = h.emu.sheet('Report · Acme Apps');
    h.emu.spreadsheet.insertSheet('Agency notes', 0);
    const index = first.getIndex();
    const id = first.getSheetId();
    fillLedger(h.emu, [liveRow(3, 'Acme Apps')]);
    const again = h.addon.generateClientReport('Acme Apps');
    expect(again.rows).toBe(2);
    const sheet = h.emu.sheet('Report · Acme Apps');
    expect([sheet.getSheetId(), sheet.getIndex()]).toEqual([id, index]);
    expect(sheet.getCharts()).toHaveLength(1);
    const protections = sheet.getProtections('SHEET');
    expect(protections).toHaveLength(1);
    expect(protections[0].isWarningOnly()).toBe(false);
    expect(protections[0].getEditors().map((u) => u.getEmail())).toEqual(['am@agency.example']);
  });

  it('keeps clients that differ only by case apart, each in its own tab', () => {
    const h = setup([liveRow(1, 'Acme'), liveRow(2, 'ACME'), liveRow(3, 'Acme')]);
    const a = h.addon.generateClientReport('Acme');
    const b = h.addon.generateClientReport('ACME');
    expect(a).toEqual({ sheetName: 'Report · Acme', rows: 2 });
    expect(b).toEqual({ sheetName: 'Report · ACME (2)', rows: 1 });
    // Rebuilding either finds its own tab again, never the other's.
    expect(h.addon.generateClientReport('ACME').sheetName).toBe('Report · ACME (2)');
    expect(flat(h, 'Report · ACME (2)')).not.toContain(liveRow(1, '').videoUrl);
    expect(flat(h, 'Report · Acme')).not.toContain(liveRow(2, '').videoUrl);
    expect(() => h.addon.generateClientReport('acme')).toThrow(/matches "ACME", "Acme"|matches "Acme", "ACME"/);
  });

  it("names tabs within Sheets' limit and without line breaks", () => {
    const long = 'Very Long Client Name '.repeat(8).trim();
    expect(reportSheetName(long).length).toBeLessThanOrEqual(100);
    expect(reportSheetName('Two\nlines\tclient')).toBe('Report · Two lines client');
    const h = setup([liveRow(1, long)]);
    const r = h.addon.generateClientReport(long);
    expect(r.sheetName.length).toBeLessThanOrEqual(100);
    expect(r.sheetName.endsWith('…')).toBe(true);
  });

  it("counts codes expiring in the next 7 days from today in the spreadsheet's time zone", () => {
    // 03:00 UTC on 3 March is still 2 March in New York.
    const h = setup([
      liveRow(1, 'Acme Apps', { expiresOn: '2026-03-03' }),
      liveRow(2, 'Acme Apps', { expiresOn: '2026-03-09' }),
      liveRow(3, 'Acme Apps', { expiresOn: '2026-03-10' }),
      liveRow(4, 'Acme Apps', {
        expiresOn: '2026-03-04',
        status: 'Retired',
        retirementReason: 'Campaign ended',
      } as Partial<LedgerRecord>),
    ]);
    h.emu.clock.set('2026-03-03T03:00:00Z');
    h.addon.generateClientReport('Acme Apps');
    const rows = block(h, 'Report · Acme Apps', 'Codes ending in the next 7 days');
    expect(rows.map((r) => [r[6], r[7]])).toEqual([
      ['2026-03-03', '1'],
      ['2026-03-09', '7'],
    ]);
  });

  it('refuses an unknown client by name and writes nothing', () => {
    const h = setup([liveRow(1, 'Acme Apps')]);
    expect(() => h.addon.generateClientReport('Initech')).toThrow(
      /^Client "Initech" has no rows in the ledger: choose one of "Acme Apps", /,
    );
    expect(
      h.emu.spreadsheet
        .getSheets()
        .map((s) => s.getName())
        .filter((n) => n.startsWith('Report')),
    ).toEqual([]);
  });

  it('refreshes every client with rows, reusing their tabs', () => {
    const h = setup([
      liveRow(1, 'Acme Apps'),
      liveRow(2, 'Globex Games'),
      liveRow(3, 'Northwind Foods'),
      liveRow(4, 'Acme Apps'),
    ]);
    const r = h.addon.refreshAllClientReports();
    expect(r.reports).toEqual([
      { client: 'Acme Apps', sheetName: 'Report · Acme Apps', rows: 2 },
      { client: 'Globex Games', sheetName: 'Report · Globex Games', rows: 1 },
      { client: 'Northwind Foods', sheetName: 'Report · Northwind Foods', rows: 1 },
    ]);
    const count = h.emu.spreadsheet.getSheets().length;
    h.addon.refreshAllClientReports();
    expect(h.emu.spreadsheet.getSheets().length).toBe(count);
  });

  it('finds the client however its name is spaced or cased, when only one fits', () => {
    const h = setup([liveRow(1, 'Acme Apps'), liveRow(2, 'Northwind Foods')]);
    expect(h.addon.generateClientReport('  acme   APPS ').sheetName).toBe('Report · Acme Apps');
    expect(h.addon.generateClientReport('Acme\u00a0Apps').sheetName).toBe('Report · Acme Apps');
    expect(() => h.addon.generateClientReport('Acme Ap')).toThrow(/has no rows in the ledger/);
  });
});

describe('report call count', () => {
  const CALLS = 68;
  /** 'Report · Acme Apps' on a ledger of `n` rows, three clients: the service calls of a rebuild. */
  function rebuildCalls(n: number): { total: number; byMethod: Record<string, number> } {
    const rows: LedgerRecord[] = [];
    for (let i = 0; i < n; i++) rows.push(liveRow(i, ['Acme Apps', 'Globex Games', 'Northwind Foods'][i % 3]));
    const h = setup(rows);
    h.addon.generateClientReport('Acme Apps');
    h.emu.calls.reset();
    const r = h.addon.generateClientReport('Acme Apps');
    expect(r.rows).toBe(Math.ceil(n / 3));
    return { total: h.emu.calls.total, byMethod: { ...h.emu.calls.byMethod } };
  }

  it('is the same on 30 rows and on 50,000 rows', () => {
    const small = rebuildCalls(30);
    const large = rebuildCalls(50000);
    expect(large.byMethod).toEqual(small.byMethod);
    expect(large.total).toBe(small.total);
    expect(large.byMethod['Range.setValues']).toBe(1);
    // The Ledger and Settings; the Archive is read only when it holds rows.
    expect(large.byMethod['Range.getValues']).toBe(2);
    // The constant: calls for a rebuild (the Ledger found by its remembered id, Settings, a look for the Archive, and a flush before the lock is released).
    expect(large.total).toBe(CALLS);
  });
});
