/**
 * The sidebar's ledger actions (docs/api.md). Each one: validate with the shared
 * schemas, take the document lock, re-read the ledger, write the row in one
 * batch, audit. Bad input returns every problem and writes nothing.
 */
import {
  type ActionContext,
  type Plan,
  type PlanResult,
  planChangeStatus,
  planRecordCode,
  planRenewCode,
  planRequestCode,
  planRetireCode,
  planUpdateRecord,
} from '../../core/lifecycle/actions';
import { auditEntries, overwrittenEntry } from '../../core/ledger/audit';
import type { FieldError } from '../../core/ledger/errors';
import {
  ACTIVATION_CHECKS,
  COMMON_WINDOWS,
  FIELDS,
  FIELD_KEYS,
  type FieldKey,
  type LedgerRecord,
  fieldLabel,
  OBJECTIVES,
  INVOICE_STATUSES,
  ORGANIC_STATUSES,
  PAID_STATUSES,
  PRE_REQUEST_CHECKS,
  RENEWAL_DECISIONS,
  RETIREMENT_REASONS,
  STATUSES,
} from '../../core/ledger/fields';
import { TRANSITIONS } from '../../core/lifecycle/lifecycle';
import type { Settings } from '../../core/ledger/settings';
import type { AuditEntry, Via } from '../../core/ledger/sheets';
import { parseVideoUrl } from '../../core/ledger/video';
import { type Env, openEnv } from '../ledger/env';
import {
  type LedgerRows,
  type Undo,
  ensureRows,
  findLedgerSheet,
  ledgerSheet,
  openLedger,
  searchRow,
  undoAll,
  videoNeedle,
} from '../ledger/ledger';
import { type Appended, type AppendUndo, prepareAudit, prepareCodeHistory } from '../ledger/logs';
import { journalCells, recordJournal, repairPending } from '../ledger/journal';
import { type GuardedResult, cellsLeft, guardedWrite, videoIdOf } from '../ledger/rowGuard';
import { sealWriter } from '../ledger/seal';
import { SEAL_HEADER } from '../../core/ledger/seal';
import { AUTOMATIC_FORMAT } from '../../core/ledger/sheetRow';
import { dateCellToYmd } from '../../core/ledger/dates';
import { type Cell, cellRuns } from '../../core/ledger/sheetRow';
import { BusyError, withDocumentLock } from '../ledger/lock';
import { appendAudit } from '../ledger/logs';
import { readSettings } from '../ledger/settingsSheet';
import { pastCodeFinder } from '../ledger/retiredCodes';
import { statusBeforeRenewalNeeded } from '../ledger/auditLog';
import { planWithCheck } from '../../core/connect/check';
import { checkVerdict, precheckCode, saveBudget, withResolvedLink } from '../connect/check';

/** `notice`: an earlier interrupted change was repaired first (see journal.ts). */
export type ActionResult =
  | { ok: true; record: LedgerRecord; notice?: string }
  | { ok: false; errors: FieldError[]; notice?: string };

type Planner = (input: unknown, ctx: ActionContext, lookup: LedgerRows['lookup']) => PlanResult;

function actionContext(env: Env, settings: Settings): ActionContext {
  return {
    settings,
    today: env.today,
    nowIso: env.nowIso,
    user: env.user,
    hoursUntil: (d) => env.hoursUntil(d),
    locale: env.locale,
  };
}

/** Settings are read only by actions that check values against its lists. */
const NEEDS_SETTINGS = new Set<Planner>([planRequestCode, planChangeStatus, planUpdateRecord]);

/** Planners whose Spark code is checked with TikTok, when connected (docs/product.md §9). */
const CHECKED = new Set<Planner>([planRecordCode, planRenewCode]);

function run(planner: Planner, raw: unknown, via: Via = 'sidebar'): ActionResult {
  const env = openEnv();
  // TikTok is asked before the lock, so a slow answer never holds anyone else's save.
  const budget = saveBudget();
  const resolved = withResolvedLink(raw, budget);
  if ('errors' in resolved) return { ok: false, errors: resolved.errors };
  const input = resolved.input;
  const check = CHECKED.has(planner) ? precheckCode(env, input, budget) : null;
  const settings = NEEDS_SETTINGS.has(planner) ? readSettings(env) : ({} as Settings);
  try {
    return withDocumentLock(() => {
      const repaired = repairPending(env, () => ledgerSheet(env));
      const notice = repaired ? { notice: repaired.message } : {};
      // One row: the header, the video's row found by a search of the Video URL column, nothing else of the Ledger.
      const data = openLedger(env);
      // docs/product.md §8: a code is unique across the Ledger, Code history and Archive (searched only if a code is asked about).
      const lookup = {
        ...data.lookup,
        pastUsesOfCode: pastCodeFinder(env),
        statusBeforeRenewalNeeded: (videoId: string) => statusBeforeRenewalNeeded(env, videoId),
      };
      const ctx = actionContext(env, settings);
      let result = planner(input, ctx, lookup);
      if (!result.ok) return { ok: false as const, errors: result.errors, ...notice };
      if (check) {
        const typed = { authorizedOn: result.plan.after.authorizedOn, authDays: Number(result.plan.after.authDays) };
        const verdict = checkVerdict(check.ask, check.videoId, typed, (ms) => env.offsets().offsetAt(ms));
        if (!verdict.ok) return { ok: false as const, errors: verdict.errors, ...notice };
        // TikTok's window replaces the typed one: planned again with it, so the expiry and status follow.
        if (verdict.window && verdict.typedWindow) {
          const { authorizedOn, authDays } = verdict.window;
          result = planner({ ...(input as object), authorizedOn, authDays }, ctx, lookup);
          if (!result.ok) return { ok: false as const, errors: result.errors, ...notice };
        }
        result = { ok: true, plan: planWithCheck(result.plan, verdict) };
      }
      const saved = applyPlan(env, data, result.plan, via);
      const notices = [repaired?.message, saved.notice].filter(Boolean).join(' ');
      return { ok: true as const, record: saved.record, ...(notices ? { notice: notices } : {}) };
    });
  } catch (e) {
    if (e instanceof BusyError) return { ok: false, errors: [{ field: '', message: e.message }] };
    throw e;
  }
}

/**
 * Writes a plan: code history first, then the audit lines, then the row,
 * all queued after the last read so the look after writing commits them
 * together (rowGuard.ts, prepare). If any step fails the earlier ones
 * are undone, so a row is never half written and the audit never tells of a
 * change that did not happen. When an undo fails too, what is left is
 * recorded in the repair journal and the next write puts it back
 * (journal.ts); the message says so instead of claiming nothing was written.
 *
 * The row is found again by its video id just before it is written, and
 * looked at again after (rowGuard.ts): people may sort or insert rows at
 * any moment, the lock does not stop them. Only this video's row was read,
 * so if a sort slid another video's row under the write in the moment
 * between that look and the write, that video's overwritten cells cannot be
 * put back: they are named to the user and in the Audit (`notice`).
 */
export function applyPlan(env: Env, data: LedgerRows, plan: Plan, via: Via): { record: LedgerRecord; notice?: string } {
  const undos: AppendUndo[] = [];
  const videoId = parseVideoUrl(plan.after.videoUrl)?.videoId ?? '';
  const videoCol = data.cols.index.videoUrl as number;
  const previous = plan.row === null ? null : data.rowValues(plan.row);
  let row = plan.row ?? 0;
  let cells = new Map<number, { value: Cell; format: string; before: unknown; header: string }>();
  // Log lines are the same wherever the row ends up: they name the video, not the row.
  const logs = () => {
    const history = plan.history ? prepareCodeHistory(env, [plan.history]) : null;
    const notes = (plan.notes ?? []).map((n) => ({
      when: env.nowIso,
      who: env.user,
      videoUrl: plan.after.videoUrl,
      via,
      ...n,
    }));
    const audit = prepareAudit(env, [
      ...auditEntries(plan.before, plan.after, plan.changed, env.user, env.nowIso, via),
      ...notes,
    ]);
    return () => {
      if (history) undos.push(history());
      undos.push(audit());
    };
  };
  let overwritten: GuardedResult['overwritten'] = [];
  try {
    // The status seal (seal.ts) goes with the status, in the same guarded write, so it is on the status's own row.
    const sealed = plan.row === null || plan.changed.includes('status');
    const seals = sealed ? sealWriter(env, data.sheet, data.header) : null;
    const withSeal = (m: Map<number, { value: Cell; format: string; before: unknown; header: string }>) => {
      const col = seals ? seals.column() : -1;
      if (!seals || col < 0) return m;
      m.set(col, {
        value: seals.cell(videoId, String(plan.after.status)),
        format: AUTOMATIC_FORMAT,
        before: previous?.[col] ?? '',
        header: SEAL_HEADER,
      });
      return m;
    };
    const ymdOf = (d: Date) => dateCellToYmd(d, env.offsets());
    if (plan.row === null) {
      cells = withSeal(cellsOf(plan.after, FIELD_KEYS, data, null));
      const placed = appendRecord(data, videoId, plan.after.videoUrl, cells, undos, ymdOf, logs);
      row = placed.row;
      overwritten = placed.overwritten;
    } else {
      cells = withSeal(cellsOf(plan.after, plan.changed, data, previous));
      const written = guardedWrite(
        data.sheet,
        videoCol,
        [{ videoId, cells }],
        new Map([[videoId, plan.row]]),
        (v, col) => data.own(v, col),
        ymdOf,
        { prepare: logs },
      );
      if (written.gone.length) throw new Error('its row was deleted from the Ledger meanwhile');
      row = written.rows.get(videoId) as number;
      undos.push(written.undo);
      overwritten = written.overwritten;
    }
    const notice = overwritten.length ? reportOverwritten(env, data, overwritten, cells, via) : undefined;
    // Pending writes are applied now, inside the undo's reach and before the lock lets the next save read:
    // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet-app#flush()
    SpreadsheetApp.flush();
    return { record: { ...plan.after, row }, ...(notice ? { notice } : {}) };
  } catch (e) {
    const what = plan.after.videoUrl || 'the ledger';
    const reason = (e as Error).message;
    // Undo everything, and count a guarded write that could not take its own cells back as a failed undo.
    if (undoAll(undos) && !cellsLeft(e))
      throw new Error(`The change to ${what} could not be saved (${reason}). Nothing was written; try again.`);
    const recorded = recordJournal(env, {
      when: env.nowIso,
      who: env.user,
      what: `${plan.changed.map(fieldLabel).join(', ') || 'new row'} of ${what}`,
      videoCol,
      cells: plan.row === null ? [] : journalCells(videoId, plan.after.videoUrl, cells),
      ...(plan.row === null ? { newRows: [videoId] } : {}),
      rows: undos.map((u) => u.appended).filter((a): a is Appended => !!a),
    });
    throw new Error(
      recorded
        ? `The change to ${what} could not be saved (${reason}), and Sheets also failed while undoing it. It is put back automatically on the next save in this spreadsheet; try again.`
        : `The change to ${what} could not be saved (${reason}), and Sheets also failed while undoing it: the row may be half written. Check it and the Audit sheet before trying again.`,
    );
  }
}

/**
 * Cells a sort slid under the write (rowGuard.ts): each video's are named in
 * one Audit line per cell, with what was written over them, and in the
 * message the user gets. Rare, so the rows' links are read one by one.
 */
function reportOverwritten(
  env: Env,
  data: LedgerRows,
  cells: GuardedResult['overwritten'],
  wrote: ReadonlyMap<number, { value: Cell; header: string }>,
  via: Via,
): string {
  const seen = new Set<string>();
  const entries: AuditEntry[] = [];
  const byVideo = new Map<string, string[]>();
  for (const c of cells) {
    const key = `${c.videoId}:${c.col}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const url = String(data.sheet.getRange(c.row, (data.cols.index.videoUrl as number) + 1).getValue() ?? '');
    const header = wrote.get(c.col)?.header || String(data.header[c.col] ?? '');
    const value = wrote.get(c.col)?.value;
    entries.push(
      overwrittenEntry(
        url,
        header,
        value === undefined ? '' : String(value).replace(/^'/, ''),
        env.user,
        env.nowIso,
        via,
      ),
    );
    const list = byVideo.get(url) ?? [];
    list.push(header);
    byVideo.set(url, list);
  }
  appendAudit(env, entries);
  const named = [...byVideo].map(([url, headers]) => `${headers.join(', ')} of ${url}`).join('; ');
  return `The Ledger was sorted while this was saved. The change is on the right row, but it first landed on another row and overwrote ${named}, which could not be put back: check ${byVideo.size === 1 ? 'it' : 'them'} (File › Version history shows the earlier values). The Audit sheet lists each cell.`;
}

/**
 * A new row, with appendRow: Sheets puts it after the last row with content
 * as one step (https://developers.google.com/apps-script/reference/spreadsheet/sheet#appendRow(Object)),
 * so a row someone inserts or fills meanwhile is never overwritten, as a
 * row number taken a call earlier could be. Only the video's link goes in
 * that way, as plain text (a link is never reinterpreted, in an automatic
 * cell or an older ledger's '@' one); the row is then found by its video id
 * (a search of the Video URL column) and written like any other (formats
 * first, text quoted). The grid grows first in steps of 500 rows, as
 * appendRow alone would grow it by one.
 */
function appendRecord(
  data: LedgerRows,
  videoId: string,
  videoUrl: string,
  cells: Map<number, { value: Cell; format: string }>,
  undos: Undo[],
  ymdOf: (d: Date) => string,
  prepare: () => () => void,
): { row: number; overwritten: GuardedResult['overwritten'] } {
  const videoCol = data.cols.index.videoUrl as number;
  ensureRows(data.sheet, data.sheet.getLastRow() + 1);
  const line: Cell[] = new Array(videoCol + 1).fill('');
  line[videoCol] = videoUrl;
  data.sheet.appendRow(line);
  undos.push(() => {
    const r = videoRowNow(data.sheet, videoCol, videoId);
    if (r !== null) data.sheet.deleteRow(r);
  });
  const row = videoRowNow(data.sheet, videoCol, videoId);
  if (row === null) throw new Error('its new row was deleted from the Ledger meanwhile');
  // A write that lands on another video's row puts that video's own cells back; the new record had none.
  const written = guardedWrite(
    data.sheet,
    videoCol,
    [{ videoId, cells }],
    new Map([[videoId, row]]),
    (v, col) => (v === videoId ? '' : data.own(v, col)),
    ymdOf,
    { prepare },
  );
  if (written.gone.length) throw new Error('its new row was deleted from the Ledger meanwhile');
  return { row: written.rows.get(videoId) as number, overwritten: written.overwritten };
}

/** The row holding `videoId` now (first one wins): a search of the Video URL column, then a read of each matching cell. */
function videoRowNow(sheet: GoogleAppsScript.Spreadsheet.Sheet, videoCol: number, videoId: string): number | null {
  return (
    searchRow(
      sheet,
      videoCol,
      videoNeedle(videoId),
      false,
      (r) => sheet.getRange(r, videoCol + 1).getValue(),
      (v) => videoIdOf(v) === videoId,
    )?.row ?? null
  );
}

/** The cells a plan writes in its row, with what the plan's read saw there, by column. */
function cellsOf(
  rec: LedgerRecord,
  keys: readonly FieldKey[],
  data: LedgerRows,
  previous: unknown[] | null,
): Map<number, { value: Cell; format: string; before: unknown; header: string }> {
  const out = new Map<number, { value: Cell; format: string; before: unknown; header: string }>();
  const headerOf = new Map<number, string>();
  for (const f of FIELDS) {
    const i = data.cols.index[f.key];
    if (i !== undefined) headerOf.set(i, f.header);
  }
  for (const run of cellRuns(rec, keys, data.cols, true)) {
    run.values.forEach((value, k) => {
      const col = run.start + k;
      out.set(col, {
        value,
        format: run.formats[k],
        before: previous ? (previous[col] ?? '') : '',
        header: headerOf.get(col) ?? '',
      });
    });
  }
  return out;
}

export function requestCode(input: unknown): ActionResult {
  return run(planRequestCode, input);
}

export function recordCode(input: unknown): ActionResult {
  return run(planRecordCode, input);
}

/** A code that arrived from elsewhere (TokPortal), recorded and checked as if typed, audited with its source. */
export function recordCodeVia(input: unknown, via: Via): ActionResult {
  return run(planRecordCode, input, via);
}

export function changeStatus(input: unknown): ActionResult {
  return run(planChangeStatus, input);
}

export function renewCode(input: unknown): ActionResult {
  return run(planRenewCode, input);
}

export function retireCode(input: unknown): ActionResult {
  return run(planRetireCode, input);
}

export function updateRecord(input: unknown): ActionResult {
  return run(planUpdateRecord, input);
}

export function getRecord(videoUrl: unknown): LedgerRecord | null {
  const parsed = parseVideoUrl(String(videoUrl ?? ''));
  if (!parsed) return null;
  const data = openLedger(openEnv());
  const row = data.lookup.rowOfVideoId(parsed.videoId);
  return row === null ? null : data.record(row);
}

export function getFormOptions() {
  const env = openEnv();
  const settings = readSettings(env);
  const ledger = findLedgerSheet(env)?.sheet ?? null;
  return {
    /** Base of the sidebar's links to a row: append `&range=A<row>`. */
    ledgerUrl: ledger ? `${env.ss.getUrl()}#gid=${ledger.getSheetId()}` : '',
    /** The spreadsheet's locale ('' when unknown): the sidebar reads typed numbers in it, as the server does. */
    locale: env.locale,
    clients: settings.clients,
    brands: settings.brands,
    adAccounts: settings.adAccounts,
    /** Which client each ad account and brand belongs to (Settings › Ad account client, Brand client); absent: any client. */
    adAccountClients: settings.adAccountClients,
    brandClients: settings.brandClients,
    owners: settings.owners,
    markets: settings.markets,
    objectives: [...OBJECTIVES],
    statuses: [...STATUSES],
    transitions: TRANSITIONS,
    durations: [...COMMON_WINDOWS],
    retirementReasons: [...RETIREMENT_REASONS],
    renewalDecisions: [...RENEWAL_DECISIONS],
    organicStatuses: [...ORGANIC_STATUSES],
    paidStatuses: [...PAID_STATUSES],
    invoiceStatuses: [...INVOICE_STATUSES],
    preRequestChecks: [...PRE_REQUEST_CHECKS],
    activationChecks: [...ACTIVATION_CHECKS],
    alertHour: settings.alertHour,
  };
}
