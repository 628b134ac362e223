/** Publishing a client's report into that client's own spreadsheet. */
import { liveRow, setup, sheetText } from './helpers';
import { sparkCode } from '../support/fixtures';

describe('publishClientReport', () => {
  it("creates the client's spreadsheet once, then replaces the copy in it", () => {
    const h = setup([liveRow(1, 'Acme Apps'), liveRow(2, 'Globex Games'), liveRow(3, 'Acme Apps')]);
    const first = h.addon.publishClientReport('Acme Apps');
    expect(first.url).toBe(`https://docs.google.com/spreadsheets/d/${first.spreadsheetId}/edit`);
    const target = h.emu.spreadsheets.get(first.spreadsheetId)!;
    expect(target.getName()).toBe('Acme Apps · Spark Ads report');
    expect(target.getSheets().map((s) => s.getName())).toEqual(['Report · Acme Apps']);
    const copy = target.getSheets()[0];
    expect(copy.getDataRange().getDisplayValues()).toEqual(sheetText(h, 'Report · Acme Apps'));
    expect(copy.getCharts()).toHaveLength(1);
    expect(copy.getProtections('SHEET')).toHaveLength(1);
    const text = copy.getDataRange().getDisplayValues().flat().join('\n');
    expect(text).not.toContain('Globex');
    expect(text).not.toContain(sparkCode(1));

    const second = h.addon.publishClientReport('Acme Apps');
    expect(second.spreadsheetId).toBe(first.spreadsheetId);
    expect(target.getSheets().map((s) => s.getName())).toEqual(['Report · Acme Apps']);
    expect(h.emu.spreadsheets.size).toBe(2);
  });

  it("creates a new spreadsheet when the client's one is gone", () => {
    const h = setup([liveRow(1, 'Acme Apps')]);
    const first = h.addon.publishClientReport('Acme Apps');
    h.emu.spreadsheets.delete(first.spreadsheetId);
    const second = h.addon.publishClientReport('Acme Apps');
    expect(second.spreadsheetId).not.toBe(first.spreadsheetId);
    expect(h.emu.properties.document.get('report.published:Acme Apps')).toBe(second.spreadsheetId);
    expect(h.addon.publishClientReport('Acme Apps').spreadsheetId).toBe(second.spreadsheetId);
  });

  it('keeps each client in its own spreadsheet', () => {
    const h = setup([liveRow(1, 'Acme'), liveRow(2, 'ACME')]);
    const a = h.addon.publishClientReport('Acme');
    const b = h.addon.publishClientReport('ACME');
    expect(a.spreadsheetId).not.toBe(b.spreadsheetId);
    const text = (id: string) =>
      h.emu.spreadsheets.get(id)!.getSheets()[0].getDataRange().getDisplayValues().flat().join('\n');
    expect(text(a.spreadsheetId)).toContain(liveRow(1, '').videoUrl);
    expect(text(a.spreadsheetId)).not.toContain(liveRow(2, '').videoUrl);
    expect(text(b.spreadsheetId)).not.toContain(liveRow(1, '').videoUrl);
  });

  it('publishes from the menu and gives the link', () => {
    const h = setup([liveRow(1, 'Acme Apps')]);
    h.emu.ui.promptResponses.push('Acme Apps');
    h.addon.menuPublishClientReport();
    expect(h.emu.ui.alerts.pop()).toMatch(
      /^The report is in the client's own spreadsheet: https:\/\/docs\.google\.com\/spreadsheets\/d\//,
    );
  });
});

describe('AI funnel tab', () => {
  it('counts generated, reviewed, authorized and spending videos per client and campaign', () => {
    const h = setup([
      liveRow(1, 'Acme Apps', { generationPrompt: 'p', humanReviewed: true, campaign: 'AI spring' }),
      liveRow(2, 'Acme Apps', {
        generationPrompt: 'p',
        humanReviewed: true,
        campaign: 'AI spring',
        status: 'Received',
        spend: '',
      }),
      liveRow(3, 'Acme Apps', {
        generationPrompt: 'p',
        campaign: 'AI spring',
        status: 'Requested',
        sparkCode: '',
        spend: '',
      }),
      liveRow(4, 'Globex Games', { generationPrompt: 'p', humanReviewed: true, campaign: 'Bots' }),
      liveRow(5, 'Globex Games', { campaign: 'Humans' }),
    ] as never);
    const r = h.addon.buildAiFunnel();
    expect(r).toEqual({ sheetName: 'AI funnel', campaigns: 2 });
    const rows = sheetText(h, 'AI funnel');
    const start = rows.findIndex((x) => x[0] === 'Client');
    expect(rows.slice(start + 1, start + 4).map((x) => x.slice(0, 9))).toEqual([
      ['Acme Apps', 'AI spring', '3', '2', '2', '1', '67%', '67%', '33%'],
      ['Globex Games', 'Bots', '1', '1', '1', '1', '100%', '100%', '100%'],
      ['Total', '', '4', '3', '3', '2', '75%', '75%', '50%'],
    ]);
    expect(h.emu.sheet('AI funnel').getProtections('SHEET')[0].isWarningOnly()).toBe(true);
  });
});
