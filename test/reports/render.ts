/**
 * Renders a client report as the emulated sheet holds it (values as
 * displayed, fills, fonts, alignment, column widths, the chart) into an HTML
 * page and a PNG under test-artifacts/reports/, to look at the tab as a client
 * would; and the client picker and the published-link dialog as shown.
 * Run: node test/reports/screenshot.mjs
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LedgerRecord } from '../../src/core/ledger/fields';
import type { FakeSheet } from '@spark-ledger/gas-emulator';
import { startAddon } from '../support/addon';
import { seedSettings, videoUrl } from '../support/fixtures';
import { fillLedger, receivedRecord } from '../support/ledgerFill';
import { clientSettings, exchangeRates } from './helpers';
import { launchChromium } from '../browser/chromium';

const OUT = join(__dirname, '..', '..', 'test-artifacts', 'reports');

function sampleLedger(): LedgerRecord[] {
  const live = (n: number, client: string, o: Partial<LedgerRecord>): LedgerRecord =>
    receivedRecord(n, {
      client,
      status: 'Spending',
      objective: 'App installs',
      paidOwner: 'paid@agency.example',
      creatorOwner: 'creator@agency.example',
      language: 'en',
      currency: 'USD',
      landingPage: 'https://acme.example/app',
      spendStart: '2026-02-02',
      videoUrl: videoUrl(n, `creator.${n}`),
      creatorHandle: `@creator.${n}`,
      ...o,
    } as Partial<LedgerRecord>);
  return [
    live(1, 'Acme Apps', {
      campaign: 'Spring launch',
      market: 'US',
      spend: 1840.5,
      conversions: 312,
      comments: 41,
      expiresOn: '2026-03-20',
    }),
    live(2, 'Acme Apps', {
      campaign: 'Spring launch',
      market: 'US',
      spend: 960,
      conversions: 141,
      comments: 17,
      expiresOn: '2026-03-05',
      status: 'Renewal needed',
      renewalDecision: 'Renew',
      decisionNote: 'Internal: creator asked for a bonus, agreed at 30 more days.',
      clientNote: 'Best cost per install of the flight; the creator agreed to 30 more days.',
    }),
    live(3, 'Acme Apps', {
      campaign: 'Spring launch',
      market: 'GB',
      currency: 'GBP',
      spend: 720.25,
      conversions: 88,
      comments: 9,
      expiresOn: '2026-04-11',
    }),
    live(4, 'Acme Apps', {
      campaign: 'Creator collabs',
      market: 'DE',
      currency: 'EUR',
      spend: 1310,
      conversions: 205,
      comments: 33,
      expiresOn: '2026-03-07',
    }),
    live(5, 'Acme Apps', {
      campaign: 'Creator collabs',
      market: 'DE',
      currency: 'EUR',
      status: 'Paused',
      spend: 415.8,
      conversions: 39,
      comments: 6,
      expiresOn: '2026-05-01',
    }),
    live(6, 'Acme Apps', {
      campaign: 'Creator collabs',
      market: 'FR',
      currency: 'EUR',
      status: 'Retired',
      retirementReason: 'Weak performance',
      renewalDecision: 'Retire',
      decisionNote: 'Internal: creator was hard to reach; Globex Games wants the slot.',
      clientNote: 'Cost per install twice the target after two weeks; budget moved to the DE videos.',
      spend: 230,
      conversions: 11,
      comments: 2,
      expiresOn: '2026-02-20',
    }),
    live(12, 'Acme Apps', {
      campaign: 'Winter teaser',
      market: 'US',
      status: 'Expired',
      paidStatus: 'Ended',
      spend: 1200,
      conversions: 150,
      comments: 20,
      authorizedOn: '2025-11-01',
      authDays: 30,
      expiresOn: '2025-12-01',
      updatedAt: '2025-12-01T10:00:00.000Z',
    }),
    live(7, 'Acme Apps', {
      campaign: 'AI explainers',
      market: 'US',
      generationPrompt: 'explainer',
      humanReviewed: true,
      spend: 505,
      conversions: 77,
      comments: 12,
      expiresOn: '2026-03-08',
    }),
    live(8, 'Acme Apps', {
      campaign: 'AI explainers',
      market: 'US',
      generationPrompt: 'explainer',
      humanReviewed: true,
      status: 'Received',
      spend: '',
      conversions: '',
      comments: '',
      expiresOn: '2026-04-01',
    } as Partial<LedgerRecord>),
    live(9, 'Acme Apps', {
      campaign: 'AI explainers',
      market: 'CA',
      generationPrompt: 'explainer',
      humanReviewed: false,
      status: 'Requested',
      sparkCode: '',
      authorizedOn: '',
      authDays: '',
      expiresOn: '',
      spend: '',
      conversions: '',
      comments: '',
    } as Partial<LedgerRecord>),
    live(10, 'Acme Apps', {
      campaign: 'Spring launch',
      market: 'US',
      status: 'Activated',
      spend: 0,
      conversions: 0,
      comments: 0,
      expiresOn: '2026-03-30',
    }),
    live(11, 'Globex Games', {
      campaign: 'Globex beta',
      market: 'JP',
      currency: 'JPY',
      spend: 120000,
      conversions: 50,
      comments: 3,
      expiresOn: '2026-03-04',
    }),
  ];
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function sheetHtml(sheet: FakeSheet): string {
  const range = sheet.getDataRange();
  const shown = range.getDisplayValues();
  const bg = range.getBackgrounds();
  const weight = range.getFontWeights();
  const color = range.getFontColors();
  const size = range.getFontSizes();
  const style = range.getValues().map((r, i) => r.map((_, j) => sheet.getRange(i + 1, j + 1).getFontStyle()));
  const align = range.getHorizontalAlignments();
  const widths = shown[0].map((_, c) => sheet.getColumnWidth(c + 1));
  const heights = shown.map((_, r) => sheet.getRowHeight(r + 1));
  const rows = shown.map((row, r) => {
    const cells: string[] = [];
    for (let c = 0; c < row.length; c++) {
      let span = 1;
      // Text overflows into empty neighbours, as Sheets draws it.
      if (row[c] !== '' && align[r][c] !== 'right') while (c + span < row.length && row[c + span] === '') span++;
      const css = `background:${bg[r][c]};font-weight:${weight[r][c]};color:${color[r][c]};font-size:${(size[r][c] * 4) / 3}px;font-style:${style[r][c]};text-align:${align[r][c] === 'right' ? 'right' : 'left'}`;
      cells.push(`<td colspan="${span}" style="${css}">${esc(row[c])}</td>`);
      c += span - 1;
    }
    return `<tr style="height:${heights[r]}px">${cells.join('')}</tr>`;
  });
  let chartSvg = '';
  for (const chart of sheet.getCharts()) {
    const pos = chart.getContainerInfo();
    const opts = chart.getOptions();
    const w = Number(opts.get('width'));
    const h = Number(opts.get('height'));
    const x = widths.slice(0, pos.getAnchorColumn() - 1).reduce((a, b) => a + b, 0);
    const y = heights.slice(0, pos.getAnchorRow() - 1).reduce((a, b) => a + b, 0);
    const data = chart
      .getRanges()[0]
      .getValues()
      .slice(1)
      .map((r) => [String(r[0]), Number(r[1])] as const);
    const max = Math.max(1, ...data.map((d) => d[1]));
    const plotH = h - 70;
    const bw = (w - 60) / data.length;
    const bars = data.map(([label, v], i) => {
      const bh = (v / max) * plotH;
      return (
        `<rect x="${40 + i * bw + bw * 0.2}" y="${30 + plotH - bh}" width="${bw * 0.6}" height="${bh}" fill="#1a73e8"/>` +
        `<text x="${40 + i * bw + bw / 2}" y="${h - 26}" font-size="10" text-anchor="middle" fill="#5f6368">${esc(label.length > 12 ? `${label.slice(0, 11)}…` : label)}</text>` +
        `<text x="${40 + i * bw + bw / 2}" y="${26 + plotH - bh}" font-size="10" text-anchor="middle" fill="#202124">${v}</text>`
      );
    });
    chartSvg +=
      `<svg style="position:absolute;left:${x}px;top:${y}px;background:#fff;border:1px solid #dadce0" width="${w}" height="${h}">` +
      `<text x="${w / 2}" y="18" font-size="13" text-anchor="middle" fill="#202124">${esc(String(opts.get('title')))}</text>` +
      `<line x1="40" y1="${30 + plotH}" x2="${w - 20}" y2="${30 + plotH}" stroke="#dadce0"/>${bars.join('')}</svg>`;
  }
  return `<!doctype html><meta charset="utf-8"><title>${esc(sheet.getName())}</title>
<style>body{margin:0;font-family:Arial,sans-serif}table{border-collapse:collapse;table-layout:fixed}td{padding:0 4px;white-space:nowrap;overflow:hidden;vertical-align:bottom}</style>
<div style="position:relative"><table><colgroup>${widths.map((w) => `<col style="width:${w}px">`).join('')}</colgroup>${rows.join('\n')}</table>${chartSvg}</div>`;
}

/** The page a dialog shows, with google.script stood in: the run call answers with `reply`. */
function dialogPage(html: string, reply: unknown): string {
  const stub = `<script>window.google={script:{host:{close(){},setHeight(){}},run:(function(){var r={withSuccessHandler:function(f){r.ok=f;return r},withFailureHandler:function(f){return r},clientReportFromPicker:function(){r.ok(${JSON.stringify(reply)})}};return r})()}};</script>`;
  return `<div style="width:460px;border:1px solid #dadce0;box-shadow:0 2px 8px rgba(0,0,0,.2);padding:16px 20px;font-family:Arial">${stub}${html}</div>`;
}

async function main(): Promise<void> {
  const { emu, addon } = startAddon();
  seedSettings(emu);
  clientSettings(emu, { 'Acme Apps': { timeZone: 'Europe/Berlin', email: 'marketing@acme.example' } });
  exchangeRates(emu, 'EUR', [
    ['USD', 0.92, '2026-02-27'],
    ['GBP', 1.17, '2026-02-27'],
  ]);
  emu.clock.set('2026-03-02T10:00:00Z');
  fillLedger(emu, sampleLedger());
  addon.archiveClosed(30);
  const r = addon.generateClientReport('Acme Apps');
  addon.buildAiFunnel();
  addon.menuPublishClientReport();
  const picker = emu.ui.dialogs[emu.ui.dialogs.length - 1].html;
  const published = addon.clientReportFromPicker('publish', 'Acme Apps');
  mkdirSync(OUT, { recursive: true });
  const browser = await launchChromium();
  try {
    const pages: [string, string, number][] = [
      [r.sheetName, sheetHtml(emu.sheet(r.sheetName)), 1700],
      ['AI funnel', sheetHtml(emu.sheet('AI funnel')), 1700],
      ['client picker', dialogPage(picker, published), 520],
      ['published', dialogPage(picker, published), 520],
    ];
    const files = ['report', 'ai-funnel', 'picker', 'published'];
    for (let i = 0; i < pages.length; i++) {
      const [name, html, width] = pages[i];
      writeFileSync(join(OUT, `${files[i]}.html`), html);
      const page = await browser.newPage({ viewport: { width, height: 400 } });
      await page.setContent(html);
      if (files[i] === 'picker') await page.click('#clients li:nth-child(1) label');
      if (files[i] === 'published') {
        await page.click('#clients li:nth-child(1) label');
        await page.click('#go');
      }
      await page.screenshot({ path: join(OUT, `${files[i]}.png`), fullPage: true });
      await page.close();
      console.log(`${name}: ${join(OUT, `${files[i]}.png`)}`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
