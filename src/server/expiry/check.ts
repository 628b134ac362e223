/**
 * Expiry alerts (docs/product.md §6): the check the trigger runs. The trigger
 * is in trigger.ts, the memory between runs in memory.ts, the Ledger writes in
 * writes.ts, the menu command in ../setup/commands.ts. Planning lives in
 * core/expiry/plan.ts and core/expiry/digest.ts; this file reads once, asks
 * them, and sends the mail.
 *
 * Memory between runs (thresholds alerted per code, and mail still queued)
 * lives on a hidden sheet, "Alert memory", as serialized text in column A: one
 * getValues to read it and one setValues to replace it, whatever its size. It
 * stays small because a code is remembered only while it is watched or has
 * mail waiting; but a bulk import of thousands of expiring codes can make it
 * megabytes for a day, which document properties (500 KB a store,
 * https://developers.google.com/apps-script/guides/services/quotas#current_limitations)
 * could not hold. The trigger's own settings, a few bytes, stay in document
 * properties, which onOpen may read to label the menu.
 *
 * Order of work, so that a failure at any step leaves a state the next run
 * completes without sending anything twice or losing an alert:
 *   1. finish what an interrupted run left (repair journal, sent log), read
 *      the ledger and the memory, plan;
 *   2. save the memory with the new alerts queued (nothing sent yet);
 *   3. write Status, each row found by its video id just before and after
 *      (rowGuard.ts), and audit the changes; undone together if either fails,
 *      and journaled if the undo fails too (journal.ts). A backlog goes in
 *      chunks; one too big for the run's time is left in part to the next
 *      run, and then nothing is sent this run;
 *   4. send what the quota and the run's time budget allow, oldest queue
 *      first, each digest split under the body-size limit. Each
 *      send is remembered at once in the memory sheet's sent log (column B), so
 *      a run that dies after it neither re-sends it nor forgets to audit it. A
 *      failure skips only its own owner;
 *   5. save the memory without what was sent, audit the mail, then empty the
 *      sent log; a log left over is replayed by the next run (step 1);
 *   6. write Last alert from the memory, rows found by video id.
 * The trigger fires every hour (expiry/trigger.ts): its day's run is due from
 * the alert hour, and a run that stopped short (statuses or mail left for
 * lack of time) is carried on by the next hour's (core/ledger/resume.ts checkDue).
 */
import type { AuditEntry } from '../../core/ledger/sheets';
import { DIGEST_BODY_BUDGET, type DigestContext, renderDigestParts } from '../../core/expiry/digest';
import {
  type CheckPlan,
  type Delivery,
  type ExpiryRow,
  LEVEL_LABEL,
  type Level,
  type RefusedDelivery,
  afterDelivery,
  alertOwners,
  codeKey,
  planDelivery,
  planExpiryCheck,
  serializeState,
  type DigestSource,
} from '../../core/expiry/plan';
import type { FieldKey } from '../../core/ledger/fields';
import { MENU_TITLE } from '../../core/setup/menu';
import { dateCellToYmd, daysBetween, isDateObject } from '../../core/ledger/dates';
import { parseVideoUrl } from '../../core/ledger/video';
import { type Env, openEnv } from '../ledger/env';
import { type LedgerColumns, ledgerSheet, readLedgerColumns } from '../ledger/ledger';
import { type Repair, repairPending } from '../ledger/journal';
import { type ClockEvent, STALE_TRIGGER, checkMarks, removeOwnTrigger, staleTrigger, triggerEnv } from './trigger';
import { checkDue, startedMark } from '../../core/ledger/resume';
import { type RolloverResult, rollAuditOver } from '../ledger/auditLog';
import { withDocumentLock } from '../ledger/lock';
import { readSettings } from '../ledger/settingsSheet';
import { ownerPolicy } from '../../core/ledger/settings';
import { appendAudit } from '../ledger/logs';
import { type SentEntry, clearSentLog, logSent, readMemory, saveMemory, sentAudit } from './memory';
import { type AuditFn, STATUS_BUDGET_MS, auditAs, writeLastAlert, writeStatuses } from './writes';
import { SYNC_BUDGET, syncDue, syncIn } from '../connect/sync';
import { newBudget } from '../connect/http';

/** Days a failing digest is retried (one try a run) before it is given up for its address: three daily runs. */
const GIVE_UP_DAYS = 2;
/** How long the check waits for a sidebar save to finish before giving up for this run. */
const LOCK_WAIT_MS = 30000;

export interface ExpiryCheckResult {
  checked: number;
  renewalNeeded: number;
  expired: number;
  emailsSent: number;
  deferred: number;
  /** Why a trigger run did nothing (it was replaced or alerts were turned off). */
  skipped?: string;
  /** The first send failure of this run (see `failed`). */
  sendError?: string;
  /**
   * Owners whose mail failed this run, once each. `dropped`: Gmail refused the
   * address, so the digest left the queue (fix the owner column); otherwise it
   * stays queued for the next run.
   */
  failed?: { to: string; reason: string; dropped: boolean }[];
  /** Codes whose Last alert cell could not be written this run (the Audit sheet has the day). */
  lastAlertStale?: number;
  /** Why this run stopped short: the next run (the trigger's next hour, or the menu item again) carries on. */
  continues?: string;
  /** Status changes left for the next run. */
  statusesLeft?: number;
  /** Audit lines this run moved to the yearly log spreadsheets. */
  auditLinesMoved?: number;
  /** Why moving Audit lines failed this run (the next run tries again). */
  rolloverError?: string;
}

/** The daily job (docs/api.md). Called by the trigger with an event, or by a person without one. */
export function runExpiryCheck(e?: ClockEvent): ExpiryCheckResult {
  const uid = e?.triggerUid ? String(e.triggerUid) : '';
  const env = uid ? triggerEnv(uid) : openEnv();
  if (!env) {
    removeOwnTrigger(uid);
    return { ...emptyResult(), skipped: STALE_TRIGGER };
  }
  const marks = checkMarks(env.ss.getId());
  const mark = marks.mark;
  if (uid) {
    // The hourly trigger (expiry/trigger.ts createTrigger): most of its runs find nothing due and end here,
    // before the lock, after a few property reads.
    const { stale, config } = staleTrigger(uid);
    if (stale) return { ...emptyResult(), skipped: STALE_TRIGGER };
    // The TikTok and TokPortal sync goes first, so the check judges what TikTok said (connect/sync.ts). It
    // runs in the hour before the alert hour, an execution of its own, so the two never share one run's
    // 6 minutes on a big ledger; from the alert hour on, each hourly run carries on what an earlier one had
    // no room or leave for. With alerts at midnight the hour before is the day before: both share the run.
    const alertHour = config ? config.hour : 0;
    if (env.hour >= alertHour || (alertHour > 0 && env.hour === alertHour - 1)) syncBeforeCheck(env);
    if (!checkDue(mark, env.today, env.hour, config ? config.hour : null))
      return { ...emptyResult(), skipped: NOT_DUE };
  }
  return withDocumentLock(() => {
    if (uid && staleTrigger(uid).stale) return { ...emptyResult(), skipped: STALE_TRIGGER };
    // Written ahead: a run the time limit stops counts as a run of the day, and the next one carries on.
    const started = startedMark(mark, env.today);
    marks.write(started);
    const r = check(env);
    try {
      marks.write({ ...started, done: !r.continues });
    } catch (_) {
      // The day's work is done; an unwritten mark costs one more run next hour, which finds nothing to do twice.
    }
    return r;
  }, LOCK_WAIT_MS);
}

/** The sync with its own budget; whatever it meets, the expiry check still runs (its result is in the Audit and the rows). */
function syncBeforeCheck(env: Env): void {
  try {
    if (syncDue(env)) syncIn(env, newBudget(SYNC_BUDGET.fetches, SYNC_BUDGET.seconds));
  } catch (e) {
    // The sync's own writes are all or nothing (writes.ts): a failure leaves its work for the next run, and says so.
    try {
      appendAudit(env, [
        {
          when: env.nowIso,
          who: env.user,
          videoUrl: '',
          field: 'TikTok sync failed',
          oldValue: '',
          newValue: `${(e as Error)?.message ?? e}; the next run tries again`,
          via: 'daily check',
        },
      ]);
    } catch (_) {
      // Nothing more can be said; the next run tries again.
    }
  }
}

export const NOT_DUE = "Nothing is due: the day's check is done, or its hour has not come.";

function emptyResult(): ExpiryCheckResult {
  return { checked: 0, renewalNeeded: 0, expired: 0, emailsSent: 0, deferred: 0 };
}

// The video id comes from the link (a row whose link does not parse is keyed by the link itself), so the Video ID column is not read.
const READ_KEYS: FieldKey[] = [
  'videoUrl',
  'sparkCode',
  'status',
  'expiresOn',
  'renewalDecision',
  'paidOwner',
  'creatorOwner',
  'approvalOwner',
  'creatorHandle',
  'client',
  'campaign',
  'market',
  'lastAlertOn',
];
const DATE_KEYS = new Set<FieldKey>(['expiresOn', 'lastAlertOn']);

/** Only the columns the check needs, straight from the one read of the sheet. */
function expiryRows(env: Env, data: LedgerColumns): ExpiryRow[] {
  const idx = data.cols.index;
  const rows: ExpiryRow[] = [];
  let offsets: number[] | null = null;
  for (let r = 1; r < data.values.length; r++) {
    const line = data.values[r];
    const get = (k: FieldKey): string => {
      const i = idx[k];
      const v = i === undefined ? '' : line[i];
      if (v === '' || v === null || v === undefined) return '';
      if (DATE_KEYS.has(k) || isDateObject(v)) {
        if (!offsets) offsets = env.offsets();
        return dateCellToYmd(v, offsets);
      }
      return String(v).trim();
    };
    const status = get('status');
    const videoUrl = get('videoUrl');
    if (status === '' && videoUrl === '') continue;
    const rec = { row: r + 1, status, videoUrl } as ExpiryRow;
    for (const k of READ_KEYS)
      if (k !== 'status' && k !== 'videoUrl') (rec as unknown as Record<string, string>)[k] = get(k);
    rec.videoId = parseVideoUrl(videoUrl)?.videoId ?? videoUrl;
    rows.push(rec);
  }
  return rows;
}

/**
 * How long a run may spend sending. A run has 6 minutes
 * (https://developers.google.com/apps-script/guides/services/quotas#current_limitations);
 * after the budget the rest stays queued for the next run, leaving time to
 * save the memory and write the audit.
 */
export const SEND_BUDGET_MS = 4 * 60 * 1000;

/** Moving Audit lines starts no new chunk after this (a chunk is under a minute at the high prices). */
const ROLL_BUDGET_MS = 4 * 60 * 1000;

const QUOTA_USED = 'the daily mail quota is used up';

function check(env: Env): ExpiryCheckResult {
  const startedMs = Date.now();
  // 1. What an interrupted run left: its half-done ledger writes, its sent log.
  const repaired = repairPending(env, () => ledgerSheet(env));
  // Only the columns the check reads and writes (Paid campaign, to put one back), not the whole Ledger.
  const data = readLedgerColumns(env, [...READ_KEYS, 'paidStatus']);
  const rows = expiryRows(env, data);
  const memory = readMemory(env);
  const hoursUntil = (ymd: string) => env.hoursUntil(ymd);
  // Mail goes only to owners on the Settings owner list or in the agency's domains (docs/product.md §8), checked again at send time.
  const settings = readSettings(env);
  const allowed = ownerPolicy(settings);
  const plan = planExpiryCheck(rows, memory.state, env.today, hoursUntil, allowed);
  const who = env.user;
  const audit = auditAs(env, 'daily check');
  const ymdOf = (d: Date): string => dateCellToYmd(d, env.offsets());
  const find = rowFinder(rows);

  // 2. New alerts are queued durably before anything is sent or written.
  let saved = memory.state;
  if (serializeState(plan.state) !== serializeState(saved)) {
    saveMemory(env, memory, plan.state);
    saved = plan.state;
  }

  // 3. Statuses move before any mail goes out, each row found by its video id. A backlog too big for one
  // run is left in part for the next run, and then no mail goes out this run (it stays queued): a digest
  // must not show a status the ledger does not hold yet.
  const statusesLeft = writeStatuses(env, data, plan.changes, audit, ymdOf, startedMs + STATUS_BUDGET_MS);
  if (statusesLeft > 0) return stoppedShort(env, plan, statusesLeft, audit, repaired);

  // 4. Send what fits, oldest queue first, each send remembered at once.
  const newStatus = new Map(plan.changes.map((c) => [c.row, c.to]));
  const lineFor = (key: string): DigestSource | null => {
    const r = find(key);
    if (!r) return null;
    return {
      key,
      row: r.row,
      videoUrl: r.videoUrl,
      creatorHandle: r.creatorHandle,
      client: r.client,
      campaign: r.campaign,
      sparkCode: r.sparkCode,
      status: newStatus.get(r.row) ?? r.status,
      expiresOn: r.expiresOn,
      renewalDecision: r.renewalDecision,
      market: r.market,
      // The owners say what the recipient is on the row (the digest's footer).
      paidOwner: r.paidOwner,
      creatorOwner: r.creatorOwner,
      approvalOwner: r.approvalOwner,
    };
  };
  const quota = plan.state.queue.length > 0 ? MailApp.getRemainingDailyQuota() : 0;
  const ctx = plan.state.queue.length > 0 ? digestContext(env, data) : null;
  const split = (d: Delivery): Delivery[] =>
    renderDigestParts(d.to, d.lines, ctx as DigestContext, DIGEST_BODY_BUDGET).map((p) => ({
      to: d.to,
      lines: p.lines,
      mail: p,
    }));
  const delivery = planDelivery(plan.state.queue, lineFor, quota, split);
  const sent: Delivery[] = [];
  const deferred: { d: Delivery; reason: string }[] = delivery.deferred.map((d) => ({ d, reason: QUOTA_USED }));
  const refused: { d: Delivery; reason: string }[] = [];
  const failed = new Map<string, { to: string; reason: string; dropped: boolean }>();
  const refusedTo = new Set<string>();
  const queuedSince = new Map(plan.state.queue.map((q) => [q.to.toLowerCase(), q.since]));
  const log = memory.log.slice();
  let stopReason = '';
  for (const d of delivery.send) {
    const to = d.to.toLowerCase();
    if (refusedTo.has(to)) {
      refused.push({ d, reason: failed.get(to)?.reason ?? '' });
      continue;
    }
    if (!stopReason && Date.now() - startedMs > SEND_BUDGET_MS)
      stopReason = 'this run used its time for sending; the rest goes out on the next run';
    if (stopReason) {
      deferred.push({ d, reason: stopReason });
      continue;
    }
    const mail = d.mail as NonNullable<Delivery['mail']>;
    try {
      MailApp.sendEmail({
        to: mail.to,
        subject: mail.subject,
        body: mail.body,
        htmlBody: mail.htmlBody,
        name: MENU_TITLE,
      });
    } catch (err) {
      const reason = (err as Error).message || String(err);
      // An error's text says nothing the add-on may decide by (it comes in the
      // user's language). A digest that failed is retried on the next runs; one
      // still failing after GIVE_UP_DAYS days of runs is this address's fault
      // (Gmail refusing it), and is given up for it, audited.
      const dropped = daysBetween(queuedSince.get(to) ?? env.today, env.today) >= GIVE_UP_DAYS;
      if (!failed.has(to)) failed.set(to, { to: d.to, reason, dropped });
      if (dropped) {
        refusedTo.add(to);
        refused.push({ d, reason });
      } else {
        deferred.push({ d, reason: `sending failed (${reason})` });
        // Someone else's script may have used the quota since it was read: compare counts, not messages.
        try {
          if (MailApp.getRemainingDailyQuota() < 1) stopReason = QUOTA_USED;
        } catch (_) {
          // Keep going; each send reports for itself.
        }
      }
      continue;
    }
    sent.push(d);
    const entry: SentEntry = {
      to: d.to,
      on: env.today,
      when: new Date().toISOString(),
      lines: d.lines.map((l) => [l.key, l.level, l.videoUrl]),
    };
    log.push(entry);
    try {
      logSent(env, memory, log.length - 1, entry);
    } catch (_) {
      // Without the log a later death of this run would mail this digest again; stop sending,
      // and let the memory save below (which knows of every send so far) record them.
      stopReason = 'the alert memory could not be written; the rest goes out on the next run';
    }
  }
  // A refused address leaves the queue for every part of this run not sent; each code remembers who did hear of it.
  const refusedDeliveries: RefusedDelivery[] = [];
  const byTo = new Map<string, RefusedDelivery>();
  for (const { d } of refused) {
    const to = d.to.toLowerCase();
    let r = byTo.get(to);
    if (!r) {
      r = { to: d.to, keys: [], heard: {} };
      byTo.set(to, r);
      refusedDeliveries.push(r);
    }
    for (const l of d.lines) {
      r.keys.push(l.key);
      const row = find(l.key);
      r.heard[l.key] = row ? alertOwners(row, allowed).valid.filter((o) => !refusedTo.has(o.toLowerCase())) : [];
    }
  }

  // 5. Forget what was sent, say in the Audit sheet what happened to the mail, then empty the sent log.
  const finalState = afterDelivery(plan.state, sent, delivery.withdrawn, env.today, refusedDeliveries);
  if (serializeState(finalState) !== serializeState(saved)) saveMemory(env, memory, finalState);
  const mailAudit = raisedAudit(plan, audit, repaired);
  mailAudit.push(...sentAudit(env, memory.log, who));
  for (const d of sent)
    for (const l of d.lines) mailAudit.push(audit(l.videoUrl, 'Expiry alert sent', LEVEL_LABEL[l.level], d.to));
  for (const { d, reason } of refused) {
    for (const l of d.lines) {
      mailAudit.push(
        audit(
          l.videoUrl,
          'Expiry alert not sent',
          LEVEL_LABEL[l.level],
          `Gmail refused "${d.to}" (${reason}); fix Paid owner or Creator owner: the corrected address is alerted on the next run. It is not retried for "${d.to}".`,
        ),
      );
    }
  }
  for (const { d, reason } of deferred) {
    for (const l of d.lines)
      mailAudit.push(
        audit(
          l.videoUrl,
          'Expiry alert deferred',
          LEVEL_LABEL[l.level],
          `${d.to}: ${reason}; it goes out on the next run.`,
        ),
      );
  }
  for (const w of [...plan.withdrawn, ...delivery.withdrawn])
    mailAudit.push(audit(w.videoUrl, 'Expiry alert withdrawn', LEVEL_LABEL[w.level as Level], `${w.to}: ${w.reason}.`));
  appendAudit(env, mailAudit);
  clearSentLog(memory, log.length);

  // 6. Last alert: the day mail about the code last went out, as the memory knows it.
  const lastAlertStale = writeLastAlert(data, find, finalState, ymdOf);

  // 7. The Audit's oldest lines move to the yearly log spreadsheets once it holds more than it keeps (auditLog.ts).
  // The day's work is done by now: a failure here is reported, and the next run tries again.
  let rollover: RolloverResult = { moved: 0, left: 0 };
  let rolloverError = '';
  try {
    rollover = rollAuditOver(env, settings.auditLinesKept, startedMs + ROLL_BUDGET_MS);
  } catch (err) {
    rolloverError = (err as Error).message || String(err);
  }

  // Mail left for lack of time (or of the memory) is carried on by the next run; mail left for the quota waits for tomorrow's.
  const continues =
    stopReason && stopReason !== QUOTA_USED
      ? stopReason
      : rollover.left > 0
        ? `${rollover.left} older Audit lines are still to move to the yearly log spreadsheets`
        : '';
  return {
    checked: plan.checked,
    renewalNeeded: plan.changes.filter((c) => c.to === 'Renewal needed').length,
    expired: plan.changes.filter((c) => c.to === 'Expired').length,
    emailsSent: sent.length,
    deferred: deferred.length,
    ...(lastAlertStale ? { lastAlertStale } : {}),
    ...(continues ? { continues } : {}),
    ...(rollover.moved ? { auditLinesMoved: rollover.moved } : {}),
    ...(rolloverError ? { rolloverError } : {}),
    ...(failed.size > 0 ? { sendError: [...failed.values()][0].reason, failed: [...failed.values()] } : {}),
  };
}

/** The audit lines every run writes: a repair it made, and the alerts it raised that have no one to go to. */
function raisedAudit(plan: CheckPlan, audit: AuditFn, repaired: Repair | null): AuditEntry[] {
  const lines: AuditEntry[] = [];
  if (repaired) lines.push(audit('', 'Repair', 'daily check', repaired.message));
  for (const a of plan.raised) {
    for (const p of a.ownerProblems)
      lines.push(audit(a.videoUrl, 'Expiry alert not sent', LEVEL_LABEL[a.level], p.reason));
    if (a.owners.length === 0 && a.invalidOwners.length === 0)
      lines.push(
        audit(
          a.videoUrl,
          'Expiry alert not sent',
          LEVEL_LABEL[a.level],
          'No paid, creator or approval owner to tell; fill in Paid owner.',
        ),
      );
  }
  return lines;
}

/**
 * A run that had no time to move every status: what it raised is audited and
 * stays queued (saved before the statuses), no mail goes out, and an Audit
 * line says the check continues. The next run plans again from the ledger, so
 * the statuses already moved are not moved again.
 */
function stoppedShort(
  env: Env,
  plan: CheckPlan,
  statusesLeft: number,
  audit: AuditFn,
  repaired: Repair | null,
): ExpiryCheckResult {
  const continues = `${statusesLeft} status change${statusesLeft === 1 ? '' : 's'} did not fit in this run; the next run moves them and sends the alerts`;
  appendAudit(env, [...raisedAudit(plan, audit, repaired), audit('', 'Daily check', '', `Continues: ${continues}.`)]);
  const moved = plan.changes.length - statusesLeft;
  const done = plan.changes.slice(0, moved);
  return {
    checked: plan.checked,
    renewalNeeded: done.filter((c) => c.to === 'Renewal needed').length,
    expired: done.filter((c) => c.to === 'Expired').length,
    emailsSent: 0,
    deferred: plan.state.queue.length,
    continues,
    statusesLeft,
  };
}

function digestContext(env: Env, data: LedgerColumns): DigestContext {
  return {
    spreadsheetName: env.ss.getName(),
    url: env.ss.getUrl(),
    ledgerSheetId: data.sheet.getSheetId(),
    today: env.today,
  };
}

/**
 * Finds the row holding a memory key. Keys start with the video id, so only
 * the rows of that video are hashed, not the whole ledger.
 */
function rowFinder(rows: readonly ExpiryRow[]): (key: string) => ExpiryRow | null {
  const byVideo = new Map<string, ExpiryRow[]>();
  for (const r of rows) {
    const list = byVideo.get(r.videoId);
    if (list) list.push(r);
    else byVideo.set(r.videoId, [r]);
  }
  return (key: string) => {
    const candidates = byVideo.get(key.slice(0, key.lastIndexOf('.'))) ?? [];
    return candidates.find((r) => codeKey(r) === key) ?? null;
  };
}
