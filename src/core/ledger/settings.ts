/** The lists behind the dropdowns and the alert settings (the Settings sheet). */
import { DEFAULT_MARKETS, type FieldKey, type SettingsListName } from './fields';
import { AUDIT_LINES_KEPT, keptLines } from './auditLog';
import { type ZoneOffsets, dateCellToYmd, isYmd } from './dates';
import { CURRENCIES, describeNumberFormat, numberStyle, readNumberText } from './values';

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
  /**
   * Per client, as typed on the client's row of the Clients list: its time
   * zone (an IANA name, for its report) and the addresses its published
   * report is shared with. Keyed by the list's spelling; checked where used
   * (core/reports/clientSettings.ts), so a typo is named, never guessed.
   */
  clientTimeZones: Record<string, string>;
  clientReportEmails: Record<string, string>;
  /**
   * The TikTok advertiser id of each ad account ("TikTok advertiser ID" on the
   * ad account's row), keyed by the list's spelling: where the daily sync reads
   * the account's authorized posts and figures (docs/product.md §9).
   */
  adAccountAdvertisers: Record<string, string>;
  /** The currency client reports also total in ("Reporting currency"), as typed; '' when not set. */
  reportingCurrency: string;
  /** The agency's exchange rates to the reporting currency, as the cells hold them (read with parseExchangeRates). */
  exchangeRates: RawRate[];
}

/** One row of the Settings exchange-rate table, as read: the cells are read in the spreadsheet's locale later. */
export interface RawRate {
  /** The Settings row (1-based), to name it in a message. */
  row: number;
  currency: string;
  rate: unknown;
  asOf: unknown;
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

/** Beside Ad accounts, row by row: the account's TikTok advertiser id, digits as text. */
export const ADVERTISER_HEADER = 'TikTok advertiser ID';

/** The Agency domains column: one domain a row (commas also separate). The named setting of that name is read too. */
export const AGENCY_DOMAINS_HEADER = 'Agency domains';

/**
 * Columns read row by row beside the Clients list, like SETTINGS_LINKS: the
 * time zone on row 5 is the time zone of the client on row 5 of "Clients".
 */
export const CLIENT_COLUMNS: { key: 'clientTimeZones' | 'clientReportEmails'; header: string }[] = [
  { key: 'clientTimeZones', header: 'Client time zone' },
  { key: 'clientReportEmails', header: 'Client report email' },
];

/**
 * The exchange-rate table: one rate a row, "1 <currency> = <rate> <reporting
 * currency>", and the day the agency took it. A currency listed on several
 * rows takes the row with the latest date, so older rates may be kept below.
 */
export const RATE_HEADERS = {
  currency: 'Rate currency',
  rate: 'Rate to reporting currency',
  asOf: 'Rate as of',
} as const;

/** Settings columns besides the lists, in the order a new Settings sheet gets them (after the lists). */
export const SETTINGS_EXTRA_HEADERS: readonly string[] = [
  ...SETTINGS_LINKS.map((l) => l.header),
  ADVERTISER_HEADER,
  AGENCY_DOMAINS_HEADER,
  ...CLIENT_COLUMNS.map((c) => c.header),
  RATE_HEADERS.currency,
  RATE_HEADERS.rate,
  RATE_HEADERS.asOf,
];

/**
 * The note on each Settings header: what the column holds and what reads it,
 * so an agency filling Settings for the first time needs no manual.
 */
export const SETTINGS_HELP: Readonly<Record<string, string>> = {
  Clients: 'One client a row, spelled as reports should show it. The sidebar offers only these.',
  Brands: 'One brand a row. "Brand client" beside it ties the brand to one client.',
  'Ad accounts': 'One ad account a row, as Ads Manager names it. "Ad account client" beside it ties it to one client.',
  Owners:
    'One address a row: the people who may own codes. Alert emails go to owners listed here or in an agency domain.',
  Markets: 'Two-letter country codes (US, DE, …) the agency runs in.',
  'Brand client': 'The client of the brand on the same row; blank means any client.',
  'Ad account client': 'The client of the ad account on the same row; blank means any client.',
  [ADVERTISER_HEADER]:
    'The TikTok advertiser ID (digits, from Ads Manager) of the ad account on the same row: the daily sync reads its posts and spend there.',
  [AGENCY_DOMAINS_HEADER]:
    'The agency’s own mail domains (agency.example): an owner address there may be mailed even when not on Owners.',
  'Client time zone':
    'The time zone of the client on the same row of Clients, as an IANA name (Europe/Berlin). Its report shows dates there; blank uses the spreadsheet’s.',
  'Client report email':
    'Who the client on the same row of Clients gets their published report shared with: one or more addresses, separated by commas.',
  [RATE_HEADERS.currency]: 'A currency rows are spent in (EUR), for reports that also total in the Reporting currency.',
  [RATE_HEADERS.rate]:
    'How much 1 of that currency is in the Reporting currency, a number above 0 in this spreadsheet’s format.',
  [RATE_HEADERS.asOf]: 'The day the rate was taken. A currency on several rows uses its latest date; reports show it.',
  Setting:
    'Named settings: Alert hour, Reporting currency, Audit lines kept, Agency domains. The value goes beside each.',
  Value: 'The value of the setting on the same row.',
};

export const SETTING_NAMES = {
  alertHour: 'Alert hour',
  agencyDomains: AGENCY_DOMAINS_HEADER,
  auditLinesKept: 'Audit lines kept',
  reportingCurrency: 'Reporting currency',
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
    clientTimeZones: {},
    clientReportEmails: {},
    adAccountAdvertisers: {},
    reportingCurrency: '',
    exchangeRates: [],
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
  const accountsCol = header.indexOf('ad accounts');
  const advertiserCol = header.indexOf(ADVERTISER_HEADER.toLowerCase());
  if (accountsCol >= 0 && advertiserCol >= 0) {
    for (let r = 1; r < grid.length; r++) {
      const name = findInList(s.adAccounts, String(grid[r][accountsCol] ?? ''));
      const id = String(grid[r][advertiserCol] ?? '').trim();
      if (name === null || !/^\d{6,25}$/.test(id) || Object.prototype.hasOwnProperty.call(s.adAccountAdvertisers, name))
        continue;
      s.adAccountAdvertisers[name] = id;
    }
  }
  const clientsCol = header.indexOf('clients');
  for (const column of CLIENT_COLUMNS) {
    const col = header.indexOf(column.header.toLowerCase());
    if (clientsCol < 0 || col < 0) continue;
    const map: Record<string, string> = {};
    for (let r = 1; r < grid.length; r++) {
      const name = findInList(s.clients, String(grid[r][clientsCol] ?? ''));
      const value = String(grid[r][col] ?? '').trim();
      if (name === null || value === '' || Object.prototype.hasOwnProperty.call(map, name)) continue;
      map[name] = value;
    }
    s[column.key] = map;
  }
  const rateCols = [RATE_HEADERS.currency, RATE_HEADERS.rate, RATE_HEADERS.asOf].map((h) =>
    header.indexOf(h.toLowerCase()),
  );
  if (rateCols[0] >= 0) {
    for (let r = 1; r < grid.length; r++) {
      const currency = String(grid[r][rateCols[0]] ?? '').trim();
      const rate = rateCols[1] >= 0 ? grid[r][rateCols[1]] : '';
      const asOf = rateCols[2] >= 0 ? grid[r][rateCols[2]] : '';
      if (currency === '' && String(rate ?? '').trim() === '') continue;
      s.exchangeRates.push({ row: r + 1, currency, rate, asOf });
    }
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
      } else if (name === SETTING_NAMES.reportingCurrency.toLowerCase()) {
        s.reportingCurrency = String(grid[r][valueCol] ?? '').trim();
      }
    }
  }
  s.agencyDomains = domains.filter((d, i) => domains.indexOf(d) === i);
  return s;
}

/** An exchange rate the reports may use: 1 unit of the currency is `rate` units of the reporting currency, as of `asOf`. */
export interface ExchangeRate {
  currency: string;
  rate: number;
  asOf: string;
}

export interface ExchangeRates {
  /** The reporting currency (an ISO 4217 code), '' when Settings names none or names no currency. */
  reporting: string;
  /** Usable rates by currency; the reporting currency itself needs none. */
  rates: Map<string, ExchangeRate>;
  /** What is wrong in the table, in words for the agency; a currency named here is not converted. */
  problems: string[];
}

/**
 * The Settings rates, read as the rest of Settings is: text numbers in the
 * spreadsheet's locale (core/ledger/values.ts; a number that two locales
 * read differently is refused, never guessed), dates as the sheet shows them.
 * A rate without a day, or a currency with two different rates on its latest
 * day, is left out and named: the report then lists that currency as not
 * converted. `locale` is asked only when a rate is typed as text.
 */
export function parseExchangeRates(
  settings: Pick<Settings, 'reportingCurrency' | 'exchangeRates'>,
  locale: () => string,
  offsets: ZoneOffsets,
): ExchangeRates {
  const problems: string[] = [];
  const typed = settings.reportingCurrency.trim();
  const reporting = typed.toUpperCase();
  const out: ExchangeRates = { reporting: '', rates: new Map(), problems };
  if (typed === '') return out;
  if (!CURRENCIES.includes(reporting)) {
    problems.push(
      `Settings › ${SETTING_NAMES.reportingCurrency} "${typed}" is not an ISO 4217 currency code such as EUR or USD, so reports show no converted total.`,
    );
    return out;
  }
  out.reporting = reporting;
  const candidates = new Map<string, ExchangeRate[]>();
  for (const raw of settings.exchangeRates) {
    const where = `Settings row ${raw.row}`;
    const currency = raw.currency.trim().toUpperCase();
    if (!CURRENCIES.includes(currency)) {
      problems.push(`${where}: ${RATE_HEADERS.currency} "${raw.currency}" is not an ISO 4217 currency code.`);
      continue;
    }
    if (currency === reporting) continue;
    const rate = readRate(raw.rate, currency, where, locale, problems);
    if (rate === null) continue;
    if (!Number.isFinite(rate) || rate <= 0) {
      problems.push(`${where}: the ${currency} rate must be a number above 0.`);
      continue;
    }
    const asOf = dateCellToYmd(raw.asOf, offsets);
    if (!isYmd(asOf)) {
      problems.push(
        `${where}: the ${currency} rate needs the day it was taken in ${RATE_HEADERS.asOf} (a date such as 2026-03-01); a rate is never shown without its date.`,
      );
      continue;
    }
    const list = candidates.get(currency) ?? [];
    list.push({ currency, rate, asOf });
    candidates.set(currency, list);
  }
  for (const [currency, list] of candidates) {
    const latest = list.reduce((a, b) => (b.asOf > a.asOf ? b : a));
    const rivals = list.filter((x) => x.asOf === latest.asOf && x.rate !== latest.rate);
    if (rivals.length > 0) {
      problems.push(
        `Settings lists two different ${currency} rates for ${latest.asOf}; keep one, so reports know which to use.`,
      );
      continue;
    }
    out.rates.set(currency, latest);
  }
  return out;
}

/** A rate cell as a number: a number cell as it is, text read in the spreadsheet's locale; null (and a problem) otherwise. */
function readRate(
  cell: unknown,
  currency: string,
  where: string,
  locale: () => string,
  problems: string[],
): number | null {
  if (typeof cell === 'number') return cell;
  const text = String(cell ?? '').trim();
  if (text === '') {
    problems.push(`${where}: the ${currency} rate is empty.`);
    return null;
  }
  const style = numberStyle(locale());
  const reading = readNumberText(text, style, false);
  if (reading && 'value' in reading) return reading.value;
  if (reading?.problem === 'ambiguous' && reading.readings)
    problems.push(
      `${where}: the ${currency} rate "${text}" could be ${reading.readings[0]} or ${reading.readings[1]} (${describeNumberFormat(style)}); type it so it reads only one way.`,
    );
  else problems.push(`${where}: the ${currency} rate "${text}" is not a number (${describeNumberFormat(style)}).`);
  return null;
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
