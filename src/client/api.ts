/**
 * The one way the sidebar talks to the server: a typed promise around
 * google.script.run. Types come from the server's own exports; `import type`
 * is erased, so no server code reaches the sidebar bundle.
 * https://developers.google.com/apps-script/guides/html/reference/run
 */
import type * as Server from '../server/index';

type Exports = typeof Server;
type FunctionName = {
  [K in keyof Exports]: Exports[K] extends (...args: never[]) => unknown ? K : never;
}[keyof Exports];

/** Server entry points the sidebar may call, with their real signatures. */
export type ServerApi = { [K in FunctionName]: Exports[K] };

interface ScriptRun {
  withSuccessHandler(f: (value: unknown) => void): ScriptRun;
  withFailureHandler(f: (error: unknown) => void): ScriptRun;
  [fn: string]: unknown;
}

declare const google: { script: { run: ScriptRun } };

export function call<K extends FunctionName>(
  name: K,
  ...args: Parameters<ServerApi[K]>
): Promise<ReturnType<ServerApi[K]>> {
  return new Promise((resolve, reject) => {
    if (typeof google === 'undefined' || !google.script || !google.script.run) {
      reject(new Error('This page talks to the spreadsheet only when it is opened from Extensions › Spark Ledger.'));
      return;
    }
    const run = google.script.run
      .withSuccessHandler((value) => resolve(value as ReturnType<ServerApi[K]>))
      .withFailureHandler((error) => reject(new Error(serverMessage(error))));
    (run[name] as (...a: unknown[]) => void)(...args);
  });
}

/**
 * The sentence a person can act on: Apps Script prefixes thrown errors with
 * their type ("Exception: …", "Error: …") and may append a stack.
 */
export function serverMessage(error: unknown): string {
  const raw =
    error && typeof error === 'object' && 'message' in error ? String((error as Error).message) : String(error ?? '');
  const firstPart = raw.split(/\n\s+at\s/)[0];
  const text = firstPart.replace(/^(?:Exception|ScriptError|Error|TypeError|RangeError):\s*/, '').trim();
  return text || 'The spreadsheet did not answer; check your connection and try again.';
}
