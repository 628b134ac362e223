/**
 * Zones whose daylight-saving change happens at midnight: the start of a day
 * is the first instant whose wall-clock date is that day (01:00 when 00:00 is
 * skipped, the first 00:00 when it happens twice). The reference is the tz
 * database as Node's Intl reads it (packages/gas-emulator/src/tz.ts).
 */
import { type ZoneInstant, addDays, startOfDay, utcMsToYmd, ymdToDayNumber } from '../../src/core/ledger/dates';
import { instantToWall, tzOffsetMs, wallToInstant } from '@spark-ledger/gas-emulator';
import { column, liveRecord, runAt, setup } from './helpers';

const MINUTE = 60000;
const HOUR = 3600000;
const DAY = 86400000;
const QUARTER = 15 * MINUTE;
const SANTIAGO = 'America/Santiago';

/**
 * Reference: the first instant whose wall-clock date in `tz` is `ymd`, by
 * walking the zone's readings a quarter hour at a time (tzOffsetMs reads the
 * tz database once per quarter hour; every change in these zones is on one).
 */
function referenceStart(tz: string, ymd: string): number {
  const d0 = ymdToDayNumber(ymd) * DAY;
  for (let b = d0 - 15 * HOUR; b < d0 + 15 * HOUR; b += QUARTER) {
    const off = tzOffsetMs(tz, b);
    // This quarter hour shows the clocks from b + off to b + QUARTER + off.
    if (b + QUARTER + off > d0) return Math.max(b, d0 - off);
  }
  throw new Error(`no start for ${ymd} in ${tz}`);
}

/** Instants in [from, to) where `tz` changes its offset. */
function switches(tz: string, from: number, to: number): { at: number; before: number; after: number }[] {
  const out: { at: number; before: number; after: number }[] = [];
  let prev = tzOffsetMs(tz, from);
  for (let t = from; t < to; t += QUARTER) {
    const o = tzOffsetMs(tz, t);
    if (o !== prev) out.push({ at: t, before: prev, after: o });
    prev = o;
  }
  return out;
}

const iso = (ms: number) => new Date(ms).toISOString();
/** The instant the clocks in `tz` read the given wall time (the first one, when it happens twice). */
const local = (tz: string, y: number, mo: number, d: number, h: number, mi = 0, s = 0) =>
  wallToInstant(tz, Date.UTC(y, mo - 1, d, h, mi, s));
const wallYmd = (tz: string, ms: number) => utcMsToYmd(instantToWall(tz, ms));

function days(fromYmd: string, toYmd: string): string[] {
  const out: string[] = [];
  for (let d = fromYmd; d <= toYmd; d = addDays(d, 1)) out.push(d);
  return out;
}

/** offsetAt as the server builds it from formatDate 'Z' (minutes east), counting calls. */
function zoneReader(tz: string) {
  const reader = {
    calls: 0,
    offsetAt: (ms: number): number => {
      reader.calls++;
      return tzOffsetMs(tz, ms) / MINUTE;
    },
  };
  return reader;
}

const at = (tz: string, ms: number): ZoneInstant => ({ ms, offset: tzOffsetMs(tz, ms) / MINUTE });

describe('startOfDay against the tz database, every day of 2026 and 2027', () => {
  const ZONES = [
    'America/Santiago',
    'Asia/Beirut',
    'America/Havana',
    'America/New_York',
    'Europe/Berlin',
    'Pacific/Auckland',
    'Australia/Lord_Howe',
  ];
  const ALL_DAYS = days('2026-01-01', '2027-12-31');

  it.each(ZONES)('%s: exact with or without a known instant, in few calls', (tz) => {
    let skipped = 0;
    let doubled = 0;
    let maxCalls = 0;
    let chainCalls = 0;
    for (const ymd of ALL_DAYS) {
      const d0 = ymdToDayNumber(ymd) * DAY;
      const ref = referenceStart(tz, ymd);
      const refOffset = tzOffsetMs(tz, ref) / MINUTE;
      // The reference itself: the day has begun at `ref` and not a millisecond before.
      expect(wallYmd(tz, ref)).toBe(ymd);
      expect(wallYmd(tz, ref - 1)).toBe(addDays(ymd, -1));
      const wall = instantToWall(tz, ref);
      if (wall !== d0) {
        // 00:00 skipped: the day begins at the change, the clocks then past midnight.
        skipped++;
        expect(wall).toBeGreaterThan(d0);
        expect(tzOffsetMs(tz, ref - 1)).toBeLessThan(tzOffsetMs(tz, ref));
      } else if ([1, 2, 3, 4, 5, 6, 7, 8].some((q) => instantToWall(tz, ref + q * QUARTER) === d0)) {
        // The clocks read 00:00 again within two hours (they go back to it): `ref` is the first time.
        doubled++;
      }
      const prevRef = referenceStart(tz, addDays(ymd, -1));
      const knowns: [string, ZoneInstant | undefined][] = [
        ['none', undefined],
        ['start of the day before', at(tz, prevRef)],
        ...[1, 6, 12, 18, 23].map((h): [string, ZoneInstant] => [`day before +${h} h`, at(tz, prevRef + h * HOUR)]),
        ['last millisecond of the day before', at(tz, ref - 1)],
        ['mid-January', at(tz, Date.UTC(+ymd.slice(0, 4), 0, 15, 12))],
        ['mid-July', at(tz, Date.UTC(+ymd.slice(0, 4), 6, 15, 12))],
        ['later that day', at(tz, ref + 6 * HOUR)],
        ['a week later', at(tz, ref + 7 * DAY)],
      ];
      for (const [what, known] of knowns) {
        const r = zoneReader(tz);
        const got = startOfDay(ymd, r.offsetAt, known);
        if (got.ms !== ref || got.offset !== refOffset) {
          throw new Error(
            `${tz} ${ymd} known=${what}: got ${iso(got.ms)} ${got.offset}, want ${iso(ref)} ${refOffset}`,
          );
        }
        // Without a known instant one more call finds where to look.
        maxCalls = Math.max(maxCalls, known ? r.calls : r.calls - 1);
        if (what === 'start of the day before') {
          chainCalls += r.calls;
          // Walking day by day: one formatDate call, unless the offset changed since the day before.
          if (tzOffsetMs(tz, prevRef) === tzOffsetMs(tz, ref)) expect(r.calls).toBe(1);
          else expect(r.calls).toBeLessThanOrEqual(3);
        }
      }
    }
    expect(maxCalls).toBeLessThanOrEqual(5);
    // Four changes in two years, each costing at most 2 extra calls on the day after.
    expect(chainCalls).toBeLessThanOrEqual(ALL_DAYS.length + 8);
    const midnightZone = ['America/Santiago', 'Asia/Beirut', 'America/Havana'].includes(tz);
    // One skipped 00:00 a year where DST starts at midnight; Havana's ends at 01:00, back to 00:00.
    expect(skipped).toBe(midnightZone ? 2 : 0);
    expect(doubled).toBe(tz === 'America/Havana' ? 2 : 0);
  });

  it('the switch days: the start and the offset then', () => {
    const cases: [string, string, string, number][] = [
      // zone, day, start (UTC), offset then (minutes)
      [SANTIAGO, '2026-09-06', '2026-09-06T04:00:00.000Z', -180], // 00:00 -04 skipped: begins 01:00 -03
      [SANTIAGO, '2026-04-05', '2026-04-05T04:00:00.000Z', -240], // 23:00-24:00 on 4 April twice; 5 April at 00:00 -04
      [SANTIAGO, '2026-04-04', '2026-04-04T03:00:00.000Z', -180],
      [SANTIAGO, '2027-09-05', '2027-09-05T04:00:00.000Z', -180],
      ['Asia/Beirut', '2026-03-29', '2026-03-28T22:00:00.000Z', 180], // begins 01:00 +03
      ['Asia/Beirut', '2026-10-25', '2026-10-24T22:00:00.000Z', 120],
      ['America/Havana', '2026-03-08', '2026-03-08T05:00:00.000Z', -240], // begins 01:00 -04
      ['America/Havana', '2026-11-01', '2026-11-01T04:00:00.000Z', -240], // the first of two 00:00s
      ['America/New_York', '2026-03-08', '2026-03-08T05:00:00.000Z', -300],
      ['America/New_York', '2026-03-09', '2026-03-09T04:00:00.000Z', -240],
      ['Pacific/Auckland', '2026-04-05', '2026-04-04T11:00:00.000Z', 780],
    ];
    for (const [tz, ymd, start, offset] of cases) {
      expect(iso(referenceStart(tz, ymd))).toBe(start);
      const got = startOfDay(ymd, zoneReader(tz).offsetAt);
      expect([tz, ymd, iso(got.ms), got.offset]).toEqual([tz, ymd, start, offset]);
    }
  });

  it('America/Asuncion, which changed at midnight until 2024', () => {
    const tz = 'America/Asuncion';
    const list = days('2023-01-01', '2024-12-31');
    let skipped = 0;
    for (const ymd of list) {
      const ref = referenceStart(tz, ymd);
      if (instantToWall(tz, ref) !== ymdToDayNumber(ymd) * DAY) skipped++;
      for (const known of [undefined, at(tz, referenceStart(tz, addDays(ymd, -1))), at(tz, ref - 1)]) {
        const got = startOfDay(ymd, zoneReader(tz).offsetAt, known);
        expect([ymd, iso(got.ms)]).toEqual([ymd, iso(ref)]);
      }
    }
    expect(skipped).toBe(2); // 2023-10-01 and 2024-10-06
  });

  describe('made-up zones', () => {
    /** Offset `before` until `change`, then `after` (minutes east). */
    const oneChange = (change: number, before: number, after: number) => {
      const r = {
        calls: 0,
        offsetAt: (ms: number) => {
          r.calls++;
          return ms < change ? before : after;
        },
      };
      return r;
    };

    it('a skipped hour from 23:30 to 00:30: the day begins at the change', () => {
      const change = Date.UTC(2026, 5, 10, 23, 30);
      const ymd = '2026-06-11';
      for (const known of [
        undefined,
        { ms: change - 12 * HOUR, offset: 0 },
        { ms: change - 1, offset: 0 },
        { ms: change + 30 * DAY, offset: 60 },
      ]) {
        const z = oneChange(change, 0, 60);
        expect(startOfDay(ymd, z.offsetAt, known)).toEqual({ ms: change, offset: 60 });
        expect(z.calls).toBeLessThanOrEqual(6 + 28);
      }
      // The days either side are ordinary.
      expect(startOfDay('2026-06-10', oneChange(change, 0, 60).offsetAt)).toEqual({
        ms: Date.UTC(2026, 5, 10),
        offset: 0,
      });
      expect(startOfDay('2026-06-12', oneChange(change, 0, 60).offsetAt)).toEqual({
        ms: Date.UTC(2026, 5, 11, 23),
        offset: 60,
      });
    });

    it('a change at an odd millisecond inside the skipped span is found exactly', () => {
      const change = Date.UTC(2026, 5, 10, 23, 59, 59, 123); // 23:59:59.123 +00 becomes 00:59:59.123 +01
      expect(startOfDay('2026-06-11', oneChange(change, 0, 60).offsetAt)).toEqual({ ms: change, offset: 60 });
    });

    it('a 30-minute change at midnight, forward and back', () => {
      const d0 = Date.UTC(2026, 9, 4);
      // +10:30 becomes +11:00 at 00:00 +10:30: the day begins at 00:30 +11:00.
      const fwd = d0 - 630 * MINUTE;
      expect(startOfDay('2026-10-04', oneChange(fwd, 630, 660).offsetAt, { ms: fwd - 20 * HOUR, offset: 630 })).toEqual(
        { ms: fwd, offset: 660 },
      );
      // +11:00 becomes +10:30 at 00:30 +11:00 (back to 00:00): the first 00:00 is under +11:00.
      const back = d0 - 630 * MINUTE;
      expect(
        startOfDay('2026-10-04', oneChange(back, 660, 630).offsetAt, { ms: back - 20 * HOUR, offset: 660 }),
      ).toEqual({ ms: d0 - 660 * MINUTE, offset: 660 });
    });
  });
});

describe('add-on in America/Santiago, where DST changes at midnight', () => {
  const [fallBack, springForward] = switches(SANTIAGO, Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1));

  it('has the switches the tests assume (reference tz database)', () => {
    // 2026-04-05 00:00 -03 becomes 2026-04-04 23:00 -04; 2026-09-06 00:00 -04 becomes 01:00 -03.
    expect(iso(fallBack.at)).toBe('2026-04-05T03:00:00.000Z');
    expect([fallBack.before, fallBack.after]).toEqual([-3 * HOUR, -4 * HOUR]);
    expect(iso(springForward.at)).toBe('2026-09-06T04:00:00.000Z');
    expect([springForward.before, springForward.after]).toEqual([-4 * HOUR, -3 * HOUR]);
  });

  it('September: a code expiring on the switch day (00:00 skipped) expires at 01:00 local, not an hour early', () => {
    const h = setup([liveRecord(1, '2026-09-06'), liveRecord(2, '2026-09-07')], {
      timeZone: SANTIAGO,
      now: '2026-09-01T12:00:00Z',
    });
    // 23:30 -04 on 5 September: half an hour before the day begins.
    runAt(h, iso(local(SANTIAGO, 2026, 9, 5, 23, 30)));
    expect(column(h, 'Status')).toEqual(['Renewal needed', 'Renewal needed']);
    // 23:59:59 -04, the last second of 5 September.
    runAt(h, iso(springForward.at - 1000));
    expect(column(h, 'Status')).toEqual(['Renewal needed', 'Renewal needed']);
    // The next second the clocks read 01:00:00 -03 on 6 September: the day has begun.
    expect(iso(springForward.at)).toBe(iso(local(SANTIAGO, 2026, 9, 6, 1)));
    runAt(h, iso(springForward.at));
    expect(column(h, 'Status')).toEqual(['Expired', 'Renewal needed']);
  });

  it('April: a code expiring the day after the fall-back (23:00-24:00 happens twice) expires at 00:00 -04', () => {
    const h = setup([liveRecord(1, '2026-04-05'), liveRecord(2, '2026-04-06')], {
      timeZone: SANTIAGO,
      now: '2026-04-01T12:00:00Z',
    });
    // 23:30 on 4 April, first as -03 and then again as -04.
    const first = local(SANTIAGO, 2026, 4, 4, 23, 30);
    expect(iso(first)).toBe('2026-04-05T02:30:00.000Z');
    runAt(h, iso(first));
    expect(column(h, 'Status')).toEqual(['Renewal needed', 'Renewal needed']);
    runAt(h, iso(first + HOUR));
    expect(column(h, 'Status')).toEqual(['Renewal needed', 'Renewal needed']);
    // 23:59:59 -04: still 4 April; 00:00 -04 on 5 April is one second later.
    const dayStart = local(SANTIAGO, 2026, 4, 5, 0);
    expect(iso(dayStart)).toBe('2026-04-05T04:00:00.000Z');
    runAt(h, iso(dayStart - 1000));
    expect(column(h, 'Status')).toEqual(['Renewal needed', 'Renewal needed']);
    runAt(h, iso(local(SANTIAGO, 2026, 4, 5, 1)));
    expect(column(h, 'Status')).toEqual(['Expired', 'Renewal needed']);
  });
});

describe('add-on in the other midnight-switching zones', () => {
  it.each([
    ['Asia/Beirut', '2026-03-29', 'skipped'],
    ['America/Havana', '2026-03-08', 'skipped'],
    ['Asia/Beirut', '2026-10-25', 'after the repeated 23:00'],
    ['America/Havana', '2026-11-01', 'twice'],
  ])('%s: a code expiring on %s (00:00 %s) expires exactly when the day begins', (tz, ymd) => {
    const start = referenceStart(tz, ymd);
    const h = setup([liveRecord(1, ymd), liveRecord(2, addDays(ymd, 1))], { timeZone: tz, now: iso(start - 3 * DAY) });
    for (const before of [90 * MINUTE, 30 * MINUTE, 1000]) {
      runAt(h, iso(start - before));
      expect([iso(start - before), column(h, 'Status')]).toEqual([
        iso(start - before),
        ['Renewal needed', 'Renewal needed'],
      ]);
    }
    runAt(h, iso(start));
    expect(column(h, 'Status')).toEqual(['Expired', 'Renewal needed']);
  });
});
