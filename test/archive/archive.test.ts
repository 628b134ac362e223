/** archiveClosed: closed rows move to Archive with everything they had; a failure never loses or duplicates a row. */
import type { LedgerRecord } from '../../src/core/ledger/fields';
import { blocksOf, closedOn, parseOlderThanDays, undeletedSuffix } from '../../src/core/archive/archive';
import type { Harness } from '../support/addon';
import { sparkCode, videoUrl } from '../support/fixtures';
import { liveRow, setup, urlsIn } from '../reports/helpers';

const retired = (n: number, expiresOn: string, o: Partial<LedgerRecord> = {}) =>
  liveRow(n, 'Acme Apps', {
    status: 'Retired',
    retirementReason: 'Campaign ended',
    renewalDecision: 'Retire',
    expiresOn,
    proofUrl: `https://drive.example/proof-${n}`,
    contract: `=CTR-${n}`,
    invoiceStatus: 'Paid',
    ...o,
  } as Partial<LedgerRecord>);
const expired = (n: number, expiresOn: string) => liveRow(n, 'Globex Games', { status: 'Expired', expiresOn });

/** Adds an agency column "Agency notes" after the ledger's columns. */
function addAgencyColumn(h: Harness, notes: string[]): void {
  const sheet = h.emu.sheet('Ledger');
  const col = sheet.getLastColumn() + 1;
  if (col > sheet.getMaxColumns()) sheet.insertColumnsAfter(sheet.getMaxColumns(), 1);
  sheet.getRange(1, col).setValue('Agency notes');
  sheet.getRange(2, col, notes.length, 1).setValues(notes.map((n) => [n]));
  h.emu.calls.reset();
}

/** Every video is in exactly one of Ledger and Archive. */
function expectEachOnce(h: Harness, urls: string[]): void {
  const all = [...urlsIn(h, 'Ledger'), ...urlsIn(h, 'Archive')];
  for (const u of urls) expect(all.filter((x) => x === u)).toHaveLength(1);
  expect(all).toHaveLength(urls.length);
}

describe('archive planning (core)', () => {
  it('reads the days, the closing date and the blocks', () => {
    expect(parseOlderThanDays('90')).toEqual({ ok: true, days: 90 });
    expect(parseOlderThanDays(0)).toEqual({ ok: true, days: 0 });
    for (const bad of [-1, '1.5', 'soon', '', 99999])
      expect(parseOlderThanDays(bad)).toMatchObject({
        ok: false,
        message: expect.stringMatching(/^Older than \(days\) must be a whole number/),
      });
    const local = (iso: string) => iso.slice(0, 10);
    expect(closedOn({ ...retired(1, '2025-12-01'), updatedAt: '2026-02-25T12:00:00.000Z' }, local)).toBe('2026-02-25');
    expect(closedOn(retired(1, '2025-12-01'), local)).toBe('2025-12-01');
    expect(closedOn({ ...retired(1, ''), updatedAt: '' }, local)).toBe('');
    expect(blocksOf([9, 2, 3, 7, 4])).toEqual([
      { start: 2, count: 3 },
      { start: 7, count: 1 },
      { start: 9, count: 1 },
    ]);
    const plan = { appendedRows: [2, 3, 7, 9], blocks: blocksOf([2, 3, 7, 9]) } as never;
    expect(undeletedSuffix(plan, 1)).toBe(2);
    expect(undeletedSuffix(plan, 3)).toBe(4);
  });
});

describe('archiveClosed', () => {
  it('moves old Retired and Expired rows with every column, their history, and an audit line', () => {
    const h = setup([
      retired(1, '2025-12-01'),
      expired(2, '2026-02-20'),
      liveRow(3, 'Acme Apps', { expiresOn: '2025-11-01' }),
      retired(4, '2025-11-01', { updatedAt: '2026-02-25T12:00:00.000Z' } as Partial<LedgerRecord>),
      expired(5, '2025-10-01'),
    ]);
    addAgencyColumn(h, ['note 1', 'note 2', 'note 3', 'note 4', 'note 5']);
    h.emu
      .sheet('Code history')
      .getRange(2, 1, 1, 8)
      .setValues([
        [
          videoUrl(1),
          sparkCode(100),
          '2025-10-01',
          30,
          '2025-10-31',
          '2025-10-20',
          'Creator re-posted',
          'am@agency.example',
        ],
      ]);
    h.emu.calls.reset();

    expect(h.addon.archiveClosed(30)).toEqual({ moved: 2, alreadyArchived: 0, remaining: 0 });
    expect(urlsIn(h, 'Ledger')).toEqual([videoUrl(2), videoUrl(3), videoUrl(4)]);
    const ledger = h.emu.sheet('Ledger').getDataRange().getValues();
    expect(ledger.slice(1, 4).map((r) => r[ledger[0].indexOf('Agency notes')])).toEqual(['note 2', 'note 3', 'note 4']);

    const archive = h.emu.sheet('Archive').getDataRange().getValues();
    const head = archive[0].map(String);
    expect(head.slice(0, 4)).toEqual(['Archived on', 'Archived by', 'Archive batch', 'Code history']);
    const col = (name: string) => archive.slice(1).map((r) => r[head.indexOf(name)]);
    expect(col('Video URL')).toEqual([videoUrl(1), videoUrl(5)]);
    expect(col('Video ID')).toEqual([videoUrl(1).split('/').pop(), videoUrl(5).split('/').pop()]);
    expect(col('Spark code')).toEqual([sparkCode(1), sparkCode(5)]);
    expect(col('Proof')).toEqual(['https://drive.example/proof-1', '']);
    expect(col('Contract')).toEqual(['=CTR-1', '']);
    expect(col('Invoice status')).toEqual(['Paid', '']);
    expect(col('Agency notes')).toEqual(['note 1', 'note 5']);
    expect(col('Archived by')).toEqual(['am@agency.example', 'am@agency.example']);
    expect(col('Code history')[0]).toBe(
      '1 earlier code: #tDYP…3= (authorized 2025-10-01, 30 days, replaced 2025-10-20, Creator re-posted). Full entries stay in Code history.',
    );
    expect(col('Code history')[1]).toBe('');
    expect(h.emu.sheet('Archive').getDataRange().getFormulas().flat().filter(Boolean)).toEqual([]);

    const audit = h.emu
      .sheet('Audit')
      .getDataRange()
      .getValues()
      .slice(1)
      .filter((r) => r[3] === 'Archived');
    expect(audit.map((r) => [r[2], r[4], r[6]])).toEqual([
      [videoUrl(1), 'Ledger row 2', 'archive'],
      [videoUrl(5), 'Ledger row 6', 'archive'],
    ]);
    expect(h.addon.archiveClosed(30)).toEqual({ moved: 0, alreadyArchived: 0, remaining: 0 });
  });

  it('uses one delete per block of rows and a constant number of other calls', () => {
    const rows: LedgerRecord[] = [];
    for (let i = 0; i < 600; i++) rows.push(i < 300 ? retired(i, '2025-10-01') : liveRow(i, 'Acme Apps'));
    const h = setup(rows);
    const r = h.addon.archiveClosed(30);
    expect(r.moved).toBe(300);
    expect(h.emu.calls.count('Sheet.deleteRows')).toBe(1);
    expect(h.emu.calls.count('Range.setValues')).toBe(3); // Archive's new header, the rows, the audit
    // Ledger and Code history (Archive does not exist yet), then the Video URL column before and after the delete.
    expect(h.emu.calls.count('Range.getValues')).toBe(4);
  });

  it('on a failure half way, rolls back so every row is in exactly one sheet', () => {
    const h = setup([
      retired(1, '2025-10-01'),
      liveRow(2, 'Acme Apps'),
      retired(3, '2025-10-01'),
      liveRow(4, 'Acme Apps'),
      expired(5, '2025-10-01'),
    ]);
    const urls = [1, 2, 3, 4, 5].map((n) => videoUrl(n));
    h.emu.faults.failOn('Sheet.deleteRows', { after: 1 });
    expect(() => h.addon.archiveClosed(30)).toThrow(/^Archiving stopped after moving 1 rows/);
    expectEachOnce(h, urls);
    // Blocks go bottom first, so the rows above stay where they were read.
    expect(urlsIn(h, 'Archive')).toEqual([videoUrl(5)]);

    expect(h.addon.archiveClosed(30)).toEqual({ moved: 2, alreadyArchived: 0, remaining: 0 });
    expectEachOnce(h, urls);
    expect(urlsIn(h, 'Ledger')).toEqual([videoUrl(2), videoUrl(4)]);
  });

  it('finishes an interrupted run without archiving a row twice', () => {
    const h = setup([
      retired(1, '2025-10-01'),
      liveRow(2, 'Acme Apps'),
      retired(3, '2025-10-01'),
      liveRow(4, 'Acme Apps'),
      expired(5, '2025-10-01'),
    ]);
    const urls = [1, 2, 3, 4, 5].map((n) => videoUrl(n));
    // The delete fails and so does the roll-back: rows 3 and 5 are left in both sheets.
    h.emu.faults.failOn('Sheet.deleteRows', { after: 1 });
    h.emu.faults.failOn('Range.clearContent');
    expect(() => h.addon.archiveClosed(30)).toThrow(/Archiving stopped/);
    expect(urlsIn(h, 'Archive')).toEqual([videoUrl(1), videoUrl(3), videoUrl(5)]);

    expect(h.addon.archiveClosed(30)).toEqual({ moved: 2, alreadyArchived: 2, remaining: 0 });
    expectEachOnce(h, urls);
  });

  it('refuses a bad number of days by name and writes nothing', () => {
    const h = setup([retired(1, '2025-10-01')]);
    expect(() => h.addon.archiveClosed('ninety')).toThrow(
      'Older than (days) must be a whole number of days from 0 to 3650, such as 90.',
    );
    expect(h.emu.spreadsheet.getSheetByName('Archive')).toBeNull();
    expect(urlsIn(h, 'Ledger')).toEqual([videoUrl(1)]);
  });

  it('runs from the menu: it lists the rows it will move and moves them only on Yes', () => {
    const h = setup([retired(1, '2025-10-01'), retired(2, '2025-10-02')]);
    h.emu.ui.promptResponses.push('30');
    h.emu.ui.alertResponses.push('NO');
    h.addon.menuArchiveClosed();
    const question = h.emu.ui.alertLog.at(-1)!;
    expect(question.buttons).toBe('YES_NO');
    expect(question.prompt).toMatch(/^These 2 rows closed more than 30 days ago will move from the Ledger to Archive/);
    expect(question.prompt).toContain('Retired since 2025-10-01');
    expect(question.prompt).toContain('Retired since 2025-10-02');
    expect(h.emu.spreadsheet.getSheetByName('Archive')).toBeNull();
    expect(urlsIn(h, 'Ledger')).toEqual([videoUrl(1), videoUrl(2)]);

    h.emu.ui.promptResponses.push('30');
    h.emu.ui.alertResponses.push('YES');
    h.addon.menuArchiveClosed();
    expect(h.emu.ui.alerts.pop()).toBe('Moved 2 rows to Archive.');
    expect(urlsIn(h, 'Archive')).toEqual([videoUrl(1), videoUrl(2)]);
  });

  it('moves only the rows the preview showed: a row closed since waits for the next run', () => {
    const h = setup([retired(1, '2025-10-01'), retired(2, '2025-10-02')]);
    const preview = h.addon.previewArchive(30);
    expect(preview.rows.map((r: { videoUrl: string }) => r.videoUrl)).toEqual([videoUrl(1), videoUrl(2)]);
    expect(preview.total).toBe(2);
    const only = [preview.rows[0].videoUrl.split('/').pop()];
    expect(h.addon.archiveClosed(30, { videoIds: only })).toEqual({ moved: 1, alreadyArchived: 0, remaining: 0 });
    expect(urlsIn(h, 'Ledger')).toEqual([videoUrl(2)]);
    expect(() => h.addon.archiveClosed(30, { videoIds: 'all' })).toThrow('videoIds must be a list of video ids.');
  });
});
