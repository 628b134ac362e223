import {
  AUDIT_LINES_KEPT_MAX,
  LOG_FILE_LINES,
  yearOfInstant,
  type LogFile,
  currentLog,
  keptLines,
  linesToMove,
  logFileName,
  logIndexRows,
  overlap,
  parseLogIndex,
  sameLine,
  sameYearPrefix,
} from '../../src/core/ledger/auditLog';

const file = (year: string, part: number, lines: number): LogFile => ({
  year,
  part,
  id: `id-${year}-${part}`,
  url: `https://x/${year}/${part}`,
  lines,
  first: '',
  last: '',
  moving: 0,
});

describe('Audit rollover rules (core)', () => {
  it('moves nothing until the Audit passes what it keeps plus the slack, then down to what it keeps', () => {
    expect(linesToMove(1250, 1000)).toBe(0);
    expect(linesToMove(1251, 1000)).toBe(251);
    expect(linesToMove(0, 1000)).toBe(0);
  });

  it('takes one year at a time', () => {
    expect(sameYearPrefix(['2025', '2025', '2026', '2025'])).toBe(2);
    expect(sameYearPrefix([])).toBe(0);
  });

  it("recognises lines already copied: the log's tail that is the Audit's head", () => {
    const eq = (a: number, b: number) => a === b;
    expect(overlap([1, 2, 3, 4], [3, 4, 5], eq)).toBe(2);
    expect(overlap([1, 2, 3], [1, 2, 3], eq)).toBe(3);
    expect(overlap([1, 2, 3], [4, 5], eq)).toBe(0);
    expect(overlap([], [1], eq)).toBe(0);
    // A line repeated: the longest overlap wins.
    expect(overlap([7, 7, 7], [7, 7, 8], eq)).toBe(2);
  });

  it('compares lines by value, dates by instant', () => {
    expect(sameLine([new Date(5), 'a', ''], [new Date(5), 'a', null])).toBe(true);
    expect(sameLine([new Date(5), 'a'], [new Date(6), 'a'])).toBe(false);
    expect(sameLine(['1'], [1])).toBe(false);
  });

  it("goes on in a new part when a year's log is full", () => {
    expect(currentLog([], '2026')).toEqual({ file: null, part: 1 });
    const a = file('2026', 1, 10);
    expect(currentLog([a, file('2025', 1, LOG_FILE_LINES)], '2026')).toEqual({ file: a, part: 1 });
    expect(currentLog([file('2026', 1, LOG_FILE_LINES)], '2026')).toEqual({ file: null, part: 2 });
    expect(logFileName('Agency ledger', '2026', 2)).toBe('Agency ledger · Audit 2026 (part 2)');
    expect(logFileName('Agency ledger', '2026', 1)).toBe('Agency ledger · Audit 2026');
  });

  it('reads back the index it writes', () => {
    const files = [file('2026', 1, 5), { ...file('2025', 1, 7), moving: 3 }];
    const grid = [
      ['Year', 'Part', 'Log spreadsheet', 'Lines', 'First', 'Last', 'Spreadsheet id', 'Moving'],
      ...logIndexRows(files),
    ];
    expect(parseLogIndex(grid).map((f) => [f.year, f.lines, f.moving])).toEqual([
      ['2025', 7, 3],
      ['2026', 5, 0],
    ]);
    expect(parseLogIndex([['Something else']])).toEqual([]);
  });

  it('reads "Audit lines kept" only as a whole number in range, never text with separators', () => {
    expect(keptLines(5000)).toBe(5000);
    expect(keptLines('5000')).toBe(5000);
    expect(keptLines('5,000')).toBeNull();
    expect(keptLines('5.000')).toBeNull();
    expect(keptLines(999)).toBeNull();
    expect(keptLines(AUDIT_LINES_KEPT_MAX + 1)).toBeNull();
    expect(keptLines(1500.5)).toBeNull();
  });

  it("finds an instant's year in the spreadsheet's zone from when each year begins there", () => {
    // Auckland is 13 hours ahead on New Year's Day: 2026 begins there at 11:00 UTC on 31 December 2025.
    const asked: number[] = [];
    const auckland = (y: number) => {
      asked.push(y);
      return Date.UTC(y, 0, 1) - 13 * 3600000;
    };
    expect(yearOfInstant(Date.parse('2025-12-31T10:59:59Z'), auckland)).toBe(2025);
    expect(yearOfInstant(Date.parse('2025-12-31T11:00:00Z'), auckland)).toBe(2026);
    // New York is 5 hours behind: 2026 begins there at 05:00 UTC on 1 January.
    const newYork = (y: number) => Date.UTC(y, 0, 1) + 5 * 3600000;
    expect(yearOfInstant(Date.parse('2026-01-01T04:59:59Z'), newYork)).toBe(2025);
    expect(yearOfInstant(Date.parse('2026-01-01T05:00:00Z'), newYork)).toBe(2026);
    expect(yearOfInstant(Date.parse('2026-07-01T00:00:00Z'), newYork)).toBe(2026);
    expect([...new Set(asked)].sort()).toEqual([2025, 2026]);
  });
});
