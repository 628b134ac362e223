/**
 * What needs a person now (docs/product.md §4, §6): the sidebar's Today list
 * and Validate ledger both ask this, so neither says "all ready" while the
 * daily email has work.
 */
import { daysBetween } from '../ledger/dates';
import type { LedgerRecord, Status } from '../ledger/fields';
import { RENEWAL_WINDOW_HOURS, isStatus, paidStatusFor } from './lifecycle';

export type AttentionKind =
  | 'expired'
  | 'tiktok'
  | 'decide'
  | 'renew'
  | 'retire'
  | 'waiting'
  | 'activate'
  | 'paidMismatch';

/** What the line's button does: the sidebar tab it opens on the row. */
export type NextStep = 'decide' | 'code' | 'status' | 'edit';

export interface AttentionItem {
  kind: AttentionKind;
  next: NextStep;
  videoUrl: string;
  creatorHandle: string;
  client: string;
  campaign: string;
  market: string;
  status: string;
  expiresOn: string;
  /** Hours until the code expires (negative once it has); null without an expiry. */
  hoursLeft: number | null;
  /** Days a Requested row has waited, counted from its last update; null otherwise. */
  waitingDays: number | null;
  /** One sentence: what is wrong and what to do. */
  says: string;
}

export interface AttentionContext {
  today: string;
  /** Hours from now until 00:00 of a date in the spreadsheet's zone. */
  hoursUntil(ymd: string): number;
}

/** A Requested row waiting longer than this is late: the creator should be asked again. */
export const REQUESTED_TOO_LONG_DAYS = 7;

/** The owner columns that make a row "mine". */
export const OWNER_KEYS = ['paidOwner', 'creatorOwner', 'approvalOwner', 'invoiceOwner'] as const;

/** Columns the list needs, so the shell reads only those. */
export const ATTENTION_KEYS = [
  'videoUrl',
  'creatorHandle',
  'client',
  'campaign',
  'market',
  'status',
  'expiresOn',
  'renewalDecision',
  'paidStatus',
  'updatedAt',
  'organicStatus',
  'tiktokCheck',
  ...OWNER_KEYS,
] as const;

const LIVE: readonly Status[] = ['Received', 'Activated', 'Spending', 'Paused'];

/** Order of the list: what costs money soonest first. */
const RANK: Record<AttentionKind, number> = {
  expired: 0,
  tiktok: 0.5,
  decide: 1,
  renew: 2,
  retire: 3,
  paidMismatch: 4,
  activate: 5,
  waiting: 6,
};

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function timeLeft(hours: number): string {
  if (hours <= 0) return 'expires today';
  if (hours < 24) return `expires in ${plural(Math.max(1, Math.round(hours)), 'hour')}`;
  return `expires in ${plural(Math.floor(hours / 24), 'day')}`;
}

function ymdOf(iso: unknown): string {
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(String(iso ?? ''));
  return m ? m[1] : '';
}

/**
 * The paid campaign a status does not allow. Status implies its campaign
 * (paidStatusFor), and the converse holds too: an Active campaign is a row
 * Spending (or in Renewal needed, whose ad still runs), Paused is Paused,
 * Ended is Retired or Expired.
 */
export function paidMismatch(status: string, paid: string): string | null {
  if (!isStatus(status) || paid === '') return null;
  const implied = paidStatusFor(status);
  if (implied !== null && implied !== paid)
    return `Paid campaign is ${paid} but the row is ${status}: make it ${implied}.`;
  const allowed: Record<string, readonly string[]> = {
    Active: ['Spending', 'Renewal needed'],
    Paused: ['Paused', 'Renewal needed'],
    Ended: ['Retired', 'Expired'],
  };
  const ok = allowed[paid];
  if (ok && !ok.includes(status))
    return `Paid campaign is ${paid} but the row is ${status}: change the status or the paid campaign so they agree.`;
  return null;
}

/** Why one row needs a person, or null. */
export function attentionOf(rec: LedgerRecord, ctx: AttentionContext): AttentionItem | null {
  const status = String(rec.status ?? '');
  const expiresOn = String(rec.expiresOn ?? '');
  const hoursLeft = expiresOn ? ctx.hoursUntil(expiresOn) : null;
  const base = {
    videoUrl: String(rec.videoUrl ?? ''),
    creatorHandle: String(rec.creatorHandle ?? ''),
    client: String(rec.client ?? ''),
    campaign: String(rec.campaign ?? ''),
    market: String(rec.market ?? ''),
    status,
    expiresOn,
    hoursLeft,
    waitingDays: null as number | null,
  };
  const decision = String(rec.renewalDecision ?? '');
  const undecided = decision === '' || decision === 'Undecided';
  if (status === 'Expired') {
    return {
      ...base,
      kind: 'expired',
      next: 'decide',
      says: `Expired ${expiresOn || 'earlier'}: its ads have stopped. Renew with a new code or retire it.`,
    };
  }
  // What TikTok said (docs/product.md §9): a running code on a removed post, or a saved code for another post.
  const running = LIVE.includes(status as Status) || status === 'Renewal needed';
  const check = String(rec.tiktokCheck ?? '');
  if (running && String(rec.organicStatus ?? '') === 'Removed')
    return {
      ...base,
      kind: 'tiktok',
      next: 'decide',
      says: 'TikTok says the post was removed: pause the ad in Ads Manager and retire the code.',
    };
  if (running && check.startsWith('This code belongs to another post'))
    return { ...base, kind: 'tiktok', next: 'decide', says: `${check} Renew with this video's code.` };
  const soon = hoursLeft !== null && hoursLeft <= RENEWAL_WINDOW_HOURS;
  if (status === 'Renewal needed' || (soon && LIVE.includes(status as Status))) {
    const left = hoursLeft === null ? 'needs a renewal' : timeLeft(hoursLeft);
    if (undecided)
      return {
        ...base,
        kind: 'decide',
        next: 'decide',
        says: `Code ${left}; no decision yet: renew, extend or retire.`,
      };
    if (decision === 'Renew')
      return {
        ...base,
        kind: 'renew',
        next: 'decide',
        says: `Code ${left}; decided Renew: record the new or extended code.`,
      };
    return { ...base, kind: 'retire', next: 'decide', says: `Code ${left}; decided Retire: retire the row.` };
  }
  const mismatch = paidMismatch(status, String(rec.paidStatus ?? ''));
  if (mismatch) return { ...base, kind: 'paidMismatch', next: 'status', says: mismatch };
  if (status === 'Received') {
    return { ...base, kind: 'activate', next: 'status', says: 'Code received, not activated yet: activate it.' };
  }
  if (status === 'Requested') {
    const since = ymdOf(rec.updatedAt);
    const days = since ? Math.max(0, daysBetween(since, ctx.today)) : null;
    const age = days === null ? '' : days === 0 ? ' since today' : ` for ${plural(days, 'day')}`;
    const late = days !== null && days > REQUESTED_TOO_LONG_DAYS;
    return {
      ...base,
      waitingDays: days,
      kind: 'waiting',
      next: 'code',
      says: `Waiting for the creator's code${age}.${late ? ' Ask the creator again.' : ' Record it when it comes.'}`,
    };
  }
  return null;
}

/** Whether `user` is one of the row's owners (addresses compared without case). */
export function isMine(rec: LedgerRecord, user: string): boolean {
  const me = user.trim().toLowerCase();
  return (
    me !== '' &&
    OWNER_KEYS.some(
      (k) =>
        String(rec[k] ?? '')
          .trim()
          .toLowerCase() === me,
    )
  );
}

export interface AttentionList {
  items: AttentionItem[];
  /** Lines per kind, before any limit. */
  counts: Partial<Record<AttentionKind, number>>;
  total: number;
}

/** Every row that needs a person, most urgent first; `mine` keeps the rows `user` owns. */
export function attentionList(
  records: readonly LedgerRecord[],
  ctx: AttentionContext,
  opts: { user?: string; mine?: boolean; limit?: number } = {},
): AttentionList {
  const items: AttentionItem[] = [];
  for (const rec of records) {
    if (opts.mine && !isMine(rec, opts.user ?? '')) continue;
    const item = attentionOf(rec, ctx);
    if (item) items.push(item);
  }
  items.sort(
    (a, b) =>
      RANK[a.kind] - RANK[b.kind] ||
      (a.hoursLeft ?? Infinity) - (b.hoursLeft ?? Infinity) ||
      (b.waitingDays ?? 0) - (a.waitingDays ?? 0) ||
      a.creatorHandle.localeCompare(b.creatorHandle),
  );
  const counts: Partial<Record<AttentionKind, number>> = {};
  for (const i of items) counts[i.kind] = (counts[i.kind] ?? 0) + 1;
  const limit = opts.limit ?? Infinity;
  return { items: items.slice(0, limit), counts, total: items.length };
}

/**
 * What Validate ledger adds to its row problems: the lines the daily email
 * would carry (expired, a decision due within 72 hours) and those that wait
 * on a person for too long. A code merely received, or requested days ago,
 * is normal work and not reported there.
 */
export function needsPerson(item: AttentionItem): boolean {
  if (item.kind === 'activate') return false;
  if (item.kind === 'waiting') return (item.waitingDays ?? 0) > REQUESTED_TOO_LONG_DAYS;
  return true;
}

const KIND_TITLES: Record<AttentionKind, [string, string]> = {
  expired: ['code has expired', 'codes have expired'],
  tiktok: [
    'code runs on a post TikTok reports removed, or is for another post',
    'codes run on posts TikTok reports removed, or are for another post',
  ],
  decide: ['code expires within 72 hours with no decision', 'codes expire within 72 hours with no decision'],
  renew: ['code is decided Renew and waits for its new code', 'codes are decided Renew and wait for their new code'],
  retire: ['code is decided Retire and is not retired yet', 'codes are decided Retire and are not retired yet'],
  paidMismatch: [
    'row has a paid campaign that disagrees with its status',
    'rows have a paid campaign that disagrees with their status',
  ],
  activate: ['code is received and not activated', 'codes are received and not activated'],
  waiting: [
    `request has waited more than ${REQUESTED_TOO_LONG_DAYS} days for its code`,
    `requests have waited more than ${REQUESTED_TOO_LONG_DAYS} days for their code`,
  ],
};

/** "2 codes have expired", "1 code expires within 72 hours with no decision", in the list's order. */
export function kindSentence(kind: AttentionKind, n: number): string {
  const [one, many] = KIND_TITLES[kind];
  return `${n} ${n === 1 ? one : many}`;
}

export function kindOrder(): AttentionKind[] {
  return (Object.keys(RANK) as AttentionKind[]).sort((a, b) => RANK[a] - RANK[b]);
}
