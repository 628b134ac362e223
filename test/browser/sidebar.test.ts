/**
 * The built sidebar in a real browser (Debian's chromium through playwright-core),
 * talking through the google.script.run stand-in to build/Code.js on the emulator.
 * Screenshots of every form go to test-artifacts/sidebar/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { BUILD_DIR, type Harness } from '../support/addon';
import { ALL_PRE_CHECKS, requestInput, sparkCode, videoUrl } from '../support/fixtures';
import { fillLedger, receivedRecord } from '../support/ledgerFill';
import {
  ADDON_CSS,
  CHROMIUM,
  HAVE_CHROMIUM,
  SHOTS,
  type Session,
  browserSuite,
  dataRowCount,
  ledgerValues,
  useSidebarSessions,
} from './harness';

browserSuite('sidebar in Chromium', () => {
  const openSession = useSidebarSessions();
  /** A sidebar open on the Request tab (it opens on Today, which a person leaves with one click). */
  async function session(seed?: (h: Harness) => void): Promise<Session> {
    const s = await openSession(seed);
    await s.page.waitForSelector('#today[aria-busy="false"]');
    await s.page.click('#tab-request');
    return s;
  }

  const ledger = ledgerValues;

  function cell(s: Session, row: number, header: string): unknown {
    const values = ledger(s);
    return values[row - 1][values[0].indexOf(header)];
  }

  const dataRows = dataRowCount;

  async function shot(page: Page, name: string): Promise<void> {
    // From the top, so the sticky tab bar sits where a person sees it.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  }

  async function tickAllChecks(page: Page): Promise<void> {
    for (let i = 0; i < ALL_PRE_CHECKS.length; i++) await page.check(`#request-preRequestChecks-${i}`);
  }

  /** Fills the request form the way an account manager would, from the fixture row n. */
  async function fillRequest(page: Page, n: number, overrides: Record<string, string> = {}): Promise<void> {
    const input = { ...requestInput(n), ...overrides } as Record<string, unknown>;
    await tickAllChecks(page);
    await page.fill('#request-videoUrl', String(input.videoUrl));
    await page.fill('#request-creatorHandle', String(input.creatorHandle));
    await page.selectOption('#request-client', String(input.client));
    await page.fill('#request-brand', String(input.brand));
    await page.fill('#request-campaign', String(input.campaign));
    await page.selectOption('#request-market', String(input.market));
    await page.fill('#request-requestedDays', String(input.requestedDays));
    await page.selectOption('#request-adAccount', String(input.adAccount));
    await page.fill('#request-approvalOwner', String(input.approvalOwner));
  }

  async function pick(page: Page, text: string): Promise<void> {
    await page.fill('#picker-text', text);
    await page.click('#picker-find');
    await page.locator('#picker-results .result').first().click();
    await page.waitForSelector('#picker-card:not([hidden])');
  }

  it('keeps Request code disabled until every pre-request check is ticked', async () => {
    const s = await session();
    const submit = s.page.locator('#request-submit');
    await shot(s.page, 'request-empty');
    await expect(submit.isDisabled()).resolves.toBe(true);
    for (let i = 0; i < ALL_PRE_CHECKS.length - 1; i++) await s.page.check(`#request-preRequestChecks-${i}`);
    await expect(submit.isDisabled()).resolves.toBe(true);
    await s.page.check(`#request-preRequestChecks-${ALL_PRE_CHECKS.length - 1}`);
    await expect(submit.isDisabled()).resolves.toBe(false);
    await s.page.uncheck('#request-preRequestChecks-2');
    await expect(submit.isDisabled()).resolves.toBe(true);
    // The page loaded its lists with one call and wrote nothing.
    expect(s.server.calls.map((c) => c.fn)).toEqual(['getFormOptions', 'getToday']);
    expect(dataRows(s)).toBe(0);
  });

  it('shows field errors as the person leaves a field, and again on submit without calling the server', async () => {
    const s = await session();
    const { page } = s;
    await page.fill('#request-videoUrl', 'https://www.tiktok.com/@creator.one/photo/123');
    await page.locator('#request-videoUrl').blur();
    await expect(page.textContent('#request-videoUrl-error')).resolves.toContain(
      'Video URL must be a TikTok video link',
    );

    await page.fill('#request-creatorHandle', '@a b');
    await page.locator('#request-creatorHandle').blur();
    await expect(page.textContent('#request-creatorHandle-error')).resolves.toContain(
      'Creator handle must be @ followed by 2 to 24',
    );

    // The URL error clears as soon as it is right; the handle is then checked against it.
    await page.fill('#request-videoUrl', videoUrl(1));
    await expect(page.textContent('#request-videoUrl-error')).resolves.toBe('');
    await page.fill('#request-creatorHandle', '@someone.else');
    await page.locator('#request-creatorHandle').blur();
    await expect(page.textContent('#request-creatorHandle-error')).resolves.toBe(
      'Creator handle @someone.else does not match the handle in the video URL (@creator.one).',
    );
    await page.fill('#request-approvalOwner', 'not an email');
    await page.locator('#request-approvalOwner').blur();
    await shot(page, 'request-errors');

    await tickAllChecks(page);
    await page.click('#request-submit');
    await expect(page.textContent('#request-creatorHandle-error')).resolves.toContain('does not match');
    await expect(page.textContent('#request-approvalOwner-error')).resolves.toContain('must be an email address');
    await expect(page.textContent('#request-client-error')).resolves.toBe('Client is required for status Requested.');
    expect(s.server.calls.map((c) => c.fn)).not.toContain('requestCode');
    expect(dataRows(s)).toBe(0);
  });

  it('flags a malformed Spark code before saving and shows the expiry date it would get', async () => {
    const s = await session((h) => expect(h.addon.requestCode(requestInput(1)).ok).toBe(true));
    const { page } = s;
    await page.click('#tab-code');
    await pick(page, 'creator.one');
    await page.fill('#code-sparkCode', 'not a code');
    await page.locator('#code-sparkCode').blur();
    await expect(page.textContent('#code-sparkCode-error')).resolves.toContain('does not look like a Spark code');
    await page.fill('#code-authorizedOn', '2026-02-27');
    await expect(page.textContent('#code-expiry')).resolves.toBe('Expires on 2026-03-29 (30 days after 2026-02-27).');
    await shot(page, 'code-error');
    await page.click('#code-submit');
    await expect(page.textContent('#code-sparkCode-error')).resolves.toContain('does not look like a Spark code');
    expect(s.server.calls.map((c) => c.fn)).not.toContain('recordCode');
    expect(cell(s, 2, 'Status')).toBe('Requested');
  });

  it('makes requests in a row quick: the handle comes from the link, client to market stay, the checks start again', async () => {
    const s = await session();
    const { page } = s;
    const first = requestInput(11);
    await tickAllChecks(page);
    await expect(page.textContent('#request-check-count')).resolves.toBe(
      `${ALL_PRE_CHECKS.length} of ${ALL_PRE_CHECKS.length} checks ticked.`,
    );
    await page.fill('#request-videoUrl', String(first.videoUrl));
    await page.locator('#request-videoUrl').blur();
    // The handle is filled from the link when the person left it empty.
    await expect(page.inputValue('#request-creatorHandle')).resolves.toBe(String(first.creatorHandle));
    await page.selectOption('#request-client', String(first.client));
    await page.fill('#request-brand', String(first.brand));
    await page.fill('#request-campaign', String(first.campaign));
    await page.selectOption('#request-market', String(first.market));
    await page.fill('#request-requestedDays', String(first.requestedDays));
    await page.selectOption('#request-adAccount', String(first.adAccount));
    await page.fill('#request-approvalOwner', String(first.approvalOwner));
    await page.click('#request-submit');
    await page.waitForSelector('#request-message-box:not([hidden])');
    expect(dataRows(s)).toBe(1);
    // What the next request of the batch shares stays; the video, its handle and the checks start again.
    await expect(page.inputValue('#request-client')).resolves.toBe(String(first.client));
    await expect(page.inputValue('#request-brand')).resolves.toBe(String(first.brand));
    await expect(page.inputValue('#request-campaign')).resolves.toBe(String(first.campaign));
    await expect(page.inputValue('#request-market')).resolves.toBe(String(first.market));
    await expect(page.inputValue('#request-videoUrl')).resolves.toBe('');
    await expect(page.inputValue('#request-creatorHandle')).resolves.toBe('');
    await expect(page.textContent('#request-check-count')).resolves.toBe(
      `0 of ${ALL_PRE_CHECKS.length} checks ticked.`,
    );
    await expect(page.isDisabled('#request-submit')).resolves.toBe(true);
    await shot(page, 'request-next-in-batch');
    // A short link is refused with what to do about it.
    await page.fill('#request-videoUrl', 'https://vm.tiktok.com/ZMabc123/');
    await page.locator('#request-videoUrl').blur();
    await page.waitForSelector('#request-videoUrl-error:not(:empty)');
    await expect(page.textContent('#request-videoUrl-error')).resolves.toMatch(
      /short link, which names no video: open it in a browser and paste the full link/,
    );
  });

  it('refuses a video already in the ledger, naming its row, beside the URL field', async () => {
    const s = await session((h) => {
      expect(h.addon.requestCode(requestInput(1)).ok).toBe(true);
      expect(h.addon.requestCode(requestInput(2)).ok).toBe(true);
    });
    const { page } = s;
    // The same video pasted from the mobile site with tracking parameters.
    const pasted = `${videoUrl(2).replace('https://www.', 'https://m.')}?is_from_webapp=1`;
    await fillRequest(page, 7, { videoUrl: pasted });
    await page.click('#request-submit');
    await page.waitForSelector('#request-videoUrl-error:not(:empty)');
    await expect(page.textContent('#request-videoUrl-error')).resolves.toBe(
      'This video is already in the ledger on row 3 (status Requested); update that row instead.',
    );
    await expect(page.isVisible('#request-notice')).resolves.toBe(false);
    await shot(page, 'request-duplicate');
    expect(dataRows(s)).toBe(2);
  });

  it('takes a video from Requested to Retired through the forms, ending in the right row values', async () => {
    const s = await session();
    const { page } = s;

    await fillRequest(page, 1, { campaign: 'Spring launch' });
    await page.click('summary');
    await page.fill('#request-usageNotes', 'Paid social in US only');
    await shot(page, 'request-filled');
    await page.click('#request-submit');
    await page.waitForSelector('#request-message');
    await expect(page.textContent('#request-notice')).resolves.toContain('Saved: row 2 is Requested.');
    const link = await page.getAttribute('#request-rowlink', 'href');
    const gid = s.emu.spreadsheet.getSheetByName('Ledger')!.getSheetId();
    expect(link).toBe(`${s.emu.spreadsheet.getUrl()}#gid=${gid}&range=A2`);
    const message = await page.inputValue('#request-message');
    expect(message).toContain('Hi @creator.one,');
    expect(message).toContain(videoUrl(1));
    expect(message).toContain('Authorization window: 30 days');
    expect(message).toContain(`Advertiser (ad account): ${requestInput(1).adAccount}`);
    // The form is reset for the next request, and the gate closed again.
    await expect(page.inputValue('#request-videoUrl')).resolves.toBe('');
    await expect(page.isDisabled('#request-submit')).resolves.toBe(true);
    await shot(page, 'request-success');

    // The picked video follows the person to the next form.
    await page.click('#tab-code');
    await expect(page.textContent('#picker-card-status')).resolves.toBe('Requested');
    await expect(page.inputValue('#code-authDays')).resolves.toBe('30');
    await page.fill('#code-sparkCode', sparkCode(1));
    await page.fill('#code-authorizedOn', '2026-03-01');
    await expect(page.textContent('#code-expiry')).resolves.toBe('Expires on 2026-03-31 (30 days after 2026-03-01).');
    await shot(page, 'code-filled');
    await page.click('#code-submit');
    await page.waitForSelector('#code-notice:not([hidden])');
    await expect(page.textContent('#code-notice')).resolves.toContain(
      'row 2 is Received; the code expires on 2026-03-31',
    );
    await expect(page.textContent('#picker-card-status')).resolves.toBe('Received');
    await shot(page, 'code-success');

    await page.click('#tab-status');
    const offered = await page
      .locator('#status-to option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    expect(offered).toEqual(['Activated', 'Renewal needed', 'Expired', 'Retired']);
    await page.selectOption('#status-to', 'Activated');
    const asked = () =>
      page.locator('#status-fields [data-field]').evaluateAll((fs) => fs.map((f) => (f as HTMLElement).dataset.field));
    await expect(asked()).resolves.toEqual([
      'objective',
      'paidOwner',
      'creatorOwner',
      'language',
      'currency',
      'landingPage',
    ]);
    await page.selectOption('#status-objective', 'App installs');
    // App installs needs the activation checks; the AI-only check is not asked for a filmed video.
    await expect(asked()).resolves.toEqual([
      'objective',
      'paidOwner',
      'creatorOwner',
      'language',
      'currency',
      'landingPage',
      'activationChecks',
    ]);
    await expect(page.locator('#status-activationChecks input').count()).resolves.toBe(6);
    await page.fill('#status-paidOwner', 'paid@agency.example');
    await page.fill('#status-creatorOwner', 'creator@agency.example');
    await page.fill('#status-language', 'en');
    await page.fill('#status-currency', 'usd');
    await page.fill('#status-landingPage', 'https://apps.apple.com/app/id123');
    await page.click('#status-submit');
    await expect(page.textContent('#status-activationChecks-error')).resolves.toContain('Activation checks not passed');
    for (let i = 0; i < 6; i++) await page.check(`#status-activationChecks-${i}`);
    await shot(page, 'status-activated');
    await page.click('#status-submit');
    await page.waitForSelector('#status-notice:not([hidden])');
    await expect(page.textContent('#status-notice')).resolves.toContain('row 2 is now Activated');

    await page.selectOption('#status-to', 'Spending');
    await expect(asked()).resolves.toEqual(['spendStart']);
    await page.fill('#status-spendStart', '2026-03-02');
    await shot(page, 'status-spending');
    await page.click('#status-submit');
    await page.waitForSelector('#picker-card-status:text("Spending")');

    await page.click('#tab-decide');
    await page.click('#decide-retire');
    await page.selectOption('#retire-retirementReason', 'Other');
    await page.click('#retire-submit');
    await expect(page.textContent('#retire-decisionNote-error')).resolves.toContain(
      'Decision note is required when the retirement reason is Other',
    );
    await page.selectOption('#retire-retirementReason', 'Campaign ended');
    await page.fill('#retire-decisionNote', 'Spring flight finished');
    await shot(page, 'retire-filled');
    await page.click('#retire-submit');
    // Retiring is final: the first click asks once more, and nothing is written until the person says yes.
    await page.waitForSelector('#retire-confirm:not([hidden])');
    await expect(page.textContent('#retire-confirm-text')).resolves.toMatch(
      /^Retiring is final: the code stops for good and row \d+ can never go back to a live status\. Retire @[\w.]+'s video \(Campaign ended\)\?$/,
    );
    await shot(page, 'retire-confirm');
    await page.click('#retire-confirm-no');
    await expect(page.isVisible('#retire-confirm')).resolves.toBe(false);
    await expect(page.isVisible('#retire-notice')).resolves.toBe(false);
    expect(cell(s, 2, 'Status')).not.toBe('Retired');
    await page.click('#retire-submit');
    await page.waitForSelector('#retire-confirm:not([hidden])');
    await page.click('#retire-confirm-yes');
    await page.waitForSelector('#retire-notice:not([hidden])');
    await expect(page.textContent('#picker-card-status')).resolves.toBe('Retired');
    await expect(page.isVisible('#retire-note')).resolves.toBe(true);
    await shot(page, 'retire-success');
    await page.click('#tab-status');
    await expect(page.textContent('#status-note')).resolves.toContain('final');
    await shot(page, 'status-final');

    const expected: Record<string, unknown> = {
      'Video URL': videoUrl(1),
      'Creator handle': '@creator.one',
      Campaign: 'Spring launch',
      Status: 'Retired',
      'Spark code': sparkCode(1),
      'Authorization days': 30,
      Objective: 'App installs',
      'Paid owner': 'paid@agency.example',
      Currency: 'USD',
      'Landing page': 'https://apps.apple.com/app/id123',
      'Retirement reason': 'Campaign ended',
      'Renewal decision': 'Retire',
      'Decision note': 'Spring flight finished',
      'Usage notes': 'Paid social in US only',
      'Updated by': 'am@agency.example',
      'Activation checks':
        'Store availability in market; Country targeting; Attribution set up; Landing route tested; Creator disclosure present; Comment moderation owner set',
    };
    for (const [header, value] of Object.entries(expected))
      expect([header, cell(s, 2, header)]).toEqual([header, value]);
    // Dates are real dates in the sheet, shown as the column's yyyy-mm-dd format.
    const shown = (header: string) => {
      const sheet = s.emu.spreadsheet.getSheetByName('Ledger')!;
      return sheet.getRange(2, (ledger(s)[0] as string[]).indexOf(header) + 1).getDisplayValue();
    };
    expect([shown('Authorized on'), shown('Expires on'), shown('Spend start')]).toEqual([
      '2026-03-01',
      '2026-03-31',
      '2026-03-02',
    ]);
    expect(dataRows(s)).toBe(1);
    expect(s.server.calls.filter((c) => c.fn === 'changeStatus')).toHaveLength(2);
  });

  it('renews the row selected in the sheet, keeping the old code in Code history', async () => {
    const s = await session((h) =>
      fillLedger(h.emu, [
        receivedRecord(4, {
          status: 'Renewal needed',
          expiresOn: '2026-03-04',
          authorizedOn: '2026-02-02',
          authDays: 30,
        }),
      ]),
    );
    const { page } = s;
    s.emu.spreadsheet.getSheetByName('Ledger')!.getRange('D2').activate();
    await page.click('#tab-decide');
    await shot(page, 'renew-empty');
    await page.click('#picker-selected');
    await page.waitForSelector('#picker-card:not([hidden])');
    await expect(page.textContent('#picker-card-status')).resolves.toBe('Renewal needed');
    await page.fill('#renew-sparkCode', sparkCode(40));
    await page.fill('#renew-authorizedOn', '2026-03-02');
    await page.fill('#renew-authDays', '60');
    await page.click('#renew-submit');
    await expect(page.textContent('#renew-decisionNote-error')).resolves.toContain(
      'Decision note is required for a renewal',
    );
    expect(s.server.calls.map((c) => c.fn)).not.toContain('renewCode');
    await page.fill('#renew-decisionNote', 'Strong results; client extended');
    await expect(page.textContent('#renew-expiry')).resolves.toBe('Expires on 2026-05-01 (60 days after 2026-03-02).');
    await shot(page, 'renew-filled');
    await page.click('#renew-submit');
    await page.waitForSelector('#renew-notice:not([hidden])');
    expect(cell(s, 2, 'Status')).toBe('Received');
    expect(cell(s, 2, 'Spark code')).toBe(sparkCode(40));
    const history = s.emu.spreadsheet.getSheetByName('Code history')!.getDataRange().getValues();
    expect(history.slice(1).map((r) => r.includes(sparkCode(4)))).toEqual([true]);
    // Back in Received, the row can no longer be renewed.
    await expect(page.textContent('#renew-note')).resolves.toContain(
      'Only a code in Renewal needed or Expired is renewed',
    );

    // Nothing selected in the Ledger: the sidebar says what to do.
    s.emu.spreadsheet.getSheetByName('Settings')!.getRange('A1').activate();
    await page.click('#picker-selected');
    // The answer comes back from the server: wait for it rather than reading the "Looking…" state.
    await page.waitForFunction(() => !/Looking/.test(document.querySelector('#picker-status')?.textContent ?? ''));
    await expect(page.textContent('#picker-status')).resolves.toContain(
      'Select a cell in a filled row of the Ledger sheet',
    );
  });

  it('edits owners and reporting figures, sending only what changed', async () => {
    const s = await session((h) => fillLedger(h.emu, [receivedRecord(5, { paidOwner: 'paid@agency.example' })]));
    const { page } = s;
    await page.click('#tab-edit');
    await pick(page, videoUrl(5).replace('https://www.', ''));
    await expect(page.inputValue('#edit-paidOwner')).resolves.toBe('paid@agency.example');
    await page.click('#edit-submit');
    await expect(page.textContent('#edit-banner')).resolves.toBe('Nothing to save: no field was changed.');
    await page.fill('#edit-spend', '-5');
    await page.locator('#edit-spend').blur();
    await expect(page.textContent('#edit-spend-error')).resolves.toBe('Spend must be 0 or more.');
    await page.fill('#edit-spend', '1,250.50');
    await page.fill('#edit-conversions', '31');
    await page.fill('#edit-creatorOwner', 'creator@agency.example');
    await page.fill('#edit-usageRights', 'US and CA, paid social, 6 months');
    await shot(page, 'edit-filled');
    await page.click('#edit-submit');
    await page.waitForSelector('#edit-notice:not([hidden])');
    await expect(page.textContent('#edit-notice')).resolves.toContain('Saved 4 changes to row 2.');
    const sent = s.server.calls.filter((c) => c.fn === 'updateRecord').map((c) => c.args[0]);
    expect(sent).toEqual([
      {
        videoUrl: videoUrl(5),
        creatorOwner: 'creator@agency.example',
        spend: 1250.5,
        conversions: 31,
        usageRights: 'US and CA, paid social, 6 months',
      },
    ]);
    expect([cell(s, 2, 'Spend'), cell(s, 2, 'Conversions'), cell(s, 2, 'Creator owner')]).toEqual([
      1250.5,
      31,
      'creator@agency.example',
    ]);
    await shot(page, 'edit-success');

    // The campaign's own fields are corrected here too, with the request's checks.
    await page.fill('#edit-creatorHandle', '@someone.else');
    await page.locator('#edit-creatorHandle').blur();
    await expect(page.textContent('#edit-creatorHandle-error')).resolves.toBe(
      'Creator handle @someone.else does not match the handle in the video URL (@creator.one).',
    );
    await page.fill('#edit-creatorHandle', '@Creator.One');
    await page.fill('#edit-campaign', 'Summer relaunch');
    await page.selectOption('#edit-market', 'DE');
    await page.fill('#edit-language', 'de');
    await page.fill('#edit-clientNote', 'Kept for the summer flight.');
    await page.click('#edit-submit');
    await page.waitForSelector('#edit-notice:has-text("Saved 5 changes")');
    expect([cell(s, 2, 'Campaign'), cell(s, 2, 'Market'), cell(s, 2, 'Language'), cell(s, 2, 'Client note')]).toEqual([
      'Summer relaunch',
      'DE',
      'de',
      'Kept for the summer flight.',
    ]);
  });

  it('shows the busy state while a call runs and saves one row however often submit is clicked', async () => {
    const s = await session();
    const { page } = s;
    await fillRequest(page, 3);
    const release = s.server.hold();
    await page.dblclick('#request-submit');
    await page.click('#request-submit', { force: true, noWaitAfter: true }).catch(() => undefined);
    await expect(page.isDisabled('#request-submit')).resolves.toBe(true);
    await expect(page.getAttribute('#request-form', 'aria-busy')).resolves.toBe('true');
    await expect(page.locator('#request-submit .spinner').isVisible()).resolves.toBe(true);
    await shot(page, 'request-busy');
    release();
    await page.waitForSelector('#request-notice:not([hidden])');
    await page.waitForSelector('#request-message');
    expect(s.server.calls.filter((c) => c.fn === 'requestCode')).toHaveLength(1);
    expect(dataRows(s)).toBe(1);
  });

  it("shows the server's sentence when a call fails, not a stack, and lets the person try again", async () => {
    const s = await session();
    const { page } = s;
    await fillRequest(page, 2);
    s.emu.faults.failOn('Range.setValues', { times: 1 });
    await page.click('#request-submit');
    await page.waitForSelector('#request-banner:not([hidden])');
    const text = (await page.textContent('#request-banner')) ?? '';
    expect(text).toMatch(
      /^The change to https:\/\/www\.tiktok\.com\/@creator\.one\/video\/\d+ could not be saved \(.+\)\. Nothing was written; try again\.$/,
    );
    expect(text).not.toMatch(/\bat \w|Error:|Exception:/);
    await shot(page, 'request-failure');
    expect(dataRows(s)).toBe(0);
    await expect(page.isDisabled('#request-submit')).resolves.toBe(false);
    await page.click('#request-submit');
    await page.waitForSelector('#request-notice:not([hidden])');
    expect(dataRows(s)).toBe(1);
  });

  it('shows what a person typed as text, never as HTML', async () => {
    const s = await session();
    const { page } = s;
    const payload = '<img src=x onerror="window.__xss=1;document.title=\'pwned\'">';
    const note = '</textarea><script>window.__xss=2</script>';
    await fillRequest(page, 6, { campaign: payload });
    await page.click('#request-preRequestChecks-0'); // untick, then tick: the gate follows
    await page.click('#request-preRequestChecks-0');
    await page.click('summary');
    await page.fill('#request-usageNotes', note);
    await page.click('#request-submit');
    await page.waitForSelector('#request-message');
    const message = await page.inputValue('#request-message');
    expect(message).toContain(`Campaign: ${payload}`);
    expect(message).toContain(note);
    await page.click('#tab-code');
    await expect(page.textContent('#picker-card')).resolves.toContain(payload);
    await page.fill('#picker-text', 'onerror');
    await page.click('#picker-find');
    await page.waitForSelector('#picker-results .result');
    await expect(page.textContent('#picker-results .result-main')).resolves.toContain(payload);
    await shot(page, 'xss-as-text');
    await expect(page.locator('img, script:not(head script, body > script)').count()).resolves.toBe(0);
    await expect(page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).resolves.toBeUndefined();
    await expect(page.title()).resolves.toBe('Spark Ledger');
    expect(cell(s, 2, 'Campaign')).toBe(payload);
  });

  it('is one self-contained page under 100 KB', async () => {
    const s = await session();
    expect(s.server.pageBytes).toBeLessThan(100 * 1024);
    // The client imports only types from the server: no Apps Script service is named in the page.
    const built = readFileSync(join(BUILD_DIR, 'Sidebar.html'), 'utf8');
    expect(built.match(/SpreadsheetApp|HtmlService|LockService|PropertiesService|<script src/g)).toBeNull();
    // The one outside resource is Google's add-on CSS package, linked before the sidebar's own sheet.
    expect(built.match(/<link [^>]*>/g)).toEqual([`<link rel="stylesheet" href="${ADDON_CSS}">`]);
    expect(built.indexOf(ADDON_CSS)).toBeLessThan(built.indexOf('<style>'));
    const width = await s.page.evaluate(() => document.body.getBoundingClientRect().width);
    expect(width).toBe(300);
    const font = await s.page.evaluate(() => getComputedStyle(document.body).fontFamily);
    expect(font).toBe('Arial, sans-serif');
    const blue = await s.page.evaluate(() => {
      for (let i = 0; i < 6; i++)
        (document.getElementById(`request-preRequestChecks-${i}`) as HTMLInputElement).click();
      return getComputedStyle(document.getElementById('request-submit')!).backgroundColor;
    });
    expect(blue).toBe('rgb(26, 115, 232)');
  });
});

test('Chromium is installed where CI runs the browser tests', () => {
  if (process.env.CI === 'true')
    expect({ chromium: CHROMIUM, installed: HAVE_CHROMIUM }).toEqual({ chromium: CHROMIUM, installed: true });
});
