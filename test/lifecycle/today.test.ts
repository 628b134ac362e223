/** The Today list (core/lifecycle/attention.ts), getToday, and Validate ledger saying what waits on a person. */
import type { LedgerRecord } from '../../src/core/ledger/fields';
import { attentionList, attentionOf, paidMismatch } from '../../src/core/lifecycle/attention';
import { problemSummary } from '../../src/core/edits/validate';
import { loadAddon } from '../support/addon';
import { receivedRecord } from '../support/ledgerFill';
import { videoUrl } from '../support/fixtures';
import { CREATOR, PAID, liveRecord, runAt, setup } from '../expiry/helpers';

const TODAY = '2026-03-02';
/** Days to a date as hours, as the shell would give them at 00:00 of today. */
const ctx = {
  today: TODAY,
  hoursUntil: (ymd: string) => (Date.parse(`${ymd}T00:00:00Z`) - Date.parse(`${TODAY}T00:00:00Z`)) / 3_600_000,
};
const at = (n: number, o: Partial<LedgerRecord>): LedgerRecord =>
  ({ ...liveRecord(n, '2026-04-30'), paidStatus: 'Active', row: n + 1, ...o }) as LedgerRecord;

describe('attentionOf (core)', () => {
  it('names what each row needs and the step that does it', () => {
    const cases: [Partial<LedgerRecord>, string | null, string | null, RegExp | null][] = [
      [{ status: 'Expired', expiresOn: '2026-02-27', paidStatus: 'Ended' }, 'expired', 'decide', /ads have stopped/],
      [{ expiresOn: '2026-03-04' }, 'decide', 'decide', /expires in 2 days; no decision yet: renew, extend or retire/],
      [{ expiresOn: '2026-03-03' }, 'decide', 'decide', /expires in 1 day;/],
      [
        { status: 'Renewal needed', expiresOn: '2026-03-04', renewalDecision: 'Renew' },
        'renew',
        'decide',
        /decided Renew/,
      ],
      [
        { status: 'Renewal needed', expiresOn: '2026-03-04', renewalDecision: 'Retire' },
        'retire',
        'decide',
        /retire the row/,
      ],
      [{ status: 'Received', paidStatus: 'Not started' }, 'activate', 'status', /not activated yet/],
      [{ status: 'Activated', paidStatus: 'Active' }, 'paidMismatch', 'status', /Active but the row is Activated/],
      [{ status: 'Spending', paidStatus: 'Active' }, null, null, null],
      [{ status: 'Retired', paidStatus: 'Ended' }, null, null, null],
    ];
    for (const [o, kind, next, says] of cases) {
      const item = attentionOf(at(1, o), ctx);
      if (kind === null) {
        expect(item).toBeNull();
        continue;
      }
      expect(item).toMatchObject({ kind, next, videoUrl: videoUrl(1) });
      expect(item!.says).toMatch(says as RegExp);
    }
  });

  it('counts how long a request has waited, and says when to ask the creator again', () => {
    const waiting = (updatedAt: string) =>
      attentionOf(at(1, { status: 'Requested', sparkCode: '', paidStatus: '', updatedAt }), ctx);
    expect(waiting('2026-03-02T09:00:00.000Z')).toMatchObject({ kind: 'waiting', next: 'code', waitingDays: 0 });
    expect(waiting('2026-03-01T09:00:00.000Z')!.says).toBe(
      "Waiting for the creator's code for 1 day. Record it when it comes.",
    );
    expect(waiting('2026-02-20T09:00:00.000Z')!.says).toBe(
      "Waiting for the creator's code for 10 days. Ask the creator again.",
    );
  });

  it('checks the paid campaign both ways', () => {
    expect(paidMismatch('Spending', 'Paused')).toMatch(/make it Active/);
    expect(paidMismatch('Received', 'Ended')).toMatch(/Ended but the row is Received/);
    expect(paidMismatch('Renewal needed', 'Active')).toBeNull();
    expect(paidMismatch('Activated', 'Not started')).toBeNull();
  });

  it('lists the most urgent first, and "mine" keeps the rows I own', () => {
    const recs = [
      at(1, { status: 'Received', paidStatus: 'Not started', paidOwner: 'someone@agency.example' }),
      at(2, { expiresOn: '2026-03-04' }),
      at(3, { status: 'Expired', expiresOn: '2026-02-27', paidStatus: 'Ended' }),
      at(4, { expiresOn: '2026-03-03', creatorOwner: 'Me@Agency.example' }),
    ];
    const all = attentionList(recs, ctx);
    expect(all.items.map((i) => i.videoUrl)).toEqual([videoUrl(3), videoUrl(4), videoUrl(2), videoUrl(1)]);
    expect(all.counts).toEqual({ expired: 1, decide: 2, activate: 1 });
    const mine = attentionList(recs, ctx, { user: 'me@agency.example', mine: true });
    expect(mine.items.map((i) => i.videoUrl)).toEqual([videoUrl(4)]);
    expect(attentionList(recs, ctx, { limit: 2 })).toMatchObject({ total: 4, items: [{}, {}] });
  });
});

describe('problemSummary', () => {
  it('is "all ready" only when nothing waits on a person either', () => {
    expect(problemSummary(3, [], [])).toBe(
      'All 3 rows are valid and operationally ready, and nothing waits on a person.',
    );
    const expired = attentionOf(at(1, { status: 'Expired', expiresOn: '2026-02-27', paidStatus: 'Ended' }), ctx)!;
    const text = problemSummary(3, [], [expired, { ...expired, creatorHandle: '@two' }]);
    expect(text).toMatch(/^Needs a person now:\n• 2 codes have expired\n/);
    expect(text).toContain('@creator.one · Campaign 1: Expired 2026-02-27');
    expect(text).not.toMatch(/nothing waits/);
  });
});

describe('getToday and Validate ledger', () => {
  it("lists the signed-in owner's rows by default, every row on request, and follows the daily check", () => {
    const h = setup([
      liveRecord(1, '2026-03-04'),
      liveRecord(2, '2026-03-04', { paidOwner: 'other@agency.example', creatorOwner: 'other@agency.example' }),
      liveRecord(3, '2026-04-30'),
      receivedRecord(4, { paidOwner: PAID }),
    ]);
    h.emu.clock.set('2026-03-02T13:00:00Z');
    const me = loadAddon(h.emu, PAID);
    const mine = me.getToday();
    expect(mine).toMatchObject({ user: PAID, scope: 'mine', total: 2 });
    expect(mine.items.map((i: { videoUrl: string; kind: string }) => [i.videoUrl, i.kind])).toEqual([
      [videoUrl(1), 'decide'],
      [videoUrl(4), 'activate'],
    ]);
    const all = me.getToday({ scope: 'all' });
    expect(all.items.map((i: { videoUrl: string }) => i.videoUrl)).toEqual([videoUrl(1), videoUrl(2), videoUrl(4)]);
    expect(loadAddon(h.emu, CREATOR).getToday().total).toBe(1);

    runAt(h, '2026-03-02T13:00:00Z');
    const after = me.getToday().items[0];
    expect(after).toMatchObject({ videoUrl: videoUrl(1), status: 'Renewal needed', kind: 'decide' });
  });

  it('Validate ledger reports expired and undecided codes instead of "all ready"', () => {
    const h = setup([
      liveRecord(1, '2026-03-01', { status: 'Expired', paidStatus: 'Ended', authorizedOn: '2026-01-30', authDays: 30 }),
      liveRecord(2, '2026-04-02', { paidStatus: 'Active' }),
    ]);
    h.emu.clock.set('2026-03-02T13:00:00Z');
    const r = h.addon.validateLedger();
    expect(r.problems).toEqual([]);
    expect(r.attention.map((a: { videoUrl: string; kind: string }) => [a.videoUrl, a.kind])).toEqual([
      [videoUrl(1), 'expired'],
    ]);
    h.addon.menuValidateLedger();
    const said = h.emu.ui.alerts.pop()!;
    expect(said).toMatch(/^Needs a person now:\n• 1 code has expired/);
    expect(said).toMatch(/All 2 rows are valid and operationally ready\.$/);
  });
});
