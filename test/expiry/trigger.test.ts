/** The one daily trigger, the menu that says whether alerts are on, and the menu items' reports. */
import { type Harness, loadAddon } from '../support/addon';
import { liveRecord, setup } from './helpers';

function setAlertHour(h: Harness, hour: number): void {
  const sheet = h.emu.spreadsheet.getSheetByName('Settings')!;
  const values = sheet.getDataRange().getValues();
  const nameCol = values[0].indexOf('Setting');
  const row = values.findIndex((r) => r[nameCol] === 'Alert hour');
  sheet.getRange(row + 1, nameCol + 2).setValue(hour);
}

function clockTriggers(h: Harness) {
  return h.emu.triggers.filter((t) => t.eventType === 'CLOCK');
}

function recordOf(h: Harness): Record<string, unknown> {
  return JSON.parse(h.emu.properties.script.get(`sparkLedger.dailyAlerts.${h.emu.spreadsheet.getId()}`) as string);
}

function menuCaptions(h: Harness): string[] {
  return h.emu.ui.menus[0].items.flatMap((i) => (i.kind === 'item' ? [`${i.caption} -> ${i.functionName}`] : []));
}

describe('enableDailyAlerts / disableDailyAlerts', () => {
  it("installs one hourly trigger; the day's check runs at the first run from the Settings hour in the spreadsheet time zone, once", () => {
    const h = setup([liveRecord(1, '2026-03-05')], {
      timeZone: 'Pacific/Auckland',
      scriptTimeZone: 'America/New_York',
    });
    setAlertHour(h, 7);
    expect(h.addon.enableDailyAlerts()).toMatchObject({ enabled: true, hour: 7, mine: true, changed: true });
    const [t, ...rest] = clockTriggers(h);
    expect(rest).toEqual([]);
    expect(t).toMatchObject({ handlerFunction: 'runExpiryCheck', everyHours: 1 });
    expect(recordOf(h)).toMatchObject({ triggerId: t.id, hour: 7, timeZone: 'Pacific/Auckland', hourly: true });
    // The emulator fires it every hour.
    expect(h.emu.dueTimeTriggers(new Date('2026-03-02T16:30:00Z'), new Date('2026-03-02T17:00:00Z'))).toEqual([t]);
    expect(h.emu.dueTimeTriggers(new Date('2026-03-02T17:00:00Z'), new Date('2026-03-02T17:59:00Z'))).toEqual([]);
    const fire = (iso: string) => {
      h.emu.clock.set(iso);
      return h.addon.runExpiryCheck({ triggerUid: t.id, authMode: 'FULL' });
    };
    // 06:00 NZDT on 3 March is 17:00 UTC on 2 March: before the hour, nothing runs.
    expect(fire('2026-03-02T17:00:00Z')).toMatchObject({
      checked: 0,
      skipped: expect.stringMatching(/Nothing is due/),
    });
    expect(h.emu.outbox).toEqual([]);
    // 07:00 NZDT: the day's check.
    expect(fire('2026-03-02T18:00:00Z')).toMatchObject({ checked: 1, renewalNeeded: 1, emailsSent: 2 });
    // Run from the trigger again at 08:00 and 23:00: the day is done.
    expect(fire('2026-03-02T19:00:00Z')).toMatchObject({ skipped: expect.stringMatching(/Nothing is due/) });
    expect(fire('2026-03-03T10:00:00Z')).toMatchObject({ skipped: expect.stringMatching(/Nothing is due/) });
    expect(h.emu.outbox).toHaveLength(2);
    // The next day, from 07:00 again (the code, now a day from expiry, is alerted again).
    expect(fire('2026-03-03T17:00:00Z').skipped).toMatch(/Nothing is due/);
    expect(h.emu.outbox).toHaveLength(2);
    expect(fire('2026-03-03T18:00:00Z')).toMatchObject({ checked: 1, emailsSent: 2 });
  });

  it('replaces the trigger when called again, never duplicating it; a daily trigger of an earlier version becomes hourly', () => {
    const h = setup([]);
    h.addon.enableDailyAlerts();
    const first = clockTriggers(h)[0].id;
    // Same hour: nothing to change, the trigger stays.
    expect(h.addon.enableDailyAlerts()).toMatchObject({ enabled: true, hour: 8, changed: false });
    expect(clockTriggers(h).map((t) => t.id)).toEqual([first]);
    setAlertHour(h, 18);
    expect(h.addon.enableDailyAlerts()).toMatchObject({ enabled: true, hour: 18, changed: true });
    expect(clockTriggers(h)).toHaveLength(1);
    expect(recordOf(h)).toMatchObject({ triggerId: clockTriggers(h)[0].id, hour: 18 });
    expect(clockTriggers(h)[0].id).not.toBe(first);
    // A record without "hourly" names an earlier version's daily trigger: the same hour replaces it.
    const key = `sparkLedger.dailyAlerts.${h.emu.spreadsheet.getId()}`;
    const { hourly: _, ...daily } = recordOf(h);
    h.emu.properties.script.set(key, JSON.stringify(daily));
    const before = clockTriggers(h)[0].id;
    expect(h.addon.enableDailyAlerts()).toMatchObject({ enabled: true, hour: 18, changed: true });
    expect(clockTriggers(h)).toEqual([expect.objectContaining({ everyHours: 1 })]);
    expect(clockTriggers(h)[0].id).not.toBe(before);
  });

  it('removes the trigger', () => {
    const h = setup([]);
    h.addon.enableDailyAlerts();
    expect(h.addon.disableDailyAlerts()).toMatchObject({ enabled: false, hour: 8, changed: true });
    expect(clockTriggers(h)).toEqual([]);
    expect(h.addon.disableDailyAlerts()).toMatchObject({ enabled: false, hour: 8, changed: false });
  });

  it('runs the check from the trigger, and an outdated trigger removes itself without sending', () => {
    const h = setup([liveRecord(1, '2026-03-04')]);
    h.addon.enableDailyAlerts();
    const current = clockTriggers(h)[0].id;
    h.emu.clock.set('2026-03-02T13:00:00Z');
    expect(h.addon.runExpiryCheck({ triggerUid: 'gone-123', authMode: 'FULL' })).toMatchObject({
      emailsSent: 0,
      skipped: expect.stringContaining('removed itself'),
    });
    expect(h.emu.outbox).toEqual([]);
    expect(clockTriggers(h).map((t) => t.id)).toEqual([current]);
    expect(h.addon.runExpiryCheck({ triggerUid: current, authMode: 'FULL' })).toMatchObject({
      renewalNeeded: 1,
      emailsSent: 2,
    });
    // Another editor takes alerts over (their trigger is invisible to this account): ours steps down when it next fires.
    h.emu.ui.alertResponses.push('YES');
    loadAddon(h.emu, 'bo@agency.example').menuEnableDailyAlerts();
    const theirs = clockTriggers(h).find((t) => t.user === 'bo@agency.example')!;
    expect(h.addon.runExpiryCheck({ triggerUid: current })).toMatchObject({
      skipped: expect.stringContaining('taken over'),
    });
    expect(clockTriggers(h)).toEqual([theirs]);
  });
});

describe('menu', () => {
  it('shows both alert items when it cannot read the state, and the state when it can', () => {
    const h = setup([]);
    h.addon.onOpen({ authMode: 'NONE' });
    expect(menuCaptions(h)).toEqual(
      expect.arrayContaining([
        'Run expiry check now -> menuRunExpiryCheck',
        'Turn on daily alerts -> menuEnableDailyAlerts',
        'Turn off daily alerts -> menuDisableDailyAlerts',
      ]),
    );
    h.addon.onOpen({ authMode: 'LIMITED' });
    expect(menuCaptions(h).filter((c) => /alerts/.test(c))).toEqual(['Turn on daily alerts -> menuEnableDailyAlerts']);

    h.addon.menuEnableDailyAlerts();
    expect(h.emu.ui.alertLog.at(-1)!.prompt).toMatch(/Daily alerts are on.*08:00 and 09:00/);
    expect(menuCaptions(h).filter((c) => /alerts/.test(c))).toEqual([
      'Re-apply the alert hour (daily alerts on at 08:00, by am@agency.example) -> menuEnableDailyAlerts',
      'Turn off daily alerts -> menuDisableDailyAlerts',
    ]);
    // At the next open (a simple trigger may not list triggers) the menu says what is recorded, and that it is only that.
    h.addon.onOpen({ authMode: 'LIMITED' });
    expect(menuCaptions(h).filter((c) => /alerts/.test(c))).toEqual([
      'Check daily alerts (on at 08:00, by am@agency.example, as recorded) -> menuEnableDailyAlerts',
      'Turn off daily alerts -> menuDisableDailyAlerts',
    ]);
    h.addon.menuDisableDailyAlerts();
    expect(clockTriggers(h)).toEqual([]);
    expect(menuCaptions(h).filter((c) => /alerts/.test(c))).toEqual(['Turn on daily alerts -> menuEnableDailyAlerts']);
  });

  it('"Run expiry check now" runs the check and tells the person what happened', () => {
    const h = setup([liveRecord(1, '2026-03-04'), liveRecord(2, '2026-03-01')]);
    h.emu.clock.set('2026-03-02T13:00:00Z');
    h.addon.menuRunExpiryCheck();
    expect(h.emu.ui.alertLog.at(-1)!.prompt).toBe(
      'Checked 2 live codes: 1 moved to Renewal needed, 1 to Expired.\n2 emails sent.',
    );
    expect(h.emu.outbox).toHaveLength(2);
  });
});
