/**
 * Expiry alerts (SPEC §6): the one daily trigger, the check it runs, and the
 * menu items around them. Planning lives in core/expiry.ts and core/digest.ts;
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
 *   1. read the ledger and the memory, plan;
 *   2. save the memory with the new alerts queued (nothing sent yet);
 *   3. send what the quota allows, oldest queue first, each digest split under the
 *      body-size limit; a failure skips only its own owner: refused for the
 *      address, it leaves the queue (audited); any other failure stays queued;
 *   4. save the memory without what was sent, audit the mail;
 *   5. write Status and Last alert (one setValues per column) and audit the changes,
 *      undone together if either fails; the next run plans them again.
 */
import { AuditEntry } from '../core/sheets';
import { DIGEST_BODY_BUDGET, DigestContext, renderDigestParts } from '../core/digest';
import {
  AlertState, Delivery, ExpiryRow, LEVEL_LABEL, Level, RefusedDelivery, StatusChange, afterDelivery, alertOwners, chunkText, codeKey, parseState,
  planDelivery, planExpiryCheck, serializeState, DigestLine,
} from '../core/expiry';
import { FIELDS, FieldDef, FieldKey, fieldLabel } from '../core/fields';
import { MENU_TITLE } from '../core/menu';
import { dateCellToYmd, daysBetween, isDateObject } from '../core/dates';
import { AUTOMATIC_FORMAT, numberFormatFor } from '../core/setupPlan';
import { Cell, quoteText } from '../core/sheetRow';
import { parseVideoUrl } from '../core/video';
import { Env, openEnv } from './env';
import { LedgerData, Undo, readLedger, undoAll } from './ledger';
import { ClockEvent, STALE_TRIGGER, removeOwnTrigger, staleTrigger, tell, triggerEnv } from './alertTrigger';
import { withDocumentLock } from './lock';
import { appendAudit } from './logs';

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
}

/** Cells of the memory sheet hold up to 50,000 characters: https://support.google.com/docs/answer/37603 */
const CELL_CHARS = 40000;
/**
 * A1 of the memory sheet. It also tells a sheet written this way (automatic
 * format, quoted text) from one an older version wrote into plain-text ('@')
 * cells, whose column A must be made automatic before quoted text goes in.
 */
const MEMORY_NOTE = 'Spark Ledger alert memory: which expiry alerts went out and which wait for mail quota. Do not edit. (text v2)';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** Memory sheets read this run whose column A still has an older version's format. */
const memoryNeedsFormat: Sheet[] = [];

/**
 * The memory sheet: A1 a note, A2 how many cells of text follow, A3… the text.
 * A count rather than clearing means one setValues replaces it atomically;
 * cells past the count are leftovers and ignored.
 */
function readMemory(env: Env): { sheet: Sheet | null; state: AlertState } {
  memoryNeedsFormat.length = 0;
  const sheet = env.ss.getSheetByName(SHEET_MEMORY);
  if (!sheet) return { sheet: null, state: parseState(null) };
  const values = sheet.getDataRange().getValues();
  if (values[0]?.[0] !== MEMORY_NOTE) memoryNeedsFormat.push(sheet);
  const pieces = Number(values[1]?.[0] ?? 0) || 0;
  let text = '';
  for (let i = 0; i < pieces; i++) text += String(values[2 + i]?.[0] ?? '');
  return { sheet, state: parseState(text) };
}

/**
 * Every chunk is quoted into an automatic cell, so a chunk that happens to
 * read as a number, a date, TRUE or a formula stays the exact text
 * (https://support.google.com/docs/answer/3094139). A new sheet is automatic.
 */
function saveMemory(env: Env, existing: Sheet | null, state: AlertState): Sheet {
  let sheet = existing;
  if (!sheet) {
    sheet = env.ss.insertSheet(SHEET_MEMORY);
    sheet.hideSheet();
  }
  const stale = memoryNeedsFormat.indexOf(sheet);
  if (stale >= 0) {
    sheet.getRange('A:A').setNumberFormat(AUTOMATIC_FORMAT);
    memoryNeedsFormat.splice(stale, 1);
  }
  const chunks = chunkText(serializeState(state), CELL_CHARS);
  const rows = [[quoteText(MEMORY_NOTE)], [chunks.length], ...chunks.map((c) => [quoteText(c)])];
  // A new sheet has 1,000 rows (40 MB of text); grow only beyond that.
  if (rows.length > 1000 && rows.length > sheet.getMaxRows()) sheet.insertRowsAfter(sheet.getMaxRows(), rows.length - sheet.getMaxRows());
  sheet.getRange(1, 1, rows.length, 1).setValues(rows);
  return sheet;
}

/** The daily job (API.md). Called by the trigger with an event, or by a person without one. */
export function runExpiryCheck(e?: ClockEvent): ExpiryCheckResult {
  const uid = e && e.triggerUid ? String(e.triggerUid) : '';
  const env = uid ? triggerEnv(uid) : openEnv();
  if (!env) {
    removeOwnTrigger(uid);
    return { ...emptyResult(), skipped: STALE_TRIGGER };
  }
  return withDocumentLock(() => {
    if (uid && staleTrigger(uid)) return { ...emptyResult(), skipped: STALE_TRIGGER };
    return check(env);
  }, LOCK_WAIT_MS);
}

function emptyResult(): ExpiryCheckResult {
  return { checked: 0, renewalNeeded: 0, expired: 0, emailsSent: 0, deferred: 0 };
}

const READ_KEYS: FieldKey[] = [
  'videoUrl', 'videoId', 'sparkCode', 'status', 'expiresOn', 'renewalDecision', 'paidOwner', 'creatorOwner', 'approvalOwner',
  'creatorHandle', 'client', 'campaign', 'lastAlertOn',
];
const DATE_KEYS = new Set<FieldKey>(['expiresOn', 'lastAlertOn']);

/** Only the columns the check needs, straight from the one read of the sheet. */
function expiryRows(env: Env, data: LedgerData): ExpiryRow[] {
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
    for (const k of READ_KEYS) if (k !== 'status' && k !== 'videoUrl' && k !== 'videoId') (rec as unknown as Record<string, string>)[k] = get(k);
    rec.videoId = parseVideoUrl(videoUrl)?.videoId ?? (get('videoId') || videoUrl);
    rows.push(rec);
  }
  return rows;
}

function check(env: Env): ExpiryCheckResult {
  const data = readLedger(env);
  const rows = expiryRows(env, data);
  const store = readMemory(env);
  const hoursUntil = (ymd: string) => env.hoursUntil(ymd);
  const plan = planExpiryCheck(rows, store.state, env.today, hoursUntil);
  const when = env.nowIso;
  const who = env.user;
  const audit = (videoUrl: string, field: string, oldValue: string, newValue: string): AuditEntry => ({ when, who, videoUrl, field, oldValue, newValue, via: 'daily check' });

  // 2. New alerts are queued durably before anything is sent or written.
  let memory = store.sheet;
  if (serializeState(plan.state) !== serializeState(store.state)) memory = saveMemory(env, memory, plan.state);

  // 3. Send what fits, oldest queue first.
  const find = rowFinder(rows);
  const newStatus = new Map(plan.changes.map((c) => [c.row, c.to]));
  const lineFor = (key: string): Omit<DigestLine, 'level'> | null => {
    const r = find(key);
    if (!r) return null;
    return {
      key, row: r.row, videoUrl: r.videoUrl, creatorHandle: r.creatorHandle, client: r.client, campaign: r.campaign, sparkCode: r.sparkCode,
      status: newStatus.get(r.row) ?? r.status, expiresOn: r.expiresOn, renewalDecision: r.renewalDecision,
    };
  };
  const quota = plan.state.queue.length > 0 ? MailApp.getRemainingDailyQuota() : 0;
  const ctx = plan.state.queue.length > 0 ? digestContext(env, data) : null;
  const split = (d: Delivery): Delivery[] =>
    renderDigestParts(d.to, d.lines, ctx as DigestContext, DIGEST_BODY_BUDGET).map((p) => ({ to: d.to, lines: p.lines, mail: p }));
  const delivery = planDelivery(plan.state.queue, lineFor, quota, split);
  const sent: Delivery[] = [];
  const deferred: { d: Delivery; reason: string }[] = delivery.deferred.map((d) => ({ d, reason: 'the daily mail quota is used up' }));
  const refused: { d: Delivery; reason: string }[] = [];
  const failed = new Map<string, { to: string; reason: string; dropped: boolean }>();
  const refusedTo = new Set<string>();
  const queuedSince = new Map(plan.state.queue.map((q) => [q.to.toLowerCase(), q.since]));
  let quotaGone = false;
  for (const d of delivery.send) {
    const to = d.to.toLowerCase();
    if (refusedTo.has(to)) {
      refused.push({ d, reason: failed.get(to)?.reason ?? '' });
      continue;
    }
    if (quotaGone) {
      deferred.push({ d, reason: 'the daily mail quota is used up' });
      continue;
    }
    const mail = d.mail as NonNullable<Delivery['mail']>;
    try {
      MailApp.sendEmail({ to: mail.to, subject: mail.subject, body: mail.body, htmlBody: mail.htmlBody, name: MENU_TITLE });
      sent.push(d);
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
          quotaGone = MailApp.getRemainingDailyQuota() < 1;
        } catch (_) {
          quotaGone = false;
        }
      }
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
      r.heard[l.key] = row ? alertOwners(row).valid.filter((o) => !refusedTo.has(o.toLowerCase())) : [];
    }
  }

  // 4. Forget what was sent, then say in the Audit sheet what happened to the mail.
  const finalState = afterDelivery(plan.state, sent, delivery.withdrawn, env.today, refusedDeliveries);
  if (serializeState(finalState) !== serializeState(plan.state)) saveMemory(env, memory, finalState);
  const mailAudit: AuditEntry[] = [];
  for (const a of plan.raised) {
    for (const bad of a.invalidOwners) mailAudit.push(audit(a.videoUrl, 'Expiry alert not sent', LEVEL_LABEL[a.level], `"${bad}" is not an email address; fix Paid owner or Creator owner.`));
    if (a.owners.length === 0 && a.invalidOwners.length === 0) mailAudit.push(audit(a.videoUrl, 'Expiry alert not sent', LEVEL_LABEL[a.level], 'No paid, creator or approval owner to tell; fill in Paid owner.'));
  }
  for (const d of sent) for (const l of d.lines) mailAudit.push(audit(l.videoUrl, 'Expiry alert sent', LEVEL_LABEL[l.level], d.to));
  for (const { d, reason } of refused) {
    for (const l of d.lines) {
      mailAudit.push(audit(l.videoUrl, 'Expiry alert not sent', LEVEL_LABEL[l.level],
        `Gmail refused "${d.to}" (${reason}); fix Paid owner or Creator owner: the corrected address is alerted on the next run. It is not retried for "${d.to}".`));
    }
  }
  for (const { d, reason } of deferred) {
    for (const l of d.lines) mailAudit.push(audit(l.videoUrl, 'Expiry alert deferred', LEVEL_LABEL[l.level], `${d.to}: ${reason}; it goes out on the next run.`));
  }
  for (const w of delivery.withdrawn) mailAudit.push(audit(w.videoUrl, 'Expiry alert withdrawn', LEVEL_LABEL[w.level as Level], `${w.to}: ${w.reason}.`));
  appendAudit(env, mailAudit);

  // 5. Status and Last alert, then their audit lines; all or nothing.
  writeLedgerChanges(env, data, find, plan.changes, finalState, audit);

  return {
    checked: plan.checked,
    renewalNeeded: plan.changes.filter((c) => c.to === 'Renewal needed').length,
    expired: plan.changes.filter((c) => c.to === 'Expired').length,
    emailsSent: sent.length,
    deferred: deferred.length,
    ...(failed.size > 0 ? { sendError: [...failed.values()][0].reason, failed: [...failed.values()] } : {}),
  };
}

function digestContext(env: Env, data: LedgerData): DigestContext {
  return { spreadsheetName: env.ss.getName(), url: env.ss.getUrl(), ledgerSheetId: data.sheet.getSheetId(), today: env.today };
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

function writeLedgerChanges(env: Env, data: LedgerData, find: (key: string) => ExpiryRow | null, changes: readonly StatusChange[], state: AlertState, audit: AuditFn): void {
  const statusCol = data.cols.index.status as number;
  const statusCells = new Map<number, Cell>(changes.map((c) => [c.row, c.to]));
  // Last alert is the day mail about the code last went out; memory says so
  // even when an earlier run could not write the cell.
  const alertCol = data.cols.index.lastAlertOn;
  const alertCells = new Map<number, Cell>();
  if (alertCol !== undefined) {
    for (const [key, mem] of Object.entries(state.codes)) {
      const r = mem.sentOn ? find(key) : null;
      if (r && mem.sentOn !== r.lastAlertOn) alertCells.set(r.row, mem.sentOn);
    }
  }
  const entries = changes.map((c) => audit(c.videoUrl, fieldLabel('status'), c.from, c.to));
  const undos: Undo[] = [];
  try {
    undos.push(rewriteColumn(data, statusCol, statusCells));
    if (alertCol !== undefined) undos.push(rewriteColumn(data, alertCol, alertCells));
    undos.push(appendAudit(env, entries));
  } catch (err) {
    undoAll(undos);
    throw new Error(`The expiry check could not update the ledger (${(err as Error).message}). Nothing was changed in the ledger; the next run does it again, and no alert is lost or sent twice.`);
  }
}

/**
 * Writes scattered cells of one column with one setValues over the span they
 * cover. The span first gets the column's own number format, so no string
 * lands in a plain-text ('@') cell of an older ledger; then every string goes
 * in quoted, the cells in between too (text stays text), and numbers,
 * booleans and dates as they are.
 */
function rewriteColumn(data: LedgerData, col: number, cells: Map<number, Cell>): Undo {
  if (cells.size === 0) return () => undefined;
  let first = Infinity;
  let last = -Infinity;
  for (const r of cells.keys()) {
    if (r < first) first = r;
    if (r > last) last = r;
  }
  const def = FIELDS.find((f) => data.cols.index[f.key] === col) as FieldDef;
  const range = data.sheet.getRange(first, col + 1, last - first + 1, 1);
  range.setNumberFormat(numberFormatFor(def));
  const before: Cell[][] = [];
  const after: Cell[][] = [];
  for (let r = first; r <= last; r++) {
    const old = asWritten(data.values[r - 1]?.[col]);
    before.push([old]);
    const next = cells.get(r);
    after.push([next === undefined ? old : asWritten(next)]);
  }
  range.setValues(after);
  return () => range.setValues(before);
}

function asWritten(v: unknown): Cell {
  if (v === null || v === undefined || v === '') return '';
  if (typeof v === 'string') return quoteText(v);
  return v as Cell;
}

// Menu items: each reports to the person who clicked and refreshes the menu.

export function menuRunExpiryCheck(): void {
  const r = runExpiryCheck();
  const parts = [
    `Checked ${r.checked} live code${r.checked === 1 ? '' : 's'}: ${r.renewalNeeded} moved to Renewal needed, ${r.expired} to Expired.`,
    `${r.emailsSent} email${r.emailsSent === 1 ? '' : 's'} sent${r.deferred ? `, ${r.deferred} waiting for the next run (see the Audit sheet)` : ''}.`,
  ];
  for (const f of r.failed ?? []) {
    parts.push(f.dropped
      ? `Not sent to ${f.to}: ${f.reason} Fix that Paid owner or Creator owner; the corrected address gets the alert on the next run.`
      : `Not sent to ${f.to} (${f.reason}); it is retried on the next run.`);
  }
  tell(parts.join('\n'));
}

