/**
 * Picking a client from a list: the menu shows a modal dialog with every
 * client that has rows, the dialog calls clientReportFromPicker through
 * google.script.run, and shows what happened, a published copy as a link.
 * The last suite runs the dialog page itself in Chromium: a lead building a
 * report, then publishing it (screenshot: test-artifacts/reports/publish-dialog.png).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { LedgerRecord } from '../../src/core/ledger/fields';
import type { Harness } from '../support/addon';
import { seedSettings } from '../support/fixtures';
import { callServerFunction } from '../support/gasRpc';
import { browserSuite, launchChromium } from '../browser/harness';
import { clientSettings, dialogData, liveRow, setup } from './helpers';

describe('the client picker', () => {
  it('lists every client with rows, from the Ledger and the Archive, instead of asking for a typed name', () => {
    const h = setup([
      liveRow(1, 'Acme Apps'),
      liveRow(2, 'Globex Games', {
        status: 'Expired',
        paidStatus: 'Ended',
        expiresOn: '2025-10-01',
      } as Partial<LedgerRecord>),
      liveRow(3, 'Acme Apps'),
    ]);
    h.addon.archiveClosed(30);
    h.addon.menuGenerateClientReport();
    expect(h.emu.ui.prompts).toEqual([]);
    expect(h.emu.ui.alerts).toEqual([]);
    const dialog = h.emu.ui.dialogs.pop()!;
    expect(dialog).toMatchObject({ modal: true, title: 'Spark Ledger · Generate client report', width: 460 });
    const data = dialogData(dialog.html);
    expect(data).toMatchObject({ mode: 'pick', action: 'generate', button: 'Generate report' });
    // Northwind Foods is on the Settings list but has no rows: not listed.
    expect(data.clients).toEqual([
      { name: 'Acme Apps', videos: 2 },
      { name: 'Globex Games', videos: 1 },
    ]);
    expect(dialog.html).toContain('google.script.run');
    expect(dialog.html).toContain('.clientReportFromPicker(data.action, chosen)');
  });

  it('builds the chosen report, shows its tab and says so', () => {
    const h = setup([liveRow(1, 'Acme Apps'), liveRow(2, 'Globex Games')]);
    const r = h.addon.clientReportFromPicker('generate', 'Acme Apps');
    expect(r).toEqual({ message: '"Report · Acme Apps" is ready with 1 video.', links: [], notices: [] });
    expect(h.emu.spreadsheet.getActiveSheet().getName()).toBe('Report · Acme Apps');
  });

  it('publishes the chosen report and gives the copy as a link, with whom it is shared', () => {
    const h = setup([liveRow(1, 'Acme Apps')]);
    clientSettings(h.emu, { 'Acme Apps': { email: 'marketing@acme.example' } });
    h.addon.menuPublishClientReport();
    expect(dialogData(h.emu.ui.dialogs.pop()!.html)).toMatchObject({ action: 'publish', button: 'Publish report' });
    const r = h.addon.clientReportFromPicker('publish', 'Acme Apps');
    expect(r.message).toBe(
      "The report for Acme Apps is published in the client's own spreadsheet; they never need this ledger.",
    );
    expect(r.links).toHaveLength(1);
    expect(r.links[0].label).toBe('Open the published report');
    expect(r.links[0].url).toMatch(/^https:\/\/docs\.google\.com\/spreadsheets\/d\/.+\/edit$/);
    expect(r.links[0].note).toBe('Shared as a viewer with marketing@acme.example.');
    // No alert with the link as plain text.
    expect(h.emu.ui.alerts).toEqual([]);
  });

  it('says there is nothing to pick when no client has rows', () => {
    const h = setup([]);
    h.addon.menuGenerateClientReport();
    h.addon.menuPublishClientReport();
    expect(h.emu.ui.dialogs).toEqual([]);
    expect(h.emu.ui.alerts).toEqual([
      'No client has rows in the ledger yet: there is no report to make.',
      'No client has rows in the ledger yet: there is no report to make.',
    ]);
  });

  it('carries any client name as data: it cannot end the page’s script or become HTML', () => {
    const evil = '</script><img src=x onerror=alert(1)> & "Co"';
    const h = setup([liveRow(1, evil), liveRow(2, 'Acme Apps')]);
    h.addon.menuGenerateClientReport();
    const html = h.emu.ui.dialogs.pop()!.html;
    expect(html).not.toContain('</script><img');
    expect(dialogData(html).clients.map((c: { name: string }) => c.name)).toContain(evil);
  });

  it('refuses an unknown action and an unknown client, writing nothing', () => {
    const h = setup([liveRow(1, 'Acme Apps')]);
    expect(() => h.addon.clientReportFromPicker('delete', 'Acme Apps')).toThrow(/Choose Generate or Publish/);
    expect(() => h.addon.clientReportFromPicker('generate', 'Initech')).toThrow(/has no rows in the ledger/);
    expect(h.emu.spreadsheet.getSheetByName('Report · Acme Apps')).toBeNull();
  });
});

const SHOTS = join(__dirname, '..', '..', 'test-artifacts', 'reports');
const errors: string[] = [];

/** The dialog in Chromium, with google.script.run answered by the built add-on on the emulator. */
async function openDialog(browser: Browser, h: Harness, html: string): Promise<Page> {
  // The size the menu opens it at (reports/picker.ts: 460 wide).
  const page = await browser.newPage({ viewport: { width: 460, height: 420 } });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.exposeFunction('__rpc', (fn: string, args: unknown[]) => callServerFunction(h.emu, fn, args));
  await page.addInitScript(() => {
    const w = window as unknown as Record<string, unknown>;
    // Bound by exposeFunction; looked up at each call, as it may come after this script.
    const rpc = (fn: string, args: unknown[]) =>
      (w.__rpc as (f: string, a: unknown[]) => Promise<{ ok: boolean; value?: unknown; error?: unknown }>)(fn, args);
    const runner = (ok?: (v: unknown) => void, fail?: (e: unknown) => void): unknown =>
      new Proxy(
        {},
        {
          get(_t, name: string) {
            if (name === 'withSuccessHandler') return (f: (v: unknown) => void) => runner(f, fail);
            if (name === 'withFailureHandler') return (f: (e: unknown) => void) => runner(ok, f);
            return (...args: unknown[]) => {
              rpc(name, args).then((r) => (r.ok ? ok?.(r.value) : fail?.(r.error)));
            };
          },
        },
      );
    w.google = {
      script: {
        run: runner(),
        host: {
          close: () => {
            w.__closed = true;
          },
          setHeight: () => {},
        },
      },
    };
  });
  // Served from an address (not setContent), so the stand-in above is in place before the page's script runs.
  await page.route('http://dialog.test/', (route) => route.fulfill({ contentType: 'text/html', body: html }));
  await page.goto('http://dialog.test/');
  return page;
}

browserSuite('the client picker in a browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(() => {
    expect(errors.splice(0)).toEqual([]);
  });

  it('filters the list, builds the picked report, then publishes one and shows the copy as a link', async () => {
    const clients = ['Acme Apps', 'Globex Games', 'Northwind Foods', 'Initech', 'Umbrella', 'Hooli', 'Stark', 'Wayne'];
    const h = setup(clients.map((c, i) => liveRow(i + 1, c)));
    seedSettings(h.emu, { clients });
    clientSettings(h.emu, { 'Acme Apps': { email: 'marketing@acme.example' } });
    h.addon.menuGenerateClientReport();
    const page = await openDialog(browser, h, h.emu.ui.dialogs.pop()!.html);
    expect(await page.locator('#go').isDisabled()).toBe(true);
    await page.fill('#filter', '  acme  ');
    expect(await page.locator('#clients li:visible').allTextContents()).toEqual(['Acme Apps1 video']);
    await page.click('#clients li:visible label');
    await page.click('#go');
    await page.waitForSelector('#done:not(.hidden)');
    expect(await page.textContent('#message')).toBe('"Report · Acme Apps" is ready with 1 video.');
    expect(h.emu.spreadsheet.getSheetByName('Report · Acme Apps')).not.toBeNull();
    await page.click('#close');
    expect(await page.evaluate(() => (window as unknown as { __closed?: boolean }).__closed)).toBe(true);
    await page.close();

    h.addon.menuPublishClientReport();
    const pub = await openDialog(browser, h, h.emu.ui.dialogs.pop()!.html);
    await pub.locator('#clients li label', { hasText: 'Acme Apps' }).click();
    await pub.click('#go');
    await pub.waitForSelector('#links a');
    const link = pub.locator('#links a');
    expect(await link.textContent()).toBe('Open the published report');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('href')).toMatch(/^https:\/\/docs\.google\.com\/spreadsheets\/d\//);
    expect(await pub.textContent('#links .note')).toBe('Shared as a viewer with marketing@acme.example.');
    mkdirSync(SHOTS, { recursive: true });
    await pub.screenshot({ path: join(SHOTS, 'publish-dialog.png') });
    await pub.close();
  });

  it('shows a failure in the dialog and lets the person pick again', async () => {
    // Initech is not on the Settings list: without rows it has no report.
    const h = setup([liveRow(1, 'Initech'), liveRow(2, 'Globex Games')]);
    h.addon.menuGenerateClientReport();
    const page = await openDialog(browser, h, h.emu.ui.dialogs.pop()!.html);
    // Its row goes while the dialog is open.
    h.emu.sheet('Ledger').deleteRows(2, 1);
    await page.locator('#clients li label', { hasText: 'Initech' }).click();
    await page.click('#go');
    await page.waitForSelector('#status.error');
    expect(await page.textContent('#status')).toMatch(/^Client "Initech" has no rows in the ledger/);
    expect(await page.locator('#go').isDisabled()).toBe(false);
    await page.close();
  });
});
