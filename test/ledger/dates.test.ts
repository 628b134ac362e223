/**
 * Date cells read back as the calendar day they show in the spreadsheet's
 * zone: dates (midnight) and dates with a time of day, in zones far from UTC
 * and across their clock changes.
 */
import fc from 'fast-check';
import { type ZoneOffsets, addDays, dateCellToYmd } from '../../src/core/ledger/dates';
import { tzOffsetMs, wallToInstant } from '@spark-ledger/gas-emulator';
import { startAddon } from '../support/addon';
import { requestInput, seedSettings, videoUrl } from '../support/fixtures';

const MIN = 60000;
const DAY = 86400000;

/** The offsets as the server builds them (env.offsets): now, mid-January and mid-July of this year, with offsetAt; `asked` counts offsetAt calls. */
function zoneOffsets(tz: string, nowIso: string): { offsets: ZoneOffsets; asked: () => number } {
  const at = (ms: number) => Math.round(tzOffsetMs(tz, ms) / MIN);
  const now = Date.parse(nowIso);
  const year = new Date(now).getUTCFullYear();
  const list = [at(now), at(Date.UTC(year, 0, 15, 12)), at(Date.UTC(year, 6, 15, 12))];
  let n = 0;
  const offsetAt = (ms: number) => {
    n++;
    return at(ms);
  };
  return {
    offsets: Object.assign(
      list.filter((o, i) => list.indexOf(o) === i),
      { offsetAt },
    ),
    asked: () => n,
  };
}

/** The Date getValues returns for a cell holding `ymd` at `hh:mm` in `tz` (the emulator's conversion: java.time's, past a gap). */
function cell(tz: string, ymd: string, hh: number, mm: number): Date {
  const [y, m, d] = ymd.split('-').map(Number);
  return new Date(wallToInstant(tz, Date.UTC(y, m - 1, d, hh, mm)));
}

const ZONES = [
  'Pacific/Auckland',
  'America/Santiago',
  'Asia/Kolkata',
  'America/Los_Angeles',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'America/St_Johns',
  'Europe/London',
];
/** "Now" in each season, so the current offset is sometimes the other one. */
const NOWS = ['2026-03-02T15:00:00Z', '2026-07-20T03:00:00Z', '2026-10-31T23:00:00Z'];

describe('dateCellToYmd', () => {
  it('gives the day a date-time cell shows, at 23:30 and 00:30, all year and in any season', () => {
    for (const tz of ZONES) {
      for (const now of NOWS) {
        const { offsets } = zoneOffsets(tz, now);
        for (let day = 0; day < 365; day += 3) {
          const ymd = addDays('2026-01-01', day);
          for (const [hh, mm] of [
            [23, 30],
            [0, 30],
            [23, 59],
            [0, 1],
            [22, 0],
            [12, 0],
          ]) {
            const at = cell(tz, ymd, hh, mm);
            const got = dateCellToYmd(at, offsets);
            // Lord Howe changes by 30 minutes: its winter 23:30 is summer's midnight, read as a date (see dateCellToYmd).
            const isSummerMidnight = offsets.some((o) => (at.getTime() + o * MIN) % DAY === 0);
            if (got !== ymd && !isSummerMidnight)
              throw new Error(`${tz}, now ${now}: ${ymd} ${hh}:${mm} read as ${got}`);
          }
        }
      }
    }
  });

  it('examples: a July evening in Auckland and a summer night in Los Angeles read in March', () => {
    const nz = zoneOffsets('Pacific/Auckland', '2026-03-02T15:00:00Z').offsets; // NZDT (+13) now, NZST (+12) in July
    expect(dateCellToYmd(new Date('2026-07-05T11:30:00Z'), nz)).toBe('2026-07-05'); // 23:30 NZST
    expect(dateCellToYmd(new Date('2026-03-05T10:30:00Z'), nz)).toBe('2026-03-05'); // 23:30 NZDT
    const la = zoneOffsets('America/Los_Angeles', '2026-03-02T15:00:00Z').offsets; // PST now
    expect(dateCellToYmd(new Date('2026-07-05T07:30:00Z'), la)).toBe('2026-07-05'); // 00:30 PDT
    expect(dateCellToYmd(new Date('2026-07-06T06:30:00Z'), la)).toBe('2026-07-05'); // 23:30 PDT
    const kolkata = zoneOffsets('Asia/Kolkata', '2026-03-02T15:00:00Z').offsets;
    expect(dateCellToYmd(new Date('2026-03-05T18:00:00Z'), kolkata)).toBe('2026-03-05'); // 23:30 IST
    expect(dateCellToYmd(new Date('2026-03-05T19:00:00Z'), kolkata)).toBe('2026-03-06'); // 00:30 IST
  });

  it('reads the night the clocks go back, whose 23:00 to 24:00 happens twice, as that day', () => {
    // Santiago goes back from 24:00 to 23:00 on 4 April 2026: 23:30 is 02:30 and 03:30 UTC.
    for (const now of NOWS) {
      const { offsets } = zoneOffsets('America/Santiago', now);
      expect(dateCellToYmd(new Date('2026-04-05T02:30:00Z'), offsets)).toBe('2026-04-04');
      expect(dateCellToYmd(new Date('2026-04-05T03:30:00Z'), offsets)).toBe('2026-04-04');
      expect(dateCellToYmd(new Date('2026-04-05T04:30:00Z'), offsets)).toBe('2026-04-05'); // 00:30
    }
  });

  it('reads a date whose midnight the clocks skip as that date, whichever instant Google gives', () => {
    // Santiago skips 6 September 2026 00:00 (23:59 is followed by 01:00).
    for (const now of NOWS) {
      const { offsets } = zoneOffsets('America/Santiago', now);
      // Moved past the gap (01:00, -03:00), as java.time does...
      expect(dateCellToYmd(new Date('2026-09-06T04:00:00Z'), offsets)).toBe('2026-09-06');
      // ...or 00:00 at the new offset, which the old one still in force shows as 23:00 the evening before.
      expect(dateCellToYmd(new Date('2026-09-06T03:00:00Z'), offsets)).toBe('2026-09-06');
      // The evening before, with a time that is not that instant, stays the evening before.
      expect(dateCellToYmd(new Date('2026-09-06T03:30:00Z'), offsets)).toBe('2026-09-05');
    }
  });

  it('reads dates from years when the zone kept other hours', () => {
    // Mexico City kept summer time (-05:00) until 2022; this year it is -06:00 all year.
    const mx = zoneOffsets('America/Mexico_City', '2026-03-02T15:00:00Z').offsets;
    expect(mx.slice()).toEqual([-360]);
    expect(dateCellToYmd(cell('America/Mexico_City', '2021-07-10', 0, 0), mx)).toBe('2021-07-10');
    expect(dateCellToYmd(cell('America/Mexico_City', '2021-07-10', 23, 30), mx)).toBe('2021-07-10');
  });

  it('reads plain dates and midday times without asking for the offset', () => {
    for (const tz of ZONES) {
      const { offsets, asked } = zoneOffsets(tz, '2026-03-02T15:00:00Z');
      for (let day = 0; day < 365; day++) {
        const ymd = addDays('2026-01-01', day);
        expect(dateCellToYmd(cell(tz, ymd, 0, 0), offsets)).toBe(ymd);
        expect(dateCellToYmd(cell(tz, ymd, 12, 0), offsets)).toBe(ymd);
      }
      // A year of dates and noons costs nothing, skipped midnights included (their 01:00 is midnight under the old offset).
      expect(asked()).toBe(0);
    }
  });

  it('holds for any instant: the day is the wall-clock day in the zone', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.constantFrom(...NOWS),
        fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2028, 0, 1) }),
        (tz, now, ms) => {
          const { offsets } = zoneOffsets(tz, now);
          const wall = ms + tzOffsetMs(tz, ms);
          const want = new Date(Math.floor(wall / DAY) * DAY).toISOString().slice(0, 10);
          const got = dateCellToYmd(new Date(ms), offsets);
          // The one reading that is not the wall day: an instant that lands exactly on a midnight
          // under another of the zone's offsets is a date, not a time (see dateCellToYmd).
          if (got !== want) expect(offsets.some((o) => (ms + o * MIN) % DAY === 0)).toBe(true);
        },
      ),
      { numRuns: 20000 },
    );
  });

  it('keeps plain offsets working for callers without offsetAt', () => {
    expect(dateCellToYmd(new Date('2026-03-04T11:00:00Z'), [780, 720])).toBe('2026-03-05');
    expect(dateCellToYmd('2026-03-05', [0])).toBe('2026-03-05');
    expect(dateCellToYmd('', [0])).toBe('');
  });
});

describe('date cells with a time of day, through the add-on', () => {
  function typed(tz: string, now: string, text: string): unknown {
    const h = startAddon({ timeZone: tz, now });
    seedSettings(h.emu);
    expect(h.addon.requestCode(requestInput(1)).ok).toBe(true);
    const sheet = h.emu.sheet('Ledger');
    const headers = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0].map(String);
    const col = headers.indexOf('Usage rights until') + 1;
    // A person types a date and a time into the date column.
    sheet.getRange(2, col).setValues([[text]]);
    expect(Object.prototype.toString.call(sheet.getRange(2, col).getValues()[0][0])).toBe('[object Date]');
    return h.addon.getRecord(videoUrl(1)).usageUntil;
  }

  it('reads the day the cell shows in the spreadsheet zone, in another season than now', () => {
    expect(typed('Pacific/Auckland', '2026-03-02T15:00:00Z', '2026-07-05 23:30')).toBe('2026-07-05');
    expect(typed('America/Los_Angeles', '2026-03-02T15:00:00Z', '2026-07-05 00:30')).toBe('2026-07-05');
    expect(typed('America/Santiago', '2026-07-20T03:00:00Z', '2026-01-10 23:30')).toBe('2026-01-10');
    expect(typed('Asia/Kolkata', '2026-03-02T15:00:00Z', '2026-03-05 23:30')).toBe('2026-03-05');
  });
});
