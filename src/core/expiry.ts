/**
 * The daily expiry check of SPEC §6 as plain functions: which rows change
 * status, which alert thresholds are newly reached, who must hear about them,
 * what fits today's mail quota and what waits for the next run.
 *
 * Expiry instant: a code "Expires on" D is treated as expiring at 00:00 of D in
 * the spreadsheet's time zone. That is the earliest moment the date could mean,
 * so alerts and status changes are never late.
 */
import { daysBetween, isYmd } from './dates';
import { Status } from './fields';
import { RENEWAL_WINDOW_HOURS } from './lifecycle';

/** Alert thresholds, in order of urgency. 0 means none reached yet. */
export const LEVEL = { none: 0, h72: 1, h24: 2, expired: 3 } as const;
export type Level = 0 | 1 | 2 | 3;

export const LEVEL_LABEL: Record<Level, string> = { 0: '', 1: '72 h', 2: '24 h', 3: 'expired' };

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

/**
 * An address mail can go to: a local part without a leading, trailing or
 * doubled dot, and a domain of at least two labels of letters, digits and
 * inner hyphens. Checked before sending, so an address Gmail would refuse is
 * reported at once ("not an email address") instead of failing the send.
 */
const EMAIL = /^(?!\.)(?!.*\.\.)[^\s@,;<>"']+(?<!\.)@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;

export function isEmail(s: string): boolean {
  return EMAIL.test(s);
}

/**
 * Who hears about a code: its paid and creator owners; a row that has
 * neither yet (a Received code before activation) falls back to its approval
 * owner, so an expiring code is never alerted to nobody.
 */
export function alertOwners(r: Pick<ExpiryRow, 'paidOwner' | 'creatorOwner' | 'approvalOwner'>): { valid: string[]; invalid: string[] } {
  let named = [r.paidOwner, r.creatorOwner].map((s) => String(s ?? '').trim()).filter(Boolean);
  if (named.length === 0) named = [String(r.approvalOwner ?? '').trim()].filter(Boolean);
  const valid: string[] = [];
  const invalid: string[] = [];
  for (const o of named) {
    const list = isEmail(o) ? valid : invalid;
    if (!list.some((x) => x.toLowerCase() === o.toLowerCase())) list.push(o);
  }
  return { valid, invalid };
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
  /** Owner addresses that are not emails: told in the audit, never mailed. */
  invalidOwners: string[];
}

export interface CheckPlan {
  checked: number;
  changes: StatusChange[];
  raised: RaisedAlert[];
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

export function planExpiryCheck(rows: readonly ExpiryRow[], state: AlertState, today: string, hoursUntil: (ymd: string) => number): CheckPlan {
  const changes: StatusChange[] = [];
  const raised: RaisedAlert[] = [];
  const live = new Set<string>();
  const codes: Record<string, CodeMemory> = {};
  let checked = 0;
  // The level depends only on the date: worked out once per distinct date.
  const levels = new Map<string, Level>();

  for (const r of rows) {
    if (!(WATCHED as readonly string[]).includes(r.status) || !isYmd(r.expiresOn)) continue;
    checked++;
    const key = codeKey(r);
    live.add(key);
    let level = levels.get(r.expiresOn);
    if (level === undefined) {
      level = expiryLevel(r.expiresOn, today, hoursUntil);
      levels.set(r.expiresOn, level);
    }
    if (level === LEVEL.expired) changes.push({ row: r.row, videoUrl: r.videoUrl, from: r.status, to: 'Expired' });
    else if (level !== LEVEL.none && MOVES_TO_RENEWAL.includes(r.status)) changes.push({ row: r.row, videoUrl: r.videoUrl, from: r.status, to: 'Renewal needed' });
    const known = state.codes[key];
    if (known) codes[key] = copyMemory(known);
    if (level > (known?.level ?? LEVEL.none)) {
      const owners = alertOwners(r);
      codes[key] = { level, raisedOn: today, sentOn: known?.sentOn ?? '' };
      // An owner that is not an address is never mailed; remembered, so that fixing the column alerts the fix.
      if (owners.invalid.length > 0) {
        codes[key].refused = owners.invalid.map((o) => o.toLowerCase());
        codes[key].heard = owners.valid.map((o) => o.toLowerCase());
      }
      raised.push({ key, row: r.row, videoUrl: r.videoUrl, level, owners: owners.valid, invalidOwners: owners.invalid });
    } else if (known && known.level !== LEVEL.none && known.refused && known.refused.length > 0) {
      // Gmail refused an owner's address at this level: an owner who has not
      // heard of it yet (the corrected address) hears now, at the same level.
      const mem = codes[key];
      const owners = alertOwners(r);
      const told = new Set([...(known.heard ?? []), ...known.refused]);
      const fresh = owners.valid.filter((o) => !told.has(o.toLowerCase()));
      if (fresh.length > 0) {
        raised.push({ key, row: r.row, videoUrl: r.videoUrl, level: known.level, owners: fresh, invalidOwners: [] });
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

  const queue = state.queue.map((q) => ({ ...q, items: q.items.map((i) => ({ ...i })) }));
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
  return { checked, changes, raised, state: { codes, queue } };
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
}

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
  queue: readonly QueuedDigest[], lineFor: (key: string) => Omit<DigestLine, 'level'> | null, quota: number,
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
          to: q.to, key: item.key, level: item.level, videoUrl: found?.videoUrl ?? '',
          reason: found ? 'the code was retired before the alert went out' : 'the code was renewed or its row removed before the alert went out',
        });
        continue;
      }
      lines.push({ ...found, level: item.level });
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
export function afterDelivery(state: AlertState, sent: readonly Delivery[], withdrawn: readonly WithdrawnAlert[], today: string, refused: readonly RefusedDelivery[] = []): AlertState {
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
      mem.refused = [...new Set([...(mem.refused ?? []), to])];
      mem.heard = [...new Set([...(mem.heard ?? []), ...(r.heard[key] ?? []).map((o) => o.toLowerCase())])].filter((o) => !mem.refused!.includes(o));
    }
  }
  const queue = state.queue
    .map((q) => ({ ...q, items: q.items.filter((i) => !gone.has(`${q.to.toLowerCase()}\n${i.key}`)) }))
    .filter((q) => q.items.length > 0);
  return { codes, queue };
}

/** Compact text for storage: arrays rather than objects. */
export function serializeState(s: AlertState): string {
  const codes = Object.entries(s.codes).map(([k, m]) => (m.refused && m.refused.length > 0 ? [k, m.level, m.raisedOn, m.sentOn, m.refused, m.heard ?? []] : [k, m.level, m.raisedOn, m.sentOn]));
  const queue = s.queue.map((q) => [q.to, q.since, q.items.map((i) => [i.key, i.level])]);
  // Non-ASCII escaped so that the stored text is plain ASCII whatever the owners' addresses hold.
  return JSON.stringify({ v: 1, c: codes, q: queue }).replace(/[\u007f-\uffff]/g, (c) => '\\u' + ('000' + c.charCodeAt(0).toString(16)).slice(-4));
}

export function parseState(text: string | null | undefined): AlertState {
  if (!text) return emptyState();
  try {
    const o = JSON.parse(text) as { v: number; c: [string, Level, string, string, string[]?, string[]?][]; q: [string, string, [string, Level][]][] };
    // No prototype: any key read back, even "__proto__", stays an own entry.
    const codes: Record<string, CodeMemory> = Object.create(null);
    for (const [k, level, raisedOn, sentOn, refused, heard] of o.c ?? []) {
      codes[k] = { level, raisedOn, sentOn };
      if (Array.isArray(refused) && refused.length > 0) {
        codes[k].refused = refused.map(String);
        codes[k].heard = Array.isArray(heard) ? heard.map(String) : [];
      }
    }
    const queue = (o.q ?? []).map(([to, since, items]) => ({ to, since, items: items.map(([key, level]) => ({ key, level })) }));
    return { codes, queue };
  } catch (_) {
    // A damaged store must not stop the check; the ledger's statuses still hold the important part.
    return emptyState();
  }
}

/** Splits serialized state into pieces of at most `size` characters, for cells or property values. */
export function chunkText(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length ? out : [''];
}
