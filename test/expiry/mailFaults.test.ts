/**
 * Mail that fails for one owner: an address Gmail refuses, a digest over the
 * body-size limit, a transient failure. Each failure skips only its own owner;
 * the others' digests go out in the same run, and nothing is sent twice.
 */
import { addDays } from '../../src/core/ledger/dates';
import { parseState } from '../../src/core/expiry/plan';
import type { LedgerRecord } from '../../src/core/ledger/fields';
import type { Harness } from '../support/addon';
import { auditRows, column, liveRecord, memoryText, runAt, setup } from './helpers';

const GOOD = ['o1', 'o2', 'o3', 'o4', 'o5'].map((o) => `${o}@agency.example`);
/** Gmail would refuse it; the add-on's own check catches it before sending. */
const BAD = 'bad@agency..example';

/** Addresses with mail waiting in the check's memory. */
const queued = (h: Harness): string[] => parseState(memoryText(h)).queue.map((q) => q.to);

const utf8 = (s: string | undefined): number => Buffer.byteLength(s ?? '', 'utf8');

/** Row numbers listed in a plain-text digest body: each line's link to its row is on a line of its own. */
function rowsIn(body: string): number[] {
  return [...body.matchAll(/^ {2}https:\/\/\S+#gid=\d+&range=A(\d+)$/gm)].map((m) => Number(m[1]));
}

/** The "Open in the ledger" buttons of an HTML body. */
const buttons = (html: string | undefined): number => (html ?? '').split('>Open in the ledger</a>').length - 1;

/** (recipient, row) pairs of every email sent so far. */
function told(h: Harness): Set<string> {
  const out = new Set<string>();
  for (const m of h.emu.outbox) for (const r of rowsIn(m.body)) out.add(`${m.to.toLowerCase()} ${r}`);
  return out;
}

function ledgerCell(h: Harness, row: number, header: string, value: string): void {
  const sheet = h.emu.spreadsheet.getSheetByName('Ledger')!;
  const headers = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0];
  sheet.getRange(row, headers.indexOf(header) + 1).setValue(value);
}

/** 08:00 in New York (EST) on `ymd`. */
const at = (ymd: string) => `${ymd}T13:00:00Z`;

describe('an address mail cannot go to', () => {
  // Row 2 (first in the queue): the bad owner alone. Rows 3-17: each good owner has codes expiring on three days.
  const EXPIRIES = ['2026-03-04', '2026-03-06', '2026-03-08'];
  function records(): LedgerRecord[] {
    const recs = [liveRecord(1, '2026-03-04', { paidOwner: BAD, creatorOwner: BAD })];
    let n = 2;
    for (const e of EXPIRIES) for (const o of GOOD) recs.push(liveRecord(n++, e, { paidOwner: o, creatorOwner: o }));
    return recs;
  }

  it('skips only its owner: the 5 good owners get their digest on the first run, the bad one is audited and never sent to', () => {
    const h = setup(records());
    const r = runAt(h, at('2026-03-02'));
    expect(h.emu.outbox.map((m) => m.to).sort()).toEqual(GOOD);
    expect(r).toMatchObject({ emailsSent: 5, deferred: 0 });
    expect(h.emu.calls.count('MailApp.sendEmail')).toBe(5);
    const notSent = auditRows(h).filter((a) => a.field === 'Expiry alert not sent');
    expect(notSent).toHaveLength(1);
    expect(notSent[0].videoUrl).toContain('1234568');
    expect(notSent[0].newValue).toContain(`"${BAD}" is not an email address`);
    expect(notSent[0].newValue).toMatch(/fix Paid owner/);
    expect(auditRows(h).filter((a) => a.field === 'Expiry alert deferred')).toEqual([]);
    expect(queued(h)).toEqual([]);
    // The status still moved.
    expect(column(h, 'Status')[0]).toBe('Renewal needed');
  });

  it('over 7 daily runs, every code is told to its good owners before it expires, nobody twice per threshold, the bad address audited once per threshold', () => {
    const recs = records();
    const h = setup(recs);
    const sends: number[] = [];
    for (let d = 0; d < 7; d++) {
      const day = addDays('2026-03-02', d);
      const before = h.emu.calls.count('MailApp.sendEmail');
      runAt(h, at(day));
      sends.push(h.emu.calls.count('MailApp.sendEmail') - before);
      const heard = told(h);
      // Each code that has expired by today was told to its good owner, on or before its expiry day.
      recs.forEach((rec, i) => {
        if (rec.paidOwner === BAD || (rec.expiresOn as string) > day) return;
        expect(heard.has(`${rec.paidOwner} ${i + 2}`)).toBe(true);
      });
      expect(queued(h)).not.toContain(BAD);
    }
    // Thresholds per good code: 72 h, 24 h, expired = 3 emails with each row, one per threshold.
    const perRow = new Map<string, number>();
    for (const m of h.emu.outbox)
      for (const r of rowsIn(m.body)) perRow.set(`${m.to} ${r}`, (perRow.get(`${m.to} ${r}`) ?? 0) + 1);
    expect([...perRow.values()].every((n) => n === 3)).toBe(true);
    expect(perRow.size).toBe(15);
    // The bad address: audited at each threshold (72 h on day 1, 24 h on day 2, expired on day 3), never sent to.
    const refused = auditRows(h).filter((a) => a.field === 'Expiry alert not sent');
    expect(refused.map((a) => a.oldValue)).toEqual(['72 h', '24 h', 'expired']);
    expect(sends.reduce((a, b) => a + b, 0)).toBe(h.emu.outbox.length);
  });

  it('alerts the corrected address on the next run, without telling the good owner again', () => {
    const h = setup([liveRecord(1, '2026-03-04', { paidOwner: GOOD[0], creatorOwner: BAD })]);
    runAt(h, at('2026-03-02'));
    expect(h.emu.outbox.map((m) => m.to)).toEqual([GOOD[0]]);
    // Same day, nothing new: the bad address is not tried.
    runAt(h, '2026-03-02T15:00:00Z');
    expect(h.emu.outbox).toHaveLength(1);
    ledgerCell(h, 2, 'Creator owner', 'fixed@agency.example');
    runAt(h, '2026-03-02T16:00:00Z');
    expect(h.emu.outbox.map((m) => m.to)).toEqual([GOOD[0], 'fixed@agency.example']);
    expect(h.emu.outbox[1].subject).toContain('1 decision still undecided');
    runAt(h, '2026-03-02T17:00:00Z');
    expect(h.emu.outbox).toHaveLength(2);
    // The next threshold goes to both owners as usual.
    runAt(h, at('2026-03-03'));
    expect(
      h.emu.outbox
        .slice(2)
        .map((m) => m.to)
        .sort(),
    ).toEqual(['fixed@agency.example', GOOD[0]]);
  });

  it('an owner that is not an address at all is alerted once the column is fixed', () => {
    const h = setup([liveRecord(1, '2026-03-04', { paidOwner: GOOD[0], creatorOwner: 'Ana (creator team)' })]);
    runAt(h, at('2026-03-02'));
    expect(h.emu.outbox.map((m) => m.to)).toEqual([GOOD[0]]);
    ledgerCell(h, 2, 'Creator owner', 'ana@agency.example');
    runAt(h, '2026-03-02T16:00:00Z');
    expect(h.emu.outbox.map((m) => m.to)).toEqual([GOOD[0], 'ana@agency.example']);
  });
});

describe('a digest over the body-size limit', () => {
  const OWNER = 'big@agency.example';
  const N = 6000;
  function bigLedger(): LedgerRecord[] {
    // 72 h, 24 h and expired codes mixed, with decisions, so that all three groups are split.
    const decisions = ['Undecided', 'Renew', ''];
    return Array.from({ length: N }, (_, i) =>
      liveRecord(i + 1, ['2026-03-04', '2026-03-03', '2026-03-01'][i % 3], {
        paidOwner: OWNER,
        creatorOwner: OWNER,
        renewalDecision: decisions[(i >> 2) % 3],
      } as Partial<LedgerRecord>),
    );
  }

  it('goes out as several parts, each under the limit, with every line exactly once (consumer account)', () => {
    const h = setup(bigLedger(), { account: 'consumer' });
    const r = runAt(h, at('2026-03-02'));
    const mails = h.emu.outbox;
    expect(mails.length).toBeGreaterThan(1);
    expect(r).toMatchObject({ emailsSent: mails.length, deferred: 0 });
    expect(r.failed).toBeUndefined();
    // Each part costs one recipient of quota.
    expect(h.emu.mail.used).toBe(mails.length);
    mails.forEach((m, i) => {
      expect(m.to).toBe(OWNER);
      expect(m.subject).toContain(`part ${i + 1} of ${mails.length}`);
      expect(m.body).toContain(`Part ${i + 1} of ${mails.length}`);
      expect(utf8(m.body) + utf8(m.htmlBody)).toBeLessThanOrEqual(180000);
      expect(buttons(m.htmlBody)).toBe(rowsIn(m.body).length);
    });
    const rows = mails.flatMap((m) => rowsIn(m.body)).sort((a, b) => a - b);
    expect(rows).toEqual(Array.from({ length: N }, (_, i) => i + 2));
    expect(auditRows(h).filter((a) => a.field === 'Expiry alert sent')).toHaveLength(N);
    // Figures for the report.
    console.log(
      `${N} lines: ${mails.length} parts, sizes ${mails.map((m) => utf8(m.body) + utf8(m.htmlBody)).join(', ')} bytes`,
    );
  }, 120000);

  it('sends the parts the quota allows and the rest on later days, each line once', () => {
    // All expired: no later threshold, so later days send only what waits.
    const h = setup(
      Array.from({ length: N }, (_, i) => liveRecord(i + 1, '2026-03-01', { paidOwner: OWNER, creatorOwner: OWNER })),
      { mailQuota: 10 },
    );
    const r1 = runAt(h, at('2026-03-02'));
    expect(r1).toMatchObject({ emailsSent: 10, deferred: 1 });
    const firstDay = h.emu.outbox.flatMap((m) => rowsIn(m.body));
    expect(auditRows(h).filter((a) => a.field === 'Expiry alert deferred')).toHaveLength(N - firstDay.length);
    for (let d = 1; d < 10 && h.emu.outbox.flatMap((m) => rowsIn(m.body)).length < N; d++)
      runAt(h, at(addDays('2026-03-02', d)));
    for (const m of h.emu.outbox) expect(utf8(m.body) + utf8(m.htmlBody)).toBeLessThanOrEqual(180000);
    const rows = h.emu.outbox.flatMap((m) => rowsIn(m.body)).sort((a, b) => a - b);
    expect(rows).toEqual(Array.from({ length: N }, (_, i) => i + 2));
    expect(queued(h)).toEqual([]);
  }, 120000);
});

describe('a transient failure', () => {
  it('on the 2nd owner: the 1st and 3rd+ go out this run, the 2nd on the next run, nobody twice', () => {
    const owners = ['o1', 'o2', 'o3', 'o4', 'o5', 'o6'].map((o) => `${o}@agency.example`);
    const h = setup(owners.map((o, i) => liveRecord(i + 1, '2026-03-04', { paidOwner: o, creatorOwner: o })));
    h.emu.faults.failOn('MailApp.sendEmail', { after: 1 });
    const r = runAt(h, at('2026-03-02'));
    expect(h.emu.outbox.map((m) => m.to)).toEqual([owners[0], ...owners.slice(2)]);
    expect(r).toMatchObject({ emailsSent: 5, deferred: 1, failed: [{ to: owners[1], dropped: false }] });
    expect(r.failed![0].reason).toMatch(/Service .* failed/);
    const deferred = auditRows(h).filter((a) => a.field === 'Expiry alert deferred');
    expect(deferred.map((a) => a.newValue)).toEqual([expect.stringContaining(`${owners[1]}: sending failed`)]);
    expect(column(h, 'Last alert')).toEqual(['2026-03-02', '', '2026-03-02', '2026-03-02', '2026-03-02', '2026-03-02']);
    expect(queued(h)).toEqual([owners[1]]);
    const r2 = runAt(h, '2026-03-02T14:00:00Z');
    expect(r2).toMatchObject({ emailsSent: 1, deferred: 0 });
    expect(r2.failed).toBeUndefined();
    expect(h.emu.outbox.map((m) => m.to)).toEqual([owners[0], ...owners.slice(2), owners[1]]);
    expect(runAt(h, '2026-03-02T15:00:00Z')).toMatchObject({ emailsSent: 0 });
    expect(h.emu.outbox).toHaveLength(6);
    expect(column(h, 'Last alert')).toEqual(Array(6).fill('2026-03-02'));
  });

  it('the menu tells the person at the keyboard who was not mailed and why', () => {
    const h = setup([liveRecord(1, '2026-03-04', { paidOwner: GOOD[0], creatorOwner: GOOD[0] })]);
    h.emu.faults.failOn('MailApp.sendEmail', { message: 'Service unavailable' });
    h.emu.clock.set(at('2026-03-02'));
    h.addon.menuRunExpiryCheck();
    const shown = h.emu.ui.alerts.join('\n');
    expect(shown).toContain(`Not sent to ${GOOD[0]} (Service unavailable); it is retried on the next run.`);
    expect(h.emu.outbox).toEqual([]);
  });

  it('a digest still failing after three daily runs is given up for its address, audited, whatever the error says', () => {
    const h = setup([liveRecord(1, '2026-03-10', { paidOwner: GOOD[1], creatorOwner: GOOD[1] })]);
    // Gmail refuses the address, in the user's language: every send fails.
    h.emu.faults.failOn('MailApp.sendEmail', { times: Infinity, message: 'Endereço inválido' });
    const tries: string[] = [];
    for (const day of ['2026-03-07', '2026-03-08', '2026-03-09', '2026-03-10']) {
      const r = runAt(h, at(day)) as { failed?: { to: string; dropped: boolean }[] };
      tries.push((r.failed ?? []).map((f) => `${day}:${f.dropped ? 'dropped' : 'retry'}`).join(','));
    }
    // 72 h raised on the 7th, tried on the 7th, 8th and 9th (with the 24 h alert), then given up; the expired alert starts afresh.
    expect(tries).toEqual(['2026-03-07:retry', '2026-03-08:retry', '2026-03-09:dropped', '2026-03-10:retry']);
    expect(queued(h)).toEqual([GOOD[1]]);
    const notSent = auditRows(h).filter((a) => a.field === 'Expiry alert not sent');
    // One line for the code: its queued alert had moved up to the 24 h level.
    expect(notSent.map((a) => a.oldValue)).toEqual(['24 h']);
    expect(notSent.every((a) => a.newValue.includes(GOOD[1]))).toBe(true);
    expect(h.emu.outbox).toEqual([]);
  });
});
