import { type Harness, startAddon } from '../support/addon';
import { requestInput, seedSettings, videoUrl } from '../support/fixtures';
import { fillLedger, receivedRecord } from '../support/ledgerFill';

function setup(): Harness {
  const h = startAddon();
  seedSettings(h.emu);
  return h;
}

describe('findRecords', () => {
  it('a broad search reads only the searched columns, then the rows it returns', () => {
    const h = setup();
    fillLedger(
      h.emu,
      Array.from({ length: 300 }, (_, i) => receivedRecord(i, { campaign: i % 3 ? `Autumn ${i}` : `Spring ${i}` })),
    );
    const width = h.emu.sheet('Ledger').getLastColumn();
    h.emu.calls.reset();
    const found = h.addon.findRecords({ text: 'spring', limit: 5 });
    expect(found).toHaveLength(5);
    expect(found.every((r: { campaign: string }) => r.campaign.startsWith('Spring'))).toBe(true);
    // The header (twice: once to search, once to read columns), the 10 searched columns in runs (a gap of one
    // column read through) with the Video URL column again, and the 5 rows returned.
    expect(h.emu.calls.cellsRead).toBeLessThanOrEqual(2 * width + 300 * 12 + 5 * width);
    expect(h.emu.calls.cellsRead).toBeLessThan((300 * width) / 2);
    expect(h.emu.calls.count('Range.setValues')).toBe(0);
    expect(h.emu.calls.total).toBeLessThan(40);
  });

  it('a selective search reads only the rows a TextFinder search found, however many rows the ledger holds', () => {
    const h = setup();
    fillLedger(
      h.emu,
      Array.from({ length: 2000 }, (_, i) =>
        receivedRecord(i, { campaign: i % 700 === 5 ? `Launch ${i}` : `Evergreen ${i}` }),
      ),
    );
    const width = h.emu.sheet('Ledger').getLastColumn();
    h.emu.calls.reset();
    const found = h.addon.findRecords({ text: 'launch', limit: 10 });
    expect(found.map((r: { campaign: string }) => r.campaign).sort()).toEqual([
      'Launch 1405',
      'Launch 5',
      'Launch 705',
    ]);
    expect(h.emu.calls.cellsRead).toBeLessThanOrEqual(4 * width);
    expect(h.emu.calls.count('TextFinder.findAll')).toBe(1);
  });

  it('returns plain records with dates as text, newest change first', () => {
    const h = setup();
    h.emu.clock.set('2026-03-02T15:00:00Z');
    expect(h.addon.requestCode(requestInput(1)).ok).toBe(true);
    h.emu.clock.set('2026-03-02T16:00:00Z');
    expect(h.addon.requestCode(requestInput(2)).ok).toBe(true);
    h.emu.clock.set('2026-03-02T17:00:00Z');
    expect(h.addon.updateRecord({ videoUrl: videoUrl(1), usageNotes: 'touched' }).ok).toBe(true);
    const found = h.addon.findRecords('creator.one');
    expect(found.map((r: { row: number }) => r.row)).toEqual([2, 3]);
    expect(found[0].updatedAt).toBe('2026-03-02T17:00:00.000Z');
  });

  it('refuses a malformed query with a sentence', () => {
    const h = setup();
    expect(() => h.addon.findRecords({ limit: 'lots' })).toThrow('Search limit must be a whole number from 1 to 200.');
  });
});

describe('getSelectedRecord', () => {
  it('returns the record under the cursor in the Ledger, and null anywhere else', () => {
    const h = setup();
    fillLedger(h.emu, [receivedRecord(1), receivedRecord(2)]);
    const ledger = h.emu.spreadsheet.getSheetByName('Ledger')!;
    ledger.getRange('E3:G5').activate();
    expect(h.addon.getSelectedRecord()).toMatchObject({ row: 3, videoUrl: videoUrl(2), authorizedOn: '2026-02-01' });
    ledger.getRange('B1').activate();
    expect(h.addon.getSelectedRecord()).toBeNull();
    ledger.getRange('A40').activate();
    expect(h.addon.getSelectedRecord()).toBeNull();
    h.emu.spreadsheet.getSheetByName('Settings')!.getRange('A2').activate();
    expect(h.addon.getSelectedRecord()).toBeNull();
  });
});

describe('requestMessage', () => {
  it("builds the creator's message from the stored row", () => {
    const h = setup();
    expect(h.addon.requestCode(requestInput(1, { usageNotes: 'US only' })).ok).toBe(true);
    const m: string = h.addon.requestMessage(videoUrl(1).replace('https://www.', ''));
    expect(m).toContain('Hi @creator.one,');
    expect(m).toContain(videoUrl(1));
    expect(m).toContain('Usage: US only');
  });

  it('says which video is unknown or malformed', () => {
    const h = setup();
    expect(() => h.addon.requestMessage(videoUrl(9))).toThrow(
      `No row in the ledger has the video ${videoUrl(9)}; request a code for it first.`,
    );
    expect(() => h.addon.requestMessage('not a link')).toThrow('Video URL must be a TikTok video link');
  });
});

describe('getFormOptions', () => {
  it('gives the sidebar the base of its links to Ledger rows', () => {
    const h = setup();
    const gid = h.emu.spreadsheet.getSheetByName('Ledger')!.getSheetId();
    expect(h.addon.getFormOptions().ledgerUrl).toBe(`${h.emu.spreadsheet.getUrl()}#gid=${gid}`);
  });
});
