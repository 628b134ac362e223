/**
 * Three daily runs over five days on a 2,000-code ledger: the exact emails each
 * day against an independent model, and a call count that does not grow with
 * the ledger (2,000 and 50,000 rows).
 */
import { addDays, daysBetween } from '../../src/core/ledger/dates';
import type { LedgerRecord } from '../../src/core/ledger/fields';
import type { Harness } from '../support/addon';
import { column, liveRecord, runAt, setup } from './helpers';

const PAID = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8'].map((p) => `${p}@agency.example`);
const CREATORS = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'].map((c) => `${c}@agency.example`);
const STATUS_MIX = [
  'Received',
  'Activated',
  'Spending',
  'Paused',
  'Renewal needed',
  'Requested',
  'Expired',
  'Retired',
  'Spending',
  'Activated',
  'Spending',
];
const DECISIONS = ['Undecided', 'Renew', 'Undecided', 'Retire', ''];
const START = '2026-03-02';

function ledger(n: number, spreadDays: number): LedgerRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const status = STATUS_MIX[i % STATUS_MIX.length];
    // Some rows have no paid or creator owner (alerts go to the approval owner), some share one person for both.
    const noOwners = i % 37 === 0;
    return liveRecord(i + 1, addDays(START, ((i * 7) % spreadDays) - 3), {
      status,
      paidOwner: noOwners ? '' : PAID[i % PAID.length],
      creatorOwner: noOwners ? '' : i % 13 === 0 ? PAID[i % PAID.length] : CREATORS[(i >> 1) % CREATORS.length],
      renewalDecision: DECISIONS[i % DECISIONS.length],
    } as Partial<LedgerRecord>);
  });
}

/** What the runs at 08:00 New York time on `days` should send, computed without the add-on's code. */
function expectedMail(records: LedgerRecord[], days: string[]): Map<string, string[]>[] {
  const watched = new Set(['Received', 'Activated', 'Spending', 'Paused', 'Renewal needed']);
  const status = records.map((r) => r.status as string);
  const alerted = records.map(() => 0);
  return days.map((day) => {
    const mail = new Map<string, string[]>();
    records.forEach((r, i) => {
      if (!watched.has(status[i])) return;
      // At 08:00 the next midnights are about 16, 40, 64 and 88 hours away: the model counts whole days.
      const left = daysBetween(day, r.expiresOn);
      const level = left <= 0 ? 3 : left === 1 ? 2 : left <= 3 ? 1 : 0;
      if (level === 3) status[i] = 'Expired';
      else if (level > 0 && status[i] !== 'Renewal needed') status[i] = 'Renewal needed';
      if (level <= alerted[i]) return;
      alerted[i] = level;
      const group =
        level === 3
          ? 'expired'
          : r.renewalDecision === 'Undecided' || r.renewalDecision === ''
            ? 'undecided'
            : 'renewal';
      const owners = [...new Set([r.paidOwner, r.creatorOwner].filter(Boolean))];
      for (const o of owners.length ? owners : [r.approvalOwner])
        mail.set(o, [...(mail.get(o) ?? []), `${group} ${i + 2}`]);
    });
    for (const lines of mail.values()) lines.sort();
    return mail;
  });
}

/** Owner → "group row" lines, read back from the plain-text bodies sent. */
function sentMail(h: Harness, from: number): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of h.emu.outbox.slice(from)) {
    expect(out.has(m.to)).toBe(false);
    let group = '';
    const lines: string[] = [];
    for (const line of m.body.split('\n')) {
      if (/^\d+ codes? ha(s|ve) expired/.test(line)) group = 'expired';
      else if (/^Renewal needed for \d+ codes?/.test(line)) group = 'renewal';
      else if (/^\d+ decisions? (is|are) still undecided/.test(line)) group = 'undecided';
      const row = /^ {2}https:\/\/\S+&range=A(\d+)$/.exec(line);
      if (row) lines.push(`${group} ${row[1]}`);
    }
    expect(m.htmlBody!.split('>Open in the ledger</a>').length - 1).toBe(lines.length);
    out.set(m.to, lines.sort());
  }
  return out;
}

/**
 * Calls other than the emails themselves and the Audit sheet's grid growing
 * (each append compares sizes first: getMaxRows, and insertRowsAfter when full).
 */
function withoutGrowth(byMethod: Record<string, number>): Record<string, number> {
  const out = { ...byMethod };
  const grown = out['Sheet.insertRowsAfter'] ?? 0;
  expect(grown).toBeLessThanOrEqual(2);
  delete out['Sheet.insertRowsAfter'];
  delete out['Sheet.getMaxRows'];
  delete out['MailApp.sendEmail'];
  // Each email is remembered as it goes out: one cell of the sent log (getRange, setValues).
  const emails = byMethod['MailApp.sendEmail'] ?? 0;
  out['Sheet.getRange'] = (out['Sheet.getRange'] ?? 0) - emails;
  out['Range.setValues'] = (out['Range.setValues'] ?? 0) - emails;
  return out;
}

function fixedCalls(byMethod: Record<string, number>): number {
  return Object.values(withoutGrowth(byMethod)).reduce((a, b) => a + b, 0);
}

describe('three runs over five days, 2,000 codes', () => {
  it('sends exactly the expected emails each day and moves the statuses', () => {
    const records = ledger(2000, 20);
    const h = setup(records);
    const days = ['2026-03-02', '2026-03-04', '2026-03-06'];
    const expected = expectedMail(records, days);
    const calls: number[] = [];
    days.forEach((day, n) => {
      const from = h.emu.outbox.length;
      h.emu.calls.reset();
      runAt(h, `${day}T13:00:00Z`);
      calls.push(fixedCalls(h.emu.calls.byMethod));
      const got = sentMail(h, from);
      expect(Object.fromEntries(got)).toEqual(Object.fromEntries(expected[n]));
    });
    // The model's counts, so a broken model cannot pass silently.
    expect(expected.map((m) => [m.size, [...m.values()].reduce((s, l) => s + l.length, 0)])).toEqual([
      [15, 970],
      [15, 691],
      [15, 688],
    ]);
    // Then nothing more the same day.
    const before = h.emu.outbox.length;
    runAt(h, '2026-03-06T20:00:00Z');
    expect(h.emu.outbox.length).toBe(before);
    const statuses = column(h, 'Status');
    const left = records.map((r) => daysBetween('2026-03-06', r.expiresOn));
    records.forEach((r, i) => {
      if (!['Received', 'Activated', 'Spending', 'Paused', 'Renewal needed'].includes(r.status))
        expect(statuses[i]).toBe(r.status);
      else if (left[i] <= 0) expect(statuses[i]).toBe('Expired');
      else if (left[i] <= 3) expect(statuses[i]).toBe('Renewal needed');
      else expect(statuses[i]).toBe(r.status);
    });
    // The first run creates the hidden memory sheet (insertSheet, hideSheet, and its 24 unused columns deleted: a new sheet is already
    // automatic, so no format call) where later runs read it (getDataRange, getValues).
    // The third run (6 March, asking about 7-10 March) spans New York's 8 March switch:
    // one more formatDate finds where 9 March really begins.
    // Beyond the emails and seals, each run: the day's mark (user properties: read, written before and after),
    // the repair journal's check, the Ledger found by its id, its header and
    // the 14 columns the check uses (a read per run of columns, the Video URL column again after them; Market, for the digest's
    // lines, is a run of its own), Settings (owner list and domains), the memory; the Status write by video id (the Video URL cells of the rows read
    // before and after, in spans, no getLastRow, one RangeList per value, the seals' span and one RangeList for their format, the journal written ahead and cleared, the audit);
    // the sent log emptied, the mail audit, Last alert by video id, the Audit's size and the Audit logs sheet looked for (rollover). The first run also makes the memory sheet, two columns wide.
    expect(calls).toEqual([108, 103, 104]);
  });
});

describe('service calls', () => {
  function firstRunCalls(n: number): { total: number; byMethod: Record<string, number>; emails: number } {
    // Same owners and the same codes inside the window, whatever the ledger's size.
    const records = ledger(n, 365);
    const h = setup(records);
    h.emu.calls.reset();
    runAt(h, '2026-03-02T13:00:00Z');
    return {
      total: h.emu.calls.total,
      byMethod: { ...h.emu.calls.byMethod },
      emails: h.emu.calls.count('MailApp.sendEmail'),
    };
  }

  it('are the same at 2,000 and 50,000 rows, but for the Ledger read a run of columns at a time', () => {
    const small = firstRunCalls(2000);
    const large = firstRunCalls(50000);
    expect(large.emails).toBe(small.emails);
    // The Ledger is read a run of columns at a time; a gap between two runs is read through when its cells
    // cost less than a round trip, so a small ledger reads its 14 columns in fewer calls (readLedgerColumns).
    // Likewise the rows a write goes to are looked at again in spans of the Video URL column: on the large
    // ledger the same codes lie farther apart, so one more span.
    expect(fixedCalls(small.byMethod)).toBe(108);
    expect(fixedCalls(large.byMethod)).toBe(114);
    const differ = Object.keys(withoutGrowth(large.byMethod)).filter(
      (k) => withoutGrowth(large.byMethod)[k] !== withoutGrowth(small.byMethod)[k],
    );
    expect(differ.sort()).toEqual(['Range.getValues', 'Sheet.getRange']);
    expect(large.byMethod['Range.getValues'] - small.byMethod['Range.getValues']).toBe(3);
    // Filling 50,000 emulated rows takes a while; the check itself is a few seconds of Node time (see the report).
  }, 180000);
});
