/**
 * Refreshing every client's report goes on over several runs when it does not
 * fit in one: each run stops at its time budget, the next carries on with the
 * clients left, and no report is rebuilt twice the same day. Timed by the
 * emulator's cost model (its clock moves by what each call costs), at the
 * high published figures so that 150 one-row clients do not fit in one run.
 */
import { startAddon } from '../support/addon';
import { seedSettings } from '../support/fixtures';
import { fillLedger } from '../support/ledgerFill';
import { liveRow } from './helpers';

const clients = Array.from({ length: 150 }, (_, i) => `Client ${String(i + 1).padStart(3, '0')}`);

function world() {
  const h = startAddon({ costModel: 'high' });
  seedSettings(h.emu, { clients });
  fillLedger(
    h.emu,
    clients.map((c, i) => liveRow(i + 1, c)),
  );
  h.emu.clock.set(new Date('2026-03-02T10:00:00Z'));
  return h;
}

describe('Refresh all client reports, when it does not fit in one run', () => {
  it('stops inside the time limit, says it continues, and the next run does only the rest', () => {
    const h = world();
    const first = h.addon.refreshAllClientReports();
    expect(first.left).toBeGreaterThan(0);
    expect(first.reports.length + first.left).toBe(150);
    expect(first.doneBefore).toBe(0);
    // Inside 6 minutes, at the highest prices.
    expect(h.emu.cost.execution.ms.high).toBeLessThan(360000);

    h.emu.clock.set(new Date('2026-03-02T10:10:00Z'));
    const second = h.addon.refreshAllClientReports();
    expect(second.doneBefore).toBe(first.reports.length);
    const once = [...first.reports, ...second.reports].map((r) => r.client);
    expect(new Set(once).size).toBe(once.length);
    let runs = [first, second];
    while (runs[runs.length - 1].left > 0) {
      h.emu.clock.set(new Date(h.emu.clock.now().getTime() + 10 * 60000));
      runs = [...runs, h.addon.refreshAllClientReports()];
      expect(runs.length).toBeLessThan(10);
    }
    const all = runs.flatMap((r) => r.reports.map((x: { client: string }) => x.client));
    expect(all.sort()).toEqual(clients);
    // Every client has its tab, each once.
    const tabs = h.emu.spreadsheet
      .getSheets()
      .map((s) => s.getName())
      .filter((n) => n.startsWith('Report · '));
    expect(tabs.sort()).toEqual(clients.map((c) => `Report · ${c}`));
  });

  it('the menu says how many are left and how to carry on', () => {
    const h = world();
    h.addon.menuRefreshAllClientReports();
    const said = h.emu.ui.alerts.join('\n');
    expect(said).toMatch(
      /Continues: \d+ more are left, which did not fit in one run\. Choose Extensions › Spark Ledger › Refresh all client reports again/,
    );
  });

  it('a refresh left unfinished on an earlier day starts over', () => {
    const h = world();
    const first = h.addon.refreshAllClientReports();
    expect(first.left).toBeGreaterThan(0);
    h.emu.clock.set(new Date('2026-03-03T10:00:00Z'));
    const next = h.addon.refreshAllClientReports();
    expect(next.doneBefore).toBe(0);
    expect(next.reports[0].client).toBe('Client 001');
  });
});
