/** Every write holds the document lock, so two browsers cannot interleave rows. */

export class BusyError extends Error {}

export const BUSY_MESSAGE =
  'The ledger is busy saving another change. Wait a few seconds and try again; nothing was written.';

/**
 * The document lock keeps other executions in this spreadsheet out. Outside a
 * containing document (a time-driven run of an add-on) getDocumentLock
 * returns null (https://developers.google.com/apps-script/reference/lock/lock-service#getDocumentLock());
 * the script lock, which keeps out every execution of the project, is then
 * the one that still excludes a sidebar save in the same ledger.
 */
export function withDocumentLock<T>(fn: () => T, waitMs = 10000): T {
  const lock = LockService.getDocumentLock() ?? LockService.getScriptLock();
  // https://developers.google.com/apps-script/reference/lock/lock#tryLock(Integer)
  if (!lock?.tryLock(waitMs)) throw new BusyError(BUSY_MESSAGE);
  try {
    return fn();
  } finally {
    // Writers that must know their cells landed flush inside their own undo
    // (see applyPlan); this one hands the next holder a flushed sheet.
    // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet-app#flush()
    try {
      SpreadsheetApp.flush();
    } catch (_) {
      // The run's own result stands; Sheets applies pending writes when the script ends.
    }
    // A lock still held when the script ends is released then
    // (https://developers.google.com/apps-script/reference/lock/lock#releaseLock()),
    // so a failure here must not turn a finished save into an error.
    try {
      lock.releaseLock();
    } catch (_) {
      // Released at the end of the execution.
    }
  }
}
