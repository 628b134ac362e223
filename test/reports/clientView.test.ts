/**
 * What a client reads in its report: headline figures per currency and the
 * converted total, statuses in its words with their legend, only notes
 * written for it, lifetime totals that archiving leaves alone, no "Not set"
 * noise, and its own time zone. Driven through the built bundle.
 */
import type { LedgerRecord } from '../../src/core/ledger/fields';
import type { Harness } from '../support/addon';
import { clientSettings, exchangeRates, liveRow, setup, sheetText, urlsIn } from './helpers';

const TAB = 'Report · Acme Apps';

/** Rows of the block titled `title` (or starting so), as display text, up to the next blank row. */
function block(h: Harness, title: string, name = TAB): string[][] {
  const rows = sheetText(h, name);
  const start = rows.findIndex((r) => r[0] === title || r[0].startsWith(`${title} (`));
  if (start < 0) return [];
  const out: string[][] = [];
  for (let i = start + 2; i < rows.length && rows[i].some((c) => c !== ''); i++) out.push(rows[i]);
  return out;
}

const titles = (h: Harness): string[] =>
  sheetText(h, TAB)
    .map((r, i, all) => (i > 0 && all[i - 1].every((c) => c === '') && r[0] !== '' ? r[0] : ''))
    .filter(Boolean);

const all = (h: Harness): string =>
  sheetText(h, TAB)
    .map((r) => r.join('\t'))
    .join('\n');

describe('the headline', () => {
  it('comes first: spend, conversions and cost per conversion per currency, never added across currencies', () => {
    const h = setup([
      liveRow(1, 'Acme Apps', { spend: 100, conversions: 4, comments: 1 }),
      liveRow(2, 'Acme Apps', { spend: 50, conversions: 0, comments: 1 }),
      liveRow(3, 'Acme Apps', { currency: 'JPY', spend: 30000, conversions: 12, comments: 0 }),
      // Waiting for a code: no currency, no figures, nothing to total.
      liveRow(4, 'Acme Apps', {
        status: 'Requested',
        currency: '',
        spend: '',
        conversions: '',
        comments: '',
      } as Partial<LedgerRecord>),
    ]);
    h.addon.generateClientReport('Acme Apps');
    expect(titles(h)[0]).toBe('Spend and results to date');
    const rows = sheetText(h, TAB);
    const at = rows.findIndex((r) => r[0] === 'Spend and results to date');
    expect(rows[at + 1].slice(0, 6)).toEqual([
      'Currency',
      'Spend',
      'Videos',
      'Conversions',
      'Cost per conversion',
      'Comments',
    ]);
    expect(block(h, 'Spend and results to date').map((r) => r.slice(0, 6))).toEqual([
      ['JPY', '30,000.00', '1', '12', '2,500.00', '0'],
      ['USD', '150.00', '2', '4', '37.50', '2'],
      [
        'Each currency is totalled on its own; amounts in different currencies are never added together.',
        '',
        '',
        '',
        '',
        '',
      ],
    ]);
    expect(all(h)).not.toMatch(/Total in/);
  });

  it('adds the total in the reporting currency at the agency’s dated rates, and names the currency it cannot convert', () => {
    const h = setup([
      liveRow(1, 'Acme Apps', { spend: 100, conversions: 10, comments: 1 }),
      liveRow(2, 'Acme Apps', { currency: 'EUR', spend: 50, conversions: 5, comments: 2 }),
      liveRow(3, 'Acme Apps', { currency: 'GBP', spend: 10, conversions: 1, comments: 0 }),
      liveRow(4, 'Acme Apps', { currency: 'JPY', spend: 30000, conversions: 12, comments: 0 }),
    ]);
    exchangeRates(h.emu, 'EUR', [
      ['USD', 0.9, '2026-02-01'],
      ['USD', 0.92, '2026-02-27'],
      ['GBP', 1.2, '2026-02-27'],
    ]);
    const r = h.addon.generateClientReport('Acme Apps');
    expect(r.notices).toBeUndefined();
    const headline = block(h, 'Spend and results to date').map((row) => row.slice(0, 6));
    // 100 × 0.92 + 50 + 10 × 1.2 = 154; JPY is left out, with its conversions.
    expect(headline).toEqual([
      ['EUR', '50.00', '1', '5', '10.00', '2'],
      ['GBP', '10.00', '1', '1', '10.00', '0'],
      ['JPY', '30,000.00', '1', '12', '2,500.00', '0'],
      ['USD', '100.00', '1', '10', '10.00', '1'],
      ['Total in EUR', '154.00', '3', '16', '9.63', '3'],
      ['Each currency is totalled on its own; the total in EUR converts them at the rates below.', '', '', '', '', ''],
      ['Not in the total: JPY is not converted: no exchange rate is kept.', '', '', '', '', ''],
    ]);
    // The latest rate of each currency, with its date.
    expect(block(h, 'Exchange rates used for the total in EUR').map((row) => row.slice(0, 3))).toEqual([
      ['GBP', '1.20', '2026-02-27'],
      ['USD', '0.92', '2026-02-27'],
      ['1 unit of the currency is worth the rate in EUR: rates kept by your agency, of the date shown.', '', ''],
    ]);
  });

  it("reads rates typed as text in the spreadsheet's locale, and refuses what it cannot read, naming it", () => {
    const h = setup([
      liveRow(1, 'Acme Apps', { spend: 100, conversions: 10 }),
      liveRow(2, 'Acme Apps', { currency: 'GBP', spend: 10, conversions: 1 }),
      liveRow(3, 'Acme Apps', { currency: 'CHF', spend: 20, conversions: 2 }),
    ]);
    h.emu.spreadsheet.setSpreadsheetLocale('de_DE');
    exchangeRates(h.emu, 'EUR', [
      ['USD', "'0,92", '2026-02-27'],
      ['GBP', "'eins", '2026-02-27'],
      ['CHF', 1.05, ''],
    ]);
    const r = h.addon.generateClientReport('Acme Apps');
    expect(r.notices).toEqual([
      'Settings row 3: the GBP rate "eins" is not a number (de_DE uses , for decimals and . between thousands, as in 1.234,56).',
      'Settings row 4: the CHF rate needs the day it was taken in Rate as of (a date such as 2026-03-01); a rate is never shown without its date.',
    ]);
    const headline = block(h, 'Spend and results to date');
    expect(headline.find((row) => row[0] === 'Total in EUR')?.slice(0, 2)).toEqual(['Total in EUR', '92.00']);
    expect(headline.map((row) => row[0])).toContain(
      'Not in the total: CHF, GBP are not converted: no exchange rate is kept.',
    );
    // The menu's refresh tells the agency what to fix.
    h.addon.menuRefreshAllClientReports();
    expect(h.emu.ui.alerts.pop()).toMatch(/To fix in Settings:\n• Settings row 3: the GBP rate "eins" is not a number/);
  });

  it('a reporting currency that is not one is named and no total is shown', () => {
    const h = setup([liveRow(1, 'Acme Apps'), liveRow(2, 'Acme Apps', { currency: 'EUR' })]);
    exchangeRates(h.emu, 'Euro', [['USD', 0.92, '2026-02-27']]);
    const r = h.addon.generateClientReport('Acme Apps');
    expect(r.notices).toEqual([
      'Settings › Reporting currency "Euro" is not an ISO 4217 currency code such as EUR or USD, so reports show no converted total.',
    ]);
    expect(all(h)).not.toMatch(/Total in/);
  });
});

describe('statuses in the client’s words', () => {
  it('shows each status as the client says it, with a legend of every word shown and no ledger word', () => {
    const statuses = ['Requested', 'Received', 'Activated', 'Spending', 'Paused', 'Renewal needed', 'Expired'];
    const h = setup([
      ...statuses.map((status, i) => liveRow(i + 1, 'Acme Apps', { status } as Partial<LedgerRecord>)),
      liveRow(9, 'Acme Apps', { status: 'Spending' }),
      liveRow(10, 'Acme Apps', {
        status: 'Retired',
        retirementReason: 'Campaign ended',
        renewalDecision: 'Retire',
      } as Partial<LedgerRecord>),
    ]);
    h.addon.generateClientReport('Acme Apps');
    const byStatus = block(h, 'Videos by status').map((r) => r.slice(0, 3));
    expect(byStatus).toEqual([
      ['Waiting for the creator', '1', '11%'],
      ['Code received, not live yet', '1', '11%'],
      ['Ready to run', '1', '11%'],
      ['Running', '2', '22%'],
      ['Paused', '1', '11%'],
      ['Renewal due', '1', '11%'],
      ['Ended: code expired', '1', '11%'],
      ['Stopped', '1', '11%'],
      ['Total', '9', '100%'],
    ]);
    const legend = block(h, 'What the statuses mean').map((r) => r.slice(0, 2));
    expect(legend.map((r) => r[0])).toEqual(byStatus.slice(0, -1).map((r) => r[0]));
    expect(legend.every(([, meaning]) => meaning.length > 10)).toBe(true);
    expect(legend[0]).toEqual(['Waiting for the creator', 'We asked the creator for a Spark code.']);
    // The videos list uses the same words, and no ledger status appears anywhere.
    const words = new Set(legend.map((r) => r[0]));
    const videos = block(h, 'Videos').filter((r) => r[0].startsWith('https://'));
    expect(videos.every((r) => words.has(r[5]))).toBe(true);
    expect(all(h)).not.toMatch(/\b(Requested|Received|Activated|Spending|Renewal needed|Expired|Retired|Undecided)\b/);
  });

  it('lists only the statuses that have videos, each explained', () => {
    const h = setup([liveRow(1, 'Acme Apps'), liveRow(2, 'Acme Apps', { status: 'Paused' })]);
    h.addon.generateClientReport('Acme Apps');
    expect(block(h, 'What the statuses mean').map((r) => r[0])).toEqual(['Running', 'Paused']);
    expect(h.emu.sheet(TAB).getCharts()).toHaveLength(1);
  });
});

describe('notes and decisions', () => {
  it('shows the client note, never the decision note, and decisions only once made', () => {
    const h = setup([
      liveRow(1, 'Acme Apps', {
        renewalDecision: 'Renew',
        decisionNote: 'INTERNAL creator asked for a bonus',
        clientNote: 'Strong results: renewing for 30 days.',
      } as Partial<LedgerRecord>),
      liveRow(2, 'Acme Apps', {
        renewalDecision: 'Undecided',
        expiresOn: '2026-03-04',
        decisionNote: 'INTERNAL still thinking',
        clientNote: 'We will decide this week.',
      } as Partial<LedgerRecord>),
      liveRow(3, 'Acme Apps', {
        status: 'Retired',
        renewalDecision: 'Retire',
        retirementReason: 'Other',
        decisionNote: 'INTERNAL Northwind Foods asked first',
        clientNote: 'Stopped so Northwind Foods can use the creator.',
      } as Partial<LedgerRecord>),
      liveRow(4, 'Acme Apps', {
        status: 'Retired',
        renewalDecision: 'Retire',
        retirementReason: 'Because we said so',
      } as Partial<LedgerRecord>),
      liveRow(5, 'Northwind Foods'),
    ]);
    h.addon.generateClientReport('Acme Apps');
    const text = all(h);
    expect(text).not.toMatch(/INTERNAL|Undecided|Renewal decision|Northwind/);
    const decisions = block(h, 'Decisions to renew or stop').map((r) => [r[0].slice(-2), r[4], r[5], r[6]]);
    expect(decisions).toEqual([
      [liveRow(1, '').videoUrl.slice(-2), 'Renew', '', 'Strong results: renewing for 30 days.'],
      [liveRow(3, '').videoUrl.slice(-2), 'Stop', 'Other', 'Stopped so [another client] can use the creator.'],
      // A reason not on the list is not shown.
      [liveRow(4, '').videoUrl.slice(-2), 'Stop', '', ''],
    ]);
    // The undecided code ending soon shows no decision.
    const ending = block(h, 'Codes ending in the next 7 days');
    expect(ending.map((r) => [r[0].slice(-2), r[4]])).toEqual([[liveRow(2, '').videoUrl.slice(-2), '']]);
  });

  it('leaves the decisions section out when none was made', () => {
    const h = setup([liveRow(1, 'Acme Apps')]);
    h.addon.generateClientReport('Acme Apps');
    expect(titles(h)).not.toContain('Decisions to renew or stop');
  });
});

describe('lifetime totals', () => {
  it('archiving closed rows changes nothing in the report: videos, spend and conversions stay', () => {
    const closed = (n: number, status: 'Retired' | 'Expired') =>
      liveRow(n, 'Acme Apps', {
        status,
        paidStatus: 'Ended',
        expiresOn: '2025-10-01',
        ...(status === 'Retired' ? { retirementReason: 'Campaign ended', renewalDecision: 'Retire' } : {}),
        clientNote: status === 'Retired' ? 'The campaign ended in September.' : '',
      } as Partial<LedgerRecord>);
    const h = setup([
      closed(1, 'Retired'),
      liveRow(2, 'Acme Apps', { spend: 40, conversions: 4 }),
      closed(3, 'Expired'),
      liveRow(4, 'Acme Apps', { currency: 'EUR' }),
      closed(5, 'Retired'),
      liveRow(6, 'Northwind Foods'),
    ]);
    const before = h.addon.generateClientReport('Acme Apps');
    const reportBefore = sheetText(h, TAB);
    const headlineBefore = block(h, 'Spend and results to date');
    expect(headlineBefore.map((r) => r.slice(0, 4))).toEqual([
      ['EUR', '104.00', '1', '4'],
      ['USD', '349.00', '4', '13'],
      ['Each currency is totalled on its own; amounts in different currencies are never added together.', '', '', ''],
    ]);
    const moved = h.addon.archiveClosed(30);
    expect(moved.moved).toBe(3);
    const after = h.addon.generateClientReport('Acme Apps');
    expect(after).toEqual(before);
    expect(after.rows).toBe(5);
    expect(sheetText(h, TAB)).toEqual(reportBefore);
    // A client whose rows are all archived keeps its report.
    expect(h.addon.refreshAllClientReports().reports.map((r: { client: string }) => r.client)).toEqual([
      'Acme Apps',
      'Northwind Foods',
    ]);
  });

  it('counts a row left in both sheets by an interrupted archive once', () => {
    const h = setup([
      liveRow(1, 'Acme Apps', { status: 'Expired', paidStatus: 'Ended', expiresOn: '2025-10-01' }),
      liveRow(2, 'Acme Apps'),
    ]);
    h.addon.generateClientReport('Acme Apps');
    const before = sheetText(h, TAB);
    h.addon.archiveClosed(30);
    // The archived row copied back to the Ledger, as a run that died before deleting it would leave it.
    const archive = h.emu.sheet('Archive').getDataRange().getValues();
    const ledger = h.emu.sheet('Ledger');
    const header = ledger.getRange(1, 1, 1, ledger.getLastColumn()).getValues()[0];
    const row = header.map((hd) => {
      const i = archive[0].indexOf(hd);
      return i < 0 ? '' : archive[1][i];
    });
    ledger.appendRow(row.map((v) => (typeof v === 'string' && v !== '' ? `'${v}` : v)));
    expect(urlsIn(h, 'Ledger')).toContain(liveRow(1, '').videoUrl);
    expect(urlsIn(h, 'Archive')).toContain(liveRow(1, '').videoUrl);
    h.addon.generateClientReport('Acme Apps');
    expect(sheetText(h, TAB)).toEqual(before);
  });
});

describe('no "Not set" noise', () => {
  it('groups empty markets and campaigns as Other, and only when there are any', () => {
    const h = setup([
      liveRow(1, 'Acme Apps', { market: '', campaign: '' }),
      liveRow(2, 'Acme Apps', { market: 'DE', campaign: 'Launch' }),
    ]);
    h.addon.generateClientReport('Acme Apps');
    expect(block(h, 'By market').map((r) => r[0])).toEqual(['DE', 'Other']);
    expect(block(h, 'By campaign').map((r) => r[0])).toEqual(['Launch', 'Other']);
    expect(all(h)).not.toMatch(/Not set/);
    // In the list of videos an empty value is a blank cell.
    const videos = block(h, 'Videos').filter((r) => r[0].startsWith('https://'));
    expect(videos.find((r) => r[0] === liveRow(1, '').videoUrl)?.slice(2, 4)).toEqual(['', '']);

    const h2 = setup([liveRow(1, 'Acme Apps', { market: 'US', campaign: 'Launch' })]);
    h2.addon.generateClientReport('Acme Apps');
    expect(all(h2)).not.toMatch(/\bOther\b/);
  });

  it('leaves out sections with nothing to show and figures nobody recorded', () => {
    const h = setup([
      liveRow(1, 'Acme Apps', {
        status: 'Received',
        spend: '',
        conversions: '',
        comments: '',
      } as Partial<LedgerRecord>),
    ]);
    h.addon.generateClientReport('Acme Apps');
    const t = titles(h);
    expect(t).not.toContain('Videos made with AI, by campaign');
    expect(t).not.toContain('Decisions to renew or stop');
    const market = block(h, 'By market');
    // Spend, conversions and cost per conversion blank, not 0.00.
    expect(market[0].slice(0, 7)).toEqual(['US', 'USD', '1', '', '', '', '']);
  });
});

describe("the client's time zone", () => {
  it('dates the report and the ends of codes in the zone Settings gives the client', () => {
    const h = setup([
      liveRow(1, 'Acme Apps', { expiresOn: '2026-03-05' }),
      liveRow(2, 'Northwind Foods', { expiresOn: '2026-03-05' }),
    ]);
    clientSettings(h.emu, { 'Acme Apps': { timeZone: 'Asia/Tokyo' } });
    // 11:00 in New York, 01:00 the next day in Tokyo.
    h.emu.clock.set('2026-03-02T16:00:00Z');
    const r = h.addon.generateClientReport('Acme Apps');
    expect(r.notices).toBeUndefined();
    expect(sheetText(h, TAB)[1][0]).toMatch(/^Made 2026-03-03 01:00 \(Asia\/Tokyo time\)/);
    // The code ends at 00:00 in New York, 14:00 in Tokyo.
    const ending = block(h, 'Codes ending in the next 7 days (to 2026-03-10)');
    expect(ending.map((x) => [x[6], x[7]])).toEqual([['2026-03-05 14:00', '3']]);

    h.addon.generateClientReport('Northwind Foods');
    const other = sheetText(h, 'Report · Northwind Foods');
    expect(other[1][0]).toMatch(/^Made 2026-03-02 11:00 \(America\/New_York time\)/);
    expect(block(h, 'Codes ending in the next 7 days', 'Report · Northwind Foods').map((x) => x[6])).toEqual([
      '2026-03-05',
    ]);
  });

  it('uses the spreadsheet’s zone, and says so, when the name is not a zone', () => {
    for (const typed of ['Asia/Tokio', 'EST', 'Tokyo']) {
      const h = setup([liveRow(1, 'Acme Apps')]);
      clientSettings(h.emu, { 'Acme Apps': { timeZone: typed } });
      const r = h.addon.generateClientReport('Acme Apps');
      expect(r.notices).toEqual([
        `Settings › Client time zone for Acme Apps is "${typed}", which is not a time zone Google knows (an IANA name such as Europe/Berlin or America/Sao_Paulo); the report uses the spreadsheet's, America/New_York.`,
      ]);
      expect(sheetText(h, TAB)[1][0]).toMatch(/\(America\/New_York time\)/);
    }
  });

  it('knows zones at UTC+0 all year', () => {
    const h = setup([liveRow(1, 'Acme Apps')]);
    clientSettings(h.emu, { 'Acme Apps': { timeZone: 'Africa/Abidjan' } });
    const r = h.addon.generateClientReport('Acme Apps');
    expect(r.notices).toBeUndefined();
    expect(sheetText(h, TAB)[1][0]).toMatch(/\(Africa\/Abidjan time\)/);
  });
});
