/**
 * What the preview grid is given of a sheet: the text an edit starts from,
 * the dropdowns of list rules, a window of rows on a big sheet (frozen rows
 * always in it), and each chart's type and data as Sheets reads its ranges.
 */
import { createEmulator, type Emulator, type FakeSheet } from '@spark-ledger/gas-emulator';
import { sheetView } from './sheetView';

const NOW = Date.parse('2026-03-02T15:00:00Z');

function sheet(): { emu: Emulator; s: FakeSheet; S: GoogleAppsScript.Spreadsheet.SpreadsheetApp } {
  const emu = createEmulator({ now: new Date(NOW) });
  const S = emu.globals.SpreadsheetApp as GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  return { emu, s: emu.spreadsheet.sheets[0], S };
}

describe('the grid view of a sheet', () => {
  it('gives each cell the text a person edits it from, when that is not what it shows', () => {
    const { s } = sheet();
    s.getRange(1, 1, 1, 6).setValues([["'7412345678901234567", '=1+1', 'plain', "'TRUE", '3/5/2026', 1234.5]]);
    s.getRange(1, 6).setNumberFormat('#,##0.00');
    const cells = sheetView(s, NOW).cells[0];
    // Digits kept as text keep their apostrophe, or typing them back would make a number of them.
    expect(cells[0]).toMatchObject({ v: '7412345678901234567', e: "'7412345678901234567" });
    expect(cells[1].e).toBe('=1+1');
    expect(cells[2]).toEqual({ v: 'plain', s: 0 });
    expect(cells[3]).toMatchObject({ v: 'TRUE', e: "'TRUE" });
    expect(cells[4]).toMatchObject({ v: '3/5/2026', e: '2026-03-05', a: 'r' });
    expect(cells[5]).toMatchObject({ v: '1,234.50', e: '1234.5', a: 'r' });
  });

  it('lists the values of a dropdown rule once for all its cells', () => {
    const { emu, s, S } = sheet();
    emu.run({ kind: 'editor' }, () =>
      S.getActiveSheet()
        .getRange('B2:B4')
        .setDataValidation(S.newDataValidation().requireValueInList(['Requested', 'Received']).build()),
    );
    const view = sheetView(s, NOW);
    expect(view.lists).toEqual([['Requested', 'Received']]);
    expect([view.cells[1][1].l, view.cells[3][1].l, view.cells[4][1].l]).toEqual([0, 0, undefined]);
  });

  it('draws a window of a big sheet, its frozen rows always in it', () => {
    const { s } = sheet();
    s.insertRowsAfter(1000, 500);
    s.getRange(1, 1).setValue('Header');
    s.getRange(1200, 1).setValue('last');
    s.setFrozenRows(1);
    const top = sheetView(s, NOW);
    expect([top.rows.length, top.rows[0], top.rows[1], top.firstRow, top.totalRows, top.truncated]).toEqual([
      500,
      1,
      2,
      2,
      1220,
      true,
    ]);
    const late = sheetView(s, NOW, 900);
    // The window stops at the last row there is: 499 rows after the frozen one.
    expect([late.rows[0], late.rows[1], late.rows[late.rows.length - 1], late.firstRow]).toEqual([1, 722, 1220, 722]);
    expect(late.cells[0][0].v).toBe('Header');
    expect(late.cells[late.rows.indexOf(1200)][0].v).toBe('last');
  });

  it('reads a chart as Sheets does: ranges side by side, the header row naming the series, the first column the labels', () => {
    const { s } = sheet();
    s.getRange(1, 1, 5, 3).setValues([
      ['Market', 'Videos', 'Live'],
      ['DE', 4, 3],
      ['FR', 0, 0],
      ['', '', ''],
      ['JP', 2, 'n/a'],
    ]);
    const chart = s
      .newChart()
      .asBarChart()
      .addRange(s.getRange('A1:A5'))
      .addRange(s.getRange('B1:C5'))
      .setPosition(2, 6, 5, 0)
      .setOption('title', 'By market')
      .setOption('legend', { position: 'none' })
      .setOption('colors', ['#1a73e8'])
      .build();
    s.insertChart(chart);
    s.insertChart(s.newChart().asPieChart().addRange(s.getRange('A2:B3')).setOption('width', 300).build());
    const [bar, pie] = sheetView(s, NOW).charts;
    expect(bar).toEqual({
      type: 'BAR',
      title: 'By market',
      row: 2,
      column: 6,
      offsetX: 5,
      offsetY: 0,
      width: 600,
      height: 371,
      colors: ['#1a73e8'],
      legend: false,
      ranges: ['A1:A5', 'B1:C5'],
      labels: ['DE', 'FR', 'JP'],
      series: [
        { name: 'Videos', values: [4, 0, 2] },
        { name: 'Live', values: [3, 0, null] },
      ],
    });
    // No text in the first row's series cells: no header, and the series get Sheets' own names.
    expect(pie).toMatchObject({
      type: 'PIE',
      width: 300,
      labels: ['DE', 'FR'],
      series: [{ name: 'Series 1', values: [4, 0] }],
    });
  });

  it('transposes when the chart says so, and leaves room for charts past the data', () => {
    const { s } = sheet();
    s.getRange(1, 1, 3, 3).setValues([
      ['', 'Q1', 'Q2'],
      ['Spend', 10, 20],
      ['Views', 5, 7],
    ]);
    s.insertChart(
      s
        .newChart()
        .asLineChart()
        .addRange(s.getRange('A1:C3'))
        .setTransposeRowsAndColumns(true)
        .setNumHeaders(1)
        .setPosition(40, 14, 0, 0)
        .build(),
    );
    const view = sheetView(s, NOW);
    expect(view.charts[0]).toMatchObject({
      labels: ['Q1', 'Q2'],
      series: [
        { name: 'Spend', values: [10, 20] },
        { name: 'Views', values: [5, 7] },
      ],
    });
    // The chart's anchor and its 600 × 371 px are drawn (18 rows of 21 px, 6 columns of 100 px).
    expect(view.rows[view.rows.length - 1]).toBe(58);
    expect(view.colsShown).toBe(20);
  });
});
