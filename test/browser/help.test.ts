/**
 * The Help dialog in Chromium at the size the menu opens it (520 × 560): the
 * checklist half done, nothing overflowing, Close calling google.script.host.
 * Screenshot: test-artifacts/sidebar/help.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { helpPage } from '../../src/core/setup/help';
import { ADDON_CSS, SHOTS, browserSuite, launchChromium } from './harness';

browserSuite('the Help dialog in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
  });

  afterAll(async () => {
    if (browser) await browser.close();
  });

  it('shows what is done and what is left, fits the dialog, and closes through google.script.host', async () => {
    const context = await browser.newContext({ viewport: { width: 520, height: 560 } });
    const p = await context.newPage();
    const outside: string[] = [];
    await p.route('**/*', (r) => {
      outside.push(r.request().url());
      return r.abort();
    });
    await p.setContent(helpPage({ ledgerSetUp: true, emptySettingsLists: ['Owners'], alerts: { on: false } }));
    await p.evaluate(() => {
      (window as unknown as { closeCalls: number }).closeCalls = 0;
      (window as unknown as { google: unknown }).google = {
        script: { host: { close: () => (window as unknown as { closeCalls: number }).closeCalls++ } },
      };
    });
    const facts = await p.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      marks: Array.from(document.querySelectorAll('.step')).map((li) => ({
        done: li.classList.contains('done'),
        text: (li.querySelector('.state') as HTMLElement).textContent,
      })),
      font: getComputedStyle(document.body).fontFamily,
    }));
    expect(facts.scrollWidth).toBeLessThanOrEqual(520);
    expect(facts.marks).toEqual([
      { done: true, text: 'Done' },
      { done: false, text: 'To do' },
      { done: false, text: 'To do' },
    ]);
    expect(facts.font).toMatch(/^Arial/);
    await p.screenshot({ path: join(SHOTS, 'help.png'), fullPage: true });
    await p.click('#close');
    await expect(p.evaluate(() => (window as unknown as { closeCalls: number }).closeCalls)).resolves.toBe(1);
    // The only thing the page asks for is Google's add-on stylesheet.
    expect(outside).toEqual([ADDON_CSS]);
    await context.close();
  });
});
