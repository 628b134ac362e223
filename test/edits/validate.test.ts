import type { LedgerRecord } from '../../src/core/ledger/fields';
import { PROBLEM_BACKGROUND, highlightGrid, ledgerProblems } from '../../src/core/edits/validate';
import { mapColumns } from '../../src/core/ledger/sheetRow';
import { type Harness, startAddon } from '../support/addon';
import { seedSettings, videoUrl } from '../support/fixtures';
import { callsOf, withEditBefore } from '../support/meanwhile';
import { fillLedger, receivedRecord } from '../support/ledgerFill';
import { cellA1 } from '../support/userEdit';
import { FakeRange } from '@spark-ledger/gas-emulator/src/range';

function setup(): Harness {
  const h = startAddon();
  seedSettings(h.emu);
  return h;
}

const activated = (n: number, o: Partial<LedgerRecord> = {}): LedgerRecord =>
  receivedRecord(n, {
    status: 'Activated',
    objective: 'Reach',
    paidOwner: 'paid@agency.example',
    creatorOwner: 'creator@agency.example',
    language: 'en',
    currency: 'USD',
    landingPage: 'https://acme.example/x',
    ...o,
  });

function bg(h: Harness, header: string, row: number): string {
  return h.emu
    .sheet('Ledger')
    .getRange(cellA1(h.emu, header, row))
    .getBackground();
}

describe('ledgerProblems (core)', () => {
  const ctx = { hoursUntil: () => 1000 };

  it('finds missing readiness fields, a wrong expiry, a handle mismatch and duplicates, each naming the row', () => {
    const recs = [
      { ...activated(1, { paidOwner: '' }), row: 2 },
      { ...receivedRecord(2, { expiresOn: '2026-05-01' }), row: 3 },
      { ...receivedRecord(3, { creatorHandle: '@someone.else' }), row: 4 },
      { ...receivedRecord(4, { sparkCode: receivedRecord(2).sparkCode }), row: 5 },
      { ...receivedRecord(5), row: 6 },
    ] as LedgerRecord[];
    const { checked, problems } = ledgerProblems(recs, ctx);
    expect(checked).toBe(5);
    expect(problems.map((p) => [p.row, p.missing])).toEqual([
      [2, ['paidOwner']],
      [3, ['expiresOn']],
      [4, ['creatorHandle']],
      [5, ['sparkCode']],
    ]);
    expect(problems[1].message).toMatch(/Expires on should be 2026-04-02/);
    expect(problems[3].message).toMatch(/already on row 3/);
  });

  it('asks for a renewal decision within 72 hours of expiry', () => {
    const { problems } = ledgerProblems([{ ...activated(1), row: 2 } as LedgerRecord], { hoursUntil: () => 48 });
    expect(problems[0].missing).toEqual(['renewalDecision']);
  });

  it('keeps the agency backgrounds, paints problems and clears its own old marks', () => {
    const cols = mapColumns(['Video URL', 'Agency notes', 'Status']);
    const current = [
      ['#ffffff', '#00ff00', PROBLEM_BACKGROUND],
      ['#abcdef', '#ffffff', '#ffffff'],
    ];
    const grid = highlightGrid(current, 2, 1, cols, [{ row: 3, videoUrl: '', missing: ['status'], message: '' }]);
    expect(grid).toEqual([
      [null, '#00ff00', null],
      ['#abcdef', null, PROBLEM_BACKGROUND],
    ]);
  });
});

describe('validateLedger (bundle)', () => {
  it('lists, highlights in one call, and clears highlights once fixed', () => {
    const h = setup();
    fillLedger(h.emu, [
      activated(1),
      activated(2, { creatorOwner: '' }),
      receivedRecord(3, { authDays: 400 as never }),
    ]);
    h.emu.calls.reset();
    const r = h.addon.validateLedger();
    expect(r.checked).toBe(3);
    expect(r.problems.map((p: { row: number; missing: string[] }) => [p.row, p.missing])).toEqual([
      [3, ['creatorOwner']],
      [4, ['authDays']],
    ]);
    expect(r.problems[0].message).toMatch(/Creator owner is required/);
    // Only the cells that change: one RangeList to paint, none to clear yet.
    expect(h.emu.calls.count('RangeList.setBackground')).toBe(1);
    expect(h.emu.calls.count('Range.setBackgrounds')).toBe(0);
    expect(h.emu.calls.count('Range.setValues')).toBe(0);
    expect(h.emu.calls.cellsWritten).toBe(2);
    expect(bg(h, 'Creator owner', 3)).toBe(PROBLEM_BACKGROUND);
    expect(bg(h, 'Authorization days', 4)).toBe(PROBLEM_BACKGROUND);
    expect(bg(h, 'Creator owner', 2)).toBe('#ffffff');

    h.emu
      .sheet('Ledger')
      .getRange(cellA1(h.emu, 'Creator owner', 3))
      .setValue('creator@agency.example');
    const again = h.addon.validateLedger();
    expect(again.problems.map((p: { row: number }) => p.row)).toEqual([4]);
    expect(bg(h, 'Creator owner', 3)).toBe('#ffffff');
  });

  it('shows a summary from the menu item', () => {
    const h = setup();
    fillLedger(h.emu, [activated(1, { paidOwner: '' })]);
    h.addon.menuValidateLedger();
    const last = h.emu.ui.alerts[h.emu.ui.alerts.length - 1] as unknown as Record<string, unknown>;
    expect(JSON.stringify(last)).toMatch(/1 of 1 rows need attention.*Row 2: Paid owner/);
  });

  it('reads the ledger once and writes once on 10 rows as on 5,000', () => {
    const counts: number[] = [];
    for (const n of [10, 5000]) {
      const h = setup();
      fillLedger(
        h.emu,
        Array.from({ length: n }, (_, i) => (i % 3 ? activated(i) : activated(i, { paidOwner: '' }))),
      );
      h.emu.calls.reset();
      const r = h.addon.validateLedger();
      expect(r.checked).toBe(n);
      counts.push(h.emu.calls.total);
    }
    expect(counts[1]).toBe(counts[0]);
  });

  it('paints the cells of the videos that need attention even when the Ledger was sorted after it was read', () => {
    const h = setup();
    fillLedger(h.emu, [
      activated(1),
      activated(2, { creatorOwner: '' }),
      activated(3),
      activated(4, { paidOwner: '' }),
    ]);
    const s = h.emu.sheet('Ledger');
    const urlCol = s.getRange(1, 1, 1, s.getLastColumn()).getValues()[0].indexOf('Video URL') + 1;
    // The sort comes just before the backgrounds are read, after the problems were found by row.
    const probe = setupWith();
    const all = callsOf(probe.emu, () => probe.addon.validateLedger());
    const k = all.indexOf('Range.getBackgrounds') + 1;
    const r = withEditBefore(
      h.emu,
      k,
      () => s.getRange(2, 1, s.getLastRow() - 1, s.getLastColumn()).sort({ column: urlCol, ascending: false }),
      () => h.addon.validateLedger(),
    );
    const rowOf = (n: number) =>
      s
        .getRange(2, urlCol, s.getLastRow() - 1, 1)
        .getValues()
        .findIndex((v) => v[0] === videoUrl(n)) + 2;
    expect(r.problems.map((p: { row: number }) => p.row).sort()).toEqual([rowOf(2), rowOf(4)].sort());
    expect(bg(h, 'Creator owner', rowOf(2))).toBe(PROBLEM_BACKGROUND);
    expect(bg(h, 'Paid owner', rowOf(4))).toBe(PROBLEM_BACKGROUND);
    expect(bg(h, 'Creator owner', rowOf(3))).toBe('#ffffff');
    expect(bg(h, 'Paid owner', rowOf(1))).toBe('#ffffff');
  });
});

describe('validateLedger on a big ledger: only the columns that can change', () => {
  const MARKS = 'sparkLedger.validateMarks';
  /** The A1 ranges whose backgrounds a run reads. */
  function backgroundReads(fn: () => unknown): string[] {
    const spy = jest.spyOn(FakeRange.prototype, 'getBackgrounds');
    try {
      fn();
      return spy.mock.contexts.map((r) => (r as FakeRange).getA1Notation());
    } finally {
      spy.mockRestore();
    }
  }
  const colOf = (h: Harness, header: string) => cellA1(h.emu, header, 2).replace(/\d+$/, '');

  it('reads the backgrounds of the columns it paints and of those the last run left marks in, no others', () => {
    const h = setup();
    fillLedger(h.emu, [activated(1), activated(2, { creatorOwner: '' }), activated(3, { paidOwner: '' })]);
    // A ledger made by Set up ledger starts with no marks to look for.
    expect(JSON.parse(h.emu.properties.document.get(MARKS) as string)).toEqual([]);
    const cols = (list: string[]) =>
      [...new Set(list.flatMap((a) => a.split(':').map((x) => x.replace(/\d+/g, ''))))].sort();
    const first = backgroundReads(() => h.addon.validateLedger());
    expect(first.length).toBe(1);
    expect(cols(first)).toEqual([colOf(h, 'Creator owner'), colOf(h, 'Paid owner')].sort());
    expect(JSON.parse(h.emu.properties.document.get(MARKS) as string).sort()).toEqual(['creatorOwner', 'paidOwner']);
    // Creator owner fixed: the next run still looks there (to clear the mark), and forgets the column after.
    h.emu
      .sheet('Ledger')
      .getRange(cellA1(h.emu, 'Creator owner', 3))
      .setValue('creator@agency.example');
    const second = backgroundReads(() => h.addon.validateLedger());
    expect(cols(second)).toEqual([colOf(h, 'Creator owner'), colOf(h, 'Paid owner')].sort());
    expect(bg(h, 'Creator owner', 3)).toBe('#ffffff');
    expect(bg(h, 'Paid owner', 4)).toBe(PROBLEM_BACKGROUND);
    expect(JSON.parse(h.emu.properties.document.get(MARKS) as string)).toEqual(['paidOwner']);
    const third = backgroundReads(() => h.addon.validateLedger());
    expect(cols(third)).toEqual([colOf(h, 'Paid owner')]);
  });

  it('on a ledger whose marks are not known, sweeps every column; what it has no time for it says, and the next run clears', () => {
    const h = setup();
    fillLedger(h.emu, [activated(1), activated(2, { paidOwner: '' })]);
    // Marks left by an earlier version, which did not remember where: one on a cell that is fine.
    h.emu.properties.document.delete(MARKS);
    h.emu
      .sheet('Ledger')
      .getRange(cellA1(h.emu, 'Brand', 2))
      .setBackground(PROBLEM_BACKGROUND);
    // The run's time is used up by the time it would sweep (the clock moved as it reads the painted column).
    const probe = setup();
    fillLedger(probe.emu, [activated(1), activated(2, { paidOwner: '' })]);
    probe.emu.properties.document.delete(MARKS);
    const calls = callsOf(probe.emu, () => probe.addon.validateLedger());
    const reads = calls
      .map((c, i) => [c, i] as const)
      .filter(([c]) => c === 'Range.getBackgrounds')
      .map(([, i]) => i + 1);
    expect(reads.length).toBe(2);
    const r = withEditBefore(
      h.emu,
      reads[0],
      () => h.emu.clock.set(new Date(h.emu.clock.now().getTime() + 5 * 60000)),
      () => h.addon.validateLedger(),
    );
    expect(r.problems.map((p: { row: number }) => p.row)).toEqual([3]);
    expect(bg(h, 'Paid owner', 3)).toBe(PROBLEM_BACKGROUND);
    expect(r.highlightsLeft).toContain('Brand');
    expect(r.highlightsLeft).not.toContain('Paid owner');
    expect(bg(h, 'Brand', 2)).toBe(PROBLEM_BACKGROUND);
    // Remembered: the columns not swept, and the one painted.
    const left = JSON.parse(h.emu.properties.document.get(MARKS) as string) as string[];
    expect(left).toContain('brand');
    expect(left).toContain('paidOwner');

    h.addon.menuValidateLedger();
    expect(JSON.stringify(h.emu.ui.alerts)).not.toMatch(/Continues/);
    expect(bg(h, 'Brand', 2)).toBe('#ffffff');
    expect(JSON.parse(h.emu.properties.document.get(MARKS) as string)).toEqual(['paidOwner']);
  });

  it('the menu says when earlier highlights are left for the next run', () => {
    const h = setup();
    fillLedger(h.emu, [activated(1, { paidOwner: '' })]);
    h.emu.properties.document.delete(MARKS);
    let seen = 0;
    h.emu.meanwhile((key) => {
      if (key === 'Range.getBackgrounds' && ++seen === 1)
        h.emu.clock.set(new Date(h.emu.clock.now().getTime() + 5 * 60000));
    });
    try {
      h.addon.menuValidateLedger();
    } finally {
      h.emu.meanwhile(null);
    }
    expect(JSON.stringify(h.emu.ui.alerts)).toMatch(
      /Continues: earlier highlights in \d+ columns \([^)]+ and \d+ more\) were not looked at in time\. Choose Extensions › Spark Ledger › Validate ledger again/,
    );
  });
});

function setupWith(): Harness {
  const h = setup();
  fillLedger(h.emu, [activated(1), activated(2, { creatorOwner: '' }), activated(3), activated(4, { paidOwner: '' })]);
  return h;
}
