/**
 * validateLedger(): one read of the Ledger, problems computed in core, and
 * the cells that need attention painted in one setBackgrounds over the block
 * of ledger columns; the add-on's earlier marks on fixed cells are cleared in
 * the same call. Only the add-on's own highlight colour is ever removed: the
 * agency's backgrounds stay, except on a cell that needs attention.
 */
import { daysBetween } from '../core/dates';
import { MENU_TITLE } from '../core/menu';
import { RowProblem, highlightGrid, ledgerProblems, problemSummary } from '../core/validateLedger';
import { Env, openEnv } from './env';
import { isLedgerProblem, readLedger } from './ledger';
import { BusyError, withDocumentLock } from './lock';
import { readSettings } from './settingsSheet';

export interface ValidateResult {
  checked: number;
  problems: RowProblem[];
}

/**
 * Hours to an expiry date. Only dates within a few days matter to the
 * 72-hour rule, so farther ones skip the time-zone lookup (a service call).
 */
function hoursUntil(env: Env): (ymd: string) => number {
  return (ymd) => {
    const days = daysBetween(env.today, ymd);
    return Math.abs(days) > 5 ? days * 24 : env.hoursUntil(ymd);
  };
}

export function validateLedger(): ValidateResult {
  const env = openEnv();
  const settings = readSettings(env);
  return withDocumentLock(() => {
    const data = readLedger(env);
    const records = data.dataRows().map((r) => data.record(r));
    const { checked, problems } = ledgerProblems(records, { hoursUntil: hoursUntil(env), settings });
    const ledgerCols = (Object.values(data.cols.index) as number[]).map((i) => i + 1);
    const lastRow = Math.max(data.values.length, ...problems.map((p) => p.row));
    if (lastRow >= 2 && ledgerCols.length) {
      const firstCol = Math.min(...ledgerCols);
      const width = Math.max(...ledgerCols) - firstCol + 1;
      const block = data.sheet.getRange(2, firstCol, lastRow - 1, width);
      const grid = highlightGrid(block.getBackgrounds(), 2, firstCol, data.cols, problems);
      block.setBackgrounds(grid);
    }
    return { checked, problems };
  });
}

/** Menu item: runs the check and tells the person what it found. */
export function menuValidateLedger(): void {
  const ui = SpreadsheetApp.getUi();
  try {
    const r = validateLedger();
    ui.alert(`${MENU_TITLE} · Validate ledger`, problemSummary(r.checked, r.problems), ui.ButtonSet.OK);
  } catch (e) {
    // A busy ledger, or a Ledger the add-on cannot read (a header renamed, missing or repeated): say so and how to repair it.
    if (e instanceof BusyError || isLedgerProblem(e)) ui.alert(MENU_TITLE, (e as Error).message, ui.ButtonSet.OK);
    else throw e;
  }
}
