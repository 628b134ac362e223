/**
 * Time-zone arithmetic with Intl, correct across DST. A "wall" time is the
 * local clock reading in a zone, represented as milliseconds since the epoch
 * as if that reading were UTC.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
/** Per zone, offset by 15-minute bucket; numeric keys keep the hot path of every date cell read cheap. */
const offsetCache = new Map<string, Map<number, number>>();

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      era: 'short',
    });
    formatters.set(tz, f);
  }
  return f;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    formatterFor(tz);
    return true;
  } catch {
    return false;
  }
}

/** Offset (wall - instant) in ms of `tz` at the instant `ms`. */
export function tzOffsetMs(tz: string, ms: number): number {
  if (tz === 'UTC' || tz === 'Etc/UTC' || tz === 'GMT') return 0;
  // Offsets change at most on minute boundaries we care about; cache per 15 minutes.
  const bucket = Math.floor(ms / 900000);
  let byBucket = offsetCache.get(tz);
  if (!byBucket) {
    byBucket = new Map();
    offsetCache.set(tz, byBucket);
  }
  const cached = byBucket.get(bucket);
  if (cached !== undefined) return cached;
  const at = bucket * 900000;
  const parts = formatterFor(tz).formatToParts(new Date(at));
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value);
  let year = get('year');
  if (parts.find((p) => p.type === 'era')?.value === 'BC') year = 1 - year;
  const wall = Date.UTC(year, get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const off = wall - at;
  if (byBucket.size > 200000) byBucket.clear();
  byBucket.set(bucket, off);
  return off;
}

export function instantToWall(tz: string, ms: number): number {
  return ms + tzOffsetMs(tz, ms);
}

/**
 * The instant at which the clocks in `tz` read `wall`. For a wall time that
 * does not exist (spring-forward gap) the pre-transition offset is used, which
 * moves the time forward by the gap, like Google Sheets and java.time do.
 */
export function wallToInstant(tz: string, wall: number): number {
  const o1 = tzOffsetMs(tz, wall - tzOffsetMs(tz, wall));
  const guess = wall - o1;
  const o2 = tzOffsetMs(tz, guess);
  if (o1 === o2) return guess;
  const alt = wall - o2;
  if (tzOffsetMs(tz, alt) === o2) return alt;
  // In a gap: neither offset round-trips. Use the earlier (pre-transition) offset.
  return wall - Math.min(o1, o2);
}

export interface WallParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  weekday: number;
}

export function wallParts(wall: number): WallParts {
  const d = new Date(wall);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    ms: d.getUTCMilliseconds(),
    weekday: d.getUTCDay(),
  };
}

// Building an Intl.DateTimeFormat costs far more than using one; formatDate asks for zone names on every call.
const nameFormatters = new Map<string, Intl.DateTimeFormat>();
function zoneName(tz: string, ms: number, style: 'short' | 'long'): string {
  const key = `${style}|${tz}`;
  let f = nameFormatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: style });
    nameFormatters.set(key, f);
  }
  return f.formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')?.value ?? tz;
}
export function shortZoneName(tz: string, ms: number): string {
  return zoneName(tz, ms, 'short');
}
export function longZoneName(tz: string, ms: number): string {
  return zoneName(tz, ms, 'long');
}
