/**
 * Benchmark: service calls, Node compute time and a modelled Apps Script time
 * for every entry point, on generated ledgers of 100 to 50,000 rows, against
 * the same work written the naive way (a service call per row).
 *
 * Modelled time = calls × PER_CALL_MS + Node time. Apps Script documents no
 * per-call latency; published measurements of service round trips from Apps
 * Script put one between 20 and 60 ms (e.g. PropertiesService get 30 ms mean,
 * https://ziritione.org/post/apps_script_performance), and Google's best
 * practices say each call to another service is the cost to avoid
 * (https://developers.google.com/apps-script/guides/support/best-practices).
 * We model 30 ms per call.
 */
import { readFileSync, statSync } from 'fs';
import { join } from 'path';
import { performance } from 'perf_hooks';
import { createEmulator, Emulator } from '../emulator';
import { BUILD_DIR, Addon, builtHtmlFiles, builtManifest, loadAddon, startAddon } from '../support/addon';
import { ALL_PRE_CHECKS, activationFields, requestInput, seedSettings, sparkCode, videoUrl } from '../support/fixtures';
import { fillLedger, receivedRecord } from '../support/ledgerFill';
import { LedgerRecord, DEFAULT_MARKETS } from '../../src/core/fields';
import { addDays } from '../../src/core/dates';

const PER_CALL_MS = 30;
const SIZES = (process.env.BENCH_SIZES ?? '100,1000,10000,50000').split(',').map(Number);
const CLIENT_COUNT = 200;
const TODAY = '2026-03-02';

const clients = Array.from({ length: CLIENT_COUNT }, (_, i) => `Client ${String(i + 1).padStart(3, '0')}`);
const STATUS_MIX: LedgerRecord['status'][] = ['Requested', 'Received', 'Activated', 'Spending', 'Spending', 'Paused', 'Expired', 'Retired'];

function generated(n: number): LedgerRecord[] {
  const out: LedgerRecord[] = [];
  for (let i = 0; i < n; i++) {
    const status = STATUS_MIX[i % STATUS_MIX.length];
    const authorizedOn = addDays(TODAY, -((i * 7) % 90));
    const authDays = [7, 30, 60, 365][i % 4];
    const hasCode = status !== 'Requested';
    const live = ['Activated', 'Spending', 'Paused'].includes(status);
    out.push(receivedRecord(1000 + i, {
      client: clients[i % CLIENT_COUNT],
      market: DEFAULT_MARKETS[i % DEFAULT_MARKETS.length],
      status,
      sparkCode: hasCode ? sparkCode(1000 + i) : '',
      authorizedOn: hasCode ? authorizedOn : '',
      authDays: hasCode ? authDays : '',
      expiresOn: hasCode ? addDays(authorizedOn, authDays) : '',
      ...(live ? { ...(activationFields() as Partial<LedgerRecord>), spendStart: authorizedOn, spend: (i % 97) * 13.5, conversions: i % 41, currency: i % 3 ? 'USD' : 'EUR' } : {}),
      ...(status === 'Retired' ? { retirementReason: 'Campaign ended', renewalDecision: 'Retire' } : {}),
      ...(i % 11 === 0 ? { generationPrompt: 'A product demo in a kitchen', humanReviewed: true } : {}),
      preRequestChecks: ALL_PRE_CHECKS,
    } as Partial<LedgerRecord>));
  }
  return out;
}

interface Row {
  rows: number;
  work: string;
  calls: number;
  nodeMs: number;
  naiveCalls?: number;
  naiveNodeMs?: number;
}

function modelled(calls: number, ms: number): number {
  return (calls * PER_CALL_MS + ms) / 1000;
}

function fresh(n: number): { emu: Emulator; addon: Addon } {
  const h = startAddon();
  seedSettings(h.emu, { clients });
  fillLedger(h.emu, generated(n));
  h.emu.calls.reset();
  return h;
}

function measure(emu: Emulator, fn: () => unknown): { calls: number; nodeMs: number; value: unknown } {
  emu.calls.reset();
  const t = performance.now();
  const value = fn();
  return { calls: emu.calls.total, nodeMs: performance.now() - t, value };
}

// ---- naive baselines: what tutorials write, a call per row ----------------

function naiveDuplicateScanAndAppend(g: any, row: unknown[], url: string): void {
  const sheet = g.SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Ledger');
  const last = sheet.getLastRow();
  for (let r = 2; r <= last; r++) if (sheet.getRange(r, 1).getValue() === url) throw new Error('duplicate');
  sheet.appendRow(row);
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
  const headers = ['Video URL', 'Creator handle', 'Client', 'Brand', 'Campaign', 'Market', 'Requested window (days)', 'Ad account', 'Approval owner', 'Pre-request checks', 'Status'];
  const lines = [headers.join(',')];
  for (let i = 0; i < n; i++) {
    const r = requestInput(from + i, { client: clients[i % CLIENT_COUNT] });
    lines.push([r.videoUrl, r.creatorHandle, r.client, r.brand, r.campaign, r.market, r.requestedDays, r.adAccount, r.approvalOwner, `"${ALL_PRE_CHECKS.join('; ')}"`, 'Requested'].join(','));
  }
  return lines.join('\n');
}

function benchSize(n: number): Row[] {
  const rows: Row[] = [];
  const add = (work: string, m: { calls: number; nodeMs: number }, naive?: { calls: number; nodeMs: number }) =>
    rows.push({ rows: n, work, calls: m.calls, nodeMs: m.nodeMs, naiveCalls: naive?.calls, naiveNodeMs: naive?.nodeMs });
  const has = (addon: Addon, fn: string) => typeof addon[fn] === 'function';

  // Sidebar actions on one ledger, in lifecycle order.
  {
    const { emu, addon } = fresh(n);
    const url = videoUrl(900000);
    const req = measure(emu, () => addon.requestCode(requestInput(900000, { client: clients[0] })));
    const naiveEmu = fresh(n).emu;
    const naive = measure(naiveEmu, () => naiveDuplicateScanAndAppend(naiveEmu.globals, [url], url));
    add('requestCode', req, naive);
    add('recordCode', measure(emu, () => addon.recordCode({ videoUrl: url, sparkCode: sparkCode(900000), authorizedOn: '2026-03-01', authDays: 30 })));
    add('changeStatus', measure(emu, () => addon.changeStatus({ videoUrl: url, status: 'Activated', ...activationFields() })));
    add('updateRecord', measure(emu, () => addon.updateRecord({ videoUrl: url, spend: 10, usageNotes: 'bench' })));
    add('getRecord', measure(emu, () => addon.getRecord(url)));
    add('getFormOptions', measure(emu, () => addon.getFormOptions()));
    if (has(addon, 'findRecords')) add('findRecords', measure(emu, () => addon.findRecords({ text: 'Client 00', limit: 20 })));
    if (has(addon, 'requestMessage')) add('requestMessage', measure(emu, () => addon.requestMessage(url)));
    if (has(addon, 'getSelectedRecord')) {
      emu.spreadsheet.getSheetByName('Ledger')!.getRange(3, 1).activate();
      add('getSelectedRecord', measure(emu, () => addon.getSelectedRecord()));
    }
    add('retireCode', measure(emu, () => addon.retireCode({ videoUrl: url, retirementReason: 'Campaign ended' })));
  }
  {
    const { emu, addon } = fresh(n);
    if (has(addon, 'runExpiryCheck')) {
      const naiveEmu = fresh(n).emu;
      add('runExpiryCheck', measure(emu, () => addon.runExpiryCheck()), measure(naiveEmu, () => naiveExpiryCheck(naiveEmu.globals)));
      // The renewal path needs a row the check moved to Renewal needed or Expired.
      const rec = addon.findRecords ? (addon.findRecords({ status: 'Expired', limit: 1 }) as LedgerRecord[])[0] : null;
      if (rec) add('renewCode', measure(emu, () => addon.renewCode({ videoUrl: rec.videoUrl, sparkCode: sparkCode(800000), authorizedOn: '2026-03-02', authDays: 30, decisionNote: 'Still converting' })));
    }
    if (has(addon, 'validateLedger')) {
      const naiveEmu = fresh(n).emu;
      add('validateLedger', measure(emu, () => addon.validateLedger()), measure(naiveEmu, () => naiveValidate(naiveEmu.globals)));
    }
    if (has(addon, 'generateClientReport')) {
      const naiveEmu = fresh(n).emu;
      add('generateClientReport', measure(emu, () => addon.generateClientReport(clients[0])), measure(naiveEmu, () => naiveReport(naiveEmu.globals, clients[0])));
    }
    if (has(addon, 'refreshAllClientReports') && n <= 10000) {
      add(`refreshAllClientReports (${CLIENT_COUNT} clients)`, measure(emu, () => addon.refreshAllClientReports()));
    }
  }
  {
    const { emu, addon } = fresh(n);
    if (has(addon, 'importRows')) {
      const csv = csvFor(1000, 500000);
      const naiveEmu = fresh(n).emu;
      const lines = csv.split('\n').slice(1).map((l) => l.split(','));
      add('importRows (1,000 lines)', measure(emu, () => addon.importRows(csv)), measure(naiveEmu, () => naiveImport(naiveEmu.globals, lines)));
    }
  }
  return rows;
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
  return n === undefined ? '' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function main(): void {
  console.log(`Spark Ledger benchmark — ${PER_CALL_MS} ms modelled per service call; Node ${process.version}`);
  for (const line of bundleFigures()) console.log(line);
  const all: Row[] = [];
  for (const n of SIZES) all.push(...benchSize(n));
  console.log('');
  console.log('| rows | work | calls | Node ms | modelled s | naive calls | naive modelled s | ratio |');
  console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of all) {
    const m = modelled(r.calls, r.nodeMs);
    const nm = r.naiveCalls === undefined ? undefined : modelled(r.naiveCalls, r.naiveNodeMs ?? 0);
    console.log(`| ${fmt(r.rows)} | ${r.work} | ${fmt(r.calls)} | ${fmt(r.nodeMs, 1)} | ${fmt(m, 2)} | ${fmt(r.naiveCalls)} | ${fmt(nm, 1)} | ${nm === undefined ? '' : `${fmt(nm / m, 0)}×`} |`);
  }
}

main();
