import { a1ToGrid } from '../src/index';
import { setup } from '../src/helpers';

describe('ranges and sheets', () => {
  test('ranges are 1-based and A1 notation round-trips', () => {
    const { g } = setup();
    const sheet = g.SpreadsheetApp.getActiveSheet();
    const r = sheet.getRange(2, 3, 4, 5);
    expect([r.getRow(), r.getColumn(), r.getNumRows(), r.getNumColumns()]).toEqual([2, 3, 4, 5]);
    expect(r.getA1Notation()).toBe('C2:G5');
    expect(r.getLastRow()).toBe(5);
    expect(sheet.getRange('B2').getA1Notation()).toBe('B2');
    expect(sheet.getRange('A:B').getNumRows()).toBe(1000);
    expect(a1ToGrid("'My sheet'!B2:AA10")).toEqual({
      sheetName: 'My sheet',
      row: 2,
      column: 2,
      numRows: 9,
      numColumns: 26,
    });
    sheet.getRange(1, 1).setValue('x');
    expect(sheet.getRange('A1').getValue()).toBe('x');
  });

  test('rows or columns below 1 and ranges outside the sheet throw', () => {
    const { g } = setup();
    const sheet = g.SpreadsheetApp.getActiveSheet();
    expect(() => sheet.getRange(0, 1)).toThrow('The starting row of the range is too small.');
    expect(() => sheet.getRange(1, 0)).toThrow('The starting column of the range is too small.');
    expect(() => sheet.getRange(1, 1, 0, 1)).toThrow('The number of rows in the range must be at least 1.');
    expect(() => sheet.getRange(1000, 1, 2, 1)).toThrow(
      'The coordinates of the range are outside the dimensions of the sheet.',
    );
    expect(() => sheet.getRange(1, 27)).toThrow(
      'The coordinates of the range are outside the dimensions of the sheet.',
    );
    expect(() => sheet.getRange(1000, 26)).not.toThrow();
  });

  test('new sheets are 1000 x 26 and getLastRow/Column track content', () => {
    const { g } = setup();
    const ss = g.SpreadsheetApp.getActiveSpreadsheet();
    const sheet = ss.insertSheet('Data');
    expect([sheet.getMaxRows(), sheet.getMaxColumns()]).toEqual([1000, 26]);
    expect([sheet.getLastRow(), sheet.getLastColumn()]).toEqual([0, 0]);
    sheet.getRange(5, 4).setValue(1);
    sheet.getRange(2, 7).setValue('a');
    expect([sheet.getLastRow(), sheet.getLastColumn()]).toEqual([5, 7]);
    expect(sheet.getDataRange().getA1Notation()).toBe('A1:G5');
    expect(ss.getActiveSheet().getName()).toBe('Data');
  });

  test("setValues demands exact dimensions with Google's message and writes nothing otherwise", () => {
    const { g, emu } = setup();
    const sheet = g.SpreadsheetApp.getActiveSheet();
    expect(() => sheet.getRange(1, 1, 2, 2).setValues([[1, 2]])).toThrow(
      'The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.',
    );
    expect(() => sheet.getRange(1, 1, 2, 2).setValues([[1, 2], [3]])).toThrow(
      'The number of columns in the data does not match the number of columns in the range. The data has 1 but the range has 2.',
    );
    expect(emu.spreadsheet.getSheets()[0].getLastRow()).toBe(0);
  });

  test("getValues is rectangular with typed values and '' for empty cells", () => {
    const { g } = setup();
    const sheet = g.SpreadsheetApp.getActiveSheet();
    sheet.getRange(1, 1, 1, 4).setValues([[1.5, true, new g.Date('2026-01-02T12:00:00Z'), 'txt']]);
    const v = sheet.getRange(1, 1, 2, 5).getValues();
    expect(v.length).toBe(2);
    expect(v.every((r) => r.length === 5)).toBe(true);
    expect(v[0][0]).toBe(1.5);
    expect(v[0][1]).toBe(true);
    expect(v[0][2]).toBeInstanceOf(Date);
    expect((v[0][2] as Date).toISOString()).toBe('2026-01-02T12:00:00.000Z');
    expect(v[0][3]).toBe('txt');
    expect(v[0][4]).toBe('');
    expect(v[1]).toEqual(['', '', '', '', '']);
    // Mutating the returned Date does not change the cell.
    (v[0][2] as Date).setFullYear(2000);
    expect((sheet.getRange(1, 3).getValue() as Date).getUTCFullYear()).toBe(2026);
  });

  test("duplicate sheet names throw Google's message, regardless of case", () => {
    const { g } = setup();
    const ss = g.SpreadsheetApp.getActiveSpreadsheet();
    ss.insertSheet('Ledger');
    expect(() => ss.insertSheet('Ledger')).toThrow(
      'A sheet with the name "Ledger" already exists. Please enter another name.',
    );
    expect(() => ss.insertSheet('ledger')).toThrow('already exists');
    expect(() => ss.getSheetByName('Sheet1')!.setName('Ledger')).toThrow('already exists');
    expect(ss.getSheetByName('Nope')).toBeNull();
    expect(ss.getSheets().map((s) => s.getName())).toEqual(['Sheet1', 'Ledger']);
  });

  test('insertSheet index, moveActiveSheet, deleteSheet and the last sheet', () => {
    const { g } = setup();
    const ss = g.SpreadsheetApp.getActiveSpreadsheet();
    ss.insertSheet('B');
    ss.insertSheet('A', 0);
    expect(ss.getSheets().map((s) => s.getName())).toEqual(['A', 'Sheet1', 'B']);
    ss.setActiveSheet(ss.getSheetByName('B')!);
    ss.moveActiveSheet(1);
    expect(ss.getSheets().map((s) => s.getName())).toEqual(['B', 'A', 'Sheet1']);
    expect(ss.getSheetByName('A')!.getIndex()).toBe(2);
    ss.deleteSheet(ss.getSheetByName('A')!);
    ss.deleteSheet(ss.getSheetByName('B')!);
    expect(() => ss.deleteSheet(ss.getSheetByName('Sheet1')!)).toThrow(
      "You can't remove all the sheets in a document.",
    );
  });

  test('insert and delete rows/columns shift values, formats, notes, validations and backgrounds', () => {
    const { g } = setup();
    const sheet = g.SpreadsheetApp.getActiveSheet();
    sheet.getRange('A1:A4').setValues([['r1'], ['r2'], ['r3'], ['r4']]);
    sheet.getRange('A3').setNote('note3').setBackground('#ff0000').setNumberFormat('@');
    const rule = g.SpreadsheetApp.newDataValidation().requireValueInList(['x', 'y']).build();
    sheet.getRange('A4').setDataValidation(rule);
    sheet.insertRowsAfter(1, 2);
    expect(sheet.getMaxRows()).toBe(1002);
    expect(
      sheet
        .getRange('A1:A6')
        .getValues()
        .map((r) => r[0]),
    ).toEqual(['r1', '', '', 'r2', 'r3', 'r4']);
    expect(sheet.getRange('A5').getNote()).toBe('note3');
    expect(sheet.getRange('A5').getBackground()).toBe('#ff0000');
    expect(sheet.getRange('A5').getNumberFormat()).toBe('@');
    expect(sheet.getRange('A6').getDataValidation()!.getCriteriaValues()[0]).toEqual(['x', 'y']);
    expect(sheet.getRange('A3').getNote()).toBe('');
    sheet.deleteRows(2, 3);
    expect(
      sheet
        .getRange('A1:A3')
        .getValues()
        .map((r) => r[0]),
    ).toEqual(['r1', 'r3', 'r4']);
    expect(sheet.getRange('A2').getNote()).toBe('note3');
    expect(sheet.getRange('A3').getDataValidation()).not.toBeNull();
    expect(sheet.getMaxRows()).toBe(999);
    sheet.getRange('B1:C1').setValues([['b', 'c']]);
    sheet.insertColumnsBefore(2, 1);
    expect(sheet.getRange('A1:D1').getValues()[0]).toEqual(['r1', '', 'b', 'c']);
    sheet.deleteColumns(1, 2);
    expect(sheet.getRange('A1:B1').getValues()[0]).toEqual(['b', 'c']);
    expect(sheet.getRange('A2').getNote()).toBe('');
    expect(sheet.getMaxColumns()).toBe(25);
  });

  test('rows inserted after a formatted row take its formatting', () => {
    const { g } = setup();
    const sheet = g.SpreadsheetApp.getActiveSheet();
    sheet.getRange('A2').setNumberFormat('@');
    sheet.insertRowsAfter(2, 1);
    expect(sheet.getRange('A3').getNumberFormat()).toBe('@');
    sheet.getRange('A3').setValue('0012');
    expect(sheet.getRange('A3').getValue()).toBe('0012');
  });

  test('appendRow appends after the last row, grows the sheet and types values', () => {
    const { g } = setup();
    const ss = g.SpreadsheetApp.getActiveSpreadsheet();
    const sheet = ss.insertSheet('Small');
    sheet.deleteRows(3, 998);
    expect(sheet.getMaxRows()).toBe(2);
    sheet.appendRow(['a', '12']);
    sheet.appendRow(['b', 'TRUE']);
    sheet.appendRow(['c', '2024-01-05', 'x', 'y']);
    expect(sheet.getMaxRows()).toBe(3);
    const v = sheet.getDataRange().getValues();
    expect(v.map((r) => r[1])).toEqual([12, true, expect.any(Date)]);
    expect(v[2][3]).toBe('y');
  });

  test('frozen rows, widths, hidden columns, tab colour and gridlines are recorded', () => {
    const { g } = setup();
    const sheet = g.SpreadsheetApp.getActiveSheet();
    sheet.setFrozenRows(1);
    sheet.setColumnWidth(2, 240);
    sheet.setColumnWidths(3, 2, 80);
    sheet.hideColumns(5, 2);
    sheet.setTabColor('#00ff00');
    sheet.setHiddenGridlines(true);
    expect(sheet.getFrozenRows()).toBe(1);
    expect([sheet.getColumnWidth(1), sheet.getColumnWidth(2), sheet.getColumnWidth(4)]).toEqual([100, 240, 80]);
    expect([sheet.isColumnHiddenByUser(5), sheet.isColumnHiddenByUser(6), sheet.isColumnHiddenByUser(7)]).toEqual([
      true,
      true,
      false,
    ]);
    sheet.showColumns(5);
    expect(sheet.isColumnHiddenByUser(5)).toBe(false);
    expect(sheet.getTabColor()).toBe('#00ff00');
    expect(sheet.hasHiddenGridlines()).toBe(true);
    expect(() => sheet.deleteRows(1, 1000)).toThrow('Sorry, it is not possible to delete all non-frozen rows.');
  });

  test('formats, fonts, notes and clearing', () => {
    const { g } = setup();
    const sheet = g.SpreadsheetApp.getActiveSheet();
    const r = sheet.getRange('A1:B2');
    r.setValues([
      [1, 2],
      [3, 4],
    ])
      .setFontWeight('bold')
      .setBackgrounds([
        ['#111111', null],
        [null, '#222222'],
      ])
      .setNotes([
        ['n', ''],
        ['', 'm'],
      ]);
    expect(r.getFontWeights()).toEqual([
      ['bold', 'bold'],
      ['bold', 'bold'],
    ]);
    expect(r.getBackgrounds()).toEqual([
      ['#111111', '#ffffff'],
      ['#ffffff', '#222222'],
    ]);
    expect(r.getNotes()).toEqual([
      ['n', ''],
      ['', 'm'],
    ]);
    sheet.getRange('A1').clearContent();
    expect(sheet.getRange('A1').getValue()).toBe('');
    expect(sheet.getRange('A1').getFontWeight()).toBe('bold');
    r.clearFormat();
    expect(r.getFontWeights()[1][1]).toBe('normal');
    expect(r.getValues()).toEqual([
      ['', 2],
      [3, 4],
    ]);
    r.clearNote();
    expect(r.getNotes()).toEqual([
      ['', ''],
      ['', ''],
    ]);
    sheet.clear();
    expect(sheet.getLastRow()).toBe(0);
  });

  test('openById, create and copyTo', () => {
    const { g, emu } = setup();
    expect(() => g.SpreadsheetApp.openById('missing')).toThrow(/openById/);
    const client = g.SpreadsheetApp.create('Client report');
    expect(client.getSheets().map((s) => [s.getName(), s.getMaxRows(), s.getMaxColumns()])).toEqual([
      ['Sheet1', 1000, 26],
    ]);
    expect(emu.spreadsheets.has(client.getId())).toBe(true);
    expect(g.SpreadsheetApp.openById(client.getId()).getName()).toBe('Client report');
    expect(client.getUrl()).toContain(client.getId());
    const src = g.SpreadsheetApp.getActiveSpreadsheet().insertSheet('Report');
    src.getRange('A1:B1').setValues([['h', 5]]);
    src.getRange('A1').setFontWeight('bold').setNote('hi');
    const copy = src.copyTo(client);
    expect(copy.getName()).toBe('Copy of Report');
    expect(copy.getParent().getId()).toBe(client.getId());
    expect(copy.getRange('A1:B1').getValues()).toEqual([['h', 5]]);
    expect(copy.getRange('A1').getFontWeight()).toBe('bold');
    expect(copy.getRange('A1').getNote()).toBe('hi');
    expect(src.copyTo(client).getName()).toBe('Copy of Report 2');
  });

  test('active sheet and range', () => {
    const { g } = setup();
    const ss = g.SpreadsheetApp.getActiveSpreadsheet();
    const other = ss.insertSheet('Other');
    ss.getSheetByName('Sheet1')!.activate();
    expect(g.SpreadsheetApp.getActiveSheet().getName()).toBe('Sheet1');
    other.getRange('C5').activate();
    expect(g.SpreadsheetApp.getActiveRange().getA1Notation()).toBe('C5');
    expect(g.SpreadsheetApp.getActiveSheet().getName()).toBe('Other');
    expect(ss.getRange('Sheet1!B2').getSheet().getName()).toBe('Sheet1');
  });
});
