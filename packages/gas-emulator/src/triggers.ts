/**
 * ScriptApp: installable triggers.
 * https://developers.google.com/apps-script/reference/script/script-app
 * https://developers.google.com/apps-script/reference/script/clock-trigger-builder
 * https://developers.google.com/apps-script/reference/script/spreadsheet-trigger-builder
 * Limit: 20 triggers per user per script
 * (https://developers.google.com/apps-script/guides/services/quotas#current_limitations).
 */
import type { Env } from './env';
import { activeDocument, effectiveUser, gasError, nextSeq } from './env';
import { isValidTimeZone, wallToInstant, instantToWall } from './tz';

export const AuthMode = { NONE: 'NONE', CUSTOM_FUNCTION: 'CUSTOM_FUNCTION', LIMITED: 'LIMITED', FULL: 'FULL' } as const;
export const EventType = {
  CLOCK: 'CLOCK',
  ON_OPEN: 'ON_OPEN',
  ON_EDIT: 'ON_EDIT',
  ON_FORM_SUBMIT: 'ON_FORM_SUBMIT',
  ON_CHANGE: 'ON_CHANGE',
  ON_EVENT_UPDATED: 'ON_EVENT_UPDATED',
} as const;
export const TriggerSource = {
  SPREADSHEETS: 'SPREADSHEETS',
  CLOCK: 'CLOCK',
  FORMS: 'FORMS',
  DOCUMENTS: 'DOCUMENTS',
  CALENDAR: 'CALENDAR',
} as const;
export const WeekDay = {
  MONDAY: 'MONDAY',
  TUESDAY: 'TUESDAY',
  WEDNESDAY: 'WEDNESDAY',
  THURSDAY: 'THURSDAY',
  FRIDAY: 'FRIDAY',
  SATURDAY: 'SATURDAY',
  SUNDAY: 'SUNDAY',
} as const;

export const MAX_TRIGGERS = 20;

export class FakeTrigger {
  static gasName = 'Trigger';
  id = '';
  handlerFunction = '';
  eventType: string = 'CLOCK';
  triggerSource: string = 'CLOCK';
  triggerSourceId: string | null = null;
  /** Clock triggers: the schedule as built. */
  hour?: number;
  minute?: number;
  everyDays?: number;
  everyHours?: number;
  everyMinutes?: number;
  everyWeeks?: number;
  weekDay?: string;
  timeZone?: string;
  at?: string; // ISO instant for one-off triggers
  user = '';
  /** The document the trigger was created in (an add-on's triggers are per user and per document). */
  documentId: string | null = null;
  getUniqueId(): string {
    return this.id;
  }
  getHandlerFunction(): string {
    return this.handlerFunction;
  }
  getEventType(): string {
    return this.eventType;
  }
  getTriggerSource(): string {
    return this.triggerSource;
  }
  getTriggerSourceId(): string | null {
    return this.triggerSourceId;
  }
}

export class FakeClockTriggerBuilder {
  static gasName = 'ClockTriggerBuilder';
  constructor(
    private readonly env: Env,
    private readonly t: FakeTrigger,
    private readonly add: (t: FakeTrigger) => FakeTrigger,
  ) {}
  // https://developers.google.com/apps-script/reference/script/clock-trigger-builder#atHour(Integer)
  atHour(hour: number): this {
    if (!Number.isInteger(hour) || hour < 0 || hour > 23)
      throw gasError(this.env, 'The hour must be an integer between 0 and 23.');
    this.t.hour = hour;
    return this;
  }
  nearMinute(minute: number): this {
    this.t.minute = minute;
    return this;
  }
  everyDays(n: number): this {
    this.t.everyDays = n;
    return this;
  }
  // https://developers.google.com/apps-script/reference/script/clock-trigger-builder#everyHours(Integer)
  everyHours(n: number): this {
    if (![1, 2, 4, 6, 8, 12].includes(n)) throw gasError(this.env, 'The number of hours must be 1, 2, 4, 6, 8 or 12.');
    this.t.everyHours = n;
    return this;
  }
  everyMinutes(n: number): this {
    if (![1, 5, 10, 15, 30].includes(n)) throw gasError(this.env, 'The number of minutes must be 1, 5, 10, 15 or 30.');
    this.t.everyMinutes = n;
    return this;
  }
  everyWeeks(n: number): this {
    this.t.everyWeeks = n;
    return this;
  }
  onWeekDay(day: string): this {
    this.t.weekDay = String(day);
    return this;
  }
  onMonthDay(): this {
    return this;
  }
  // https://developers.google.com/apps-script/reference/script/clock-trigger-builder#inTimezone(String)
  inTimezone(tz: string): this {
    if (!isValidTimeZone(String(tz))) throw gasError(this.env, `Invalid argument: timezone`);
    this.t.timeZone = String(tz);
    return this;
  }
  at(date: Date): this {
    this.t.at = new Date(date.getTime()).toISOString();
    return this;
  }
  after(ms: number): this {
    this.t.at = new Date(this.env.clock.nowMs() + ms).toISOString();
    return this;
  }
  create(): FakeTrigger {
    const t = this.t;
    if (
      t.at === undefined &&
      t.everyDays === undefined &&
      t.everyHours === undefined &&
      t.everyMinutes === undefined &&
      t.everyWeeks === undefined
    ) {
      throw gasError(this.env, 'Clock triggers must have a recurrence or a specific time set.');
    }
    // Emulator choice (stricter than documented): atHour only makes sense with a daily/weekly recurrence.
    if (t.hour !== undefined && t.everyDays === undefined && t.everyWeeks === undefined) {
      throw gasError(this.env, 'The atHour() method requires everyDays() or everyWeeks().');
    }
    t.timeZone = t.timeZone ?? this.env.scriptTimeZone;
    return this.add(t);
  }
}

export class FakeSpreadsheetTriggerBuilder {
  static gasName = 'SpreadsheetTriggerBuilder';
  constructor(
    private readonly t: FakeTrigger,
    private readonly add: (t: FakeTrigger) => FakeTrigger,
  ) {}
  onOpen(): this {
    this.t.eventType = 'ON_OPEN';
    return this;
  }
  onEdit(): this {
    this.t.eventType = 'ON_EDIT';
    return this;
  }
  onChange(): this {
    this.t.eventType = 'ON_CHANGE';
    return this;
  }
  onFormSubmit(): this {
    this.t.eventType = 'ON_FORM_SUBMIT';
    return this;
  }
  create(): FakeTrigger {
    return this.add(this.t);
  }
}

export class FakeTriggerBuilder {
  static gasName = 'TriggerBuilder';
  constructor(
    private readonly env: Env,
    private readonly t: FakeTrigger,
    private readonly add: (t: FakeTrigger) => FakeTrigger,
  ) {}
  timeBased(): FakeClockTriggerBuilder {
    this.t.eventType = 'CLOCK';
    this.t.triggerSource = 'CLOCK';
    return new FakeClockTriggerBuilder(this.env, this.t, this.add);
  }
  forSpreadsheet(ss: unknown): FakeSpreadsheetTriggerBuilder {
    this.t.triggerSource = 'SPREADSHEETS';
    this.t.eventType = 'ON_OPEN';
    this.t.triggerSourceId = typeof ss === 'string' ? ss : String((ss as { getId(): string }).getId());
    return new FakeSpreadsheetTriggerBuilder(this.t, this.add);
  }
}

export class FakeScriptApp {
  static gasName = 'ScriptApp';
  readonly AuthMode = AuthMode;
  readonly EventType = EventType;
  readonly TriggerSource = TriggerSource;
  readonly WeekDay = WeekDay;
  readonly AuthorizationStatus = { REQUIRED: 'REQUIRED', NOT_REQUIRED: 'NOT_REQUIRED' };
  constructor(
    private readonly env: Env,
    readonly triggers: FakeTrigger[],
  ) {}
  private add = (t: FakeTrigger): FakeTrigger => {
    const owner = effectiveUser(this.env);
    // https://developers.google.com/apps-script/guides/services/quotas#current_limitations (Triggers: 20 / user / script)
    if (this.triggers.filter((x) => x.user === owner).length >= MAX_TRIGGERS) {
      throw gasError(
        this.env,
        'This script has too many triggers. Triggers must be deleted from the script before more can be added.',
      );
    }
    const doc = activeDocument(this.env);
    if (this.env.rules.deployment === 'addon') {
      // https://developers.google.com/workspace/add-ons/concepts/editor-triggers#restrictions
      // "Each add-on can only have one trigger of each type, per user, per document", and
      // time-driven triggers "cannot run more frequently than once per hour". The
      // wording of these errors is the emulator's own: Google's is undocumented.
      if (t.eventType === 'CLOCK' && t.everyMinutes !== undefined) {
        throw gasError(this.env, 'Add-on time-driven triggers cannot run more often than once an hour.');
      }
      const docId = t.triggerSourceId ?? doc?.id ?? null;
      const kind = (x: FakeTrigger) => (x.eventType === 'CLOCK' ? 'CLOCK' : x.eventType);
      if (
        this.triggers.some(
          (x) => x.user === owner && (x.triggerSourceId ?? x.documentId) === docId && kind(x) === kind(t),
        )
      ) {
        throw gasError(this.env, 'An add-on can have only one trigger of each type per user per document.');
      }
    }
    t.id = String(1000000 + nextSeq(this.env, 'trigger'));
    t.user = owner;
    t.documentId = t.triggerSourceId ?? doc?.id ?? null;
    this.triggers.push(t);
    return t;
  };
  newTrigger(functionName: string): FakeTriggerBuilder {
    const t = new FakeTrigger();
    t.handlerFunction = String(functionName);
    return new FakeTriggerBuilder(this.env, t, this.add);
  }
  // https://developers.google.com/apps-script/reference/script/script-app#getProjectTriggers()
  // The current user's triggers of the whole project: in an add-on, across every document.
  getProjectTriggers(): FakeTrigger[] {
    const owner = effectiveUser(this.env);
    return this.triggers.filter((t) => t.user === owner);
  }
  // https://developers.google.com/apps-script/reference/script/script-app#getUserTriggers(Spreadsheet)
  // The user's triggers in that spreadsheet. Whether time-driven triggers
  // created there are listed is the rules' clockTriggersPerDocument (a guess).
  getUserTriggers(ss: unknown): FakeTrigger[] {
    const id = typeof ss === 'string' ? ss : String((ss as { getId(): string }).getId());
    const owner = effectiveUser(this.env);
    return this.triggers.filter((t) => {
      if (t.user !== owner) return false;
      if (t.triggerSource === 'CLOCK') return this.env.rules.clockTriggersPerDocument && t.documentId === id;
      return t.triggerSourceId === id;
    });
  }
  // https://developers.google.com/apps-script/reference/script/script-app#deleteTrigger(Trigger)
  // Only the owner's triggers are reachable; deleting another user's is refused.
  deleteTrigger(trigger: FakeTrigger): void {
    const i = this.triggers.findIndex((t) => t.id === trigger.id);
    if (i < 0) return;
    if (this.triggers[i].user !== effectiveUser(this.env))
      throw gasError(this.env, 'You do not have permission to delete this trigger.');
    this.triggers.splice(i, 1);
  }
  getOAuthToken(): string {
    return 'ya29.fake-oauth-token';
  }
  getScriptId(): string {
    return '1FakeScriptIdForTheEmulator';
  }
  getService(): { getUrl(): string } {
    return { getUrl: () => 'https://script.google.com/macros/s/fake/exec' };
  }
  getAuthorizationInfo(): { getAuthorizationStatus(): string; getAuthorizationUrl(): null } {
    return { getAuthorizationStatus: () => 'NOT_REQUIRED', getAuthorizationUrl: () => null };
  }
  invalidateAuth(): void {
    /* no-op */
  }
}

const HOUR = 3600000;
const DAY = 24 * HOUR;

/**
 * Clock triggers that would fire in (from, to]. Daily triggers fire at
 * atHour:nearMinute (minute 0 if unset) wall time in their zone (Google picks a
 * time within that hour; the emulator uses the exact minute). everyDays > 1 is
 * treated as daily; hourly/minutely triggers fire on multiples of their period.
 */
export function dueTimeTriggers(triggers: FakeTrigger[], from: Date, to: Date): FakeTrigger[] {
  const a = from.getTime(),
    b = to.getTime();
  const due: FakeTrigger[] = [];
  for (const t of triggers) {
    if (t.eventType !== 'CLOCK') continue;
    const tz = t.timeZone ?? 'UTC';
    if (t.at !== undefined) {
      const at = Date.parse(t.at);
      if (at > a && at <= b) due.push(t);
      continue;
    }
    if (t.everyHours !== undefined || t.everyMinutes !== undefined) {
      const period = t.everyHours !== undefined ? t.everyHours * HOUR : (t.everyMinutes as number) * 60000;
      if (Math.floor(b / period) > Math.floor(a / period)) due.push(t);
      continue;
    }
    const hour = t.hour ?? 0;
    const minute = t.minute ?? 0;
    const startDay = Math.floor(instantToWall(tz, a) / DAY) * DAY;
    const endDay = Math.floor(instantToWall(tz, b) / DAY) * DAY;
    for (let day = startDay; day <= endDay; day += DAY) {
      if (
        t.weekDay !== undefined &&
        ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'][new Date(day).getUTCDay()] !==
          t.weekDay
      )
        continue;
      const at = wallToInstant(tz, day + hour * HOUR + minute * 60000);
      if (at > a && at <= b) {
        due.push(t);
        break;
      }
    }
  }
  return due;
}
