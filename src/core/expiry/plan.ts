/**
 * The daily expiry check of docs/product.md §6 as plain functions: which rows change
 * status, which alert thresholds are newly reached, who must hear about them,
 * what fits today's mail quota and what waits for the next run.
 *
 * Expiry instant: a code "Expires on" D is treated as expiring at 00:00 of D in
 * the spreadsheet's time zone. That is the earliest moment the date could mean,
 * so alerts and status changes are never late.
 */
import { daysBetween, isYmd } from '../ledger/dates';
import type { Status } from '../ledger/fields';
import { RENEWAL_WINDOW_HOURS } from '../lifecycle/lifecycle';
import { ANY_OWNER, type OwnerPolicy, isAllowedOwner } from '../ledger/settings';
import { isEmail } from '../ledger/values';

/** Alert thresholds, in order of urgency. 0 means none reached yet. */
export const LEVEL = { none: 0, h72: 1, h24: 2, expired: 3 } as const;
export type Level = 0 | 1 | 2 | 3;

export const LEVEL_LABEL: Record<Level, string> = { 0: '', 1: `${RENEWAL_WINDOW_HOURS} h`, 2: '24 h', 3: 'expired' };

/** Statuses the daily check watches: a live code the ads may be running on. */
export const WATCHED: readonly Status[] = ['Received', 'Activated', 'Spending', 'Paused', 'Renewal needed'];
const MOVES_TO_RENEWAL: readonly string[] = ['Received', 'Activated', 'Spending', 'Paused'];

/** What the check needs from one ledger row. */
export interface ExpiryRow {
  row: number;
  videoUrl: string;
  videoId: string;
  sparkCode: string;
  status: string;
  expiresOn: string;
  renewalDecision: string;
  paidOwner: string;
  creatorOwner: string;
  approvalOwner: string;
  creatorHandle: string;
  client: string;
  campaign: string;
  lastAlertOn: string;
  /** Shown in the digest; optional so that callers that do not read it need not fill it. */
  market?: string;
}

/**
 * The check's memory between runs. `codes`: the highest threshold alerted per
 * code (key = video id + hash of code and expiry, so a renewed code or a
 * corrected expiry starts fresh), when it was raised and when it last went
 * out. `queue`: mail not sent yet, oldest owner first.
 */
export interface AlertState {
  codes: Record<string, CodeMemory>;
  queue: QueuedDigest[];
}

export interface CodeMemory {
  level: Level;
  /** Day the threshold was reached (YYYY-MM-DD). */
  raisedOn: string;
  /** Day an email about it last went out ('' until one has). */
  sentOn: string;
  /**
   * Addresses (lower case) that Gmail refused for this code at this level,
   * and the owners that did hear of it. Kept so that when the owner column is
   * fixed, the next run alerts the corrected address, and only it.
   */
  refused?: string[];
  heard?: string[];
}

export interface QueuedDigest {
  to: string;
  /** Day this owner's mail was first queued. */
  since: string;
  items: { key: string; level: Level }[];
}

export function emptyState(): AlertState {
  return { codes: {}, queue: [] };
}

/** FNV-1a, base 36: short, stable, and keeps the secret code out of storage. */
export function shortHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    // h * 16777619 mod 2^32 in shifts: no global lookups in the hot loop (slow in the Apps Script sandbox).
    h = (h + (h << 1) + (h << 4) + (h << 7) + (h << 8) + (h << 24)) >>> 0;
  }
  return h.toString(36);
}

export function codeKey(r: Pick<ExpiryRow, 'videoId' | 'sparkCode' | 'expiresOn'>): string {
  return `${r.videoId}.${shortHash(`${r.sparkCode}|${r.expiresOn}`)}`;
}

export function levelForHours(hours: number): Level {
  if (hours <= 0) return LEVEL.expired;
  if (hours <= 24) return LEVEL.h24;
  if (hours <= RENEWAL_WINDOW_HOURS) return LEVEL.h72;
  return LEVEL.none;
}

/**
 * The threshold a code has reached. Only expiries 1–4 calendar days ahead
 * need the exact hour count (a day is 23–25 h around DST); anything on or
 * before today has expired and anything 5 or more days ahead is more than
 * 72 h away. So `hoursUntil` is asked about at most 4 distinct dates a run.
 */
export function expiryLevel(expiresOn: string, today: string, hoursUntil: (ymd: string) => number): Level {
  const days = daysBetween(today, expiresOn);
  if (days <= 0) return LEVEL.expired;
  if (days >= 5) return LEVEL.none;
  return levelForHours(hoursUntil(expiresOn));
}

/** An owner named on a row who is not mailed, and why (the sentence the Audit sheet shows). */
export interface OwnerProblem {
  address: string;
  reason: string;
}

export interface AlertOwners {
  /** Addresses to mail. */
  valid: string[];
  /** Owners named on the row that are not mailed: not an address, or not allowed (see `problems`). */
  invalid: string[];
  /** One entry per `invalid` owner, in the same order. */
  problems: OwnerProblem[];
}

/**
 * Who hears about a code: its paid and creator owners; a row that has
 * neither yet (a Received code before activation) falls back to its approval
 * owner, so an expiring code is never alerted to nobody.
 *
 * `allowed` (docs/product.md §8) is the Settings owner list and agency domains: an
 * address on neither is dropped with its reason, so mail never goes to an
 * address an editor typed that Settings does not know. The default, and a
 * Settings sheet with neither list, allows every valid address (a new ledger
 * must work before its lists are filled in).
 */
export function alertOwners(
  r: Pick<ExpiryRow, 'paidOwner' | 'creatorOwner' | 'approvalOwner'>,
  allowed: OwnerPolicy = ANY_OWNER,
): AlertOwners {
  const paid = String(r.paidOwner ?? '').trim();
  const creator = String(r.creatorOwner ?? '').trim();
  let named: { address: string; field: string }[] = [
    { address: paid, field: 'Paid owner' },
    { address: creator, field: 'Creator owner' },
  ].filter((o) => o.address !== '');
  if (named.length === 0)
    named = [{ address: String(r.approvalOwner ?? '').trim(), field: 'Approval owner' }].filter(
      (o) => o.address !== '',
    );
  const valid: string[] = [];
  const invalid: string[] = [];
  const problems: OwnerProblem[] = [];
  const seen = (list: string[], o: string) => list.some((x) => x.toLowerCase() === o.toLowerCase());
  for (const { address: o, field } of named) {
    if (isEmail(o) && isAllowedOwner(o, allowed)) {
      if (!seen(valid, o)) valid.push(o);
      continue;
    }
    if (seen(invalid, o)) continue;
    invalid.push(o);
    problems.push({
      address: o,
      reason: isEmail(o)
        ? `"${o}" (${field}) is not on the Settings owner list or in the agency's domains, so it is not mailed; fix ${field}, or add the address to Settings.`
        : `"${o}" is not an email address; fix ${field}.`,
    });
  }
  return { valid, invalid, problems };
}

/** What the recipient of a digest is on a row: the reason they hear of it. */
export type OwnerRole = 'paid' | 'creator' | 'approval';

/**
 * The roles `to` holds on a row, by the rule of alertOwners: paid and creator
 * owner; the approval owner only on a row that names neither (the fallback).
 */
export function ownerRoles(
  r: Partial<Pick<ExpiryRow, 'paidOwner' | 'creatorOwner' | 'approvalOwner'>>,
  to: string,
): OwnerRole[] {
  const me = String(to ?? '')
    .trim()
    .toLowerCase();
  const paid = String(r.paidOwner ?? '').trim();
  const creator = String(r.creatorOwner ?? '').trim();
  if (paid === '' && creator === '')
    return String(r.approvalOwner ?? '')
      .trim()
      .toLowerCase() === me
      ? ['approval']
      : [];
  const roles: OwnerRole[] = [];
  if (paid.toLowerCase() === me) roles.push('paid');
  if (creator.toLowerCase() === me) roles.push('creator');
  return roles;
}

export interface StatusChange {
  row: number;
  videoUrl: string;
  from: string;
  to: Status;
}

export interface RaisedAlert {
  key: string;
  row: number;
  videoUrl: string;
  level: Level;
  owners: string[];
  /** Owners that are not emails or not allowed: told in the audit, never mailed. */
  invalidOwners: string[];
  /** Why each of `invalidOwners` is not mailed, in the same order. */
  ownerProblems: OwnerProblem[];
}

export interface CheckPlan {
  checked: number;
  changes: StatusChange[];
  raised: RaisedAlert[];
  /**
   * Queued mail taken out of the queue before sending: its recipient is not
   * (or no longer) an allowed owner of the code's row, or it claims a
   * threshold the code has not reached. Never mailed; for the Audit sheet.
   */
  withdrawn: WithdrawnAlert[];
  /** The state to persist before anything is sent or written. */
  state: AlertState;
}

/**
 * Plans one run. `state` is what the previous run left. Pure: the same rows,
 * state and clock give the same plan, and running it twice raises nothing new.
 */
function copyMemory(m: CodeMemory): CodeMemory {
  const c: CodeMemory = { level: m.level, raisedOn: m.raisedOn, sentOn: m.sentOn };
  if (m.refused && m.refused.length > 0) {
    c.refused = m.refused.slice();
    c.heard = (m.heard ?? []).slice();
  }
  return c;
}

export function planExpiryCheck(
  rows: readonly ExpiryRow[],
  state: AlertState,
  today: string,
  hoursUntil: (ymd: string) => number,
  allowed: OwnerPolicy = ANY_OWNER,
): CheckPlan {
  const changes: StatusChange[] = [];
  const raised: RaisedAlert[] = [];
  const live = new Set<string>();
  const codes: Record<string, CodeMemory> = {};
  let checked = 0;
  // The level depends only on the date: worked out once per distinct date.
  const levels = new Map<string, Level>();
  const levelOn = (expiresOn: string): Level => {
    let level = levels.get(expiresOn);
    if (level === undefined) {
      level = expiryLevel(expiresOn, today, hoursUntil);
      levels.set(expiresOn, level);
    }
    return level;
  };

  for (const r of rows) {
    if (!(WATCHED as readonly string[]).includes(r.status) || !isYmd(r.expiresOn)) continue;
    checked++;
    const key = codeKey(r);
    live.add(key);
    const level = levelOn(r.expiresOn);
    if (level === LEVEL.expired) changes.push({ row: r.row, videoUrl: r.videoUrl, from: r.status, to: 'Expired' });
    else if (level !== LEVEL.none && MOVES_TO_RENEWAL.includes(r.status))
      changes.push({ row: r.row, videoUrl: r.videoUrl, from: r.status, to: 'Renewal needed' });
    const known = state.codes[key];
    if (known) codes[key] = copyMemory(known);
    if (level > (known?.level ?? LEVEL.none)) {
      const owners = alertOwners(r, allowed);
      codes[key] = { level, raisedOn: today, sentOn: known?.sentOn ?? '' };
      // An owner that is not an address is never mailed; remembered, so that fixing the column alerts the fix.
      if (owners.invalid.length > 0) {
        codes[key].refused = owners.invalid.map((o) => o.toLowerCase());
        codes[key].heard = owners.valid.map((o) => o.toLowerCase());
      }
      raised.push({
        key,
        row: r.row,
        videoUrl: r.videoUrl,
        level,
        owners: owners.valid,
        invalidOwners: owners.invalid,
        ownerProblems: owners.problems,
      });
    } else if (known && known.level !== LEVEL.none && known.refused && known.refused.length > 0) {
      // Gmail refused an owner's address at this level: an owner who has not
      // heard of it yet (the corrected address) hears now, at the same level.
      const mem = codes[key];
      const owners = alertOwners(r, allowed);
      const told = new Set([...(known.heard ?? []), ...known.refused]);
      const fresh = owners.valid.filter((o) => !told.has(o.toLowerCase()));
      if (fresh.length > 0) {
        raised.push({
          key,
          row: r.row,
          videoUrl: r.videoUrl,
          level: known.level,
          owners: fresh,
          invalidOwners: [],
          ownerProblems: [],
        });
        mem.heard = [...(known.heard ?? []), ...fresh.map((o) => o.toLowerCase())];
      }
      // Once no refused address is named on the row any more, the fix is done.
      const named = new Set([...owners.valid, ...owners.invalid].map((o) => o.toLowerCase()));
      if (!known.refused.some((x) => named.has(x))) {
        delete mem.refused;
        delete mem.heard;
      }
    }
  }

  const { queue, withdrawn } = recheckQueue(state.queue, rows, levelOn, allowed);
  for (const a of raised) {
    for (const to of a.owners) {
      let q = queue.find((x) => x.to.toLowerCase() === to.toLowerCase());
      if (!q) {
        q = { to, since: today, items: [] };
        queue.push(q);
      }
      const item = q.items.find((i) => i.key === a.key);
      if (item) item.level = a.level;
      else q.items.push({ key: a.key, level: a.level });
    }
  }
  // Memory of codes no longer watched (expired and marked, retired, renewed,
  // removed) is dropped once nothing about them waits in the queue.
  const queued = new Set(queue.flatMap((q) => q.items.map((i) => i.key)));
  for (const [key, mem] of Object.entries(state.codes)) {
    if (!codes[key] && queued.has(key)) codes[key] = copyMemory(mem);
  }
  for (const key of Object.keys(codes)) {
    if (!live.has(key) && !queued.has(key)) delete codes[key];
  }
  return { checked, changes, raised, withdrawn, state: { codes, queue } };
}

/** Finds the row a memory key names: keys start with the video id, so only that video's rows are hashed. */
function keyFinder(rows: readonly ExpiryRow[]): (key: string) => ExpiryRow | null {
  let byVideo: Map<string, ExpiryRow[]> | null = null;
  return (key: string) => {
    if (!byVideo) {
      byVideo = new Map();
      for (const r of rows) {
        const list = byVideo.get(r.videoId);
        if (list) list.push(r);
        else byVideo.set(r.videoId, [r]);
      }
    }
    const candidates = byVideo.get(key.slice(0, key.lastIndexOf('.'))) ?? [];
    return candidates.find((r) => codeKey(r) === key) ?? null;
  };
}

/**
 * The queue read back from the memory sheet, checked against the ledger as
 * it reads now. That sheet is only hidden: an editor can write in it, so a
 * queued address is mailed only while it is an allowed owner of the code's
 * row (a forged entry, or an owner replaced while the mail waited, is taken
 * out), and an entry cannot claim a threshold the code has not reached. A
 * line whose row is gone or retired stays for planDelivery, which withdraws
 * it; the lines themselves are always rebuilt from the ledger.
 */
function recheckQueue(
  stored: readonly QueuedDigest[],
  rows: readonly ExpiryRow[],
  levelOn: (expiresOn: string) => Level,
  allowed: OwnerPolicy,
): { queue: QueuedDigest[]; withdrawn: WithdrawnAlert[] } {
  const find = keyFinder(rows);
  const withdrawn: WithdrawnAlert[] = [];
  const queue: QueuedDigest[] = [];
  for (const q of stored) {
    const to = q.to.toLowerCase();
    let into = queue.find((x) => x.to.toLowerCase() === to);
    if (!into) {
      into = { to: q.to, since: q.since, items: [] };
      queue.push(into);
    } else if (q.since < into.since) into.since = q.since;
    for (const item of q.items) {
      if (into.items.some((i) => i.key === item.key)) continue;
      const r = find(item.key);
      if (!r || r.status === 'Retired') {
        into.items.push({ key: item.key, level: item.level });
        continue;
      }
      const owners = alertOwners(r, allowed);
      const named = owners.invalid.some((o) => o.toLowerCase() === to);
      if (!owners.valid.some((o) => o.toLowerCase() === to)) {
        withdrawn.push({
          to: q.to,
          key: item.key,
          level: item.level,
          videoUrl: r.videoUrl,
          reason: named
            ? "the address is not on the Settings owner list or in the agency's domains, so it is not mailed"
            : 'the address is not (or no longer) a paid or creator owner of the row, so it is not mailed',
        });
        continue;
      }
      const reached = isYmd(r.expiresOn) ? levelOn(r.expiresOn) : item.level;
      if (reached === LEVEL.none) {
        withdrawn.push({
          to: q.to,
          key: item.key,
          level: item.level,
          videoUrl: r.videoUrl,
          reason: `the code is not within ${RENEWAL_WINDOW_HOURS} hours of expiry`,
        });
        continue;
      }
      into.items.push({ key: item.key, level: Math.min(item.level, reached) as Level });
    }
  }
  return { queue: queue.filter((q) => q.items.length > 0), withdrawn };
}

/** A line of an owner's digest, as the row reads now. */
export interface DigestLine {
  key: string;
  level: Level;
  row: number;
  videoUrl: string;
  creatorHandle: string;
  client: string;
  campaign: string;
  sparkCode: string;
  status: string;
  expiresOn: string;
  renewalDecision: string;
  market?: string;
  /** What the recipient is on this row (ownerRoles), for the digest's footer; set by planDelivery. */
  roles?: OwnerRole[];
}

/**
 * A queued code's row as planDelivery needs it: the digest line, and the row's
 * owners, from which planDelivery works out the recipient's roles on it.
 */
export type DigestSource = Omit<DigestLine, 'level' | 'roles'> &
  Partial<Pick<ExpiryRow, 'paidOwner' | 'creatorOwner' | 'approvalOwner'>>;

export type DigestGroup = 'expired' | 'renewal' | 'undecided';

/** Expired codes first; then decided codes waiting for the new code or the retirement; then undecided ones. */
export function digestGroup(line: Pick<DigestLine, 'level' | 'renewalDecision'>): DigestGroup {
  if (line.level === LEVEL.expired) return 'expired';
  return line.renewalDecision === '' || line.renewalDecision === 'Undecided' ? 'undecided' : 'renewal';
}

export interface Delivery {
  to: string;
  lines: DigestLine[];
  /** The rendered message, when the delivery is one part of a split digest. */
  mail?: { to: string; subject: string; body: string; htmlBody: string };
}

/** A digest Gmail refused for its address: its lines leave that address's queue. */
export interface RefusedDelivery {
  to: string;
  keys: string[];
  /** Owners (any case) of each code who did hear of it, by key. */
  heard: Record<string, string[]>;
}

export interface WithdrawnAlert {
  to: string;
  key: string;
  level: Level;
  videoUrl: string;
  reason: string;
}

export interface DeliveryPlan {
  send: Delivery[];
  deferred: Delivery[];
  withdrawn: WithdrawnAlert[];
}

/**
 * Which queued digests go out now. Each email has one recipient, and the
 * quota counts recipients, so `quota` emails fit. Oldest queued owners first.
 * `split` cuts an owner's digest into messages under the body-size limit;
 * each costs one recipient, and parts that do not fit wait (their lines stay
 * queued). A queued line whose code was renewed, removed or retired since is
 * withdrawn (and audited), not mailed.
 */
export function planDelivery(
  queue: readonly QueuedDigest[],
  lineFor: (key: string) => DigestSource | null,
  quota: number,
  split: (d: Delivery) => Delivery[] = (d) => [d],
): DeliveryPlan {
  const room = Math.max(0, Math.floor(quota));
  const send: Delivery[] = [];
  const deferred: Delivery[] = [];
  const withdrawn: WithdrawnAlert[] = [];
  for (const q of queue) {
    const lines: DigestLine[] = [];
    for (const item of q.items) {
      const found = lineFor(item.key);
      if (!found || found.status === 'Retired') {
        withdrawn.push({
          to: q.to,
          key: item.key,
          level: item.level,
          videoUrl: found?.videoUrl ?? '',
          reason: found
            ? 'the code was retired before the alert went out'
            : 'the code was renewed or its row removed before the alert went out',
        });
        continue;
      }
      const { paidOwner, creatorOwner, approvalOwner, ...line } = found;
      const known = paidOwner !== undefined || creatorOwner !== undefined || approvalOwner !== undefined;
      lines.push(
        known
          ? { ...line, level: item.level, roles: ownerRoles({ paidOwner, creatorOwner, approvalOwner }, q.to) }
          : { ...line, level: item.level },
      );
    }
    if (lines.length === 0) continue;
    const whole: Delivery = { to: q.to, lines };
    if (send.length >= room) {
      deferred.push(whole);
      continue;
    }
    const parts = split(whole);
    const fit = parts.slice(0, room - send.length);
    send.push(...fit);
    const rest = parts.slice(fit.length).flatMap((p) => p.lines);
    if (rest.length > 0) deferred.push({ to: q.to, lines: rest });
  }
  return { send, deferred, withdrawn };
}

/** The state after delivery: sent and withdrawn lines leave the queue, sent codes remember the day. */
export function afterDelivery(
  state: AlertState,
  sent: readonly Delivery[],
  withdrawn: readonly WithdrawnAlert[],
  today: string,
  refused: readonly RefusedDelivery[] = [],
): AlertState {
  const codes: Record<string, CodeMemory> = {};
  for (const [k, v] of Object.entries(state.codes)) codes[k] = copyMemory(v);
  const gone = new Set<string>();
  for (const d of sent) {
    for (const l of d.lines) {
      gone.add(`${d.to.toLowerCase()}\n${l.key}`);
      if (codes[l.key]) codes[l.key].sentOn = today;
    }
  }
  for (const w of withdrawn) gone.add(`${w.to.toLowerCase()}\n${w.key}`);
  // Refused: dropped from that address's queue; the code remembers the address so a corrected owner hears of it.
  for (const r of refused) {
    const to = r.to.toLowerCase();
    for (const key of r.keys) {
      gone.add(`${to}\n${key}`);
      const mem = codes[key];
      if (!mem) continue;
      const refused = [...new Set([...(mem.refused ?? []), to])];
      mem.refused = refused;
      mem.heard = [...new Set([...(mem.heard ?? []), ...(r.heard[key] ?? []).map((o) => o.toLowerCase())])].filter(
        (o) => !refused.includes(o),
      );
    }
  }
  const queue = state.queue
    .map((q) => ({ ...q, items: q.items.filter((i) => !gone.has(`${q.to.toLowerCase()}\n${i.key}`)) }))
    .filter((q) => q.items.length > 0);
  return { codes, queue };
}

/** Compact text for storage: arrays rather than objects. */
export function serializeState(s: AlertState): string {
  const codes = Object.entries(s.codes).map(([k, m]) =>
    m.refused && m.refused.length > 0
      ? [k, m.level, m.raisedOn, m.sentOn, m.refused, m.heard ?? []]
      : [k, m.level, m.raisedOn, m.sentOn],
  );
  const queue = s.queue.map((q) => [q.to, q.since, q.items.map((i) => [i.key, i.level])]);
  // Non-ASCII escaped so that the stored text is plain ASCII whatever the owners' addresses hold.
  return JSON.stringify({ v: 1, c: codes, q: queue }).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${(`000${c.charCodeAt(0).toString(16)}`).slice(-4)}`,
  );
}

const LEVELS: readonly number[] = [LEVEL.none, LEVEL.h72, LEVEL.h24, LEVEL.expired];

function isLevel(v: unknown, min: number): v is Level {
  return typeof v === 'number' && LEVELS.includes(v) && v >= min;
}

function stringList(v: unknown): string[] | null {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : null;
}

/**
 * Reads the stored state. The memory sheet is hidden, not locked: anything
 * may be in it, so each entry is checked for shape and one that is malformed
 * is dropped on its own (the rest still counts). What the entries mean is
 * checked against the ledger by planExpiryCheck before anything is sent.
 */
export function parseState(text: string | null | undefined): AlertState {
  if (!text) return emptyState();
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch (_) {
    // A damaged store must not stop the check; the ledger's statuses still hold the important part.
    return emptyState();
  }
  if (!o || typeof o !== 'object' || Array.isArray(o)) return emptyState();
  const { c, q } = o as { c?: unknown; q?: unknown };
  // No prototype: any key read back, even "__proto__", stays an own entry.
  const codes: Record<string, CodeMemory> = Object.create(null);
  for (const entry of Array.isArray(c) ? c : []) {
    if (!Array.isArray(entry)) continue;
    const [k, level, raisedOn, sentOn, refused, heard] = entry as unknown[];
    if (
      typeof k !== 'string' ||
      !isLevel(level, LEVEL.none) ||
      typeof raisedOn !== 'string' ||
      typeof sentOn !== 'string'
    )
      continue;
    const mem: CodeMemory = { level, raisedOn, sentOn };
    const refusedList = stringList(refused);
    if (refusedList && refusedList.length > 0) {
      mem.refused = refusedList.slice();
      mem.heard = (stringList(heard) ?? []).slice();
    }
    codes[k] = mem;
  }
  const queue: QueuedDigest[] = [];
  for (const entry of Array.isArray(q) ? q : []) {
    if (!Array.isArray(entry)) continue;
    const [to, since, items] = entry as unknown[];
    if (typeof to !== 'string' || typeof since !== 'string' || !Array.isArray(items)) continue;
    const good: QueuedDigest['items'] = [];
    for (const item of items) {
      if (!Array.isArray(item)) continue;
      const [key, level] = item as unknown[];
      if (typeof key === 'string' && isLevel(level, LEVEL.h72)) good.push({ key, level });
    }
    queue.push({ to, since, items: good });
  }
  return { codes, queue };
}

/** Splits serialized state into pieces of at most `size` characters, for cells or property values. */
export function chunkText(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length ? out : [''];
}
