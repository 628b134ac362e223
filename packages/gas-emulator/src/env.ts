/** Shared state every emulated object can reach. */
import type { CallCounter, Faults, Wrapper } from './calls';
import type { Clock } from './clock';
import type { Execution, RuntimeRules } from './execution';
import type { FakeSpreadsheet } from './spreadsheet';
import type { UiState } from './ui';

export interface Env {
  clock: Clock;
  DateClass: DateConstructor;
  calls: CallCounter;
  faults: Faults;
  wrapper: Wrapper;
  user: string;
  scriptTimeZone: string;
  spreadsheets: Map<string, FakeSpreadsheet>;
  bound: FakeSpreadsheet | null;
  ui: UiState;
  logs: string[];
  seq: Record<string, number>;
  ErrorClass: ErrorConstructor;
  /** The user's language for service error messages ('en', 'pt', ...). */
  locale: string;
  /** The execution in progress (null: calls made outside one run as a FULL editor run). */
  exec: Execution | null;
  rules: RuntimeRules;
  /** Calls refused for a scope the manifest lacks, and manifest scopes some call relied on. */
  scopeMisses: Set<string>;
  scopesUsed: Set<string>;
}

/** The user whose authority the script runs under (a trigger's owner in a trigger run). */
export function effectiveUser(env: Env): string {
  return env.exec ? env.exec.effectiveUser : env.user;
}

/** The document the script is running in, or null (a time-driven run of an add-on). */
export function activeDocument(env: Env): FakeSpreadsheet | null {
  return env.exec ? env.exec.active : env.bound;
}

export function nextSeq(env: Env, kind: string): number {
  env.seq[kind] = (env.seq[kind] ?? 0) + 1;
  return env.seq[kind];
}

/** Google's services throw errors named "Exception" in the V8 runtime. */
export function gasError(env: Env, message: string): Error {
  const e = new env.ErrorClass(message);
  try {
    e.name = 'Exception';
  } catch {
    /* frozen */
  }
  return e;
}

export function newDate(env: Env, ms: number): Date {
  return new env.DateClass(ms);
}
