/**
 * The daily expiry email in Chromium, as a mail client shows its HTML: a
 * realistic digest (several clients, all three groups, long names, a link
 * with no handle or campaign) built by core, at desktop (1200 px) and phone
 * (390 px) widths. Screenshots go to test-artifacts/email/desktop.png and
 * phone.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { renderDigestParts } from '../../src/core/expiry/digest';
import { type DigestSource, LEVEL, type Level, planDelivery } from '../../src/core/expiry/plan';
import { browserSuite, launchChromium } from './harness';

const SHOTS = join(__dirname, '..', '..', 'test-artifacts', 'email');
const TO = 'maya.lindqvist@agency.example';
const CTX = {
  spreadsheetName: 'Spark Ledger: Nordic & DACH performance accounts 2026 (shared with the activation team)',
  url: 'https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789/edit',
  ledgerSheetId: 1375082154,
  today: '2026-03-02',
};

type Owners = Pick<DigestSource, 'paidOwner' | 'creatorOwner' | 'approvalOwner'>;
const PAID: Owners = { paidOwner: TO, creatorOwner: 'jonas@agency.example', approvalOwner: 'lead@agency.example' };
const CREATOR: Owners = { paidOwner: 'ana@agency.example', creatorOwner: TO, approvalOwner: 'lead@agency.example' };
const FALLBACK: Owners = { paidOwner: '', creatorOwner: '', approvalOwner: TO };

interface Spec {
  client: string;
  handle: string;
  campaign: string;
  market: string;
  level: Level;
  expiresOn: string;
  decision: string;
  status: string;
  owners: Owners;
  /** An unparseable link stands in for the video id. */
  url?: string;
}

const SPECS: Spec[] = [
  {
    client: 'Acme Apps',
    handle: '@nordic.gaming.daily',
    campaign: 'Spring install push: Android',
    market: 'SE',
    level: LEVEL.expired,
    expiresOn: '2026-03-01',
    decision: 'Undecided',
    status: 'Expired',
    owners: PAID,
  },
  {
    client: 'Acme Apps',
    handle: '@lena.plays',
    campaign: 'Spring install push: iOS',
    market: 'NO',
    level: LEVEL.h24,
    expiresOn: '2026-03-03',
    decision: 'Renew',
    status: 'Renewal needed',
    owners: PAID,
  },
  {
    client: 'Acme Apps',
    handle: '@budget.bites.with.sofia',
    campaign: 'Always-on creator whitelisting, wave 3 (do not pause without asking Jonas first)',
    market: 'DK',
    level: LEVEL.h72,
    expiresOn: '2026-03-05',
    decision: 'Undecided',
    status: 'Spending',
    owners: CREATOR,
  },
  {
    client: 'Bergström Outdoor & Friluftsliv Aktiebolag (Scandinavia, all brands)',
    handle: '@trailrunner_with_an_extremely_long_handle_name',
    campaign: 'Winter clearance',
    market: 'FI',
    level: LEVEL.expired,
    expiresOn: '2026-02-27',
    decision: 'Undecided',
    status: 'Expired',
    owners: PAID,
  },
  {
    client: 'Bergström Outdoor & Friluftsliv Aktiebolag (Scandinavia, all brands)',
    handle: '@fjallraven.fan',
    campaign: 'Winter clearance',
    market: 'SE',
    level: LEVEL.h72,
    expiresOn: '2026-03-04',
    decision: 'Retire',
    status: 'Renewal needed',
    owners: CREATOR,
  },
  {
    client: 'Globex Games',
    handle: '',
    campaign: '',
    market: 'DE',
    level: LEVEL.h24,
    expiresOn: '2026-03-03',
    decision: '',
    status: 'Paused',
    owners: FALLBACK,
    url: 'https://www.tiktok.com/@globex.official/photo/7471234567890123456?is_from_webapp=1&sender_device=pc&web_id=7300000000000000000',
  },
  {
    client: 'Globex Games',
    handle: '@globex.official',
    campaign: 'Launch trailer <Season 2>',
    market: 'AT',
    level: LEVEL.h72,
    expiresOn: '2026-03-05',
    decision: 'Undecided',
    status: 'Activated',
    owners: FALLBACK,
  },
  {
    client: '',
    handle: '@unassigned.creator',
    campaign: 'Test flight',
    market: 'CH',
    level: LEVEL.h72,
    expiresOn: '2026-03-04',
    decision: 'Renew',
    status: 'Spending',
    owners: PAID,
  },
];

/** The digest as the daily check builds it: queued keys, lines from the rows, roles from planDelivery. */
function digestHtml(): { html: string; lines: number } {
  const sources = new Map<string, DigestSource>();
  SPECS.forEach((s, i) => {
    const id = `7471234567890123${400 + i}`;
    sources.set(`k${i}`, {
      key: `k${i}`,
      row: 40 + i * 17,
      videoUrl: s.url ?? `https://www.tiktok.com/${s.handle || '@globex.official'}/video/${id}`,
      creatorHandle: s.handle,
      client: s.client,
      campaign: s.campaign,
      sparkCode: `#${'Zq9'.repeat(8)}Lm${i}`,
      status: s.status,
      expiresOn: s.expiresOn,
      renewalDecision: s.decision,
      market: s.market,
      ...s.owners,
    });
  });
  const queue = [{ to: TO, since: CTX.today, items: SPECS.map((s, i) => ({ key: `k${i}`, level: s.level })) }];
  const plan = planDelivery(
    queue,
    (k) => sources.get(k) ?? null,
    10,
    (d) => renderDigestParts(d.to, d.lines, CTX).map((p) => ({ to: d.to, lines: p.lines, mail: p })),
  );
  expect(plan.send).toHaveLength(1);
  const mail = plan.send[0].mail!;
  return { html: mail.htmlBody, lines: plan.send[0].lines.length };
}

/** The HTML body in a page the way a mail app shows it: no styles of its own, the device's width. */
function page(html: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"></head><body style="margin:0">${html}</body></html>`;
}

browserSuite('the expiry email in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
  });

  afterAll(async () => {
    if (browser) await browser.close();
  });

  async function open(width: number): Promise<{ p: Page; outside: string[] }> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, isMobile: width < 500 });
    const p = await context.newPage();
    const outside: string[] = [];
    // The email loads nothing: no image, font or stylesheet.
    await p.route('**/*', (r) => {
      outside.push(r.request().url());
      return r.abort();
    });
    const { html } = digestHtml();
    await p.setContent(page(html));
    return { p, outside };
  }

  async function measure(p: Page) {
    return p.evaluate(() => {
      const buttons = Array.from(document.querySelectorAll('a')).filter((a) => a.textContent === 'Open in the ledger');
      const boxes = buttons.map((b) => b.getBoundingClientRect());
      const texts = Array.from(document.querySelectorAll('body *')).filter((e) =>
        Array.from(e.childNodes).some((n) => n.nodeType === 3 && (n.textContent ?? '').trim() !== ''),
      );
      const container = document.querySelector('table')!.getBoundingClientRect();
      return {
        scrollWidth: document.documentElement.scrollWidth,
        viewport: window.innerWidth,
        buttons: boxes.map((b) => ({ height: b.height, width: b.width, left: b.left, right: b.right })),
        smallestFont: Math.min(...texts.map((e) => Number.parseFloat(getComputedStyle(e).fontSize))),
        fonts: [...new Set(texts.map((e) => getComputedStyle(e).fontFamily))],
        containerWidth: container.width,
        // Any element wider than the page would be cut off or scroll sideways.
        widest: Math.max(
          ...Array.from(document.querySelectorAll('body *')).map((e) => e.getBoundingClientRect().right),
        ),
      };
    });
  }

  for (const [name, width] of [
    ['desktop', 1200],
    ['phone', 390],
  ] as const) {
    it(`reads at ${width} px: one column, no sideways scroll, a 40 px button per code (${name}.png)`, async () => {
      const { p, outside } = await open(width);
      const m = await measure(p);
      await p.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
      const { lines } = digestHtml();
      expect(lines).toBe(SPECS.length);
      expect(m.buttons).toHaveLength(lines);
      expect(m.scrollWidth).toBeLessThanOrEqual(m.viewport);
      expect(m.widest).toBeLessThanOrEqual(m.viewport);
      for (const b of m.buttons) {
        expect(b.height).toBeGreaterThanOrEqual(40);
        expect(b.width).toBeGreaterThanOrEqual(120);
        expect(b.left).toBeGreaterThanOrEqual(0);
        expect(b.right).toBeLessThanOrEqual(m.viewport);
      }
      expect(m.containerWidth).toBeLessThanOrEqual(600);
      if (width < 600) expect(m.containerWidth).toBeGreaterThanOrEqual(width - 20);
      expect(m.smallestFont).toBeGreaterThanOrEqual(12);
      expect(m.fonts).toEqual(['Arial, Helvetica, sans-serif']);
      expect(outside).toEqual([]);
      await p.context().close();
    });
  }
});
