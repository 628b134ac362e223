/**
 * The preview session's question loop, on a small stand-in bundle whose menu
 * item alerts, prompts and asks to confirm: each unanswered question rolls the
 * run back and is returned; the run repeated with the answers goes through.
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

  it('answers questions from sidebar calls with the defaults instead of asking', () => {
    const r = session.execute('nameLedger', [], { interactive: false });
    expect(r.question).toBeUndefined();
    expect(r.reply).toEqual({ ok: true, value: 'YES' });
    expect(a1()).toBe(':YES');
  });
});
