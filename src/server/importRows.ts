/**
 * importRows(csvText): every line checked like a sidebar request, the
 * accepted ones written below the ledger in one setValues (after one
 * setNumberFormats) per run of adjacent ledger columns (one in the default layout, whatever the row count), then one
 * audit append. If a write fails, what was written is undone and nothing is
 * imported.
 */
import { ActionContext } from '../core/actions';
import { auditEntries } from '../core/audit';
import { FIELDS, FieldDef, FieldKey, LedgerRecord } from '../core/fields';
import { ImportRejection, planImport } from '../core/importRows';
import { numberFormatFor } from '../core/setupPlan';
import { AuditEntry } from '../core/sheets';
import { Cell, valueToCell } from '../core/sheetRow';
import { openEnv } from './env';
import { LedgerData, Undo, appendRowNumber, readLedger, undoAll } from './ledger';
import { BusyError, withDocumentLock } from './lock';
import { appendAudit } from './logs';
import { readSettings } from './settingsSheet';

export interface ImportResult {
  /** How many lines were written to the ledger. */
  accepted: number;
  rejected: ImportRejection[];
  /** Ledger rows the accepted lines went to (first and last), when any. */
  rows: { first: number; last: number } | null;
  /** CSV headers that are not ledger columns; their cells were not imported. */
  ignoredColumns: string[];
  /** True when nothing was written because only a check was asked for. */
  dryRun: boolean;
  /** A sentence for the person who imported. */
  message: string;
}

function summary(accepted: number, rejected: ImportRejection[], dryRun: boolean): string {
  const verb = dryRun ? 'can be imported' : 'imported';
  const head = `${accepted} ${accepted === 1 ? 'row' : 'rows'} ${verb}`;
  if (rejected.length === 0) return `${head}.`;
  const whole = rejected.find((r) => r.line <= 1 && r.errors.some((e) => e.field === ''));
  if (whole && accepted === 0 && rejected.length === 1) return whole.errors[0].message;
  return `${head}; ${rejected.length} ${rejected.length === 1 ? 'line was' : 'lines were'} refused (see each line's reasons). Nothing from a refused line was written.`;
}

export function importRows(csvText: unknown, options?: { dryRun?: boolean }): ImportResult {
  const dryRun = !!(options && options.dryRun);
  const env = openEnv();
  const settings = readSettings(env);
  try {
    return withDocumentLock(() => {
      const data = readLedger(env);
      const ctx: ActionContext = { settings, today: env.today, nowIso: env.nowIso, user: env.user, hoursUntil: (d) => env.hoursUntil(d) };
      const plan = planImport(csvText, ctx, data.lookup);
      const base = { rejected: plan.rejected, ignoredColumns: plan.ignoredColumns, dryRun };
      if (plan.accepted.length === 0 || dryRun) {
        return { ...base, accepted: plan.accepted.length, rows: null, message: summary(plan.accepted.length, plan.rejected, dryRun) };
      }
      const first = appendRowNumber(data);
      const records = plan.accepted.map((a, i) => ({ ...a.record, row: first + i }) as LedgerRecord);
      const audit: AuditEntry[] = [];
      plan.accepted.forEach((a, i) => audit.push(...auditEntries(null, records[i], a.changed, env.user, env.nowIso, 'import')));
      const undos: Undo[] = [];
      try {
        undos.push(writeBlock(data, first, records));
        undos.push(appendAudit(env, audit));
      } catch (e) {
        undoAll(undos);
        throw new Error(`The import could not be saved (${(e as Error).message}). Nothing was imported; try again.`);
      }
      const last = first + records.length - 1;
      return { ...base, accepted: records.length, rows: { first, last }, message: summary(records.length, plan.rejected, false) };
    });
  } catch (e) {
    if (e instanceof BusyError) {
      return { accepted: 0, rejected: [{ line: 0, errors: [{ field: '', message: e.message }] }], rows: null, ignoredColumns: [], dryRun, message: e.message };
    }
    throw e;
  }
}

/**
 * Writes new rows from `first` on: one setValues per run of adjacent ledger
 * columns, so the agency's own columns in between are never written.
 */
function writeBlock(data: LedgerData, first: number, records: readonly LedgerRecord[]): Undo {
  const sheet = data.sheet;
  const cols = data.cols;
  const positions = FIELDS.map((f) => ({ def: f as FieldDef, i: cols.index[f.key as FieldKey] }))
    .filter((p): p is { def: FieldDef; i: number } => p.i !== undefined)
    .sort((a, b) => a.i - b.i);
  const runs: { start: number; defs: FieldDef[] }[] = [];
  for (const p of positions) {
    const last = runs[runs.length - 1];
    if (last && last.start + last.defs.length === p.i) last.defs.push(p.def);
    else runs.push({ start: p.i, defs: [p.def] });
  }
  const lastRow = first + records.length - 1;
  if (lastRow > sheet.getMaxRows()) sheet.insertRowsAfter(sheet.getMaxRows(), Math.max(lastRow - sheet.getMaxRows(), 100));
  const undos: Undo[] = [];
  try {
    for (const run of runs) {
      const block: Cell[][] = records.map((rec) => run.defs.map((def) => valueToCell(def, rec[def.key as FieldKey])));
      const formats = run.defs.map((def) => numberFormatFor(def));
      const range = sheet.getRange(first, run.start + 1, records.length, run.defs.length);
      // Formats first: text columns become automatic (older ledgers had '@') before their quoted text lands.
      range.setNumberFormats(records.map(() => formats)).setValues(block);
      undos.push(() => range.clearContent());
    }
  } catch (e) {
    undoAll(undos);
    throw e;
  }
  return () => undoAll(undos);
}
