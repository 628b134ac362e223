/** TextFinder: what it matches, the ranges it returns, and what a search costs. */
import { COST_PARAMETERS as P, createEmulator } from '../src/index';

type G = Record<string, any>;

function world() {
  const emu = createEmulator({ costModel: 'mid' });
  const g = emu.globals as G;
  const ss = g.SpreadsheetApp.getActiveSpreadsheet();
  const sheet = ss.getSheets()[0];
  sheet.getRange(1, 1, 4, 2).setValues([
    ['Video URL', 'Spark code'],
    ['https://www.tiktok.com/@a/video/111', '#CodeOne'],
    ['https://www.tiktok.com/@b/video/1112', '#codeone'],
    ['https://www.tiktok.com/@c/video/222', 42],
  ]);
  return { emu, g, ss, sheet };
}

const where = (ranges: any[]) => ranges.map((r) => `${r.getSheet().getName()}!${r.getA1Notation()}`);

describe('TextFinder', () => {
  test('matches part of a cell, ignoring case, unless told otherwise', () => {
    const { sheet } = world();
    expect(where(sheet.createTextFinder('/video/111').findAll())).toEqual(['Sheet1!A2', 'Sheet1!A3']);
    expect(where(sheet.createTextFinder('#codeone').findAll())).toEqual(['Sheet1!B2', 'Sheet1!B3']);
    expect(where(sheet.createTextFinder('#codeone').matchCase(true).findAll())).toEqual(['Sheet1!B3']);
    expect(where(sheet.createTextFinder('#Code').matchEntireCell(true).findAll())).toEqual([]);
    expect(where(sheet.createTextFinder('#CodeOne').matchEntireCell(true).matchCase(true).findAll())).toEqual([
      'Sheet1!B2',
    ]);
  });

  test('a number is matched on what the cell shows', () => {
    const { sheet } = world();
    sheet.getRange('B4').setNumberFormat('0.00');
    expect(where(sheet.createTextFinder('42.00').matchEntireCell(true).findAll())).toEqual(['Sheet1!B4']);
    expect(where(sheet.createTextFinder('42').matchEntireCell(true).findAll())).toEqual([]);
  });

  test('a range searches only its cells; a spreadsheet searches every sheet', () => {
    const { ss, sheet } = world();
    expect(where(sheet.getRange('A3:A4').createTextFinder('video').findAll())).toEqual(['Sheet1!A3', 'Sheet1!A4']);
    ss.insertSheet('Other').getRange('C7').setValue('see /video/222');
    expect(where(ss.createTextFinder('/video/222').findAll())).toEqual(['Sheet1!A4', 'Other!C7']);
  });

  test('findNext steps through the matches and returns null when there is none', () => {
    const { sheet } = world();
    const f = sheet.createTextFinder('tiktok');
    expect(where([f.findNext(), f.findNext(), f.findNext(), f.findNext()])).toEqual([
      'Sheet1!A2',
      'Sheet1!A3',
      'Sheet1!A4',
      'Sheet1!A2',
    ]);
    expect(sheet.createTextFinder('nowhere').findNext()).toBeNull();
  });

  test('replaceAllWith replaces the matched text and counts the cells', () => {
    const { sheet } = world();
    expect(sheet.createTextFinder('#codeone').replaceAllWith('#CodeTwo')).toBe(2);
    expect(sheet.getRange('B2:B3').getValues()).toEqual([['#CodeTwo'], ['#CodeTwo']]);
  });

  test('a search is one round trip priced by the cells it looks at, not the cells it returns', () => {
    const { emu, g, sheet } = world();
    sheet.getRange('C1').setValue('queued');
    g.SpreadsheetApp.flush();
    sheet.getRange('C2:C3').setValues([['a'], ['b']]);
    const finder = sheet.getRange('A1:A4').createTextFinder('/video/');
    const before = emu.cost.total.ms.mid;
    const scanned = emu.cost.total.byKind.search.cellsScanned;
    finder.findAll();
    expect(emu.cost.total.byKind.search.calls).toBe(1);
    expect(emu.cost.total.byKind.search.cellsScanned - scanned).toBe(4);
    // The writes above were queued: the search commits them first, as a read does.
    const commit = P.commitMs.mid + (2 * P.writeCellUs.mid) / 1000;
    expect(emu.cost.total.ms.mid - before).toBeCloseTo(commit + P.readFixedMs.mid + (4 * P.scanCellUs.mid) / 1000, 6);
  });
});
