/** The cost model: each kind of call priced at the published figures, the clock it moves, the limits it triggers. */
import {
  COST_LEVELS,
  COST_PARAMETERS as P,
  createEmulator,
  type CostLevel,
  EXECUTION_LIMIT_MS,
  SIMPLE_TRIGGER_LIMIT_MS,
} from '../src/index';

type G = Record<string, any>;

function world(costModel?: CostLevel) {
  const emu = createEmulator(costModel ? { costModel } : {});
  const g = emu.globals as G;
  const sheet = g.SpreadsheetApp.getActiveSpreadsheet().getSheets()[0];
  return { emu, g, sheet };
}

/**
 * Modelled milliseconds of what `fn` called, at the emulator's level; the
 * clock (whole milliseconds, fractions carried) moves by the same within 1 ms.
 */
function elapsed(emu: ReturnType<typeof createEmulator>, fn: () => unknown): number {
  const level = emu.cost.level ?? 'mid';
  const t = emu.clock.now().getTime();
  const m = emu.cost.total.ms[level];
  fn();
  const ms = emu.cost.total.ms[level] - m;
  if (emu.cost.level) expect(Math.abs(emu.clock.now().getTime() - t - ms)).toBeLessThan(1);
  return ms;
}

describe.each(COST_LEVELS)('pricing at %s', (level) => {
  test('a getValues of N cells costs the fixed part plus N × the per-cell part', () => {
    const { emu, sheet } = world(level);
    for (const [a1, cells] of [
      ['A1', 1],
      ['A1:J100', 1000],
      ['A1:Z1000', 26000],
    ] as const) {
      const range = sheet.getRange(a1);
      expect(elapsed(emu, () => range.getValues())).toBeCloseTo(
        P.readFixedMs[level] + (cells * P.readCellUs[level]) / 1000,
        6,
      );
    }
  });

  test('each kind of call has its price', () => {
    const { emu, g, sheet } = world(level);
    const props = g.PropertiesService.getScriptProperties();
    const range = sheet.getRange('A1:D5');
    const cases: [string, () => unknown, number][] = [
      ['local (Utilities)', () => g.Utilities.formatDate(new Date(0), 'UTC', 'yyyy'), P.localMs[level]],
      ['local (Session)', () => g.Session.getScriptTimeZone(), P.localMs[level]],
      [
        'meta (getSheetByName)',
        () => g.SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Sheet1'),
        2 * P.metaMs[level],
      ],
      ['meta (getRange)', () => sheet.getRange(1, 1, 10, 10), P.metaMs[level]],
      ['meta (getMaxRows)', () => sheet.getMaxRows(), P.metaMs[level]],
      ['probe (getLastRow)', () => sheet.getLastRow(), P.probeMs[level]],
      ['read (getNotes)', () => range.getNotes(), P.readFixedMs[level] + (20 * P.readCellUs[level]) / 1000],
      ['read (getBackgrounds)', () => range.getBackgrounds(), P.readFixedMs[level] + (20 * P.readCellUs[level]) / 1000],
      ['write (queued)', () => range.setValues(Array.from({ length: 5 }, () => [1, 2, 3, 4])), P.metaMs[level]],
      [
        'flush (commits 20 queued cells)',
        () => g.SpreadsheetApp.flush(),
        P.metaMs[level] + P.commitMs[level] + (20 * P.writeCellUs[level]) / 1000,
      ],
      ['flush (nothing queued)', () => g.SpreadsheetApp.flush(), P.metaMs[level]],
      ['structural (insertRowsAfter)', () => sheet.insertRowsAfter(1, 5), P.structuralMs[level]],
      [
        'structural (appendRow, 3 cells)',
        () => sheet.appendRow([1, 2, 3]),
        P.structuralMs[level] + (3 * P.writeCellUs[level]) / 1000,
      ],
      ['mail', () => g.MailApp.sendEmail('lead@agency.example', 's', 'b'), P.mailMs[level]],
      ['properties read', () => props.getProperty('x'), P.propertiesReadMs[level]],
      ['properties write', () => props.setProperty('x', '1'), P.propertiesWriteMs[level]],
    ];
    for (const [name, fn, ms] of cases) expect([name, elapsed(emu, fn)]).toEqual([name, expect.closeTo(ms, 6)]);
  });

  test('a read after writes first commits them; an execution commits what is still queued as it ends', () => {
    const { emu, sheet } = world(level);
    const range = sheet.getRange('A1:B2');
    range.setValues([
      [1, 2],
      [3, 4],
    ]);
    range.setValue('x');
    expect(emu.cost.queuedCells).toBe(8);
    expect(elapsed(emu, () => range.getValues())).toBeCloseTo(
      P.commitMs[level] + (8 * P.writeCellUs[level]) / 1000 + P.readFixedMs[level] + (4 * P.readCellUs[level]) / 1000,
      6,
    );
    expect(emu.cost.queuedCells).toBe(0);
    const ms = elapsed(emu, () =>
      emu.run({ kind: 'editor' }, () =>
        range.setValues([
          [5, 6],
          [7, 8],
        ]),
      ),
    );
    expect(ms).toBeCloseTo(P.metaMs[level] + P.commitMs[level] + (4 * P.writeCellUs[level]) / 1000, 6);
    expect(emu.cost.execution.ms[level]).toBeCloseTo(ms, 6);
    expect(emu.cost.execution.commits).toBe(1);
    expect(emu.cost.total.commits).toBe(2);
  });
});

describe('the clock', () => {
  test('moves only when costModel is set; the costs are tallied either way', () => {
    const off = world();
    const before = off.emu.clock.now().getTime();
    off.emu.run({ kind: 'editor' }, () => {
      off.sheet.getRange('A1:Z1000').getValues();
      off.sheet.getLastRow();
    });
    expect(off.emu.clock.now().getTime()).toBe(before);
    expect(off.emu.cost.level).toBeNull();
    expect(off.emu.cost.execution.ms.mid).toBeCloseTo(
      P.metaMs.mid + P.readFixedMs.mid + (26000 * P.readCellUs.mid) / 1000 + P.probeMs.mid,
      6,
    );

    const on = world('mid');
    const t = on.emu.clock.now().getTime();
    on.emu.run({ kind: 'editor' }, () => on.sheet.getRange('A1:Z1000').getValues());
    expect(Math.abs(on.emu.clock.now().getTime() - t - on.emu.cost.execution.ms.mid)).toBeLessThan(1);
    expect(new (on.g.Date as DateConstructor)().getTime()).toBe(on.emu.clock.now().getTime());
  });

  test('an execution whose modelled time passes 6 minutes is stopped at its next call', () => {
    const { emu, sheet } = world('high');
    const range = sheet.getRange('A1:Z1000');
    const perRead = P.readFixedMs.high + (26000 * P.readCellUs.high) / 1000;
    let reads = 0;
    expect(() =>
      emu.run({ kind: 'editor' }, () => {
        for (;;) {
          range.getValues();
          reads++;
        }
      }),
    ).toThrow(/^Exceeded maximum execution time$/);
    // The limit is checked as each call starts: the first read to start after 6 minutes is refused.
    expect(reads).toBe(Math.floor(EXECUTION_LIMIT_MS / perRead) + 1);
  });

  test('a simple trigger is stopped after 30 seconds of modelled time', () => {
    const { emu, sheet } = world('mid');
    let probes = 0;
    expect(() =>
      emu.run({ kind: 'simple' }, () => {
        for (;;) {
          sheet.getLastRow();
          probes++;
        }
      }),
    ).toThrow('Exceeded maximum execution time (simple trigger, 30 seconds).');
    expect(probes).toBe(Math.floor(SIMPLE_TRIGGER_LIMIT_MS / P.probeMs.mid) + 1);
  });

  test('without costModel the same loop is never stopped by the clock', () => {
    const { emu, sheet } = world();
    let probes = 0;
    emu.run({ kind: 'simple' }, () => {
      while (probes < 1000) {
        sheet.getLastRow();
        probes++;
      }
    });
    expect(probes).toBe(1000);
  });
});

describe('cells read and written', () => {
  test('are counted per call and per method, beside unchanged call counts', () => {
    const { emu, sheet } = world();
    emu.calls.reset();
    sheet.getRange('A1:C10').getValues();
    sheet.getRange('A1').getValue();
    sheet.getRange(1, 1, 2, 4).setValues([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
    sheet.getRange('B1:B3').setBackground('#fff');
    sheet.appendRow(['a', 'b', 'c']);
    sheet.getRange('A1:A4').getDisplayValues();
    sheet.getLastRow();
    expect(emu.calls.total).toBe(12);
    expect(emu.calls.byMethod['Sheet.getRange']).toBe(5);
    expect(emu.calls.cellsRead).toBe(30 + 1 + 4);
    expect(emu.calls.cellsWritten).toBe(8 + 3 + 3);
    expect(emu.calls.cellsByMethod).toEqual({
      'Range.getValues': { read: 30, written: 0 },
      'Range.getValue': { read: 1, written: 0 },
      'Range.setValues': { read: 0, written: 8 },
      'Range.setBackground': { read: 0, written: 3 },
      'Sheet.appendRow': { read: 0, written: 3 },
      'Range.getDisplayValues': { read: 4, written: 0 },
    });
    expect(emu.cost.total.byKind.read).toMatchObject({ calls: 3, cellsRead: 35 });
    expect(emu.cost.total.byKind.write).toMatchObject({ calls: 2, cellsWritten: 11 });
    emu.calls.reset();
    expect([emu.calls.cellsRead, emu.calls.cellsWritten, emu.calls.cellsByMethod]).toEqual([0, 0, {}]);
  });

  test('getSheetValues with -1 reads to the last row and column; Sheet.clear writes the used cells', () => {
    const { emu, sheet } = world();
    sheet.getRange(1, 1, 3, 2).setValues([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    emu.calls.reset();
    sheet.getSheetValues(2, 1, -1, -1);
    sheet.clear();
    expect([emu.calls.cellsRead, emu.calls.cellsWritten]).toEqual([4, 6]);
  });

  test('a failing call moves no cells and costs nothing', () => {
    const { emu, sheet } = world('mid');
    emu.faults.failOn('Range.getValues');
    const range = sheet.getRange('A1:B2');
    emu.calls.reset();
    const t = emu.clock.now().getTime();
    expect(elapsed(emu, () => expect(() => range.getValues()).toThrow())).toBe(0);
    expect(emu.clock.now().getTime()).toBe(t);
    expect(emu.calls.cellsRead).toBe(0);
    expect(emu.calls.total).toBe(1);
  });
});
