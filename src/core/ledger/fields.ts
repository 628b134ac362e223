/**
 * The one table of ledger columns (docs/product.md §3). Headers, schemas, dropdowns, sheet
 * formats and report columns are all derived from it.
 */

export const STATUSES = [
  'Requested',
  'Received',
  'Activated',
  'Spending',
  'Paused',
  'Renewal needed',
  'Expired',
  'Retired',
] as const;
export type Status = (typeof STATUSES)[number];

export const OBJECTIVES = [
  'App installs',
  'Landing page conversions',
  'Catalog sales',
  'Lead generation',
  'Reach',
] as const;
export const ORGANIC_STATUSES = ['Live', 'Edited', 'Removed', 'Ads only', 'Unknown'] as const;
export const PAID_STATUSES = ['Not started', 'Active', 'Paused', 'Ended'] as const;
export const RENEWAL_DECISIONS = ['Undecided', 'Renew', 'Retire'] as const;
export const RETIREMENT_REASONS = [
  'Weak performance',
  'Rights expired',
  'Creator request',
  'Post removed or edited',
  'Campaign ended',
  'Replaced by new code',
  'Other',
] as const;
export const INVOICE_STATUSES = ['Not invoiced', 'Invoiced', 'Paid', 'Disputed'] as const;

/** docs/product.md §5: every one must pass before a code may be requested. */
export const PRE_REQUEST_CHECKS = [
  'Post is live',
  'Sound is final',
  'Caption is final',
  'Comments checked',
  'Creator identity confirmed',
  'Landing page ready',
] as const;

/** docs/product.md §5: activation QA for App installs. The last applies to AI-generated videos only. */
export const ACTIVATION_CHECKS = [
  'Store availability in market',
  'Country targeting',
  'Attribution set up',
  'Landing route tested',
  'Creator disclosure present',
  'Comment moderation owner set',
  'Accuracy review done',
] as const;
export const AI_ONLY_ACTIVATION_CHECK = 'Accuracy review done';

/** Common authorization windows creators pick; any whole number 1–365 is accepted. */
export const COMMON_WINDOWS = [7, 30, 60, 365] as const;

/** docs/product.md §3: prefilled in Settings; agencies may add any ISO code. */
export const DEFAULT_MARKETS = [
  'US',
  'GB',
  'AU',
  'BR',
  'CA',
  'CO',
  'FI',
  'FR',
  'DE',
  'ID',
  'IT',
  'JP',
  'MY',
  'MX',
  'PK',
  'PH',
  'PT',
  'RO',
  'ES',
  'CH',
] as const;

export type FieldKind =
  | 'videoUrl'
  | 'videoId'
  | 'handle'
  | 'text'
  | 'longText'
  | 'settingsList'
  | 'enum'
  | 'market'
  | 'language'
  | 'currency'
  | 'httpsUrl'
  | 'url'
  | 'email'
  | 'days'
  | 'sparkCode'
  | 'date'
  | 'timestamp'
  | 'checks'
  | 'money'
  | 'count'
  | 'bool'
  | 'status';

export interface FieldDef {
  key: string;
  header: string;
  kind: FieldKind;
  /** Allowed values for enum fields. */
  options?: readonly string[];
  /** Which Settings list feeds the dropdown. */
  settingsList?: SettingsListName;
  /** Written by the add-on, never typed by a person. */
  system?: boolean;
  /** Column width in pixels in the Ledger sheet. */
  width: number;
  help: string;
}

export type SettingsListName = 'clients' | 'brands' | 'adAccounts' | 'owners' | 'markets';

export const FIELDS = [
  {
    key: 'videoUrl',
    header: 'Video URL',
    kind: 'videoUrl',
    width: 320,
    help: 'TikTok video link: https://www.tiktok.com/@handle/video/<19-digit id>',
  },
  {
    key: 'videoId',
    header: 'Video ID',
    kind: 'videoId',
    system: true,
    width: 170,
    help: 'Taken from the video URL; kept as text.',
  },
  {
    key: 'creatorHandle',
    header: 'Creator handle',
    kind: 'handle',
    width: 140,
    help: '@ followed by 2–24 letters, digits, _ or .',
  },
  {
    key: 'client',
    header: 'Client',
    kind: 'settingsList',
    settingsList: 'clients',
    width: 140,
    help: 'Pick a client from Settings.',
  },
  { key: 'brand', header: 'Brand', kind: 'text', settingsList: 'brands', width: 120, help: 'Brand name.' },
  { key: 'campaign', header: 'Campaign', kind: 'text', width: 160, help: 'Campaign name as in Ads Manager.' },
  { key: 'objective', header: 'Objective', kind: 'enum', options: OBJECTIVES, width: 170, help: 'Campaign objective.' },
  {
    key: 'adAccount',
    header: 'Ad account',
    kind: 'settingsList',
    settingsList: 'adAccounts',
    width: 150,
    help: 'Advertiser account the code is authorized for (from Settings).',
  },
  {
    key: 'market',
    header: 'Market',
    kind: 'market',
    settingsList: 'markets',
    width: 70,
    help: 'ISO 3166-1 alpha-2 country code from Settings.',
  },
  {
    key: 'language',
    header: 'Language',
    kind: 'language',
    width: 80,
    help: 'BCP 47 language tag, e.g. en, de, pt-BR.',
  },
  { key: 'currency', header: 'Currency', kind: 'currency', width: 80, help: 'ISO 4217 currency code, e.g. USD, EUR.' },
  {
    key: 'landingPage',
    header: 'Landing page',
    kind: 'httpsUrl',
    width: 220,
    help: 'https link (store link for app installs).',
  },
  {
    key: 'approvalOwner',
    header: 'Approval owner',
    kind: 'email',
    settingsList: 'owners',
    width: 190,
    help: 'Email of who approved the final video.',
  },
  {
    key: 'paidOwner',
    header: 'Paid owner',
    kind: 'email',
    settingsList: 'owners',
    width: 190,
    help: 'Email of who owns activation, spend and pauses.',
  },
  {
    key: 'creatorOwner',
    header: 'Creator owner',
    kind: 'email',
    settingsList: 'owners',
    width: 190,
    help: 'Email of who owns communication with the creator.',
  },
  {
    key: 'invoiceOwner',
    header: 'Invoice owner',
    kind: 'email',
    settingsList: 'owners',
    width: 190,
    help: 'Email of who owns invoicing.',
  },
  {
    key: 'requestedDays',
    header: 'Requested window (days)',
    kind: 'days',
    width: 110,
    help: 'Whole number of days, 1–365.',
  },
  {
    key: 'sparkCode',
    header: 'Spark code',
    kind: 'sparkCode',
    width: 240,
    help: 'The code exactly as the creator sent it.',
  },
  {
    key: 'authorizedOn',
    header: 'Authorized on',
    kind: 'date',
    width: 110,
    help: 'Date the creator generated the code.',
  },
  {
    key: 'authDays',
    header: 'Authorization days',
    kind: 'days',
    width: 110,
    help: 'Window the creator chose, 1–365 days.',
  },
  {
    key: 'expiresOn',
    header: 'Expires on',
    kind: 'date',
    system: true,
    width: 110,
    help: 'Authorized on + authorization days; written by the add-on.',
  },
  {
    key: 'status',
    header: 'Status',
    kind: 'status',
    options: STATUSES,
    width: 130,
    help: 'Lifecycle status; change it through the sidebar or follow the allowed transitions.',
  },
  {
    key: 'organicStatus',
    header: 'Organic post',
    kind: 'enum',
    options: ORGANIC_STATUSES,
    width: 110,
    help: 'State of the organic post.',
  },
  {
    key: 'paidStatus',
    header: 'Paid campaign',
    kind: 'enum',
    options: PAID_STATUSES,
    width: 110,
    help: 'State of the paid campaign.',
  },
  {
    key: 'renewalDecision',
    header: 'Renewal decision',
    kind: 'enum',
    options: RENEWAL_DECISIONS,
    width: 120,
    help: 'Renew or retire before expiry.',
  },
  {
    key: 'decisionNote',
    header: 'Decision note',
    kind: 'longText',
    width: 220,
    help: 'Why it was extended or stopped. Internal: never shown to the client.',
  },
  {
    key: 'clientNote',
    header: 'Client note',
    kind: 'longText',
    width: 220,
    help: 'What the client may read about this code. The only free text a client report shows.',
  },
  {
    key: 'retirementReason',
    header: 'Retirement reason',
    kind: 'enum',
    options: RETIREMENT_REASONS,
    width: 170,
    help: 'Why the code was retired.',
  },
  {
    key: 'usageRights',
    header: 'Allowed usage',
    kind: 'longText',
    width: 220,
    help: 'Markets, clients, ad accounts and months allowed.',
  },
  {
    key: 'usageUntil',
    header: 'Usage rights until',
    kind: 'date',
    width: 110,
    help: 'Last day the usage rights cover.',
  },
  {
    key: 'excludedCategories',
    header: 'Excluded categories',
    kind: 'text',
    width: 160,
    help: 'Categories the creator excluded.',
  },
  {
    key: 'preRequestChecks',
    header: 'Pre-request checks',
    kind: 'checks',
    options: PRE_REQUEST_CHECKS,
    width: 220,
    help: 'Gate checks passed before requesting the code.',
  },
  {
    key: 'activationChecks',
    header: 'Activation checks',
    kind: 'checks',
    options: ACTIVATION_CHECKS,
    width: 220,
    help: 'Activation QA checks passed.',
  },
  { key: 'spend', header: 'Spend', kind: 'money', width: 100, help: 'Spend so far in the row currency, 0 or more.' },
  { key: 'conversions', header: 'Conversions', kind: 'count', width: 100, help: 'Whole number, 0 or more.' },
  { key: 'comments', header: 'Comments', kind: 'count', width: 100, help: 'Whole number, 0 or more.' },
  { key: 'spendStart', header: 'Spend start', kind: 'date', width: 110, help: 'First day of spend.' },
  { key: 'spendEnd', header: 'Spend end', kind: 'date', width: 110, help: 'Last day of spend.' },
  {
    key: 'performanceSnapshot',
    header: 'Performance snapshot',
    kind: 'url',
    width: 200,
    help: 'Link to a performance snapshot.',
  },
  { key: 'proofUrl', header: 'Proof', kind: 'url', width: 200, help: 'Link to screenshot proof.' },
  {
    key: 'invoiceStatus',
    header: 'Invoice status',
    kind: 'enum',
    options: INVOICE_STATUSES,
    width: 110,
    help: 'Invoicing state.',
  },
  { key: 'contract', header: 'Contract', kind: 'text', width: 180, help: 'Contract reference or link.' },
  {
    key: 'generationPrompt',
    header: 'Generation prompt',
    kind: 'longText',
    width: 220,
    help: 'Prompt used for an AI-generated video.',
  },
  {
    key: 'humanReviewed',
    header: 'Human reviewed',
    kind: 'bool',
    width: 90,
    help: 'Must be ticked before requesting a code for an AI-generated video.',
  },
  { key: 'usageNotes', header: 'Usage notes', kind: 'longText', width: 220, help: 'Notes on usage.' },
  // The connection to TikTok and TokPortal (docs/product.md §9): written by the add-on from what they answer.
  {
    key: 'tokportalVideo',
    header: 'TokPortal video',
    kind: 'text',
    width: 130,
    help: 'The video’s id in TokPortal, when TokPortal made it: Request via TokPortal asks them for its Spark code.',
  },
  {
    key: 'tokportalRequest',
    header: 'TokPortal request',
    kind: 'text',
    system: true,
    width: 170,
    help: 'Where the ad-code request to TokPortal stands: asked on a day, in review, or the code received.',
  },
  {
    key: 'tiktokCheck',
    header: 'TikTok check',
    kind: 'text',
    system: true,
    width: 190,
    help: 'Whether TikTok confirmed this code belongs to this post, and when; "Not yet checked" is checked at the next sync.',
  },
  {
    key: 'tiktokWindow',
    header: 'TikTok window (UTC)',
    kind: 'text',
    system: true,
    width: 260,
    help: 'The authorization window TikTok reports for the code, to the second, in UTC.',
  },
  {
    key: 'postType',
    header: 'Post type',
    kind: 'text',
    system: true,
    width: 90,
    help: 'Video or Photo (a carousel), as TikTok reports it.',
  },
  {
    key: 'tiktokIdentity',
    header: 'TikTok identity',
    kind: 'text',
    system: true,
    width: 160,
    help: 'The account the code authorizes ads from, as TikTok names it.',
  },
  {
    key: 'figuresFrom',
    header: 'Figures from',
    kind: 'text',
    system: true,
    width: 150,
    help: 'Where Spend, Conversions and Comments come from: "TikTok" and the day they were fetched, or blank when typed.',
  },
  {
    key: 'lastAlertOn',
    header: 'Last alert',
    kind: 'date',
    system: true,
    width: 110,
    help: 'Date the last expiry alert went out.',
  },
  {
    key: 'updatedAt',
    header: 'Last updated',
    kind: 'timestamp',
    system: true,
    width: 150,
    help: 'When the add-on last wrote this row.',
  },
  { key: 'updatedBy', header: 'Updated by', kind: 'email', system: true, width: 190, help: 'Who last wrote this row.' },
] as const satisfies readonly FieldDef[];

export type FieldKey = (typeof FIELDS)[number]['key'];

export const FIELD_KEYS: readonly FieldKey[] = FIELDS.map((f) => f.key);

const byKey = new Map<string, FieldDef>(FIELDS.map((f) => [f.key, f as FieldDef]));

export function fieldDef(key: string): FieldDef | undefined {
  return byKey.get(key);
}

export function fieldLabel(key: string): string {
  return byKey.get(key)?.header ?? (key === '' ? 'Request' : key);
}

export const NUMBER_KINDS: ReadonlySet<FieldKind> = new Set<FieldKind>(['days', 'money', 'count']);

/** Value types of a record on the wire (docs/api.md). */
export type FieldValue = string | number | boolean | string[];
export type LedgerRecord = {
  [K in FieldKey]: K extends 'preRequestChecks' | 'activationChecks'
    ? string[]
    : K extends 'humanReviewed'
      ? boolean
      : K extends 'requestedDays' | 'authDays' | 'spend' | 'conversions' | 'comments'
        ? number | ''
        : string;
} & { row: number };

export function emptyRecord(): LedgerRecord {
  const rec: Record<string, FieldValue> = { row: 0 } as unknown as Record<string, FieldValue>;
  for (const f of FIELDS) rec[f.key] = emptyValue(f.kind);
  (rec as unknown as { row: number }).row = 0;
  return rec as unknown as LedgerRecord;
}

export function emptyValue(kind: FieldKind): FieldValue {
  if (kind === 'checks') return [];
  if (kind === 'bool') return false;
  return '';
}
