/**
 * The daily alert trigger (SPEC §6): installing, finding and removing it, the
 * menu state read from it, and the menu items that turn alerts on and off.
 * The check the trigger runs lives in alerts.ts.
 */
import { MENU_TITLE } from '../core/menu';
import { Env, envFor, openEnv } from './env';
import { withDocumentLock } from './lock';
import { onOpen } from './menu';
import { readSettings } from './settingsSheet';

type Properties = GoogleAppsScript.Properties.Properties;

export const HANDLER = 'runExpiryCheck';
const CONFIG_KEY = 'sparkLedger.dailyAlerts';
export interface DailyAlertsConfig {
  triggerId: string;
  hour: number;
  timeZone: string;
  by: string;
}


function documentProperties(): Properties {
  const props = PropertiesService.getDocumentProperties();
  if (!props) throw new Error('Spark Ledger keeps its alert settings in the spreadsheet; open it from the spreadsheet.');
  return props;
}

function parseConfig(text: string | null | undefined): DailyAlertsConfig | null {
  if (!text) return null;
  try {
    const c = JSON.parse(text) as DailyAlertsConfig;
    return c && typeof c.triggerId === 'string' ? c : null;
  } catch (_) {
    return null;
  }
}


/** Menu state: whether the daily trigger is on and at what hour. null when it cannot be read. */
export function dailyAlertsState(): { on: boolean; hour: number } | null {
  try {
    const props = PropertiesService.getDocumentProperties();
    if (!props) return null;
    const c = parseConfig(props.getProperty(CONFIG_KEY));
    return c ? { on: true, hour: c.hour } : { on: false, hour: -1 };
  } catch (_) {
    return null;
  }
}

/** User property naming the spreadsheet a trigger serves: a time-driven run of an add-on may have no active spreadsheet. */
const TRIGGER_SHEET_KEY = 'sparkLedger.alertTrigger.';

type Trigger = GoogleAppsScript.Script.Trigger;

/**
 * This user's alert triggers for this spreadsheet. Triggers are per user and
 * per document (https://developers.google.com/workspace/add-ons/concepts/editor-triggers),
 * so they come from getUserTriggers(spreadsheet), never from every trigger of
 * the project. Whether that list holds time-driven triggers is documented for
 * add-ons only, so the triggers this spreadsheet remembers (its settings, and
 * the user's map of trigger to spreadsheet) are looked up by id as well.
 */
function alertTriggersHere(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, config: DailyAlertsConfig | null): { triggers: Trigger[]; mapped: string[] } {
  const found = new Map<string, Trigger>();
  for (const t of ScriptApp.getUserTriggers(ss)) if (t.getHandlerFunction() === HANDLER) found.set(t.getUniqueId(), t);
  const userProps = PropertiesService.getUserProperties().getProperties();
  const mapped = Object.keys(userProps).filter((k) => k.indexOf(TRIGGER_SHEET_KEY) === 0 && userProps[k] === ss.getId()).map((k) => k.slice(TRIGGER_SHEET_KEY.length));
  const wanted = new Set(mapped);
  if (config) wanted.add(config.triggerId);
  for (const id of [...wanted]) if (found.has(id)) wanted.delete(id);
  if (wanted.size > 0) {
    for (const t of ScriptApp.getProjectTriggers()) if (wanted.has(t.getUniqueId()) && t.getHandlerFunction() === HANDLER) found.set(t.getUniqueId(), t);
  }
  return { triggers: [...found.values()], mapped };
}

function removeAlertTriggers(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, config: DailyAlertsConfig | null): void {
  const here = alertTriggersHere(ss, config);
  for (const t of here.triggers) ScriptApp.deleteTrigger(t);
  const props = PropertiesService.getUserProperties();
  for (const id of here.mapped) props.deleteProperty(TRIGGER_SHEET_KEY + id);
}

/**
 * Installs the one daily trigger at the Settings hour, in the spreadsheet's
 * time zone. Calling it again replaces the trigger. A trigger installed by
 * someone else cannot be seen from this account
 * (https://developers.google.com/apps-script/guides/triggers/installable#restrictions);
 * it finds out it was replaced the next time it fires and removes itself.
 */
export function enableDailyAlerts(): { enabled: boolean; hour: number } {
  const env = openEnv();
  const hour = readSettings(env).alertHour;
  return withDocumentLock(() => {
    const props = documentProperties();
    removeAlertTriggers(env.ss, parseConfig(props.getProperty(CONFIG_KEY)));
    // https://developers.google.com/apps-script/reference/script/clock-trigger-builder#inTimezone(String)
    const trigger = ScriptApp.newTrigger(HANDLER).timeBased().everyDays(1).atHour(hour).inTimezone(env.timeZone).create();
    const config: DailyAlertsConfig = { triggerId: trigger.getUniqueId(), hour, timeZone: env.timeZone, by: env.user };
    PropertiesService.getUserProperties().setProperty(TRIGGER_SHEET_KEY + config.triggerId, env.ss.getId());
    props.setProperty(CONFIG_KEY, JSON.stringify(config));
    return { enabled: true, hour };
  });
}

export function disableDailyAlerts(): { enabled: boolean; hour: number } {
  const env = openEnv();
  return withDocumentLock(() => {
    const props = documentProperties();
    const config = parseConfig(props.getProperty(CONFIG_KEY));
    removeAlertTriggers(env.ss, config);
    props.deleteProperty(CONFIG_KEY);
    return { enabled: false, hour: config?.hour ?? readSettings(env).alertHour };
  });
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

export const STALE_TRIGGER = 'Daily alerts were turned off or re-installed; this old trigger removed itself.';


/**
 * Whether a trigger run is the current one for its spreadsheet. Document
 * properties exist only where the run has a document; the user's map stands
 * in otherwise. A trigger that is not current removes itself.
 */
export function staleTrigger(uid: string): boolean {
  const props = PropertiesService.getDocumentProperties();
  const config = props ? parseConfig(props.getProperty(CONFIG_KEY)) : null;
  if (props && (!config || config.triggerId !== uid)) {
    removeOwnTrigger(uid);
    return true;
  }
  return false;
}

// Menu items: each reports to the person who clicked and refreshes the menu.

export function tell(message: string): void {
  const ui = SpreadsheetApp.getUi();
  ui.alert(MENU_TITLE, message, ui.ButtonSet.OK);
}

function hourText(hour: number): string {
  return `${hour < 10 ? '0' : ''}${hour}:00`;
}

export function menuEnableDailyAlerts(): void {
  const r = enableDailyAlerts();
  refreshMenu();
  tell(`Daily alerts are on: the expiry check runs every day between ${hourText(r.hour)} and ${hourText((r.hour + 1) % 24)} (spreadsheet time). Change the hour in Settings › Alert hour, then choose Enable daily alerts again.`);
}

export function menuDisableDailyAlerts(): void {
  disableDailyAlerts();
  refreshMenu();
  tell('Daily alerts are off. No expiry emails go out until you turn them on again; Run expiry check now still works.');
}


/** Rebuilds the add-on menu so its alert items show the new state. */
function refreshMenu(): void {
  onOpen({ authMode: ScriptApp.AuthMode.FULL } as GoogleAppsScript.Events.SheetsOnOpen);
}
