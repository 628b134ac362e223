/** Shared state every emulated object can reach. */
import type { CallCounter, Faults, Wrapper } from './calls';
import type { Clock } from './clock';
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
