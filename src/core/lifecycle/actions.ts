/**
 * What each ledger action decides, as plain functions of plain data. The shell
 * supplies the rows it read and writes back the plan these return.
 */
import { expiryDate } from '../ledger/dates';
import { type FieldError, dedupeErrors } from '../ledger/errors';
import { FIELDS, type FieldKey, type FieldValue, type LedgerRecord, type Status, emptyRecord } from '../ledger/fields';
import {
  RENEWAL_NOTE_REQUIRED,
  RENEWAL_WINDOW_HOURS,
  isStatus,
  paidStatusFor,
  paidStatusOnEntering,
  requirementErrors,
  retirementNoteErrors,
  statusAfterRenewal,
  statusBeforeRenewalNeeded,
  transitionErrors,
} from './lifecycle';
import { type ActionName, type Input, parseInput } from '../ledger/schemas';
import {
  FIELDS_FROM_SETTINGS,
  type Settings,
  clientOf,
  findInList,
  ownerPolicy,
  ownerRefusal,
} from '../ledger/settings';
import { changedKeys } from '../ledger/sheetRow';
import { completeVideoUrl, handlesConflict, parseVideoUrl } from '../ledger/video';

export interface ActionContext {
  settings: Settings;
  /** Today in the spreadsheet's time zone, YYYY-MM-DD. */
  today: string;
  /** Now as an ISO timestamp. */
  nowIso: string;
  user: string;
  /** Hours from now until the start of `expiresOn` in the spreadsheet's zone. */
  hoursUntil(expiresOn: string): number;
  /** The spreadsheet's locale: numbers sent as text are read in it ('' or absent: only what reads the same everywhere). */
  locale?: string;
}

/** Finds rows by identity; backed by one read of the ledger. */
export interface LedgerLookup {
  rowOfVideoId(videoId: string): number | null;
  rowOfSparkCode(code: string): number | null;
  record(row: number): LedgerRecord;
  /**
   * Where `code` was held before: its entries in Code history and Archive,
   * each with the video it belonged to. Asked only when a code is being
   * recorded or renewed, so the shell reads those sheets only then. A
   * lookup without it (an older caller) checks the Ledger only.
   */
  pastUsesOfCode?(code: string): PastCodeUse[];
  /**
   * The status the video had before it last became Renewal needed, as the
   * Audit tells it ('' when the Audit does not hold that line). Asked only
   * by a renewal from Renewal needed.
   */
  statusBeforeRenewalNeeded?(videoId: string): string;
}

/** A code's entry in Code history or Archive. */
export interface PastCodeUse {
  videoUrl: string;
  sheet: 'Code history' | 'Archive';
  /** Row in that sheet. */
  row: number;
}

export interface CodeHistoryEntry {
  videoUrl: string;
  sparkCode: string;
  authorizedOn: string;
  authDays: number | '';
  expiresOn: string;
  replacedOn: string;
  reason: string;
  by: string;
}

export interface Plan {
  /** Row to write, or null to append a new one. */
  row: number | null;
  before: LedgerRecord | null;
  after: LedgerRecord;
  /** Fields that change (the ones to write and audit), system fields included. */
  changed: FieldKey[];
  history?: CodeHistoryEntry;
  /** Audit lines beyond the changed fields: what was typed where TikTok's word replaced it (core/connect/check.ts). */
  notes?: { field: string; oldValue: string; newValue: string }[];
}

export type PlanResult = { ok: true; plan: Plan } | { ok: false; errors: FieldError[] };

const SETTINGS_FIELDS = FIELDS_FROM_SETTINGS;

function label(key: FieldKey): string {
  return FIELDS.find((f) => f.key === key)?.header ?? key;
}

const OWNER_FIELDS: FieldKey[] = ['approvalOwner', 'paidOwner', 'creatorOwner', 'invoiceOwner'];

/**
 * docs/product.md §8: owners are addresses on the Settings owner list or in the agency's
 * domains, since the expiry check mails them. Only the owners being set are
 * checked; with neither list in Settings any valid address is taken.
 */
function ownerCheck(values: Input, settings: Settings, errors: FieldError[]): void {
  const policy = ownerPolicy(settings);
  for (const key of OWNER_FIELDS) {
    const v = values[key];
    if (typeof v !== 'string' || v === '') continue;
    const why = ownerRefusal(v, policy);
    if (why !== null) errors.push({ field: key, message: `${label(key)}: ${why}` });
    else values[key] = findInList(policy.owners, v) ?? v;
  }
}

/**
 * docs/product.md §8: ad accounts and brands belong to clients (Settings says which);
 * one listed without a client belongs to any client.
 */
function belongingCheck(rec: LedgerRecord, settings: Settings, errors: FieldError[]): void {
  const client = String(rec.client ?? '').trim();
  if (client === '') return;
  const links: { key: FieldKey; map: Settings['adAccountClients'] | undefined; column: string; plural: string }[] = [
    { key: 'adAccount', map: settings.adAccountClients, column: 'Ad account client', plural: 'ad accounts' },
    { key: 'brand', map: settings.brandClients, column: 'Brand client', plural: 'brands' },
  ];
  for (const { key, map, column, plural } of links) {
    const v = String(rec[key] ?? '').trim();
    if (v === '') continue;
    const owner = clientOf(map, v);
    if (owner !== null && owner.trim().toLowerCase() !== client.toLowerCase()) {
      errors.push({
        field: key,
        message: `${label(key)}: ${v} belongs to client ${owner}, not ${client}. Pick one of ${client}'s ${plural}, or correct ${column} in Settings.`,
      });
    }
  }
}

/**
 * The docs/product.md §8 rules a row already in the ledger can break, for Validate ledger:
 * its ad account or brand belongs to another client, an owner is outside the
 * Owners list and the agency's domains, or Paid campaign disagrees with Status.
 */
export function standingRuleErrors(rec: LedgerRecord, settings: Settings): FieldError[] {
  const errors: FieldError[] = [];
  belongingCheck(rec, settings, errors);
  const policy = ownerPolicy(settings);
  for (const key of OWNER_FIELDS) {
    const v = String(rec[key] ?? '').trim();
    const why = v === '' ? null : ownerRefusal(v, policy);
    if (why !== null) errors.push({ field: key, message: `${label(key)}: ${why}` });
  }
  const implied = isStatus(String(rec.status)) ? paidStatusFor(rec.status as Status) : null;
  if (implied !== null && String(rec.paidStatus ?? '') !== implied) {
    errors.push({
      field: 'paidStatus',
      message: `Paid campaign is ${rec.paidStatus || 'empty'} but the row is ${rec.status}: it should be ${implied}.`,
    });
  }
  return errors;
}

const BELONGING_FIELDS: FieldKey[] = ['client', 'adAccount', 'brand'];

function touchesBelonging(values: Input): boolean {
  return BELONGING_FIELDS.some((k) => k in values);
}

/** Values drawn from Settings must be on its lists; matched regardless of case. */
function settingsCheck(values: Input, settings: Settings, errors: FieldError[]): void {
  for (const { key, list, where } of SETTINGS_FIELDS) {
    const v = values[key];
    if (typeof v !== 'string' || v === '') continue;
    const found = findInList(settings[list] as string[], v);
    if (found === null)
      errors.push({
        field: key,
        message: `${label(key)} "${v}" is not on the Settings list ${where}; pick one from the list or add it to Settings first.`,
      });
    else values[key] = found;
  }
}

/** docs/product.md §1: a mobile link (m.tiktok.com/v/<id>.html) names no handle; the row's Creator handle completes it. */
const HANDLE_FOR_MOBILE_LINK =
  'Creator handle is needed with a mobile link (https://m.tiktok.com/v/….html), which names no creator: enter the @handle, and the link is kept as https://www.tiktok.com/@handle/video/<id>.';

function crossChecks(rec: LedgerRecord, touched: Input, errors: FieldError[], ctx: ActionContext): void {
  if (rec.videoUrl && ('videoUrl' in touched || 'creatorHandle' in touched)) {
    const parsed = parseVideoUrl(rec.videoUrl);
    // A link still without a handle here could not be completed: the row has no valid Creator handle.
    if (parsed && parsed.handle === '') errors.push({ field: 'creatorHandle', message: HANDLE_FOR_MOBILE_LINK });
    else if (parsed && rec.creatorHandle && handlesConflict(parsed.handle, rec.creatorHandle)) {
      errors.push({
        field: 'creatorHandle',
        message: `Creator handle ${rec.creatorHandle} does not match the handle in the video URL (${parsed.handle}).`,
      });
    }
  }
  if ('authorizedOn' in touched && rec.authorizedOn && rec.authorizedOn > ctx.today) {
    errors.push({
      field: 'authorizedOn',
      message: `Authorized on (${rec.authorizedOn}) is in the future; use the date the creator generated the code (today is ${ctx.today}).`,
    });
  }
  if (
    ('spendEnd' in touched || 'spendStart' in touched) &&
    rec.spendStart &&
    rec.spendEnd &&
    rec.spendEnd < rec.spendStart
  ) {
    errors.push({
      field: 'spendEnd',
      message: `Spend end (${rec.spendEnd}) is before spend start (${rec.spendStart}).`,
    });
  }
}

function hoursToExpiry(rec: LedgerRecord, ctx: ActionContext): number | null {
  return rec.expiresOn ? ctx.hoursUntil(rec.expiresOn) : null;
}

function merge(base: LedgerRecord, values: Input): LedgerRecord {
  const rec = { ...base, ...values } as LedgerRecord;
  if (typeof values.videoUrl === 'string') rec.videoUrl = wholeLink(values.videoUrl, base.videoUrl, rec.creatorHandle);
  return rec;
}

/**
 * The link a row keeps when `link` names no handle (a mobile link): the row's
 * own full link for the same post when its handle still fits, else `link`
 * completed with the Creator handle (still handle-less when there is none).
 */
function wholeLink(link: string, had: string, creatorHandle: string): string {
  const p = parseVideoUrl(link);
  if (p?.handle !== '') return link;
  const own = parseVideoUrl(had);
  if (own && own.videoId === p.videoId && own.handle !== '' && !handlesConflict(own.handle, creatorHandle)) return had;
  return completeVideoUrl(link, creatorHandle);
}

function stamp(rec: LedgerRecord, ctx: ActionContext): void {
  rec.updatedAt = ctx.nowIso;
  rec.updatedBy = ctx.user;
}

function withExpiry(rec: LedgerRecord): void {
  if (rec.authorizedOn && typeof rec.authDays === 'number') rec.expiresOn = expiryDate(rec.authorizedOn, rec.authDays);
}

function codeDuplicate(code: FieldValue | undefined, ownRow: number | null, lookup: LedgerLookup): FieldError | null {
  if (typeof code !== 'string' || code === '') return null;
  const row = lookup.rowOfSparkCode(code);
  if (row !== null && row !== ownRow) {
    return {
      field: 'sparkCode',
      message: `This Spark code is already in the ledger on row ${row}; each code belongs to one video.`,
    };
  }
  return null;
}

/**
 * docs/product.md §8: a code is unique across the Ledger, Code history and Archive. A
 * code once held by another post is refused, naming where it is. The same
 * post may get back a code it had before: the rule keeps one post's
 * authorization off every other post, and on its own post the code is that
 * post's authorization (a creator's extension keeps the code; a video
 * archived and requested again still has its code). TikTok itself refuses
 * a code whose window has closed.
 */
export function pastCodeConflict(
  code: FieldValue | undefined,
  videoUrl: string,
  lookup: LedgerLookup,
): FieldError | null {
  if (!lookup.pastUsesOfCode || typeof code !== 'string' || code.trim() === '') return null;
  const own = parseVideoUrl(videoUrl)?.videoId ?? null;
  for (const use of lookup.pastUsesOfCode(code)) {
    const id = parseVideoUrl(use.videoUrl)?.videoId ?? null;
    if (own !== null && id === own) continue;
    const whose = use.videoUrl.trim() !== '' ? `the video ${use.videoUrl.trim()}` : 'a video whose URL is blank there';
    return {
      field: 'sparkCode',
      message: `This Spark code belonged to ${whose} (${use.sheet}, row ${use.row}); a code that once belonged to one post never goes on another. Ask the creator for this video's own code.`,
    };
  }
  return null;
}

/** Duplicate checks for a code being recorded on `ownRow`: the Ledger always, Code history and Archive only when the code is new to the row. */
function codeConflicts(
  code: FieldValue | undefined,
  before: LedgerRecord | null,
  ownRow: number | null,
  videoUrl: string,
  lookup: LedgerLookup,
): FieldError[] {
  const dup = codeDuplicate(code, ownRow, lookup);
  if (dup) return [dup];
  if (typeof code !== 'string' || (before && code === before.sparkCode)) return [];
  const past = pastCodeConflict(code, videoUrl, lookup);
  return past ? [past] : [];
}

function locate(values: Input, lookup: LedgerLookup): { row: number; rec: LedgerRecord } | FieldError {
  const parsed = parseVideoUrl(String(values.videoUrl ?? ''));
  const row = parsed ? lookup.rowOfVideoId(parsed.videoId) : null;
  if (!parsed || row === null) {
    return {
      field: 'videoUrl',
      message: `No row in the ledger has the video ${String(values.videoUrl ?? '')}; request a code for it first.`,
    };
  }
  return { row, rec: lookup.record(row) };
}

/** The row an action on an existing video works on, or the failure that ends the action with every error so far. */
function existingRow(
  values: Input,
  lookup: LedgerLookup,
  errors: FieldError[],
  bad: Set<string>,
): { row: number; rec: LedgerRecord } | { ok: false; errors: FieldError[] } {
  const found = locate(values, lookup);
  if (!('field' in found)) return found;
  // A video URL that did not parse has its own error already.
  return { ok: false, errors: dedupeErrors([...errors, ...(bad.has('videoUrl') ? [] : [found])]) };
}

function finish(
  before: LedgerRecord | null,
  after: LedgerRecord,
  row: number | null,
  errors: FieldError[],
  history?: CodeHistoryEntry,
): PlanResult {
  if (errors.length) return { ok: false, errors: dedupeErrors(errors) };
  const changed = before
    ? changedKeys(before, after)
    : FIELDS.map((f) => f.key).filter((k) => changedKeys({}, { [k]: after[k] }).length);
  return { ok: true, plan: { row, before, after, changed, history } };
}

/** Parse errors plus whatever can still be checked on the fields that did parse. */
function parsed(
  action: ActionName,
  input: unknown,
  locale?: string,
): { values: Input; errors: FieldError[]; bad: Set<string> } {
  const r = parseInput(action, input, locale);
  if (r.ok) return { values: r.value, errors: [], bad: new Set() };
  // Re-parse field by field so that good fields still get their cross-checks.
  const values: Input = {};
  const bad = new Set(r.errors.map((e) => e.field));
  if (input && typeof input === 'object' && !Array.isArray(input)) {
    for (const [k, v] of Object.entries(input as Record<string, unknown>)) {
      if (bad.has(k)) continue;
      const one = parseInput('record', { [k]: v }, locale);
      if (one.ok) Object.assign(values, one.value);
    }
  }
  return { values, errors: r.errors, bad };
}

function dropBad(errors: FieldError[], bad: Set<string>): FieldError[] {
  return errors.filter((e) => !bad.has(e.field));
}

export function planRequestCode(input: unknown, ctx: ActionContext, lookup: LedgerLookup): PlanResult {
  const { values, errors, bad } = parsed('requestCode', input, ctx.locale);
  settingsCheck(values, ctx.settings, errors);
  ownerCheck(values, ctx.settings, errors);
  const rec = merge(emptyRecord(), {
    renewalDecision: 'Undecided',
    paidStatus: 'Not started',
    invoiceStatus: 'Not invoiced',
    ...values,
    status: 'Requested',
  });
  const url = parseVideoUrl(rec.videoUrl);
  if (url) rec.videoId = url.videoId;
  crossChecks(rec, values, errors, ctx);
  belongingCheck(rec, ctx.settings, errors);
  const named = errors.some((e) => e.message === HANDLE_FOR_MOBILE_LINK) ? new Set([...bad, 'creatorHandle']) : bad;
  errors.push(...dropBad(requirementErrors('Requested', rec), named));
  if (url) {
    const row = lookup.rowOfVideoId(url.videoId);
    if (row !== null) {
      const other = lookup.record(row);
      errors.push({
        field: 'videoUrl',
        message: `This video is already in the ledger on row ${row} (status ${other.status || 'blank'}); update that row instead.`,
      });
    }
  }
  errors.push(...codeConflicts(rec.sparkCode, null, null, rec.videoUrl, lookup));
  stamp(rec, ctx);
  return finish(null, rec, null, errors);
}

export function planRecordCode(input: unknown, ctx: ActionContext, lookup: LedgerLookup): PlanResult {
  const { values, errors, bad } = parsed('recordCode', input, ctx.locale);
  const found = existingRow(values, lookup, errors, bad);
  if ('ok' in found) return found;
  const before = found.rec;
  const from = isStatus(before.status) ? before.status : '';
  if (from !== 'Requested') {
    const hint =
      from === 'Renewal needed' || from === 'Expired'
        ? ' use Renew to record a new code.'
        : ' a code is recorded once, on a Requested row.';
    errors.push({ field: 'status', message: `Row ${found.row} is ${from || 'blank'}, not Requested:${hint}` });
  }
  const after = merge(before, { ...values, status: 'Received' });
  withExpiry(after);
  crossChecks(after, values, errors, ctx);
  if (from === 'Requested') errors.push(...dropBad(requirementErrors('Received', after), bad));
  errors.push(...codeConflicts(after.sparkCode, before, found.row, after.videoUrl, lookup));
  stamp(after, ctx);
  return finish(before, after, found.row, errors);
}

export function planChangeStatus(input: unknown, ctx: ActionContext, lookup: LedgerLookup): PlanResult {
  const { values, errors, bad } = parsed('changeStatus', input, ctx.locale);
  const found = existingRow(values, lookup, errors, bad);
  if ('ok' in found) return found;
  settingsCheck(values, ctx.settings, errors);
  ownerCheck(values, ctx.settings, errors);
  const before = found.rec;
  const from: Status | '' = isStatus(before.status) ? before.status : '';
  const to = values.status as Status | undefined;
  const after = merge(before, values);
  withExpiry(after);
  if (to) {
    errors.push(...transitionErrors(from, to, hoursToExpiry(after, ctx)));
    if (to === 'Retired') {
      // The note that counts for reason Other is the one entered with this move, not the row's earlier one.
      const fresh = String(values.decisionNote ?? '');
      errors.push(
        ...dropBad(
          requirementErrors(to, { ...after, decisionNote: fresh }).filter((e) => e.field !== 'decisionNote'),
          bad,
        ),
      );
      if (!bad.has('decisionNote'))
        errors.push(...retirementNoteErrors(after.retirementReason, fresh, before.decisionNote));
      after.renewalDecision = 'Retire';
    } else {
      errors.push(...dropBad(requirementErrors(to, after), bad));
    }
    // docs/product.md §8: Status and Paid campaign agree.
    const paid = paidStatusOnEntering(to, values.paidStatus, before.paidStatus);
    if (paid.error && !bad.has('paidStatus')) errors.push(paid.error);
    after.paidStatus = paid.value;
  }
  crossChecks(after, values, errors, ctx);
  // A row is refused when its ad account or brand belongs to another client: when those change, and before the code goes to work.
  if (touchesBelonging(values) || to === 'Activated' || to === 'Spending' || to === 'Paused')
    belongingCheck(after, ctx.settings, errors);
  errors.push(...codeConflicts(after.sparkCode, before, found.row, after.videoUrl, lookup));
  stamp(after, ctx);
  return finish(before, after, found.row, errors);
}

export function planRenewCode(input: unknown, ctx: ActionContext, lookup: LedgerLookup): PlanResult {
  const { values, errors, bad } = parsed('renewCode', input, ctx.locale);
  const found = existingRow(values, lookup, errors, bad);
  if ('ok' in found) return found;
  const before = found.rec;
  if (before.status !== 'Renewal needed' && before.status !== 'Expired') {
    errors.push({
      field: 'status',
      message: `Row ${found.row} is ${before.status || 'blank'}: only a code in Renewal needed or Expired is renewed. The daily check moves codes to Renewal needed ${RENEWAL_WINDOW_HOURS} hours before expiry.`,
    });
  }
  // docs/product.md §1: the same code with a later end is an extension; an expired code cannot be brought back.
  const extension = Boolean(values.sparkCode) && values.sparkCode === before.sparkCode;
  if (extension && before.status === 'Expired') {
    errors.push({
      field: 'sparkCode',
      message:
        'This code has expired and cannot be extended: an expired code cannot be brought back. Ask the creator for a new code.',
    });
  }
  if (typeof values.authorizedOn === 'string' && before.authorizedOn && values.authorizedOn < before.authorizedOn) {
    errors.push({
      field: 'authorizedOn',
      message: `Authorized on (${values.authorizedOn}) is before the current code's date (${before.authorizedOn}); a new code is generated after the old one.`,
    });
  }
  // docs/product.md §4: the reason for the renewal goes to Code history, so it is required.
  if (!bad.has('decisionNote') && String(values.decisionNote ?? '').trim() === '') {
    errors.push({
      field: 'decisionNote',
      message: RENEWAL_NOTE_REQUIRED,
    });
  }
  const after = merge(before, { ...values, renewalDecision: 'Undecided', lastAlertOn: '' });
  withExpiry(after);
  if (
    extension &&
    before.status !== 'Expired' &&
    !bad.has('authorizedOn') &&
    !bad.has('authDays') &&
    after.expiresOn &&
    before.expiresOn &&
    after.expiresOn <= before.expiresOn
  ) {
    errors.push({
      field: 'authDays',
      message: `An extension ends later than the current window, which expires on ${before.expiresOn}; this one would expire on ${after.expiresOn}. Enter the window's new length in days, counted from Authorized on.`,
    });
  }
  const from: Status | '' = isStatus(before.status) ? before.status : '';
  const videoId = parseVideoUrl(before.videoUrl)?.videoId ?? '';
  const had =
    from === 'Renewal needed' && lookup.statusBeforeRenewalNeeded ? lookup.statusBeforeRenewalNeeded(videoId) : '';
  after.status = statusAfterRenewal(from, statusBeforeRenewalNeeded(had, before.paidStatus), hoursToExpiry(after, ctx));
  // A late renewal's ads stopped with the old code: the new one has not started.
  after.paidStatus = paidStatusFor(after.status as Status) ?? (from === 'Expired' ? 'Not started' : after.paidStatus);
  if (!bad.has('authorizedOn') && !bad.has('authDays') && after.expiresOn && after.expiresOn <= ctx.today) {
    errors.push({
      field: 'authDays',
      message: `The new code would expire on ${after.expiresOn}, which is not after today (${ctx.today}); check Authorized on and Authorization days.`,
    });
  }
  crossChecks(after, values, errors, ctx);
  errors.push(...dropBad(requirementErrors(after.status as Status, after), bad));
  errors.push(...codeConflicts(after.sparkCode, before, found.row, after.videoUrl, lookup));
  stamp(after, ctx);
  const history: CodeHistoryEntry = {
    videoUrl: before.videoUrl,
    sparkCode: before.sparkCode,
    authorizedOn: before.authorizedOn,
    authDays: before.authDays,
    expiresOn: before.expiresOn,
    replacedOn: ctx.today,
    reason: String(values.decisionNote ?? ''),
    by: ctx.user,
  };
  return finish(before, after, found.row, errors, history);
}

export function planRetireCode(input: unknown, ctx: ActionContext, lookup: LedgerLookup): PlanResult {
  const { values, errors, bad } = parsed('retireCode', input, ctx.locale);
  const found = existingRow(values, lookup, errors, bad);
  if ('ok' in found) return found;
  const before = found.rec;
  const from: Status | '' = isStatus(before.status) ? before.status : '';
  // docs/product.md §4, §8: retiring sets the decision to Retire and ends the paid campaign.
  const after = merge(before, { ...values, status: 'Retired', renewalDecision: 'Retire', paidStatus: 'Ended' });
  errors.push(...transitionErrors(from, 'Retired', hoursToExpiry(after, ctx)));
  // For reason Other the note must come with this retirement: the row's note from an earlier decision does not count.
  const fresh = String(values.decisionNote ?? '');
  errors.push(
    ...dropBad(
      requirementErrors('Retired', { ...after, decisionNote: fresh }).filter((e) => e.field !== 'decisionNote'),
      bad,
    ),
  );
  if (!bad.has('decisionNote'))
    errors.push(...retirementNoteErrors(after.retirementReason, fresh, before.decisionNote));
  stamp(after, ctx);
  return finish(before, after, found.row, errors);
}

export function planUpdateRecord(input: unknown, ctx: ActionContext, lookup: LedgerLookup): PlanResult {
  const { values, errors, bad } = parsed('updateRecord', input, ctx.locale);
  const found = existingRow(values, lookup, errors, bad);
  if ('ok' in found) return found;
  settingsCheck(values, ctx.settings, errors);
  ownerCheck(values, ctx.settings, errors);
  const before = found.rec;
  const after = merge(before, values);
  crossChecks(after, values, errors, ctx);
  if (touchesBelonging(values)) belongingCheck(after, ctx.settings, errors);
  // An edit may not leave the row short of what its status requires.
  if (isStatus(before.status)) {
    const touched = new Set(Object.keys(values));
    errors.push(...requirementErrors(before.status, after).filter((e) => touched.has(e.field) && !bad.has(e.field)));
  }
  stamp(after, ctx);
  return finish(before, after, found.row, errors);
}
