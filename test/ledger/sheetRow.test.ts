import { addDays, dateCellToYmd, isYmd } from '../../src/core/ledger/dates';
import { FIELDS, type FieldDef } from '../../src/core/ledger/fields';
import { AUTOMATIC_FORMAT } from '../../src/core/ledger/sheetRow';
import { cellRuns, cellToValue, columnLetter, mapColumns, valueToCell } from '../../src/core/ledger/sheetRow';

const def = (key: string) => FIELDS.find((f) => f.key === key) as FieldDef;
const AUTO = AUTOMATIC_FORMAT;

describe('columns by header', () => {
  it('finds ledger columns anywhere, ignoring case and spacing, and lists the missing', () => {
    const cols = mapColumns(['Agency notes', ' video url ', 'STATUS', 'Spark  code', 'Status']);
    expect(cols.index.videoUrl).toBe(1);
    expect(cols.index.status).toBe(2);
    expect(cols.index.sparkCode).toBe(3);
    expect(cols.duplicated).toEqual(['status']);
    expect(cols.missing).toContain('client');
    expect(cols.missing).not.toContain('videoUrl');
  });

  it('groups written cells into runs of adjacent ledger columns, skipping user columns', () => {
    const cols = mapColumns(['Video URL', 'Mine', 'Client', 'Brand', 'Status']);
    const runs = cellRuns(
      { videoUrl: 'https://www.tiktok.com/@ab/video/1', client: 'Acme', brand: '=x', status: 'Requested' },
      ['videoUrl', 'client', 'brand', 'status'],
      cols,
    );
    expect(runs).toEqual([
      { start: 0, values: ["'https://www.tiktok.com/@ab/video/1"], formats: [AUTO] },
      { start: 2, values: ["'Acme", "'=x", "'Requested"], formats: [AUTO, AUTO, AUTO] },
    ]);
  });
});

describe('cells', () => {
  it('writes text quoted (its cell is automatic), numbers, booleans and dates typed', () => {
    expect(valueToCell(def('videoId'), '7412345678901234567')).toBe("'7412345678901234567");
    expect(valueToCell(def('usageNotes'), "'quoted")).toBe("''quoted");
    expect(valueToCell(def('authorizedOn'), '=NOW()')).toBe("'=NOW()");
    expect(valueToCell(def('spend'), 12.5)).toBe(12.5);
    expect(valueToCell(def('humanReviewed'), true)).toBe(true);
    expect(valueToCell(def('authorizedOn'), '2026-03-05')).toBe('2026-03-05');
    expect(valueToCell(def('preRequestChecks'), ['Post is live', 'Sound is final'])).toBe(
      "'Post is live; Sound is final",
    );
    expect(valueToCell(def('usageNotes'), '')).toBe('');
  });

  it('reads a date cell as the calendar day in the spreadsheet zone, across DST', () => {
    // 2026-03-08 00:00 in New York is 05:00Z (EST); 2026-03-09 00:00 is 04:00Z (EDT).
    expect(dateCellToYmd(new Date('2026-03-08T05:00:00Z'), [-240, -300])).toBe('2026-03-08');
    expect(dateCellToYmd(new Date('2026-03-09T04:00:00Z'), [-300, -240])).toBe('2026-03-09');
    // Auckland is ahead of UTC: midnight there is the previous UTC day.
    expect(dateCellToYmd(new Date('2026-03-04T11:00:00Z'), [780, 720])).toBe('2026-03-05');
    expect(cellToValue(def('expiresOn'), '2026-03-05', [0])).toBe('2026-03-05');
  });

  it('reads back numbers in text columns without exponent notation', () => {
    expect(cellToValue(def('videoId'), 7412345678901230000, [0])).toBe('7412345678901230000');
    expect(cellToValue(def('campaign'), 12, [0])).toBe('12');
  });

  it('adds days on the calendar, through month ends and leap days', () => {
    expect(addDays('2026-03-01', 30)).toBe('2026-03-31');
    expect(addDays('2028-02-01', 365)).toBe('2029-01-31');
    expect(isYmd(addDays('2026-12-31', 1))).toBe(true);
    expect(columnLetter(1) + columnLetter(26) + columnLetter(27) + columnLetter(52)).toBe('AZAAAZ');
  });
});

describe('bridged runs', () => {
  it('writes scattered changes as one run per block of ledger columns, never across a user column', () => {
    const cols = mapColumns(['Video URL', 'Client', 'Brand', 'Mine', 'Campaign', 'Status']);
    const rec = { videoUrl: 'u', client: 'Acme', brand: 'B', campaign: 'C', status: 'Received' };
    expect(cellRuns(rec, ['videoUrl', 'brand', 'campaign', 'status'], cols, true)).toEqual([
      { start: 0, values: ["'u", "'Acme", "'B"], formats: [AUTO, AUTO, AUTO] },
      { start: 4, values: ["'C", "'Received"], formats: [AUTO, AUTO] },
    ]);
  });
});
