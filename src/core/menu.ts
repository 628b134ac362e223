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
];
