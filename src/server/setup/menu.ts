/** The menu and the sidebar; the menu's commands are in commands.ts. */
import { MENU_TITLE, menuItemsFor } from '../../core/setup/menu';
import { dailyAlertsState } from '../expiry/trigger';

/**
 * Builds the add-on menu. An add-on's onOpen may run in AuthMode.NONE, where
 * only the menu may be built: nothing here reads the spreadsheet.
 * https://developers.google.com/workspace/add-ons/concepts/editor-auth-lifecycle#authorization_modes
 */
export function onOpen(e?: GoogleAppsScript.Events.SheetsOnOpen): void {
  // Outside AuthMode.NONE properties may be read, so the alert items can say
  // what the record holds (Google's own example does the same):
  // https://developers.google.com/apps-script/reference/script/auth-mode
  // Only in FULL may the trigger itself be looked up: a simple trigger's
  // LIMITED mode allows no service that needs authorization, and listing
  // triggers needs script.scriptapp
  // (https://developers.google.com/apps-script/guides/triggers#restrictions,
  // https://developers.google.com/apps-script/reference/script/script-app#getUserTriggers(Spreadsheet)).
  const mode = e && e.authMode !== undefined ? String(e.authMode) : 'NONE';
  const items = menuItemsFor(mode !== 'NONE' ? dailyAlertsState(mode === 'FULL') : null);
  const menu = SpreadsheetApp.getUi().createAddonMenu();
  for (const item of items) {
    if (item === null) menu.addSeparator();
    else menu.addItem(item.caption, item.fn);
  }
  menu.addToUi();
}

/** https://developers.google.com/workspace/add-ons/concepts/editor-auth-lifecycle#installation */
export function onInstall(e?: GoogleAppsScript.Events.AddonOnInstall): void {
  onOpen(e as unknown as GoogleAppsScript.Events.SheetsOnOpen);
}

export const SIDEBAR_TITLE = MENU_TITLE;

export function showSidebar(): void {
  const html = HtmlService.createHtmlOutputFromFile('Sidebar').setTitle(SIDEBAR_TITLE);
  SpreadsheetApp.getUi().showSidebar(html);
}
