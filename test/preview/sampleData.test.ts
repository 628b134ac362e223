/** The preview's sample data: deterministic, varied, and accepted by the add-on's own actions. */
import { DEFAULT_MARKETS, STATUSES } from '../../src/core/ledger/fields';
import { startAddon } from '../support/addon';
import { loadSampleData, planSampleData, SAMPLE_CLIENTS } from './sampleData';

const NOW = new Date('2026-03-02T15:00:00Z');
const TZ = 'America/New_York';

describe('sample data', () => {
  it('is the same for the same seed and differs for another', () => {
    const a = planSampleData({ now: NOW, timeZone: TZ });
    const b = planSampleData({ now: NOW, timeZone: TZ });
    const c = planSampleData({ now: NOW, timeZone: TZ, seed: 7 });
    expect(JSON.stringify(a.calls)).toBe(JSON.stringify(b.calls));
    expect(JSON.stringify(c.calls)).not.toBe(JSON.stringify(a.calls));
  });

  it('plans a few hundred videos across clients, all 20 markets and every status, all before now', () => {
    const plan = planSampleData({ now: NOW, timeZone: TZ });
    expect(plan.finalStatus.size).toBe(300);
    expect(new Set(plan.finalStatus.values())).toEqual(new Set(STATUSES));
    const requests = plan.calls.filter((c) => c.fn === 'requestCode').map((c) => c.input);
    expect(new Set(requests.map((r) => r.client)).size).toBeGreaterThanOrEqual(6);
    expect(new Set(requests.map((r) => r.market))).toEqual(new Set(DEFAULT_MARKETS));
    expect(requests.some((r) => typeof r.generationPrompt === 'string')).toBe(true);
    for (const r of requests)
      expect(String(r.videoUrl)).toMatch(/^https:\/\/www\.tiktok\.com\/@[a-z0-9_.]{2,24}\/video\/\d{19}$/);
    expect(plan.calls.every((c, i) => i === 0 || plan.calls[i - 1].at <= c.at)).toBe(true);
    expect(Math.max(...plan.calls.map((c) => c.at))).toBeLessThanOrEqual(NOW.getTime());
  });

  it('loads through the real actions with no call refused and leaves the clock where it was', () => {
    const { emu, addon } = startAddon({ now: NOW, timeZone: TZ });
    const result = loadSampleData(emu, addon);
    expect(result.failures.slice(0, 3)).toEqual([]);
    const ledger = emu.sheet('Ledger');
    expect(ledger.getLastRow()).toBe(301);
    const header = ledger.readValues(1, 1, 1, ledger.getLastColumn())[0].map(String);
    const statuses = ledger.readValues(2, header.indexOf('Status') + 1, 300, 1).map((r) => r[0]);
    expect(new Set(statuses)).toEqual(new Set(STATUSES));
    const clients = ledger.readValues(2, header.indexOf('Client') + 1, 300, 1).map((r) => r[0]);
    expect(new Set(clients)).toEqual(new Set(SAMPLE_CLIENTS.map((c) => c.name)));
    const ids = ledger.readValues(2, header.indexOf('Video ID') + 1, 300, 1).map((r) => r[0]);
    expect(ids.every((id) => typeof id === 'string' && /^\d{19}$/.test(id))).toBe(true);
    expect(emu.sheet('Code history').getLastRow()).toBeGreaterThan(5);
    expect(emu.invalidCells('Ledger')).toEqual([]);
    expect(emu.clock.now().toISOString()).toBe(NOW.toISOString());
  });
});
