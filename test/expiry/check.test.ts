/** runExpiryCheck in the emulator: statuses, audit, digests, idempotence, quota, failures, time zones. */
import type { LedgerRecord } from '../../src/core/ledger/fields';
import type { Harness } from '../support/addon';
import { fillLedger } from '../support/ledgerFill';
import { CREATOR, PAID, auditRows, column, liveRecord, runAt, setup } from './helpers';

// 08:00 in New York (EST) on 2026-03-02.
const MORNING = '2026-03-02T13:00:00Z';

function mailTo(h: Harness, to: string) {
  return h.emu.outbox.filter((m) => m.to === to);
}

describe('runExpiryCheck', () => {
  it('moves codes within 72 h to Renewal needed and past expiry to Expired, audited via daily check', () => {
    const h = setup([
      liveRecord(1, '2026-03-04'), // 40 h away
      liveRecord(2, '2026-03-20'), // far
      liveRecord(3, '2026-03-01', { status: 'Paused' }), // expired yesterday
      liveRecord(4, '2026-03-03', { status: 'Renewal needed' }), // already flagged
      liveRecord(5, '2026-03-01', { status: 'Retired', retirementReason: 'Campaign ended' } as never), // not watched
      liveRecord(6, '2026-03-06', { status: 'Received' }), // 88 h away: not yet
      liveRecord(7, '2026-03-06', { status: 'Activated' }),
    ]);
    const r = runAt(h, MORNING);
    expect(r).toEqual({ checked: 6, renewalNeeded: 1, expired: 1, emailsSent: 2, deferred: 0 });
    expect(column(h, 'Status')).toEqual([
      'Renewal needed',
      'Spending',
      'Expired',
      'Renewal needed',
      'Retired',
      'Received',
      'Activated',
    ]);
    const statusAudit = auditRows(h).filter((a) => a.field === 'Status');
    expect(statusAudit).toEqual([
      {
        videoUrl: expect.stringContaining('1234568'),
        field: 'Status',
        oldValue: 'Spending',
        newValue: 'Renewal needed',
        via: 'daily check',
      },
      {
        videoUrl: expect.stringContaining('1234570'),
        field: 'Status',
        oldValue: 'Paused',
        newValue: 'Expired',
        via: 'daily check',
      },
    ]);
    expect(column(h, 'Last alert')).toEqual(['2026-03-02', '', '2026-03-02', '2026-03-02', '', '', '']);
  });

  it('sends one HTML email with a plain-text body per owner, grouped, each line linking to its row', () => {
    const acme = { client: 'Acme Apps' } as Partial<LedgerRecord>;
    const h = setup([
      liveRecord(1, '2026-03-04', { ...acme, renewalDecision: 'Renew' }),
      liveRecord(2, '2026-03-03', acme),
      liveRecord(3, '2026-03-01', acme),
      liveRecord(4, '2026-03-03', { paidOwner: 'other@agency.example', creatorOwner: 'other@agency.example' }),
    ]);
    runAt(h, MORNING);
    expect(h.emu.outbox.map((m) => m.to).sort()).toEqual([CREATOR, 'other@agency.example', PAID]);
    const [mail] = mailTo(h, PAID);
    expect(mail.subject).toBe('Spark Ledger: 1 expired, 1 renewal needed, 1 decision still undecided (Spark Ledger)');
    const ss = h.emu.spreadsheet;
    const gid = ss.getSheetByName('Ledger')!.getSheetId();
    for (const row of [2, 3, 4]) {
      expect(mail.body).toContain(`${ss.getUrl()}#gid=${gid}&range=A${row}`);
      expect(mail.htmlBody).toContain(`${ss.getUrl()}#gid=${gid}&amp;range=A${row}`);
    }
    expect(mail.body).not.toContain('range=A5');
    expect(mail.body.indexOf('1 code has expired')).toBeLessThan(mail.body.indexOf('Renewal needed for 1 code'));
    expect(mail.body.indexOf('Renewal needed for 1 code')).toBeLessThan(
      mail.body.indexOf('1 decision is still undecided'),
    );
    expect(mail.body).toContain('\nAcme Apps · 3 codes\n');
    expect(mail.body).toContain('You get this email because you are the paid owner of all 3 of these codes.');
    expect(mailTo(h, CREATOR)[0].body).toContain(
      'You get this email because you are the creator owner of all 3 of these codes.',
    );
    expect(mailTo(h, 'other@agency.example')[0].body).toContain('range=A5');
    expect(mailTo(h, 'other@agency.example')[0].body).toContain(
      'because you are the paid owner of this code and the creator owner of 1.',
    );
    const sent = auditRows(h).filter((a) => a.field === 'Expiry alert sent');
    expect(sent).toHaveLength(7);
  });

  it('sends nothing new on a second run the same day, and writes nothing', () => {
    const h = setup([liveRecord(1, '2026-03-04'), liveRecord(2, '2026-03-01'), liveRecord(3, '2026-03-03')]);
    runAt(h, MORNING);
    const mails = h.emu.outbox.length;
    const audit = auditRows(h).length;
    const ledger = JSON.stringify(h.emu.spreadsheet.getSheetByName('Ledger')!.getDataRange().getValues());
    h.emu.calls.reset();
    const again = runAt(h, '2026-03-02T22:00:00Z');
    expect(again).toEqual({ checked: 2, renewalNeeded: 0, expired: 0, emailsSent: 0, deferred: 0 });
    expect(h.emu.outbox.length).toBe(mails);
    expect(auditRows(h).length).toBe(audit);
    expect(JSON.stringify(h.emu.spreadsheet.getSheetByName('Ledger')!.getDataRange().getValues())).toBe(ledger);
    expect(h.emu.calls.count('MailApp.sendEmail')).toBe(0);
  });

  it('alerts once at 72 h, once at 24 h and once at expiry', () => {
    const h = setup([liveRecord(1, '2026-03-06')]);
    const levels: string[][] = [];
    for (const day of ['02', '03', '04', '05', '06', '07']) {
      const before = auditRows(h).length;
      runAt(h, `2026-03-${day}T13:00:00Z`);
      levels.push(
        auditRows(h)
          .slice(before)
          .filter((a) => a.field === 'Expiry alert sent' && a.newValue === PAID)
          .map((a) => a.oldValue),
      );
    }
    expect(levels).toEqual([[], ['72 h'], [], ['24 h'], ['expired'], []]);
    expect(column(h, 'Status')).toEqual(['Expired']);
    expect(mailTo(h, PAID)).toHaveLength(3);
  });

  it('queues what the mail quota does not allow, audits it as deferred, and sends it first on the next run', () => {
    const owners = ['o1', 'o2', 'o3', 'o4', 'o5'].map((o) => `${o}@agency.example`);
    const h = setup(
      owners.map((o, i) => liveRecord(i + 1, '2026-03-05', { paidOwner: o, creatorOwner: o })),
      { mailQuota: 2 },
    );
    const first = runAt(h, MORNING);
    expect(first).toMatchObject({ emailsSent: 2, deferred: 3 });
    expect(h.emu.outbox.map((m) => m.to)).toEqual(owners.slice(0, 2));
    const deferred = auditRows(h).filter((a) => a.field === 'Expiry alert deferred');
    expect(deferred.map((a) => a.newValue.split(':')[0])).toEqual(owners.slice(2));
    expect(deferred[0].newValue).toContain('mail quota');
    // The same day: still no quota, nothing dropped, nothing sent twice.
    expect(runAt(h, '2026-03-02T14:00:00Z')).toMatchObject({ emailsSent: 0, deferred: 3 });
    // Next day (the quota window has passed) a new owner's code joins the queue behind the three waiting owners.
    fillLedger(h.emu, [
      liveRecord(6, '2026-03-06', { paidOwner: 'new@agency.example', creatorOwner: 'new@agency.example' }),
    ]);
    expect(runAt(h, '2026-03-03T13:30:00Z')).toMatchObject({ emailsSent: 2, deferred: 2 });
    expect(h.emu.outbox.map((m) => m.to)).toEqual(owners.slice(0, 4));
    // Day three: the first five codes reach 24 h, but the owners still waiting go first.
    expect(runAt(h, '2026-03-04T13:40:00Z')).toMatchObject({ emailsSent: 2, deferred: 4 });
    expect(h.emu.outbox.map((m) => m.to)).toEqual([...owners, 'new@agency.example']);
    expect(h.emu.outbox[4].subject).toContain('1 decision still undecided');
    expect(
      auditRows(h)
        .filter((a) => a.field === 'Expiry alert sent')
        .map((a) => `${a.newValue} ${a.oldValue}`),
    ).toEqual([
      'o1@agency.example 72 h',
      'o2@agency.example 72 h',
      'o3@agency.example 72 h',
      'o4@agency.example 72 h',
      'o5@agency.example 24 h',
      'new@agency.example 72 h',
    ]);
  });

  it('survives a mail failure half way: sent mail is not resent, the rest goes out next run', () => {
    const owners = ['o1', 'o2', 'o3', 'o4', 'o5', 'o6'].map((o) => `${o}@agency.example`);
    const h = setup(owners.map((o, i) => liveRecord(i + 1, '2026-03-04', { paidOwner: o, creatorOwner: o })));
    h.emu.faults.failOn('MailApp.sendEmail', { after: 3 });
    const r = runAt(h, MORNING);
    // The failure skips only its own owner: the 4th waits, the 5th and 6th go out.
    expect(r).toMatchObject({ emailsSent: 5, deferred: 1, sendError: expect.any(String) });
    expect(column(h, 'Status')).toEqual(Array(6).fill('Renewal needed'));
    expect(column(h, 'Last alert')).toEqual(['2026-03-02', '2026-03-02', '2026-03-02', '', '2026-03-02', '2026-03-02']);
    h.emu.faults.clear();
    expect(runAt(h, '2026-03-02T14:00:00Z')).toMatchObject({ emailsSent: 1, deferred: 0 });
    expect(h.emu.outbox.map((m) => m.to)).toEqual([owners[0], owners[1], owners[2], owners[4], owners[5], owners[3]]);
    expect(column(h, 'Last alert')).toEqual(Array(6).fill('2026-03-02'));
    expect(auditRows(h).filter((a) => a.field === 'Status')).toHaveLength(6);
  });

  it('survives a failed Status write: nothing half written, nothing mailed, the next run does both once', () => {
    const h = setup([liveRecord(1, '2026-03-04'), liveRecord(2, '2026-03-01'), liveRecord(3, '2026-03-20')]);
    // Statuses move before any mail goes out; the first Status write fails.
    h.emu.faults.failOn('RangeList.setValue', { times: 1 });
    expect(() => runAt(h, MORNING)).toThrow(/could not update the ledger.*no mail went out/);
    expect(column(h, 'Status')).toEqual(['Spending', 'Spending', 'Spending']);
    expect(column(h, 'Last alert')).toEqual(['', '', '']);
    expect(auditRows(h).filter((a) => a.field === 'Status')).toEqual([]);
    expect(h.emu.outbox).toHaveLength(0);
    h.emu.faults.clear();
    expect(runAt(h, '2026-03-02T14:00:00Z')).toMatchObject({ renewalNeeded: 1, expired: 1, emailsSent: 2 });
    expect(column(h, 'Status')).toEqual(['Renewal needed', 'Expired', 'Spending']);
    expect(column(h, 'Last alert')).toEqual(['2026-03-02', '2026-03-02', '']);
    expect(auditRows(h).filter((a) => a.field === 'Status')).toHaveLength(2);
    expect(h.emu.outbox).toHaveLength(2);
  });

  it('survives a failure after the statuses moved and before anything is sent: the next run sends each alert once', () => {
    const h = setup([liveRecord(1, '2026-03-04'), liveRecord(2, '2026-03-01')]);
    h.emu.faults.failOn('MailApp.getRemainingDailyQuota', { times: 1 });
    expect(() => runAt(h, MORNING)).toThrow();
    expect(h.emu.outbox).toHaveLength(0);
    expect(column(h, 'Status')).toEqual(['Renewal needed', 'Expired']);
    expect(auditRows(h).filter((a) => a.field === 'Status')).toHaveLength(2);
    h.emu.faults.clear();
    expect(runAt(h, '2026-03-02T14:00:00Z')).toMatchObject({ renewalNeeded: 0, expired: 0, emailsSent: 2 });
    expect(h.emu.outbox.map((m) => m.to).sort()).toEqual([CREATOR, PAID]);
    expect(runAt(h, '2026-03-02T15:00:00Z')).toMatchObject({ emailsSent: 0 });
    expect(auditRows(h).filter((a) => a.field === 'Status')).toHaveLength(2);
  });

  it('a Last alert write that fails is tried again; failing twice, the run says so and the Audit keeps the day', () => {
    const once = setup([liveRecord(1, '2026-03-04'), liveRecord(2, '2026-03-01')]);
    // The first three RangeList writes are the two Status values and the expired code's Paid campaign (Ended); the fourth is Last alert.
    once.emu.faults.failOn('RangeList.setValue', { after: 3, times: 1 });
    expect(runAt(once, MORNING)).toMatchObject({ emailsSent: 2 });
    expect(column(once, 'Last alert')).toEqual(['2026-03-02', '2026-03-02']);
    const twice = setup([liveRecord(1, '2026-03-04'), liveRecord(2, '2026-03-01')]);
    twice.emu.faults.failOn('RangeList.setValue', { after: 3, times: 2 });
    expect(runAt(twice, MORNING)).toMatchObject({ emailsSent: 2, lastAlertStale: 2 });
    expect(auditRows(twice).filter((a) => a.field === 'Expiry alert sent')).toHaveLength(4);
  });

  it('keeps the untouched cells of the rewritten columns exactly, including text Sheets would retype', () => {
    const h = setup([liveRecord(1, '2026-03-04'), liveRecord(2, '2026-03-20'), liveRecord(3, '2026-03-01')]);
    const sheet = h.emu.spreadsheet.getSheetByName('Ledger')!;
    const header = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0];
    const statusCol = header.indexOf('Status') + 1;
    const alertCol = header.indexOf('Last alert') + 1;
    // An agency types odd things in the middle row; the check must leave them alone.
    sheet.getRange(3, statusCol).setNumberFormat('0.###############').setValue("'0012");
    sheet.getRange(3, alertCol).setValue('2026-02-11');
    const before = sheet.getRange(3, 1, 1, sheet.getLastColumn()).getValues()[0];
    runAt(h, MORNING);
    const after = sheet.getRange(3, 1, 1, sheet.getLastColumn()).getValues()[0];
    expect(after).toEqual(before);
    expect(after[statusCol - 1]).toBe('0012');
    expect(column(h, 'Status')).toEqual(['Renewal needed', '0012', 'Expired']);
  });

  it('uses the spreadsheet time zone for today and 72 h, not the script zone', () => {
    // 2026-03-02T15:00Z: 04:00 on 3 March in Auckland, 10:00 on 2 March in New York.
    const h = setup([liveRecord(1, '2026-03-06'), liveRecord(2, '2026-03-03')], {
      timeZone: 'Pacific/Auckland',
      scriptTimeZone: 'America/New_York',
    });
    const r = runAt(h, '2026-03-02T15:00:00Z');
    // 2026-03-06 00:00 NZDT is 68 h away (86 h in New York terms); 2026-03-03 is today in Auckland: expired.
    expect(r).toMatchObject({ renewalNeeded: 1, expired: 1 });
    expect(column(h, 'Status')).toEqual(['Renewal needed', 'Expired']);
    expect(column(h, 'Last alert')).toEqual(['2026-03-03', '2026-03-03']);
    expect(h.emu.outbox[0].body).toContain('(2026-03-03)');
  });

  it('counts real hours across a daylight-saving change', () => {
    // New York springs forward on 2026-03-08. At 23:30 EST on 6 March, 00:00 EDT on 10 March is 71.5 h away.
    const h = setup([liveRecord(1, '2026-03-10'), liveRecord(2, '2026-03-11')]);
    runAt(h, '2026-03-07T04:30:00Z');
    expect(column(h, 'Status')).toEqual(['Renewal needed', 'Spending']);
    // Europe/Berlin springs forward on 2026-03-29. At 23:30 CET on 26 March, 00:00 CEST on 30 March is 71.5 h away
    // (a fixed +01:00 offset would say 72.5 h).
    const b = setup([liveRecord(1, '2026-03-30'), liveRecord(2, '2026-03-31')], { timeZone: 'Europe/Berlin' });
    runAt(b, '2026-03-26T22:30:00Z');
    expect(column(b, 'Status')).toEqual(['Renewal needed', 'Spending']);
    runAt(b, '2026-03-28T22:30:00Z'); // 23.5 h before the first expiry, 47.5 h before the second
    runAt(b, '2026-03-29T22:30:00Z'); // 00:30 CEST on 30 March: the first has expired, the second is 23.5 h away
    expect(column(b, 'Status')).toEqual(['Expired', 'Renewal needed']);
    const sentLevels = auditRows(b)
      .filter((a) => a.field === 'Expiry alert sent' && a.newValue === PAID)
      .map((a) => `${a.videoUrl.slice(-1)} ${a.oldValue}`);
    // Within a run the digest's lines, and so their audit lines, come client by client: video 9 (Globex Games)
    // before video 8 (Northwind Foods).
    expect(sentLevels).toEqual(['8 72 h', '9 72 h', '8 24 h', '9 24 h', '8 expired']);
  });
});
