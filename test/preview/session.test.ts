/**
 * The preview session on a small stand-in bundle. The question loop: its menu
 * item alerts, prompts and asks to confirm; each unanswered question rolls the
 * run back and is returned, and the run repeated with the answers goes
 * through. People's edits: a typed cell or a pasted block is written as typed
 * and fires the bundle's onEdit once, with the event Google documents; a
 * click puts the cursor where the next execution reads it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PreviewSession as Session } from './session';

const BUNDLE = `
function setupLedger() {
  var ss = SpreadsheetApp.getActiveSpreadsheet();
  ss.insertSheet('Ledger');
  ss.insertSheet('Settings').getRange(1, 1, 1, 4).setValues([['Clients', 'Brands', 'Ad accounts', 'Owners']]);
}
function onOpen() { SpreadsheetApp.getUi().createAddonMenu().addItem('Name the ledger', 'nameLedger').addToUi(); }
function onEdit(e) {
  if (e.range.getA1Notation() === 'C9') throw new Error('onEdit broke');
  return { a1: e.range.getA1Notation(), sheet: e.range.getSheet().getName(), source: e.source.getName(),
    value: e.value === undefined ? 'none' : e.value, oldValue: e.oldValue === undefined ? 'none' : e.oldValue,
    user: e.user.getEmail(), authMode: String(e.authMode), now: e.range.getValues() };
}
function selectedRow() { return SpreadsheetApp.getActiveSpreadsheet().getActiveRange().getA1Notation() + '@' + SpreadsheetApp.getActiveSheet().getName(); }
function nameLedger() {
  var ui = SpreadsheetApp.getUi();
  ui.alert('Naming the ledger.');
  var r = ui.prompt('Name', 'What should the ledger be called?', ui.ButtonSet.OK_CANCEL);
  if (r.getSelectedButton() !== ui.Button.OK) return 'cancelled';
  var sure = ui.alert('Confirm', 'Call it ' + r.getResponseText() + '?', ui.ButtonSet.YES_NO);
  SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Ledger').getRange('A1').setValue(r.getResponseText() + ':' + sure);
  MailApp.sendEmail('am@agency.example', 'Renamed', r.getResponseText());
  return sure;
}
`;

describe('preview session', () => {
  let dir: string;
  let session: Session;
  const before = process.env.SPARK_LEDGER_BUILD;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'spark-session-'));
    writeFileSync(join(dir, 'Code.js'), BUNDLE);
    process.env.SPARK_LEDGER_BUILD = dir;
    jest.isolateModules(() => {
      // Loaded after the variable is set: the add-on loader reads it once.
      const { PreviewSession } = require('./session') as typeof import('./session');
      session = new PreviewSession({ stateFile: join(dir, 'state.json'), now: new Date('2026-03-02T15:00:00Z') });
    });
  });

  afterAll(() => {
    if (before === undefined) delete process.env.SPARK_LEDGER_BUILD;
    else process.env.SPARK_LEDGER_BUILD = before;
    rmSync(dir, { recursive: true, force: true });
  });

  const a1 = () => session.emu.sheet('Ledger').cellValue(1, 1);

  it('asks each question in turn, keeping nothing until every one is answered', () => {
    expect(session.emu.ui.menus[0].items).toEqual([
      { kind: 'item', caption: 'Name the ledger', functionName: 'nameLedger' },
    ]);

    const first = session.execute('nameLedger', [], { interactive: true });
    expect(first.question).toEqual({
      kind: 'prompt',
      title: 'Name',
      prompt: 'What should the ledger be called?',
      buttons: 'OK_CANCEL',
    });
    // The plain alert before it is answered OK for the person; the prompt is theirs to answer.
    expect(first.answers).toEqual({ alerts: ['OK'], prompts: [] });
    expect(a1()).toBe('');

    const second = session.execute('nameLedger', [], {
      interactive: true,
      answers: { alerts: ['OK'], prompts: [{ text: 'Spring ledger', button: 'OK' }] },
    });
    expect(second.question).toEqual({
      kind: 'alert',
      title: 'Confirm',
      prompt: 'Call it Spring ledger?',
      buttons: 'YES_NO',
    });
    expect(a1()).toBe('');
    expect(session.emu.outbox).toHaveLength(0);

    const answers = second.answers!;
    answers.alerts.push('NO');
    const done = session.execute('nameLedger', [], { interactive: true, answers });
    expect(done.question).toBeUndefined();
    expect(done.reply).toEqual({ ok: true, value: 'NO' });
    expect(a1()).toBe('Spring ledger:NO');
    expect(done.effects!.alerts).toEqual([{ title: null, prompt: 'Naming the ledger.', buttons: 'OK' }]);
    expect(done.effects!.mailsSent).toBe(1);
  });

  it('runs a cancelled prompt to its end with nothing written', () => {
    const r = session.execute('nameLedger', [], {
      interactive: true,
      answers: { alerts: ['OK'], prompts: [{ text: '', button: 'CANCEL' }] },
    });
    expect(r.reply).toEqual({ ok: true, value: 'cancelled' });
    expect(a1()).toBe('Spring ledger:NO');
  });

  it("writes a typed cell as a person's edit and fires onEdit once, with value and oldValue", () => {
    const ledger = session.emu.sheet('Ledger');
    ledger.getRange('B2').setValue('old');
    const before = session.version;
    const r = session.edit({ sheet: 'Ledger', row: 2, column: 2, values: [['42']] });
    // Typed as a person types it: "42" is a number.
    expect(ledger.cellValue(2, 2)).toBe(42);
    expect(r.event).toMatchObject({ seq: 1, sheet: 'Ledger', range: 'B2', numRows: 1, numColumns: 1 });
    expect(r.event).toMatchObject({ value: '42', oldValue: 'old', user: 'am@agency.example', authMode: 'LIMITED' });
    expect(r.event!.reply).toEqual({
      ok: true,
      value: {
        a1: 'B2',
        sheet: 'Ledger',
        source: 'Spark Ledger',
        value: '42',
        oldValue: 'old',
        user: 'am@agency.example',
        authMode: 'LIMITED',
        now: [[42]],
      },
    });
    expect(session.version).toBeGreaterThan(before);
    expect(session.edits).toHaveLength(1);
    // The edited cell is where the cursor is.
    expect(session.emu.spreadsheet.getActiveRange().getA1Notation()).toBe('B2');
  });

  it('pastes a block as one edit with neither value nor oldValue, padding short rows', () => {
    const r = session.edit({ sheet: 'Ledger', row: 4, column: 1, values: [['a', 'b'], ['c']] });
    expect(r.event).toMatchObject({ range: 'A4:B5', numRows: 2, numColumns: 2 });
    expect(r.event).not.toHaveProperty('value');
    expect(r.event).not.toHaveProperty('oldValue');
    expect(r.event!.reply).toMatchObject({ ok: true, value: { a1: 'A4:B5', value: 'none', oldValue: 'none' } });
    expect(session.emu.sheet('Ledger').readValues(4, 1, 2, 2)).toEqual([
      ['a', 'b'],
      ['c', ''],
    ]);
    expect(session.editCount).toBe(2);
  });

  it('clears a cell: no value, the old one reported', () => {
    const r = session.edit({ sheet: 'Ledger', row: 2, column: 2, values: [['']] });
    expect(r.event).not.toHaveProperty('value');
    expect(r.event).toMatchObject({ oldValue: '42' });
  });

  it('keeps the edit when onEdit fails, and reports the failure', () => {
    const r = session.edit({ sheet: 'Ledger', row: 9, column: 3, values: [['x']] });
    expect(session.emu.sheet('Ledger').cellValue(9, 3)).toBe('x');
    expect(r.event!.reply).toEqual({ ok: false, error: { name: 'Error', message: 'onEdit broke' } });
  });

  it('refuses a typed entry its reject-input rule rejects: nothing written, no event', () => {
    const ledger = session.emu.sheet('Ledger');
    const S = session.emu.globals.SpreadsheetApp as GoogleAppsScript.Spreadsheet.SpreadsheetApp;
    session.emu.run({ kind: 'editor' }, () =>
      S.getActiveSpreadsheet()
        .getSheetByName('Ledger')!
        .getRange('D2')
        .setDataValidation(
          S.newDataValidation().requireValueInList(['Requested', 'Received']).setAllowInvalid(false).build(),
        ),
    );
    const count = session.editCount;
    expect(session.edit({ sheet: 'Ledger', row: 2, column: 4, values: [['Spending']] })).toEqual({
      rejected: 'Input must be an item on the specified list: Requested, Received.',
    });
    expect(ledger.cellValue(2, 4)).toBe('');
    expect(session.editCount).toBe(count);
    expect(session.edit({ sheet: 'Ledger', row: 2, column: 4, values: [['Received']] }).event).toMatchObject({
      value: 'Received',
    });
  });

  it('refuses edits off the sheet or of no sheet, before writing anything', () => {
    const count = session.editCount;
    expect(() => session.edit({ sheet: 'Nope', row: 1, column: 1, values: [['x']] })).toThrow('No sheet named Nope.');
    expect(() => session.edit({ sheet: 'Ledger', row: 1000, column: 1, values: [['x'], ['y']] })).toThrow(
      /reaches past the end of Ledger \(1000 rows, 26 columns\)/,
    );
    expect(() => session.edit({ sheet: 'Ledger', row: 1, column: 1, values: [] })).toThrow('at least one row');
    expect(session.editCount).toBe(count);
  });

  it('puts the cursor where the person clicks, for the next execution to read', () => {
    session.select({ sheet: 'Settings', row: 3, column: 2, numRows: 2, numColumns: 1 });
    expect(session.execute('selectedRow', [], { interactive: false }).reply).toEqual({
      ok: true,
      value: 'B3:B4@Settings',
    });
    session.select({ sheet: 'Ledger' });
    expect(session.execute('selectedRow', [], { interactive: false }).reply).toEqual({ ok: true, value: 'A1@Ledger' });
    expect(() => session.select({ sheet: 'Ledger', row: 0 })).toThrow('is not on Ledger');
  });

  it('answers questions from sidebar calls with the defaults instead of asking', () => {
    const r = session.execute('nameLedger', [], { interactive: false });
    expect(r.question).toBeUndefined();
    expect(r.reply).toEqual({ ok: true, value: 'YES' });
    expect(a1()).toBe(':YES');
  });
});
