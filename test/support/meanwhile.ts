/**
 * People and the runtime acting between two service calls of a run, through
 * the emulator's meanwhile hook (called before every counted call).
 */
import type { Emulator } from '@spark-ledger/gas-emulator';

/** The service calls `fn` makes, by 'Class.method'. */
export function callsOf(emu: Emulator, fn: () => unknown): string[] {
  const keys: string[] = [];
  emu.meanwhile((key) => {
    keys.push(key);
  });
  try {
    fn();
  } finally {
    emu.meanwhile(null);
  }
  return keys;
}

/** Runs `fn` with `edit` made just before the k-th service call it makes (k from 1). */
export function withEditBefore<T>(emu: Emulator, k: number, edit: () => void, fn: () => T): T {
  let seen = 0;
  emu.meanwhile(() => {
    seen++;
    if (seen === k) edit();
  });
  try {
    return fn();
  } finally {
    emu.meanwhile(null);
  }
}

/**
 * Runs `fn` as an execution that dies at its k-th service call: that call and
 * every later one fail, as when Apps Script stops a script at its time limit,
 * whatever the script catches. Returns whether it died.
 */
export function dyingAt(emu: Emulator, k: number, fn: () => unknown): boolean {
  let seen = 0;
  emu.meanwhile(() => {
    seen++;
    if (seen >= k) throw new Error('Exceeded maximum execution time');
  });
  try {
    fn();
    return false;
  } catch (_) {
    return true;
  } finally {
    emu.meanwhile(null);
  }
}
