/**
 * Debian's Chromium through playwright-core, for the browser tests and the
 * screenshot scripts alike (no test framework needed here).
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);

/** Debian's Chromium, headless, with nothing of its own running in the background. */
export async function launchChromium(): Promise<Browser> {
  if (!HAVE_CHROMIUM)
    throw new Error(`Chromium is missing at ${CHROMIUM}: .ci/run installs it with "apt-get install -y chromium".`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}
