/**
 * The `npm start` preview in a real browser: the page opens the spreadsheet
 * (onOpen builds the menu), the menu opens the real sidebar, the sidebar's
 * request lands in the grid, and the state survives a restart. A second run
 * loads the sample data and takes the screenshot test-artifacts/preview.png.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { browserSuite, launchChromium } from '../browser/harness';
import { type Preview, startPreview } from './server';

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');
const NOW = new Date('2026-03-02T15:00:00Z');
const TZ = 'America/New_York';
const VIDEO = 'https://www.tiktok.com/@lena.cooks/video/7412345678901234567';
// Loading the sample data replays ~1,600 add-on actions; leave room on a busy two-core machine.
const SLOW = 180000;

browserSuite('npm start preview in Chromium', () => {
  let browser: Browser;
  let dir: string;
  const running: Preview[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'spark-preview-'));
    browser = await launchChromium();
  });

  afterEach(async () => {
    for (const p of running.splice(0)) await p.close();
  });

  afterAll(async () => {
    if (browser) await browser.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function preview(stateFile: string): Promise<Preview> {
    const p = await startPreview({ port: 0, stateFile, now: NOW, timeZone: TZ });
    running.push(p);
    return p;
  }

  async function openPage(p: Preview): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${p.port}/`);
    await page.waitForSelector('body[data-ready="true"]');
    return { page, errors };
  }

  async function menu(page: Page, caption: string): Promise<void> {
    await page.click('#menubar >> text=Extensions');
    await page.hover('.dropdown >> text=Spark Ledger');
    await page.click(`.dropdown button.item:has-text("${caption}")`);
  }

  async function sidebarFrame(page: Page): Promise<Frame> {
    await page.waitForSelector('#sidebar:not([hidden])');
    const handle = await page.waitForSelector('#sidebar-frame');
    const frame = (await handle.contentFrame())!;
    await frame.waitForSelector('body[data-ready="true"]');
    return frame;
  }

  /** The text of Ledger row `row` in the grid, by column header. */
  async function gridRow(page: Page, row: number): Promise<Record<string, string>> {
    return page.evaluate((r) => {
      const grid = document.getElementById('grid') as HTMLTableElement;
      const cells = (n: number) =>
        Array.from(grid.tBodies[0].rows[n - 1].querySelectorAll('td')).map((td) => td.textContent ?? '');
      const header = cells(1);
      const values = cells(r);
      const out: Record<string, string> = {};
      header.forEach((h, i) => {
        if (h) out[h] = values[i];
      });
      return out;
    }, row);
  }

  it(
    'uses the menu to open the sidebar, and a request made there shows in the grid and survives a restart',
    async () => {
      const stateFile = join(dir, 'state.json');
      const p = await preview(stateFile);
      const { page, errors } = await openPage(p);

      // The menu is the one the bundle's onOpen built.
      await page.click('#menubar >> text=Extensions');
      await page.hover('.dropdown >> text=Spark Ledger');
      const captions = await page.locator('.dropdown .sub button.item').allTextContents();
      expect(captions).toEqual(
        p.session.emu.ui.menus[0].items.filter((i) => i.kind === 'item').map((i) => (i as { caption: string }).caption),
      );
      await page.keyboard.press('Escape');
      await page.mouse.click(700, 600);

      await expect(page.textContent('#tabs')).resolves.toContain('Ledger');
      await expect(page.textContent('#clock')).resolves.toBe('2026-03-02 10:00');

      await menu(page, 'Open sidebar');
      const sidebar = await sidebarFrame(page);
      // A sidebar that opens on another tab (Today) is one click from the request form.
      if (await sidebar.$('#tab-request')) await sidebar.click('#tab-request');
      for (let i = 0; i < 6; i++) await sidebar.check(`#request-preRequestChecks-${i}`);
      await sidebar.fill('#request-videoUrl', VIDEO);
      await sidebar.fill('#request-creatorHandle', '@lena.cooks');
      await sidebar.selectOption('#request-client', 'Northwind Foods');
      await sidebar.fill('#request-brand', 'Northwind Kitchen');
      await sidebar.fill('#request-campaign', 'Five-minute dinners');
      await sidebar.selectOption('#request-market', 'DE');
      await sidebar.fill('#request-requestedDays', '30');
      await sidebar.selectOption('#request-adAccount', 'NW-EU-010');
      await sidebar.fill('#request-approvalOwner', 'ana.approvals@agency.example');
      await sidebar.click('#request-submit');
      await sidebar.waitForSelector('#request-notice:not([hidden])');

      // The grid redraws by itself when the sidebar's call changes the sheet.
      await page.waitForFunction((url) => document.getElementById('grid')!.textContent!.includes(url), VIDEO);
      const row = await gridRow(page, 2);
      expect(row['Video URL']).toBe(VIDEO);
      expect(row['Video ID']).toBe('7412345678901234567');
      expect(row.Status).toBe('Requested');
      expect(row.Client).toBe('Northwind Foods');
      expect(row.Market).toBe('DE');
      await page.screenshot({ path: join(ARTIFACTS, 'preview-request.png') });

      // The notice's link to the row moves the grid to it instead of leaving for Google.
      await sidebar.click('#request-rowlink');
      await page.waitForSelector('#grid tr[data-row="2"] td.sel');

      // The Audit tab shows what the add-on logged.
      await page.click('#tabs >> text=Audit');
      await page.waitForFunction((url) => document.getElementById('grid')!.textContent!.includes(url), VIDEO);

      // A plain alert from a menu item is shown in the page and needs an OK.
      await menu(page, 'Set up ledger');
      await page.waitForSelector('#modal-back:not([hidden])');
      await expect(page.textContent('#modal')).resolves.toContain('already set up');
      await page.click('#modal button:has-text("OK")');
      expect(errors).toEqual([]);
      await page.close();

      // The state file has the row; a new server on it shows the same sheet.
      expect(readFileSync(stateFile, 'utf8')).toContain('7412345678901234567');
      await p.close();
      running.splice(running.indexOf(p), 1);
      const again = await preview(stateFile);
      const second = await openPage(again);
      // It opens where the cursor was left (the Audit tab); the Ledger holds the row.
      await second.page.waitForSelector('#tabs .tab.active[data-sheet="Audit"]');
      await second.page.click('#tabs .tab[data-sheet="Ledger"]');
      await second.page.waitForSelector('#grid tr[data-row="1"] td:text-is("Video ID")');
      expect((await gridRow(second.page, 2)).Status).toBe('Requested');
      await second.page.close();
    },
    SLOW,
  );

  it(
    'loads sample data, colours codes by expiry, and fires the daily trigger as the clock moves',
    async () => {
      const p = await preview(join(dir, 'sample.json'));
      const { page, errors } = await openPage(p);
      await page.click('#sample');
      await page.waitForFunction(
        () => /Sample data: \d+ rows/.test(document.getElementById('status')!.textContent ?? ''),
        undefined,
        { timeout: 120000 },
      );
      await page.waitForFunction(() => !(document.getElementById('sample') as HTMLButtonElement).disabled);
      await expect(page.textContent('#status')).resolves.toMatch(/Sample data: 300 rows from \d+ add-on actions/);
      await expect(page.textContent('#status')).resolves.not.toContain('refused');

      const statuses = await page.evaluate(() => {
        const grid = document.getElementById('grid') as HTMLTableElement;
        const rows = Array.from(grid.tBodies[0].rows);
        const header = Array.from(rows[0].querySelectorAll('td')).map((td) => td.textContent);
        const col = header.indexOf('Status');
        return rows
          .slice(1)
          .map((tr) => {
            const td = tr.querySelectorAll('td')[col];
            return { status: td.textContent, background: getComputedStyle(td).backgroundColor };
          })
          .filter((s) => s.status);
      });
      expect(statuses).toHaveLength(300);
      // Expired codes turn red through the ledger's conditional-format rule, as in Sheets.
      const expired = statuses.filter((s) => s.status === 'Expired');
      expect(expired.length).toBeGreaterThan(0);
      for (const s of expired) expect(s.background).toBe('rgb(244, 199, 195)');
      expect(statuses.filter((s) => s.status === 'Requested').every((s) => s.background === 'rgb(255, 255, 255)')).toBe(
        true,
      );
      // The picture of the preview: the sidebar open beside the code, expiry and status columns.
      await menu(page, 'Open sidebar');
      await sidebarFrame(page);
      await page.evaluate(() => {
        const header = Array.from(document.querySelectorAll('#grid tr[data-row="1"] td')) as HTMLElement[];
        const code = header.find((td) => td.textContent === 'Spark code')!;
        const wrap = document.getElementById('grid-wrap')!;
        wrap.scrollLeft = code.offsetLeft - 46;
        // Down to where codes start to run out, so the expiry colours are in the picture.
        const red = Array.from(document.querySelectorAll('#grid td')).find(
          (td) => getComputedStyle(td).backgroundColor === 'rgb(244, 199, 195)',
        ) as HTMLElement;
        wrap.scrollTop = (red.parentNode as HTMLElement).offsetTop - 160;
      });
      await page.screenshot({ path: join(ARTIFACTS, 'preview.png') });
      await page.click('#sidebar-close');

      // The expiry check's trigger is installed (it fires hourly: 48 times in two days, the day's check in the first at or after the alert hour); two days on, it runs and mails the owners.
      const state = await page.evaluate(() => fetch('/api/state').then((r) => r.json()));
      expect(state.triggers.map((t: { handler: string }) => t.handler)).toContain('runExpiryCheck');
      await page.click('button[data-advance="86400000"]');
      await page.waitForFunction(() => document.getElementById('clock')!.textContent === '2026-03-03 10:00');
      await page.click('button[data-advance="86400000"]');
      await page.waitForFunction(() => document.getElementById('due-count')!.textContent === '48');
      await page.click('#fire');
      await page.waitForFunction(() => /^Fired /.test(document.getElementById('status')!.textContent ?? ''));
      await page.waitForSelector('#outbox:not([hidden])');
      const mails = await page.locator('#outbox-list .mail').count();
      expect(mails).toBeGreaterThan(0);
      expect(mails).toBe(p.session.emu.outbox.length);
      await expect(page.textContent('#due-count')).resolves.toBe('');
      await page.locator('#outbox-list .mail summary').first().click();
      await page.screenshot({ path: join(ARTIFACTS, 'preview-outbox.png') });

      // A row link in an alert email selects that row of the Ledger.
      const mailFrame = (await (await page.waitForSelector('#outbox-list .mail[open] iframe')).contentFrame())!;
      const link = mailFrame.locator('a[href*="range=A"]').first();
      const row = Number(/range=A(\d+)/.exec((await link.getAttribute('href'))!)![1]);
      await link.click();
      await page.waitForSelector(`#grid tr[data-row="${row}"] td.sel`);
      expect(errors).toEqual([]);
      await page.close();
    },
    SLOW,
  );
});
