/** Plausible ledger data for tests. */
import type { Emulator } from '@spark-ledger/gas-emulator';

export const CLIENTS = ['Acme Apps', 'Northwind Foods', 'Globex Games'];
export const AD_ACCOUNTS = ['ACME-US-001', 'NW-EU-002', 'GLX-APAC-003'];
export const OWNERS = [
  'paid@agency.example',
  'creator@agency.example',
  'approve@agency.example',
  'invoice@agency.example',
];
export const BRANDS = ['Acme', 'Northwind', 'Globex'];

export interface SeedLists {
  clients?: string[];
  adAccounts?: string[];
  owners?: string[];
  brands?: string[];
  /** "Ad account client": the client of the ad account on the same row ('' = any client). Default: none. */
  adAccountClients?: string[];
  /** "Brand client": the client of the brand on the same row. Default: none. */
  brandClients?: string[];
  /** "Agency domains", one a row. Default: the fixtures' own agency.example, so every test owner may be mailed. */
  agencyDomains?: string[];
}

export const AGENCY_DOMAINS = ['agency.example'];

/** Fills the Settings lists the way an agency would type them. */
export function seedSettings(emu: Emulator, lists: SeedLists = {}): void {
  const sheet = emu.spreadsheet.getSheetByName('Settings');
  if (!sheet) throw new Error('run setupLedger first');
  const header = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0].map(String);
  const put = (h: string, values: string[]) => {
    const col = header.indexOf(h) + 1;
    if (col < 1 || values.length === 0) return;
    sheet.getRange(2, col, values.length, 1).setValues(values.map((v) => [v]));
  };
  put('Clients', lists.clients ?? CLIENTS);
  put('Ad accounts', lists.adAccounts ?? AD_ACCOUNTS);
  put('Owners', lists.owners ?? OWNERS);
  put('Brands', lists.brands ?? BRANDS);
  put('Ad account client', lists.adAccountClients ?? []);
  put('Brand client', lists.brandClients ?? []);
  put('Agency domains', lists.agencyDomains ?? AGENCY_DOMAINS);
  emu.calls.reset();
}

/** A TikTok URL with a 19-digit id unique to n. */
export function videoUrl(n: number, handle = 'creator.one'): string {
  return `https://www.tiktok.com/@${handle}/video/${`74123456789${String(1234567 + n).padStart(8, '0')}`}`;
}

export function sparkCode(n: number): string {
  return `#tDYPaG3Bqpz5XP1c7sFD6Bik0zk2qQbJ${n.toString(36).padStart(6, '0')}+/Gp6y39SN3=`;
}

export const ALL_PRE_CHECKS = [
  'Post is live',
  'Sound is final',
  'Caption is final',
  'Comments checked',
  'Creator identity confirmed',
  'Landing page ready',
];

export function requestInput(n: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    videoUrl: videoUrl(n),
    creatorHandle: '@creator.one',
    client: CLIENTS[n % CLIENTS.length],
    brand: BRANDS[n % BRANDS.length],
    campaign: `Spring launch ${n % 5}`,
    market: 'US',
    requestedDays: 30,
    adAccount: AD_ACCOUNTS[n % AD_ACCOUNTS.length],
    approvalOwner: 'approve@agency.example',
    preRequestChecks: ALL_PRE_CHECKS,
    ...overrides,
  };
}

export const ALL_ACTIVATION_CHECKS = [
  'Store availability in market',
  'Country targeting',
  'Attribution set up',
  'Landing route tested',
  'Creator disclosure present',
  'Comment moderation owner set',
  'Accuracy review done',
];

export function activationFields(): Record<string, unknown> {
  return {
    objective: 'Landing page conversions',
    paidOwner: 'paid@agency.example',
    creatorOwner: 'creator@agency.example',
    language: 'en',
    currency: 'USD',
    landingPage: 'https://acme.example/spring',
  };
}

/** The headers of an agency's CSV of requests, as the import reads them. */
export const IMPORT_HEADERS = [
  'Video URL',
  'Creator handle',
  'Client',
  'Brand',
  'Campaign',
  'Market',
  'Requested window (days)',
  'Ad account',
  'Approval owner',
  'Pre-request checks',
];

/** One CSV line for fixture row n, by header; `o` overrides or adds cells, `headers` orders them. */
export function importLine(n: number, o: Record<string, string> = {}, headers = IMPORT_HEADERS): string[] {
  const r = requestInput(n);
  const base: Record<string, string> = {
    'Video URL': String(r.videoUrl),
    'Creator handle': String(r.creatorHandle),
    Client: String(r.client),
    Brand: String(r.brand),
    Campaign: String(r.campaign),
    Market: 'US',
    'Requested window (days)': '30',
    'Ad account': String(r.adAccount),
    'Approval owner': 'approve@agency.example',
    'Pre-request checks': ALL_PRE_CHECKS.join('; '),
    ...o,
  };
  return headers.map((h) => base[h] ?? '');
}
