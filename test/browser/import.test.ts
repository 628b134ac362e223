/**
 * The Tools tab in Chromium: a CSV upload checked line by line, then imported
 * once; the ledger check listing rows and clearing once they are fixed.
 * Screenshots go to test-artifacts/sidebar/import-*.png and validate-*.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { formatCsv } from '../../src/core/import/csv';
import type { Harness } from '../support/addon';
import { IMPORT_HEADERS, activationFields, importLine, requestInput, videoUrl } from '../support/fixtures';
import { fillLedger, receivedRecord } from '../support/ledgerFill';
import { SHOTS, type Session, browserSuite, dataRowCount, ledgerValues, useSidebarSessions } from './harness';

const HEADERS = IMPORT_HEADERS;
const INJECTED = '=HYPERLINK("http://evil.example","x")';

/** One CSV line for fixture row n, as an agency's export would have it, plus an extra column the ledger lacks. */
function line(n: number, o: Record<string, string> = {}): string[] {
  return importLine(n, { 'Internal ref': `REF-${n}`, ...o }, [...HEADERS, 'Internal ref']);
}

function csv(...lines: string[][]): Buffer {
  return Buffer.from(formatCsv([[...HEADERS, 'Internal ref'], ...lines]), 'utf8');
}

browserSuite('sidebar Tools tab in Chromium', () => {
  const openSession = useSidebarSessions();
  async function session(seed?: (h: Harness) => void): Promise<Session> {
    const s = await openSession(seed);
    await s.page.click('#tab-tools');
    return s;
  }

  const ledger = ledgerValues;

  const dataRows = dataRowCount;

  function column(s: Session, header: string): number {
    return (ledger(s)[0] as string[]).indexOf(header) + 1;
  }

  function rowOf(s: Session, url: string): number {
    return ledger(s).findIndex((r) => r[column(s, 'Video URL') - 1] === url) + 1;
  }

  function calls(s: Session, dryRun: boolean): number {
    return s.server.calls.filter(
      (c) => c.fn === 'importRows' && !!(c.args[1] as { dryRun?: boolean } | undefined)?.dryRun === dryRun,
    ).length;
  }

  async function shot(page: Page, name: string): Promise<void> {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  }

  async function upload(page: Page, name: string, buffer: Buffer): Promise<void> {
    await page.setInputFiles('#import-file', { name, mimeType: 'text/csv', buffer });
    await page.waitForSelector('#import-result:not([hidden])');
    await page.waitForSelector('#import-checking[hidden]', { state: 'attached' });
  }

  it('fits the seven tabs in the 300 px bar and names the required headers from the fields table', async () => {
    const s = await session();
    const { page } = s;
    const bar = await page.evaluate(() => {
      const tabs = document.querySelector('.tabs') as HTMLElement;
      const clipped = Array.from(tabs.querySelectorAll('button'))
        .filter((b) => b.scrollWidth > b.clientWidth)
        .map((b) => b.textContent);
      return {
        labels: Array.from(tabs.querySelectorAll('button')).map((b) => b.textContent),
        width: tabs.scrollWidth,
        clipped,
      };
    });
    expect(bar.labels).toEqual(['Today', 'Request', 'Code', 'Status', 'Decide', 'Edit', 'Tools']);
    expect(bar.width).toBeLessThanOrEqual(300);
    expect(bar.clipped).toEqual([]);
    await expect(page.isVisible('#picker')).resolves.toBe(false);
    await expect(page.textContent('#import-required')).resolves.toBe(HEADERS.join(', '));
    await expect(page.getAttribute('#import-file', 'accept')).resolves.toBe('.csv,text/csv');
    await expect(page.isDisabled('#import-submit')).resolves.toBe(true);
    await shot(page, 'import-empty');
    // Opening the sidebar loads the form options and the Today list it opens on; the Tools tab reads only the connection.
    expect(s.server.calls.map((c) => c.fn).sort()).toEqual(['getConnection', 'getFormOptions', 'getToday']);
  });

  it('previews refused lines with their reasons, imports the good ones once, and keeps an injected formula as text', async () => {
    const s = await session((h) => expect(h.addon.requestCode(requestInput(1)).ok).toBe(true));
    const { page } = s;
    const file = csv(
      line(10),
      line(11, { 'Creator handle': '@a b' }),
      line(1), // already in the ledger on row 2
      line(12, { Campaign: INJECTED }),
      line(13),
    );
    await upload(page, 'spring-batch.csv', file);
    await expect(page.textContent('#import-file-info')).resolves.toBe(
      `spring-batch.csv · ${(file.length / 1024).toFixed(1)} KB`,
    );
    await expect(page.textContent('#import-message')).resolves.toContain(
      '3 rows can be imported; 2 lines were refused',
    );
    await expect(page.textContent('#import-counts')).resolves.toBe('3 ready to import · 2 refused');
    await expect(page.textContent('#import-ignored')).resolves.toBe('Left out (not Ledger columns): Internal ref');
    const refused = await page.locator('#import-rejected > li').evaluateAll((ls) =>
      ls.map((l) => ({
        line: (l as HTMLElement).dataset.line,
        head: l.querySelector('.line-head')!.textContent,
        errors: Array.from(l.querySelectorAll('.errors li')).map((e) => e.textContent),
      })),
    );
    expect(refused.map((r) => [r.line, r.head])).toEqual([
      ['3', 'Line 3'],
      ['4', 'Line 4'],
    ]);
    expect(refused[0].errors).toEqual([expect.stringMatching(/^Creator handle must be @ followed by/)]);
    expect(refused[1].errors).toEqual([
      'Video URL: This video is already in the ledger on row 2 (status Requested); update that row instead.',
    ]);
    await expect(page.textContent('#import-submit')).resolves.toBe('Import 3 rows');
    await expect(page.isDisabled('#import-submit')).resolves.toBe(false);
    // The check wrote nothing.
    expect(dataRows(s)).toBe(1);
    expect(calls(s, true)).toBe(1);
    await shot(page, 'import-preview');

    const release = s.server.hold();
    await page.dblclick('#import-submit');
    await page.click('#import-submit', { force: true, noWaitAfter: true }).catch(() => undefined);
    await expect(page.isDisabled('#import-submit')).resolves.toBe(true);
    await expect(page.locator('#import-submit .spinner').isVisible()).resolves.toBe(true);
    await expect(page.isDisabled('#import-file')).resolves.toBe(true);
    await expect(page.getAttribute('#import', 'aria-busy')).resolves.toBe('true');
    await shot(page, 'import-busy');
    release();
    await page.waitForSelector('#import-notice:not([hidden])');
    expect(calls(s, false)).toBe(1);
    expect(dataRows(s)).toBe(4);
    await expect(page.textContent('#import-rows')).resolves.toBe('Written to rows 3–5.');
    const gid = s.emu.spreadsheet.getSheetByName('Ledger')!.getSheetId();
    await expect(page.getAttribute('#import-rowlink', 'href')).resolves.toBe(
      `${s.emu.spreadsheet.getUrl()}#gid=${gid}&range=A3`,
    );
    await expect(page.textContent('#import-counts')).resolves.toBe('3 imported · 2 refused');
    expect([videoUrl(10), videoUrl(12), videoUrl(13)].map((u) => rowOf(s, u))).toEqual([3, 4, 5]);

    const campaign = s.emu.spreadsheet.getSheetByName('Ledger')!.getRange(4, column(s, 'Campaign'));
    expect(campaign.getValue()).toBe(INJECTED);
    expect(campaign.getFormula()).toBe('');
    expect(campaign.getFormulas()).toEqual([['']]);

    // The file is in the ledger now: the button stays closed, and clicking it does nothing.
    await expect(page.isDisabled('#import-submit')).resolves.toBe(true);
    await expect(page.textContent('#import-submit')).resolves.toBe('Import rows');
    await page.evaluate(() => (document.getElementById('import-submit') as HTMLButtonElement).click());
    await page.click('#import-submit', { force: true, noWaitAfter: true }).catch(() => undefined);
    expect(calls(s, false)).toBe(1);
    expect(dataRows(s)).toBe(4);
    await shot(page, 'import-done');
  });

  it('keeps Import disabled when no line is acceptable, and shows file names and cells as text', async () => {
    const s = await session((h) => expect(h.addon.requestCode(requestInput(1)).ok).toBe(true));
    const { page } = s;
    const payload = '<img src=x onerror="window.__xss=1">';
    await upload(
      page,
      `${payload}.csv`,
      csv(line(1), line(20, { 'Creator handle': payload, 'Approval owner': 'nobody' })),
    );
    await expect(page.textContent('#import-file-info')).resolves.toContain(payload);
    await expect(page.textContent('#import-counts')).resolves.toBe('0 ready to import · 2 refused');
    await expect(page.isDisabled('#import-submit')).resolves.toBe(true);
    await expect(page.textContent('#import-submit')).resolves.toBe('Import rows');
    await expect(page.isVisible('#import-nothing')).resolves.toBe(true);
    const reasons = (await page.textContent('#import-rejected')) ?? '';
    expect(reasons).toContain('Approval owner must be an email address');
    expect(reasons).toContain('Video URL: This video is already in the ledger on row 2');
    await expect(page.locator('#app img, #app script').count()).resolves.toBe(0);
    await expect(page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).resolves.toBeUndefined();
    await shot(page, 'import-none');

    // A file without the ledger's headers is refused as a whole, in one sentence.
    await upload(page, 'notes.csv', Buffer.from('name,notes\nx,y\n'));
    await expect(page.textContent('#import-message')).resolves.toContain(
      'must hold the ledger headers, including Video URL',
    );
    await expect(page.locator('#import-rejected').count()).resolves.toBe(0);
    await expect(page.isDisabled('#import-submit')).resolves.toBe(true);
    await shot(page, 'import-bad-header');
    expect(calls(s, false)).toBe(0);
    expect(dataRows(s)).toBe(1);
  });

  it('says why nothing was imported when the ledger is busy, and imports on the next click', async () => {
    const s = await session();
    const { page } = s;
    await upload(page, 'two.csv', csv(line(30), line(31)));
    await expect(page.textContent('#import-submit')).resolves.toBe('Import 2 rows');
    s.emu.lock.holdByOther(true);
    await page.click('#import-submit');
    await page.waitForSelector('#import-banner:not([hidden])');
    await expect(page.textContent('#import-banner')).resolves.toMatch(/\S/);
    expect(dataRows(s)).toBe(0);
    // The check's result stays in place under the sentence.
    await expect(page.textContent('#import-counts')).resolves.toBe('2 ready to import · 0 refused');
    await shot(page, 'import-busy-lock');
    s.emu.lock.holdByOther(false);
    await expect(page.isDisabled('#import-submit')).resolves.toBe(false);
    await page.click('#import-submit');
    await page.waitForSelector('#import-notice:not([hidden])');
    await expect(page.isVisible('#import-banner')).resolves.toBe(false);
    expect(dataRows(s)).toBe(2);
  });

  it('lists an Activated row without a paid owner, linked to its row, and clears once it is fixed', async () => {
    const s = await session((h) =>
      fillLedger(h.emu, [
        receivedRecord(1),
        receivedRecord(2, { ...activationFields(), status: 'Activated', paidOwner: '' } as never),
      ]),
    );
    const { page } = s;
    const release = s.server.hold();
    await page.click('#validate-submit');
    await page.click('#validate-submit', { force: true, noWaitAfter: true }).catch(() => undefined);
    await expect(page.isDisabled('#validate-submit')).resolves.toBe(true);
    await expect(page.locator('#validate-submit .spinner').isVisible()).resolves.toBe(true);
    await shot(page, 'validate-busy');
    release();
    await page.waitForSelector('#validate-result:not([hidden])');
    expect(s.server.calls.filter((c) => c.fn === 'validateLedger')).toHaveLength(1);
    await expect(page.textContent('#validate-summary')).resolves.toBe(
      '1 of 2 rows need attention; their cells are highlighted in the Ledger.',
    );
    const items = await page.locator('#validate-problems > li').evaluateAll((ls) =>
      ls.map((l) => ({
        row: (l as HTMLElement).dataset.row,
        link: l.querySelector('a.problem-row')?.getAttribute('href'),
        label: l.querySelector('.problem-row')!.textContent,
        url: l.querySelector('.problem-url')!.textContent,
        message: l.querySelector('.problem-message')!.textContent,
      })),
    );
    const gid = s.emu.spreadsheet.getSheetByName('Ledger')!.getSheetId();
    expect(items).toEqual([
      {
        row: '3',
        link: `${s.emu.spreadsheet.getUrl()}#gid=${gid}&range=A3`,
        label: 'Row 3',
        url: videoUrl(2),
        message: expect.stringContaining('Paid owner is required for status Activated.'),
      },
    ]);
    const sheet = s.emu.spreadsheet.getSheetByName('Ledger')!;
    expect(sheet.getRange(3, column(s, 'Paid owner')).getBackground()).toBe('#f6b26b');
    await shot(page, 'validate-problems');

    sheet.getRange(3, column(s, 'Paid owner')).setValue('paid@agency.example');
    await page.click('#validate-submit');
    await page.waitForSelector('#validate-problems', { state: 'detached' });
    await expect(page.textContent('#validate-summary')).resolves.toBe('All 2 rows are ready.');
    expect(sheet.getRange(3, column(s, 'Paid owner')).getBackground()).toBe('#ffffff');
    await shot(page, 'validate-clear');
  });
});
