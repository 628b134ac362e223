/**
 * The preview page's TikTok demo control in Chromium: after Load sample data
 * it says the demo connection is on; "Sync with TikTok now" runs the add-on's
 * sync and shows its message, the grid shows the deleted post flagged and the
 * outbox the owners' email (the screenshot test-artifacts/preview/tiktok-demo.png);
 * "Delete a post on TikTok" deletes one more on the fake.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { browserSuite, launchChromium } from '../browser/harness';
import { type Preview, startPreview } from './server';

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts', 'preview');
const NOW = new Date('2026-03-02T15:00:00Z');
const TZ = 'America/New_York';
// Loading the sample data replays ~1,600 add-on actions; leave room on a busy two-core machine.
const SLOW = 180000;

browserSuite('the preview TikTok demo in Chromium', () => {
  let browser: Browser;
  let dir: string;
  let preview: Preview | null = null;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'spark-tiktok-page-'));
    browser = await launchChromium();
  });

  afterAll(async () => {
    if (preview) await preview.close();
    if (browser) await browser.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(
    'shows the demo connection, syncs with TikTok from the toolbar and shows the message, and deletes a post',
    async () => {
      preview = await startPreview({ port: 0, stateFile: join(dir, 'state.json'), now: NOW, timeZone: TZ });
      const p = preview;
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`http://127.0.0.1:${p.port}/`);
      await page.waitForSelector('body[data-ready="true"]');
      await expect(page.textContent('#tiktok-state')).resolves.toBe('off');

      await page.click('#sample');
      await page.waitForFunction(
        () => /Sample data: \d+ rows/.test(document.getElementById('status')!.textContent ?? ''),
        undefined,
        { timeout: 120000 },
      );
      await expect(page.textContent('#status')).resolves.toMatch(
        /TikTok demo connected: 10 ad accounts, 2 posts deleted on TikTok/,
      );
      await page.waitForSelector('#tiktok-state.on');
      await expect(page.textContent('#tiktok-state')).resolves.toBe('on');
      await expect(page.getAttribute('#tiktok-state', 'title')).resolves.toMatch(
        /^TikTok: 10 ad accounts, TokPortal connected\. On the fake TikTok: \d+ public posts, 2 deleted\.$/,
      );

      await page.click('#tiktok-sync');
      await page.waitForFunction(() => /^TikTok sync: /.test(document.getElementById('status')!.textContent ?? ''));
      const message = (await page.textContent('#status'))!;
      expect(message).toMatch(
        /^TikTok sync: 10 ad accounts synced today, \d+ rows updated, 1 TokPortal code recorded, \d owners emailed\.$/,
      );
      await expect(page.textContent('#toasts')).resolves.toContain(message);
      await page.waitForSelector('#outbox:not([hidden])');

      // The picture: a removed post's row selected beside its Organic post cell, the owners' email open.
      const removed = p.session.emu
        .sheet('Ledger')
        .readValues(1, 1, p.session.emu.sheet('Ledger').getLastRow(), 23)
        .findIndex((r) => r[22] === 'Removed');
      expect(removed).toBeGreaterThan(0);
      const cell = `#grid tr[data-row="${removed + 1}"] td[data-col="23"]`;
      await page.evaluate((sel) => {
        const header = Array.from(document.querySelectorAll('#grid tr[data-row="1"] td')) as HTMLElement[];
        const creator = header.find((td) => td.textContent === 'Creator handle')!;
        const wrap = document.getElementById('grid-wrap')!;
        const td = document.querySelector(sel) as HTMLElement;
        wrap.scrollTop = (td.parentNode as HTMLElement).offsetTop - 200;
        wrap.scrollLeft = creator.offsetLeft - 46;
      }, cell);
      await page.click(cell);
      await expect(page.textContent(cell)).resolves.toBe('Removed');
      const mail = page.locator('#outbox-list .mail', { hasText: 'TikTok reports' }).first();
      await mail.locator('summary').click();
      // The email's HTML part is drawn in a frame.
      const body = (await (await mail.locator('iframe').elementHandle())!.contentFrame())!;
      await body.waitForFunction(() => /Post removed@/.test(document.body?.textContent ?? ''));
      await page.screenshot({ path: join(ARTIFACTS, 'tiktok-demo.png') });

      await page.click('#tiktok-delete');
      await page.waitForFunction(() =>
        /^Deleted on TikTok: @/.test(document.getElementById('status')!.textContent ?? ''),
      );
      await expect(page.textContent('#status')).resolves.toMatch(/Sync with TikTok now flags it/);
      await page.waitForFunction(() => / 3 deleted\.$/.test(document.getElementById('tiktok-state')!.title));
      // Synced again by hand the same day, the post just deleted is flagged and its owners told.
      const mails = p.session.emu.outbox.length;
      await page.click('#tiktok-sync');
      await page.waitForFunction(() => /owners? emailed/.test(document.getElementById('status')!.textContent ?? ''));
      expect(p.session.emu.outbox.length).toBeGreaterThan(mails);
      expect(errors).toEqual([]);
      await page.close();
    },
    SLOW,
  );
});
