/** The runtime's rules: scopes from the manifest, authorization modes, users, limits, deployments. */
import { createEmulator, type Emulator, type EmulatorOptions, SCOPES } from '../src/index';

type G = Record<string, any>;

const ALL = [SCOPES.spreadsheets, SCOPES.containerUi, SCOPES.sendMail, SCOPES.scriptApp, SCOPES.userinfoEmail];

function emulator(opts: EmulatorOptions = {}): { emu: Emulator; g: G } {
  const emu = createEmulator({ manifest: { oauthScopes: ALL }, ...opts });
  return { emu, g: emu.globals as G };
}

describe('scopes come from the manifest', () => {
  test("a method whose scope the manifest lacks throws Google's message, naming the method and the scope", () => {
    const { emu, g } = emulator({ manifest: { oauthScopes: [SCOPES.spreadsheets] } });
    expect(() => g.Session.getActiveUser()).toThrow(
      /You do not have permission to call Session\.getActiveUser\. Required permissions: .*userinfo\.email/,
    );
    expect(() => g.MailApp.sendEmail('a@b.example', 's', 'b')).toThrow(/script\.send_mail/);
    expect(() => g.ScriptApp.getProjectTriggers()).toThrow(/script\.scriptapp/);
    expect(emu.outbox).toHaveLength(0);
    expect(emu.scopeReport().refused).toEqual([
      'MailApp.sendEmail',
      'ScriptApp.getProjectTriggers',
      'Session.getActiveUser',
    ]);
  });

  test('spreadsheets.currentonly opens the active spreadsheet but not another one, nor creates one', () => {
    const { emu, g } = emulator({ manifest: { oauthScopes: [SCOPES.spreadsheetsCurrentOnly] } });
    expect(g.SpreadsheetApp.getActiveSpreadsheet().getName()).toBe('Untitled spreadsheet');
    expect(() => g.SpreadsheetApp.openById(emu.spreadsheet.getId())).toThrow(/openById/);
    expect(() => g.SpreadsheetApp.create('x')).toThrow(/SpreadsheetApp\.create/);
  });

  test('a manifest without oauthScopes lets Google detect them: every call is allowed', () => {
    const emu = createEmulator({ manifest: {} });
    expect((emu.globals as G).Session.getActiveUser().getEmail()).toBe('am@agency.example');
    expect(emu.scopeReport().granted).toBeNull();
  });

  test('the report lists the granted scopes that calls relied on', () => {
    const { emu, g } = emulator();
    g.SpreadsheetApp.getActiveSpreadsheet().getSheets()[0].getRange('A1').setValue('x');
    g.Session.getEffectiveUser();
    expect(emu.scopeReport().used).toEqual([SCOPES.spreadsheets, SCOPES.userinfoEmail].sort());
  });
});

describe('authorization modes', () => {
  test('NONE (an add-on not yet used in the document) may build a menu and nothing else', () => {
    const { emu, g } = emulator({ deployment: 'addon' });
    expect(emu.simpleTriggerMode()).toBe('NONE');
    emu.run({ kind: 'simple' }, () => {
      g.SpreadsheetApp.getUi().createAddonMenu().addItem('Open', 'showSidebar').addToUi();
      expect(() => g.SpreadsheetApp.getActiveSpreadsheet()).toThrow(/You do not have permission/);
      expect(() => g.PropertiesService.getDocumentProperties()).toThrow(/You do not have permission/);
    });
    expect(emu.ui.menus[0].items).toHaveLength(1);
    // Using it once from the menu enables it in this document.
    emu.run({ kind: 'editor' }, () => g.SpreadsheetApp.getActiveSpreadsheet());
    expect(emu.simpleTriggerMode()).toBe('LIMITED');
  });

  test('LIMITED (simple triggers) reads and writes the bound document, but sends no mail, shows no dialog, opens no file', () => {
    const { emu, g } = emulator();
    emu.run({ kind: 'simple' }, () => {
      const sheet = g.SpreadsheetApp.getActiveSpreadsheet().getSheets()[0];
      sheet.getRange('A1').setValue('ok');
      g.PropertiesService.getDocumentProperties().setProperty('k', 'v');
      g.SpreadsheetApp.getActiveSpreadsheet().toast('saved');
      expect(() => g.MailApp.sendEmail('a@agency.example', 's', 'b')).toThrow(/MailApp\.sendEmail/);
      expect(() => g.SpreadsheetApp.getUi().alert('hi')).toThrow(/Ui\.alert/);
      expect(() => g.SpreadsheetApp.openById(emu.spreadsheet.getId())).toThrow(/openById/);
      expect(() => g.ScriptApp.newTrigger('f')).toThrow(/script\.scriptapp/);
    });
    expect(emu.sheet('Sheet1').getRange('A1').getValue()).toBe('ok');
    expect(emu.outbox).toHaveLength(0);
  });

  test('a simple trigger stops after 30 seconds, any other execution after 6 minutes', () => {
    const { emu, g } = emulator();
    const range = g.SpreadsheetApp.getActiveSpreadsheet().getSheets()[0].getRange('A1');
    const readUntilStopped = (kind: 'simple' | 'editor', stepMs: number): number => {
      let reads = 0;
      emu.meanwhile((key) => {
        if (key === 'Range.getValue') emu.clock.advance(stepMs);
      });
      expect(() =>
        emu.run({ kind }, () => {
          for (;;) {
            range.getValue();
            reads++;
          }
        }),
      ).toThrow(/Exceeded maximum execution time/);
      emu.meanwhile(null);
      return reads;
    };
    // The limit is checked as each call starts: the 4th read starts at 33 s, the 8th at 420 s.
    expect(readUntilStopped('simple', 11000)).toBe(3);
    expect(readUntilStopped('editor', 60000)).toBe(7);
  });

  test("a time-driven run goes as the trigger's owner and has no user interface", () => {
    const { emu, g } = emulator({ user: 'lead@agency.example' });
    const t = emu.run({ kind: 'editor' }, () =>
      g.ScriptApp.newTrigger('daily').timeBased().everyDays(1).atHour(8).create(),
    );
    expect(emu.triggers[0].user).toBe('lead@agency.example');
    emu.run({ kind: 'trigger', user: 'lead@agency.example' }, () => {
      expect(g.Session.getEffectiveUser().getEmail()).toBe('lead@agency.example');
      expect(() => g.SpreadsheetApp.getUi()).toThrow('Cannot call SpreadsheetApp.getUi() from this context.');
      expect(g.SpreadsheetApp.getActiveSpreadsheet()).not.toBeNull();
    });
    // Another person at the keyboard sees neither that trigger nor can delete it.
    emu.run({ kind: 'editor', user: 'am2@agency.example' }, () => {
      expect(g.ScriptApp.getProjectTriggers()).toHaveLength(0);
      expect(() => g.ScriptApp.deleteTrigger(t)).toThrow(/permission/);
    });
    expect(emu.triggers).toHaveLength(1);
  });
});

describe('who the user is', () => {
  test('an editor from another domain, or any editor of a consumer account, is unknown to a simple trigger', () => {
    const work = emulator().emu;
    expect(work.visibleEditor('editor@agency.example')).toBe('editor@agency.example');
    expect(work.visibleEditor('freelancer@elsewhere.example')).toBe('');
    const consumer = emulator({ account: 'consumer', user: 'owner@gmail.com' });
    expect(consumer.emu.visibleEditor('friend@gmail.com')).toBe('');
    consumer.emu.run({ kind: 'simple', user: 'friend@gmail.com' }, () => {
      expect(consumer.g.Session.getActiveUser().getEmail()).toBe('');
    });
    consumer.emu.run({ kind: 'editor', user: 'friend@gmail.com' }, () => {
      expect(consumer.g.Session.getActiveUser().getEmail()).toBe('friend@gmail.com');
    });
  });
});

describe('deployments', () => {
  test("an add-on's time-driven run has no active spreadsheet, document properties or document lock; it opens its spreadsheet by id", () => {
    const { emu, g } = emulator({ deployment: 'addon' });
    const id = emu.spreadsheet.getId();
    emu.run({ kind: 'trigger' }, () => {
      expect(g.SpreadsheetApp.getActiveSpreadsheet()).toBeNull();
      expect(g.PropertiesService.getDocumentProperties()).toBeNull();
      expect(g.LockService.getDocumentLock()).toBeNull();
      expect(g.LockService.getScriptLock().tryLock(100)).toBe(true);
      expect(g.SpreadsheetApp.openById(id).getName()).toBe('Untitled spreadsheet');
    });
    expect(emu.lock.isHeld()).toBe(false);
  });

  test("a bound script's trigger run keeps its container", () => {
    const { emu, g } = emulator();
    emu.run({ kind: 'trigger' }, () =>
      expect(g.SpreadsheetApp.getActiveSpreadsheet().getId()).toBe(emu.spreadsheet.getId()),
    );
  });

  test("an add-on has one trigger of each type per user per document, at most hourly; getUserTriggers lists one document's", () => {
    const { emu, g } = emulator({ deployment: 'addon' });
    const a = emu.spreadsheet;
    const b = emu.run({ kind: 'editor' }, () => g.SpreadsheetApp.create('Client B ledger'));
    const daily = () => g.ScriptApp.newTrigger('daily').timeBased().everyDays(1).atHour(8).create();
    emu.run({ kind: 'editor' }, daily);
    expect(() => emu.run({ kind: 'editor' }, daily)).toThrow(/one trigger of each type/);
    expect(() =>
      emu.run({ kind: 'editor' }, () => g.ScriptApp.newTrigger('often').timeBased().everyMinutes(5).create()),
    ).toThrow(/once an hour/);
    emu.openDocument(emu.spreadsheets.get(b.getId())!);
    emu.run({ kind: 'editor' }, daily);
    emu.run({ kind: 'editor' }, () => {
      expect(g.ScriptApp.getProjectTriggers()).toHaveLength(2);
      expect(g.ScriptApp.getUserTriggers(g.SpreadsheetApp.openById(a.getId()))).toHaveLength(1);
      expect(g.ScriptApp.getUserTriggers(g.SpreadsheetApp.getActiveSpreadsheet())[0].getUniqueId()).toBe(
        emu.triggers[1].id,
      );
    });
    const strict = emulator({ clockTriggersPerDocument: false });
    strict.emu.run({ kind: 'editor' }, () => {
      strict.g.ScriptApp.newTrigger('daily').timeBased().everyDays(1).atHour(8).create();
      expect(strict.g.ScriptApp.getUserTriggers(strict.g.SpreadsheetApp.getActiveSpreadsheet())).toHaveLength(0);
    });
  });

  test('document properties belong to each document; user properties to each user', () => {
    const { emu, g } = emulator({ deployment: 'addon' });
    const b = emu.run({ kind: 'editor' }, () => g.SpreadsheetApp.create('B'));
    emu.run({ kind: 'editor' }, () => {
      g.PropertiesService.getDocumentProperties().setProperty('where', 'A');
      g.PropertiesService.getUserProperties().setProperty('me', 'am');
    });
    emu.openDocument(emu.spreadsheets.get(b.getId())!);
    emu.run({ kind: 'editor', user: 'other@agency.example' }, () => {
      expect(g.PropertiesService.getDocumentProperties().getProperty('where')).toBeNull();
      expect(g.PropertiesService.getUserProperties().getProperty('me')).toBeNull();
    });
    expect(emu.properties.document.get('where')).toBe('A');
    const back = createEmulator.fromJSON(JSON.stringify(emu.toJSON()));
    back.run({ kind: 'editor' }, () =>
      expect((back.globals as G).PropertiesService.getUserProperties().getProperty('me')).toBe('am'),
    );
  });

  test('locks end with the execution that took them', () => {
    const { emu, g } = emulator();
    emu.run({ kind: 'editor' }, () => {
      const lock = g.LockService.getDocumentLock();
      expect(lock.tryLock(1000)).toBe(true);
    });
    expect(emu.lock.isHeld()).toBe(false);
  });
});
