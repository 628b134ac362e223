/**
 * The daily alert trigger (docs/product.md §6): installing, finding and removing it, the
 * menu state read from it, and the menu items that turn alerts on and off.
 * The check the trigger runs lives in expiry/check.ts.
 *
 * Ownership. An installable trigger runs as the person who created it, and no
 * other account can see it
 * (https://developers.google.com/apps-script/guides/triggers/installable#restrictions).
 * So the spreadsheet keeps a record of the one trigger that is current: its
 * id, hour, time zone and owner. Only the owner's account can confirm that
 * trigger still exists; everyone else sees "as recorded". Only the owner
 * turns alerts off; anyone else must take them over first, which installs
 * their own trigger and records it. A trigger that is not the recorded one
 * removes itself the next time it fires (staleTrigger), so an owner's
 * trigger stops once someone took over, without anyone touching it.
 *
 * Where the record lives. Script properties, one key per spreadsheet id:
 * "shared among all users of a script, add-on, or web app"
 * (https://developers.google.com/apps-script/guides/properties). Document
 * properties would be the natural home, but they exist only where the
 * script runs in the document (getDocumentProperties returns null otherwise,
 * https://developers.google.com/apps-script/reference/properties/properties-service#getDocumentProperties()),
 * and whether an add-on's time-driven run has its document is not documented
 * (docs/runtime.md): the old owner's trigger could then not tell that it was
 * replaced, and both would send the digests. Earlier versions kept the record
 * in document properties; it is still read there until the next change moves it.
 *
 * Crash safety. Every change is ordered so that a failure at any call leaves
 * either the old trigger recorded and working or the new one recorded, and
 * the record never names a trigger that was deleted:
 *   on:  create the new trigger, record it, then delete the old ones (an
 *        unrecorded trigger steps down on its first run);
 *   off: record "off", then delete (a leftover steps down on its first run).
 * An Editor add-on may hold only one time-driven trigger per user and
 * document (https://developers.google.com/workspace/add-ons/concepts/editor-triggers#restrictions),
 * so when creating fails while this user has one here, the old one must go
 * first: the record says "off" before it is deleted, and after a failure the
 * record is settled on whatever trigger of this user is left, or the old one
 * is re-created.
 */
import { type DailyAlertsState, hourText } from '../../core/setup/menu';
import { type CheckMark, parseMark } from '../../core/ledger/resume';
import type { AuditEntry } from '../../core/ledger/sheets';
import { type Env, UNKNOWN_USER, envFor, openEnv } from '../ledger/env';
import { withDocumentLock } from '../ledger/lock';
import { appendAudit } from '../ledger/logs';
import { readSettings } from '../ledger/settingsSheet';
import { keepUserCopy, readConnection } from '../connect/connection';

type Properties = GoogleAppsScript.Properties.Properties;
type Trigger = GoogleAppsScript.Script.Trigger;
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

export const HANDLER = 'runExpiryCheck';
/** Script property holding a spreadsheet's record, followed by its id. */
const RECORD_KEY = 'sparkLedger.dailyAlerts.';
/** The document property earlier versions kept the record in. */
const LEGACY_KEY = 'sparkLedger.dailyAlerts';
/** What the record says once alerts were turned off (kept, so a trigger that did not hear of it yet steps down). */
const OFF = '{"off":true}';
/** User property naming the spreadsheet a trigger serves: a time-driven run of an add-on may have no active spreadsheet. */
const TRIGGER_SHEET_KEY = 'sparkLedger.alertTrigger.';

export interface DailyAlertsConfig {
  triggerId: string;
  hour: number;
  timeZone: string;
  by: string;
  /** The trigger fires every hour (this version's); absent for the daily triggers of earlier versions. */
  hourly?: boolean;
}

/** What enableDailyAlerts and disableDailyAlerts report (docs/api.md: `{ enabled, hour }` and more). */
export interface DailyAlertsResult {
  enabled: boolean;
  hour: number;
  /** Whose trigger runs the check; '' when off. */
  by: string;
  /** Whether that trigger is the caller's own. */
  mine: boolean;
  /** Whether this call changed anything. */
  changed: boolean;
  /** A takeover: whose trigger this call replaced. */
  takenOverFrom?: string;
  /** The change was made but its Audit line could not be written. */
  auditFailed?: string;
}

type Channel = 'menu' | 'sidebar';

function parseConfig(text: string | null | undefined): DailyAlertsConfig | null {
  if (!text) return null;
  try {
    const c = JSON.parse(text) as DailyAlertsConfig;
    return c && typeof c.triggerId === 'string' && c.triggerId !== '' ? c : null;
  } catch (_) {
    return null;
  }
}

interface Stored {
  config: DailyAlertsConfig | null;
  /** false only when neither store could be read: an add-on's trigger run before this version recorded anything. */
  known: boolean;
  /** Whether the record is in script properties already. */
  inScript: boolean;
  /** Whether it came from the document property of earlier versions. */
  legacy: boolean;
}

function readRecord(ssId: string, docProps: () => Properties | null): Stored {
  const text = PropertiesService.getScriptProperties().getProperty(RECORD_KEY + ssId);
  if (text !== null) return { config: parseConfig(text), known: true, inScript: true, legacy: false };
  const props = docProps();
  const old = props ? props.getProperty(LEGACY_KEY) : null;
  return { config: parseConfig(old), known: !!props, inScript: false, legacy: old !== null };
}

/** Writes the record ("off" for null); the legacy copy goes after, so it never outlives a newer record. */
function writeRecord(ctx: Ctx, config: DailyAlertsConfig | null): void {
  PropertiesService.getScriptProperties().setProperty(RECORD_KEY + ctx.ssId, config ? JSON.stringify(config) : OFF);
  if (ctx.legacy) {
    const props = PropertiesService.getDocumentProperties();
    if (props) props.deleteProperty(LEGACY_KEY);
    ctx.legacy = false;
  }
}

function whoAmI(): string {
  // Consumer accounts may hide the active user; the effective user is then the best we know (as env.user).
  return Session.getActiveUser().getEmail() || Session.getEffectiveUser().getEmail() || UNKNOWN_USER;
}

function sameUser(a: string, b: string): boolean {
  return a !== UNKNOWN_USER && b !== UNKNOWN_USER && a.toLowerCase() === b.toLowerCase();
}

/**
 * This user's alert triggers for this spreadsheet. Triggers are per user and
 * per document (https://developers.google.com/workspace/add-ons/concepts/editor-triggers),
 * so they come from getUserTriggers(spreadsheet), never from every trigger of
 * the project. Whether that list holds time-driven triggers is documented for
 * add-ons only, so the triggers this spreadsheet remembers (its record, and
 * the user's map of trigger to spreadsheet) are looked up by id as well.
 */
function myAlertTriggers(ss: Spreadsheet, ids: (string | undefined)[]): { triggers: Trigger[]; unmatched: string[] } {
  const found = new Map<string, Trigger>();
  for (const t of ScriptApp.getUserTriggers(ss)) if (t.getHandlerFunction() === HANDLER) found.set(t.getUniqueId(), t);
  const userProps = PropertiesService.getUserProperties().getProperties();
  const ssId = ss.getId();
  const mapped = Object.keys(userProps)
    .filter((k) => k.indexOf(TRIGGER_SHEET_KEY) === 0 && userProps[k] === ssId)
    .map((k) => k.slice(TRIGGER_SHEET_KEY.length));
  const wanted = new Set(mapped);
  for (const id of ids) if (id) wanted.add(id);
  for (const id of [...wanted]) if (found.has(id)) wanted.delete(id);
  if (wanted.size > 0) {
    for (const t of ScriptApp.getProjectTriggers())
      if (wanted.has(t.getUniqueId()) && t.getHandlerFunction() === HANDLER) found.set(t.getUniqueId(), t);
  }
  // Map entries whose trigger is gone (deleted on the triggers page, or by Google).
  const unmatched = mapped.filter((id) => !found.has(id));
  return { triggers: [...found.values()], unmatched };
}

/** One execution's view for a change: who and where. */
interface Ctx {
  env: Env;
  ssId: string;
  me: string;
  /** Whether a legacy record is still in document properties. */
  legacy: boolean;
}

/** Whose the recorded trigger is, seen from this user: theirs and present, theirs but gone, someone else's. */
type Owner = 'me' | 'missing' | 'other' | null;

function context(env: Env): { ctx: Ctx; stored: Stored; mine: Trigger[]; unmatched: string[]; owner: Owner } {
  const ssId = env.ss.getId();
  const stored = readRecord(ssId, () => PropertiesService.getDocumentProperties());
  const ctx: Ctx = { env, ssId, me: env.user, legacy: stored.legacy };
  const c = stored.config;
  const { triggers: mine, unmatched } = myAlertTriggers(env.ss, [c?.triggerId]);
  const owner: Owner = !c
    ? null
    : mine.some((t) => t.getUniqueId() === c.triggerId)
      ? 'me'
      : sameUser(c.by, ctx.me)
        ? 'missing'
        : 'other';
  return { ctx, stored, mine, unmatched, owner };
}

function describe(c: DailyAlertsConfig | null, note = ''): string {
  return c ? `on at ${hourText(c.hour)} (${c.timeZone}), trigger of ${c.by}${note}` : `off${note}`;
}

function audit(ctx: Ctx, before: string, after: string, via: Channel): string | undefined {
  const entry: AuditEntry = {
    when: ctx.env.nowIso,
    who: ctx.me,
    videoUrl: '',
    field: 'Daily alerts',
    oldValue: before,
    newValue: after,
    via,
  };
  let last = '';
  // One more try: the change is already made and cannot be audited later.
  for (let i = 0; i < 2; i++) {
    try {
      appendAudit(ctx.env, [entry]);
      return undefined;
    } catch (e) {
      last = (e as Error).message;
    }
  }
  return last;
}

/**
 * The trigger fires every hour, the most often an add-on's may
 * (https://developers.google.com/workspace/add-ons/concepts/editor-triggers#restrictions),
 * and the check decides when its day's run is due (checkDue): the first run
 * at or after the Settings hour in the spreadsheet's zone, then the runs that
 * carry on work one run had no time for. An add-on has one time-driven
 * trigger per user and document, so that one trigger serves both.
 * https://developers.google.com/apps-script/reference/script/clock-trigger-builder#everyHours(Integer)
 */
function createTrigger(): Trigger {
  return ScriptApp.newTrigger(HANDLER).timeBased().everyHours(1).create();
}

/** What install has done so far, for settle() after a failure. */
interface Made {
  created: boolean;
  config: DailyAlertsConfig | null;
}

/** Creates a trigger and maps it to this spreadsheet; the caller records it. */
function install(ctx: Ctx, hour: number, timeZone: string, made: Made): DailyAlertsConfig {
  const trigger = createTrigger();
  made.created = true;
  const config: DailyAlertsConfig = { triggerId: trigger.getUniqueId(), hour, timeZone, by: ctx.me, hourly: true };
  made.config = config;
  PropertiesService.getUserProperties().setProperty(TRIGGER_SHEET_KEY + config.triggerId, ctx.ssId);
  return config;
}

function remove(triggers: Trigger[], except: string): void {
  const props = PropertiesService.getUserProperties();
  for (const t of triggers) {
    const id = t.getUniqueId();
    if (id === except) continue;
    ScriptApp.deleteTrigger(t);
    props.deleteProperty(TRIGGER_SHEET_KEY + id);
  }
}

/**
 * Deletes triggers the record no longer names. Best effort: one left behind
 * by a failure here steps down by itself on its first run.
 */
function tidy(triggers: Trigger[], except: string, unmatched: string[]): void {
  try {
    remove(triggers, except);
    const props = PropertiesService.getUserProperties();
    for (const id of unmatched) props.deleteProperty(TRIGGER_SHEET_KEY + id);
  } catch (_) {
    // see above
  }
}

/**
 * After a failed replace-in-place: points the record at a trigger of this
 * user that is still here (the new one, else the old one), re-creates the old
 * one if none is left, restores another person's record that a takeover was
 * replacing, and records "off" only when nothing else is true.
 */
function settle(
  ctx: Ctx,
  previous: DailyAlertsConfig | null,
  owner: Owner,
  before: Set<string>,
  wanted: { hour: number; timeZone: string },
  made: Made,
): DailyAlertsConfig | null {
  const now = readRecord(ctx.ssId, () => PropertiesService.getDocumentProperties()).config;
  const here = myAlertTriggers(ctx.env.ss, [now?.triggerId, previous?.triggerId, made.config?.triggerId]).triggers;
  const ids = new Set(here.map((t) => t.getUniqueId()));
  if (now && ids.has(now.triggerId)) return now;
  let keep: DailyAlertsConfig | null = null;
  if (made.config && ids.has(made.config.triggerId)) keep = made.config;
  // Made, but its id never read: the one trigger here that was not here before.
  const unread = made.created && !made.config ? [...ids].find((id) => !before.has(id)) : undefined;
  if (!keep && unread)
    keep = { triggerId: unread, hour: wanted.hour, timeZone: wanted.timeZone, by: ctx.me, hourly: true };
  if (!keep && previous && (ids.has(previous.triggerId) || owner === 'other')) keep = previous;
  if (!keep && previous && owner === 'me' && ids.size === 0)
    keep = install(ctx, previous.hour, previous.timeZone, { created: false, config: null });
  if (keep) PropertiesService.getUserProperties().setProperty(TRIGGER_SHEET_KEY + keep.triggerId, ctx.ssId);
  writeRecord(ctx, keep);
  return keep;
}

function result(c: DailyAlertsConfig | null, mine: boolean, changed: boolean, fallbackHour: number): DailyAlertsResult {
  return { enabled: !!c, hour: c ? c.hour : fallbackHour, by: c ? c.by : '', mine, changed };
}

/**
 * Installs the one daily trigger at the Settings hour, in the spreadsheet's
 * time zone, under the caller's account, and records it. Calling it again at
 * the same hour changes nothing; at another hour it replaces the trigger.
 * When another person's trigger is recorded, nothing changes unless
 * `takeOver` is set: then the caller's trigger becomes the recorded one and
 * the other person's removes itself the next time it fires.
 */
export function enableDailyAlerts(options: { takeOver?: boolean; via?: Channel } = {}): DailyAlertsResult {
  const env = openEnv();
  const hour = readSettings(env).alertHour;
  const via = options.via ?? 'sidebar';
  // The daily run may have no document properties: the person whose account runs it keeps the connection's copy.
  try {
    keepUserCopy(env.ss.getId(), readConnection(env.ss.getId()));
  } catch (_) {
    // Saving the connection or a sync by hand makes the copy as well (connect/connection.ts).
  }
  return withDocumentLock(() => {
    const { ctx, stored, mine, unmatched, owner } = context(env);
    const previous = stored.config;
    if (owner === 'other' && !options.takeOver) return result(previous, false, false, hour);
    // An earlier version's daily trigger is replaced by an hourly one, so that long runs can carry on.
    if (owner === 'me' && previous?.hour === hour && previous.timeZone === env.timeZone && previous.hourly)
      return result(previous, true, false, hour);
    const oldValue = describe(previous, owner === 'missing' ? ' (trigger missing)' : '');
    const takenOverFrom = owner === 'other' ? previous?.by : undefined;
    const done = (fresh: DailyAlertsConfig): DailyAlertsResult => {
      const auditFailed = audit(
        ctx,
        oldValue,
        describe(fresh, takenOverFrom ? ` (taken over from ${takenOverFrom})` : ''),
        via,
      );
      return {
        ...result(fresh, true, true, hour),
        ...(takenOverFrom ? { takenOverFrom } : {}),
        ...(auditFailed ? { auditFailed } : {}),
      };
    };

    // An add-on's run without its document can tell a trigger is not the
    // recorded one only from script properties: the record goes there before
    // any trigger is made.
    if (!stored.inScript) writeRecord(ctx, previous);
    const made: Made = { created: false, config: null };
    let fresh: DailyAlertsConfig;
    try {
      fresh = install(ctx, hour, env.timeZone, made);
    } catch (e) {
      if (made.created || mine.length === 0) throw e;
      // Possibly the add-on's one trigger per user and document (its message
      // is not documented, and messages are translated): make room first.
      const before = new Set(mine.map((t) => t.getUniqueId()));
      try {
        writeRecord(ctx, null);
        remove(mine, '');
        fresh = install(ctx, hour, env.timeZone, made);
        writeRecord(ctx, fresh);
      } catch (again) {
        try {
          const now = settle(ctx, previous, owner, before, { hour, timeZone: env.timeZone }, made);
          if (describe(now) !== describe(previous)) audit(ctx, oldValue, describe(now), via);
        } catch (_) {
          // The record stays as the failure left it, never naming a deleted trigger; the caller reads the state to tell the person.
        }
        throw again;
      }
      return done(fresh);
    }
    writeRecord(ctx, fresh);
    const r = done(fresh);
    tidy(mine, fresh.triggerId, unmatched);
    return r;
  });
}

/**
 * Turns alerts off: the record says off, then the caller's triggers go. Only
 * the owner may: when another person's trigger is recorded nothing changes
 * (they keep their alerts; the caller may take them over first).
 */
export function disableDailyAlerts(options: { via?: Channel } = {}): DailyAlertsResult {
  const env = openEnv();
  const via = options.via ?? 'sidebar';
  return withDocumentLock(() => {
    const { ctx, stored, mine, unmatched, owner } = context(env);
    const previous = stored.config;
    const fallbackHour = previous?.hour ?? readSettings(env).alertHour;
    if (owner === 'other') return result(previous, false, false, fallbackHour);
    if (!previous && mine.length === 0) return result(null, false, false, fallbackHour);
    writeRecord(ctx, null);
    const auditFailed = previous
      ? audit(ctx, describe(previous, owner === 'missing' ? ' (trigger missing)' : ''), describe(null), via)
      : undefined;
    tidy(mine, '', unmatched);
    return { ...result(null, false, !!previous, fallbackHour), ...(auditFailed ? { auditFailed } : {}) };
  });
}

/**
 * Menu state, read from the trigger where this execution may list triggers
 * (`verify`, a menu item's FULL mode) and from the record otherwise. null
 * when it cannot be read.
 */
export function dailyAlertsState(verify: boolean): DailyAlertsState | null {
  try {
    const ss = SpreadsheetApp.getActiveSpreadsheet();
    if (!ss) return null;
    const config = readRecord(ss.getId(), () => PropertiesService.getDocumentProperties()).config;
    if (!config) return { on: false };
    if (!verify) return { on: true, hour: config.hour, by: config.by, owner: 'unchecked' };
    const mine = myAlertTriggers(ss, [config.triggerId]).triggers.some((t) => t.getUniqueId() === config.triggerId);
    if (mine) return { on: true, hour: config.hour, by: config.by, owner: 'me' };
    if (sameUser(config.by, whoAmI())) return { on: false, missing: true };
    return { on: true, hour: config.hour, by: config.by, owner: 'other' };
  } catch (_) {
    return null;
  }
}

/** Time-driven events carry the trigger's id. https://developers.google.com/apps-script/guides/triggers/events#time-driven-events */
export interface ClockEvent {
  triggerUid?: string;
}

/**
 * The spreadsheet a trigger run works on: the active one where there is one
 * (a bound script), else the one the trigger was installed for, opened by id.
 * null when this user's map does not know the trigger.
 */
export function triggerEnv(uid: string): Env | null {
  const active = SpreadsheetApp.getActiveSpreadsheet();
  if (active) return envFor(active);
  const id = PropertiesService.getUserProperties().getProperty(TRIGGER_SHEET_KEY + uid);
  return id ? envFor(SpreadsheetApp.openById(id)) : null;
}

export function removeOwnTrigger(uid: string): void {
  for (const t of ScriptApp.getProjectTriggers()) if (t.getUniqueId() === uid) ScriptApp.deleteTrigger(t);
  PropertiesService.getUserProperties().deleteProperty(TRIGGER_SHEET_KEY + uid);
}

export const STALE_TRIGGER =
  'Daily alerts were turned off, re-installed or taken over; this old trigger removed itself.';

/**
 * Whether a trigger run is the current one for its spreadsheet: the record
 * must name it. A trigger that is not current removes itself. When no record
 * can be read at all (an add-on's run without its document, for a
 * spreadsheet whose record is still the legacy one) the trigger is trusted.
 */
export function staleTrigger(uid: string): { stale: boolean; config: DailyAlertsConfig | null } {
  const active = SpreadsheetApp.getActiveSpreadsheet();
  const ssId = active ? active.getId() : PropertiesService.getUserProperties().getProperty(TRIGGER_SHEET_KEY + uid);
  if (!ssId) return { stale: false, config: null };
  const stored = readRecord(ssId, () => PropertiesService.getDocumentProperties());
  if (stored.known && (!stored.config || stored.config.triggerId !== uid)) {
    removeOwnTrigger(uid);
    return { stale: true, config: null };
  }
  return { stale: false, config: stored.config };
}

/**
 * User property, per spreadsheet: the day of the last daily check and
 * whether it finished ({"day":"2026-03-02","done":true,"runs":1}). In the
 * user's store, as the trigger runs as its owner and whether its run has the
 * document is not documented (see the file comment). Another person's run
 * from the menu writes only that person's mark, so the owner's trigger may
 * run the day once more, which finds nothing to do twice.
 */
const CHECK_KEY = 'sparkLedger.dailyCheck.';

/** The spreadsheet's check mark in this user's store, and how to write it (one store handle for both). */
export function checkMarks(ssId: string): { mark: CheckMark | null; write(mark: CheckMark): void } {
  const props = PropertiesService.getUserProperties();
  return {
    mark: parseMark(props.getProperty(CHECK_KEY + ssId)),
    write: (mark) => props.setProperty(CHECK_KEY + ssId, JSON.stringify(mark)),
  };
}
