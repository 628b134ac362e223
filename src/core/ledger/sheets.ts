/** The sheets the add-on owns (docs/product.md §2) and the columns of its own logs. */
export const SHEET = {
  ledger: 'Ledger',
  settings: 'Settings',
  audit: 'Audit',
  codeHistory: 'Code history',
  archive: 'Archive',
} as const;

export const REPORT_PREFIX = 'Report · ';

export type Via =
  | 'sidebar'
  | 'sheet edit'
  | 'daily check'
  | 'import'
  | 'archive'
  | 'setup'
  | 'repair'
  | 'menu'
  | 'TikTok sync'
  | 'TokPortal';

export const AUDIT_HEADERS = ['When', 'Who', 'Video URL', 'Field', 'Old value', 'New value', 'Via'] as const;

export const CODE_HISTORY_HEADERS = [
  'Video URL',
  'Spark code',
  'Authorized on',
  'Authorization days',
  'Expires on',
  'Replaced on',
  'Reason',
  'Replaced by',
] as const;

export interface AuditEntry {
  when: string; // ISO timestamp
  who: string;
  videoUrl: string;
  field: string; // the column header, or an event such as "Expiry alert deferred"
  oldValue: string;
  newValue: string;
  via: Via;
}
