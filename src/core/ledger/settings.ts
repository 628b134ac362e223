/** The lists behind the dropdowns and the alert settings (the Settings sheet). */
import { DEFAULT_MARKETS, type FieldKey, type SettingsListName } from './fields';
import { AUDIT_LINES_KEPT, keptLines } from './auditLog';

export interface Settings {
  clients: string[];
  brands: string[];
  adAccounts: string[];
  owners: string[];
  markets: string[];
  /** Hour of day (0–23, spreadsheet time zone) the daily expiry check runs. */
  alertHour: number;
  /** Audit lines the workbook keeps before older ones move to yearly log spreadsheets (core/ledger/auditLog.ts). */
  auditLinesKept: number;
  /**
   * The agency's own mail domains (lower case, no "@"): an owner address in
   * one of them may be mailed even when it is not on the Owners list.
   */
  agencyDomains: string[];
  /**
   * The client each ad account and brand belongs to, keyed by the list's
   * spelling. An ad account or brand that is not a key belongs to any client.
   */
  adAccountClients: Record<string, string>;
  brandClients: Record<string, string>;
}

/** Ledger fields whose value must be on a Settings list, with the list and its header there (sidebar, sheet and Validate ledger alike). */
export const FIELDS_FROM_SETTINGS: readonly { key: FieldKey; list: SettingsListName; where: string }[] = [
  { key: 'client', list: 'clients', where: 'Clients' },
  { key: 'adAccount', list: 'adAccounts', where: 'Ad accounts' },
  { key: 'market', list: 'markets', where: 'Markets' },
];

export const SETTINGS_LISTS: { key: SettingsListName; header: string }[] = [
  { key: 'clients', header: 'Clients' },
  { key: 'brands', header: 'Brands' },
  { key: 'adAccounts', header: 'Ad accounts' },
  { key: 'owners', header: 'Owners' },
  { key: 'markets', header: 'Markets' },
];

/**
 * Which client an ad account or brand belongs to: a column read row by row
 * beside its list ("Ad account client" on row 5 names the client of the ad
 * account on row 5 of "Ad accounts"). A blank cell means any client, so a
 * Settings sheet from before these columns keeps working.
 */
export const SETTINGS_LINKS: {
  key: 'adAccountClients' | 'brandClients';
  list: 'adAccounts' | 'brands';
  header: string;
}[] = [
  { key: 'brandClients', list: 'brands', header: 'Brand client' },
  { key: 'adAccountClients', list: 'adAccounts', header: 'Ad account client' },
];

/** The Agency domains column: one domain a row (commas also separate). The named setting of that name is read too. */
export const AGENCY_DOMAINS_HEADER = 'Agency domains';

/** Settings columns besides the lists, in the order a new Settings sheet gets them (after the lists). */
export const SETTINGS_EXTRA_HEADERS: readonly string[] = [
  ...SETTINGS_LINKS.map((l) => l.header),
  AGENCY_DOMAINS_HEADER,
];

export const SETTING_NAMES = {
  alertHour: 'Alert hour',
  agencyDomains: AGENCY_DOMAINS_HEADER,
  auditLinesKept: 'Audit lines kept',
} as const;
export const DEFAULT_ALERT_HOUR = 8;

export function defaultSettings(): Settings {
  return {
    clients: [],
    brands: [],
    adAccounts: [],
    owners: [],
    markets: [...DEFAULT_MARKETS],
    alertHour: DEFAULT_ALERT_HOUR,
    auditLinesKept: AUDIT_LINES_KEPT,
    agencyDomains: [],
    adAccountClients: {},
    brandClients: {},
  };
}

function norm(s: unknown): string {
  return String(s ?? '')
    .trim()
    .toLowerCase();
}

const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** Domains in a cell: separated by commas, semicolons or spaces, an optional leading "@" dropped; anything that is not a domain ignored. */
export function parseDomains(text: unknown): string[] {
  return String(text ?? '')
    .split(/[\s,;]+/)
    .map((d) => d.trim().toLowerCase().replace(/^@/, ''))
    .filter((d) => DOMAIN.test(d));
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
      if (v !== '' && !values.some((x) => x.toLowerCase() === v.toLowerCase()))
        values.push(list.key === 'markets' ? v.toUpperCase() : v);
    }
    s[list.key] = values;
  }
  for (const link of SETTINGS_LINKS) {
    const listCol = header.indexOf(
      (SETTINGS_LISTS.find((l) => l.key === link.list) as { header: string }).header.toLowerCase(),
    );
    const col = header.indexOf(link.header.toLowerCase());
    if (listCol < 0 || col < 0) continue;
    const map: Record<string, string> = {};
    for (let r = 1; r < grid.length; r++) {
      const name = findInList(s[link.list], String(grid[r][listCol] ?? ''));
      const client = String(grid[r][col] ?? '').trim();
      // The first row naming a client wins; the list's own spelling is the key.
      if (name === null || client === '' || Object.prototype.hasOwnProperty.call(map, name)) continue;
      map[name] = findInList(s.clients, client) ?? client;
    }
    s[link.key] = map;
  }
  const domains: string[] = [];
  const domainCol = header.indexOf(AGENCY_DOMAINS_HEADER.toLowerCase());
  if (domainCol >= 0) for (let r = 1; r < grid.length; r++) domains.push(...parseDomains(grid[r][domainCol]));
  const nameCol = header.indexOf('setting');
  const valueCol = header.indexOf('value');
  if (nameCol >= 0 && valueCol >= 0) {
    for (let r = 1; r < grid.length; r++) {
      const name = norm(grid[r][nameCol]);
      if (name === SETTING_NAMES.alertHour.toLowerCase()) {
        const h = Number(grid[r][valueCol]);
        if (Number.isInteger(h) && h >= 0 && h <= 23) s.alertHour = h;
      } else if (name === SETTING_NAMES.agencyDomains.toLowerCase()) {
        domains.push(...parseDomains(grid[r][valueCol]));
      } else if (name === SETTING_NAMES.auditLinesKept.toLowerCase()) {
        s.auditLinesKept = keptLines(grid[r][valueCol]) ?? AUDIT_LINES_KEPT;
      }
    }
  }
  s.agencyDomains = domains.filter((d, i) => domains.indexOf(d) === i);
  return s;
}

/** The entry of `list` matching `value` regardless of case, or null. */
export function findInList(list: readonly string[], value: string): string | null {
  const v = value.trim().toLowerCase();
  if (v === '') return null;
  return list.find((x) => x.toLowerCase() === v) ?? null;
}

/** The client `name` (an ad account or brand) belongs to, or null when it belongs to any client. */
export function clientOf(links: Readonly<Record<string, string>> | undefined, name: string): string | null {
  if (!links) return null;
  const v = name.trim().toLowerCase();
  for (const key of Object.keys(links)) if (key.toLowerCase() === v) return links[key];
  return null;
}

/**
 * Who may be named as an owner, and so be mailed (docs/product.md §8): an address on
 * the Owners list or in one of the agency's domains. When Settings has
 * neither (a new ledger), any valid address is allowed: refusing every owner
 * would stop a new ledger from working, and there is nothing to check against.
 */
export interface OwnerPolicy {
  owners: readonly string[];
  domains: readonly string[];
}

/** The policy that allows every valid address: what a ledger without an Owners list or Agency domains gets. */
export const ANY_OWNER: OwnerPolicy = { owners: [], domains: [] };

export function ownerPolicy(
  settings: Partial<Pick<Settings, 'owners' | 'agencyDomains'>> | null | undefined,
): OwnerPolicy {
  return { owners: settings?.owners ?? [], domains: settings?.agencyDomains ?? [] };
}

/** Whether `address` may be an owner under `policy` (the address's own validity is checked elsewhere). */
export function isAllowedOwner(address: string, policy: OwnerPolicy = ANY_OWNER): boolean {
  if (policy.owners.length === 0 && policy.domains.length === 0) return true;
  const a = address.trim().toLowerCase();
  if (policy.owners.some((o) => o.trim().toLowerCase() === a)) return true;
  const at = a.lastIndexOf('@');
  const domain = at >= 0 ? a.slice(at + 1) : '';
  return domain !== '' && policy.domains.some((d) => d === domain);
}

/** Why `address` may not be an owner, in words for the agency, or null when it may. */
export function ownerRefusal(address: string, policy: OwnerPolicy = ANY_OWNER): string | null {
  if (isAllowedOwner(address, policy)) return null;
  const where = [
    policy.owners.length ? 'on the Settings list Owners' : '',
    policy.domains.length ? `in the agency's domains (${policy.domains.join(', ')})` : '',
  ]
    .filter(Boolean)
    .join(' or ');
  return `${address.trim()} is not ${where}; Spark Ledger mails only those addresses. Pick an owner from the list, or add the address (or its domain under Agency domains) to Settings first.`;
}
