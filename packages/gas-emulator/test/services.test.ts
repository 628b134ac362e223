import { setup } from '../src/helpers';
import { rejectedEntry } from '../src/index';

describe('data validation, conditional formats, protection, charts', () => {
  test('validation rules are stored and readable', () => {
    const { g } = setup();
    const S = g.SpreadsheetApp;
    const sheet = S.getActiveSheet();
    const rule = S.newDataValidation()
      .requireValueInList(['Requested', 'Received'], true)
      .setAllowInvalid(false)
      .setHelpText('Pick one')
      .build();
    sheet.getRange('B2:B10').setDataValidation(rule);
    const got = sheet.getRange('B5').getDataValidation()!;
    expect(got.getCriteriaType()).toBe(S.DataValidationCriteria.VALUE_IN_LIST);
    expect(got.getCriteriaValues()).toEqual([['Requested', 'Received'], true]);
    expect(got.getAllowInvalid()).toBe(false);
    expect(got.getHelpText()).toBe('Pick one');
    expect(sheet.getRange('B11').getDataValidation()).toBeNull();
    const vals = sheet.getRange('A2:B3').getDataValidations();
    expect(vals[0][0]).toBeNull();
    expect(vals[1][1]!.getCriteriaType()).toBe('VALUE_IN_LIST');
    const copy = got.copy().setHelpText('other').build();
    expect(copy.getHelpText()).toBe('other');
    expect(got.getHelpText()).toBe('Pick one');
    const src = sheet.getRange('Z1:Z5');
    const inRange = S.newDataValidation().requireValueInRange(src).build();
    expect(inRange.getCriteriaValues()[0].getA1Notation()).toBe('Z1:Z5');
    sheet.getRange('B2:B10').clearDataValidations();
    expect(sheet.getRange('B5').getDataValidation()).toBeNull();
  });

  test('scripts may write values that break a rule; the cell is marked invalid', () => {
    const { g, emu } = setup();
    const S = g.SpreadsheetApp;
    const sheet = S.getActiveSheet();
    sheet
      .getRange('A1:A3')
      .setDataValidation(S.newDataValidation().requireValueInList(['a', 'b']).setAllowInvalid(false).build());
    sheet.getRange('B1').setDataValidation(S.newDataValidation().requireTextIsEmail().build());
    sheet.getRange('A1:A3').setValues([['a'], ['zzz'], ['']]);
    sheet.getRange('B1').setValue('not an email');
    expect(sheet.getRange('A2').getValue()).toBe('zzz');
    expect(emu.invalidCells('Sheet1')).toEqual([
      { row: 1, column: 2, value: 'not an email' },
      { row: 2, column: 1, value: 'zzz' },
    ]);
  });

  test('what a person types is rejected by a "reject input" rule, typed as they typed it', () => {
    const { g, emu } = setup();
    const S = g.SpreadsheetApp;
    const sheet = S.getActiveSheet();
    sheet
      .getRange('A1:A3')
      .setDataValidation(S.newDataValidation().requireValueInList(['a', 'b']).setAllowInvalid(false).build());
    sheet
      .getRange('B1')
      .setDataValidation(
        S.newDataValidation().requireNumberBetween(1, 10).setAllowInvalid(false).setHelpText('1 to 10').build(),
      );
    sheet.getRange('C1').setDataValidation(S.newDataValidation().requireValueInList(['a']).build());
    sheet.getRange('D1').setDataValidation(S.newDataValidation().requireCheckbox().setAllowInvalid(false).build());
    sheet.getRange('Z1:Z2').setValues([['x'], ['y']]);
    sheet
      .getRange('E1')
      .setDataValidation(
        S.newDataValidation().requireValueInRange(sheet.getRange('Z1:Z2')).setAllowInvalid(false).build(),
      );
    const raw = emu.sheet('Sheet1');
    expect(rejectedEntry(raw, 1, 1, 'a')).toBeNull();
    expect(rejectedEntry(raw, 1, 1, 'zzz')).toBe('Input must be an item on the specified list: a, b.');
    // Clearing a cell is always let in.
    expect(rejectedEntry(raw, 2, 1, '')).toBeNull();
    // Typed as typing types it: "7" is the number 7; the help text is what the person is shown.
    expect(rejectedEntry(raw, 1, 2, '7')).toBeNull();
    expect(rejectedEntry(raw, 1, 2, '70')).toBe('1 to 10');
    // A rule that only warns lets anything in (the cell is then marked invalid).
    expect(rejectedEntry(raw, 1, 3, 'zzz')).toBeNull();
    expect(rejectedEntry(raw, 1, 4, 'TRUE')).toBeNull();
    expect(rejectedEntry(raw, 1, 4, 'yes')).toBe('Input must be a checkbox value.');
    expect(rejectedEntry(raw, 1, 5, 'y')).toBeNull();
    expect(rejectedEntry(raw, 1, 5, 'w')).toBe('Input must be an item in the specified range.');
    // No rule, or a cell outside the ruled range.
    expect(rejectedEntry(raw, 9, 9, 'anything')).toBeNull();
    expect(emu.calls.count('Range.getValues')).toBe(0);
  });

  test('conditional format rules replace per sheet and keep their ranges', () => {
    const { g } = setup();
    const S = g.SpreadsheetApp;
    const sheet = S.getActiveSheet();
    const rule = S.newConditionalFormatRule()
      .whenFormulaSatisfied('=$C2="Expired"')
      .setBackground('#f4cccc')
      .setBold(true)
      .setRanges([sheet.getRange('A2:Z')])
      .build();
    sheet.setConditionalFormatRules([rule]);
    const rules = sheet.getConditionalFormatRules();
    expect(rules).toHaveLength(1);
    expect(rules[0].getRanges()[0].getA1Notation()).toBe('A2:Z1000');
    const cond = rules[0].getBooleanCondition()!;
    expect(cond.getCriteriaType()).toBe(S.BooleanCriteria.CUSTOM_FORMULA);
    expect(cond.getCriteriaValues()).toEqual(['=$C2="Expired"']);
    expect(cond.getBackground()).toBe('#f4cccc');
    sheet.setConditionalFormatRules([]);
    expect(sheet.getConditionalFormatRules()).toHaveLength(0);
  });

  test('a spreadsheet is shared with viewers: an editor stays an editor, removing leaves editors alone', () => {
    const { g } = setup();
    const ss = g.SpreadsheetApp.getActiveSpreadsheet();
    ss.addViewer('client@acme.example').addViewer('CLIENT@acme.example').addViewer('am@agency.example');
    expect(ss.getViewers().map((u) => u.getEmail())).toEqual(['client@acme.example']);
    ss.removeViewer('am@agency.example').removeViewer('Client@acme.example');
    expect(ss.getViewers()).toEqual([]);
    expect(ss.getEditors().map((u) => u.getEmail())).toEqual(['am@agency.example']);
    expect(() => ss.addViewer('not an address')).toThrow('Invalid email: not an address');
  });

  test('protections are stored with editors, description and warning mode', () => {
    const { g } = setup();
    const S = g.SpreadsheetApp;
    const sheet = S.getActiveSheet();
    const p = sheet.protect().setDescription('Audit is append-only').setWarningOnly(true);
    expect(sheet.protect()).toBe(p);
    const rp = sheet.getRange('A1:A5').protect();
    rp.addEditors(['x@agency.example', 'y@agency.example'])
      .removeEditor('x@agency.example')
      .removeEditor('am@agency.example');
    expect(rp.getEditors().map((u) => u.getEmail())).toEqual(['am@agency.example', 'y@agency.example']);
    expect(rp.canEdit()).toBe(true);
    const sheetProts = sheet.getProtections(S.ProtectionType.SHEET);
    expect(sheetProts).toHaveLength(1);
    expect(sheetProts[0].getDescription()).toBe('Audit is append-only');
    expect(sheetProts[0].isWarningOnly()).toBe(true);
    expect(sheetProts[0].getProtectionType()).toBe('SHEET');
    expect(sheet.getProtections(S.ProtectionType.RANGE)[0].getRange().getA1Notation()).toBe('A1:A5');
    p.setUnprotectedRanges([sheet.getRange('B:B')]);
    expect(p.getUnprotectedRanges()[0].getA1Notation()).toBe('B1:B1000');
    rp.remove();
    expect(sheet.getProtections(S.ProtectionType.RANGE)).toHaveLength(0);
  });

  test('charts are built, inserted, modified and removed', () => {
    const { g } = setup();
    const sheet = g.SpreadsheetApp.getActiveSheet();
    const chart = sheet
      .newChart()
      .setChartType(g.Charts.ChartType.PIE)
      .addRange(sheet.getRange('A1:B5'))
      .setPosition(2, 4, 0, 0)
      .setOption('title', 'Status')
      .build();
    sheet.insertChart(chart);
    const [c] = sheet.getCharts();
    expect(c.getRanges()[0].getA1Notation()).toBe('A1:B5');
    expect(c.getOptions().get('title')).toBe('Status');
    expect(c.getContainerInfo().getAnchorColumn()).toBe(4);
    sheet.updateChart(c.modify().setOption('title', 'New').build());
    expect(sheet.getCharts()[0].getOptions().get('title')).toBe('New');
    expect(sheet.getCharts()).toHaveLength(1);
    sheet.removeChart(sheet.getCharts()[0]);
    expect(sheet.getCharts()).toHaveLength(0);
  });
});

describe('Ui and HtmlService', () => {
  test('menus replace same-named menus; sidebars, dialogs, alerts, prompts, toasts are recorded', () => {
    const { g, emu } = setup({ files: { Sidebar: '<p>hi</p>' } });
    const ui = g.SpreadsheetApp.getUi();
    ui.createAddonMenu()
      .addItem('Open', 'showSidebar')
      .addSeparator()
      .addSubMenu(ui.createMenu('More').addItem('Check', 'validateLedger'))
      .addToUi();
    ui.createAddonMenu().addItem('Open', 'showSidebar').addToUi();
    expect(emu.ui.menus).toHaveLength(1);
    expect(emu.ui.menus[0].items).toEqual([{ kind: 'item', caption: 'Open', functionName: 'showSidebar' }]);
    const out = g.HtmlService.createHtmlOutputFromFile('Sidebar').setTitle('Spark Ledger').setWidth(320);
    ui.showSidebar(out);
    expect(emu.ui.sidebars[0]).toEqual({ title: 'Spark Ledger', html: '<p>hi</p>', width: 320 });
    expect(() => g.HtmlService.createHtmlOutputFromFile('Nope')).toThrow('No HTML file named Nope was found.');
    ui.showModalDialog(g.HtmlService.createHtmlOutput('<b>x</b>'), 'Dialog');
    expect(emu.ui.dialogs[0]).toMatchObject({ title: 'Dialog', html: '<b>x</b>', modal: true });
    expect(ui.alert('Hello')).toBe(ui.Button.OK);
    emu.ui.alertResponses.push('NO');
    expect(ui.alert('Title', 'Sure?', ui.ButtonSet.YES_NO)).toBe('NO');
    expect(ui.alert('Again?', ui.ButtonSet.YES_NO)).toBe('YES');
    expect(emu.ui.alerts).toEqual(['Hello', 'Sure?', 'Again?']);
    emu.ui.promptResponses.push({ text: 'Acme', button: 'OK' });
    const resp = ui.prompt('Client?', ui.ButtonSet.OK_CANCEL);
    expect([resp.getResponseText(), resp.getSelectedButton()]).toEqual(['Acme', 'OK']);
    g.SpreadsheetApp.getActiveSpreadsheet().toast('Saved', 'Spark Ledger', 3);
    expect(emu.ui.toasts).toEqual([{ message: 'Saved', title: 'Spark Ledger', timeoutSeconds: 3 }]);
  });

  test('templates print their properties', () => {
    const { g } = setup({ files: { T: '<p><?= name ?></p><?!= raw ?>' } });
    const t = g.HtmlService.createTemplateFromFile('T') as unknown as Record<string, unknown> & {
      evaluate(): GoogleAppsScript.HTML.HtmlOutput;
    };
    t.name = '<Ana>';
    t.raw = '<i>r</i>';
    expect(t.evaluate().getContent()).toBe('<p>&lt;Ana&gt;</p><i>r</i>');
  });
});

describe('MailApp', () => {
  test('sends, counts recipients against the daily quota and throws when exhausted', () => {
    const { g, emu } = setup({ mailQuota: 3 });
    g.MailApp.sendEmail('a@x.example', 'Subj', 'Body');
    g.MailApp.sendEmail({
      to: 'b@x.example',
      cc: 'c@x.example',
      subject: 'S2',
      body: 'B',
      htmlBody: '<b>B</b>',
      name: 'Spark Ledger',
    });
    expect(g.MailApp.getRemainingDailyQuota()).toBe(0);
    expect(emu.outbox.map((m) => m.to)).toEqual(['a@x.example', 'b@x.example']);
    expect(emu.outbox[1]).toMatchObject({ cc: 'c@x.example', htmlBody: '<b>B</b>', name: 'Spark Ledger' });
    expect(emu.outbox[0].sentAt.toISOString()).toBe('2026-03-02T15:00:00.000Z');
    expect(() => g.MailApp.sendEmail('d@x.example', 's', 'b')).toThrow(
      'Service invoked too many times for one day: email.',
    );
    expect(emu.outbox).toHaveLength(2);
    emu.clock.advance(24 * 3600 * 1000);
    expect(g.MailApp.getRemainingDailyQuota()).toBe(3);
    g.MailApp.sendEmail('d@x.example', 's', 'b');
    expect(emu.outbox).toHaveLength(3);
  });

  test('invalid recipients throw', () => {
    const { g, emu } = setup();
    expect(() => g.MailApp.sendEmail('not-an-email', 's', 'b')).toThrow('Invalid email: not-an-email');
    expect(emu.outbox).toHaveLength(0);
    expect(g.MailApp.getRemainingDailyQuota()).toBe(100);
    // Passes a loose "x@y.z" shape, refused all the same (guess: RFC syntax).
    for (const bad of [
      'ann@agency..example',
      '.ann@agency.example',
      'ann.@agency.example',
      'ann@-agency.example',
      'ann@agency.example.',
    ]) {
      expect(() => g.MailApp.sendEmail(bad, 's', 'b')).toThrow(`Invalid email: ${bad}`);
    }
    expect(() =>
      g.MailApp.sendEmail({ to: 'ok@x.example', cc: 'ann@agency..example', subject: 's', body: 'b' }),
    ).toThrow('Invalid email: ann@agency..example');
    expect(emu.outbox).toHaveLength(0);
    expect(g.MailApp.getRemainingDailyQuota()).toBe(100);
    g.MailApp.sendEmail('ann.lee@mail.agency-one.example', 's', 'b');
    expect(emu.outbox).toHaveLength(1);
  });

  test('the body limit counts body + htmlBody in UTF-8 bytes: 200,000 consumer, 400,000 Workspace; a refused message uses no quota', () => {
    const consumer = setup({ account: 'consumer' });
    const c = consumer.g.MailApp;
    c.sendEmail({ to: 'a@x.example', subject: 's', body: 'x'.repeat(100000), htmlBody: 'y'.repeat(100000) });
    expect(() =>
      c.sendEmail({ to: 'a@x.example', subject: 's', body: 'x'.repeat(100000), htmlBody: 'y'.repeat(100001) }),
    ).toThrow('Limit Exceeded: Email Body Size.');
    // "é" is 2 bytes: 100,001 characters are 200,002 bytes.
    expect(() => c.sendEmail('a@x.example', 's', 'é'.repeat(100001))).toThrow('Limit Exceeded: Email Body Size.');
    c.sendEmail('a@x.example', 's', 'é'.repeat(100000));
    // A 4-byte character (surrogate pair) counts 4.
    expect(() => c.sendEmail('a@x.example', 's', `${'😀'.repeat(50000)}x`)).toThrow('Limit Exceeded: Email Body Size.');
    expect(consumer.emu.outbox).toHaveLength(2);
    expect(consumer.emu.mail.used).toBe(2);
    const workspace = setup({ account: 'workspace' });
    const w = workspace.g.MailApp;
    w.sendEmail({ to: 'a@x.example', subject: 's', body: 'x'.repeat(200000), htmlBody: 'y'.repeat(200000) });
    expect(() => w.sendEmail('a@x.example', 's', 'x'.repeat(400001))).toThrow('Limit Exceeded: Email Body Size.');
    expect(workspace.emu.outbox).toHaveLength(1);
    expect(w.getRemainingDailyQuota()).toBe(99);
  });

  test('at most 50 recipients per message (to, cc and bcc together)', () => {
    const { g, emu } = setup({ mailQuota: 1500 });
    const list = (n: number, p: string) => Array.from({ length: n }, (_, i) => `${p}${i}@x.example`).join(',');
    g.MailApp.sendEmail({ to: list(30, 't'), cc: list(10, 'c'), bcc: list(10, 'b'), subject: 's', body: 'b' });
    expect(() =>
      g.MailApp.sendEmail({ to: list(30, 't'), cc: list(10, 'c'), bcc: list(11, 'b'), subject: 's', body: 'b' }),
    ).toThrow('Limit Exceeded: Email Recipients Per Message.');
    expect(() => g.MailApp.sendEmail(list(51, 't'), 's', 'b')).toThrow('Limit Exceeded: Email Recipients Per Message.');
    expect(emu.outbox).toHaveLength(1);
    expect(g.MailApp.getRemainingDailyQuota()).toBe(1450);
  });
});

describe('ScriptApp triggers', () => {
  test('clock trigger builder records hour, time zone and recurrence', () => {
    const { g, emu } = setup();
    const t = g.ScriptApp.newTrigger('runExpiryCheck')
      .timeBased()
      .atHour(7)
      .everyDays(1)
      .inTimezone('Europe/Paris')
      .create();
    expect(emu.triggers).toHaveLength(1);
    expect(emu.triggers[0]).toMatchObject({
      handlerFunction: 'runExpiryCheck',
      hour: 7,
      everyDays: 1,
      timeZone: 'Europe/Paris',
      eventType: 'CLOCK',
    });
    expect(t.getHandlerFunction()).toBe('runExpiryCheck');
    expect(t.getEventType()).toBe(g.ScriptApp.EventType.CLOCK);
    expect(g.ScriptApp.getProjectTriggers().map((x) => x.getUniqueId())).toEqual([t.getUniqueId()]);
    const onEdit = g.ScriptApp.newTrigger('onLedgerEdit')
      .forSpreadsheet(g.SpreadsheetApp.getActive())
      .onEdit()
      .create();
    expect(onEdit.getTriggerSource()).toBe('SPREADSHEETS');
    expect(onEdit.getTriggerSourceId()).toBe(emu.spreadsheet.getId());
    expect(g.ScriptApp.getUserTriggers(g.SpreadsheetApp.getActive())).toHaveLength(2); // clockTriggersPerDocument (default): the clock trigger made here is listed too
    g.ScriptApp.deleteTrigger(t);
    expect(emu.triggers.map((x) => x.handlerFunction)).toEqual(['onLedgerEdit']);
    // Default zone is the script's
    g.ScriptApp.newTrigger('f').timeBased().atHour(9).everyDays(1).create();
    expect(emu.triggers[1].timeZone).toBe('America/New_York');
  });

  test('the 21st trigger throws', () => {
    const { g, emu } = setup();
    for (let i = 0; i < 20; i++) g.ScriptApp.newTrigger(`f${i}`).timeBased().everyHours(1).create();
    expect(() => g.ScriptApp.newTrigger('f20').timeBased().everyHours(1).create()).toThrow(/too many triggers/);
    expect(emu.triggers).toHaveLength(20);
  });

  test('dueTimeTriggers lists daily triggers whose hour falls in the window, in their zone', () => {
    const { g, emu } = setup();
    g.ScriptApp.newTrigger('daily').timeBased().atHour(7).everyDays(1).inTimezone('America/New_York').create();
    // 2026-03-08 is the DST change in New York: 07:00 EDT = 11:00Z.
    expect(
      emu
        .dueTimeTriggers(new Date('2026-03-08T10:00:00Z'), new Date('2026-03-08T11:00:00Z'))
        .map((t) => t.handlerFunction),
    ).toEqual(['daily']);
    expect(emu.dueTimeTriggers(new Date('2026-03-08T11:00:00Z'), new Date('2026-03-08T12:30:00Z'))).toEqual([]);
    expect(emu.dueTimeTriggers(new Date('2026-03-02T11:00:00Z'), new Date('2026-03-02T12:00:00Z'))).toHaveLength(1); // 07:00 EST = 12:00Z
  });
});

describe('LockService', () => {
  test('locks succeed when free and fail after the timeout when held by another execution', () => {
    const { g, emu } = setup();
    const lock = g.LockService.getDocumentLock()!;
    expect(lock.tryLock(1000)).toBe(true);
    expect(lock.hasLock()).toBe(true);
    expect(emu.lock.isHeld()).toBe(true);
    lock.releaseLock();
    expect(emu.lock.isHeld()).toBe(false);
    emu.lock.holdByOther(true);
    const t0 = emu.clock.now().getTime();
    const other = g.LockService.getDocumentLock()!;
    expect(other.tryLock(5000)).toBe(false);
    expect(emu.clock.now().getTime() - t0).toBe(5000);
    expect(() => other.waitLock(10000)).toThrow('Lock timeout: another process was holding the lock for too long.');
    expect(other.hasLock()).toBe(false);
    emu.lock.holdByOther(false);
    other.waitLock(10000);
    expect(other.hasLock()).toBe(true);
  });
});

describe('PropertiesService', () => {
  test('stores strings and enforces value and store size limits', () => {
    const { g, emu } = setup();
    const props = g.PropertiesService.getDocumentProperties();
    props.setProperty('n', 5 as unknown as string);
    expect(props.getProperty('n')).toBe('5');
    expect(props.getProperty('missing')).toBeNull();
    props.setProperties({ a: '1', b: '2' });
    expect(props.getKeys().sort()).toEqual(['a', 'b', 'n']);
    props.setProperties({ c: '3' }, true);
    expect(props.getProperties()).toEqual({ c: '3' });
    expect(emu.properties.document.get('c')).toBe('3');
    expect(() => props.setProperty('big', 'x'.repeat(9 * 1024 + 1))).toThrow('Argument too large: value');
    expect(props.getProperty('big')).toBeNull();
    const script = g.PropertiesService.getScriptProperties();
    for (let i = 0; i < 56; i++) script.setProperty(`k${i}`, 'x'.repeat(9000));
    expect(() => script.setProperty('k56', 'x'.repeat(9000))).toThrow(/exceeded the property storage quota/);
    expect(script.getProperty('k56')).toBeNull();
    script.deleteAllProperties();
    expect(script.getKeys()).toEqual([]);
  });
});

describe('Session and Logger', () => {
  test('user, time zone, logs', () => {
    const { g, emu } = setup({ user: 'x@y.example', scriptTimeZone: 'Europe/Berlin' });
    expect(g.Session.getActiveUser().getEmail()).toBe('x@y.example');
    expect(g.Session.getEffectiveUser().getEmail()).toBe('x@y.example');
    expect(g.Session.getScriptTimeZone()).toBe('Europe/Berlin');
    expect(g.Session.getTemporaryActiveUserKey()).toBe(g.Session.getTemporaryActiveUserKey());
    g.Logger.log('count %s', 3);
    (emu.globals.console as Console).warn('careful');
    expect(emu.logs).toEqual(['count 3', 'careful']);
  });
});
