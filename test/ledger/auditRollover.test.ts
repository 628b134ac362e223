/**
 * The Audit's older lines move into yearly log spreadsheets once it holds
 * more than Settings keeps, linked from the "Audit logs" sheet and still
 * found by video from the ledger. A move that dies at any service call, then
 * runs again, loses no line and copies none twice.
 */
import type { FakeSpreadsheet } from '@spark-ledger/gas-emulator';
import { type Harness, startAddon } from '../support/addon';
import { requestInput, seedSettings, videoUrl } from '../support/fixtures';

const KEPT = 1000;

/** 300 lines of December 2025, then 1,200 of 2026 (or `total` - 300), over five videos; text that Sheets would read as numbers or dates included. */
function original(total = 1500): unknown[][] {
  const out: unknown[][] = [];
  const start2025 = Date.parse('2025-12-01T10:00:00Z');
  const start2026 = Date.parse('2026-01-02T10:00:00Z');
  for (let i = 0; i < total; i++) {
    const t = i < 300 ? start2025 + i * 3600000 : start2026 + (i - 300) * 3600000;
    out.push([
      new Date(t),
      'am@agency.example',
      videoUrl(1 + (i % 5)),
      i % 2 ? 'Spend' : 'Status',
      i % 7 === 0 ? '1.500' : `old ${i}`,
      i % 11 === 0 ? '2026-03-01' : `new ${i}`,
      'sidebar',
    ]);
  }
  return out;
}

function world(total = 1500): Harness {
  const h = startAddon({ mailQuota: 100 });
  seedSettings(h.emu);
  const settings = h.emu.sheet('Settings');
  const values = settings.getDataRange().getValues();
  const nameCol = values[0].indexOf('Setting');
  const row = values.findIndex((r) => r[nameCol] === 'Alert hour');
  settings.getRange(row + 2, nameCol + 1, 1, 2).setValues([['Audit lines kept', KEPT]]);
  const audit = h.emu.sheet('Audit');
  const lines = original(total).map((l) => l.map((v) => (typeof v === 'string' ? `'${v}` : v)));
  if (audit.getMaxRows() < lines.length + 1)
    audit.insertRowsAfter(audit.getMaxRows(), lines.length + 1 - audit.getMaxRows());
  audit.getRange(2, 1, lines.length, 7).setValues(lines);
  h.emu.clock.set('2026-03-02T13:00:00Z');
  return h;
}

function rows(ss: FakeSpreadsheet): unknown[][] {
  const s = ss.getSheetByName('Audit');
  if (!s) return [];
  const last = s.getLastRow();
  return last < 2 ? [] : s.getRange(2, 1, last - 1, 7).getValues();
}

const key = (l: unknown[]) => l.map((v) => (v instanceof Date ? v.toISOString() : String(v))).join('|');

function logFiles(h: Harness): FakeSpreadsheet[] {
  return [...h.emu.spreadsheets.values()].filter((s) => s !== h.emu.spreadsheet);
}

describe('Audit rollover into yearly log spreadsheets', () => {
  it("moves the oldest lines past what Settings keeps, each into its year's log, values as they were", () => {
    const h = world();
    const r = h.addon.runExpiryCheck();
    expect(r.auditLinesMoved).toBe(500);
    expect(r.continues).toBeUndefined();
    const all = original().map(key);
    expect(rows(h.emu.spreadsheet).map(key)).toEqual(all.slice(500));
    const logs = logFiles(h);
    expect(logs.map((s) => s.getName()).sort()).toEqual([
      `${h.emu.spreadsheet.getName()} · Audit 2025`,
      `${h.emu.spreadsheet.getName()} · Audit 2026`,
    ]);
    const byName = (y: string) => logs.find((s) => s.getName().endsWith(y))!;
    expect(rows(byName('2025')).map(key)).toEqual(all.slice(0, 300));
    expect(rows(byName('2026')).map(key)).toEqual(all.slice(300, 500));
    // Text stays text: "1.500" and "2026-03-01" were not read as a number or a date.
    expect(rows(byName('2025'))[0][4]).toBe('1.500');
    expect(rows(byName('2026')).find((l) => String(l[5]).startsWith('2026'))?.[5]).toBe('2026-03-01');
    // A log is only as big as its lines: 7 columns.
    expect(byName('2025').getSheetByName('Audit')!.getMaxColumns()).toBe(7);
    // The Audit's grid shrank with it.
    expect(h.emu.sheet('Audit').getMaxRows()).toBeLessThan(1100);
    // Linked from the ledger.
    const index = h.emu.sheet('Audit logs').getDataRange().getValues();
    expect(index[0]).toEqual(['Year', 'Part', 'Log spreadsheet', 'Lines', 'First', 'Last', 'Spreadsheet id', 'Moving']);
    // No move in flight.
    expect(index.slice(1).map((l) => l[7])).toEqual(['', '']);
    expect(index.slice(1).map((l) => [l[0], l[1], l[3], l[4], l[5], l[6]])).toEqual([
      ['2025', 1, 300, '2025-12-01', '2025-12-13', byName('2025').getId()],
      ['2026', 1, 200, '2026-01-02', '2026-01-10', byName('2026').getId()],
    ]);
    expect(index[1][2]).toBe(byName('2025').getUrl());
    // Below the slack, nothing moves again.
    expect(h.addon.runExpiryCheck().auditLinesMoved).toBeUndefined();
  });

  it('costs the same calls for 500 lines as for 10 times as many: no call per line', () => {
    const counts = [1500, 6000].map((total) => {
      const h = world(total);
      h.emu.calls.reset();
      const r = h.addon.runExpiryCheck();
      expect(r.auditLinesMoved).toBe(total - KEPT);
      return h.emu.calls.total;
    });
    expect(counts[1]).toBe(counts[0]);
  });

  it("finds a video's history in the Audit and in every log, newest first", () => {
    const h = world();
    h.addon.runExpiryCheck();
    const trail = h.addon.auditTrail(videoUrl(3));
    const expected = original().filter((l) => l[2] === videoUrl(3));
    expect(trail.lines).toHaveLength(expected.length);
    expect(trail.lines[0].when > trail.lines[trail.lines.length - 1].when).toBe(true);
    expect(new Set(trail.lines.map((l: { source: string }) => l.source))).toEqual(
      new Set(['Audit', 'Audit 2025', 'Audit 2026']),
    );
    expect(trail.unreadable).toEqual([]);
    // A log that cannot be opened is named, the rest still found.
    const gone = logFiles(h).find((s) => s.getName().endsWith('2025'))!;
    h.emu.spreadsheets.delete(gone.getId());
    const after = h.addon.auditTrail(videoUrl(3));
    expect(after.unreadable).toEqual([expect.stringMatching(/^Audit 2025 \(https:/)]);
    expect(after.lines.length).toBe(
      expected.length - expected.filter((l) => (l[0] as Date).getUTCFullYear() === 2025).length,
    );
  });

  it("the menu item shows the selected row's history", () => {
    const h = world();
    h.addon.runExpiryCheck();
    expect(h.addon.requestCode(requestInput(2)).ok).toBe(true);
    h.emu.sheet('Ledger').getRange(2, 1).activate();
    h.addon.menuAuditTrail();
    const said = JSON.stringify(h.emu.ui.alerts);
    expect(said).toContain(`lines for ${videoUrl(2)}, newest first`);
    expect(said).toMatch(/…and \d+ older lines in the Audit and its logs\./);
  });

  it('a move that dies at any call, then runs again, loses no line and copies none twice', () => {
    const probe = world();
    const calls: string[] = [];
    probe.emu.meanwhile((k) => {
      calls.push(k);
    });
    probe.addon.runExpiryCheck();
    probe.emu.meanwhile(null);
    const all = original().map(key);
    let tried = 0;
    const wrong: string[] = [];
    for (let k = 1; k <= calls.length; k++) {
      const h = world();
      let seen = 0;
      h.emu.meanwhile(() => {
        seen++;
        if (seen === k) throw new Error('Service Spreadsheets failed while accessing document (injected).');
      });
      try {
        h.addon.runExpiryCheck();
      } catch (_) {
        // Told: the run failed.
      }
      h.emu.meanwhile(null);
      h.emu.clock.set('2026-03-02T14:00:00Z');
      h.addon.runExpiryCheck();
      tried++;
      const logs = logFiles(h).sort((a, b) => (a.getName() < b.getName() ? -1 : 1));
      const union = [...logs.flatMap(rows), ...rows(h.emu.spreadsheet)].map(key);
      if (union.join('\n') !== all.join('\n'))
        wrong.push(`call ${k} (${calls[k - 1]}): ${union.length} lines after the re-run`);
      if (rows(h.emu.spreadsheet).length > KEPT + KEPT * 0.25)
        wrong.push(`call ${k}: the Audit still holds ${rows(h.emu.spreadsheet).length} lines`);
    }
    console.log(
      `audit rollover: a fault at each of ${tried} calls, then a re-run: ${wrong.length} lost or doubled a line`,
    );
    expect(tried).toBeGreaterThan(20);
    expect(wrong).toEqual([]);
  }, 240000);
});
