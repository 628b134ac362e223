/**
 * Single-row work touches one row: the sidebar's saves and lookups find the
 * video's row by searching the Video URL column (a TextFinder, priced by the
 * cells it looks at, not cells sent back) and read that row alone, so the
 * cells they read do not grow with the ledger. Duplicate videos and codes are
 * still refused, wherever the other row is.
 */
import { startAddon } from '../support/addon';
import { activationFields, requestInput, seedSettings, sparkCode, videoUrl } from '../support/fixtures';
import { fillLedger, receivedRecord } from '../support/ledgerFill';

type Work = [string, (addon: any, url: string) => unknown];

const WORK: Work[] = [
  ['getRecord', (a, url) => a.getRecord(url)],
  ['requestMessage', (a, url) => a.requestMessage(url)],
  ['changeStatus', (a, url) => a.changeStatus({ videoUrl: url, status: 'Activated', ...activationFields() })],
  ['updateRecord', (a, url) => a.updateRecord({ videoUrl: url, spend: 10, usageNotes: 'checked' })],
  [
    'recordCode',
    (a, url) => a.recordCode({ videoUrl: url, sparkCode: sparkCode(990001), authorizedOn: '2026-03-01', authDays: 30 }),
  ],
  ['retireCode', (a, url) => a.retireCode({ videoUrl: url, retirementReason: 'Campaign ended' })],
];

/** Cells read and searched by `fn` on a ledger of `rows` rows, the target in its middle. */
function measured(rows: number, fn: Work[1]) {
  const h = startAddon();
  seedSettings(h.emu);
  fillLedger(
    h.emu,
    Array.from({ length: rows }, (_, i) => receivedRecord(1000 + i)),
  );
  const url = videoUrl(1000 + Math.floor(rows / 2));
  h.emu.calls.reset();
  h.emu.cost.reset();
  fn(h.addon, url);
  return {
    read: h.emu.calls.cellsRead,
    searched: h.emu.cost.total.byKind.search.cellsScanned,
    dataRange: h.emu.calls.count('Sheet.getDataRange'),
    h,
  };
}

describe('work on one row reads one row', () => {
  it.each(WORK)(
    '%s reads the same cells at 40 and 2,000 rows, and searches only the Video URL and Spark code columns',
    (_name, fn) => {
      const small = measured(40, fn);
      const large = measured(2000, fn);
      expect(large.read).toBe(small.read);
      // What grows is only what the searches look at: one or two columns, and Code history's.
      expect(large.searched).toBeLessThanOrEqual(3 * 2001);
      expect(large.searched).toBeGreaterThan(small.searched);
      // Settings is read whole (getDataRange), the Ledger never.
      expect(large.dataRange).toBeLessThanOrEqual(1);
    },
  );

  it('still refuses a video already in the ledger, and a code another row holds, far from the row written', () => {
    const h = startAddon();
    seedSettings(h.emu);
    fillLedger(
      h.emu,
      Array.from({ length: 300 }, (_, i) => receivedRecord(1000 + i)),
    );
    const dup = h.addon.requestCode(requestInput(1250));
    expect(dup.ok).toBe(false);
    expect(JSON.stringify(dup.errors)).toMatch(/already/i);
    expect(h.addon.requestCode(requestInput(5000)).ok).toBe(true);
    const code = h.addon.recordCode({
      videoUrl: videoUrl(5000),
      sparkCode: sparkCode(1290),
      authorizedOn: '2026-03-01',
      authDays: 30,
    });
    expect(code.ok).toBe(false);
    expect(code.errors).toEqual([
      expect.objectContaining({ field: 'sparkCode', message: expect.stringMatching(/row 292\b/) }),
    ]);
  });

  it('finds a video whose link was pasted with a query string, and not one whose id only starts the same', () => {
    const h = startAddon();
    seedSettings(h.emu);
    fillLedger(h.emu, [receivedRecord(1000), receivedRecord(1001)]);
    const sheet = h.emu.sheet('Ledger');
    const col = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0].indexOf('Video URL') + 1;
    sheet.getRange(3, col).setValue(`${videoUrl(1001)}?is_from_webapp=1`);
    expect(h.addon.getRecord(videoUrl(1001))).toMatchObject({ row: 3 });
    // The same id with one digit more is another video.
    const longer = videoUrl(1000).replace(/(\d+)$/, '$19');
    expect(h.addon.getRecord(longer)).toBeNull();
  });
});

describe('the logs take only the cells they use', () => {
  it('Audit and Code history are made as wide as their headers, so every row they grow by costs their own columns', () => {
    const h = startAddon();
    seedSettings(h.emu);
    h.addon.setupLedger();
    expect(h.addon.requestCode(requestInput(1)).ok).toBe(true);
    expect(h.emu.sheet('Audit').getMaxColumns()).toBe(7);
    expect(h.emu.sheet('Code history').getMaxColumns()).toBe(8);
  });
});

describe('tabs the add-on makes take only the cells they use', () => {
  it("a client report tab is cut to its rows and columns (and room for its chart), not a new tab's 1,000 × 26", () => {
    const h = startAddon();
    seedSettings(h.emu);
    fillLedger(
      h.emu,
      Array.from({ length: 30 }, (_, i) =>
        receivedRecord(1000 + i, { client: 'Acme Apps', status: 'Spending', spend: 10 + i } as never),
      ),
    );
    const r = h.addon.generateClientReport('Acme Apps');
    const tab = h.emu.sheet(r.sheetName);
    expect(tab.getMaxRows() * tab.getMaxColumns()).toBeLessThan((1000 * 26) / 4);
    expect(tab.getMaxRows()).toBeGreaterThanOrEqual(tab.getLastRow());
    // Rebuilt with more rows, it grows again.
    fillLedger(
      h.emu,
      Array.from({ length: 60 }, (_, i) =>
        receivedRecord(2000 + i, { client: 'Acme Apps', status: 'Spending', spend: 10 + i } as never),
      ),
    );
    const again = h.addon.generateClientReport('Acme Apps');
    expect(again.rows).toBe(90);
    expect(h.emu.sheet(again.sheetName).getMaxRows()).toBeGreaterThanOrEqual(h.emu.sheet(again.sheetName).getLastRow());
  });
});
