/**
 * The built add-on under the runtime's rules: the manifest's scopes, each
 * execution context, and both ways to deploy.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Emulator, FakeTikTokBusiness, FakeTikTokWeb, FakeTokPortal } from '@spark-ledger/gas-emulator';
import {
  type Addon,
  BUILD_DIR,
  builtManifest,
  fireTrigger,
  type Harness,
  loadAddon,
  startAddon,
} from '../support/addon';
import { activationFields, requestInput, seedSettings, sparkCode, videoUrl } from '../support/fixtures';
import { userEdit, cellA1, auditRows } from '../support/userEdit';
import { clientSettings } from '../reports/helpers';

const UNKNOWN_WHO = /^unknown editor/;

/** Every top-level function of build/Code.js, read from the stubs the build writes. */
function builtEntryPoints(): string[] {
  const code = readFileSync(join(BUILD_DIR, 'Code.js'), 'utf8');
  return [...code.matchAll(/^function (\w+)\(\) \{ return __SparkLedger\./gm)].map((m) => m[1]).sort();
}

function clockTriggers(emu: Emulator) {
  return emu.triggers.filter((t) => t.eventType === 'CLOCK');
}

/** A ledger with a live row, a Requested one and a retired one, ready for every entry point. */
function busyLedger(): Harness {
  // The fake TikTok and TokPortal servers answer the connection's calls (packages/gas-emulator/src/net).
  const tiktok = new FakeTikTokBusiness();
  tiktok.addAdvertiser('7001234567890123456');
  tiktok.addToken('act.0123456789abcdef0123456789abcdef', ['7001234567890123456']);
  const tokportal = new FakeTokPortal();
  tokportal.addKey('sk_test_0123456789abcdef');
  tokportal.addVideo('tp_2', { finalized: true });
  const h = startAddon({ mailQuota: 1500, fakes: [tiktok, new FakeTikTokWeb(), tokportal] });
  seedSettings(h.emu);
  const a = h.addon;
  const ok = (r: { ok: boolean; errors?: unknown }) => expect(r).toMatchObject({ ok: true });
  ok(a.requestCode(requestInput(1, { generationPrompt: 'A cat sings', humanReviewed: true })));
  ok(a.recordCode({ videoUrl: videoUrl(1), sparkCode: sparkCode(1), authorizedOn: '2026-02-01', authDays: 30 }));
  ok(a.changeStatus({ videoUrl: videoUrl(1), status: 'Activated', ...activationFields() }));
  ok(a.requestCode(requestInput(2)));
  ok(a.requestCode(requestInput(3)));
  ok(a.retireCode({ videoUrl: videoUrl(3), retirementReason: 'Campaign ended', decisionNote: '' }));
  h.emu.sheet('Ledger').getRange('A2').activate();
  return h;
}

describe('the manifest asks for exactly the scopes the add-on uses', () => {
  test('every entry point runs once with the built manifest: none needs a missing scope, and every scope is used', () => {
    const h = busyLedger();
    const a = h.addon;
    const ui = h.emu.ui;
    const client = 'Acme Apps';
    const scenarios: Record<string, () => unknown> = {
      onOpen: () => a.onOpen({ authMode: 'LIMITED' }),
      onInstall: () => a.onInstall({ authMode: 'FULL' }),
      showSidebar: () => a.showSidebar(),
      setupLedger: () => a.setupLedger(),
      menuSetupLedger: () => a.menuSetupLedger(),
      getFormOptions: () => a.getFormOptions(),
      requestCode: () => a.requestCode(requestInput(4)),
      recordCode: () =>
        a.recordCode({ videoUrl: videoUrl(2), sparkCode: sparkCode(2), authorizedOn: '2026-03-01', authDays: 30 }),
      changeStatus: () => a.changeStatus({ videoUrl: videoUrl(1), status: 'Spending', spendStart: '2026-03-01' }),
      renewCode: () =>
        a.renewCode({
          videoUrl: videoUrl(1),
          sparkCode: sparkCode(11),
          authorizedOn: '2026-03-02',
          authDays: 60,
          decisionNote: 'Still winning',
        }),
      retireCode: () => a.retireCode({ videoUrl: videoUrl(4), retirementReason: 'Campaign ended', decisionNote: '' }),
      updateRecord: () => a.updateRecord({ videoUrl: videoUrl(1), usageNotes: 'US only' }),
      getRecord: () => a.getRecord(videoUrl(1)),
      getSelectedRecord: () => a.getSelectedRecord(),
      findRecords: () => a.findRecords({ text: 'creator' }),
      getToday: () => a.getToday({ scope: 'all' }),
      requestMessage: () => a.requestMessage(videoUrl(2)),
      onEdit: () => a.onEdit(userEdit(h.emu, 'Ledger', cellA1(h.emu, 'Campaign', 2), [['Summer']])),
      validateLedger: () => a.validateLedger(),
      menuValidateLedger: () => a.menuValidateLedger(),
      auditTrail: () => a.auditTrail(videoUrl(1)),
      menuAuditTrail: () => {
        h.emu.sheet('Ledger').getRange(2, 1).activate();
        a.menuAuditTrail();
      },
      importRows: () => a.importRows(`Video URL,Creator handle\n${videoUrl(9)},@creator.one\n`, { dryRun: true }),
      enableDailyAlerts: () => a.enableDailyAlerts(),
      menuEnableDailyAlerts: () => a.menuEnableDailyAlerts(),
      runExpiryCheck: () => fireTrigger(h.emu, clockTriggers(h.emu)[0]),
      menuRunExpiryCheck: () => a.menuRunExpiryCheck(),
      disableDailyAlerts: () => a.disableDailyAlerts(),
      menuDisableDailyAlerts: () => a.menuDisableDailyAlerts(),
      generateClientReport: () => a.generateClientReport(client),
      // The client is picked in a dialog, which then calls clientReportFromPicker.
      menuGenerateClientReport: () => a.menuGenerateClientReport(),
      clientReportFromPicker: () => a.clientReportFromPicker('publish', client),
      refreshAllClientReports: () => a.refreshAllClientReports(),
      menuRefreshAllClientReports: () => a.menuRefreshAllClientReports(),
      publishClientReport: () => {
        // Sharing the copy with the client's address (Spreadsheet.addViewer) runs under the manifest too.
        clientSettings(h.emu, { [client]: { email: 'marketing@acme.example' } });
        const r = a.publishClientReport(client);
        expect(r.sharedWith).toEqual(['marketing@acme.example']);
      },
      menuPublishClientReport: () => a.menuPublishClientReport(),
      publishAllClientReports: () => a.publishAllClientReports(),
      menuPublishAllClientReports: () => a.menuPublishAllClientReports(),
      buildAiFunnel: () => a.buildAiFunnel(),
      menuBuildAiFunnel: () => a.menuBuildAiFunnel(),
      menuShowHelp: () => a.menuShowHelp(),
      saveConnection: () =>
        expect(
          a.saveConnection({
            tiktokToken: 'act.0123456789abcdef0123456789abcdef',
            advertiserIds: '7001234567890123456',
            tokportalKey: 'sk_test_0123456789abcdef',
          }),
        ).toMatchObject({ ok: true }),
      getConnection: () => expect(a.getConnection().tiktok.connected).toBe(true),
      checkWithTikTok: () => a.checkWithTikTok(videoUrl(1)),
      requestViaTokPortal: () => {
        expect(a.requestCode(requestInput(40))).toMatchObject({ ok: true });
        expect(a.requestViaTokPortal({ videoUrl: videoUrl(40), tokportalVideo: 'tp_2' })).toMatchObject({ ok: true });
      },
      syncConnected: () => a.syncConnected(),
      previewArchive: () => a.previewArchive(0),
      archiveClosed: () => a.archiveClosed(0),
      menuArchiveClosed: () => {
        ui.promptResponses.push('0');
        a.menuArchiveClosed();
      },
    };
    expect(Object.keys(scenarios).sort()).toEqual(builtEntryPoints());
    h.emu.clock.set('2026-03-02T13:00:00Z');
    for (const [name, run] of Object.entries(scenarios)) {
      try {
        run();
      } catch (e) {
        throw new Error(`${name} failed: ${(e as Error).message}`);
      }
    }
    const report = h.emu.scopeReport();
    expect(report.refused).toEqual([]);
    expect(report.granted?.slice().sort()).toEqual(report.used);
    expect(report.used).toEqual((builtManifest().oauthScopes ?? []).slice().sort());
  });

  test("without userinfo.email, the first save fails with Google's message and writes nothing", () => {
    const scopes = (builtManifest().oauthScopes ?? []).filter((s) => !s.endsWith('userinfo.email'));
    const h = startAddon({ manifest: { oauthScopes: scopes } });
    seedSettings(h.emu);
    expect(() => h.addon.requestCode(requestInput(1))).toThrow(
      /You do not have permission to call Session\.getActiveUser/,
    );
    expect(h.emu.sheet('Ledger').getLastRow()).toBe(1);
  });
});

describe('simple triggers', () => {
  test('onOpen builds the menu in NONE (an add-on not yet used in this document) without touching the document', () => {
    const h = startAddon({ deployment: 'addon', setup: false });
    expect(h.emu.simpleTriggerMode()).toBe('NONE');
    h.addon.onOpen({ authMode: 'NONE' });
    expect(h.emu.ui.menus[0].items.length).toBeGreaterThan(5);
    expect(h.emu.calls.count('Spreadsheet.')).toBe(0);
  });

  test('onEdit in NONE does nothing and touches nothing', () => {
    const h = startAddon();
    seedSettings(h.emu);
    h.addon.requestCode(requestInput(1));
    const e = userEdit(h.emu, 'Ledger', cellA1(h.emu, 'Status', 2), [['Spending']]);
    h.emu.calls.reset();
    expect(h.addon.onEdit({ ...e, authMode: 'NONE' })).toEqual({ reverted: [], audited: 0 });
    expect(h.emu.calls.total).toBe(0);
  });

  test('onOpen in LIMITED says whether alerts are on', () => {
    const h = startAddon();
    h.addon.enableDailyAlerts();
    h.addon.onOpen({ authMode: 'LIMITED' });
    const captions = h.emu.ui.menus[0].items.flatMap((i) => (i.kind === 'item' ? [i.caption] : []));
    expect(captions.join(' | ')).toMatch(/on at 08:00/);
  });

  test('onEdit in a consumer account, where Google hides the editor, audits a clear placeholder', () => {
    const h = startAddon({ account: 'consumer', user: 'owner@gmail.com' });
    seedSettings(h.emu, { owners: ['owner@gmail.com', 'approve@agency.example'] });
    expect(h.addon.requestCode(requestInput(1))).toMatchObject({ ok: true });
    const e = userEdit(h.emu, 'Ledger', cellA1(h.emu, 'Campaign', 2), [['Summer push']], 'friend@gmail.com');
    e.user = { getEmail: () => h.emu.visibleEditor('friend@gmail.com') };
    const edit = loadAddon(h.emu, 'friend@gmail.com');
    edit.onEdit(e);
    const last = auditRows(h.emu).pop()!;
    expect(last[3]).toBe('Campaign');
    expect(String(last[1])).toMatch(UNKNOWN_WHO);
  });

  test('a refused status edit in LIMITED is put back without mail, dialogs or trigger calls', () => {
    const h = startAddon();
    seedSettings(h.emu);
    h.addon.requestCode(requestInput(1));
    const r = h.addon.onEdit(userEdit(h.emu, 'Ledger', cellA1(h.emu, 'Status', 2), [['Spending']]));
    expect(r.reverted).toEqual([2]);
    expect(h.emu.scopeReport().refused).toEqual([]);
  });
});

describe('time-driven runs', () => {
  function liveLedger(opts: Parameters<typeof startAddon>[0] = {}): Harness {
    const h = startAddon({ mailQuota: 1500, user: 'lead@agency.example', ...opts });
    seedSettings(h.emu);
    const a = h.addon;
    a.requestCode(requestInput(1));
    a.recordCode({ videoUrl: videoUrl(1), sparkCode: sparkCode(1), authorizedOn: '2026-02-02', authDays: 30 });
    a.changeStatus({ videoUrl: videoUrl(1), status: 'Activated', ...activationFields() });
    return h;
  }

  test('the daily check runs as the person who turned alerts on, with no user interface', () => {
    const h = liveLedger();
    h.addon.enableDailyAlerts();
    h.emu.clock.set('2026-03-02T13:00:00Z');
    // Someone else is at the keyboard today; the trigger still runs as its owner.
    const r = fireTrigger(h.emu, clockTriggers(h.emu)[0]) as { renewalNeeded: number; emailsSent: number };
    expect(r.renewalNeeded).toBe(1);
    expect(r.emailsSent).toBeGreaterThan(0);
    const check = auditRows(h.emu).filter((row) => row[6] === 'daily check');
    expect(check.length).toBeGreaterThan(0);
    expect(check.every((row) => row[1] === 'lead@agency.example')).toBe(true);
  });

  test('with getUserTriggers blind to clock triggers, enabling twice still leaves one trigger and disabling none', () => {
    const h = liveLedger({ clockTriggersPerDocument: false });
    h.addon.enableDailyAlerts();
    h.addon.enableDailyAlerts();
    expect(clockTriggers(h.emu)).toHaveLength(1);
    h.addon.disableDailyAlerts();
    expect(clockTriggers(h.emu)).toHaveLength(0);
  });
});

describe('deployed as an Editor add-on', () => {
  /** A second agency spreadsheet with its own ledger, used through the same add-on project. */
  function secondLedger(h: Harness): Addon {
    const emu = h.emu;
    const other = emu.run({ kind: 'editor' }, () => (emu.globals.SpreadsheetApp as any).create('Globex ledger'));
    emu.openDocument(emu.spreadsheets.get(other.getId())!);
    const a = loadAddon(emu);
    a.setupLedger();
    seedSettings(emu);
    return a;
  }

  test('each spreadsheet has its own trigger; a run with no active spreadsheet opens its own ledger by id', () => {
    const h = startAddon({ deployment: 'addon', mailQuota: 1500 });
    const a = h.addon;
    const first = h.emu.spreadsheet;
    seedSettings(h.emu);
    a.requestCode(requestInput(1));
    a.recordCode({ videoUrl: videoUrl(1), sparkCode: sparkCode(1), authorizedOn: '2026-02-02', authDays: 30 });
    a.enableDailyAlerts();
    const b = secondLedger(h);
    const second = h.emu.spreadsheet;
    b.requestCode(requestInput(2));
    b.recordCode({ videoUrl: videoUrl(2), sparkCode: sparkCode(2), authorizedOn: '2026-02-02', authDays: 30 });
    b.enableDailyAlerts();
    expect(clockTriggers(h.emu).map((t) => t.documentId)).toEqual([first.getId(), second.getId()]);
    // Disabling in B leaves A's trigger alone.
    b.disableDailyAlerts();
    expect(clockTriggers(h.emu).map((t) => t.documentId)).toEqual([first.getId()]);
    b.enableDailyAlerts();
    h.emu.clock.set('2026-03-02T13:00:00Z');
    const [ta, tb] = clockTriggers(h.emu);
    const rb = fireTrigger(h.emu, tb) as { renewalNeeded: number };
    expect(rb.renewalNeeded).toBe(1);
    const status = (ss: typeof first) => {
      const values = ss.getSheetByName('Ledger')!.getDataRange().getValues();
      return values.slice(1).map((r) => r[values[0].indexOf('Status')]);
    };
    expect(status(second)).toEqual(['Renewal needed']);
    expect(status(first)).toEqual(['Received']);
    expect((fireTrigger(h.emu, ta) as { renewalNeeded: number }).renewalNeeded).toBe(1);
    expect(status(first)).toEqual(['Renewal needed']);
  });

  test('a trigger that serves no spreadsheet its owner remembers removes itself', () => {
    const h = startAddon({ deployment: 'addon' });
    h.addon.enableDailyAlerts();
    h.emu.properties.user.clear();
    const r = fireTrigger(h.emu, clockTriggers(h.emu)[0]) as { skipped?: string };
    expect(r.skipped).toMatch(/removed itself/);
    expect(clockTriggers(h.emu)).toHaveLength(0);
  });
});
