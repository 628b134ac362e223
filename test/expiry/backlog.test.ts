/**
 * A backlog too big for one run: the first check on a big ledger, or one
 * after days without a run. The run moves statuses in chunks and stops at
 * its time budget; nothing is sent while statuses are left (a digest must
 * show what the ledger holds), the Audit sheet says the check continues, and
 * the hourly trigger's next run carries on. No status is moved twice, no
 * alert goes twice, none is lost.
 */
import { auditRows, column, liveRecord, setup } from './helpers';

const CODES = 6000;

function world() {
  // Every code expired on 1 March; a few lapse into Renewal needed instead, so two statuses are written.
  const records = Array.from({ length: CODES }, (_, i) =>
    liveRecord(i + 1, i % 10 === 0 ? '2026-03-04' : '2026-03-01'),
  );
  const h = setup(records);
  h.addon.enableDailyAlerts();
  const trigger = h.emu.triggers.find((t) => t.eventType === 'CLOCK')!;
  const fire = (iso: string) => {
    h.emu.clock.set(iso);
    return h.addon.runExpiryCheck({ triggerUid: trigger.id, authMode: 'FULL' });
  };
  return { h, fire };
}

describe('a status backlog bigger than one run', () => {
  it('stops at its budget, says it continues, and the next hour finishes without doing anything twice', () => {
    const { h, fire } = world();
    // The first chunk of statuses takes the run's time: the clock moves past the budget as it is flushed.
    let moved = false;
    h.emu.meanwhile((key) => {
      if (key === 'SpreadsheetApp.flush' && !moved) {
        moved = true;
        h.emu.clock.set(new Date(h.emu.clock.now().getTime() + 4 * 60000));
      }
    });
    let first: ReturnType<typeof fire>;
    try {
      first = fire('2026-03-02T13:05:00Z');
    } finally {
      h.emu.meanwhile(null);
    }
    expect(first).toMatchObject({
      emailsSent: 0,
      statusesLeft: 1000,
      continues: expect.stringMatching(/^1000 status changes did not fit in this run/),
    });
    expect(h.emu.outbox).toEqual([]);
    const statuses = column(h, 'Status');
    expect(statuses.filter((s) => s === 'Expired' || s === 'Renewal needed')).toHaveLength(5000);
    expect(statuses.filter((s) => s === 'Spending')).toHaveLength(1000);
    const said = auditRows(h).filter((r) => r.field === 'Daily check');
    expect(said).toEqual([
      expect.objectContaining({
        via: 'daily check',
        newValue: expect.stringMatching(/^Continues: 1000 status changes did not fit/),
      }),
    ]);

    // The next hourly run carries on, though the day's hour has passed and a run already happened today.
    const second = fire('2026-03-02T14:05:00Z');
    expect(second.skipped).toBeUndefined();
    expect(second.continues).toBeUndefined();
    expect(column(h, 'Status').filter((s) => s === 'Spending')).toEqual([]);
    // Each code's status moved once, with its one audit line.
    const statusLines = auditRows(h).filter((r) => r.field === 'Status');
    expect(statusLines).toHaveLength(CODES);
    expect(new Set(statusLines.map((r) => r.videoUrl)).size).toBe(CODES);
    // The alerts went out now, once each: one digest per owner.
    expect(h.emu.outbox.length).toBeGreaterThan(0);
    const sent = auditRows(h).filter((r) => r.field === 'Expiry alert sent');
    const perOwner = new Map<string, Set<string>>();
    for (const r of sent) {
      const set = perOwner.get(r.newValue) ?? new Set<string>();
      expect(set.has(r.videoUrl)).toBe(false);
      set.add(r.videoUrl);
      perOwner.set(r.newValue, set);
    }
    expect([...perOwner.values()].map((s) => s.size)).toEqual([CODES, CODES]);

    // Then the day is done: later hours find nothing due.
    expect(fire('2026-03-02T15:05:00Z').skipped).toMatch(/Nothing is due/);
  }, 120000);

  it('the menu says the check continues and how it carries on', () => {
    const { h } = world();
    let moved = false;
    h.emu.meanwhile((key) => {
      if (key === 'SpreadsheetApp.flush' && !moved) {
        moved = true;
        h.emu.clock.set(new Date(h.emu.clock.now().getTime() + 4 * 60000));
      }
    });
    try {
      h.emu.clock.set('2026-03-02T13:05:00Z');
      h.addon.menuRunExpiryCheck();
    } finally {
      h.emu.meanwhile(null);
    }
    expect(h.emu.ui.alertLog.at(-1)!.prompt).toMatch(
      /Continues: 1000 status changes did not fit in this run; the next run moves them and sends the alerts\. With daily alerts on, the next hourly run carries on/,
    );
  }, 120000);
});
