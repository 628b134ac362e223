/**
 * The emulator clock. Everything that asks "what time is it" inside the sandbox
 * (new Date(), Date.now(), Utilities.sleep, lock timeouts, mail quota windows)
 * reads this clock, so tests are deterministic.
 */
export class Clock {
  private ms: number;
  constructor(initial: Date | string | number) {
    this.ms = toMs(initial);
  }
  nowMs(): number {
    return this.ms;
  }
  now(): Date {
    return new Date(this.ms);
  }
  set(d: Date | string | number): void {
    this.ms = toMs(d);
  }
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error('clock.advance needs a non-negative number of milliseconds');
    this.ms += ms;
  }
}

export function toMs(d: Date | string | number): number {
  const ms = d instanceof Date ? d.getTime() : typeof d === 'number' ? d : Date.parse(d);
  if (!Number.isFinite(ms)) throw new Error(`Invalid date for the emulator clock: ${String(d)}`);
  return ms;
}

export function isDateLike(v: unknown): v is Date {
  // Cross-realm safe: Dates created inside a vm sandbox fail `instanceof Date`.
  return Object.prototype.toString.call(v) === '[object Date]';
}

export type ClockDateConstructor = DateConstructor;

/**
 * A Date class from this (outer) realm whose no-argument constructor and
 * Date.now() read the emulator clock. Any outer-realm Date passes
 * `instanceof ClockDate`, so values the emulator hands out satisfy
 * `x instanceof Date` inside the sandbox, where `Date` is this class.
 */
export function makeClockDate(clock: Clock): DateConstructor {
  class ClockDate extends Date {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(clock.nowMs());
      else super(...(args as [string]));
    }
    static now(): number {
      return clock.nowMs();
    }
    static [Symbol.hasInstance](v: unknown): boolean {
      return isDateLike(v);
    }
  }
  // Calling Date() without `new` returns the current time as a string.
  const callable = new Proxy(ClockDate, {
    apply: () => new Date(clock.nowMs()).toString(),
  });
  return callable as unknown as DateConstructor;
}
