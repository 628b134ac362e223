/** Publishing a client's report into that client's own spreadsheet. */
import { startAddon } from '../support/addon';
import { seedSettings, sparkCode } from '../support/fixtures';
import { fillLedger } from '../support/ledgerFill';
import { clientSettings, dialogData, liveRow, setup, sheetText } from './helpers';

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

  it('shares the copy as a viewer with the client’s report email, and takes an address off when Settings drops it', () => {
    const h = setup([liveRow(1, 'Acme Apps'), liveRow(2, 'Globex Games')]);
    clientSettings(h.emu, { 'Acme Apps': { email: 'marketing@acme.example, CEO@acme.example' } });
    const first = h.addon.publishClientReport('Acme Apps');
    expect(first.sharedWith).toEqual(['marketing@acme.example', 'CEO@acme.example']);
    const target = h.emu.spreadsheets.get(first.spreadsheetId)!;
    const viewers = () => target.getViewers().map((u) => u.getEmail());
    expect(viewers()).toEqual(['marketing@acme.example', 'CEO@acme.example']);
    // Viewers, not editors: the owner is the only editor.
    expect(target.getEditors().map((u) => u.getEmail())).toEqual(['am@agency.example']);

    clientSettings(h.emu, { 'Acme Apps': { email: 'marketing@acme.example' } });
    const second = h.addon.publishClientReport('Acme Apps');
    expect(second).toMatchObject({ sharedWith: ['marketing@acme.example'], unshared: ['CEO@acme.example'] });
    expect(viewers()).toEqual(['marketing@acme.example']);
    // Another client's copy is shared with nobody of Acme's.
    const globex = h.addon.publishClientReport('Globex Games');
    expect(globex.sharedWith).toEqual([]);
    expect(h.emu.spreadsheets.get(globex.spreadsheetId)!.getViewers()).toEqual([]);
  });

  it('shares with no address that is not one, and says so', () => {
    const h = setup([liveRow(1, 'Acme Apps')]);
    clientSettings(h.emu, { 'Acme Apps': { email: 'marketing@acme.example; not-an-address' } });
    const r = h.addon.publishClientReport('Acme Apps');
    expect(r.sharedWith).toEqual(['marketing@acme.example']);
    expect(r.notices).toEqual([
      'Settings › Client report email for Acme Apps: "not-an-address" is not an email address, so the report was not shared with it.',
    ]);
    expect(
      h.emu.spreadsheets
        .get(r.spreadsheetId)!
        .getViewers()
        .map((u) => u.getEmail()),
    ).toEqual(['marketing@acme.example']);
  });

  it('sets the copy in the client’s own time zone', () => {
    const h = setup([liveRow(1, 'Acme Apps')]);
    clientSettings(h.emu, { 'Acme Apps': { timeZone: 'Europe/Berlin' } });
    const r = h.addon.publishClientReport('Acme Apps');
    expect(h.emu.spreadsheets.get(r.spreadsheetId)!.getSpreadsheetTimeZone()).toBe('Europe/Berlin');
    // A zone changed in Settings follows at the next publish.
    clientSettings(h.emu, { 'Acme Apps': { timeZone: 'Asia/Tokyo' } });
    h.addon.publishClientReport('Acme Apps');
    expect(h.emu.spreadsheets.get(r.spreadsheetId)!.getSpreadsheetTimeZone()).toBe('Asia/Tokyo');
  });
});

describe('Publish all client reports', () => {
  it('publishes every client with rows, each in its own spreadsheet, shared with its own address', () => {
    const h = setup([liveRow(1, 'Acme Apps'), liveRow(2, 'Globex Games'), liveRow(3, 'Northwind Foods')]);
    clientSettings(h.emu, {
      'Acme Apps': { email: 'marketing@acme.example' },
      'Globex Games': { email: 'ads@globex.example' },
    });
    const r = h.addon.publishAllClientReports();
    expect(r.left).toBe(0);
    expect(r.published.map((p: { client: string; sharedWith: string[] }) => [p.client, p.sharedWith])).toEqual([
      ['Acme Apps', ['marketing@acme.example']],
      ['Globex Games', ['ads@globex.example']],
      ['Northwind Foods', []],
    ]);
    const ids = r.published.map((p: { spreadsheetId: string }) => p.spreadsheetId);
    expect(new Set(ids).size).toBe(3);
    for (const p of r.published as { client: string; spreadsheetId: string }[]) {
      const text = h.emu.spreadsheets
        .get(p.spreadsheetId)!
        .getSheets()[0]
        .getDataRange()
        .getDisplayValues()
        .flat()
        .join('\n');
      for (const other of ['Acme Apps', 'Globex Games', 'Northwind Foods'].filter((c) => c !== p.client))
        expect(text).not.toContain(other);
    }
    // A finished run leaves nothing to carry on: publishing again replaces each copy in the same spreadsheet.
    const again = h.addon.publishAllClientReports();
    expect(again).toMatchObject({ left: 0, doneBefore: 0 });
    expect(again.published.map((p: { spreadsheetId: string }) => p.spreadsheetId)).toEqual(ids);
    expect(h.emu.spreadsheets.size).toBe(4);
  });

  it('stops at its time budget and carries on at the next run', () => {
    const clients = Array.from({ length: 60 }, (_, i) => `Client ${String(i + 1).padStart(2, '0')}`);
    const h = startAddon({ costModel: 'high' });
    seedSettings(h.emu, { clients });
    fillLedger(
      h.emu,
      clients.map((c, i) => liveRow(i + 1, c)),
    );
    h.emu.clock.set(new Date('2026-03-02T10:00:00Z'));
    const first = h.addon.publishAllClientReports();
    expect(first.left).toBeGreaterThan(0);
    expect(h.emu.cost.execution.ms.high).toBeLessThan(360000);
    h.addon.menuPublishAllClientReports();
    const dialog = h.emu.ui.dialogs.pop()!;
    expect(dialog.html).toMatch(
      /Continues: \d+ more are left, which did not fit in one run\. Choose Extensions › Spark Ledger › Publish all client reports again/,
    );
    let runs = 2;
    let last: { left: number } = { left: 1 };
    while (last.left > 0 && runs < 10) {
      h.emu.clock.set(new Date(h.emu.clock.now().getTime() + 10 * 60000));
      last = h.addon.publishAllClientReports();
      runs++;
    }
    expect(last.left).toBe(0);
    expect(h.emu.spreadsheets.size).toBe(61);
  });

  it('shows each published copy as a link in a dialog', () => {
    const h = setup([liveRow(1, 'Acme Apps'), liveRow(2, 'Globex Games')]);
    h.addon.menuPublishAllClientReports();
    expect(h.emu.ui.alerts).toEqual([]);
    const dialog = h.emu.ui.dialogs.pop()!;
    expect(dialog).toMatchObject({ modal: true, title: 'Spark Ledger · Publish all client reports' });
    const data = dialogData(dialog.html);
    expect(data.mode).toBe('done');
    expect(data.message).toBe('Published 2 client reports.');
    expect(
      data.links.map((l: { label: string; url: string }) => [
        l.label,
        l.url.startsWith('https://docs.google.com/spreadsheets/d/'),
      ]),
    ).toEqual([
      ['Acme Apps (1 video)', true],
      ['Globex Games (1 video)', true],
    ]);
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
