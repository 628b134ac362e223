import { setup } from '../src/helpers';

function write(value: unknown, opts: { format?: string; timeZone?: string } = {}) {
  const { g } = setup({ timeZone: opts.timeZone });
  const cell = g.SpreadsheetApp.getActiveSheet().getRange('A1');
  if (opts.format) cell.setNumberFormat(opts.format);
  cell.setValue(value);
  return { value: cell.getValue(), display: cell.getDisplayValue(), formula: cell.getFormula(), cell };
}

describe('typing on write (like a person typing, US locale)', () => {
  test('a leading apostrophe stores the rest as text', () => {
    expect(write("'0012")).toMatchObject({ value: '0012', display: '0012', formula: '' });
    expect(write("'=1+1")).toMatchObject({ value: '=1+1', formula: '' });
  });

  test('a leading = is a formula; getValues shows literal results or #ERROR!', () => {
    expect(write('=SUM(A2:A3)')).toMatchObject({ formula: '=SUM(A2:A3)', value: '#ERROR!' });
    expect(write('=HYPERLINK("https://x.example","open")')).toMatchObject({ value: 'open' });
    expect(write('=42')).toMatchObject({ value: 42 });
    const { g } = setup();
    const r = g.SpreadsheetApp.getActiveSheet().getRange('A1:B1');
    r.setFormulas([['=1', '="a"']]);
    expect(r.getFormulas()).toEqual([['=1', '="a"']]);
    expect(r.getValues()).toEqual([[1, 'a']]);
    r.setValues([['plain', 2]]);
    expect(r.getFormulas()).toEqual([['', '']]);
  });

  test('digit strings become numbers: leading zeros lost, + signs, separators, currency, percent', () => {
    expect(write('123').value).toBe(123);
    expect(write('0012').value).toBe(12);
    expect(write('+123').value).toBe(123);
    expect(write('-5').value).toBe(-5);
    expect(write('1e5').value).toBe(100000);
    expect(write('1,234').value).toBe(1234);
    expect(write('$5').value).toBe(5);
    expect(write('50%').value).toBe(0.5);
    expect(write(' 7 ').value).toBe(7);
    expect(write('1.25').value).toBe(1.25);
  });

  test('more than 15 significant digits are lost (19-digit TikTok video ids)', () => {
    const { value, display } = write('7412345678901234567');
    expect(value).toBe(7412345678901230000);
    expect(value).not.toBe(Number('7412345678901234567'));
    expect(display).toBe('7.41235E+18');
    expect(write('1234567890123456').value).toBe(1234567890123450);
  });

  test('TRUE/false become booleans', () => {
    expect(write('TRUE').value).toBe(true);
    expect(write('false').value).toBe(false);
    expect(write('True').display).toBe('TRUE');
  });

  test('text that is not a pure number stays text', () => {
    for (const s of [
      '@handle',
      '#AbC+/=',
      '+44 20 7946',
      'https://www.tiktok.com/@a/video/1',
      '12ab',
      '1,23',
      'Jan',
      '',
    ]) {
      expect(write(s).value).toBe(s);
    }
  });

  test('date-like strings become Dates at that wall time in the spreadsheet time zone', () => {
    const d1 = write('2024-01-05').value as Date;
    expect(d1).toBeInstanceOf(Date);
    expect(d1.toISOString()).toBe('2024-01-05T05:00:00.000Z'); // EST, UTC-5
    expect((write('1/5/2024').value as Date).toISOString()).toBe('2024-01-05T05:00:00.000Z');
    expect((write('2024-01-05 10:30').value as Date).toISOString()).toBe('2024-01-05T15:30:00.000Z');
    // Summer: EDT, UTC-4
    expect((write('2024-07-04').value as Date).toISOString()).toBe('2024-07-04T04:00:00.000Z');
    // DST starts 2024-03-10 at 02:00 in New York: 03:30 is already EDT.
    expect((write('2024-03-10 03:30').value as Date).toISOString()).toBe('2024-03-10T07:30:00.000Z');
    expect((write('2024-03-10 01:30').value as Date).toISOString()).toBe('2024-03-10T06:30:00.000Z');
    // Another zone
    expect((write('2024-01-05', { timeZone: 'Asia/Tokyo' }).value as Date).toISOString()).toBe(
      '2024-01-04T15:00:00.000Z',
    );
    // Impossible dates stay text
    expect(write('2024-02-30').value).toBe('2024-02-30');
    expect(write('2024-01-05').display).toBe('2024-01-05');
  });

  test('date cells keep wall time when the spreadsheet zone changes', () => {
    const { g } = setup();
    const ss = g.SpreadsheetApp.getActiveSpreadsheet();
    const cell = ss.getActiveSheet().getRange('A1');
    cell.setValue('2024-01-05');
    ss.setSpreadsheetTimeZone('Europe/London');
    expect((cell.getValue() as Date).toISOString()).toBe('2024-01-05T00:00:00.000Z');
  });

  test('a plain-text (@) cell keeps every string exactly', () => {
    for (const s of ['0012', '7412345678901234567', '2024-01-05', 'TRUE', '=1+1', "'x", '+123', '50%']) {
      const w = write(s, { format: '@' });
      expect(w.value).toBe(s);
      expect(w.display).toBe(s);
      expect(w.formula).toBe('');
    }
  });

  test('non-string values are stored as they are; null empties', () => {
    expect(write(7412345678901234).value).toBe(7412345678901234);
    expect(write(false).value).toBe(false);
    const { g } = setup();
    const cell = g.SpreadsheetApp.getActiveSheet().getRange('A1');
    cell.setValue('x');
    cell.setValue(null);
    expect(cell.getValue()).toBe('');
    expect(g.SpreadsheetApp.getActiveSheet().getLastRow()).toBe(0);
  });

  test('display values follow number formats', () => {
    const { g } = setup();
    const sheet = g.SpreadsheetApp.getActiveSheet();
    const r = sheet.getRange('A1:E1');
    r.setValues([[1234.5, 1234.5, 0.256, new g.Date('2026-03-02T15:00:00Z'), 3]]);
    r.setNumberFormats([['0.00', '#,##0.00', '0.0%', 'yyyy-mm-dd', '@']]);
    expect(r.getDisplayValues()).toEqual([['1234.50', '1,234.50', '25.6%', '2026-03-02', '3']]);
    expect(r.getNumberFormats()[0][0]).toBe('0.00');
    expect(sheet.getRange('F1').getNumberFormat()).toBe('0.###############');
    sheet.getRange('F1').setValue(new g.Date('2026-03-02T15:04:05Z'));
    expect(sheet.getRange('F1').getDisplayValue()).toBe('3/2/2026 10:04:05');
  });
});
