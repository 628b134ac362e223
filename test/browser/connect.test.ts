/**
 * The connection to TikTok and TokPortal in Chromium, on the emulator's fake
 * servers: a lead connects from the Tools tab (the secret never reaches the
 * page again), syncs, asks TokPortal for a code from the Code tab, and checks
 * a code with TikTok from the picked video's card. Screenshots go to
 * test-artifacts/sidebar/connection.png and tokportal.png.
 */
import { join } from 'node:path';
import { FakeTikTokBusiness, FakeTikTokWeb, FakeTokPortal } from '@spark-ledger/gas-emulator';
import type { Page } from 'playwright-core';
import type { LedgerRecord } from '../../src/core/ledger/fields';
import { liveRecord } from '../expiry/helpers';
import type { Harness } from '../support/addon';
import { sparkCode, videoUrl } from '../support/fixtures';
import { fillLedger, receivedRecord } from '../support/ledgerFill';
import { SHOTS, type Session, browserSuite, ledgerValues, useSidebarSessions } from './harness';

const TOKEN = 'act.9f8e7d6c5b4a39281706f5e4d3c2b1a0feedface1234';
const TOKPORTAL_KEY = 'sk_live_4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c';
const ADVERTISER = '7001234567890123456';
const ME = 'am@agency.example';
const idOf = (n: number) => videoUrl(n).split('/').pop() as string;

interface Fakes {
  tiktok: FakeTikTokBusiness;
  tokportal: FakeTokPortal;
}

const requested = (n: number): LedgerRecord =>
  receivedRecord(n, { status: 'Requested', sparkCode: '', authorizedOn: '', authDays: '', expiresOn: '' } as never);

browserSuite('the connection in Chromium', () => {
  const openSession = useSidebarSessions();

  /** The sidebar on a ledger with `records`, the fake servers mounted; connected unless `connect` is false. */
  async function session(
    records: LedgerRecord[],
    opts: { connect?: boolean; fakes?: (f: Fakes) => void } = {},
  ): Promise<Session & Fakes> {
    const tiktok = new FakeTikTokBusiness();
    const tokportal = new FakeTokPortal();
    tiktok.addAdvertiser(ADVERTISER, { timeZone: 'America/New_York' });
    tiktok.addToken(TOKEN, [ADVERTISER]);
    tokportal.addKey(TOKPORTAL_KEY);
    opts.fakes?.({ tiktok, tokportal });
    const s = await openSession((h: Harness) => {
      for (const fake of [tiktok, new FakeTikTokWeb(), tokportal]) fake.install(h.emu.net);
      if (records.length) fillLedger(h.emu, records);
      if (opts.connect !== false) {
        const r = h.addon.saveConnection({
          tiktokToken: TOKEN,
          advertiserIds: ADVERTISER,
          tokportalKey: TOKPORTAL_KEY,
        });
        expect(r.ok).toBe(true);
      }
    });
    return Object.assign(s, { tiktok, tokportal });
  }

  function cell(s: Session, video: string, header: string): unknown {
    const values = ledgerValues(s);
    const row = values.find((r) => r[values[0].indexOf('Video URL')] === video);
    return row?.[values[0].indexOf(header)];
  }

  async function tools(page: Page): Promise<void> {
    await page.click('#tab-tools');
    await page.waitForSelector('#connect[aria-busy="false"]');
  }

  async function pick(page: Page, n: number): Promise<void> {
    await page.fill('#picker-text', idOf(n));
    await page.click('#picker-find');
    await page.locator('#picker-results .result').first().click();
    await page.waitForSelector('#picker-card:not([hidden])');
  }

  async function duplicateIds(page: Page): Promise<string[]> {
    return page.evaluate(() => {
      const ids = Array.from(document.querySelectorAll('[id]')).map((e) => e.id);
      return ids.filter((id, i) => ids.indexOf(id) !== i);
    });
  }

  /** Whether any part of a secret (12 characters or more) is anywhere in the page's markup. */
  async function leaks(page: Page, secret: string): Promise<string[]> {
    const html = await page.evaluate(() => document.documentElement.outerHTML);
    const found: string[] = [];
    for (let i = 0; i + 12 <= secret.length; i += 4)
      if (html.includes(secret.slice(i, i + 12))) found.push(secret.slice(i, i + 12));
    return found;
  }

  it('connects a pasted token and key, refusing a bad advertiser id first, and never shows the secrets again', async () => {
    const s = await session([], { connect: false });
    const { page } = s;
    await tools(page);
    await expect(page.textContent('#connect-tiktok-state')).resolves.toBe('Not connected');
    await expect(page.textContent('#connect-tokportal-state')).resolves.toBe('Not connected');
    await expect(page.isVisible('#connect-remove-tiktok')).resolves.toBe(false);
    await expect(page.isDisabled('#connect-sync')).resolves.toBe(true);
    await expect(page.getAttribute('#connect-tiktokToken', 'type')).resolves.toBe('password');
    await expect(page.getAttribute('#connect-tiktokToken', 'autocomplete')).resolves.toBe('off');
    await expect(page.getAttribute('#connect-tokportalKey', 'type')).resolves.toBe('password');
    await expect(duplicateIds(page)).resolves.toEqual([]);

    // A mistyped advertiser id: its error under its field, and nothing stored.
    await page.fill('#connect-tiktokToken', TOKEN);
    await page.fill('#connect-advertiserIds', `${ADVERTISER}, 12ab`);
    await page.fill('#connect-tokportalKey', TOKPORTAL_KEY);
    await page.click('#connect-submit');
    await page.waitForSelector('#connect-advertiserIds-error:not(:empty)');
    await expect(page.textContent('#connect-advertiserIds-error')).resolves.toBe(
      'Advertiser IDs are the digits Ads Manager shows for each ad account; "12ab" is not.',
    );
    await expect(page.isVisible('#connect-notice')).resolves.toBe(false);
    expect(s.addon.getConnection()).toEqual({ tiktok: { connected: false }, tokportal: { connected: false } });
    await expect(page.textContent('#connect-tiktok-state')).resolves.toBe('Not connected');
    // The pasted token waits in its field for the fix, as a value the markup never holds.
    await expect(page.inputValue('#connect-tiktokToken')).resolves.toBe(TOKEN);
    await expect(leaks(page, TOKEN)).resolves.toEqual([]);

    await page.fill('#connect-advertiserIds', ADVERTISER);
    await expect(page.textContent('#connect-advertiserIds-error')).resolves.toBe('');
    await page.click('#connect-submit');
    await page.waitForSelector('#connect-notice:not([hidden])');
    await expect(page.textContent('#connect-notice')).resolves.toBe('Saved for everyone editing this spreadsheet.');
    const view = s.addon.getConnection();
    expect(view.tiktok).toMatchObject({ connected: true, advertiserIds: [ADVERTISER], by: ME });
    expect(view.tokportal).toMatchObject({ connected: true, by: ME });
    await expect(page.textContent('#connect-tiktok-state')).resolves.toBe(
      `Connected by ${ME} on 2026-03-02 · token ${view.tiktok.token} · advertiser ${ADVERTISER}`,
    );
    await expect(page.textContent('#connect-tokportal-state')).resolves.toBe(
      `Connected by ${ME} on 2026-03-02 · key ${view.tokportal.apiKey}`,
    );
    // The secrets are cleared; the ids, which are no secret, stay to edit.
    await expect(page.inputValue('#connect-tiktokToken')).resolves.toBe('');
    await expect(page.inputValue('#connect-tokportalKey')).resolves.toBe('');
    await expect(page.inputValue('#connect-advertiserIds')).resolves.toBe(ADVERTISER);
    await expect(page.isDisabled('#connect-sync')).resolves.toBe(false);
    await expect(leaks(page, TOKEN)).resolves.toEqual([]);
    await expect(leaks(page, TOKPORTAL_KEY)).resolves.toEqual([]);
    await page.locator('#connect').screenshot({ path: join(SHOTS, 'connection.png') });

    // Opening the tab again reads the connection again and still shows only the hints.
    await page.click('#tab-today');
    await tools(page);
    await expect(page.inputValue('#connect-tiktokToken')).resolves.toBe('');
    await expect(leaks(page, TOKEN)).resolves.toEqual([]);
    const sent = s.server.calls.filter((c) => c.fn === 'saveConnection');
    expect(sent.map((c) => Object.keys(c.args[0] as object).sort())).toEqual([
      ['advertiserIds', 'tiktokToken', 'tokportalKey'],
      ['advertiserIds', 'tiktokToken', 'tokportalKey'],
    ]);
  });

  it('removes a connection only once the person confirms it in the sidebar', async () => {
    const s = await session([]);
    const { page } = s;
    page.on('dialog', (d) => {
      throw new Error(`The sidebar opened a ${d.type()} dialog`);
    });
    await tools(page);
    await page.click('#connect-remove-tokportal');
    await expect(page.textContent('#connect-confirm')).resolves.toContain(
      'Remove TokPortal for everyone editing this spreadsheet?',
    );
    await page.click('#connect-confirm-no');
    await expect(page.isVisible('#connect-confirm')).resolves.toBe(false);
    expect(s.server.calls.map((c) => c.fn)).not.toContain('saveConnection');

    await page.click('#connect-remove-tokportal');
    await page.locator('#connect').screenshot({ path: join(SHOTS, 'connection-remove.png') });
    await page.click('#connect-confirm-yes');
    await page.waitForSelector('#connect-tokportal-state:text("Not connected")');
    await expect(page.textContent('#connect-notice')).resolves.toBe('TokPortal removed.');
    await expect(page.isVisible('#connect-confirm')).resolves.toBe(false);
    await expect(page.isVisible('#connect-remove-tokportal')).resolves.toBe(false);
    await expect(page.textContent('#connect-tiktok-state')).resolves.toMatch(/^Connected by /);
    expect(s.addon.getConnection()).toMatchObject({ tiktok: { connected: true }, tokportal: { connected: false } });
    expect(s.server.calls.filter((c) => c.fn === 'saveConnection').map((c) => c.args[0])).toEqual([
      { remove: ['tokportal'] },
    ]);
  });

  it('syncs now: spend from TikTok fills the row, and the result says what was done', async () => {
    const video = videoUrl(1);
    const s = await session([liveRecord(1, '2026-04-02', { organicStatus: 'Live', sparkCode: sparkCode(1) })], {
      fakes: ({ tiktok }) => {
        tiktok.addPost({
          authCode: sparkCode(1),
          itemId: idOf(1),
          authStart: '2026-02-01 12:00:00',
          authEnd: '2026-04-02 12:00:00',
          advertiserId: ADVERTISER,
        });
        tiktok.addAd(ADVERTISER, { adId: '1790000000000000011', itemId: idOf(1) });
        tiktok.addDailyStats(ADVERTISER, {
          adId: '1790000000000000011',
          day: '2026-02-20',
          spend: 76.73,
          conversion: 4,
          comments: 2,
        });
      },
    });
    const { page } = s;
    await tools(page);
    expect(cell(s, video, 'Spend')).toBe('');

    const release = s.server.hold();
    await page.click('#connect-sync');
    await page.click('#connect-sync', { force: true, noWaitAfter: true }).catch(() => undefined);
    await expect(page.isDisabled('#connect-sync')).resolves.toBe(true);
    await expect(page.getAttribute('#connect-sync', 'aria-busy')).resolves.toBe('true');
    await expect(page.locator('#connect-sync .spinner').isVisible()).resolves.toBe(true);
    release();
    await page.waitForSelector('#connect-sync-result:not([hidden])');
    await expect(page.getAttribute('#connect-sync', 'aria-busy')).resolves.toBe('false');
    expect(s.server.calls.filter((c) => c.fn === 'syncConnected')).toHaveLength(1);

    expect(cell(s, video, 'Spend')).toBe(76.73);
    expect(cell(s, video, 'Conversions')).toBe(4);
    expect(cell(s, video, 'Figures from')).toBe('TikTok, 2026-03-02');
    await expect(page.textContent('#connect-sync-result')).resolves.toMatch(
      /^1 ad account synced today, 1 row updated\./,
    );
    await expect(page.getAttribute('#connect-sync-result', 'class')).resolves.toBe('notice');
  });

  it('asks TokPortal for a missing code from the Code tab, showing a refusal under its field first', async () => {
    const video = videoUrl(1);
    const s = await session([requested(1)], {
      fakes: ({ tokportal }) => {
        tokportal.addVideo('tp_video_42', { finalized: true });
      },
    });
    const { page } = s;
    await page.click('#tab-code');
    await pick(page, 1);
    await page.waitForSelector('#tokportal:not([hidden])');
    await expect(page.textContent('#tokportal h3')).resolves.toBe('Ask TokPortal for the code');
    await expect(page.inputValue('#tokportal-tokportalVideo')).resolves.toBe('');
    // The Record code form stays as it was, above.
    await expect(page.isVisible('#code-sparkCode')).resolves.toBe(true);

    await page.fill('#tokportal-tokportalVideo', 'tp_unknown');
    await page.click('#tokportal-submit');
    await page.waitForSelector('#tokportal-tokportalVideo-error:not(:empty)');
    await expect(page.textContent('#tokportal-tokportalVideo-error')).resolves.toMatch(/^TokPortal refused: /);
    expect(cell(s, video, 'TokPortal request')).toBe('');

    await page.fill('#tokportal-tokportalVideo', 'tp_video_42');
    await page.fill('#tokportal-askNote', 'Spring launch, US only');
    await page.click('#tokportal-submit');
    await page.waitForSelector('#tokportal-notice:not([hidden])');
    await expect(page.textContent('#tokportal-notice')).resolves.toContain('Asked TokPortal for the code.');
    await expect(page.textContent('#tokportal-state')).resolves.toBe('Requested 2026-03-02');
    await expect(page.inputValue('#tokportal-tokportalVideo')).resolves.toBe('tp_video_42');
    // The card keeps the whole row: the answer's record is merged, not taken as the row.
    await expect(page.textContent('#picker-card .card-title')).resolves.toBe('@creator.one');
    await expect(page.textContent('#picker-card-status')).resolves.toBe('Requested');
    expect(cell(s, video, 'TokPortal request')).toBe('Requested 2026-03-02');
    expect(cell(s, video, 'TokPortal video')).toBe('tp_video_42');
    expect(s.tokportal.latest('tp_video_42')).toMatchObject({ note: 'Spring launch, US only' });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, 'tokportal.png'), fullPage: true });

    // Picked again later, the row says where the request stands.
    await page.click('#picker-refresh');
    await page.waitForSelector('#picker-status:text("Read again just now.")');
    await expect(page.textContent('#tokportal-state')).resolves.toBe('Requested 2026-03-02');
  });

  it('checks a code with TikTok from the card and shows what TikTok said', async () => {
    const video = videoUrl(1);
    const s = await session([receivedRecord(1)], {
      fakes: ({ tiktok }) => {
        tiktok.addPost({
          authCode: sparkCode(1),
          itemId: idOf(1),
          authStart: '2026-02-01 12:00:00',
          authEnd: '2026-04-02 12:00:00',
        });
      },
    });
    const { page } = s;
    await page.click('#tab-status');
    await pick(page, 1);
    await page.waitForSelector('#picker-tiktok:not([hidden])');
    await expect(page.textContent('#picker-tiktok-text')).resolves.toBe('TikTok check: not checked yet');
    // A row with a code has nothing to ask TokPortal.
    await page.click('#tab-code');
    await expect(page.isVisible('#tokportal')).resolves.toBe(false);
    await page.click('#tab-status');

    await page.click('#picker-check');
    await page.waitForSelector('#picker-tiktok-message:not([hidden])');
    await expect(page.textContent('#picker-tiktok-message')).resolves.toBe('Checked: the code belongs to this post.');
    await page.waitForSelector('#picker-tiktok-text:text("Code matches this post")');
    expect(cell(s, video, 'TikTok check')).toBe('Code matches this post');
    await page.locator('#picker').screenshot({ path: join(SHOTS, 'tiktok-check.png') });
    expect(s.server.calls.filter((c) => c.fn === 'checkWithTikTok').map((c) => c.args)).toEqual([[video]]);
  });

  it('offers neither TokPortal nor the TikTok check while nothing is connected', async () => {
    const s = await session([requested(1), receivedRecord(2)], { connect: false });
    const { page } = s;
    await tools(page);
    await page.click('#tab-code');
    await pick(page, 1);
    await expect(page.isVisible('#tokportal')).resolves.toBe(false);
    await pick(page, 2);
    await expect(page.isVisible('#picker-tiktok')).resolves.toBe(false);
    // What is connected was read once, when the Tools tab opened.
    expect(s.server.calls.filter((c) => c.fn === 'getConnection')).toHaveLength(1);
  });
});
