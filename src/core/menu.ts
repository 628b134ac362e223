/** The add-on menu as data: each item names a top-level function of the bundle. */
export interface MenuItem {
  caption: string;
  fn: string;
}

export const MENU_TITLE = 'Spark Ledger';

/** null marks a separator. */
export const MENU_ITEMS: (MenuItem | null)[] = [
  { caption: 'Open sidebar', fn: 'showSidebar' },
  null,
  { caption: 'Set up ledger', fn: 'menuSetupLedger' },
  { caption: 'Validate ledger', fn: 'menuValidateLedger' },
  null,
  { caption: 'Run expiry check now', fn: 'menuRunExpiryCheck' },
  { caption: 'Enable daily alerts', fn: 'menuEnableDailyAlerts' },
  { caption: 'Disable daily alerts', fn: 'menuDisableDailyAlerts' },
  null,
  { caption: 'Generate client report…', fn: 'menuGenerateClientReport' },
  { caption: 'Refresh all client reports', fn: 'menuRefreshAllClientReports' },
  { caption: 'Publish client report…', fn: 'menuPublishClientReport' },
  { caption: 'AI funnel', fn: 'menuBuildAiFunnel' },
  null,
  { caption: 'Archive closed rows…', fn: 'menuArchiveClosed' },
];

/**
 * The menu with the daily-alert items saying whether alerts are on. `alerts`
 * is null when the state cannot be read (AuthMode.NONE): both items show.
 */
export function menuItemsFor(alerts: { on: boolean; hour: number } | null): (MenuItem | null)[] {
  if (!alerts) return MENU_ITEMS;
  const at = `${alerts.hour < 10 ? '0' : ''}${alerts.hour}:00`;
  return MENU_ITEMS.filter((item) => !(item && item.fn === 'menuDisableDailyAlerts' && !alerts.on)).map((item) => {
    if (item?.fn !== 'menuEnableDailyAlerts') return item;
    return { ...item, caption: alerts.on ? `Daily alerts: on at ${at} (re-apply Settings hour)` : 'Daily alerts: off (enable)' };
  });
}
