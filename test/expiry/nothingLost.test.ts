/**
 * The daily check under the runtime's limits and people's edits:
 * - a run that dies at any call (the 6-minute limit, a crash) is followed by
 *   another run: every owner hears of each code once; only the one digest in
 *   flight when the run died may go out twice, never none;
 * - sending stops inside the time limit; the rest goes out on later runs;
 * - statuses are written before any mail, on the right videos even when the
 *   Ledger is sorted between any two calls of the run.
 * Figures go to test-artifacts/expiry-scenarios.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LedgerRecord } from '../../src/core/ledger/fields';
import { type Harness, startAddon } from '../support/addon';
import { seedSettings } from '../support/fixtures';
import { fillLedger } from '../support/ledgerFill';
import { auditRows, liveRecord } from './helpers';
import { callsOf, dyingAt, withEditBefore } from '../support/meanwhile';

const MORNING = '2026-03-02T13:00:00Z';

function owners(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `paid${i + 1}@agency.example`);
}

/** `n` codes, each with its own paid owner, expiring in two days (one 72 h alert each). */
function ledgerOf(n: number): LedgerRecord[] {
  return Array.from({ length: n }, (_, i) =>
    liveRecord(i + 1, '2026-03-04', { paidOwner: `paid${i + 1}@agency.example`, creatorOwner: '' }),
  );
}

function setup(records: LedgerRecord[]): Harness {
  const h = startAddon({ mailQuota: 1500 });
  seedSettings(h.emu, { owners: owners(records.length) });
  fillLedger(h.emu, records);
  return h;
}

function mailed(h: Harness): Map<string, number> {
  const m = new Map<string, number>();
  for (const mail of h.emu.outbox) m.set(mail.to, (m.get(mail.to) ?? 0) + 1);
  return m;
}

const tally = { deaths: { tried: 0, lost: 0, extra: 0 }, sorts: { tried: 0, wrong: 0 } };

afterAll(() => {
  const dir = join(__dirname, '..', '..', 'test-artifacts');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'expiry-scenarios.json'), JSON.stringify(tally, null, 2));
  // eslint-disable-next-line no-console
  console.log(
    `daily check: ${tally.deaths.tried} deaths (${tally.deaths.lost} alerts lost, ${tally.deaths.extra} digests twice), ${tally.sorts.tried} sorts (${tally.sorts.wrong} wrong)`,
  );
});

describe('a run that dies at any call, then the next run', () => {
  it('every owner hears once; at most the digest in flight goes twice; statuses and audit agree', () => {
    const n = 6;
    const clean = setup(ledgerOf(n));
    clean.emu.clock.set(MORNING);
    const total = callsOf(clean.emu, () => clean.addon.runExpiryCheck()).length;
    expect(clean.emu.outbox).toHaveLength(n);
    const problems: string[] = [];
    for (let k = 1; k <= total; k++) {
      const h = setup(ledgerOf(n));
      h.emu.clock.set(MORNING);
      // Once dead, the run makes no further call: every later one fails too, whatever catches the first.
      const died = dyingAt(h.emu, k, () => h.addon.runExpiryCheck());
      const inFlight = died && h.emu.outbox.length > 0 ? 1 : 0;
      h.emu.clock.set('2026-03-02T14:00:00Z');
      h.addon.runExpiryCheck();
      tally.deaths.tried++;
      const got = mailed(h);
      const lost = owners(n).filter((o) => !got.has(o));
      const twice = [...got.values()].filter((c) => c > 1).length;
      tally.deaths.lost += lost.length;
      tally.deaths.extra += twice;
      if (lost.length) problems.push(`death at call ${k}: never mailed ${lost.join(', ')}`);
      if (twice > inFlight) problems.push(`death at call ${k}: ${twice} digests went twice`);
      const statusLines = auditRows(h).filter((a) => a.field === 'Status');
      if (statusLines.length !== n)
        problems.push(`death at call ${k}: ${statusLines.length} Status audit lines for ${n} moves`);
      const sentLines = auditRows(h).filter((a) => a.field === 'Expiry alert sent');
      if (new Set(sentLines.map((a) => a.newValue)).size !== n)
        problems.push(`death at call ${k}: "Expiry alert sent" missing for some owner`);
    }
    expect(problems).toEqual([]);
  });
});

describe('the time limit', () => {
  it('stops sending inside the 6 minutes and sends the rest on later runs, each once', () => {
    const n = 30;
    const h = setup(ledgerOf(n));
    // Each email takes 20 s of the run's time.
    h.emu.meanwhile((key) => {
      if (key === 'MailApp.sendEmail') h.emu.clock.advance(20000);
    });
    h.emu.clock.set(MORNING);
    const first = h.addon.runExpiryCheck();
    expect(first.emailsSent).toBeGreaterThan(5);
    expect(first.emailsSent).toBeLessThan(n);
    expect(first.deferred).toBe(n - first.emailsSent);
    expect(
      auditRows(h).filter((a) => a.field === 'Expiry alert deferred' && /used its time/.test(a.newValue)),
    ).toHaveLength(n - first.emailsSent);
    let runs = 1;
    while (h.emu.outbox.length < n && runs < 10) {
      h.emu.clock.set(`2026-03-02T${String(14 + runs).padStart(2, '0')}:00:00Z`);
      h.addon.runExpiryCheck();
      runs++;
    }
    expect([...mailed(h).values()].every((c) => c === 1)).toBe(true);
    expect(mailed(h).size).toBe(n);
  });
});

describe('people sort the Ledger while the check runs', () => {
  /** Calls before which a sort left a status or Last alert on the wrong video. */
  function sortedMeanwhile(records: LedgerRecord[], only: (key: string) => boolean = () => true): number[] {
    const byVideo = (h: Harness): string => {
      const v = h.emu.sheet('Ledger').getDataRange().getDisplayValues();
      const head = v[0];
      const url = head.indexOf('Video URL');
      const cols = ['Status', 'Last alert', 'Expires on'].map((c) => head.indexOf(c));
      return JSON.stringify(
        v
          .slice(1)
          .filter((r) => r[url] !== '')
          .map((r) => [r[url], ...cols.map((c) => r[c])])
          .sort(),
      );
    };
    const sort = (h: Harness): void => {
      const s = h.emu.sheet('Ledger');
      const col = s.getRange(1, 1, 1, s.getLastColumn()).getValues()[0].indexOf('Video URL') + 1;
      s.getRange(2, 1, s.getLastRow() - 1, s.getLastColumn()).sort({ column: col, ascending: false });
    };
    const ref = setup(records);
    ref.emu.clock.set(MORNING);
    const keys = callsOf(ref.emu, () => ref.addon.runExpiryCheck());
    sort(ref);
    const expected = byVideo(ref);
    const wrong: number[] = [];
    for (let k = 1; k <= keys.length; k++) {
      if (!only(keys[k - 1])) continue;
      const h = setup(records);
      h.emu.clock.set(MORNING);
      withEditBefore(
        h.emu,
        k,
        () => sort(h),
        () => h.addon.runExpiryCheck(),
      );
      tally.sorts.tried++;
      if (byVideo(h) !== expected) {
        tally.sorts.wrong++;
        wrong.push(k);
      }
    }
    return wrong;
  }

  it('statuses and Last alert land on their own videos, whatever call the sort comes before', () => {
    const records = [
      liveRecord(1, '2026-03-04'),
      liveRecord(2, '2026-03-01'),
      liveRecord(3, '2026-03-20'),
      liveRecord(4, '2026-03-03'),
      liveRecord(5, '2026-04-01'),
    ];
    expect(sortedMeanwhile(records)).toEqual([]);
  });

  it('on a ledger read a run of columns at a time, a sort between two of those reads is caught and the columns read again', () => {
    // 800 rows: the gaps between the columns the check reads cost more than a round trip, so the Video URL
    // column and the Status and Expires on columns come in separate reads. The sort comes before each read.
    const days = ['2026-03-01', '2026-03-03', '2026-03-04', '2026-03-20', '2026-04-01'];
    const records = Array.from({ length: 800 }, (_, i) => liveRecord(i + 1, days[(i * 7) % days.length]));
    const h = setup(records);
    h.emu.clock.set(MORNING);
    const reads = callsOf(h.emu, () => h.addon.runExpiryCheck()).filter((k) => k === 'Range.getValues').length;
    expect(reads).toBeGreaterThan(6);
    expect(sortedMeanwhile(records, (k) => k === 'Range.getValues')).toEqual([]);
  });
});
