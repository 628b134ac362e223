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
  ACTIVATION_CHECKS, COMMON_WINDOWS, FIELD_KEYS, LedgerRecord, OBJECTIVES, INVOICE_STATUSES, ORGANIC_STATUSES, PAID_STATUSES,
  PRE_REQUEST_CHECKS, RENEWAL_DECISIONS, RETIREMENT_REASONS, STATUSES,
} from '../core/fields';
import { TRANSITIONS } from '../core/lifecycle';
import { Settings } from '../core/settings';
import { SHEET, Via } from '../core/sheets';
import { parseVideoUrl } from '../core/video';
import { Env, openEnv } from './env';
import { LedgerData, Undo, appendRowNumber, readLedger, undoAll, writeRecordCells } from './ledger';
import { BusyError, withDocumentLock } from './lock';
import { appendAudit, appendCodeHistory } from './logs';
import { readSettings } from './settingsSheet';

export type ActionResult = { ok: true; record: LedgerRecord } | { ok: false; errors: FieldError[] };

type Planner = (input: unknown, ctx: ActionContext, lookup: LedgerData['lookup']) => PlanResult;

function actionContext(env: Env, settings: Settings): ActionContext {
  return { settings, today: env.today, nowIso: env.nowIso, user: env.user, hoursUntil: (d) => env.hoursUntil(d) };
}

/** Settings are read only by actions that check values against its lists. */
const NEEDS_SETTINGS = new Set<Planner>([planRequestCode, planChangeStatus, planUpdateRecord]);

function run(planner: Planner, input: unknown, via: Via = 'sidebar'): ActionResult {
  const env = openEnv();
  const settings = NEEDS_SETTINGS.has(planner) ? readSettings(env) : ({} as Settings);
  try {
    return withDocumentLock(() => {
      const data = readLedger(env);
      const result = planner(input, actionContext(env, settings), data.lookup);
      if (!result.ok) return { ok: false as const, errors: result.errors };
      const record = applyPlan(env, data, result.plan, via);
      return { ok: true as const, record };
    });
  } catch (e) {
    if (e instanceof BusyError) return { ok: false, errors: [{ field: '', message: e.message }] };
    throw e;
  }
}

/**
 * Writes a plan: code history first, then the row, then the audit lines. If
 * any step fails the earlier ones are undone, so a row is never half written
 * and the audit never tells of a change that did not happen.
 */
export function applyPlan(env: Env, data: LedgerData, plan: Plan, via: Via): LedgerRecord {
  const undos: Undo[] = [];
  const row = plan.row ?? appendRowNumber(data);
  const after = { ...plan.after, row };
  try {
    if (plan.history) undos.push(appendCodeHistory(env, [plan.history]));
    const keys = plan.row === null ? FIELD_KEYS : plan.changed;
    undos.push(writeRecordCells(data, row, after, keys));
    undos.push(appendAudit(env, auditEntries(plan.before, after, plan.changed, env.user, env.nowIso, via)));
  } catch (e) {
    undoAll(undos);
    throw new Error(`The change to ${after.videoUrl || 'the ledger'} could not be saved (${(e as Error).message}). Nothing was written; try again.`);
  }
  return after;
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
  const ledger = env.ss.getSheetByName(SHEET.ledger);
  return {
    /** Base of the sidebar's links to a row: append `&range=A<row>`. */
    ledgerUrl: ledger ? `${env.ss.getUrl()}#gid=${ledger.getSheetId()}` : '',
    clients: settings.clients,
    brands: settings.brands,
    adAccounts: settings.adAccounts,
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
