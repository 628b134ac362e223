/** renewCode and retireCode (docs/api.md, docs/product.md §4) and how the daily check treats their rows afterwards. */
import { sparkCode, videoUrl } from '../support/fixtures';
import { PAID, auditRows, memoryText, column, liveRecord, runAt, setup } from '../expiry/helpers';

const MORNING = '2026-03-02T13:00:00Z';

function renewal(n: number, overrides: Record<string, unknown> = {}) {
  return {
    videoUrl: videoUrl(n),
    sparkCode: sparkCode(100 + n),
    authorizedOn: '2026-03-02',
    authDays: 30,
    decisionNote: 'Top performer; client extends the flight',
    ...overrides,
  };
}

function history(h: ReturnType<typeof setup>): string[][] {
  const sheet = h.emu.spreadsheet.getSheetByName('Code history');
  return sheet
    ? sheet
        .getDataRange()
        .getDisplayValues()
        .slice(1)
        .map((r) => r.map(String))
    : [];
}

describe('renewCode', () => {
  it('keeps the old code, window and reason in Code history; a row of no known running ad starts again as Received', () => {
    const h = setup([
      liveRecord(1, '2026-03-04', {
        status: 'Renewal needed',
        paidStatus: 'Not started',
        renewalDecision: 'Renew',
        lastAlertOn: '2026-03-01',
        authorizedOn: '2026-02-02',
        authDays: 30,
      } as never),
    ]);
    h.emu.clock.set(MORNING);
    const r = h.addon.renewCode(renewal(1));
    expect(r.ok).toBe(true);
    expect(r.record).toMatchObject({
      sparkCode: sparkCode(101),
      authorizedOn: '2026-03-02',
      authDays: 30,
      expiresOn: '2026-04-01',
      status: 'Received',
      renewalDecision: 'Undecided',
      lastAlertOn: '',
      decisionNote: 'Top performer; client extends the flight',
    });
    expect(history(h)).toEqual([
      [
        videoUrl(1),
        sparkCode(1),
        '2026-02-02',
        '30',
        '2026-03-04',
        '2026-03-02',
        'Top performer; client extends the flight',
        'am@agency.example',
      ],
    ]);
    expect(column(h, 'Status')).toEqual(['Received']);
    expect(column(h, 'Last alert')).toEqual(['']);
    expect(auditRows(h).find((a) => a.field === 'Spark code')).toMatchObject({
      oldValue: sparkCode(1),
      newValue: sparkCode(101),
      via: 'sidebar',
    });
  });

  it('requires the decision note, a row that needs renewal, a new code and a window that ends after today; refusing writes nothing', () => {
    const h = setup([liveRecord(1, '2026-03-04', { status: 'Renewal needed' }), liveRecord(2, '2026-03-20')]);
    h.emu.clock.set(MORNING);
    const before = JSON.stringify(h.emu.spreadsheet.getSheetByName('Ledger')!.getDataRange().getValues());
    const fields = (input: unknown) => {
      const r = h.addon.renewCode(input);
      expect(r.ok).toBe(false);
      return r.errors.map((e: { field: string }) => e.field);
    };
    expect(fields(renewal(1, { decisionNote: '' }))).toEqual(['decisionNote']);
    expect(fields(renewal(1, { decisionNote: '   ' }))).toEqual(['decisionNote']);
    const missing = renewal(1);
    delete (missing as Record<string, unknown>).decisionNote;
    expect(fields(missing)).toEqual(['decisionNote']);
    expect(fields(renewal(2))).toEqual(['status']);
    // The same code is an extension, and an extension must end later than the window it extends.
    expect(fields(renewal(1, { sparkCode: sparkCode(1), authorizedOn: '2026-02-02', authDays: 30 }))).toEqual([
      'authDays',
    ]);
    expect(fields(renewal(1, { authorizedOn: '2026-02-20', authDays: 10 }))).toEqual(['authDays']);
    expect(fields(renewal(1, { sparkCode: sparkCode(2) }))).toEqual(['sparkCode']);
    const message = h.addon.renewCode(renewal(1, { decisionNote: '' })).errors[0].message;
    expect(message).toMatch(/^Decision note is required for a renewal/);
    expect(JSON.stringify(h.emu.spreadsheet.getSheetByName('Ledger')!.getDataRange().getValues())).toBe(before);
    expect(history(h)).toEqual([]);
  });

  it('returns a running ad to the status it had before Renewal needed, as the Audit tells it', () => {
    const h = setup([
      liveRecord(1, '2026-03-04'),
      liveRecord(2, '2026-03-04', { status: 'Paused', paidStatus: 'Paused' }),
      liveRecord(3, '2026-03-04', { status: 'Activated', paidStatus: 'Not started' }),
    ]);
    runAt(h, MORNING);
    expect(column(h, 'Status')).toEqual(['Renewal needed', 'Renewal needed', 'Renewal needed']);
    for (const n of [1, 2, 3]) expect(h.addon.renewCode(renewal(n)).ok).toBe(true);
    expect(column(h, 'Status')).toEqual(['Spending', 'Paused', 'Activated']);
    expect(column(h, 'Paid campaign')).toEqual(['Active', 'Paused', 'Not started']);
    expect(auditRows(h).filter((a) => a.field === 'Status' && a.oldValue === 'Renewal needed')).toEqual([
      expect.objectContaining({ videoUrl: videoUrl(1), newValue: 'Spending', via: 'sidebar' }),
      expect.objectContaining({ videoUrl: videoUrl(2), newValue: 'Paused', via: 'sidebar' }),
      expect.objectContaining({ videoUrl: videoUrl(3), newValue: 'Activated', via: 'sidebar' }),
    ]);
  });

  it('falls back on the paid campaign when the Audit no longer holds the move, and stays in Renewal needed when the new window ends within 72 hours', () => {
    const h = setup([
      liveRecord(1, '2026-03-04', { status: 'Renewal needed', paidStatus: 'Active' }),
      liveRecord(2, '2026-03-04', { status: 'Renewal needed', paidStatus: 'Active' }),
    ]);
    h.emu.clock.set(MORNING);
    expect(h.addon.renewCode(renewal(1)).record.status).toBe('Spending');
    const short = h.addon.renewCode(renewal(2, { authDays: 3 }));
    expect(short.ok).toBe(true);
    expect(short.record).toMatchObject({ status: 'Renewal needed', expiresOn: '2026-03-05', paidStatus: 'Active' });
  });

  it('extends a code: the same code with a later end keeps the ad running and keeps the old window in Code history', () => {
    const h = setup([liveRecord(1, '2026-03-04', { authorizedOn: '2026-02-02', authDays: 30 } as never)]);
    runAt(h, MORNING);
    const r = h.addon.renewCode(renewal(1, { sparkCode: sparkCode(1), authorizedOn: '2026-02-02', authDays: 60 }));
    expect(r.ok).toBe(true);
    expect(r.record).toMatchObject({ sparkCode: sparkCode(1), expiresOn: '2026-04-03', status: 'Spending' });
    expect(history(h)).toEqual([
      [
        videoUrl(1),
        sparkCode(1),
        '2026-02-02',
        '30',
        '2026-03-04',
        '2026-03-02',
        expect.any(String),
        expect.any(String),
      ],
    ]);
    expect(auditRows(h).some((a) => a.field === 'Spark code')).toBe(false);
  });

  it('refuses to extend an Expired code: an expired code cannot be brought back', () => {
    const h = setup([liveRecord(1, '2026-03-02', { authorizedOn: '2026-01-31', authDays: 30 } as never)]);
    runAt(h, MORNING);
    expect(column(h, 'Status')).toEqual(['Expired']);
    const r = h.addon.renewCode(renewal(1, { sparkCode: sparkCode(1), authorizedOn: '2026-01-31', authDays: 90 }));
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual([
      { field: 'sparkCode', message: expect.stringMatching(/expired and cannot be extended/) },
    ]);
  });

  it('renews an Expired code (late renewal), and the daily check alerts the new code afresh', () => {
    const h = setup([liveRecord(1, '2026-03-02')]);
    runAt(h, MORNING);
    expect(column(h, 'Status')).toEqual(['Expired']);
    expect(h.emu.outbox.map((m) => m.to)).toContain(PAID);
    const r = h.addon.renewCode(renewal(1, { authorizedOn: '2026-03-02', authDays: 5 }));
    expect(r.ok).toBe(true);
    expect(r.record.expiresOn).toBe('2026-03-07');
    const sent = () =>
      auditRows(h)
        .filter((a) => a.field === 'Expiry alert sent' && a.newValue === PAID)
        .map((a) => a.oldValue);
    runAt(h, '2026-03-03T13:00:00Z');
    expect(sent()).toEqual(['expired']);
    runAt(h, '2026-03-04T13:00:00Z');
    expect(sent()).toEqual(['expired', '72 h']);
    expect(column(h, 'Status')).toEqual(['Renewal needed']);
  });
});

describe('retireCode', () => {
  it('retires with a reason, sets the decision to Retire, and asks for a note when the reason is Other', () => {
    const h = setup([
      liveRecord(1, '2026-03-04', { status: 'Renewal needed' }),
      liveRecord(2, '2026-03-01', { status: 'Expired' }),
    ]);
    h.emu.clock.set(MORNING);
    const missing = h.addon.retireCode({ videoUrl: videoUrl(1) });
    expect(missing).toEqual({
      ok: false,
      errors: [{ field: 'retirementReason', message: expect.stringContaining('Retirement reason') }],
    });
    const other = h.addon.retireCode({ videoUrl: videoUrl(1), retirementReason: 'Other' });
    expect(other).toEqual({
      ok: false,
      errors: [{ field: 'decisionNote', message: expect.stringContaining('Decision note is required') }],
    });
    const ok = h.addon.retireCode({
      videoUrl: videoUrl(1),
      retirementReason: 'Other',
      decisionNote: 'Brand pulled the product',
    });
    expect(ok.ok).toBe(true);
    expect(ok.record).toMatchObject({
      status: 'Retired',
      renewalDecision: 'Retire',
      retirementReason: 'Other',
      decisionNote: 'Brand pulled the product',
    });
    expect(h.addon.retireCode({ videoUrl: videoUrl(2), retirementReason: 'Campaign ended' }).ok).toBe(true);
    expect(column(h, 'Status')).toEqual(['Retired', 'Retired']);
    expect(column(h, 'Renewal decision')).toEqual(['Retire', 'Retire']);
    const again = h.addon.retireCode({ videoUrl: videoUrl(2), retirementReason: 'Campaign ended' });
    expect(again).toEqual({
      ok: false,
      errors: [{ field: 'status', message: expect.stringContaining('already Retired') }],
    });
  });

  it('withdraws a queued alert for a code retired before it went out, and says so in the Audit sheet', () => {
    const h = setup([liveRecord(1, '2026-03-04')], { mailQuota: 0 });
    expect(runAt(h, MORNING)).toMatchObject({ emailsSent: 0, deferred: 2 });
    expect(h.addon.retireCode({ videoUrl: videoUrl(1), retirementReason: 'Weak performance' }).ok).toBe(true);
    expect(runAt(h, '2026-03-03T13:00:00Z')).toMatchObject({ emailsSent: 0, deferred: 0 });
    const withdrawn = auditRows(h).filter((a) => a.field === 'Expiry alert withdrawn');
    expect(withdrawn.map((a) => a.newValue)).toEqual([
      `${PAID}: the code was retired before the alert went out.`,
      'creator@agency.example: the code was retired before the alert went out.',
    ]);
    // The memory of a code no longer watched is dropped by the next run: the store stays bounded.
    runAt(h, '2026-03-04T13:00:00Z');
    expect(memoryText(h)).toBe('{"v":1,"c":[],"q":[]}');
  });
});
