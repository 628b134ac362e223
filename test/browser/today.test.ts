/**
 * The daily loop in the built sidebar, in Chromium: an account manager from a
 * request to its renewal through the Today home, and a paid owner arriving
 * from the expiry email's link. Screenshots go to test-artifacts/sidebar/.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Harness } from '../support/addon';
import { ALL_PRE_CHECKS, requestInput, sparkCode, videoUrl } from '../support/fixtures';
import { fillLedger, receivedRecord } from '../support/ledgerFill';
import { SHOTS, type Session, browserSuite, ledgerValues, useSidebarSessions } from './harness';

const ME = 'am@agency.example';

browserSuite('the daily loop in Chromium', () => {
  const openSession = useSidebarSessions();

  async function session(seed?: (h: Harness) => void): Promise<Session> {
    const s = await openSession(seed);
    await s.page.waitForSelector('#today[aria-busy="false"]');
    return s;
  }

  function cell(s: Session, video: string, header: string): unknown {
    const values = ledgerValues(s);
    const row = values.find((r) => r[values[0].indexOf('Video URL')] === video);
    return row?.[values[0].indexOf(header)];
  }

  async function shot(page: Page, name: string): Promise<void> {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  }

  /** Today shown again (the tab reads the ledger each time it is shown), then its list settled. */
  async function today(page: Page): Promise<void> {
    await page.click('#tab-today');
    await page.waitForSelector('#today[aria-busy="false"]');
  }

  const item = (page: Page, video: string) => page.locator(`.today-item[data-video="${video}"]`);

  it('takes an account manager from a request to its renewal through the Today home', async () => {
    const s = await session((h) =>
      // Other work of mine, so the home shows every kind of line.
      fillLedger(h.emu, [
        receivedRecord(11, { paidOwner: ME, status: 'Expired', expiresOn: '2026-02-27', paidStatus: 'Ended' }),
        receivedRecord(12, { paidOwner: ME, creatorHandle: '@creator.one', campaign: 'Winter sale' }),
        receivedRecord(13, {
          approvalOwner: ME,
          status: 'Requested',
          sparkCode: '',
          authorizedOn: '',
          authDays: '',
          expiresOn: '',
          updatedAt: '2026-02-20T10:00:00.000Z',
        }),
        receivedRecord(14, { paidOwner: 'someone@agency.example' }),
      ]),
    );
    const { page } = s;
    // Mine: my four rows; the fifth (someone else's) only under All.
    await expect(page.locator('.today-item').count()).resolves.toBe(3);
    await expect(page.textContent('#today-summary')).resolves.toBe('3 rows need you.');
    await expect(item(page, videoUrl(11)).textContent()).resolves.toContain('ads have stopped');
    await expect(item(page, videoUrl(13)).textContent()).resolves.toContain(
      "Waiting for the creator's code for 10 days. Ask the creator again.",
    );
    await page.click('#today-all');
    await page.waitForSelector(`.today-item[data-video="${videoUrl(14)}"]`);
    await page.click('#today-mine');
    await page.waitForSelector(`.today-item[data-video="${videoUrl(14)}"]`, { state: 'detached' });

    // A request, then the home shows it waiting; its line opens Record code on that video.
    await page.click('#tab-request');
    const input = requestInput(1, { approvalOwner: ME });
    for (let i = 0; i < ALL_PRE_CHECKS.length; i++) await page.check(`#request-preRequestChecks-${i}`);
    await page.fill('#request-videoUrl', String(input.videoUrl));
    await page.selectOption('#request-client', String(input.client));
    await page.fill('#request-brand', String(input.brand));
    await page.fill('#request-campaign', 'Spring launch');
    await page.selectOption('#request-market', 'US');
    await page.fill('#request-requestedDays', '30');
    await page.selectOption('#request-adAccount', String(input.adAccount));
    await page.fill('#request-approvalOwner', ME);
    await page.click('#request-submit');
    await page.waitForSelector('#request-notice:not([hidden])');

    await today(page);
    await expect(item(page, videoUrl(1)).textContent()).resolves.toContain(
      "Waiting for the creator's code since today",
    );
    await item(page, videoUrl(1)).click();
    await page.waitForSelector('body[data-tab="code"]');
    await expect(page.textContent('#picker-card')).resolves.toContain('Spring launch');
    await page.fill('#code-sparkCode', sparkCode(1));
    await page.fill('#code-authorizedOn', '2026-03-02');
    await page.fill('#code-authDays', '30');
    await page.click('#code-submit');
    await page.waitForSelector('#code-notice:not([hidden])');

    // Received: the home offers the activation, and the card's own button does the same.
    await today(page);
    await expect(item(page, videoUrl(1)).textContent()).resolves.toContain('not activated yet');
    await item(page, videoUrl(1)).click();
    await page.waitForSelector('body[data-tab="status"]');
    await page.selectOption('#status-to', 'Activated');
    await page.selectOption('#status-objective', 'Reach');
    await page.fill('#status-paidOwner', ME);
    await page.fill('#status-creatorOwner', 'creator@agency.example');
    await page.fill('#status-language', 'en');
    await page.fill('#status-currency', 'USD');
    await page.fill('#status-landingPage', 'https://acme.example/spring');
    await page.click('#status-submit');
    await page.waitForSelector('#status-notice:not([hidden])');
    await page.selectOption('#status-to', 'Spending');
    await page.fill('#status-spendStart', '2026-03-02');
    await page.click('#status-submit');
    await page.waitForSelector('#picker-card-status:text("Spending")');

    // Four weeks on, the daily check moves the code to Renewal needed while the sidebar still shows Spending.
    s.emu.clock.set('2026-03-29T15:00:00Z');
    s.addon.runExpiryCheck();
    expect(cell(s, videoUrl(1), 'Status')).toBe('Renewal needed');
    await expect(page.textContent('#picker-card-status')).resolves.toBe('Spending');
    // Opening a form reads the picked row again.
    await page.click('#tab-edit');
    await page.waitForSelector('#picker-card-status:text("Renewal needed")');
    await expect(page.textContent('#picker-next')).resolves.toBe('Decide: renew or retire');
    await expect(page.isVisible('#picker-next')).resolves.toBe(true);

    await today(page);
    await expect(item(page, videoUrl(1)).textContent()).resolves.toContain(
      'expires in 2 days; no decision yet: renew, extend or retire',
    );
    await shot(page, 'today-home');
    await item(page, videoUrl(1)).click();
    await page.waitForSelector('body[data-tab="decide"]');
    await expect(page.isVisible('#picker-next')).resolves.toBe(false);
    await expect(page.getAttribute('#decide-renew', 'aria-checked')).resolves.toBe('true');
    await page.fill('#renew-sparkCode', sparkCode(50));
    await page.fill('#renew-authorizedOn', '2026-03-29');
    await page.fill('#renew-authDays', '60');
    await page.fill('#renew-decisionNote', 'Best cost per result in the flight');
    await shot(page, 'decide-step');
    await page.click('#renew-submit');
    await page.waitForSelector('#renew-notice:not([hidden])');
    // One step: the running ad is Spending again on the new code, not back at Received.
    await expect(page.textContent('#renew-notice')).resolves.toContain(
      'expires on 2026-05-28, and it is Spending again',
    );
    expect([cell(s, videoUrl(1), 'Status'), cell(s, videoUrl(1), 'Paid campaign')]).toEqual(['Spending', 'Active']);
    expect(cell(s, videoUrl(1), 'Spark code')).toBe(sparkCode(50));
    await today(page);
    await expect(item(page, videoUrl(1)).count()).resolves.toBe(0);
  });

  it("takes a paid owner from the expiry email's link to an extension of the same code", async () => {
    const s = await session((h) =>
      fillLedger(h.emu, [
        receivedRecord(3, {
          status: 'Spending',
          paidStatus: 'Active',
          paidOwner: ME,
          creatorOwner: 'creator@agency.example',
          objective: 'Reach',
          language: 'en',
          currency: 'USD',
          landingPage: 'https://acme.example/x',
          spendStart: '2026-02-02',
          authorizedOn: '2026-02-02',
          authDays: 30,
          expiresOn: '2026-03-04',
        }),
      ]),
    );
    const { page } = s;
    s.addon.runExpiryCheck();
    const mail = s.emu.outbox.find((m) => m.to === ME);
    expect(mail).toBeDefined();
    // The email's button opens the Ledger at the row: Sheets makes that row the active one.
    const href = /href="([^"]*#gid=[^"]*range=A(\d+)[^"]*)"/.exec(String(mail!.htmlBody));
    expect(href).not.toBeNull();
    s.emu.spreadsheet.getSheetByName('Ledger')!.getRange(`A${href![2]}`).activate();

    await page.click('#tab-decide');
    await page.click('#picker-selected');
    await page.waitForSelector('#picker-card-status:text("Renewal needed")');
    await page.click('#decide-extend');
    await expect(page.inputValue('#extend-authDays')).resolves.toBe('30');
    await expect(page.inputValue('#extend-authorizedOn')).resolves.toBe('2026-02-02');
    await page.fill('#extend-authDays', '90');
    await expect(page.textContent('#extend-expiry')).resolves.toBe('Expires on 2026-05-03 instead of 2026-03-04.');
    await page.fill('#extend-decisionNote', 'Creator extended the authorization');
    await shot(page, 'decide-extend');
    await page.click('#extend-submit');
    await page.waitForSelector('#extend-notice:not([hidden])');
    await expect(page.textContent('#extend-notice')).resolves.toContain('Extended: row 2 expires on 2026-05-03');
    expect([cell(s, videoUrl(3), 'Spark code'), cell(s, videoUrl(3), 'Status')]).toEqual([sparkCode(3), 'Spending']);

    // An expired code cannot be extended: the choice says why instead of offering a form.
    s.emu.clock.set('2026-05-04T15:00:00Z');
    s.addon.runExpiryCheck();
    await page.click('#picker-refresh');
    await page.waitForSelector('#picker-card-status:text("Expired")');
    await page.click('#decide-extend');
    await expect(page.textContent('#extend-note')).resolves.toContain('an expired code cannot be extended');
  });
});
