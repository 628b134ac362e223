import { setup } from '../src/helpers';

describe('Utilities.formatDate (Java SimpleDateFormat)', () => {
  const { g } = setup();
  const U = g.Utilities;
  const d = new Date('2026-03-02T15:04:05.007Z');

  test('pattern letters', () => {
    expect(U.formatDate(d, 'America/New_York', 'yyyy-MM-dd HH:mm:ss.SSS')).toBe('2026-03-02 10:04:05.007');
    expect(U.formatDate(d, 'America/New_York', 'yy/M/d H:m:s')).toBe('26/3/2 10:4:5');
    expect(U.formatDate(d, 'America/New_York', 'MMM MMMM EEE EEEE E')).toBe('Mar March Mon Monday Mon');
    expect(U.formatDate(d, 'America/New_York', 'hh:mm a')).toBe('10:04 AM');
    expect(U.formatDate(d, 'UTC', 'h a')).toBe('3 PM');
    expect(U.formatDate(d, 'America/New_York', 'Z XXX X')).toBe('-0500 -05:00 -05');
    expect(U.formatDate(d, 'UTC', 'XXX')).toBe('Z');
    expect(U.formatDate(d, 'Asia/Kolkata', 'HH:mm XXX Z')).toBe('20:34 +05:30 +0530');
    expect(U.formatDate(d, 'America/New_York', "'Week of' yyyy-MM-dd 'o''clock'")).toBe("Week of 2026-03-02 o'clock");
    expect(U.formatDate(d, 'America/New_York', 'z')).toBe('EST');
    expect(U.formatDate(d, 'GMT+2', 'HH:mm')).toBe('17:04');
    expect(() => U.formatDate(d, 'UTC', 'yyyy-qq')).toThrow(/Illegal pattern character 'q'/);
  });

  test('correct across DST transitions', () => {
    // New York springs forward 2026-03-08 07:00Z (02:00 EST -> 03:00 EDT)
    expect(U.formatDate(new Date('2026-03-08T06:59:00Z'), 'America/New_York', 'yyyy-MM-dd HH:mm Z')).toBe(
      '2026-03-08 01:59 -0500',
    );
    expect(U.formatDate(new Date('2026-03-08T07:00:00Z'), 'America/New_York', 'yyyy-MM-dd HH:mm Z')).toBe(
      '2026-03-08 03:00 -0400',
    );
    // and falls back 2026-11-01 06:00Z
    expect(U.formatDate(new Date('2026-11-01T05:30:00Z'), 'America/New_York', 'HH:mm z')).toBe('01:30 EDT');
    expect(U.formatDate(new Date('2026-11-01T06:30:00Z'), 'America/New_York', 'HH:mm z')).toBe('01:30 EST');
    // "Today" differs by zone near midnight
    const late = new Date('2026-03-03T03:00:00Z');
    expect(U.formatDate(late, 'America/New_York', 'yyyy-MM-dd')).toBe('2026-03-02');
    expect(U.formatDate(late, 'Europe/London', 'yyyy-MM-dd')).toBe('2026-03-03');
  });
});

describe('Utilities.parseCsv (RFC 4180)', () => {
  const { g } = setup();
  const U = g.Utilities;
  test('quoted fields, escaped quotes, line breaks in quotes, CRLF, empty fields', () => {
    expect(U.parseCsv('a,b\r\n1,"x, y"\n"say ""hi""",\n"multi\nline",z')).toEqual([
      ['a', 'b'],
      ['1', 'x, y'],
      ['say "hi"', ''],
      ['multi\nline', 'z'],
    ]);
    expect(U.parseCsv('a,b\n')).toEqual([['a', 'b']]);
    expect(U.parseCsv('')).toEqual([]);
    expect(U.parseCsv('a;b;"c;d"', ';')).toEqual([['a', 'b', 'c;d']]);
    expect(U.parseCsv('#AbC+/=,0012')).toEqual([['#AbC+/=', '0012']]);
    expect(() => U.parseCsv('"unterminated')).toThrow();
  });
});

describe('Utilities misc', () => {
  test('sleep advances the emulator clock; uuid; base64; digest', () => {
    const { g, emu } = setup();
    const before = emu.clock.now().getTime();
    g.Utilities.sleep(1500);
    expect(emu.clock.now().getTime() - before).toBe(1500);
    expect(new g.Date().getTime()).toBe(before + 1500);
    expect(g.Utilities.getUuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(g.Utilities.base64Encode('hé')).toBe('aMOp');
    expect(g.Utilities.base64Decode('aMOp')).toEqual([104, -61, -87]);
    expect(g.Utilities.computeDigest(g.Utilities.DigestAlgorithm.MD5, 'abc').length).toBe(16);
  });
});
