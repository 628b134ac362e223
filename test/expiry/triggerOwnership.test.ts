/**
 * Who owns the daily alert trigger, what the menu may claim about it, and
 * turning alerts on and off surviving a failure at any service call.
 *
 * The promise checked everywhere here: the menu says "on" exactly when a
 * trigger exists that will run the expiry check for this spreadsheet, and at
 * most one trigger runs it a day.
 */
import { type Emulator, restoreEmulator } from '@spark-ledger/gas-emulator';
import { type Addon, builtHtmlFiles, builtManifest, clockEvent, loadAddon, startAddon } from '../support/addon';
import { seedSettings } from '../support/fixtures';

const ANA = 'ana@agency.example';
const BO = 'bo@agency.example';

type Deployment = 'bound' | 'addon';
type Claim = 'on' | 'off' | 'unknown';

function setAlertHour(emu: Emulator, hour: number): void {
  const sheet = emu.spreadsheet.getSheetByName('Settings')!;
  const values = sheet.getDataRange().getValues();
  const nameCol = values[0].indexOf('Setting');
  const row = values.findIndex((r) => r[nameCol] === 'Alert hour');
  sheet.getRange(row + 1, nameCol + 2).setValue(hour);
}

function alertCaptions(emu: Emulator): string[] {
  const menu = emu.ui.menus.find((m) => m.addon);
  return (menu?.items ?? []).flatMap((i) =>
    i.kind === 'item' && /alerts/i.test(i.caption) && !/^Run expiry/.test(i.caption) ? [i.caption] : [],
  );
}

/** What the add-on menu on screen claims about daily alerts. */
function claim(emu: Emulator): Claim {
  const captions = alertCaptions(emu);
  if (captions.some((c) => /\bdaily alerts \(?on\b|^Take over daily alerts|^Check daily alerts/i.test(c))) return 'on';
  // Off shows Turn on alone; both items together are the menu that knows nothing (AuthMode.NONE).
  if (captions.some((c) => /^Turn on daily alerts/.test(c)) && !captions.includes('Turn off daily alerts'))
    return 'off';
  return 'unknown';
}

function clockTriggers(emu: Emulator) {
  return emu.triggers.filter((t) => t.eventType === 'CLOCK' && t.handlerFunction === 'runExpiryCheck');
}

/** Fires every installed alert trigger once, as Google would on the next day: the ones that ran the check (did not step down). */
function checksThatRun(emu: Emulator): { user: string; hour?: number }[] {
  const runs: { user: string; hour?: number }[] = [];
  for (const t of clockTriggers(emu).slice()) {
    const r = as(emu, t.user).runExpiryCheck(clockEvent(emu, t)) as { skipped?: string };
    if (!stepsDown(r)) runs.push({ user: t.user, hour: triggerHour(emu, t.id) });
  }
  return runs;
}

/** A trigger run that found itself replaced removed itself; one that found nothing due this hour is still the live one. */
function stepsDown(r: { skipped?: string }): boolean {
  return !!r.skipped && /removed itself/.test(r.skipped);
}

/** The hour the trigger runs the day's check at: the record's, when the record names it (the trigger itself fires hourly). */
function triggerHour(emu: Emulator, id: string): number | undefined {
  const text =
    emu.properties.script.get(`sparkLedger.dailyAlerts.${emu.spreadsheet.getId()}`) ??
    emu.properties.document.get('sparkLedger.dailyAlerts');
  const c = text ? (JSON.parse(text) as { triggerId?: string; hour?: number }) : null;
  return c && c.triggerId === id ? c.hour : undefined;
}

function auditLines(emu: Emulator): string[][] {
  const sheet = emu.spreadsheet.getSheetByName('Audit');
  if (!sheet) return [];
  return sheet
    .getDataRange()
    .getValues()
    .slice(1)
    .filter((r) => r[0] !== '')
    .map((r) => r.map(String));
}

function alertAudit(emu: Emulator): string[][] {
  return auditLines(emu).filter((r) => r[3] === 'Daily alerts');
}

/** A set-up ledger with both editors, ready for alerts. */
function ledger(deployment: Deployment, clockTriggersPerDocument = true) {
  const h = startAddon({ deployment, user: ANA, mailQuota: 1500, clockTriggersPerDocument });
  seedSettings(h.emu);
  h.emu.spreadsheet.editors.push(BO);
  return h;
}

const loaded = new WeakMap<Emulator, Map<string, Addon>>();

/** The bundle loaded once per emulator and person (each call is still its own execution). */
function as(emu: Emulator, user: string): Addon {
  let byUser = loaded.get(emu);
  if (!byUser) {
    byUser = new Map();
    loaded.set(emu, byUser);
  }
  let a = byUser.get(user);
  if (!a) {
    a = loadAddon(emu, user);
    byUser.set(user, a);
  }
  return a;
}

interface Scenario {
  name: string;
  deployment: Deployment;
  /** Who clicks. */
  user: string;
  /** Brings the ledger to the state before the click. */
  prepare(emu: Emulator): void;
  /** The click, with the answers to any question it asks queued first. */
  act(a: Addon, emu: Emulator): void;
  /** What the click is meant to leave: whose trigger runs the check, at what hour; null for off. */
  intended: { user: string; hour: number } | null;
  /** false for a click meant to change nothing. */
  changes?: boolean;
  /** The emulator's guess that getUserTriggers(spreadsheet) lists clock triggers (default true). */
  clockTriggersPerDocument?: boolean;
}

interface Outcome {
  n: number;
  /** The call the fault hit. */
  call: string;
  threw: boolean;
  told: boolean;
  shown: Claim;
  limited: Claim;
  full: Record<string, Claim>;
  runs: { user: string; hour?: number }[];
  /** The click did what it meant to. */
  done: boolean;
  auditLines: number;
  bad: string[];
}

/**
 * Runs the click once per service call it makes, failing that call (the
 * runtime's "Service … failed", thrown before the method runs), and checks
 * after each what the menu says against the triggers that really run.
 */
function sweep(s: Scenario): { calls: number; outcomes: Outcome[] } {
  const base = ledger(s.deployment, s.clockTriggersPerDocument ?? true);
  // The ledger stays empty: its unused rows go, so that each of the hundreds of copies below is small.
  for (const sheet of base.emu.spreadsheet.getSheets()) {
    const keep = Math.max(sheet.getLastRow(), 5);
    if (sheet.getMaxRows() > keep) sheet.deleteRows(keep + 1, sheet.getMaxRows() - keep);
  }
  s.prepare(base.emu);
  // The clicking person opened the spreadsheet: the menu on screen is theirs.
  loadAddon(base.emu, s.user).onOpen({ authMode: 'LIMITED' });
  const snapshot = JSON.stringify(base.emu.toJSON());
  const fresh = () => restoreEmulator(snapshot, { files: builtHtmlFiles(), manifest: builtManifest() });
  const auditBefore = alertAudit(base.emu).length;

  // The click without a fault: the calls it makes.
  const clean = fresh();
  const keys: string[] = [];
  clean.meanwhile((key) => {
    keys.push(key);
  });
  s.act(as(clean, s.user), clean);
  clean.meanwhile(null);

  const outcomes: Outcome[] = [];
  for (let n = 1; n <= keys.length; n++) {
    const emu = fresh();
    const alertsBefore = emu.ui.alertLog.length;
    let seen = 0;
    emu.meanwhile(() => {
      seen++;
      if (seen === n) throw new Error('Service Spreadsheets failed while accessing document (injected).');
    });
    let threw = false;
    try {
      s.act(as(emu, s.user), emu);
    } catch (_) {
      threw = true;
    }
    emu.meanwhile(null);
    const said = emu.ui.alertLog
      .slice(alertsBefore)
      .map((x) => x.prompt)
      .join('\n');
    const told = threw || /fail|could not/i.test(said);
    const shown = claim(emu);
    as(emu, s.user).onOpen({ authMode: 'LIMITED' });
    const limited = claim(emu);
    const full: Record<string, Claim> = {};
    for (const u of [ANA, BO]) {
      as(emu, u).onOpen({ authMode: 'FULL' });
      full[u] = claim(emu);
    }
    const lines = alertAudit(emu).length - auditBefore;
    const runs = checksThatRun(emu);
    const truth: Claim = runs.length > 0 ? 'on' : 'off';
    const done = s.intended
      ? runs.length === 1 && runs[0].user === s.intended.user && runs[0].hour === s.intended.hour
      : runs.length === 0;
    const bad: string[] = [];
    if (runs.length > 1) bad.push(`${runs.length} triggers run the check`);
    if (shown !== 'unknown' && shown !== truth) bad.push(`menu on screen says ${shown}, alerts are ${truth}`);
    if (limited !== 'unknown' && limited !== truth)
      bad.push(`menu at the next open says ${limited}, alerts are ${truth}`);
    for (const u of [ANA, BO])
      if (full[u] !== 'unknown' && full[u] !== truth) bad.push(`menu for ${u} says ${full[u]}, alerts are ${truth}`);
    if (!done && !told) bad.push('the click did not do its job and nobody was told');
    outcomes.push({ n, call: keys[n - 1], threw, told, shown, limited, full, runs, done, auditLines: lines, bad });
  }
  return { calls: keys.length, outcomes };
}

const enableAs = (emu: Emulator, user = ANA) => {
  as(emu, user).enableDailyAlerts();
};

const SCENARIOS: Scenario[] = [
  ...(['bound', 'addon'] as Deployment[]).flatMap((deployment): Scenario[] => [
    {
      name: `${deployment}: turning alerts on`,
      deployment,
      user: ANA,
      intended: { user: ANA, hour: 8 },
      prepare: () => undefined,
      act: (a) => a.menuEnableDailyAlerts(),
    },
    {
      name: `${deployment}: re-enabling at a new hour`,
      deployment,
      user: ANA,
      intended: { user: ANA, hour: 18 },
      prepare: (emu) => {
        enableAs(emu);
        setAlertHour(emu, 18);
      },
      act: (a) => a.menuEnableDailyAlerts(),
    },
    {
      name: `${deployment}: re-enabling at the same hour`,
      deployment,
      user: ANA,
      intended: { user: ANA, hour: 8 },
      changes: false,
      prepare: (emu) => enableAs(emu),
      act: (a) => a.menuEnableDailyAlerts(),
    },
    {
      name: `${deployment}: turning alerts off`,
      deployment,
      user: ANA,
      intended: null,
      prepare: (emu) => enableAs(emu),
      act: (a) => a.menuDisableDailyAlerts(),
    },
    {
      name: `${deployment}: a second editor takes alerts over`,
      deployment,
      user: BO,
      intended: { user: BO, hour: 18 },
      prepare: (emu) => {
        enableAs(emu);
        setAlertHour(emu, 18);
      },
      act: (a, emu) => {
        emu.ui.alertResponses.push('YES');
        a.menuEnableDailyAlerts();
      },
    },
    {
      name: `${deployment}: a second editor asks to turn alerts off`,
      deployment,
      user: BO,
      intended: { user: ANA, hour: 8 },
      changes: false,
      prepare: (emu) => enableAs(emu),
      act: (a) => a.menuDisableDailyAlerts(),
    },
  ]),
  // Where getUserTriggers(spreadsheet) does not list clock triggers (undocumented for a bound script).
  {
    name: 'bound, getUserTriggers blind to clock triggers: re-enabling at a new hour',
    deployment: 'bound',
    user: ANA,
    intended: { user: ANA, hour: 18 },
    clockTriggersPerDocument: false,
    prepare: (emu) => {
      enableAs(emu);
      setAlertHour(emu, 18);
    },
    act: (a) => a.menuEnableDailyAlerts(),
  },
  {
    name: 'bound, getUserTriggers blind to clock triggers: turning alerts off',
    deployment: 'bound',
    user: ANA,
    intended: null,
    clockTriggersPerDocument: false,
    prepare: (emu) => enableAs(emu),
    act: (a) => a.menuDisableDailyAlerts(),
  },
];

const summary: Record<string, { calls: number; bad: number; notDone: number; silent: number; unaudited: number }> = {};

afterAll(() => {
  const rows = Object.entries(summary).map(
    ([k, v]) =>
      `  ${k}: ${v.calls} calls swept, ${v.bad} bad outcomes, ${v.notDone} left undone (${v.silent} without telling), ${v.unaudited} changes without an Audit line`,
  );
  // eslint-disable-next-line no-console
  console.log(`daily-alert fault sweep:\n${rows.join('\n')}`);
});

describe('a failure at any service call of turning alerts on or off', () => {
  test.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', (_name, s) => {
    const { calls, outcomes } = sweep(s);
    const bad = outcomes.filter((o) => o.bad.length > 0);
    // Every change that happened is audited once; a click meant to change nothing writes no line.
    const unaudited = outcomes.filter((o) => (s.changes === false ? o.auditLines !== 0 : o.done && o.auditLines !== 1));
    summary[s.name] = {
      calls,
      bad: bad.length,
      notDone: outcomes.filter((o) => !o.done).length,
      silent: outcomes.filter((o) => !o.done && !o.told).length,
      unaudited: unaudited.length,
    };
    expect(calls).toBeGreaterThan(10);
    expect(bad.map((o) => `call ${o.n} (${o.call}): ${o.bad.join('; ')}`)).toEqual([]);
    expect(unaudited.map((o) => `call ${o.n} (${o.call}): ${o.auditLines} Audit lines`)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// Ownership, the menu's states, and the Audit sheet.

function openAs(emu: Emulator, user: string, authMode: 'NONE' | 'LIMITED' | 'FULL'): string[] {
  loadAddon(emu, user).onOpen({ authMode });
  return alertCaptions(emu);
}

function lastSaid(emu: Emulator): string {
  return emu.ui.alertLog.at(-1)?.prompt ?? '';
}

function fire(emu: Emulator, id: string): { skipped?: string } {
  const t = emu.triggers.find((x) => x.id === id);
  if (!t) throw new Error(`no trigger ${id}`);
  return as(emu, t.user).runExpiryCheck(clockEvent(emu, t)) as { skipped?: string };
}

const BOTH: Deployment[] = ['bound', 'addon'];

describe('the menu says whose trigger runs, and how sure it is', () => {
  test.each(BOTH)(
    '%s: checked for the owner, "as recorded" for everyone else and at open, unknown before authorization',
    (deployment) => {
      const { emu } = ledger(deployment);
      loadAddon(emu, ANA).menuEnableDailyAlerts();
      expect(alertCaptions(emu)).toEqual([
        'Re-apply the alert hour (daily alerts on at 08:00, by ana@agency.example)',
        'Turn off daily alerts',
      ]);
      expect(openAs(emu, BO, 'FULL')).toEqual([
        'Take over daily alerts (on at 08:00, by ana@agency.example, as recorded)',
        'Turn off daily alerts',
      ]);
      expect(openAs(emu, BO, 'LIMITED')).toEqual([
        'Check daily alerts (on at 08:00, by ana@agency.example, as recorded)',
        'Turn off daily alerts',
      ]);
      expect(openAs(emu, ANA, 'NONE')).toEqual(['Turn on daily alerts', 'Turn off daily alerts']);

      // The trigger disappears behind the add-on's back (deleted on the Apps Script triggers page):
      // its owner's menu stops claiming alerts are on.
      emu.triggers.splice(0, emu.triggers.length);
      expect(openAs(emu, ANA, 'FULL')).toEqual(['Turn on daily alerts (trigger missing)']);
      loadAddon(emu, ANA).menuEnableDailyAlerts();
      expect(clockTriggers(emu)).toHaveLength(1);
      expect(alertCaptions(emu)).toEqual([
        'Re-apply the alert hour (daily alerts on at 08:00, by ana@agency.example)',
        'Turn off daily alerts',
      ]);
    },
  );

  test('at open (a simple trigger) the menu reads the record only: no trigger call, no refused scope', () => {
    const { emu } = ledger('addon');
    loadAddon(emu, ANA).enableDailyAlerts();
    emu.calls.reset();
    openAs(emu, BO, 'LIMITED');
    expect(emu.calls.count('ScriptApp.')).toBe(0);
    expect(emu.calls.count('Trigger')).toBe(0);
    expect(emu.scopeReport().refused).toEqual([]);
  });
});

describe('only the owner turns alerts off; anyone else takes them over first', () => {
  test.each(BOTH)(
    "%s: a second editor's Disable leaves the owner's alerts running and says who owns them and how to take over",
    (deployment) => {
      const { emu } = ledger(deployment);
      loadAddon(emu, ANA).menuEnableDailyAlerts();
      const [owners] = clockTriggers(emu);
      const auditBefore = alertAudit(emu).length;
      const record = { ...emu.properties.script };
      loadAddon(emu, BO).menuDisableDailyAlerts();
      expect(lastSaid(emu)).toMatch(/Daily alerts stay on: they belong to ana@agency\.example/);
      expect(lastSaid(emu)).toMatch(/take them over first/);
      expect(clockTriggers(emu).map((t) => t.id)).toEqual([owners.id]);
      expect({ ...emu.properties.script }).toEqual(record);
      expect(alertAudit(emu)).toHaveLength(auditBefore);
      emu.clock.set('2026-03-03T13:05:00Z');
      expect(stepsDown(fire(emu, owners.id))).toBe(false);
    },
  );

  test.each(BOTH)(
    "%s: taking over is asked first; the taker's trigger is recorded, the owner's steps down on its next run, and the Audit sheet says who took over from whom",
    (deployment) => {
      const { emu } = ledger(deployment);
      loadAddon(emu, ANA).menuEnableDailyAlerts();
      const [anas] = clockTriggers(emu);
      setAlertHour(emu, 18);

      emu.ui.alertResponses.push('NO');
      loadAddon(emu, BO).menuEnableDailyAlerts();
      const question = emu.ui.alertLog.at(-2)!;
      expect(question).toMatchObject({ buttons: 'YES_NO', response: 'NO' });
      expect(question.prompt).toMatch(/belong to ana@agency\.example.*Take them over\?/s);
      expect(lastSaid(emu)).toBe('Nothing changed: daily alerts stay with ana@agency.example.');
      expect(clockTriggers(emu).map((t) => t.id)).toEqual([anas.id]);

      emu.ui.alertResponses.push('YES');
      loadAddon(emu, BO).menuEnableDailyAlerts();
      expect(lastSaid(emu)).toMatch(/You took over daily alerts from ana@agency\.example/);
      const bos = clockTriggers(emu).find((t) => t.user === BO)!;
      expect(triggerHour(emu, bos.id)).toBe(18);
      expect(alertCaptions(emu)).toEqual([
        'Re-apply the alert hour (daily alerts on at 18:00, by bo@agency.example)',
        'Turn off daily alerts',
      ]);
      expect(openAs(emu, ANA, 'FULL')).toEqual([
        'Take over daily alerts (on at 18:00, by bo@agency.example, as recorded)',
        'Turn off daily alerts',
      ]);
      const line = alertAudit(emu).at(-1)!;
      expect(line.slice(1)).toEqual([
        BO,
        '',
        'Daily alerts',
        'on at 08:00 (America/New_York), trigger of ana@agency.example',
        'on at 18:00 (America/New_York), trigger of bo@agency.example (taken over from ana@agency.example)',
        'menu',
      ]);

      // Next day: Ana's trigger (which no one else can delete) finds it was replaced and removes itself, sending nothing.
      emu.clock.set('2026-03-03T13:05:00Z');
      expect(fire(emu, anas.id).skipped).toMatch(/taken over/);
      expect(clockTriggers(emu).map((t) => t.id)).toEqual([bos.id]);
      expect(stepsDown(fire(emu, bos.id))).toBe(false);

      // Now Bo owns them and may turn them off.
      loadAddon(emu, BO).menuDisableDailyAlerts();
      expect(clockTriggers(emu)).toEqual([]);
      expect(openAs(emu, ANA, 'FULL')).toEqual(['Turn on daily alerts']);
      expect(alertAudit(emu).at(-1)!.slice(1)).toEqual([
        BO,
        '',
        'Daily alerts',
        'on at 18:00 (America/New_York), trigger of bo@agency.example',
        'off',
        'menu',
      ]);
    },
  );

  test('every turn on, change of hour and turn off is audited: who, before, after, and through what', () => {
    const { emu } = ledger('bound');
    loadAddon(emu, ANA).menuEnableDailyAlerts();
    loadAddon(emu, ANA).menuEnableDailyAlerts(); // the same hour again: nothing changed, nothing audited
    setAlertHour(emu, 6);
    loadAddon(emu, ANA).enableDailyAlerts();
    loadAddon(emu, ANA).menuDisableDailyAlerts();
    expect(alertAudit(emu).map((r) => r.slice(1))).toEqual([
      [ANA, '', 'Daily alerts', 'off', 'on at 08:00 (America/New_York), trigger of ana@agency.example', 'menu'],
      [
        ANA,
        '',
        'Daily alerts',
        'on at 08:00 (America/New_York), trigger of ana@agency.example',
        'on at 06:00 (America/New_York), trigger of ana@agency.example',
        'sidebar',
      ],
      [ANA, '', 'Daily alerts', 'on at 06:00 (America/New_York), trigger of ana@agency.example', 'off', 'menu'],
    ]);
  });
});

describe('failures while turning alerts on or off', () => {
  /** Fails the `nth` call to `key` from now on (1 = the next one). */
  function failNth(emu: Emulator, key: string, nth: number): void {
    let seen = 0;
    emu.meanwhile((k) => {
      if (k === key && ++seen === nth) throw new Error('Service error (injected).');
    });
  }

  test.each(BOTH)(
    '%s: a trigger made but never recorded says so, and steps down on its first run without running the check',
    (deployment) => {
      const { emu } = ledger(deployment);
      // The map of trigger to spreadsheet is the first property written after the trigger is made, the record the second.
      let made = false;
      let writes = 0;
      emu.meanwhile((k) => {
        if (k === 'ClockTriggerBuilder.create') made = true;
        else if (made && k === 'Properties.setProperty' && ++writes === 2) throw new Error('Service error (injected).');
      });
      loadAddon(emu, ANA).menuEnableDailyAlerts();
      emu.meanwhile(null);
      expect(lastSaid(emu)).toMatch(
        /^Turning daily alerts on failed: Service error \(injected\)\.\nDaily alerts are now off\./,
      );
      expect(alertCaptions(emu)).toEqual(['Turn on daily alerts']);
      const [orphan, ...rest] = clockTriggers(emu);
      expect(rest).toEqual([]);
      emu.clock.set('2026-03-03T13:05:00Z');
      expect(fire(emu, orphan.id).skipped).toMatch(/removed itself/);
      expect(clockTriggers(emu)).toEqual([]);
      expect(emu.outbox).toEqual([]);
    },
  );

  test('add-on, re-enabling at a new hour where the old trigger must go first: a failed create brings the old hour back', () => {
    const { emu } = ledger('addon');
    loadAddon(emu, ANA).enableDailyAlerts();
    setAlertHour(emu, 18);
    // The first create meets the add-on's one trigger per user and document; the second, after the old one went, fails.
    failNth(emu, 'ClockTriggerBuilder.create', 2);
    loadAddon(emu, ANA).menuEnableDailyAlerts();
    emu.meanwhile(null);
    expect(lastSaid(emu)).toMatch(
      /^Turning daily alerts on failed: .*\nDaily alerts are now on at 08:00, by ana@agency\.example\./,
    );
    expect(clockTriggers(emu)).toEqual([expect.objectContaining({ everyHours: 1, user: ANA })]);
    expect(triggerHour(emu, clockTriggers(emu)[0].id)).toBe(8);
    expect(alertCaptions(emu)[0]).toBe('Re-apply the alert hour (daily alerts on at 08:00, by ana@agency.example)');
    expect(stepsDown(fire(emu, clockTriggers(emu)[0].id))).toBe(false);
  });

  test('add-on, when creating keeps failing the menu says off, never on', () => {
    const { emu } = ledger('addon');
    loadAddon(emu, ANA).enableDailyAlerts();
    setAlertHour(emu, 18);
    let seen = 0;
    emu.meanwhile((k) => {
      if (k === 'ClockTriggerBuilder.create' && ++seen >= 2) throw new Error('Service error (injected).');
    });
    loadAddon(emu, ANA).menuEnableDailyAlerts();
    emu.meanwhile(null);
    expect(lastSaid(emu)).toMatch(/failed: .*\nDaily alerts are now off\./);
    expect(clockTriggers(emu)).toEqual([]);
    expect(alertCaptions(emu)).toEqual(['Turn on daily alerts']);
    expect(openAs(emu, BO, 'LIMITED')).toEqual(['Turn on daily alerts']);
  });

  test('a change whose Audit line cannot be written is made, and the person is told the line is missing', () => {
    const { emu } = ledger('bound');
    emu.faults.failOn('Range.setValues', { times: Infinity });
    loadAddon(emu, ANA).menuEnableDailyAlerts();
    emu.faults.clear();
    expect(lastSaid(emu)).toMatch(/Daily alerts are on.*\nThe Audit sheet could not record this change: /s);
    expect(clockTriggers(emu)).toHaveLength(1);
    expect(alertCaptions(emu)[0]).toMatch(/\(daily alerts on at 08:00|\(on at 08:00/);
  });

  test('a menu that cannot be rebuilt is reported rather than left claiming the old state', () => {
    const { emu } = ledger('bound');
    loadAddon(emu, ANA).onOpen({ authMode: 'LIMITED' });
    emu.faults.failOn('Menu.addToUi', { times: Infinity });
    loadAddon(emu, ANA).menuEnableDailyAlerts();
    emu.faults.clear();
    expect(lastSaid(emu)).toMatch(/Daily alerts are on.*\nThe menu could not be updated; reopen the spreadsheet/s);
  });
});

describe('a ledger whose alerts an earlier version turned on', () => {
  /** The record where earlier versions kept it: a document property. */
  function asEarlierVersion(emu: Emulator): void {
    const key = `sparkLedger.dailyAlerts.${emu.spreadsheet.getId()}`;
    const record = emu.properties.script.get(key)!;
    emu.properties.script.delete(key);
    emu.properties.document.set('sparkLedger.dailyAlerts', record);
  }

  test.each(BOTH)('%s: keeps them running and shown; the next change moves the record', (deployment) => {
    const { emu } = ledger(deployment);
    loadAddon(emu, ANA).enableDailyAlerts();
    asEarlierVersion(emu);
    const [old] = clockTriggers(emu);
    expect(openAs(emu, ANA, 'FULL')[0]).toBe(
      'Re-apply the alert hour (daily alerts on at 08:00, by ana@agency.example)',
    );
    emu.clock.set('2026-03-03T13:05:00Z');
    expect(fire(emu, old.id).skipped).toBeUndefined();

    setAlertHour(emu, 18);
    loadAddon(emu, ANA).menuEnableDailyAlerts();
    expect(emu.properties.document.has('sparkLedger.dailyAlerts')).toBe(false);
    const [now, ...rest] = clockTriggers(emu);
    expect(rest).toEqual([]);
    expect(now).toMatchObject({ everyHours: 1 });
    expect(JSON.parse(emu.properties.script.get(`sparkLedger.dailyAlerts.${emu.spreadsheet.getId()}`)!)).toMatchObject({
      triggerId: now.id,
      hour: 18,
      by: ANA,
    });
  });
});
