/**
 * Benchmark: service calls, cells read and written, Node compute time and the
 * modelled Apps Script time for every entry point, on generated ledgers of
 * 100 to 50,000 rows, against the same work written the naive way (a service
 * call per row) and, for a save and the daily check, the tutorial way (read
 * the sheet once, loop in JavaScript, appendRow or setValue per change).
 *
 * Modelled time is the emulator's cost model (packages/gas-emulator/src/cost.ts): each
 * call priced by its kind and its cells at the low, mid and high published
 * figures (the sources stand beside each parameter there; the founders'
 * runtime notes give getValues ≈ 100 ms + 30 µs a cell on plain data, about
 * 3× on a formatted sheet, queued writes ≈ 100 µs a cell, a commit ≈ 300 ms,
 * getLastRow ≈ 160 ms). A flat price per call is wrong by 20× to 400× on the
 * published experiments, so calls alone say little.
 *
 * Each entry point runs once with costModel 'low', so the clock moves as the
 * calls run and an execution that passes 6 minutes even at the lowest prices
 * is stopped as Google stops it ("stopped" below: its figures are what ran
 * before the stop). The first expiry check also runs with the clock at the
 * high prices, where it stops at its budgets and later runs carry on: its
 * row gives the first run and the runs needed. The mid and high figures are priced from the same calls
 * and cells; one over 360 s (30 s for a simple trigger) marks an execution
 * Google would stop at that level ("!").
 * Modelled seconds count service time only; Node ms is the script's own
 * compute here (Apps Script's V8 is slower, not modelled).
 * Before the table it prints the cell budget: the cells each sheet uses per
 * code once 300 codes went through their lives by the add-on's own actions
 * (BENCH_BUDGET_CODES for another count).
 * build/bench.json holds the same figures.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  COST_LEVELS,
  createEmulator,
  type Emulator,
  EXECUTION_LIMIT_MS,
  FakeTikTokBusiness,
  type PerLevel,
} from '@spark-ledger/gas-emulator';
import { BUILD_DIR, type Addon, builtHtmlFiles, builtManifest, loadAddon, startAddon } from '../support/addon';
import {
  ALL_PRE_CHECKS,
  IMPORT_HEADERS,
  activationFields,
  requestInput,
  seedSettings,
  sparkCode,
  videoUrl,
} from '../support/fixtures';
import { fillLedger, receivedRecord } from '../support/ledgerFill';
import { type LedgerRecord, DEFAULT_MARKETS } from '../../src/core/ledger/fields';
import { addDays } from '../../src/core/ledger/dates';
import { AUDIT_LINES_KEPT, LOG_FILE_LINES, ROLL_SLACK } from '../../src/core/ledger/auditLog';
import { AUDIT_HEADERS } from '../../src/core/ledger/sheets';
import { MAX_IMPORT_LINES } from '../../src/core/import/importRows';

/** The level whose prices move the clock: the lowest, so "stopped" means stopped at every level. */
const CLOCK_LEVEL = 'low' as const;
const SIZES = (process.env.BENCH_SIZES ?? '100,1000,10000,50000').split(',').map(Number);
const CLIENT_COUNT = 200;
const TODAY = '2026-03-02';

const clients = Array.from({ length: CLIENT_COUNT }, (_, i) => `Client ${String(i + 1).padStart(3, '0')}`);
const STATUS_MIX: LedgerRecord['status'][] = [
  'Requested',
  'Received',
  'Activated',
  'Spending',
  'Spending',
  'Paused',
  'Expired',
  'Retired',
];

function generated(n: number): LedgerRecord[] {
  const out: LedgerRecord[] = [];
  for (let i = 0; i < n; i++) {
    const status = STATUS_MIX[i % STATUS_MIX.length];
    const authorizedOn = addDays(TODAY, -((i * 7) % 90));
    const authDays = [7, 30, 60, 365][i % 4];
    const hasCode = status !== 'Requested';
    const live = ['Activated', 'Spending', 'Paused'].includes(status);
    out.push(
      receivedRecord(1000 + i, {
        client: clients[i % CLIENT_COUNT],
        market: DEFAULT_MARKETS[i % DEFAULT_MARKETS.length],
        status,
        sparkCode: hasCode ? sparkCode(1000 + i) : '',
        authorizedOn: hasCode ? authorizedOn : '',
        authDays: hasCode ? authDays : '',
        expiresOn: hasCode ? addDays(authorizedOn, authDays) : '',
        ...(live
          ? {
              ...(activationFields() as Partial<LedgerRecord>),
              spendStart: authorizedOn,
              spend: (i % 97) * 13.5,
              conversions: i % 41,
              currency: i % 3 ? 'USD' : 'EUR',
            }
          : {}),
        ...(status === 'Retired' ? { retirementReason: 'Campaign ended', renewalDecision: 'Retire' } : {}),
        ...(i % 11 === 0 ? { generationPrompt: 'A product demo in a kitchen', humanReviewed: true } : {}),
        preRequestChecks: ALL_PRE_CHECKS,
      } as Partial<LedgerRecord>),
    );
  }
  return out;
}

/** One entry point (or its naive counterpart) at one ledger size. */
interface Measured {
  calls: number;
  cellsRead: number;
  cellsWritten: number;
  /** Cells TextFinder searches looked at on Google's side (none came back). */
  cellsSearched: number;
  nodeMs: number;
  modelledSeconds: PerLevel;
  /** The execution was stopped at the time limit (at the clock's level). */
  stopped: boolean;
}

interface Row extends Measured {
  rows: number;
  work: string;
  naive?: Measured;
  /** The tutorial way: one read, a JavaScript loop, appendRow or setValue. */
  tutorial?: Measured;
}

function fresh(n: number, level: 'low' | 'high' = CLOCK_LEVEL): { emu: Emulator; addon: Addon } {
  const h = startAddon({ costModel: level });
  seedSettings(h.emu, { clients });
  fillLedger(h.emu, generated(n));
  h.emu.calls.reset();
  h.emu.cost.reset();
  return h;
}

function measure(emu: Emulator, fn: () => unknown): Measured {
  emu.calls.reset();
  emu.cost.reset();
  const t = performance.now();
  let stopped = false;
  try {
    fn();
  } catch (e) {
    if (!/Exceeded maximum execution time/.test(String((e as Error)?.message))) throw e;
    stopped = true;
  }
  const nodeMs = performance.now() - t;
  emu.cost.settle();
  const ms = emu.cost.total.ms;
  const modelledSeconds = { low: ms.low / 1000, mid: ms.mid / 1000, high: ms.high / 1000 };
  return {
    calls: emu.calls.total,
    cellsRead: emu.calls.cellsRead,
    cellsWritten: emu.calls.cellsWritten,
    cellsSearched: emu.cost.total.byKind.search.cellsScanned,
    nodeMs,
    modelledSeconds,
    stopped,
  };
}

/** The naive baselines run as one editor execution each, as a menu item would. */
function measureNaive(emu: Emulator, fn: () => unknown): Measured {
  return measure(emu, () => emu.run({ kind: 'editor' }, fn));
}

// ---- naive baselines: what tutorials write, a call per row ----------------

function naiveDuplicateScanAndAppend(g: any, row: unknown[], url: string): void {
  const sheet = g.SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Ledger');
  const last = sheet.getLastRow();
  for (let r = 2; r <= last; r++) if (sheet.getRange(r, 1).getValue() === url) throw new Error('duplicate');
  sheet.appendRow(row);
}

/** The tutorial way: read the sheet once, loop in JavaScript, appendRow. */
function tutorialRequest(g: any, row: unknown[], url: string): void {
  const sheet = g.SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Ledger');
  const values = sheet.getDataRange().getValues();
  const col = values[0].indexOf('Video URL');
  for (let r = 1; r < values.length; r++) if (values[r][col] === url) throw new Error('duplicate');
  sheet.appendRow(row);
}

/** The tutorial way: read once, loop, setValue on each status that changes. */
function tutorialExpiryCheck(g: any): void {
  const sheet = g.SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Ledger');
  const values = sheet.getDataRange().getValues();
  const exp = values[0].indexOf('Expires on');
  const st = values[0].indexOf('Status');
  const now = new Date('2026-03-02T15:00:00Z').getTime();
  for (let r = 1; r < values.length; r++) {
    const e = values[r][exp];
    const s = values[r][st];
    if (!e || s === 'Retired' || s === 'Requested') continue;
    const hours = (new Date(e).getTime() - now) / 3600000;
    if (hours <= 0 && s !== 'Expired') sheet.getRange(r + 1, st + 1).setValue('Expired');
    else if (hours <= 72 && hours > 0 && s !== 'Renewal needed')
      sheet.getRange(r + 1, st + 1).setValue('Renewal needed');
  }
}

function naiveExpiryCheck(g: any): void {
  const sheet = g.SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Ledger');
  const header = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0];
  const exp = header.indexOf('Expires on') + 1;
  const st = header.indexOf('Status') + 1;
  const now = new Date('2026-03-02T15:00:00Z').getTime();
  for (let r = 2; r <= sheet.getLastRow(); r++) {
    const e = sheet.getRange(r, exp).getValue();
    const s = sheet.getRange(r, st).getValue();
    if (!e || s === 'Retired' || s === 'Requested') continue;
    const hours = (new Date(e).getTime() - now) / 3600000;
    if (hours <= 0 && s !== 'Expired') sheet.getRange(r, st).setValue('Expired');
    else if (hours <= 72 && hours > 0 && s !== 'Renewal needed') sheet.getRange(r, st).setValue('Renewal needed');
  }
}

function naiveRowByRow(g: any, perRow: (values: unknown[], r: number, sheet: any) => void): void {
  const sheet = g.SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Ledger');
  const width = sheet.getLastColumn();
  for (let r = 2; r <= sheet.getLastRow(); r++) perRow(sheet.getRange(r, 1, 1, width).getValues()[0], r, sheet);
}

function naiveReport(g: any, client: string): void {
  const ss = g.SpreadsheetApp.getActiveSpreadsheet();
  const out = ss.getSheetByName('Naive report') ?? ss.insertSheet('Naive report');
  naiveRowByRow(g, (v) => {
    if (v.includes(client)) out.appendRow(v.slice(0, 12));
  });
}

function naiveValidate(g: any): void {
  naiveRowByRow(g, (v, r, sheet) => {
    if (v.some((x) => x === '')) sheet.getRange(r, 1).setBackground('#fde0dc');
  });
}

function naiveImport(g: any, lines: unknown[][]): void {
  const sheet = g.SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Ledger');
  for (const line of lines) sheet.appendRow(line);
}

// ---- the run ---------------------------------------------------------------

function csvFor(n: number, from: number): string {
  const headers = [...IMPORT_HEADERS, 'Status'];
  const lines = [headers.join(',')];
  for (let i = 0; i < n; i++) {
    const r = requestInput(from + i, { client: clients[i % CLIENT_COUNT] });
    lines.push(
      [
        r.videoUrl,
        r.creatorHandle,
        r.client,
        r.brand,
        r.campaign,
        r.market,
        r.requestedDays,
        r.adAccount,
        r.approvalOwner,
        `"${ALL_PRE_CHECKS.join('; ')}"`,
        'Requested',
      ].join(','),
    );
  }
  return lines.join('\n');
}

function benchSize(n: number): Row[] {
  const rows: Row[] = [];
  const add = (work: string, m: Measured, naive?: Measured, tutorial?: Measured) =>
    rows.push({ rows: n, work, ...m, naive, tutorial });
  const has = (addon: Addon, fn: string) => typeof addon[fn] === 'function';

  // Sidebar actions on one ledger, in lifecycle order.
  {
    const { emu, addon } = fresh(n);
    const url = videoUrl(900000);
    const req = measure(emu, () => addon.requestCode(requestInput(900000, { client: clients[0] })));
    const naiveEmu = fresh(n).emu;
    const naive = measureNaive(naiveEmu, () => naiveDuplicateScanAndAppend(naiveEmu.globals, [url], url));
    const tutorialEmu = fresh(n).emu;
    add(
      'requestCode',
      req,
      naive,
      measureNaive(tutorialEmu, () => tutorialRequest(tutorialEmu.globals, [url], url)),
    );
    add(
      'recordCode',
      measure(emu, () =>
        addon.recordCode({ videoUrl: url, sparkCode: sparkCode(900000), authorizedOn: '2026-03-01', authDays: 30 }),
      ),
    );
    add(
      'changeStatus',
      measure(emu, () => addon.changeStatus({ videoUrl: url, status: 'Activated', ...activationFields() })),
    );
    add(
      'updateRecord',
      measure(emu, () => addon.updateRecord({ videoUrl: url, spend: 10, usageNotes: 'bench' })),
    );
    add(
      'getRecord',
      measure(emu, () => addon.getRecord(url)),
    );
    add(
      'getFormOptions',
      measure(emu, () => addon.getFormOptions()),
    );
    if (has(addon, 'findRecords')) {
      // Broad: every row holds the word "client". Selective: the one video just requested, by its id typed as text.
      add(
        'findRecords (broad)',
        measure(emu, () => addon.findRecords({ text: 'Client 00', limit: 20 })),
      );
      add(
        'findRecords (selective)',
        measure(emu, () => addon.findRecords({ text: url.split('/').pop(), limit: 20 })),
      );
    }
    if (has(addon, 'requestMessage'))
      add(
        'requestMessage',
        measure(emu, () => addon.requestMessage(url)),
      );
    if (has(addon, 'getSelectedRecord')) {
      emu.spreadsheet.getSheetByName('Ledger')!.getRange(3, 1).activate();
      add(
        'getSelectedRecord',
        measure(emu, () => addon.getSelectedRecord()),
      );
    }
    add(
      'retireCode',
      measure(emu, () => addon.retireCode({ videoUrl: url, retirementReason: 'Campaign ended' })),
    );
  }
  {
    const { emu, addon } = fresh(n);
    if (has(addon, 'runExpiryCheck')) {
      const naiveEmu = fresh(n).emu;
      const tutorialEmu = fresh(n).emu;
      add(
        'runExpiryCheck',
        measure(emu, () => addon.runExpiryCheck()),
        measureNaive(naiveEmu, () => naiveExpiryCheck(naiveEmu.globals)),
        measureNaive(tutorialEmu, () => tutorialExpiryCheck(tutorialEmu.globals)),
      );
      // The same first run with the clock at the high prices: it stops at its budget and the next runs carry on.
      if (n >= 10000) {
        const high = fresh(n, 'high');
        let continues = false;
        const first = measure(high.emu, () => {
          continues = !!(high.addon.runExpiryCheck() as { continues?: string }).continues;
        });
        const later: Measured[] = [];
        for (let k = 0; continues && k < 20; k++) {
          later.push(
            measure(high.emu, () => {
              continues = !!(high.addon.runExpiryCheck() as { continues?: string }).continues;
            }),
          );
        }
        const runs = 1 + later.length;
        add(`runExpiryCheck (clock at high: first of ${runs} run${runs === 1 ? '' : 's'})`, first);
        later.forEach((m, i) => {
          add(`runExpiryCheck (clock at high: run ${i + 2} of ${runs})`, m);
        });
      }
      // Steady state: the next day's run, after the first one moved the backlog of statuses.
      const firstRun = emu.clock.now();
      emu.clock.set(new Date(firstRun.getTime() + 24 * 3600 * 1000));
      add(
        'runExpiryCheck (the next day)',
        measure(emu, () => addon.runExpiryCheck()),
      );
      emu.clock.set(firstRun);
      // The renewal path needs a row the check moved to Renewal needed or Expired.
      const rec = addon.findRecords ? (addon.findRecords({ status: 'Expired', limit: 1 }) as LedgerRecord[])[0] : null;
      if (rec)
        add(
          'renewCode',
          measure(emu, () =>
            addon.renewCode({
              videoUrl: rec.videoUrl,
              sparkCode: sparkCode(800000),
              authorizedOn: '2026-03-02',
              authDays: 30,
              decisionNote: 'Still converting',
            }),
          ),
        );
    }
    if (has(addon, 'validateLedger')) {
      const naiveEmu = fresh(n).emu;
      add(
        'validateLedger',
        measure(emu, () => addon.validateLedger()),
        measureNaive(naiveEmu, () => naiveValidate(naiveEmu.globals)),
      );
    }
    if (has(addon, 'generateClientReport')) {
      const naiveEmu = fresh(n).emu;
      add(
        'generateClientReport',
        measure(emu, () => addon.generateClientReport(clients[0])),
        measureNaive(naiveEmu, () => naiveReport(naiveEmu.globals, clients[0])),
      );
    }
    if (has(addon, 'refreshAllClientReports') && n <= 10000) {
      // It stops at its time budget and the next run carries on: the first run is measured, then the runs it takes.
      let left = 0;
      const first = measure(emu, () => {
        left = (addon.refreshAllClientReports() as { left: number }).left;
      });
      let runs = 1;
      for (; left > 0 && runs < 50; runs++) left = (addon.refreshAllClientReports() as { left: number }).left;
      add(`refreshAllClientReports (${CLIENT_COUNT} clients: first of ${runs} run${runs === 1 ? '' : 's'})`, first);
    }
  }
  if (n === SIZES[0]) {
    // The Audit's rollover: an Audit a quarter past the 200,000 lines it keeps, moved by the daily check.
    const { emu, addon } = fresh(n);
    const lines = Math.floor(AUDIT_LINES_KEPT * (1 + ROLL_SLACK)) + 10000;
    const audit = emu.spreadsheet.getSheetByName('Audit')!;
    audit.insertRowsAfter(audit.getMaxRows(), lines + 1 - audit.getMaxRows());
    const start = Date.parse('2025-06-01T10:00:00Z');
    audit
      .getRange(2, 1, lines, 7)
      .setValues(
        Array.from({ length: lines }, (_, i) => [
          new Date(start + i * 60000),
          'am@agency.example',
          videoUrl(1000 + (i % n)),
          'Spend',
          String(i),
          String(i + 1),
          'sidebar',
        ]),
      );
    emu.clock.set(new Date('2026-03-02T13:00:00Z'));
    let moved = 0;
    const m = measure(emu, () => {
      moved = (addon.runExpiryCheck() as { auditLinesMoved?: number }).auditLinesMoved ?? 0;
    });
    add(`runExpiryCheck with an Audit of ${fmt(lines)} lines (moves ${fmt(moved)} to log spreadsheets)`, m);
  }
  {
    const { emu, addon } = fresh(n);
    if (has(addon, 'importRows')) {
      const csv = csvFor(MAX_IMPORT_LINES, 500000);
      const naiveEmu = fresh(n).emu;
      const lines = csv
        .split('\n')
        .slice(1)
        .map((l) => l.split(','));
      add(
        `importRows (${fmt(MAX_IMPORT_LINES)} lines)`,
        measure(emu, () => addon.importRows(csv)),
        measureNaive(naiveEmu, () => naiveImport(naiveEmu.globals, lines)),
      );
    }
  }
  return rows;
}

/**
 * The cell budget, measured: codes taken through their lives by the add-on's
 * own actions (request, record, activate, a renewal for every other code, a
 * retirement for every third, daily checks along the way), then the cells
 * each sheet holds, per code. The emulator's 10,000,000-cell limit is on.
 */
function cellBudget(codes: number): string[] {
  const h = startAddon();
  seedSettings(h.emu, { clients });
  const { emu, addon } = h;
  const day = (d: number) => emu.clock.set(new Date(Date.parse(`${addDays(TODAY, d)}T10:00:00Z`)));
  const ok = (r: { ok: boolean; errors?: unknown }) => {
    if (!r.ok) throw new Error(`cell budget: ${JSON.stringify(r.errors)}`);
  };
  day(-40);
  for (let i = 0; i < codes; i++) {
    const url = videoUrl(700000 + i);
    ok(addon.requestCode(requestInput(700000 + i, { client: clients[i % CLIENT_COUNT] })));
    ok(
      addon.recordCode({
        videoUrl: url,
        sparkCode: sparkCode(700000 + i),
        authorizedOn: addDays(TODAY, -40),
        authDays: 30,
      }),
    );
    ok(addon.changeStatus({ videoUrl: url, status: 'Activated', ...activationFields() }));
    ok(addon.updateRecord({ videoUrl: url, spend: 100 + i, conversions: i % 17 }));
  }
  // 48 hours before expiry the daily check moves every code to Renewal needed; every other one is renewed.
  day(-12);
  addon.runExpiryCheck();
  for (let i = 0; i < codes; i++) {
    const url = videoUrl(700000 + i);
    if (i % 2 === 0)
      ok(
        addon.renewCode({
          videoUrl: url,
          sparkCode: sparkCode(800000 + i),
          authorizedOn: addDays(TODAY, -12),
          authDays: 30,
          decisionNote: 'Still converting',
        }),
      );
    if (i % 3 === 0) ok(addon.retireCode({ videoUrl: url, retirementReason: 'Campaign ended' }));
  }
  for (const d of [-11, -5, -1, 0]) {
    day(d);
    addon.runExpiryCheck();
  }
  const lines = [
    `Cell budget: ${fmt(codes)} codes taken through their lives by the add-on's own actions (10,000,000-cell limit on):`,
  ];
  lines.push('| sheet | rows used | columns | cells used | grid cells | cells used per code |');
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: |');
  let used = 0;
  for (const s of emu.spreadsheet.getSheets()) {
    const u = s.getLastRow() * s.getMaxColumns();
    used += u;
    lines.push(
      `| ${s.getName()} | ${fmt(s.getLastRow())} | ${fmt(s.getMaxColumns())} | ${fmt(u)} | ${fmt(s.getMaxRows() * s.getMaxColumns())} | ${fmt(u / codes, 1)} |`,
    );
  }
  const perCode = used / codes;
  lines.push(
    `All sheets: ${fmt(perCode, 1)} cells used per code, so about ${fmt(Math.floor(10000000 / perCode))} codes with this history fit in one spreadsheet (grid now ${fmt(emu.spreadsheet.cellCount())} cells).`,
  );
  // The Audit rolls over into yearly log spreadsheets past what Settings keeps (core/ledger/auditLog.ts): in the
  // workbook it stays under its kept lines plus the slack, whatever the number of codes. Settings and the
  // spreadsheet's first sheet do not grow with codes: they count once, at their grid size.
  const fixed = new Set(['Settings', 'Sheet1']);
  let perCodeRest = 0;
  let fixedCells = 0;
  let auditPerCode = 0;
  for (const s of emu.spreadsheet.getSheets()) {
    if (s.getName() === 'Audit') auditPerCode = (s.getLastRow() * s.getMaxColumns()) / codes;
    else if (fixed.has(s.getName())) fixedCells += s.getMaxRows() * s.getMaxColumns();
    else perCodeRest += (s.getLastRow() * s.getMaxColumns()) / codes;
  }
  const auditCap = Math.floor(AUDIT_LINES_KEPT * (1 + ROLL_SLACK)) * AUDIT_HEADERS.length;
  const fits = Math.floor((10000000 - auditCap - fixedCells) / perCodeRest);
  const logCells = LOG_FILE_LINES * AUDIT_HEADERS.length;
  lines.push(
    `With the Audit rolled over (${fmt(AUDIT_LINES_KEPT)} lines kept, at most ${fmt(auditCap)} cells): ${fmt(perCodeRest, 1)} cells a code outside the Audit and ${fmt(fixedCells)} fixed, ` +
      `so ${fmt(fits)} codes fit in the workbook; 50,000 codes use ${fmt(50000 * perCodeRest + auditCap + fixedCells)} cells. ` +
      `Their history, ${fmt(auditPerCode, 1)} cells a code, goes to log spreadsheets of up to ${fmt(logCells)} cells: ${fmt(Math.floor(logCells / auditPerCode))} codes' lives a log.`,
  );
  return lines;
}

/**
 * The TikTok sync (src/server/connect/sync.ts) at `codes` live codes spread
 * over five ad accounts on the fake TikTok server: every code authorized to
 * its account, a third of the videos with two ads, a day of figures per ad.
 * The first run fills every row's figures; the next day's finds one removed
 * post and a tenth of the figures moved. Fetches, calls, cells and modelled
 * seconds, and the share of the daily URL Fetch quota (20,000 consumer,
 * 100,000 Workspace: https://developers.google.com/apps-script/guides/services/quotas).
 */
function syncBench(codes: number): string[] {
  const accounts = ['ACME-US-001', 'NW-EU-002', 'GLX-APAC-003', 'ACME-DE-004', 'GLX-JP-005'];
  const advertisers = accounts.map((_, i) => `70012345678901234${String(10 + i)}`);
  const tiktok = new FakeTikTokBusiness();
  for (const a of advertisers) tiktok.addAdvertiser(a);
  tiktok.addToken('act.bench0123456789abcdef0123456789', advertisers);
  const h = startAddon({ costModel: CLOCK_LEVEL, fakes: [tiktok] });
  seedSettings(h.emu, { clients, adAccounts: accounts });
  const settings = h.emu.sheet('Settings');
  const header = settings.getRange(1, 1, 1, settings.getLastColumn()).getValues()[0].map(String);
  settings
    .getRange(2, header.indexOf('TikTok advertiser ID') + 1, accounts.length, 1)
    .setValues(advertisers.map((a) => [a]));
  const records: LedgerRecord[] = [];
  for (let i = 0; i < codes; i++) {
    const n = 900000 + i;
    const rec = receivedRecord(n, {
      client: clients[i % CLIENT_COUNT],
      adAccount: accounts[i % accounts.length],
      status: 'Spending',
      organicStatus: 'Live',
      ...(activationFields() as Partial<LedgerRecord>),
    } as Partial<LedgerRecord>);
    records.push(rec);
    const adv = advertisers[i % accounts.length];
    const itemId = String(rec.videoId);
    tiktok.addPost({
      authCode: rec.sparkCode,
      itemId,
      authStart: '2026-02-01 12:00:00',
      authEnd: '2026-04-02 12:00:00',
      advertiserId: adv,
    });
    for (let k = 0; k < (i % 3 === 0 ? 2 : 1); k++) {
      const adId = `179${String(n).padStart(10, '0')}${k}00000`;
      tiktok.addAd(adv, { adId, itemId });
      tiktok.addDailyStats(adv, { adId, day: '2026-02-20', spend: 10 + (i % 50), conversion: i % 7, comments: i % 5 });
    }
  }
  fillLedger(h.emu, records);
  const connected = h.addon.saveConnection({
    tiktokToken: 'act.bench0123456789abcdef0123456789',
    advertiserIds: advertisers,
  });
  if (!connected.ok) throw new Error('sync bench: connection refused');
  const run = (label: string): string => {
    const before = h.emu.net.requests.length;
    let result: { message?: string } = {};
    const m = measure(h.emu, () => {
      result = h.addon.syncConnected();
    });
    const fetches = h.emu.net.requests.length - before;
    return (
      `| ${fmt(codes)} | ${label}${m.stopped ? ' (stopped)' : ''} | ${fmt(fetches)} | ${fmt(m.calls)} | ${fmt(m.cellsRead)} | ${fmt(m.cellsWritten)} | ` +
      `${seconds(m, 'low')} | ${seconds(m, 'mid')} | ${seconds(m, 'high')} | ${fmt((100 * fetches) / 20000, 2)}% / ${fmt((100 * fetches) / 100000, 2)}% | ${result.message ?? ''} |`
    );
  };
  const first = run("first sync: every row's figures filled");
  h.emu.clock.set('2026-03-03T15:00:00Z');
  tiktok.deletePost(String(records[0].videoId));
  for (let i = 0; i < codes; i += 10) {
    const adv = advertisers[i % accounts.length];
    tiktok.addDailyStats(adv, {
      adId: `179${String(900000 + i).padStart(10, '0')}000000`,
      day: '2026-03-02',
      spend: 5,
      conversion: 1,
    });
  }
  const next = run('next day: a tenth moved, a post removed');
  return [first, next];
}

function bundleFigures(): string[] {
  const code = statSync(join(BUILD_DIR, 'Code.js')).size;
  let sidebar = 0;
  try {
    sidebar = statSync(join(BUILD_DIR, 'Sidebar.html')).size;
  } catch {
    // not built
  }
  const src = readFileSync(join(BUILD_DIR, 'Code.js'), 'utf8');
  const runs = 30;
  const t = performance.now();
  for (let i = 0; i < runs; i++) loadAddon(createEmulator({ files: builtHtmlFiles(), manifest: builtManifest() }));
  const evalMs = (performance.now() - t) / runs;
  return [
    `build/Code.js: ${code.toLocaleString('en-US')} bytes (${src.split('\n').length} lines); target < 150,000`,
    `build/Sidebar.html: ${sidebar.toLocaleString('en-US')} bytes; target < 100,000`,
    `bundle evaluation in a fresh sandbox: ${evalMs.toFixed(1)} ms (mean of ${runs}, includes creating the emulator)`,
  ];
}

function fmt(n: number | undefined, digits = 0): string {
  return n === undefined
    ? ''
    : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function seconds(m: Measured, level: keyof PerLevel): string {
  const v = m.modelledSeconds[level];
  return `${fmt(v, v < 10 ? 2 : 1)}${v * 1000 > EXECUTION_LIMIT_MS ? '!' : ''}`;
}

interface BenchEntry {
  work: string;
  rows: number;
  calls: number;
  cellsRead: number;
  cellsWritten: number;
  cellsSearched: number;
  modelledSeconds: PerLevel;
  nodeMs: number;
  stopped: boolean;
}

function entry(work: string, rows: number, m: Measured): BenchEntry {
  const round = (v: number) => Math.round(v * 1000) / 1000;
  const modelledSeconds = {
    low: round(m.modelledSeconds.low),
    mid: round(m.modelledSeconds.mid),
    high: round(m.modelledSeconds.high),
  };
  return {
    work,
    rows,
    calls: m.calls,
    cellsRead: m.cellsRead,
    cellsWritten: m.cellsWritten,
    cellsSearched: m.cellsSearched,
    modelledSeconds,
    nodeMs: round(m.nodeMs),
    stopped: m.stopped,
  };
}

function main(): void {
  console.log(
    `Spark Ledger benchmark — modelled Apps Script time at the ${COST_LEVELS.join(' / ')} published figures (packages/gas-emulator/src/cost.ts), clock at '${CLOCK_LEVEL}'; Node ${process.version}`,
  );
  for (const line of bundleFigures()) console.log(line);
  for (const line of cellBudget(Number(process.env.BENCH_BUDGET_CODES ?? 300))) console.log(line);
  const all: Row[] = [];
  for (const n of SIZES) all.push(...benchSize(n));
  console.log('');
  console.log(
    '| rows | work | calls | cells read | cells written | cells searched | Node ms | low s | mid s | high s | naive calls | naive cells read | naive low / mid / high s | ratio (mid) |',
  );
  console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const json: BenchEntry[] = [];
  for (const r of all) {
    const nv = r.naive;
    const stop = (m: Measured) => (m.stopped ? ' (stopped)' : '');
    console.log(
      `| ${fmt(r.rows)} | ${r.work}${stop(r)} | ${fmt(r.calls)} | ${fmt(r.cellsRead)} | ${fmt(r.cellsWritten)} | ${fmt(r.cellsSearched)} | ${fmt(r.nodeMs, 1)} | ${seconds(r, 'low')} | ${seconds(r, 'mid')} | ${seconds(r, 'high')} | ` +
        (nv
          ? `${fmt(nv.calls)}${stop(nv)} | ${fmt(nv.cellsRead)} | ${seconds(nv, 'low')} / ${seconds(nv, 'mid')} / ${seconds(nv, 'high')} | ${fmt(nv.modelledSeconds.mid / r.modelledSeconds.mid, 0)}× |`
          : ' |  |  |  |'),
    );
    json.push(entry(r.work, r.rows, r));
    if (nv) json.push(entry(`${r.work} (naive)`, r.rows, nv));
    if (r.tutorial) json.push(entry(`${r.work} (tutorial)`, r.rows, r.tutorial));
  }
  console.log('');
  console.log(
    'The tutorial way (read the sheet once, loop in JavaScript, appendRow or setValue per change), beside ours:',
  );
  console.log(
    '| rows | work | ours mid s | tutorial calls | tutorial cells read | tutorial low / mid / high s | tutorial ÷ ours (mid) |',
  );
  console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of all) {
    const t = r.tutorial;
    if (!t) continue;
    console.log(
      `| ${fmt(r.rows)} | ${r.work} | ${seconds(r, 'mid')} | ${fmt(t.calls)}${t.stopped ? ' (stopped)' : ''} | ${fmt(t.cellsRead)} | ${seconds(t, 'low')} / ${seconds(t, 'mid')} / ${seconds(t, 'high')} | ${fmt(t.modelledSeconds.mid / r.modelledSeconds.mid, 1)}× |`,
    );
  }
  console.log('');
  console.log(
    'The TikTok sync (five ad accounts; fetches are UrlFetchApp requests, quota share per day consumer / Workspace):',
  );
  console.log(
    '| live codes | run | fetches | calls | cells read | cells written | low s | mid s | high s | daily URL Fetch quota | result |',
  );
  console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const n of (process.env.BENCH_SYNC_CODES ?? '500,5000').split(',').map(Number))
    for (const line of syncBench(n)) console.log(line);
  console.log('');
  console.log(
    '"!": over the 6-minute limit at that level; "(stopped)": stopped by it at the clock\'s level, figures (and the ratio) up to the stop, so lower bounds.',
  );
  mkdirSync(BUILD_DIR, { recursive: true });
  writeFileSync(join(BUILD_DIR, 'bench.json'), `${JSON.stringify(json, null, 2)}\n`);
  console.log(`Figures written to ${join(BUILD_DIR, 'bench.json')}`);
}

main();
