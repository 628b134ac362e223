/** Every write holds the document lock, so two browsers cannot interleave rows. */

export class BusyError extends Error {}

export const BUSY_MESSAGE = 'The ledger is busy saving another change. Wait a few seconds and try again; nothing was written.';

export function withDocumentLock<T>(fn: () => T, waitMs = 10000): T {
  const lock = LockService.getDocumentLock();
  // https://developers.google.com/apps-script/reference/lock/lock#tryLock(Integer)
  if (!lock || !lock.tryLock(waitMs)) throw new BusyError(BUSY_MESSAGE);
  try {
    return fn();
  } finally {
    lock.releaseLock();
  }
}
