/** The preview's conditional-format evaluation: formulas as Sheets reads them, and the ledger's own expiry rules. */
import { createEmulator, FakeConditionalFormatRuleBuilder, type FakeSheet } from '@spark-ledger/gas-emulator';
import { expiryRuleFormulas } from '../../src/core/setup/plan';
import { CellDate } from '@spark-ledger/gas-emulator/src/typing';
import { conditionalStyles, evaluate, parseFormula } from './conditional';
import { nowSerial } from './sheetView';

function value(formula: string, cells: Record<string, unknown> = {}, now = 46000.5, dRow = 0): unknown {
  const cell = (r: number, c: number) => (cells[`${r},${c}`] ?? '') as never;
  return evaluate(parseFormula(formula), { cell, nowSerial: now, dRow, dCol: 0 });
}

describe('formula evaluation', () => {
  it('follows operator precedence, text joining and comparisons across types', () => {
    expect(value('=1+2*3')).toBe(7);
    expect(value('=(1+2)*3')).toBe(9);
    expect(value('=-2+5')).toBe(3);
    expect(value('="a"&1&TRUE')).toBe('a1TRUE');
    expect(value('=2<"a"')).toBe(true);
    expect(value('="ABC"="abc"')).toBe(true);
    expect(value('=A1=0', {})).toBe(true);
    expect(value('=A1=""', {})).toBe(true);
  });

  it('moves relative references with the cell and keeps $-anchored ones', () => {
    const cells = { '2,1': 5, '3,1': 7, '2,2': 100 };
    expect(value('=$A2+$B$2', cells, 0, 0)).toBe(105);
    expect(value('=$A2+$B$2', cells, 0, 1)).toBe(107);
  });

  it('knows the functions the ledger rules use', () => {
    expect(value('=AND(N("x")=0,ISNUMBER(A1),NOT(FALSE))', { '1,1': 3 })).toBe(true);
    expect(value('=OR(ISBLANK(A1),A1>5)', { '1,1': 3 })).toBe(false);
    expect(value('=IF(A1>2,"big","small")', { '1,1': 3 })).toBe('big');
    expect(value('=NOW()-TODAY()', {}, 46000.25)).toBe(0.25);
    expect(() => parseFormula('=SUM(A1:A3')).toThrow();
  });
});

describe('conditional colours of the Ledger', () => {
  const TZ = 'America/New_York';
  const now = Date.parse('2026-03-02T15:00:00Z');

  function sheetWithRules(rows: [string, string][]): FakeSheet {
    const emu = createEmulator({ timeZone: TZ });
    const sheet = emu.spreadsheet.getSheets()[0];
    sheet.getRange(1, 1, 1, 2).setValues([['Expires on', 'Status']]);
    sheet.writeValues(2, 1, rows);
    expect(sheet.cellValue(2, 1)).toBeInstanceOf(CellDate);
    const f = expiryRuleFormulas('A', 'B');
    const area = sheet.getRange(2, 1, 999, 2);
    const rule = (formula: string, colour: string) =>
      new FakeConditionalFormatRuleBuilder()
        .whenFormulaSatisfied(formula)
        .setBackground(colour)
        .setRanges([area])
        .build();
    sheet.setConditionalFormatRules([rule(f.expired, '#f4c7c3'), rule(f.expiring, '#fce8b2')]);
    return sheet;
  }

  // Typed as a person would: Sheets turns the text into a date cell.
  const day = (ymd: string) => ymd;

  it('paints expired rows red, rows expiring within 3 days yellow, and leaves retired and later ones alone', () => {
    const sheet = sheetWithRules([
      [day('2026-03-01'), 'Spending'],
      [day('2026-03-04'), 'Spending'],
      [day('2026-03-20'), 'Spending'],
      [day('2026-02-01'), 'Retired'],
      ['', 'Requested'],
    ]);
    const styles = conditionalStyles(sheet, nowSerial(now, TZ), 10, 2);
    const bg = (r: number, c = 1) => styles.get(`${r},${c}`)?.background ?? null;
    expect([bg(2), bg(2, 2), bg(3), bg(4), bg(5), bg(6)]).toEqual(['#f4c7c3', '#f4c7c3', '#fce8b2', null, null, null]);
  });

  it('lets the first matching rule win', () => {
    const sheet = sheetWithRules([[day('2026-03-01'), 'Spending']]);
    const rules = sheet.getConditionalFormatRules();
    // Reversed order: the "expiring" rule does not match an expired row, so red still shows; a catch-all first rule wins.
    const catchAll = rules[0].copy().whenFormulaSatisfied('=TRUE').setBackground('#000000').build();
    sheet.setConditionalFormatRules([catchAll, ...rules]);
    expect(conditionalStyles(sheet, nowSerial(now, TZ), 3, 2).get('2,1')?.background).toBe('#000000');
  });
});
