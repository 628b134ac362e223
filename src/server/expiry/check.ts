/**
 * Expiry alerts (docs/product.md §6): the check the daily trigger runs (the trigger
 * itself is in expiry/trigger.ts), and its menu item. Planning lives in core/expiry/plan.ts and core/expiry/digest.ts;
 * this file reads once, writes in batches and sends the mail.
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
  type AlertState,
  type CheckPlan,
  type Delivery,
  type ExpiryRow,
  LEVEL_LABEL,
  type Level,
  type RefusedDelivery,
  type StatusChange,
  afterDelivery,
  alertOwners,
  chunkText,
  codeKey,
  parseState,
  planDelivery,
  planExpiryCheck,
  serializeState,
  type DigestLine,
} from '../../core/expiry/plan';
import { type FieldDef, type FieldKey, type Status, fieldDef, fieldLabel } from '../../core/ledger/fields';
import { MENU_TITLE } from '../../core/setup/menu';
import { dateCellToYmd, daysBetween, isDateObject } from '../../core/ledger/dates';
import { AUTOMATIC_FORMAT, numberFormatFor } from '../../core/ledger/sheetRow';
import { type Cell, quoteText } from '../../core/ledger/sheetRow';
import { parseVideoUrl } from '../../core/ledger/video';
import { type Env, openEnv } from '../ledger/env';
import { type LedgerColumns, ledgerSheet, ownCell, readLedgerColumns, undoAll } from '../ledger/ledger';
import {
  type JournalCell,
  type Repair,
  clearJournal,
  missingAuditLines,
  recordJournal,
  repairPending,
} from '../ledger/journal';
import { type RowWrite, guardedWrite } from '../ledger/rowGuard';
import { type ClockEvent, STALE_TRIGGER, checkMarks, removeOwnTrigger, staleTrigger, triggerEnv } from './trigger';
import { checkDue, startedMark } from '../../core/ledger/resume';
import { type RolloverResult, rollAuditOver } from '../ledger/auditLog';
import { withDocumentLock } from '../ledger/lock';
import { sealWriter, writeSeals } from '../ledger/seal';
import { readSettings } from '../ledger/settingsSheet';
import { ownerPolicy } from '../../core/ledger/settings';
import { paidStatusFor } from '../../core/lifecycle/lifecycle';
import { type Appended, type AppendUndo, appendAudit, fitColumns } from '../ledger/logs';

/** The hidden sheet holding what the check remembers between runs. */
export const SHEET_MEMORY = 'Alert memory';
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

/** Cells of the memory sheet hold up to 50,000 characters: https://support.google.com/docs/answer/37603 */
const CELL_CHARS = 40000;
/**
 * A1 of the memory sheet. It also tells a sheet written this way (automatic
 * format, quoted text) from one an older version wrote into plain-text ('@')
 * cells, whose columns must be made automatic before quoted text goes in.
 */
const MEMORY_NOTE =
  'Spark Ledger alert memory: which expiry alerts went out and which wait for mail quota. Do not edit. (text v2)';
/** B1 of the memory sheet: below it, one cell per digest sent since the memory was last saved. */
const SENT_LOG_NOTE = 'Sent since the last save (replayed by the next run)';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** One digest that went out: who, when, and which codes at which level. */
interface SentEntry {
  to: string;
  on: string;
  when: string;
  lines: [key: string, level: Level, videoUrl: string][];
}

interface Memory {
  sheet: Sheet | null;
  /** The saved state with the sent log applied. */
  state: AlertState;
  /** The sent log as read: entries not yet folded into the saved state, or not yet audited. */
  log: SentEntry[];
  /** Whether an older version's plain-text format must be replaced before writing. */
  needsFormat: boolean;
  /** The sheet's row count, once asked. */
  maxRows?: number;
}

function parseSentEntry(v: unknown): SentEntry | null {
  try {
    const e = JSON.parse(String(v)) as SentEntry;
    if (!e || typeof e.to !== 'string' || typeof e.on !== 'string' || !Array.isArray(e.lines)) return null;
    const lines = e.lines.filter(
      (l) => Array.isArray(l) && typeof l[0] === 'string' && typeof l[1] === 'number' && typeof l[2] === 'string',
    );
    return { to: e.to, on: e.on, when: String(e.when ?? ''), lines };
  } catch (_) {
    return null;
  }
}

function asDelivery(e: SentEntry): Delivery {
  return { to: e.to, lines: e.lines.map(([key, level, videoUrl]) => ({ key, level, videoUrl }) as DigestLine) };
}

/**
 * The memory sheet: A1 a note, A2 how many cells of text follow, A3… the
 * text; B1 a note, B2… the sent log. A count rather than clearing means one
 * setValues replaces the state atomically; cells past the count are leftovers
 * and ignored. Sends in the log are applied on read, each with its own day,
 * which is idempotent, so a log replayed twice does no harm.
 */
function readMemory(env: Env): Memory {
  const sheet = env.ss.getSheetByName(SHEET_MEMORY);
  if (!sheet) return { sheet: null, state: parseState(null), log: [], needsFormat: false };
  const values = sheet.getDataRange().getValues();
  const pieces = Number(values[1]?.[0] ?? 0) || 0;
  let text = '';
  for (let i = 0; i < pieces; i++) text += String(values[2 + i]?.[0] ?? '');
  let state = parseState(text);
  const log: SentEntry[] = [];
  for (let r = 1; r < values.length; r++) {
    const cell = values[r][1];
    if (cell === '' || cell === null || cell === undefined) break;
    const e = parseSentEntry(cell);
    if (e) log.push(e);
  }
  for (const e of log) state = afterDelivery(state, [asDelivery(e)], [], e.on);
  return { sheet, state, log, needsFormat: values[0]?.[0] !== MEMORY_NOTE };
}

/**
 * Every chunk is quoted into an automatic cell, so a chunk that happens to
 * read as a number, a date, TRUE or a formula stays the exact text
 * (https://support.google.com/docs/answer/3094139). A new sheet is automatic.
 */
function memorySheet(env: Env, memory: Memory): Sheet {
  let sheet = memory.sheet;
  if (!sheet) {
    sheet = env.ss.insertSheet(SHEET_MEMORY);
    sheet.hideSheet();
    // Two columns, not a new sheet's 26: every cell counts against the spreadsheet's 10 M (logs.ts fitColumns).
    fitColumns(sheet, 2);
    memory.sheet = sheet;
  }
  if (memory.needsFormat) {
    sheet.getRange('A:B').setNumberFormat(AUTOMATIC_FORMAT);
    memory.needsFormat = false;
  }
  return sheet;
}

function saveMemory(env: Env, memory: Memory, state: AlertState): void {
  const sheet = memorySheet(env, memory);
  const chunks = chunkText(serializeState(state), CELL_CHARS);
  const rows = [[quoteText(MEMORY_NOTE)], [chunks.length], ...chunks.map((c) => [quoteText(c)])];
  // A new sheet has 1,000 rows (40 MB of text); grow only beyond that.
  if (rows.length > 1000 && rows.length > sheet.getMaxRows())
    sheet.insertRowsAfter(sheet.getMaxRows(), rows.length - sheet.getMaxRows());
  sheet.getRange(1, 1, rows.length, 1).setValues(rows);
}

/** Writes one sent-log entry in the next free cell of column B: one call a send, whatever the memory's size. */
function logSent(env: Env, memory: Memory, index: number, entry: SentEntry): void {
  const sheet = memorySheet(env, memory);
  const row = 2 + index;
  // The grid's size is asked once a run, so a send costs one write (getRange, setValues), whatever the log's length.
  if (memory.maxRows === undefined) memory.maxRows = sheet.getMaxRows();
  if (row > memory.maxRows) {
    sheet.insertRowsAfter(memory.maxRows, 500);
    memory.maxRows += 500;
  }
  const cells =
    index === 0
      ? [[quoteText(SENT_LOG_NOTE)], [quoteText(JSON.stringify(entry))]]
      : [[quoteText(JSON.stringify(entry))]];
  sheet.getRange(index === 0 ? 1 : row, 2, cells.length, 1).setValues(cells);
}

function clearSentLog(memory: Memory, count: number): void {
  if (!memory.sheet || count === 0) return;
  memory.sheet.getRange(2, 2, count, 1).clearContent();
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
  const when = env.nowIso;
  const who = env.user;
  const audit = (videoUrl: string, field: string, oldValue: string, newValue: string): AuditEntry => ({
    when,
    who,
    videoUrl,
    field,
    oldValue,
    newValue,
    via: 'daily check',
  });
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
  const lineFor = (key: string): Omit<DigestLine, 'level'> | null => {
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

/**
 * Audit lines for sends an earlier run logged but did not get into the
 * Audit sheet (it died, or its audit append failed). The Audit sheet's last
 * rows are read to leave out lines that did get there (the run may have died
 * between its audit and emptying the log); only runs with a leftover log
 * read it.
 */
function sentAudit(env: Env, leftover: readonly SentEntry[], who: string): AuditEntry[] {
  const wanted: AuditEntry[] = [];
  for (const e of leftover) {
    for (const [, level, videoUrl] of e.lines) {
      wanted.push({
        when: e.when || env.nowIso,
        who,
        videoUrl,
        field: 'Expiry alert sent',
        oldValue: LEVEL_LABEL[level],
        newValue: e.to,
        via: 'daily check',
      });
    }
  }
  return missingAuditLines(env, wanted);
}

function digestContext(env: Env, data: LedgerColumns): DigestContext {
  return {
    spreadsheetName: env.ss.getName(),
    url: env.ss.getUrl(),
    ledgerSheetId: data.sheet.getSheetId(),
    today: env.today,
  };
}

type AuditFn = (videoUrl: string, field: string, oldValue: string, newValue: string) => AuditEntry;

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

/**
 * Status changes and their audit lines, all or nothing: undone together if
 * either fails, journaled for the next run if the undo fails too. A video
 * whose row is gone by the time of the write is left for the next run.
 */
/**
 * How many status changes go in one all-or-nothing write. A backlog (the first
 * run on a big ledger, or one after days without a run) goes in several, the
 * time checked between them, so a run stops inside its limit and the next one
 * carries on; each is a few calls whatever its size.
 */
const STATUS_CHUNK = 5000;

/**
 * How long a run may spend moving statuses before it leaves the rest to the
 * next run (6 minutes a run,
 * https://developers.google.com/apps-script/guides/services/quotas#current_limitations,
 * leaving room for the chunk under way, the memory and the audit).
 */
export const STATUS_BUDGET_MS = 3 * 60 * 1000;

/** Moves statuses in chunks until `deadline` (Date.now() milliseconds); returns how many changes are left for the next run. */
function writeStatuses(
  env: Env,
  data: LedgerColumns,
  changes: readonly StatusChange[],
  audit: AuditFn,
  ymdOf: (d: Date) => string,
  deadline: number,
): number {
  for (let i = 0; i < changes.length; i += STATUS_CHUNK) {
    if (i > 0 && Date.now() > deadline) return changes.length - i;
    writeStatusChunk(env, data, changes.slice(i, i + STATUS_CHUNK), audit, ymdOf);
  }
  return 0;
}

function writeStatusChunk(
  env: Env,
  data: LedgerColumns,
  changes: readonly StatusChange[],
  audit: AuditFn,
  ymdOf: (d: Date) => string,
): void {
  if (changes.length === 0) return;
  const statusCol = data.cols.index.status as number;
  const videoCol = data.cols.index.videoUrl as number;
  const format = numberFormatFor(fieldDef('status') as FieldDef);
  const paidCol = data.cols.index.paidStatus;
  const paidFormat = numberFormatFor(fieldDef('paidStatus') as FieldDef);
  const seals = sealWriter(env, data.sheet, data.values[0] ?? []);
  const sealCol = seals.column();
  const writes: RowWrite[] = [];
  const hints = new Map<string, number>();
  const journal: JournalCell[] = [];
  const lines: AuditEntry[] = [];
  for (const c of changes) {
    const videoId = parseVideoUrl(c.videoUrl)?.videoId;
    if (!videoId || hints.has(videoId)) continue;
    hints.set(videoId, c.row);
    const cells = new Map<number, { value: Cell; format: string }>([[statusCol, { value: c.to, format }]]);
    journal.push({
      videoId,
      videoUrl: c.videoUrl,
      header: fieldLabel('status'),
      col: statusCol,
      format,
      before: quoteText(c.from),
      after: c.to,
    });
    lines.push(audit(c.videoUrl, fieldLabel('status'), c.from, c.to));
    // Status and Paid campaign agree (docs/product.md §8): an expired code's campaign has ended.
    const paid = paidStatusFor(c.to as Status);
    const oldPaid = paidCol === undefined ? '' : String(data.values[c.row - 1]?.[paidCol] ?? '');
    if (paidCol !== undefined && paid !== null && oldPaid !== paid) {
      cells.set(paidCol, { value: paid, format: paidFormat });
      journal.push({
        videoId,
        videoUrl: c.videoUrl,
        header: fieldLabel('paidStatus'),
        col: paidCol,
        format: paidFormat,
        before: quoteText(oldPaid),
        after: paid,
      });
      lines.push(audit(c.videoUrl, fieldLabel('paidStatus'), oldPaid, paid));
    }
    writes.push({ videoId, cells });
  }
  const undos: AppendUndo[] = [];
  const what = `Status of ${journal.length} code${journal.length === 1 ? '' : 's'} (daily check)`;
  // Written ahead: a run that dies between the Status cells and their audit lines (the time limit
  // gives no chance to undo) leaves this, and the next run adds the lines it finds missing.
  const ahead = recordJournal(env, {
    when: env.nowIso,
    who: env.user,
    what,
    videoCol,
    cells: journal,
    rows: [],
    finish: lines,
  });
  try {
    const written = guardedWrite(data.sheet, videoCol, writes, hints, (v, col) => ownCell(data, v, col), ymdOf);
    undos.push(written.undo);
    // Status seals (seal.ts) on the rows the statuses landed on, in one write of the column's span: seals
    // differ row by row, so they cannot go in groups. A seal that a sort meanwhile puts on another row does
    // not verify there (it names its video), so the worst a race does is leave a row unsealed.
    if (sealCol >= 0) {
      const to = new Map(changes.map((c) => [parseVideoUrl(c.videoUrl)?.videoId ?? '', c.to]));
      undos.push(
        writeSeals(
          env,
          data.sheet,
          data.values[0] ?? [],
          [...written.rows].map(([videoId, row]) => ({ row, videoId, status: to.get(videoId) ?? '' })),
        ),
      );
    }
    const gone = new Set(written.gone);
    undos.push(
      appendAudit(
        env,
        lines.filter((l) => !gone.has(parseVideoUrl(l.videoUrl)?.videoId ?? '')),
      ),
    );
    SpreadsheetApp.flush();
  } catch (err) {
    const reason = (err as Error).message;
    if (undoAll(undos)) {
      if (ahead) clearJournal(env);
      throw new Error(
        `The expiry check could not update the ledger (${reason}). Nothing was changed in the ledger and no mail went out; the next run does it again.`,
      );
    }
    recordJournal(env, {
      when: env.nowIso,
      who: env.user,
      what,
      videoCol,
      cells: journal,
      rows: undos.map((u) => u.appended).filter((a): a is Appended => !!a),
    });
    throw new Error(
      `The expiry check could not update the ledger (${reason}), and Sheets also failed while undoing it; the next run puts it right and says so in the Audit sheet. No mail went out.`,
    );
  }
  if (ahead) clearJournal(env);
}

/** Last alert cells that disagree with the memory's day of the last mail, rows found by video id. */
/** Returns how many codes' Last alert could not be written. */
function writeLastAlert(
  data: LedgerColumns,
  find: (key: string) => ExpiryRow | null,
  state: AlertState,
  ymdOf: (d: Date) => string,
): number {
  const alertCol = data.cols.index.lastAlertOn;
  if (alertCol === undefined) return 0;
  const format = numberFormatFor(fieldDef('lastAlertOn') as FieldDef);
  const writes: RowWrite[] = [];
  const hints = new Map<string, number>();
  for (const [key, mem] of Object.entries(state.codes)) {
    const r = mem.sentOn ? find(key) : null;
    if (!r || mem.sentOn === r.lastAlertOn || hints.has(r.videoId)) continue;
    hints.set(r.videoId, r.row);
    writes.push({ videoId: r.videoId, cells: new Map([[alertCol, { value: mem.sentOn, format }]]) });
  }
  if (writes.length === 0) return 0;
  // Tried twice: the Audit sheet's "Expiry alert sent" lines keep the day either way, and the run says when the cells are stale.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      guardedWrite(
        data.sheet,
        data.cols.index.videoUrl as number,
        writes,
        hints,
        (v, col) => ownCell(data, v, col),
        ymdOf,
      );
      return 0;
    } catch (_) {
      // Once more, below.
    }
  }
  return writes.length;
}
