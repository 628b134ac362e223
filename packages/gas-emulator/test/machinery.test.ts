import * as vm from 'node:vm';
import { createEmulator, restoreEmulator } from '../src/index';
import { setup } from '../src/helpers';

describe('call counting', () => {
  test('every service method call counts once as Class.method; internals and enums do not count', () => {
    const { g, emu } = setup();
    const ss = g.SpreadsheetApp.getActiveSpreadsheet();
    emu.spreadsheet.getSheets()[0].insertRowsAfter(1000, 9000);
    const sheet = ss.getSheetByName('Sheet1')!;
    const big = sheet.getRange(1, 1, 10000, 3);
    big.setValues(Array.from({ length: 10000 }, (_, i) => [i, `r${i}`, true]));
    emu.calls.reset();
    const values = big.getValues();
    expect(values).toHaveLength(10000);
    expect(emu.calls.total).toBe(1);
    expect(emu.calls.byMethod).toEqual({ 'Range.getValues': 1 });
    void g.SpreadsheetApp.ProtectionType.SHEET;
    void g.Charts.ChartType.PIE;
    expect(emu.calls.total).toBe(1);
    sheet.getRange('A1').getValue();
    sheet.getDataRange();
    expect(emu.calls.byMethod['Sheet.getRange']).toBe(1);
    expect(emu.calls.byMethod['Sheet.getDataRange']).toBe(1);
    expect(emu.calls.count('Sheet.')).toBe(2);
    expect(emu.calls.count('Range.')).toBe(2);
    expect(emu.calls.count()).toBe(emu.calls.total);
    // builders count too
    g.SpreadsheetApp.newDataValidation().requireCheckbox().build();
    expect(emu.calls.byMethod['SpreadsheetApp.newDataValidation']).toBe(1);
    expect(emu.calls.byMethod['DataValidationBuilder.requireCheckbox']).toBe(1);
    expect(emu.calls.byMethod['DataValidationBuilder.build']).toBe(1);
  });

  test('setup through emu.spreadsheet is not counted; identity of wrapped objects is stable', () => {
    const { g, emu } = setup();
    emu.spreadsheet
      .getSheets()[0]
      .getRange('A1:B2')
      .setValues([
        [1, 2],
        [3, 4],
      ]);
    expect(emu.calls.total).toBe(0);
    const a = g.SpreadsheetApp.getActiveSpreadsheet();
    expect(g.SpreadsheetApp.getActiveSpreadsheet()).toBe(a);
    // A proxy passed back into the emulator is unwrapped (setActiveSheet works on it).
    const s2 = a.insertSheet('Two');
    a.setActiveSheet(a.getSheetByName('Sheet1')!);
    a.setActiveSheet(s2);
    expect(emu.spreadsheet.getActiveSheet().getName()).toBe('Two');
  });
});

describe('fault injection', () => {
  test('the failing call throws and does not apply its write', () => {
    const { g, emu } = setup();
    const sheet = g.SpreadsheetApp.getActiveSheet();
    emu.faults.failOn('Range.setValues', { after: 1, times: 1 });
    sheet.getRange('A1:B1').setValues([[1, 2]]);
    expect(() => sheet.getRange('A2:B2').setValues([[3, 4]])).toThrow(
      `Service Spreadsheets failed while accessing document with id ${emu.spreadsheet.getId()}.`,
    );
    expect(sheet.getRange('A2:B2').getValues()).toEqual([['', '']]);
    sheet.getRange('A3:B3').setValues([[5, 6]]);
    expect(sheet.getRange('A3').getValue()).toBe(5);
    expect(emu.calls.byMethod['Range.setValues']).toBe(3);
    emu.faults.failOn('MailApp.sendEmail', { message: 'Mail down' });
    expect(() => g.MailApp.sendEmail('a@b.example', 's', 'b')).toThrow('Mail down');
    g.MailApp.sendEmail('a@b.example', 's', 'b'); // one failure by default
    expect(emu.outbox).toHaveLength(1);
    emu.faults.failOn('MailApp.sendEmail', { times: Infinity });
    expect(() => g.MailApp.sendEmail('a@b.example', 's', 'b')).toThrow(/Service Spreadsheets failed/);
    expect(() => g.MailApp.sendEmail('a@b.example', 's', 'b')).toThrow(/Service Spreadsheets failed/);
    expect(emu.outbox).toHaveLength(1);
    emu.faults.clear();
    g.MailApp.sendEmail('a@b.example', 's', 'b');
    expect(emu.outbox).toHaveLength(2);
  });
});

describe('clock-controlled Date', () => {
  test('new Date() and Date.now() read the emulator clock; Dates from getValues pass instanceof', () => {
    const { g, emu } = setup({ now: '2026-05-01T00:00:00Z' });
    expect(new g.Date().toISOString()).toBe('2026-05-01T00:00:00.000Z');
    expect(g.Date.now()).toBe(Date.parse('2026-05-01T00:00:00Z'));
    expect(new g.Date(2020, 0, 1).getFullYear()).toBe(2020);
    emu.clock.advance(60000);
    expect(new g.Date().toISOString()).toBe('2026-05-01T00:01:00.000Z');
    emu.clock.set('2027-01-01T00:00:00Z');
    expect(g.Date.now()).toBe(Date.parse('2027-01-01T00:00:00Z'));
    g.SpreadsheetApp.getActiveSheet().getRange('A1').setValue('2024-01-05');
    const v = g.SpreadsheetApp.getActiveSheet().getRange('A1').getValue();
    expect(v instanceof g.Date).toBe(true);
    expect(new Date(0) instanceof g.Date).toBe(true);
    expect(typeof (g.Date as unknown as () => string)()).toBe('string');
  });

  test('inside a vm sandbox whose only globals are the services', () => {
    const emu = createEmulator();
    const ctx = vm.createContext({ ...emu.globals });
    emu.bindRealm({ Error: vm.runInContext('Error', ctx) });
    const out = vm.runInContext(
      `
      var sheet = SpreadsheetApp.getActiveSpreadsheet().getActiveSheet();
      sheet.getRange(1, 1, 1, 3).setValues([["2024-01-05", "'0012", "=1"]]);
      var v = sheet.getRange(1, 1, 1, 3).getValues()[0];
      var err;
      try { sheet.getRange(0, 1); } catch (e) { err = e; }
      ({ isDate: v[0] instanceof Date, text: v[1], formula: v[2], now: new Date().toISOString(),
         errIsError: err instanceof Error, errMessage: err.message, hasSetTimeout: typeof setTimeout });
    `,
      ctx,
    );
    expect(out).toEqual({
      isDate: true,
      text: '0012',
      formula: 1,
      now: '2026-03-02T15:00:00.000Z',
      errIsError: true,
      errMessage: 'The starting row of the range is too small.',
      hasSetTimeout: 'undefined',
    });
    expect(emu.calls.byMethod['Range.setValues']).toBe(1);
  });
});

describe('toJSON / restore', () => {
  test('all state round-trips through JSON', () => {
    const { g, emu } = setup({ mailQuota: 10 });
    const S = g.SpreadsheetApp;
    const ss = S.getActiveSpreadsheet();
    const sheet = ss.insertSheet('Ledger');
    sheet.getRange('A1:D2').setValues([
      ['url', 'date', 'n', 'f'],
      ['https://x', '2024-01-05', '12', '=1'],
    ]);
    sheet
      .getRange('E1:E2')
      .setNumberFormat('@')
      .setValues([['0012'], ['7412345678901234567']]);
    sheet.getRange('A2').setNote('a note').setBackground('#abcdef');
    sheet.setFrozenRows(1);
    sheet
      .getRange('B2:B5')
      .setDataValidation(S.newDataValidation().requireValueInRange(sheet.getRange('A1:A2')).build());
    sheet
      .getRange('C2')
      .setDataValidation(S.newDataValidation().requireDateAfter(new Date('2024-01-01T00:00:00Z')).build());
    sheet.setConditionalFormatRules([
      S.newConditionalFormatRule()
        .whenCellEmpty()
        .setBackground('#eeeeee')
        .setRanges([sheet.getRange('A2:A')])
        .build(),
    ]);
    sheet.protect().setDescription('locked').setWarningOnly(true);
    g.PropertiesService.getDocumentProperties().setProperty('k', 'v');
    g.ScriptApp.newTrigger('daily').timeBased().atHour(6).everyDays(1).create();
    g.MailApp.sendEmail('a@b.example', 'Subject', 'Body');
    S.create('Client');

    const json = JSON.stringify(emu.toJSON());
    const back = restoreEmulator(JSON.parse(json));
    expect(JSON.stringify(back.toJSON())).toBe(json);
    const bs = back.sheet('Ledger');
    expect(bs.getRange('A1:E2').getValues()).toEqual(emu.sheet('Ledger').getRange('A1:E2').getValues());
    expect((bs.getRange('B2').getValue() as Date).toISOString()).toBe('2024-01-05T05:00:00.000Z');
    expect(bs.getRange('E2').getValue()).toBe('7412345678901234567');
    expect(bs.getRange('D2').getFormula()).toBe('=1');
    expect(bs.getRange('A2').getNote()).toBe('a note');
    expect(bs.getRange('A2').getBackground()).toBe('#abcdef');
    expect(bs.getFrozenRows()).toBe(1);
    const rule = bs.getRange('B4').getDataValidation()!;
    expect((rule.getCriteriaValues()[0] as { getSheet(): unknown }).getSheet()).toBe(bs);
    expect(bs.getRange('B2').getDataValidation()).toBe(rule);
    expect((bs.getRange('C2').getDataValidation()!.getCriteriaValues()[0] as Date).toISOString()).toBe(
      '2024-01-01T00:00:00.000Z',
    );
    expect(bs.getConditionalFormatRules()[0].getRanges()[0].getA1Notation()).toBe('A2:A1000');
    expect(bs.getProtections('SHEET')[0].getDescription()).toBe('locked');
    expect(back.properties.document.get('k')).toBe('v');
    expect(back.triggers[0]).toMatchObject({ handlerFunction: 'daily', hour: 6, everyDays: 1 });
    expect(back.outbox[0].sentAt).toBeInstanceOf(Date);
    expect(back.mail.remaining).toBe(9);
    expect(back.clock.now().toISOString()).toBe(emu.clock.now().toISOString());
    expect(back.spreadsheets.size).toBe(2);
    // The restored emulator keeps working
    (back.globals.SpreadsheetApp as GoogleAppsScript.Spreadsheet.SpreadsheetApp)
      .getActiveSpreadsheet()
      .getSheetByName('Ledger')!
      .appendRow(['x']);
    expect(bs.getLastRow()).toBe(3);
  });
});

describe('performance', () => {
  test('a 50,000 x 50 sheet reads and writes in well under a second each', () => {
    const emu = createEmulator();
    const sheet = emu.spreadsheet.insertSheet('Big');
    sheet.insertRowsAfter(1000, 49000);
    sheet.insertColumnsAfter(26, 24);
    const data = Array.from({ length: 50000 }, (_, r) =>
      Array.from({ length: 50 }, (_, c) => (c % 3 === 0 ? `text ${r}` : c % 3 === 1 ? r * c : `${r}`)),
    );
    const range = emu.expose(sheet.getRange(1, 1, 50000, 50));
    let t = Date.now();
    range.setValues(data);
    const writeMs = Date.now() - t;
    t = Date.now();
    const back = range.getValues();
    const readMs = Date.now() - t;
    expect(back[49999][1]).toBe(49999);
    expect(back[49999][2]).toBe(49999);
    expect(back[123][0]).toBe('text 123');
    console.log(`50,000 x 50: setValues ${writeMs} ms, getValues ${readMs} ms`);
    expect(writeMs).toBeLessThan(2000);
    expect(readMs).toBeLessThan(1000);
  });
});
