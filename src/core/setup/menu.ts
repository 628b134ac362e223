/** The add-on menu as data: each item names a top-level function of the bundle. */
export interface MenuItem {
  caption: string;
  fn: string;
}

export const MENU_TITLE = 'Spark Ledger';

/**
 * null marks a separator. Every caption starts with a verb, in sentence case
 * (https://developers.google.com/workspace/add-ons/guides/editor-style).
 */
export const MENU_ITEMS: (MenuItem | null)[] = [
  { caption: 'Open sidebar', fn: 'showSidebar' },
  null,
  { caption: 'Set up ledger', fn: 'menuSetupLedger' },
  { caption: 'Validate ledger', fn: 'menuValidateLedger' },
  { caption: 'Show history of the selected row', fn: 'menuAuditTrail' },
  null,
  { caption: 'Run expiry check now', fn: 'menuRunExpiryCheck' },
  { caption: 'Turn on daily alerts', fn: 'menuEnableDailyAlerts' },
  { caption: 'Turn off daily alerts', fn: 'menuDisableDailyAlerts' },
  null,
  { caption: 'Generate client report…', fn: 'menuGenerateClientReport' },
  { caption: 'Refresh all client reports', fn: 'menuRefreshAllClientReports' },
  { caption: 'Publish client report…', fn: 'menuPublishClientReport' },
  { caption: 'Publish all client reports', fn: 'menuPublishAllClientReports' },
  { caption: 'Build AI funnel', fn: 'menuBuildAiFunnel' },
  null,
  { caption: 'Archive closed rows…', fn: 'menuArchiveClosed' },
  null,
  { caption: 'Show help and first steps', fn: 'menuShowHelp' },
];

/**
 * What the menu may say about daily alerts. The trigger belongs to the person
 * who turned alerts on and only their account can list it, so "on" comes in
 * three strengths:
 * - owner 'me': the recorded trigger is among this user's own triggers (checked);
 * - owner 'other': it belongs to `by`, whose triggers this account cannot list;
 * - owner 'unchecked': the record only, where triggers cannot be listed (onOpen).
 * Off with `missing`: the record names this user's trigger, but it is gone.
 */
export type DailyAlertsState =
  | { on: false; missing?: boolean }
  | { on: true; hour: number; by: string; owner: 'me' | 'other' | 'unchecked' };

export function hourText(hour: number): string {
  return `${hour < 10 ? '0' : ''}${hour}:00`;
}

/** The state in words: "on at 08:00, by ana@agency.example", with ", as recorded" where it was not checked. */
export function dailyAlertsSummary(alerts: DailyAlertsState): string {
  if (!alerts.on) return alerts.missing ? 'off, trigger missing' : 'off';
  return `on at ${hourText(alerts.hour)}, by ${alerts.by}${alerts.owner === 'me' ? '' : ', as recorded'}`;
}

/** The caption of the menu item that turns alerts on: a verb first, then the state. */
export function dailyAlertsCaption(alerts: DailyAlertsState): string {
  if (!alerts.on) return alerts.missing ? 'Turn on daily alerts (trigger missing)' : 'Turn on daily alerts';
  const state = dailyAlertsSummary(alerts);
  if (alerts.owner === 'me') return `Re-apply the alert hour (daily alerts ${state})`;
  if (alerts.owner === 'other') return `Take over daily alerts (${state})`;
  return `Check daily alerts (${state})`;
}

/**
 * The menu with the daily-alert items saying what is known about alerts.
 * `alerts` is null when nothing can be read (AuthMode.NONE): both items show.
 */
export function menuItemsFor(alerts: DailyAlertsState | null): (MenuItem | null)[] {
  if (!alerts) return MENU_ITEMS;
  return MENU_ITEMS.filter((item) => !(item && item.fn === 'menuDisableDailyAlerts' && !alerts.on)).map((item) => {
    if (item?.fn !== 'menuEnableDailyAlerts') return item;
    return { ...item, caption: dailyAlertsCaption(alerts) };
  });
}
