/** The lists behind the dropdowns and the alert settings (the Settings sheet). */
import { DEFAULT_MARKETS, SettingsListName } from './fields';

export interface Settings {
  clients: string[];
  brands: string[];
  adAccounts: string[];
  owners: string[];
  markets: string[];
  /** Hour of day (0–23, spreadsheet time zone) the daily expiry check runs. */
  alertHour: number;
}

export const SETTINGS_LISTS: { key: SettingsListName; header: string }[] = [
  { key: 'clients', header: 'Clients' },
  { key: 'brands', header: 'Brands' },
  { key: 'adAccounts', header: 'Ad accounts' },
  { key: 'owners', header: 'Owners' },
  { key: 'markets', header: 'Markets' },
];

export const SETTING_NAMES = { alertHour: 'Alert hour' } as const;
export const DEFAULT_ALERT_HOUR = 8;

export function defaultSettings(): Settings {
  return { clients: [], brands: [], adAccounts: [], owners: [], markets: [...DEFAULT_MARKETS], alertHour: DEFAULT_ALERT_HOUR };
}

function norm(s: unknown): string {
  return String(s ?? '').trim().toLowerCase();
}

/**
 * Reads the Settings grid: each list is the column under its header; the
 * "Setting" / "Value" columns hold named settings. Headers may be anywhere in
 * row 1.
 */
export function parseSettings(grid: readonly (readonly unknown[])[]): Settings {
  const s = defaultSettings();
  if (grid.length === 0) return s;
  const header = grid[0].map(norm);
  for (const list of SETTINGS_LISTS) {
    const col = header.indexOf(list.header.toLowerCase());
    if (col < 0) continue;
    const values: string[] = [];
    for (let r = 1; r < grid.length; r++) {
      const v = String(grid[r][col] ?? '').trim();
      if (v !== '' && !values.some((x) => x.toLowerCase() === v.toLowerCase())) values.push(list.key === 'markets' ? v.toUpperCase() : v);
    }
    s[list.key] = values;
  }
  const nameCol = header.indexOf('setting');
  const valueCol = header.indexOf('value');
  if (nameCol >= 0 && valueCol >= 0) {
    for (let r = 1; r < grid.length; r++) {
      if (norm(grid[r][nameCol]) === SETTING_NAMES.alertHour.toLowerCase()) {
        const h = Number(grid[r][valueCol]);
        if (Number.isInteger(h) && h >= 0 && h <= 23) s.alertHour = h;
      }
    }
  }
  return s;
}

/** The entry of `list` matching `value` regardless of case, or null. */
export function findInList(list: readonly string[], value: string): string | null {
  const v = value.trim().toLowerCase();
  return list.find((x) => x.toLowerCase() === v) ?? null;
}
