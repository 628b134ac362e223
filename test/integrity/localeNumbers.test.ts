/**
 * Numbers are read in the spreadsheet's locale (docs/product.md §3 Spend: "12,5" in a
 * German sheet is 12.5; an ambiguous number is refused, never rescaled): the
 * shared rules in core, the sidebar's form check, the CSV import and the
 * locale the server reads from Google.
 */
import fc from 'fast-check';
import { formatCsv } from '../../src/core/import/csv';
import { type FieldDef, fieldDef } from '../../src/core/ledger/fields';
import { parseInput } from '../../src/core/ledger/schemas';
import { checkField, formatNumber, normalizeValue, numberStyle, readNumberText } from '../../src/core/ledger/values';
import { checkInput } from '../../src/client/formKit';
import { optionsFor } from '../../src/client/controls';
import { type Harness, startAddon } from '../support/addon';
import { IMPORT_HEADERS, importLine, requestInput, seedSettings, videoUrl } from '../support/fixtures';
import { ledgerCell } from '../support/userEdit';

const def = (key: string) => fieldDef(key) as FieldDef;

/** The stored value, or the error, of `text` typed into field `key` of a spreadsheet in `locale`. */
function read(key: string, text: unknown, locale?: string): number | '' | string {
  const r = normalizeValue(def(key), text, locale);
  return 'error' in r ? `ERROR ${r.error}` : (r.value as number | '');
}

const refused = (key: string, text: string, locale?: string) => read(key, text, locale) as string;

describe('numbers in the spreadsheet locale (core)', () => {
  it('reads European numbers as European sheets write them', () => {
    for (const locale of ['de_DE', 'pt_BR', 'es_ES', 'it_IT', 'nl_NL', 'id_ID']) {
      expect([
        read('spend', '12,5', locale),
        read('spend', '1.234,56', locale),
        read('spend', '1.000', locale),
        read('spend', '1.234.567,8', locale),
      ]).toEqual([12.5, 1234.56, 1000, 1234567.8]);
    }
    // French and Nordic sheets group with spaces: plain, no-break and narrow no-break.
    for (const locale of ['fr_FR', 'fi_FI', 'sv_SE', 'pl_PL']) {
      expect([
        read('spend', '12,5', locale),
        read('spend', '1 234,56', locale),
        read('spend', '1\u00a0234,56', locale),
        read('spend', '1\u202f234,56', locale),
      ]).toEqual([12.5, 1234.56, 1234.56, 1234.56]);
    }
    expect([
      read('spend', "1'234.56", 'de_CH'),
      read('spend', '1’234.56', 'de_CH'),
      read('spend', '12.5', 'de_CH'),
    ]).toEqual([1234.56, 1234.56, 12.5]);
    expect([
      read('spend', '1,23,456.78', 'en_IN'),
      read('spend', '1,234,567', 'en_IN'),
      read('conversions', '12,34,567', 'hi_IN'),
    ]).toEqual([123456.78, 1234567, 1234567]);
  });

  it('reads American and British numbers as before', () => {
    for (const locale of ['en_US', 'en_GB', 'en_AU', 'ja_JP', 'es_MX']) {
      expect([
        read('spend', '12.5', locale),
        read('spend', '1,234.56', locale),
        read('spend', '1,000', locale),
        read('spend', '0.125', locale),
        read('spend', '1,234.567', locale),
      ]).toEqual([12.5, 1234.56, 1000, 0.125, 1234.567]);
    }
  });

  it('refuses a separator the locale does not use, naming the field and the locale', () => {
    expect(refused('spend', '1,5', 'en_US')).toBe(
      'ERROR Spend: "1,5" is not a number in this spreadsheet\'s number format (en_US uses . for decimals and , between thousands, as in 1,234.56).',
    );
    expect(refused('spend', '1.000,5', 'en_US')).toMatch(/^ERROR Spend: "1\.000,5" is not a number .*en_US/);
    expect(refused('spend', '12.5', 'fr_FR')).toBe(
      'ERROR Spend: "12.5" is not a number in this spreadsheet\'s number format (fr_FR uses , for decimals and a space between thousands, as in 1 234,56).',
    );
    expect(refused('spend', '1.5', 'de_DE')).toMatch(
      /^ERROR Spend: "1\.5" is not a number .*de_DE uses , for decimals/,
    );
    expect(refused('spend', '12,5', 'de_CH')).toMatch(
      /^ERROR Spend: .*de_CH uses \. for decimals and ' between thousands/,
    );
    expect(refused('spend', '1,2,3', 'en_US')).toMatch(/^ERROR Spend: /);
    expect(refused('spend', '12,34,567', 'en_US')).toMatch(/^ERROR Spend: /);
    expect(refused('spend', '1 000', 'en_US')).toMatch(/^ERROR Spend: /);
  });

  it('refuses the decimal separator before exactly three digits: 1.500 in en_US may be fifteen hundred', () => {
    expect(refused('spend', '1.500', 'en_US')).toBe(
      'ERROR Spend: "1.500" could mean 1.5 or 1500, so it was not taken; type 1.5 or 1500 (in this spreadsheet\'s number format, en_US, decimals come after ".").',
    );
    expect(refused('spend', '1,000', 'de_DE')).toBe(
      'ERROR Spend: "1,000" could mean 1 or 1000, so it was not taken; type 1 or 1000 (in this spreadsheet\'s number format, de_DE, decimals come after ",").',
    );
    expect(refused('spend', '-2.500', 'en_US')).toMatch(/could mean -2\.5 or -2500/);
    expect(refused('spend', '12,250', 'fr_FR')).toMatch(/could mean 12,25 or 12250/);
    expect(refused('spend', '999.999', 'en_GB')).toMatch(/could mean 999\.999 or 999999/);
    // Not ambiguous: a zero before the separator, four digits before it, four after it, or grouping as well.
    expect([
      read('spend', '0,125', 'de_DE'),
      read('spend', '1234,567', 'de_DE'),
      read('spend', '1,2345', 'de_DE'),
      read('spend', '1.234,567', 'de_DE'),
    ]).toEqual([0.125, 1234.567, 1.2345, 1234.567]);
  });

  it('refuses any decimal in whole-number fields, with the field and the locale in plain words', () => {
    expect(refused('authDays', '1,5', 'de_DE')).toBe(
      'ERROR Authorization days: "1,5" is not a whole number of days in this spreadsheet\'s number format (de_DE uses , for decimals and . between thousands, as in 1.234,56). Type whole days, such as 30.',
    );
    expect(refused('authDays', '1,5', 'en_US')).toMatch(
      /^ERROR Authorization days: "1,5" is not a whole number of days .*en_US/,
    );
    expect(refused('requestedDays', '30,0', 'de_DE')).toMatch(
      /^ERROR Requested window \(days\): "30,0" is not a whole number of days/,
    );
    expect(refused('requestedDays', '30.0', 'en_US')).toMatch(
      /^ERROR Requested window \(days\): "30\.0" is not a whole number of days/,
    );
    expect(refused('conversions', '12,5', 'pt_BR')).toMatch(
      /^ERROR Conversions: "12,5" is not a whole number in .*pt_BR/,
    );
    expect(refused('comments', '1.000', 'en_US')).toMatch(/^ERROR Comments: "1\.000" is not a whole number/);
    expect([
      read('conversions', '1.000', 'de_DE'),
      read('conversions', '1,000', 'en_US'),
      read('authDays', '30', 'fr_FR'),
    ]).toEqual([1000, 1000, 30]);
    // Range rules still apply after reading: a thousand days is no authorization window.
    expect(refused('authDays', '1.000', 'de_DE')).toMatch(/^ERROR Authorization days must be a whole number of days/);
    expect(read('spend', '-5', 'de_DE')).toBe('ERROR Spend must be 0 or more.');
  });

  it('takes numbers that are already numbers as they are, in every locale', () => {
    for (const locale of ['en_US', 'de_DE', 'fr_FR', undefined]) {
      expect([
        read('spend', 12.5, locale),
        read('spend', 1000, locale),
        read('authDays', 30, locale),
        read('spend', '', locale),
      ]).toEqual([12.5, 1000, 30, '']);
    }
  });

  it('reads an unknown or missing locale strictly: only what every locale reads alike', () => {
    for (const locale of [undefined, '', 'xx_YY', 'fr_CH']) {
      expect(numberStyle(locale).decimal).toBeNull();
      expect([
        read('spend', '12,5', locale),
        read('spend', '12.5', locale),
        read('spend', '1.234,56', locale),
        read('spend', '1,234.56', locale),
        read('spend', '1 000', locale),
        read('spend', '1.234.567', locale),
      ]).toEqual([12.5, 12.5, 1234.56, 1234.56, 1000, 1234567]);
      expect(refused('spend', '1,000', locale)).toMatch(/^ERROR Spend: "1,000" could mean 1 or 1000.*not known here/);
      expect(refused('spend', '1.000', locale)).toMatch(/^ERROR Spend: "1\.000" could mean 1 or 1000/);
      expect(refused('authDays', '1,5', locale)).toMatch(
        /^ERROR Authorization days: "1,5" is not a whole number of days/,
      );
    }
  });

  it('knows locales by language and by country, as Google writes them', () => {
    const seps = (l: string) => [numberStyle(l).decimal, numberStyle(l).group.charAt(0)];
    expect(seps('en_US')).toEqual(['.', ',']);
    expect(seps('en')).toEqual(['.', ',']);
    expect(seps('fil')).toEqual(['.', ',']);
    expect(seps('de_DE')).toEqual([',', '.']);
    expect(seps('de-AT')).toEqual([',', '.']);
    expect(seps('de_CH')).toEqual(['.', "'"]);
    expect(seps('pt_BR')).toEqual([',', '.']);
    expect(seps('es_419')).toEqual(['.', ',']);
    expect(seps('fr_FR')).toEqual([',', ' ']);
    expect(numberStyle('en_IN').lakh).toBe(true);
    expect(numberStyle('en_US').lakh).toBe(false);
    expect(numberStyle('constructor').decimal).toBeNull();
  });

  const LOCALES = ['en_US', 'en_GB', 'de_DE', 'fr_FR', 'pt_BR', 'de_CH', 'en_IN', 'es_MX', 'fi_FI', ''];

  it('shows a number so that reading it back gives the same number (the sidebar writes stored values this way)', () => {
    expect([
      formatNumber(12.5, 'de_DE'),
      formatNumber(1234.5, 'fr_FR'),
      formatNumber(1.125, 'en_US'),
      formatNumber(0.125, 'en_US'),
      formatNumber(1e-7, 'de_DE'),
      formatNumber(1e21, 'en_US'),
    ]).toEqual(['12,5', '1234,5', '1.1250', '0.125', '0,0000001', '1000000000000000000000']);
    fc.assert(
      fc.property(
        fc.constantFrom(...LOCALES),
        fc.oneof(
          fc.double({ min: 0, max: 1e12, noNaN: true }),
          fc.integer({ min: 0, max: 1e9 }).map((n) => n / 1000),
        ),
        (locale, n) => {
          const back = readNumberText(formatNumber(n, locale), numberStyle(locale), false);
          expect(back).toEqual({ value: n });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never reads one text as two numbers: every locale that takes a text, the strict reading too, reads the same value', () => {
    const piece = fc.constantFrom('0', '1', '2', '5', '9', '12', '345', '000', '.', ',', ' ', "'");
    fc.assert(
      fc.property(
        fc.array(piece, { minLength: 1, maxLength: 7 }).map((a) => a.join('')),
        (text) => {
          const values = new Set<number>();
          for (const locale of [...LOCALES, 'de_AT', 'fr_CH', 'it_CH']) {
            const r = readNumberText(text, numberStyle(locale), false);
            if (r && 'value' in r) values.add(r.value);
          }
          expect(values.size).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 5000 },
    );
    // The classic misreadings are refusals now.
    expect(readNumberText('1.000', numberStyle('en_US'), false)).toMatchObject({ problem: 'ambiguous' });
    expect(readNumberText('1,000', numberStyle('de_DE'), false)).toMatchObject({ problem: 'ambiguous' });
    expect(readNumberText('0,125', numberStyle('en_US'), false)).toEqual({ problem: 'notNumber' });
  });

  it('names the field in every refusal and never throws', () => {
    const piece = fc.constantFrom('0', '1', '7', '123', '.', ',', ' ', '\u00a0', "'", '-', 'e', '€', '');
    fc.assert(
      fc.property(
        fc.constantFrom('spend', 'authDays', 'requestedDays', 'conversions', 'comments'),
        fc.constantFrom(...LOCALES),
        fc.array(piece, { maxLength: 8 }).map((a) => a.join('')),
        (key, locale, text) => {
          const r = normalizeValue(def(key), text, locale);
          if ('error' in r) expect(r.error.startsWith(def(key).header)).toBe(true);
          else expect(r.value === '' || (typeof r.value === 'number' && Number.isFinite(r.value))).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('parses a whole form with the locale, and without one by the strict rules', () => {
    const url = 'https://www.tiktok.com/@ab/video/7412345678901234567';
    expect(parseInput('updateRecord', { videoUrl: url, spend: '1.234,56', conversions: '1.000' }, 'de_DE')).toEqual({
      ok: true,
      value: { videoUrl: url, spend: 1234.56, conversions: 1000 },
    });
    expect(parseInput('updateRecord', { videoUrl: url, spend: '1,234.56' }, 'en_US')).toEqual({
      ok: true,
      value: { videoUrl: url, spend: 1234.56 },
    });
    const bad = parseInput('updateRecord', { videoUrl: url, spend: '1.000', conversions: '2,5' }, 'en_US');
    expect(bad.ok === false && bad.errors.map((e) => e.field)).toEqual(['spend', 'conversions']);
    expect(parseInput('updateRecord', { videoUrl: url, spend: '1.000' }).ok).toBe(false);
    expect(checkField('spend', '12,5', 'de_DE')).toBeNull();
    expect(checkField('spend', '12,5', 'en_US')).toMatch(/^Spend: "12,5" is not a number/);
  });
});

describe('the sidebar reads numbers in the spreadsheet locale', () => {
  it('sends numbers, read as the sheet reads them, and refuses what the server would', () => {
    const url = videoUrl(1);
    expect(checkInput('updateRecord', { videoUrl: url, spend: '12,5', conversions: '1.000' }, 'de_DE')).toEqual({
      values: { videoUrl: url, spend: 12.5, conversions: 1000 },
      errors: [],
    });
    expect(checkInput('updateRecord', { videoUrl: url, spend: '12,5' }, 'en_US').errors).toEqual([
      {
        field: 'spend',
        message:
          'Spend: "12,5" is not a number in this spreadsheet\'s number format (en_US uses . for decimals and , between thousands, as in 1,234.56).',
      },
    ]);
    expect(
      checkInput(
        'recordCode',
        { videoUrl: url, sparkCode: '#abc', authorizedOn: '2026-03-01', authDays: '1,5' },
        'de_DE',
      ).errors.find((e) => e.field === 'authDays')?.message,
    ).toMatch(/^Authorization days: "1,5" is not a whole number of days .*de_DE/);
  });

  it('gives number fields the locale, so a stored 12.5 shows as 12,5 in a German sheet', () => {
    const opts = { locale: 'de_DE', durations: [7, 30] } as never;
    expect(optionsFor('spend', opts).locale).toBe('de_DE');
    expect(optionsFor('authDays', opts)).toEqual({ suggestions: [7, 30], locale: 'de_DE' });
    expect(optionsFor('conversions', opts).locale).toBe('de_DE');
    expect(read('spend', formatNumber(12.5, 'de_DE'), 'de_DE')).toBe(12.5);
  });
});

describe('the locale the server reads', () => {
  it('is the spreadsheet locale, given to the sidebar with the form options', () => {
    const h = startAddon();
    expect(h.addon.getFormOptions().locale).toBe('en_US');
    h.emu.spreadsheet.setSpreadsheetLocale('de_DE');
    expect(h.addon.getFormOptions().locale).toBe('de_DE');
  });

  it('is read once per execution, and is unknown when Google gives none', () => {
    const h = startAddon();
    h.emu.calls.reset();
    h.addon.getFormOptions();
    expect(h.emu.calls.count('Spreadsheet.getSpreadsheetLocale')).toBe(1);
    h.emu.faults.failOn('Spreadsheet.getSpreadsheetLocale', { times: Infinity });
    expect(h.addon.getFormOptions().locale).toBe('');
    h.emu.faults.clear();
    h.emu.spreadsheet.setSpreadsheetLocale('');
    expect(h.addon.getFormOptions().locale).toBe('');
  });

  it('refuses an ambiguous number sent to the server as text, never storing it rescaled', () => {
    const h = startAddon();
    seedSettings(h.emu);
    expect(h.addon.requestCode(requestInput(1)).ok).toBe(true);
    const r = h.addon.updateRecord({ videoUrl: videoUrl(1), spend: '1.000' });
    expect(r).toEqual({
      ok: false,
      errors: [{ field: 'spend', message: expect.stringMatching(/^Spend: "1\.000" could mean 1 or 1000/) }],
    });
    expect(ledgerCell(h.emu, 'Spend', 2)).toBe('');
    expect(h.addon.updateRecord({ videoUrl: videoUrl(1), spend: 1234.56 })).toMatchObject({
      ok: true,
      record: { spend: 1234.56 },
    });
    expect(ledgerCell(h.emu, 'Spend', 2)).toBe(1234.56);
  });
});

describe('CSV import in the spreadsheet locale', () => {
  const HEADERS = [...IMPORT_HEADERS, 'Spend', 'Conversions'];

  function line(n: number, o: Record<string, string> = {}): string[] {
    return importLine(n, o, HEADERS);
  }

  function sheet(locale: string): Harness {
    const h = startAddon();
    seedSettings(h.emu);
    h.emu.spreadsheet.setSpreadsheetLocale(locale);
    return h;
  }

  type Rejected = { line: number; errors: { field: string; message: string }[] };

  it('stores German numbers at their value and refuses the ambiguous and the fractional, naming line and field', () => {
    const h = sheet('de_DE');
    const csv = formatCsv([
      HEADERS,
      line(1, { Spend: '12,5', Conversions: '1.000' }),
      line(2, { Spend: '1.234,56' }),
      line(3, { Spend: '1,000' }),
      line(4, { 'Requested window (days)': '1,5' }),
      line(5, { Conversions: '2,5', Spend: '12.5' }),
    ]);
    const r = h.addon.importRows(csv);
    expect(r.accepted).toBe(2);
    expect([ledgerCell(h.emu, 'Spend', 2), ledgerCell(h.emu, 'Conversions', 2), ledgerCell(h.emu, 'Spend', 3)]).toEqual(
      [12.5, 1000, 1234.56],
    );
    expect(h.addon.getRecord(videoUrl(1))).toMatchObject({ spend: 12.5, conversions: 1000, requestedDays: 30 });
    const rejected = r.rejected as Rejected[];
    expect(rejected.map((x) => [x.line, x.errors.map((e) => e.field)])).toEqual([
      [4, ['spend']],
      [5, ['requestedDays']],
      [6, ['spend', 'conversions']],
    ]);
    expect(rejected[0].errors[0].message).toMatch(/^Spend: "1,000" could mean 1 or 1000/);
    expect(rejected[1].errors[0].message).toMatch(
      /^Requested window \(days\): "1,5" is not a whole number of days in this spreadsheet's number format \(de_DE uses , for decimals/,
    );
    expect(rejected[2].errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^Spend: "12\.5" is not a number .*de_DE/),
      expect.stringMatching(/^Conversions: "2,5" is not a whole number .*de_DE/),
    ]);
  });

  it('refuses European numbers in an American sheet instead of reading 12,5 as 125', () => {
    const h = sheet('en_US');
    const csv = formatCsv([
      HEADERS,
      line(1, { Spend: '12,5' }),
      line(2, { Spend: '1.000,5' }),
      line(3, { Spend: '1,234.56', Conversions: '1,000' }),
      line(4, { Spend: '1.500' }),
    ]);
    const r = h.addon.importRows(csv);
    expect(r.accepted).toBe(1);
    expect(h.addon.getRecord(videoUrl(3))).toMatchObject({ spend: 1234.56, conversions: 1000 });
    expect((r.rejected as Rejected[]).map((x) => [x.line, x.errors.map((e) => e.field)])).toEqual([
      [2, ['spend']],
      [3, ['spend']],
      [5, ['spend']],
    ]);
  });

  it('reads Authorization days of a later status in the locale too', () => {
    const h = sheet('de_DE');
    const headers = [...HEADERS, 'Status', 'Spark code', 'Authorized on', 'Authorization days'];
    const code = (n: number) => `#tDYPaG3Bqpz5XP1c7sFD6Bik0zk2qQbJ00000${n}+/Gp6y39SN3=`;
    const r = h.addon.importRows(
      formatCsv([
        headers,
        [...line(1), 'Received', code(1), '2026-02-01', '1,5'],
        [...line(2), 'Received', code(2), '2026-02-01', '60'],
      ]),
    );
    expect(r.accepted).toBe(1);
    const rejected = r.rejected as Rejected[];
    // Named once, as a number the sheet does not take, not again as missing.
    expect(rejected).toEqual([
      {
        line: 2,
        errors: [
          {
            field: 'authDays',
            message: expect.stringMatching(/^Authorization days: "1,5" is not a whole number of days .*de_DE/),
          },
        ],
      },
    ]);
    expect(h.addon.getRecord(videoUrl(2))).toMatchObject({ authDays: 60, expiresOn: '2026-04-02' });
  });
});
