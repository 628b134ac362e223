/**
 * The sidebar's ledger actions (API.md). Each one: validate with the shared
 * schemas, take the document lock, re-read the ledger, write the row in one
 * batch, audit. Bad input returns every problem and writes nothing.
 */
import {
  ActionContext, Plan, PlanResult, planChangeStatus, planRecordCode, planRenewCode, planRequestCode, planRetireCode, planUpdateRecord,
} from '../core/actions';
import { auditEntries } from '../core/audit';
import { FieldError } from '../core/errors';
import {
  ACTIVATION_CHECKS, COMMON_WINDOWS, FIELDS, FIELD_KEYS, FieldKey, LedgerRecord, fieldLabel, OBJECTIVES, INVOICE_STATUSES, ORGANIC_STATUSES, PAID_STATUSES,
  PRE_REQUEST_CHECKS, RENEWAL_DECISIONS, RETIREMENT_REASONS, STATUSES,
} from '../core/fields';
import { TRANSITIONS } from '../core/lifecycle';
import { Settings } from '../core/settings';
import { Via } from '../core/sheets';
import { parseVideoUrl } from '../core/video';
import { Env, openEnv } from './env';
import { LedgerData, Undo, ensureRows, findLedgerSheet, ledgerSheet, ownCell, readLedger, undoAll } from './ledger';
import { Appended, AppendUndo } from './logs';
import { journalCells, recordJournal, repairPending } from './journal';
import { guardedWrite, videoRows } from './rowGuard';
import { sealWriter } from './seal';
import { SEAL_HEADER } from '../core/seal';
import { AUTOMATIC_FORMAT } from '../core/setupPlan';
import { dateCellToYmd } from '../core/dates';
import { Cell, cellRuns } from '../core/sheetRow';
import { BusyError, withDocumentLock } from './lock';
import { appendAudit, appendCodeHistory } from './logs';
import { readSettings } from './settingsSheet';
import { pastCodeReader } from './retiredCodes';

/** `notice`: an earlier interrupted change was repaired first (see journal.ts). */
export type ActionResult = { ok: true; record: LedgerRecord; notice?: string } | { ok: false; errors: FieldError[]; notice?: string };

type Planner = (input: unknown, ctx: ActionContext, lookup: LedgerData['lookup']) => PlanResult;

function actionContext(env: Env, settings: Settings): ActionContext {
  return { settings, today: env.today, nowIso: env.nowIso, user: env.user, hoursUntil: (d) => env.hoursUntil(d), locale: env.locale };
}

/** Settings are read only by actions that check values against its lists. */
const NEEDS_SETTINGS = new Set<Planner>([planRequestCode, planChangeStatus, planUpdateRecord]);

function run(planner: Planner, input: unknown, via: Via = 'sidebar'): ActionResult {
  const env = openEnv();
  const settings = NEEDS_SETTINGS.has(planner) ? readSettings(env) : ({} as Settings);
  try {
    return withDocumentLock(() => {
      const repaired = repairPending(env, () => ledgerSheet(env));
      const notice = repaired ? { notice: repaired.message } : {};
      const data = readLedger(env);
      // SPEC §8: a code is unique across the Ledger, Code history and Archive (those two read only if a code is asked about).
      const lookup = { ...data.lookup, pastUsesOfCode: pastCodeReader(env) };
      const result = planner(input, actionContext(env, settings), lookup);
      if (!result.ok) return { ok: false as const, errors: result.errors, ...notice };
      const record = applyPlan(env, data, result.plan, via);
      return { ok: true as const, record, ...notice };
    });
  } catch (e) {
    if (e instanceof BusyError) return { ok: false, errors: [{ field: '', message: e.message }] };
    throw e;
  }
}

/**
 * Writes a plan: code history first, then the row, then the audit lines. If
 * any step fails the earlier ones are undone, so a row is never half written
 * and the audit never tells of a change that did not happen. When an undo
 * fails too, what is left is recorded in the repair journal and the next
 * write puts it back (journal.ts); the message says so instead of claiming
 * nothing was written.
 *
 * The row is found again by its video id just before it is written, and
 * looked at again after (rowGuard.ts): people may sort or insert rows at
 * any moment, the lock does not stop them.
 */
export function applyPlan(env: Env, data: LedgerData, plan: Plan, via: Via): LedgerRecord {
  const undos: AppendUndo[] = [];
  const videoId = parseVideoUrl(plan.after.videoUrl)?.videoId ?? '';
  const videoCol = data.cols.index.videoUrl as number;
  let row = plan.row ?? 0;
  let cells = new Map<number, { value: Cell; format: string; before: unknown; header: string }>();
  try {
    if (plan.history) undos.push(appendCodeHistory(env, [plan.history]));
    // The status seal (seal.ts) goes with the status, in the same guarded write, so it is on the status's own row.
    const sealed = plan.row === null || plan.changed.includes('status');
    const seals = sealed ? sealWriter(env, data.sheet, data.values[0] ?? []) : null;
    const withSeal = (m: Map<number, { value: Cell; format: string; before: unknown; header: string }>) => {
      const col = seals ? seals.column() : -1;
      if (!seals || col < 0) return m;
      m.set(col, { value: seals.cell(videoId, String(plan.after.status)), format: AUTOMATIC_FORMAT, before: data.values[(plan.row ?? 0) - 1]?.[col] ?? '', header: SEAL_HEADER });
      return m;
    };
    if (plan.row === null) {
      cells = withSeal(cellsOf(plan.after, FIELD_KEYS, data, null));
      row = appendRecord(env, data, videoId, plan.after.videoUrl, cells, undos);
    } else {
      cells = withSeal(cellsOf(plan.after, plan.changed, data, data.values[plan.row - 1] ?? []));
      const written = guardedWrite(data.sheet, videoCol, [{ videoId, cells }], new Map([[videoId, plan.row]]), (v, col) => ownCell(data, v, col), (d) => dateCellToYmd(d, env.offsets()));
      if (written.gone.length) throw new Error('its row was deleted from the Ledger meanwhile');
      row = written.rows.get(videoId) as number;
      undos.push(written.undo);
    }
    const after = { ...plan.after, row };
    undos.push(appendAudit(env, auditEntries(plan.before, after, plan.changed, env.user, env.nowIso, via)));
    // Pending writes are applied now, inside the undo's reach and before the lock lets the next save read:
    // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet-app#flush()
    SpreadsheetApp.flush();
    return after;
  } catch (e) {
    const what = plan.after.videoUrl || 'the ledger';
    const reason = (e as Error).message;
    if (undoAll(undos)) throw new Error(`The change to ${what} could not be saved (${reason}). Nothing was written; try again.`);
    const recorded = recordJournal(env, {
      when: env.nowIso, who: env.user, what: `${plan.changed.map(fieldLabel).join(', ') || 'new row'} of ${what}`, videoCol,
      cells: plan.row === null ? [] : journalCells(videoId, plan.after.videoUrl, cells),
      ...(plan.row === null ? { newRows: [videoId] } : {}),
      rows: undos.map((u) => u.appended).filter((a): a is Appended => !!a),
    });
    throw new Error(recorded
      ? `The change to ${what} could not be saved (${reason}), and Sheets also failed while undoing it. It is put back automatically on the next save in this spreadsheet; try again.`
      : `The change to ${what} could not be saved (${reason}), and Sheets also failed while undoing it: the row may be half written. Check it and the Audit sheet before trying again.`);
  }
}

/**
 * A new row, with appendRow: Sheets puts it after the last row with content
 * as one step (https://developers.google.com/apps-script/reference/spreadsheet/sheet#appendRow(Object)),
 * so a row someone inserts or fills meanwhile is never overwritten, as a
 * row number taken a call earlier could be. Only the video's link goes in
 * that way, as plain text (a link is never reinterpreted, in an automatic
 * cell or an older ledger's '@' one); the row is then found by its video id
 * and written like any other (formats first, text quoted). The grid grows
 * first in steps of 500 rows, as appendRow alone would grow it by one.
 */
function appendRecord(env: Env, data: LedgerData, videoId: string, videoUrl: string, cells: Map<number, { value: Cell; format: string }>, undos: Undo[]): number {
  const videoCol = data.cols.index.videoUrl as number;
  ensureRows(data.sheet, data.sheet.getLastRow() + 1);
  const line: Cell[] = new Array(videoCol + 1).fill('');
  line[videoCol] = videoUrl;
  data.sheet.appendRow(line);
  undos.push(() => {
    const r = videoRows(data.sheet, videoCol, [videoId]).get(videoId);
    if (r !== undefined) data.sheet.deleteRow(r);
  });
  const row = videoRows(data.sheet, videoCol, [videoId]).get(videoId);
  if (row === undefined) throw new Error('its new row was deleted from the Ledger meanwhile');
  // A write that lands on another video's row puts that video's own cells back; the new record had none.
  const written = guardedWrite(data.sheet, videoCol, [{ videoId, cells }], new Map([[videoId, row]]), (v, col) => (v === videoId ? '' : ownCell(data, v, col)), (d) => dateCellToYmd(d, env.offsets()));
  if (written.gone.length) throw new Error('its new row was deleted from the Ledger meanwhile');
  return written.rows.get(videoId) as number;
}

/** The cells a plan writes in its row, with what the plan's read saw there, by column. */
function cellsOf(rec: LedgerRecord, keys: readonly FieldKey[], data: LedgerData, previous: unknown[] | null): Map<number, { value: Cell; format: string; before: unknown; header: string }> {
  const out = new Map<number, { value: Cell; format: string; before: unknown; header: string }>();
  const headerOf = new Map<number, string>();
  for (const f of FIELDS) {
    const i = data.cols.index[f.key];
    if (i !== undefined) headerOf.set(i, f.header);
  }
  for (const run of cellRuns(rec, keys, data.cols, true)) {
    run.values.forEach((value, k) => {
      const col = run.start + k;
      out.set(col, { value, format: run.formats[k], before: previous ? previous[col] ?? '' : '', header: headerOf.get(col) ?? '' });
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
  const data = readLedger(openEnv());
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
