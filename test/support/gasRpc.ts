/**
 * The server half of the google.script.run stand-in used by the browser tests
 * and the local preview. Each call is a fresh execution, as in Apps Script:
 * the bundle is evaluated again, then the named top-level function runs.
 * https://developers.google.com/apps-script/guides/html/reference/run
 */
import type { Emulator } from '@spark-ledger/gas-emulator';
import { loadAddon } from './addon';

export type RpcReply = { ok: true; value: unknown } | { ok: false; error: { name: string; message: string } };

/**
 * "Requests fail if you attempt to pass a Date, Function, DOM element besides
 * a form, or other prohibited type, including prohibited types inside objects
 * or arrays. Objects that create circular references will also fail, and
 * undefined fields within arrays become null."
 * https://developers.google.com/apps-script/guides/html/communication#parameters_and_return_values
 */
export function illegalValue(v: unknown, seen: Set<unknown> = new Set()): string | null {
  if (v === null || v === undefined) return null;
  const t = typeof v;
  if (t === 'string' || t === 'number' || t === 'boolean') return null;
  if (t === 'function') return 'a function';
  if (Object.prototype.toString.call(v) === '[object Date]') return 'a Date';
  if (t !== 'object') return `a ${t}`;
  if (seen.has(v)) return 'a circular reference';
  seen.add(v);
  for (const x of Array.isArray(v) ? v : Object.values(v as object)) {
    const bad = illegalValue(x, seen);
    if (bad) return bad;
  }
  seen.delete(v);
  return null;
}

/** Copies a value the way it crosses the wire: undefined in arrays becomes null. */
function overTheWire(v: unknown): unknown {
  return v === undefined ? null : JSON.parse(JSON.stringify(v, (_k, x) => (x === undefined ? null : x)));
}

export function callServerFunction(emu: Emulator, fn: string, args: unknown[]): RpcReply {
  const badArg = illegalValue(args);
  if (badArg)
    return { ok: false, error: { name: 'Error', message: `Failed due to illegal value in argument: ${badArg}.` } };
  const addon = loadAddon(emu);
  const target = addon[fn];
  if (typeof target !== 'function' || fn.endsWith('_')) {
    // Private functions (trailing underscore) cannot be called from the client.
    return { ok: false, error: { name: 'TypeError', message: `Script function not found: ${fn}` } };
  }
  try {
    const value = target(...(overTheWire(args) as unknown[]));
    const badReturn = illegalValue(value);
    // A Date or function in a return value makes the call fail on the client.
    if (badReturn)
      return {
        ok: false,
        error: { name: 'Error', message: `Server function ${fn} returned an illegal value: ${badReturn}.` },
      };
    return { ok: true, value: overTheWire(value) };
  } catch (e) {
    const err = e as Error;
    return { ok: false, error: { name: err.name || 'Error', message: err.message || String(e) } };
  }
}
