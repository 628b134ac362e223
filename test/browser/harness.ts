/**
 * Shared set-up of the sidebar browser tests: Debian's Chromium through
 * playwright-core, one server per test serving build/Sidebar.html with the
 * google.script.run stand-in, and the emulated spreadsheet behind it.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type Harness, startAddon } from '../support/addon';
import { seedSettings } from '../support/fixtures';
import { CHROMIUM, HAVE_CHROMIUM, launchChromium } from './chromium';
import { type SidebarServer, serveSidebar } from './serve';

export { CHROMIUM, HAVE_CHROMIUM, launchChromium };

const IN_CI = process.env.CI === 'true';
export const SHOTS = join(__dirname, '..', '..', 'test-artifacts', 'sidebar');

if (!HAVE_CHROMIUM && !IN_CI) {
  console.warn(
    `Sidebar browser tests skipped: no Chromium at ${CHROMIUM}. Install it with "apt-get install chromium" to run them.`,
  );
}

/** In CI a missing browser is a failure, never a silent skip. */
export const browserSuite = HAVE_CHROMIUM || IN_CI ? describe : describe.skip;

export interface Session extends Harness {
  server: SidebarServer;
  page: Page;
  /** Requests the page made anywhere but the local server (the sidebar must need none). */
  outside: string[];
  pageErrors: string[];
}

/**
 * Registers the browser's lifecycle hooks in the calling describe block and
 * returns a function that opens the sidebar on a fresh, seeded spreadsheet.
 * Every test ends by checking the page threw nothing and fetched nothing else.
 */
export function useSidebarSessions(): (seed?: (h: Harness) => void) => Promise<Session> {
  let browser: Browser;
  // One context for the suite: each test still gets its own page, server and origin.
  let context: BrowserContext;
  const open: Session[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 300, height: 760 } });
  });

  afterEach(async () => {
    for (const s of open.splice(0)) {
      expect(s.pageErrors).toEqual([]);
      expect(s.outside).toEqual([]);
      await s.page.close();
      await s.server.close();
    }
  });

  afterAll(async () => {
    if (browser) await browser.close();
  });

  return async (seed) => {
    const h = startAddon();
    seedSettings(h.emu);
    if (seed) seed(h);
    const server = await serveSidebar(h.emu);
    const page = await context.newPage();
    const s: Session = { ...h, server, page, outside: [], pageErrors: [] };
    // Google's add-on CSS package is the one thing the page may ask for outside (sidebar.html links it,
    // https://developers.google.com/apps-script/add-ons/css). Tests refuse it, so they see the sidebar's own
    // sheet alone, the look a sidebar keeps when the package cannot load.
    await page.route(ADDON_CSS, (r) => r.abort());
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url) && r.url() !== ADDON_CSS) s.outside.push(r.url());
    });
    page.on('pageerror', (e) => s.pageErrors.push(e.message));
    open.push(s);
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]');
    return s;
  };
}

/** Google's CSS package for editor add-ons. */
export const ADDON_CSS = 'https://ssl.gstatic.com/docs/script/css/add-ons1.css';

export function ledgerValues(s: Session): unknown[][] {
  return s.emu.spreadsheet.getSheetByName('Ledger')!.getDataRange().getValues();
}

export function dataRowCount(s: Session): number {
  return ledgerValues(s)
    .slice(1)
    .filter((r) => r.some((v) => v !== '')).length;
}
